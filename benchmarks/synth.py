"""Synthetic report inputs for the benchmark: the January sample with a generated delivery plan.

The report workbook is the January sample's own ``report.xlsx`` (Details, Text, the text
appendix and its pictures), with the delivery-plan appendix pointed at a generated workbook of
N activities. Cell text is a word-level Markov chain over the sample workbooks' own words, so
word lengths, punctuation and "£"/"%" figures look like officers' text; a fixed seed makes the
inputs identical on every run.
"""

from __future__ import annotations

import random
import shutil
from collections import defaultdict
from pathlib import Path

import openpyxl

from reportgen import model
from reportgen.inputs.schema import INSTRUCTIONS_SHEET, LISTS_SHEET

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "cabinet-2013-01-17-partnership-update"
SEED_PLAN = "community-safety-delivery-plan-2013.xlsx"
PLAN_FILE = "delivery-plan.xlsx"
ACTIVITY_HEADER = ["Outcome"] + [title for title, _ in model.ACTIVITY_COLUMNS]
SEED = 20130117
#: Words per activity cell, as the brief asks (the seed's cells run from 1 to 125 words).
CELL_WORDS = (20, 80)


def _seed_words() -> list[str]:
    """The words officers typed in the January sample: its text sheets' ``Text`` column and
    its delivery plan's cells (no headers, styles or ``[[references]]``), in reading order."""
    cells: list[str] = []
    book = openpyxl.load_workbook(SAMPLE / "report.xlsx", read_only=True)
    for sheet in book.worksheets:
        rows = sheet.iter_rows(values_only=True)
        header = [str(v or "").strip().casefold() for v in next(rows, ())]
        if "style" in header and "text" in header:
            cells.extend(str(row[header.index("text")] or "") for row in rows)
    book.close()
    book = openpyxl.load_workbook(SAMPLE / SEED_PLAN, read_only=True)
    for sheet in book.worksheets:
        if sheet.title in (INSTRUCTIONS_SHEET, LISTS_SHEET):
            continue  # reportgen's words for officers, not officers' words
        for row in sheet.iter_rows(min_row=2, values_only=True):
            cells.extend(v for v in row if isinstance(v, str) and v.casefold() != "title")
    book.close()
    return [w for cell in cells for w in cell.replace("•", " ").split() if "[[" not in w]


class Words:
    """Text in the sample's vocabulary: a bigram chain that restarts at a capitalised word."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        words = _seed_words()
        self.next: dict[str, list[str]] = defaultdict(list)
        for a, b in zip(words, words[1:], strict=False):
            self.next[a].append(b)
        self.starts = sorted({w for w in words if w[:1].isupper() and w in self.next})

    def words(self, n: int) -> list[str]:
        out = [self.rng.choice(self.starts)]
        while len(out) < n:
            followers = self.next.get(out[-1])
            out.append(self.rng.choice(followers) if followers else self.rng.choice(self.starts))
        return out

    def sentence(self, n: int) -> str:
        text = " ".join(self.words(n))
        return text if text[-1] in ".;:" else text + "."

    def cell(self, lo: int, hi: int) -> str:
        """One cell of lo..hi words: plain (50%), a heading line plus lines (20%), or a heading
        line and "•" bullets (30%), the shapes the seed's cells have."""
        n = self.rng.randint(lo, hi)
        words = self.words(n)
        shape = self.rng.random()
        if shape < 0.5 or n < 12:
            return " ".join(words)
        cuts = sorted(self.rng.sample(range(3, n - 2), self.rng.randint(2, min(5, (n - 3) // 4))))
        parts = [" ".join(words[a:b]) for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
        if shape < 0.7:
            return "\n".join(parts)
        return parts[0] + "\n" + "\n".join("• " + p for p in parts[1:])


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` as ``parts`` positive counts, uneven as real plans are."""
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def write_plan(path: Path, activities: int, rng: random.Random) -> int:
    """A delivery-plan workbook with 3-10 outcomes and ``activities`` rows; returns outcomes."""
    text = Words(rng)
    outcomes = rng.randint(3, min(10, activities))
    book = openpyxl.Workbook()
    plan = book.active
    assert plan is not None
    plan.title = "Plan"
    plan.append(["Field", "Value"])
    plan.append(["Title", f"Synthetic Delivery Plan: {activities} activities, {outcomes} outcomes"])
    sheet = book.create_sheet("Outcomes")
    sheet.append(["Outcome", "Title", "Baseline", "Target"])
    for number in range(1, outcomes + 1):
        for line in range(rng.randint(1, 3)):
            title = text.sentence(rng.randint(3, 7)).rstrip(".;:") if line == 0 else None
            sheet.append([number, title, text.sentence(rng.randint(10, 35)),
                          text.sentence(rng.randint(8, 25))])
    sheet = book.create_sheet("Activities")
    sheet.append(ACTIVITY_HEADER)
    for number, count in enumerate(_split(rng, activities, outcomes), start=1):
        for _ in range(count):
            sheet.append([number] + [text.cell(*CELL_WORDS) for _ in model.ACTIVITY_COLUMNS])
    book.save(path)
    return outcomes


def make_report(folder: Path, activities: int, seed: int | None = None,
                details: dict[str, object] | None = None) -> dict[str, int]:
    """``folder`` as a report folder: the January sample whose delivery plan has N activities.

    ``seed`` (default ``SEED + activities``) decides the plan's text; ``details`` replaces
    fields of the Details sheet ({"Title": ..., "Agenda item": ...}), so that the reports of
    a synthetic meeting differ on every page. Returns facts about the generated inputs
    (outcomes, words in the activity table).
    """
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for picture in SAMPLE.glob("*.png"):
        shutil.copy2(picture, folder / picture.name)
    rng = random.Random(SEED + activities if seed is None else seed)
    outcomes = write_plan(folder / PLAN_FILE, activities, rng)
    book = openpyxl.load_workbook(SAMPLE / "report.xlsx")
    for row in book["Details"].iter_rows(min_row=2):
        field = str(row[0].value or "")
        if details and field in details:
            row[1].value = details[field]
    appendices = book["Appendices"]
    header = [c.value for c in appendices[1]]
    kind, source = header.index("Kind") + 1, header.index("Source") + 1
    pointed = 0
    for row in range(2, appendices.max_row + 1):
        if str(appendices.cell(row, kind).value or "").casefold() == "delivery plan":
            appendices.cell(row, source).value = PLAN_FILE
            pointed += 1
    assert pointed == 1, "the January sample should have exactly one delivery-plan appendix"
    book.save(folder / "report.xlsx")
    plan = openpyxl.load_workbook(folder / PLAN_FILE, read_only=True)
    words = sum(len(str(v).split()) for row in plan["Activities"].iter_rows(min_row=2,
                                                                            values_only=True)
                for v in row[1:] if v)
    plan.close()
    return {"activities": activities, "outcomes": outcomes, "activity_words": words}


def edit_one_cell(folder: Path, activity: int, column: int = 2) -> tuple[str, str]:
    """The Head of Policy's usual correction: one activity cell of the plan workbook changed
    (a word added at its end), saved as Excel would. ``activity`` counts from 0; ``column`` is
    the sheet's column (2: Objective, the first after Outcome). Returns the cell's old and new
    text."""
    path = folder / PLAN_FILE
    book = openpyxl.load_workbook(path)
    cell = book["Activities"].cell(2 + activity, column)
    old = str(cell.value)
    cell.value = old.rstrip(".") + " (revised)."
    book.save(path)
    return old, str(cell.value)
