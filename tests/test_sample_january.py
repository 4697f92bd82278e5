"""Golden content: the January 2013 sample report, its appendices, delivery plan and stamps."""

from __future__ import annotations

import collections
import re
import subprocess
import zipfile

import docx
import openpyxl
import pytest

import wordnumbers
from conftest import INPUTS, JANUARY, JUNE, SEEDS, pdf_pages, pdf_text, report_sheets, words
from reportgen import api, layout, layoutplan
from reportgen.model import ACTIVITY_COLUMNS

SEED = SEEDS / "000_d8bfd0ac3b4287f7.txt"
PLAN = INPUTS / JANUARY / "community-safety-delivery-plan-2013.xlsx"
#: The columns of January's plan table, in print order.
PRINTED = ["Ref", *(title for title, _ in ACTIVITY_COLUMNS), "Status"]
TOR = "Local Health and Wellbeing Commissioning Partnership – Draft Terms of Reference"


def plan_rows_from_workbook() -> dict[str, list[list[str]]]:
    """The activity rows per outcome, read straight from the officers' workbook."""
    ws = openpyxl.load_workbook(PLAN, read_only=True)["Activities"]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    # The plan prints its Ref first and its Status last (no Since last report: January
    # names no previous report).
    index = [header.index(title) for title in PRINTED]
    out: dict[str, list[list[str]]] = collections.defaultdict(list)
    for row in rows[1:]:
        if row[header.index("Outcome")] is None:
            continue
        cells = ["" if row[i] is None else str(row[i]) for i in index]
        out[str(row[header.index("Outcome")])].append(cells)
    return out


def norm(text: str) -> str:
    return " ".join(text.split())


def test_appendices_are_numbered_in_input_order_and_listed_in_section_7(built) -> None:
    items, _ = wordnumbers.read(built(JANUARY).docx)
    paras = [p for p in items if isinstance(p, wordnumbers.Para)]
    titles = [p.text for p in paras if p.text.startswith("Appendix ") and p.style == "Heading 1"]
    assert titles == [f"Appendix 1\n{TOR}", "Appendix 2\nCommunity Safety Delivery Plan 2013"]
    seven = next(i for i, p in enumerate(paras) if p.text == "Appendices to the Report")
    assert paras[seven].number == "7"
    assert [p.text for p in paras[seven + 1:seven + 3]] == [
        f"Appendix 1: {TOR}", "Appendix 2: Community Safety Delivery Plan 2013"]
    text = norm(pdf_text(built(JANUARY).pdf))
    assert f"7 Appendices to the Report Appendix 1: {TOR} Appendix 2: Community" in text
    assert "are attached as Appendix 1 and detail" in text
    assert "is attached as Appendix 2. The focus" in text


def test_references_follow_when_appendices_are_reordered(make_report) -> None:
    sheets = report_sheets()
    sheets["Text"] = [*sheets["Text"], ("paragraph", "See Appendix [[appendix:b]].")]
    sheets["Appendices"] = [("Key", "Title", "Kind", "Source"), ("a", "First", "text", "A"),
                            ("b", "Second", "text", "A")]
    sheets["A"] = [("Style", "Text"), ("paragraph", "Body")]
    report = api.load(make_report(sheets))
    assert report.sections[-1].blocks[-1].text[1].label == "2"
    sheets["Appendices"] = [sheets["Appendices"][0], *reversed(sheets["Appendices"][1:])]
    report = api.load(make_report(sheets, name="reordered"))
    assert report.sections[-1].blocks[-1].text[1].label == "1"
    appendices = report.sections[3].blocks
    assert [b.text for b in appendices] == [("Appendix 1: Second",), ("Appendix 2: First",)]


def test_every_outcome_table_holds_every_activity_row_and_column_in_the_docx(built) -> None:
    document = docx.Document(str(built(JANUARY).docx))
    expected = plan_rows_from_workbook()
    plan_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Ref"]
    assert len(plan_tables) == len(expected) == 3
    widths = layoutplan.plan_columns(api.load(INPUTS / JANUARY).appendices[1].body).widths
    for table, outcome in zip(plan_tables, sorted(expected), strict=True):
        rows = [[c.text for c in row.cells] for row in table.rows]
        assert rows[0] == PRINTED
        assert [[norm(c) for c in r] for r in rows[1:]] == [
            [norm(c) for c in r] for r in expected[outcome]]
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
        # Rows are kept whole on a page, but for one taller than half a page, which both
        # files let run on (layout.row_may_split): Writer hides what a kept row cannot fit.
        for row, cells in zip(table.rows[1:], rows[1:], strict=True):
            may_split = layoutplan.row_may_split(cells, widths, layout.PLAN_FONT_PT,
                                             layout.PLAN_PADDING_X, landscape=True)
            assert bool(row._tr.xpath("./w:trPr/w:cantSplit")) != may_split
    assert sum(len(v) for v in expected.values()) == 11


def test_every_activity_cell_is_on_the_landscape_pages_of_the_pdf(built) -> None:
    pages = pdf_pages(built(JANUARY).pdf)
    landscape = [i for i, size in enumerate(page_sizes(built(JANUARY).pdf)) if size[0] > size[1]]
    plan_text = collections.Counter(words(" ".join(pages[i] for i in landscape)))
    for outcome, rows in plan_rows_from_workbook().items():
        for row in rows:
            for cell in row:
                missing = collections.Counter(words(cell)) - plan_text
                assert not missing, (outcome, cell[:40], missing)
    # the header row repeats on every landscape page that continues a table
    headed = [i for i in landscape if "Ref Objective Activity £ Resources" in pages[i]]
    assert len(headed) >= 4


def page_sizes(path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True,
                          text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in
            re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def test_only_the_delivery_plan_is_landscape_in_the_pdf(built) -> None:
    pages = pdf_pages(built(JANUARY).pdf)
    sizes = page_sizes(built(JANUARY).pdf)
    assert len(sizes) == len(pages)
    for text, (w, h) in zip(pages, sizes, strict=True):
        in_plan = any(mark in text for mark in ("Outcome ", "Objective Activity £ Resources"))
        assert (w > h) == in_plan, text[:80]
    assert round(sizes[0][0]) == 595 and round(sizes[0][1]) == 842  # A4


def test_docx_plan_section_is_landscape_and_others_portrait(built) -> None:
    with zipfile.ZipFile(built(JANUARY).docx) as z:
        xml = z.read("word/document.xml").decode()
    orients = re.findall(r'<w:pgSz [^>]*?w:orient="(\w+)"', xml)
    sections = re.findall(r"<w:sectPr", xml)
    assert len(sections) == 3  # body, Appendix 1, Appendix 2
    assert orients.count("landscape") == 1
    document = docx.Document(str(built(JANUARY).docx))
    last = document.sections[-1]
    assert last.page_width > last.page_height


@pytest.mark.parametrize("name, item", [(JUNE, "9"), (JANUARY, "17")])
def test_every_pdf_page_carries_its_stamp_with_consecutive_numbers(built, name, item) -> None:
    pages = pdf_pages(built(name).pdf)
    stamps = [re.findall(rf"ITEM NO\. {item}\.(\d+)", page) for page in pages]
    assert stamps == [[str(n)] for n in range(1, len(pages) + 1)]


@pytest.mark.parametrize("name, item", [(JUNE, "9"), (JANUARY, "17")])
def test_docx_header_holds_the_stamp_with_a_page_field(built, name, item) -> None:
    document = docx.Document(str(built(name).docx))
    header = document.sections[0].header
    assert header.paragraphs[0].text.startswith(f"ITEM NO. {item}.")
    instr = header._element.xpath(".//w:instrText")
    assert [i.text.strip() for i in instr] == ["PAGE"]
    assert all(s.header.is_linked_to_previous for s in document.sections[1:])


def test_pictures_carry_alt_text_and_captions(built) -> None:
    document = docx.Document(str(built(JANUARY).docx))
    pictures = document.element.body.xpath(".//wp:docPr")
    assert len(pictures) == 3
    assert all(p.get("descr") for p in pictures)
    captions = [p.text for p in document.paragraphs if p.style.name == "Picture Caption"]
    assert captions == ["Before", "After", "Celebrate Your Street Event"]


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_seed_words_are_all_there(built, kind: str) -> None:
    """The acceptance figure: ≥ 96% of the seed's words (multiset), page stamps ignored."""
    path = getattr(built(JANUARY), kind)
    out = words(pdf_text(path) if kind == "pdf" else wordnumbers.text(path))
    seed = words(SEED.read_text(encoding="utf8"))
    common = sum((collections.Counter(seed) & collections.Counter(out)).values())
    assert common / len(seed) >= 0.96
