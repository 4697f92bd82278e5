"""Golden content: the June 2013 sample report read back from its DOCX and PDF."""

from __future__ import annotations

import re

import docx
import pytest

import wordnumbers
from conftest import JUNE, SEEDS, pdf_text, words

SEED = SEEDS / "003_3647e7ecfdb0bd30.txt"


def seed_numbered() -> list[tuple[str, str]]:
    """(number, opening words) of every numbered heading and paragraph in the seed, in order."""
    found = []
    for line in SEED.read_text(encoding="utf8").splitlines():
        line = re.sub(r"<[^>]+>|\*\*|^#+\s*|^- ", "", line.strip()).replace("**", "").strip()
        match = re.match(r"^(\d+(?:\.\d+)?)\s+(\S.*)$", line)
        if match and not match.group(2).isupper():  # not the "20 JUNE 2013" heading line
            found.append((match.group(1), " ".join(words(match.group(2))[:6])))
    return found


def test_seed_has_the_expected_skeleton() -> None:
    numbers = [n for n, _ in seed_numbered()]
    assert numbers[:4] == ["1", "1.1", "2", "2.1"]
    assert [n for n in numbers if n.startswith("6.")] == [f"6.{i}" for i in range(1, 10)]
    assert numbers[-1] == "7"


def _in_order(haystack: list[str], needles: list[list[str]]) -> list[str]:
    """The needles (word sequences) not found in order in haystack."""
    missing, pos = [], 0
    for needle in needles:
        for i in range(pos, len(haystack) - len(needle) + 1):
            if haystack[i:i + len(needle)] == needle:
                pos = i + len(needle)
                break
        else:
            missing.append(" ".join(needle))
    return missing


def test_pdf_has_every_numbered_heading_and_paragraph_in_order(built) -> None:
    text = words(pdf_text(built(JUNE).pdf))
    needles = [words(n) + o.split() for n, o in seed_numbered()]
    assert _in_order(text, needles) == []


def test_docx_numbers_every_heading_and_paragraph_as_the_seed_does(built) -> None:
    items, _ = wordnumbers.read(built(JUNE).docx)
    paras = [p for p in items if isinstance(p, wordnumbers.Para)]
    numbered = [(p.number, " ".join(words(p.text)[:6])) for p in paras
                if p.number and re.fullmatch(r"\d+(\.\d+)?", p.number)]
    assert numbered == seed_numbered()


def test_docx_holds_no_typed_paragraph_numbers(built) -> None:
    document = docx.Document(str(built(JUNE).docx))
    typed = [p.text for p in document.paragraphs if re.match(r"\s*\d+(\.\d+)+\s", p.text)]
    assert typed == []
    numbered = document.element.body.xpath(".//w:p[w:pPr/w:numPr]")
    assert len(numbered) > 40


def test_docx_uses_builtin_heading_styles_and_real_lists(built) -> None:
    items, document = wordnumbers.read(built(JUNE).docx)
    paras = [p for p in items if isinstance(p, wordnumbers.Para)]
    style_of = {p.text: p.style for p in paras}
    assert style_of["Purpose of Report"] == "Heading 1"
    assert style_of["Improved Health"] == "Heading 2"
    assert style_of["Financial"] == "Heading 2"
    assert style_of["Acceptable Behaviour Contracts"] == "Heading 3"
    assert style_of["Previous Consideration"] == "Heading 1"
    assert [p.number for p in paras if p.text in ("Previous Consideration",
                                                   "Background Papers")] == [None, None]
    bullets = [p for p in paras if p.number == "\u2022"]
    assert [p.text for p in bullets[:3]] == ["Improved Health", "Increased Economic Opportunity",
                                             "Community Safety"]
    projects = [p for p in paras if p.number and re.fullmatch(r"\d+\.", p.number)]
    assert [p.number for p in projects] == ["1.", "2.", "3.", "4."]
    assert [p.number for p in paras if p.number and p.number.startswith("(")] == ["(i)"]
    assert document.core_properties.title == "Update on Partnership Activity"


def test_enterprise_projects_keep_their_amounts(built) -> None:
    items, _ = wordnumbers.read(built(JUNE).docx)
    projects = [p.text for p in items if isinstance(p, wordnumbers.Para) and p.number
                and re.fullmatch(r"\d+\.", p.number)]
    assert [re.findall(r"£[\d,]+", t) for t in projects] == [
        ["£1000", "£1500", "£50,000"], ["£30,000"], ["£1000"], ["£20,000"]]


def test_case_study_is_set_apart_in_italics(built) -> None:
    document = docx.Document(str(built(JUNE).docx))
    paras = document.paragraphs
    title = next(i for i, p in enumerate(paras) if p.text ==
                 "Vulnerable Persons' Champion case study")
    study = [p for p in paras[title + 1:] if p.style.name == "Case Study"]
    assert len(study) == 5
    assert study[0].text.startswith("The post holder received a case")
    assert document.styles["Case Study"].font.italic is True


def test_asb_table_has_a_marked_header_and_a_computed_total(built) -> None:
    document = docx.Document(str(built(JUNE).docx))
    (table,) = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows == [["ASB Stages issued since January 2013", "Number issued"],
                    ["Stage 1", "3"], ["Stage 2", "3"], ["Stage 3", "8"], ["Stage 4", "10"],
                    ["Total", "24"]]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    text = pdf_text(built(JUNE).pdf)
    assert re.search(r"Stage 4 10\s+Total 24", text)


def test_pdf_header_block_and_heading(built) -> None:
    text = pdf_text(built(JUNE).pdf)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = lines.index("Report of: Head of Policy")
    assert lines[start:start + 9] == [
        "Report of: Head of Policy", "Contact Officer: Natasha Swan", "Telephone No: 4412",
        "Portfolio Leader: Crime and Partnerships", "Key Decision: No",
        "Report Track: Cabinet: 20/06/13", "CABINET", "20 JUNE 2013",
        "UPDATE ON PARTNERSHIP ACTIVITY"]


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_seed_words_are_all_there(built, kind: str) -> None:
    """The acceptance figure: ≥ 98% of the seed's words (multiset), in the seed's order."""
    import collections
    import difflib

    path = getattr(built(JUNE), kind)
    out = words(pdf_text(path) if kind == "pdf" else wordnumbers.text(path))
    seed = words(re.sub(r"<[^>]+>", "", SEED.read_text(encoding="utf8")))
    common = sum((collections.Counter(seed) & collections.Counter(out)).values())
    assert common / len(seed) >= 0.98
    assert difflib.SequenceMatcher(None, seed, out, autojunk=False).ratio() >= 0.98
