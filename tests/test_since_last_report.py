"""What changed since the last report (issue 26): the April 2013 sample against January's, both
files, the comparison's rules on generated pairs of plans, every problem at its cell, and
``reportgen changes``.

Expectations are worked out here from the workbooks themselves (openpyxl), not from reportgen's
model: the summary and the directions printed must follow from what the officers typed.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import (
    APRIL,
    DETAILS,
    INPUTS,
    JANUARY,
    examples,
    make_workbook,
    pdf_text,
    report_sheets,
)
from oracles import libreoffice_pdfs, page_texts
from reportgen import api, model
from reportgen.cli import main
from reportgen.errors import InputError

PLAN = "community-safety-delivery-plan-2013.xlsx"
STATUSES = ["Completed", "On target", "Some delay", "Significant delay"]  # best to worst
ARROWS = {"Improved": "\u2191", "No change": "\u2192", "Worse": "\u2193", "New": "",
          "Completed": "\u2191"}
SUMMARY = re.compile(r"^(?:\u2022\s*)?(Completed|On target|Some delay|Significant delay): "
                     r"(\d+)(?: of (\d+) \((\d+)%\))?(?:, (\d+)(?: of (\d+))? last time)?$")


# -- what the workbooks say ----------------------------------------------------------------------
def plan_rows(folder: str) -> list[dict[str, object]]:
    """The activity rows of a sample's plan, by column heading, straight from the workbook."""
    ws = openpyxl.load_workbook(INPUTS / folder / PLAN, read_only=True)["Activities"]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:] if row[0] is not None]


def expected_direction(before: str | None, now: str) -> str:
    if before is None:
        return "New"
    if now == "Completed" and before != "Completed":
        return "Completed"
    old, new = STATUSES.index(before), STATUSES.index(now)
    return "Improved" if new < old else "Worse" if new > old else "No change"


def expected_changes() -> dict[str, set[str]]:
    """The Refs under each kind of change, from January's and April's workbooks."""
    then = {str(r["Ref"]): r for r in plan_rows(JANUARY)}
    now = {str(r["Ref"]): r for r in plan_rows(APRIL)}
    found: dict[str, set[str]] = collections.defaultdict(set)
    for ref, row in now.items():
        old = then.get(ref)
        way = expected_direction(old and str(old["Status"]), str(row["Status"]))
        if way != "No change":
            found[way].add(ref)
        dates = (old and old["Target date"], row["Target date"])
        if all(isinstance(d, dt.datetime) for d in dates) and dates[0] != dates[1]:
            found["Redated"].add(ref)
    found["Removed"] = set(then) - set(now)
    return dict(found)


def expected_summary(folder: str, before: str | None) -> dict[str, tuple[int, ...]]:
    """Per status: (count, of, percent[, count last time[, of last time]])."""
    def tally(name: str) -> tuple[collections.Counter[str], int]:
        counts = collections.Counter(str(r["Status"]) for r in plan_rows(name))
        return counts, sum(counts.values()) - counts["Completed"]
    now, going = tally(folder)
    out: dict[str, tuple[int, ...]] = {"Completed": (now["Completed"],)}
    if before:
        then, going_then = tally(before)
        out["Completed"] += (then["Completed"],)
    for status in STATUSES[1:]:
        out[status] = (now[status], going, int(100 * now[status] / going + 0.5))
        if before:
            out[status] += (then[status], going_then)
    return out


def printed_summary(text: str) -> dict[str, tuple[int, ...]]:
    lines = [" ".join(line.replace("\u00a0", " ").split()) for line in text.splitlines()]
    found = {}
    for line in lines:
        match = SUMMARY.match(line)
        if match and match[1] not in found:
            found[match[1]] = tuple(int(g) for g in match.groups()[1:] if g is not None)
    return found


@pytest.fixture(scope="module")
def files(built: Callable[[str], api.Built], tmp_path_factory: pytest.TempPathFactory
          ) -> dict[str, tuple[api.Built, Path]]:
    """April's and January's files, with LibreOffice's PDF of each DOCX."""
    made = {name: built(name) for name in (APRIL, JANUARY)}
    lo = libreoffice_pdfs(tmp_path_factory.mktemp("lo-changes"),
                          *(b.docx for b in made.values()))
    return {name: (b, pdf) for (name, b), pdf in zip(made.items(), lo, strict=True)}


# -- the samples, in both files ------------------------------------------------------------------
@pytest.mark.parametrize(("name", "before"), [(APRIL, JANUARY), (JANUARY, None)])
def test_the_summary_is_the_table_in_both_files(files, name: str, before: str | None) -> None:
    built, lo = files[name]
    expected = expected_summary(name, before)
    for pdf in (built.pdf, lo):  # reportgen's PDF, and the DOCX as LibreOffice lays it out
        printed = printed_summary(pdf_text(pdf))
        assert printed == expected, pdf
        # the counts add up to the activities: completed apart, the rest out of those going on
        assert printed["Completed"][0] + sum(printed[s][0] for s in STATUSES[1:]) == len(
            plan_rows(name))
        assert {printed[s][1] for s in STATUSES[1:]} == {len(plan_rows(name))
                                                          - printed["Completed"][0]}
    assert ("On target: 6 of 9 (67%), 6 of 10 last time" in pdf_text(built.pdf)) == (
        name == APRIL)


def test_each_direction_follows_from_the_two_workbooks(files) -> None:
    then = {str(r["Ref"]): str(r["Status"]) for r in plan_rows(JANUARY)}
    expected = {str(r["Ref"]): expected_direction(then.get(str(r["Ref"])), str(r["Status"]))
                for r in plan_rows(APRIL)}
    document = docx.Document(str(files[APRIL][0].docx))
    printed = {}
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[0] == "Ref":
            assert header[-2:] == ["Status", "Since last report"]
            for row in table.rows[1:]:
                cells = [c.text for c in row.cells]
                printed[cells[0]] = cells[-1]
    assert printed == {ref: f"{way}\u00a0{ARROWS[way]}" if ARROWS[way] else way
                       for ref, way in expected.items()}
    assert set(expected.values()) == set(ARROWS)  # the sample has a direction of every kind


HEADINGS = {"New activities": "New", "Completed since the last report": "Completed",
            "Activities removed since the last report, with their last status": "Removed",
            "Worse than at the last report": "Worse", "Improved since the last report":
            "Improved", "Target dates moved": "Redated"}


def listed_changes(text: str) -> dict[str, set[str]]:
    """The Refs listed under each heading of the list of changes."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    start, end = lines.index("Changes since the last report"), lines.index("Key")
    found: dict[str, set[str]] = {}
    kind = ""
    for line in lines[start + 1:end]:
        if line in HEADINGS:
            kind = HEADINGS[line]
            found[kind] = set()
        elif line.startswith("\u2022"):
            found[kind].add(line.split()[1])
    return found


def test_the_list_of_changes_follows_from_the_two_workbooks(files) -> None:
    built, lo = files[APRIL]
    expected = expected_changes()
    assert set(expected) == set(HEADINGS.values())  # a change of every kind
    assert listed_changes(pdf_text(built.pdf)) == expected
    assert listed_changes(pdf_text(lo)) == expected
    text = " ".join(pdf_text(built.pdf).split())
    assert "1.1 Vulnerable People’s Champion" in text
    assert "moved from 31 March 2013 to 30 June 2013" in text
    assert "last status Significant delay" in text


def test_the_docx_and_pdf_have_the_same_pages(files) -> None:

    built, lo = files[APRIL]
    ours, theirs = page_texts(built.pdf), page_texts(lo)
    assert len(ours) == len(theirs)
    assert [p[0] for p in ours] == [p[0] for p in theirs]


def test_the_april_pdf_is_pdfua1(files) -> None:
    import page

    report = page.validate_pdf(files[APRIL][0].pdf, profile=page.ValidationProfile.PDF_UA_1)
    assert [(f.rule_id, f.message) for f in report.failures] == []
    assert report.is_compliant


# -- reportgen changes ---------------------------------------------------------------------------
def test_changes_lists_each_change_at_its_cell_in_plan_order_the_same_every_time() -> None:
    runs = [CliRunner().invoke(main, ["changes", str(INPUTS / APRIL)]) for _ in range(2)]
    assert runs[0].exit_code == 0 and runs[0].output == runs[1].output
    here = f"{PLAN} (named by {APRIL}/report.xlsx), sheet Activities, cell"
    there = f"{JANUARY}/{PLAN}, sheet Activities, cell"
    starts = [line.split(": ", 2)[:2] for line in runs[0].output.splitlines()]
    assert starts == [
        [f"{here} M2", "1.1 Target date moved (31 March 2013 to 30 June 2013)"],
        [f"{here} L3", "1.2 Improved ↑ (Some delay to On target)"],
        [f"{here} L4", "1.3 Worse ↓ (On target to Some delay)"],
        [f"{here} L5", "1.4 Completed ↑ (On target to Completed)"],
        [f"{here} L7", "3.1 Worse ↓ (On target to Significant delay)"],
        [f"{here} L11", "3.5 Improved ↑ (Some delay to On target)"],
        [f"{here} K12", "3.6 New (On target)"],
        [f"{there} K6", "1.5 Removed (Significant delay)"]]
    result = CliRunner().invoke(main, ["changes", "--csv", str(INPUTS / APRIL)])
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["Workbook", "Sheet", "Cell", "Ref", "Change", "Before", "Now", "Activity"]
    assert [r[2:7] for r in rows[1:3]] == [
        ["M2", "1.1", "Target date moved", "31 March 2013", "30 June 2013"],
        ["L3", "1.2", "Improved ↑", "Some delay", "On target"]]


# -- the comparison's rules, on generated pairs of plans -----------------------------------------
REFS = [f"{o}.{n}" for o in (1, 2, 3) for n in range(1, 5)]
DATES = [None, dt.date(2014, 3, 31), dt.date(2014, 6, 30)]


@st.composite
def plans(draw: st.DrawFn) -> model.DeliveryPlan:
    refs = draw(st.lists(st.sampled_from(REFS), unique=True, max_size=len(REFS)))
    plan = model.DeliveryPlan("", [model.Outcome("1", "An outcome")], workbook="plan.xlsx",
                              has_refs=True, has_statuses=True)
    for ref in refs:
        words = draw(st.text("abc ", max_size=12))
        activity = model.Activity(*(words,) * 9, ref=ref, status=draw(st.sampled_from(
            ["", *STATUSES])), target_date=draw(st.sampled_from(DATES)),
            cells={"Ref": f"K{len(plan.activities) + 2}", "Status": "L2", "Target date": "M2"})
        plan.outcomes[0].activities.append(activity)
    return plan


def _compare(now: model.DeliveryPlan, before: model.DeliveryPlan) -> model.Comparison:
    from reportgen import compare  # here, so the tests above run (and fail) on older code

    return compare.compare(now, before, "Cabinet", dt.date(2014, 1, 16))


RANK = {s: i for i, s in enumerate(STATUSES)} | {"": len(STATUSES)}


@settings(max_examples=examples(300), deadline=None)
@given(plans(), plans())
def test_the_comparison_rules(now: model.DeliveryPlan, before: model.DeliveryPlan) -> None:
    if not before.activities:
        before.outcomes[0].activities.append(model.Activity(*("x",) * 9, ref="9.9"))
    result = _compare(now, before)
    then = {a.ref: a for a in before.activities}
    assert set(result.directions) == {a.ref for a in now.activities}
    for activity in now.activities:
        old = then.get(activity.ref)
        way = result.directions[activity.ref]
        if old is None:
            assert way == "new"
        elif activity.status == "Completed":
            assert way == ("no change" if old.status == "Completed" else "completed")
        else:
            assert way == ("improved" if RANK[activity.status] < RANK[old.status] else
                           "worse" if RANK[activity.status] > RANK[old.status] else "no change")
    kinds = [c.kind for c in result.changes]
    removed = [c.ref for c in result.changes if c.kind == "removed"]
    assert removed == [a.ref for a in before.activities if a.ref not in result.directions]
    assert kinds[len(kinds) - len(removed):] == ["removed"] * len(removed)  # after the rest
    order = [a.ref for a in now.activities]
    current = [order.index(c.ref) for c in result.changes if c.kind != "removed"]
    assert current == sorted(current)  # in plan order
    redated = {c.ref for c in result.changes if c.kind == "redated"}
    assert redated == {a.ref for a in now.activities if a.ref in then and a.target_date
                       and then[a.ref].target_date
                       and a.target_date != then[a.ref].target_date}
    assert sum(result.counts.values()) == len(now.activities)
    assert sum(result.counts_before.values()) == len(before.activities)
    assert _compare(now, before) == result  # the same every time


@settings(max_examples=examples(200), deadline=None)
@given(plans(), plans(), st.text("xyz ", min_size=1, max_size=20))
def test_a_reworded_activity_that_keeps_its_ref_is_the_same_activity(
        now: model.DeliveryPlan, before: model.DeliveryPlan, words: str) -> None:
    if not before.activities:
        return
    first = _compare(now, before)
    for activity in now.activities:
        activity.activity = activity.objective = words
    again = _compare(now, before)
    assert again.directions == first.directions
    assert [(c.kind, c.ref, c.cell) for c in again.changes] == [
        (c.kind, c.ref, c.cell) for c in first.changes]


@settings(max_examples=examples(200), deadline=None)
@given(plans(), plans())
def test_the_summary_counts_add_up(now: model.DeliveryPlan, before: model.DeliveryPlan) -> None:
    from reportgen import summary
    from reportgen.words import WORDS

    if not before.activities:
        return
    now.comparison = _compare(now, before)
    lines = summary.count_lines(now, WORDS)
    parsed = [SUMMARY.match(line) or re.match(r"(No status given): (\d+)(?: of (\d+))?",
                                              line) for line in lines]
    assert all(parsed)
    assert sum(int(m[2]) for m in parsed if m) == len(now.activities)


# -- problems, each at its cell, all in one run --------------------------------------------------
def progress_plan(rows: list[tuple[object, ...]]) -> dict[str, list[tuple[object, ...]]]:
    """A plan workbook whose activities are (Ref, Status, Target date) rows."""
    from reportgen.model import ACTIVITY_COLUMNS

    header = ("Outcome", *(t for t, _ in ACTIVITY_COLUMNS), "Ref", "Status", "Target date")
    return {"Outcomes": [("Outcome", "Title"), (1, "Safer streets")],
            "Activities": [header, *((1, *(f"Words {n}",) * 9, *row)
                                     for n, row in enumerate(rows))]}


def pair(tmp_path: Path, now: list[tuple[object, ...]], before: list[tuple[object, ...]],
         previous: str | None = "../q1", names: tuple[str, str] = ("q1", "q2"),
         source: str = "plan.xlsx") -> Path:
    """Two report folders in tmp_path/inputs: q1, and q2 naming ``previous``; q2's folder.
    Each has its own plan, unless ``source`` names a shared one."""
    folders = {}
    for name, rows, named in ((names[0], before, None), (names[1], now, previous)):
        details = dict(DETAILS, **({"Previous report": named} if named else {}))
        sheets = report_sheets(details)
        sheets["Appendices"] = [("Key", "Title", "Kind", "Source"),
                                ("plan", "The Plan", "delivery plan", source)]
        folder = tmp_path / "inputs" / name
        make_workbook(folder / "report.xlsx", sheets)
        make_workbook(folder / source, progress_plan(rows))
        folders[name] = folder
    return folders[names[1]]


def problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        api.load(folder)
    return [str(p) for p in caught.value.problems]


def test_plan_problems_are_each_at_their_cell_in_one_run(tmp_path: Path) -> None:
    folder = pair(tmp_path, [("1.1", "On target"), ("1.1", "Amber"), (None, "Some delay")],
                  [("1.1", "On target")])
    plan = "plan.xlsx (named by q2/report.xlsx), sheet Activities"
    assert problems(folder) == [
        f"{plan}, cell K3: Ref '1.1' is used twice, in cells K2 and K3; expected each "
        "activity's Ref once in the plan",
        f"{plan}, cell L3: status 'Amber' is not one reportgen knows; expected one of: "
        "Completed, On target, Some delay, Significant delay",
        f"{plan}, cell K4: Ref is empty, and Details names a previous report to compare with; "
        "expected the activity's reference, such as 1.2, kept from quarter to quarter (a new "
        "activity takes a new one)"]


@pytest.mark.parametrize(("named", "wrong"), [
    ("../nowhere", "does not exist in the inputs folder"),
    ("../../outside", "is outside the inputs folder"),
    ("/etc", "is a full path"),
    ("../q2", "is this report itself"),
    ("../empty", "is not a report folder: it holds no report.xlsx"),
    ("../broken", "cannot be read: broken/report.xlsx"),
    ("../link", "is a link to a folder outside the inputs folder"),
    ("../q1/report.xlsx", "is a file, not a folder"),
    ("../same", "has the same delivery-plan workbook as this report (plan.xlsx), so there "
     "would be nothing to compare"),
])
def test_a_wrong_previous_report_is_a_problem_at_its_cell(tmp_path: Path, named: str,
                                                          wrong: str) -> None:
    folder = pair(tmp_path, [("1.1", "On target")], [("1.1", "On target")], previous=named)
    (tmp_path / "inputs" / "empty").mkdir()
    (tmp_path / "inputs" / "broken").mkdir()
    (tmp_path / "inputs" / "broken" / "report.xlsx").write_text("not a workbook")
    shutil.copytree(tmp_path / "inputs" / "q1", tmp_path / "elsewhere")
    (tmp_path / "inputs" / "link").symlink_to(tmp_path / "elsewhere")
    if named == "../same":  # both name the plan kept once in inputs/shared
        folder = pair(tmp_path, [("1.1", "On target")], [("1.1", "On target")], named,
                      ("same", "q2"), "../shared/plan.xlsx")
    found = problems(folder)
    row = list(DETAILS).index("Report track") + 3  # Previous report: the row after the rest
    assert len(found) == 1
    assert found[0].startswith(f"q2/report.xlsx, sheet Details, cell B{row}: previous report "
                               f"'{named}' {wrong}"), found


def test_a_previous_plan_without_refs_is_a_note_and_the_appendix_says_so(tmp_path) -> None:
    from reportgen.render import html

    folder = pair(tmp_path, [("1.1", "On target")], [(None, "On target")])
    report = api.load(folder)
    assert any("plan.xlsx: has no Refs, so there is nothing to compare with yet" in note
               for note in report.notes)
    text = " ".join(re.sub(r"<[^>]+>", " ", html.render(report)).split())
    assert ("There is nothing to compare with yet: the plan in the report to Cabinet of 20 "
            "June 2013 has no activity references (Ref).") in text
    assert "Since last report" not in text


def test_a_target_date_typed_as_text_is_noted_and_never_read_as_a_date(tmp_path) -> None:
    folder = pair(tmp_path, [("1.1", "On target", "30/06/2014")],
                  [("1.1", "On target", dt.datetime(2014, 3, 31))])
    report = api.load(folder)
    assert any("cell M2: target date '30/06/2014' is text, not a date cell, so it is not "
               "compared" in note for note in report.notes)
    plan = report.appendices[0].body
    assert isinstance(plan, model.DeliveryPlan) and plan.comparison is not None
    assert plan.comparison.changes == []
