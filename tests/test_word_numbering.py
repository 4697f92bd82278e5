"""Word's numbering is reportgen's numbering, checked with a real word processor.

The DOCX carries no typed numbers: sections, numbered paragraphs and numbered headings are one
Word multilevel list, and references are REF fields to bookmarks. These tests have LibreOffice
(headless) open the DOCX and print it to PDF, and read the numbers it shows: they must equal the
numbers in reportgen's own PDF and in the model (``reportgen.numbering``), and after committee
services edit the document (a paragraph added, another deleted) the numbers and the references
to them must follow.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from conftest import INPUTS, JANUARY, JUNE, pdf_text, words
from oracles import libreoffice_pdfs
from reportgen import api, model, numbering

OPENING = 4  # words after a number that identify the numbered item

Numbered = list[tuple[str, list[str]]]  # (number, opening words) in document order


# -- reading numbers --------------------------------------------------------------------------
#: A section or paragraph number (5, 5.3) at the start of a line, then maybe the text.
NUMBER = re.compile(r"(\d{1,2}(?:\.\d{1,2})?)(?:\s+(\S.*))?")


def numbered_lines(text: str) -> Numbered:
    """(number, opening words) of every line of ``pdftotext -raw`` output that starts with a
    section or paragraph number.

    pdftotext puts a number and its text on one line ("5.3 Increased Economic Opportunity")
    when the gap between them is a tab's width, but may also leave the number alone on its
    line; then the text is the next line. Page breaks arrive as form feeds glued to the next
    line, and the page stamp ("ITEM NO. 9.2") as lines of its own: both are dropped. The
    report's date line ("20 JUNE 2013") is not a number, nor is a bare year or a figure
    followed by something other than words.
    """
    lines = [line.strip() for line in text.replace("\f", "\n").splitlines()]
    lines = [line for line in lines if line and not re.fullmatch(r"ITEM NO\.\s*[\d.]+", line)]
    found: Numbered = []
    for i, line in enumerate(lines):
        match = NUMBER.fullmatch(line)
        if not match:
            continue
        rest = match.group(2)
        if rest is None:  # the number alone: its text is the next line
            rest = lines[i + 1] if i + 1 < len(lines) else ""
            if not rest[:1].isalpha():
                continue
        if rest.isupper():  # "20 JUNE 2013"
            continue
        found.append((match.group(1), words(rest)[:OPENING]))
    return found


def item_text(item: model.Section | model.Heading | model.Paragraph) -> str:
    return item.title if isinstance(item, model.Section) else model.plain(item.text)


def model_numbered(report: model.Report) -> Numbered:
    """The numbers reportgen assigned, with each item's opening words."""
    return [(item.number, words(item_text(item))[:OPENING])
            for item in numbering.numbered_items(report) if item.number]


def as_printed(expected: Numbered, printed: Numbered) -> Numbered:
    """``expected`` with each item's words cut to as many as the printed line shows (a short
    heading line shows fewer than OPENING words), so the two compare item by item.
    """
    if len(expected) != len(printed):
        return expected
    return [(n, w[:len(p)] if p else w) for (n, w), (_, p) in zip(expected, printed,
                                                                  strict=True)]


def renumber(levels: list[tuple[int, list[str]]]) -> Numbered:
    """What a word processor shows for outline items at levels 0 (section: 1, 2 …) and 1
    (paragraph: 5.1, 5.2 …, restarting in each section); for the expected result of an edit.
    """
    out: Numbered = []
    section = paragraph = 0
    for level, opening in levels:
        if level == 0:
            section, paragraph = section + 1, 0
            out.append((str(section), opening))
        else:
            paragraph += 1
            out.append((f"{section}.{paragraph}", opening))
    return out


# -- the June sample, printed by LibreOffice ---------------------------------------------------
@pytest.fixture(scope="module")
def june_model() -> model.Report:
    return api.load(INPUTS / JUNE)


@pytest.fixture(scope="module")
def june_lo(built: Callable[[str], api.Built], tmp_path_factory: pytest.TempPathFactory) -> str:
    """LibreOffice's reading of the June DOCX, as pdftotext text; converted once."""
    (pdf,) = libreoffice_pdfs(tmp_path_factory.mktemp("lo-june"), built(JUNE).docx)
    return pdf_text(pdf)


def before_appendices(text: str) -> str:
    """The report up to Background Papers, its last heading: after it come only the appendices,
    whose table cells the two programs wrap differently, so a figure in a cell may start a line
    in one PDF and not in the other.
    """
    return text.split("Background Papers")[0]


@pytest.fixture(scope="module")
def january_lo(built: Callable[[str], api.Built],
               tmp_path_factory: pytest.TempPathFactory) -> str:
    (pdf,) = libreoffice_pdfs(tmp_path_factory.mktemp("lo-january"), built(JANUARY).docx)
    return pdf_text(pdf)


@pytest.mark.parametrize("name", [JUNE, JANUARY])
def test_libreoffice_numbers_each_sample_report_as_reportgen_does(name, built, request) -> None:
    lo_text = request.getfixturevalue("june_lo" if name == JUNE else "january_lo")
    libreoffice = numbered_lines(before_appendices(lo_text))
    reportgen_pdf = numbered_lines(before_appendices(pdf_text(built(name).pdf)))
    expected = model_numbered(api.load(INPUTS / name))
    assert len(expected) > 20
    assert libreoffice == reportgen_pdf
    assert [n for n, _ in libreoffice] == [n for n, _ in expected]
    assert libreoffice == as_printed(expected, libreoffice)


def test_libreoffice_numbers_the_june_report_as_reportgen_does(june_lo) -> None:
    libreoffice = numbered_lines(june_lo)
    # The shape this rests on: sections count, paragraphs restart at .1 in every section.
    assert ("5", ["report", "detail"]) in libreoffice
    assert ("5.3", ["increased", "economic", "opportunity"]) in libreoffice
    assert [n for n, _ in libreoffice if n.startswith("6.")] == [f"6.{i}" for i in range(1, 10)]


def test_numbered_items_carry_numpr_in_the_outline_list_and_no_typed_number(
        built, june_model) -> None:
    """Exactly the model's numbered items are in the outline list, each by its own w:numPr at
    its level (0 for a section, 1 for a paragraph or numbered heading), and each paragraph's
    text is the model's text: no number typed before it, the section numbers included.
    """
    document = docx.Document(str(built(JUNE).docx))
    style_num: dict[str, tuple[int, int]] = {}
    for style in document.styles.element.findall(qn("w:style")):
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None and num_pr.numId is not None:
            style_num[style.get(qn("w:styleId"))] = (
                num_pr.numId.val, num_pr.ilvl.val if num_pr.ilvl is not None else 0)
    outline, _ = style_num["Heading1"]
    assert style_num["NumberedParagraph"] == (outline, 1)
    num = document.part.numbering_part.element.num_having_numId(outline)
    (abstract,) = document.part.numbering_part.element.xpath(
        f"./w:abstractNum[@w:abstractNumId='{num.abstractNumId.val}']")

    def val(lvl, tag: str) -> str | None:  # type: ignore[no-untyped-def]
        child = lvl.find(qn(tag))
        return None if child is None else child.get(qn("w:val"))

    levels = {lvl.get(qn("w:ilvl")): tuple(val(lvl, tag) for tag in (
              "w:lvlText", "w:pStyle", "w:start", "w:lvlRestart"))
              for lvl in abstract.findall(qn("w:lvl"))}
    # No w:lvlRestart: level 1 restarts after every level-0 heading. LibreOffice ignores
    # w:lvlRestart (a "never restart" there would still print 2.1 in LibreOffice but 2.2 in
    # Word), so the XML itself is the only place to check it; likewise no overrides.
    assert levels == {"0": ("%1", "Heading1", "1", None),
                      "1": ("%1.%2", "NumberedParagraph", "1", None)}
    assert num.findall(qn("w:lvlOverride")) == []

    in_outline = []
    for p in document.element.body.iter(qn("w:p")):
        p_pr = p.pPr
        style = p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else None
        num_id, ilvl = style_num.get(style, (None, None))
        own = p_pr.numPr if p_pr is not None else None
        if own is not None:
            num_id = own.numId.val if own.numId is not None else num_id
            ilvl = own.ilvl.val if own.ilvl is not None else ilvl
        if num_id == outline:
            in_outline.append((ilvl, DocxParagraph(p, document).text, own is not None))
    expected = [(0 if isinstance(item, model.Section) else 1, item_text(item), True)
                for item in numbering.numbered_items(june_model) if item.number]
    assert in_outline == expected


# -- edits renumber -----------------------------------------------------------------------------
def find(document: docx.document.Document, start: str, style: str | None = None
         ) -> DocxParagraph:
    (found,) = [p for p in document.paragraphs if p.text.startswith(start)
                and (style is None or p.style.name == style)]
    return found


def test_an_added_paragraph_and_a_deleted_one_renumber_the_rest(built, june_model,
                                                                  tmp_path) -> None:
    """Committee services add a paragraph at the end of 5.3 (before the 5.4 heading) in the
    Numbered Paragraph style, no number of its own, and delete paragraph 3.1: LibreOffice shows
    the new paragraph as 5.4, Community Safety as 5.5, the old 3.2 as 3.1, the rest unchanged.
    """
    items = [item for item in numbering.numbered_items(june_model) if item.number]
    by_number = {item.number: item for item in items}
    assert item_text(by_number["5.4"]) == "Community Safety"
    deleted = item_text(by_number["3.1"])

    document = docx.Document(str(built(JUNE).docx))
    doomed = find(document, deleted)
    doomed._p.getparent().remove(doomed._p)
    late = find(document, "Community Safety", "Heading 2").insert_paragraph_before(
        "A late paragraph.", style="Numbered Paragraph")
    assert late._p.pPr.numPr is None  # numbered by its style alone
    edited = tmp_path / "edited.docx"
    document.save(str(edited))

    (pdf,) = libreoffice_pdfs(tmp_path / "lo", edited)
    shown = numbered_lines(pdf_text(pdf))
    levels = []
    for item in items:
        if item is by_number["3.1"]:
            continue
        if item is by_number["5.4"]:
            levels.append((1, ["a", "late", "paragraph"]))
        levels.append((0 if isinstance(item, model.Section) else 1,
                       words(item_text(item))[:OPENING]))
    expected = renumber(levels)
    assert ("5.4", ["a", "late", "paragraph"]) in shown
    assert ("5.5", ["community", "safety"]) in shown
    assert ("3.1", words(item_text(by_number["3.2"]))[:OPENING]) in shown
    assert [n for n, _ in shown if n.startswith("3.")] == ["3.1"]
    assert shown == as_printed(expected, shown)


def _field(paragraph) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(instruction, cached result) of the one complex field in a w:p."""
    instruction = "".join(paragraph.xpath(".//w:instrText/text()"))
    result, inside = [], False
    for el in paragraph.iter(qn("w:fldChar"), qn("w:t")):
        if el.tag == qn("w:fldChar"):
            inside = el.get(qn("w:fldCharType")) == "separate"
        elif inside:
            result.append(el.text or "")
    return instruction, "".join(result)


def test_a_reference_follows_its_paragraph_when_one_is_added_before_it(make_report,
                                                                      tmp_path) -> None:
    """``[[paragraph:rec-note]]`` is a REF field to a bookmark on paragraph 2.1, cached as
    "2.1". Add a numbered paragraph before 2.1 and LibreOffice, which recomputes REF fields
    when it opens a DOCX, shows 2.2, although the file still caches "2.1".
    """
    built = api.build(make_report(), tmp_path / "out")
    document = docx.Document(str(built.docx))
    body = document.element.body
    (start,) = body.xpath(".//w:bookmarkStart[starts-with(@w:name, '_Ref')]")
    name = start.get(qn("w:name"))
    target = start.getparent()
    assert DocxParagraph(target, document).text == "That Cabinet note the report."
    assert target.xpath("./w:bookmarkEnd/@w:id") == [start.get(qn("w:id"))]
    (referring,) = [p for p in body.iter(qn("w:p")) if p.xpath(".//w:instrText")]
    instruction, cached = _field(referring)
    assert re.fullmatch(rf"\s*REF {name} \\r \\h\s*", instruction)
    assert cached == "2.1"

    find(document, "That Cabinet note").insert_paragraph_before(
        "A new first recommendation.", style="Numbered Paragraph")
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    (referring,) = [p for p in docx.Document(str(edited)).element.body.iter(qn("w:p"))
                    if p.xpath(".//w:instrText")]
    assert _field(referring)[1] == "2.1"  # the file is unchanged: LibreOffice must compute

    before, after = (" ".join(pdf_text(p).split())
                     for p in libreoffice_pdfs(tmp_path / "lo", built.docx, edited))
    assert "2.1 That Cabinet note the report. 2.2 That Cabinet do more, as 2.1 says." in before
    assert ("2.1 A new first recommendation. 2.2 That Cabinet note the report. "
            "2.3 That Cabinet do more, as 2.2 says.") in after
