"""A house style's structure, from its house-style.xlsx: the header block's fields as a ruled
table with header cells, title lines with their date format and case, sections numbered "1."
and appendices lettered, held to pdftotext, LibreOffice and the PDF/UA-1 validator. The
built-in workbook reads as the structure the code printed before house styles.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import openpyxl
import page
import pikepdf
import pytest

from conftest import TEXT, make_workbook
from oracles import libreoffice_pdfs
from reportgen import api, style
from reportgen.errors import Problems
from reportgen.style import starter, structure

KENT_DETAILS: dict[str, object] = {
    "Council": "Kent County Council",
    "Committee": "Cabinet",
    "Meeting date": dt.date(2025, 1, 30),
    "Title": "Commissioning Plan for Education Provision",
    "House style": "../house-styles/kent",
    "From": "Rory Love, Cabinet Member for Education",
    "To": "Cabinet – 30 January 2025",
    "Subject": "Commissioning Plan",
}
HEADER = [("From", "From:", "Yes"), ("To", "To:", "Yes"), ("Subject", "Subject:", "Yes"),
          ("Classification", "Classification:", "No")]


def kent_style(folder: Path, **layout: str) -> Path:
    """A starting house style, changed in Excel as committee services would."""
    starter.write(folder)
    wb = openpyxl.load_workbook(folder / style.WORKBOOK)
    settings = {"Header block shown as": "ruled table",
                "Title lines": "{council}\n{title}\n{date}", "Title case": "as typed",
                "Date format": "20/06/2013", "Sections": "1.", "Appendices": "A"} | layout
    ws = wb["Layout"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in settings:
            row[1].value = settings[row[0].value]
    header = wb["Header block"]
    header.delete_rows(2, header.max_row)
    for row in HEADER:
        header.append(list(row))
    wb.save(folder / style.WORKBOOK)
    return folder


def kent_report(root: Path, details: dict[str, object] | None = None) -> Path:
    inputs = root / "inputs"
    folder = inputs / "kent-report"
    make_workbook(folder / "report.xlsx", {
        "Details": [("Field", "Value"), *(details or KENT_DETAILS).items()],
        "Text": [("Style", "Text", "Key", "Alt text"),
                 *[row for row in TEXT if row[0] not in ("case study", "table with total")]],
        "Appendices": [("Key", "Title", "Kind", "Source"), ("a", "First", "text", "A1"),
                       ("b", "Second", "text", "A1")],
        "A1": [("Style", "Text"), ("paragraph", "Appendix text.")]})
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("kent")
    kent_style(root / "inputs" / "house-styles" / "kent")
    made = api.build(kent_report(root), root / "out")
    return {"docx": made.docx, "pdf": made.pdf,
            "lo": libreoffice_pdfs(root / "lo", made.docx)[0]}


def text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_the_built_in_workbook_reads_as_the_built_in_structure() -> None:
    problems = Problems()
    found = structure.read(style.BUILT_IN_FOLDER / style.WORKBOOK, problems, "house-style.xlsx")
    assert problems.all() == [] and found == structure.BUILT_IN


@pytest.mark.parametrize("marker", ["A.", "a.", "(i)", "i."])
def test_list_markers_differing_only_in_case_are_each_read(tmp_path: Path, marker: str) -> None:
    """Kent's lettered recommendations (A., B.) and Bristol's lists (a., b.) are two choices;
    each is read as typed, and one typed in another case is the choice it matches."""
    folder = kent_style(tmp_path / "kent", **{"Numbered item markers": marker,
                                              "Roman item markers": marker.upper()})
    problems = Problems()
    found = structure.read(folder / style.WORKBOOK, problems, "house-style.xlsx")
    assert problems.all() == [] and found is not None
    assert (found.numbered_marker, found.roman_marker) == (
        marker, "A." if marker in ("A.", "a.") else marker)


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_header_title_and_numbers_in_both_files(built, which: str) -> None:
    words = text(built[which])
    lines = [" ".join(line.split()) for line in words.splitlines()]
    assert "From: Rory Love, Cabinet Member for Education" in lines
    assert "Subject: Commissioning Plan" in lines
    assert "Classification:" not in words  # optional, left out
    assert "Report of" not in words and "Portfolio" not in words  # Cannock's fields are gone
    assert "Kent County Council" in lines and "30/01/2025" in lines  # title lines, as typed
    assert "1. Purpose of Report" in lines and "2. Recommendations" in lines
    assert "Appendix A" in lines and "Appendix B" in lines
    assert "Appendix A: First" in lines  # the appendices section lists them lettered


def test_both_files_have_the_same_pages(built) -> None:
    assert len(pikepdf.open(built["pdf"]).pages) == len(pikepdf.open(built["lo"]).pages)


def test_the_ruled_header_table_has_header_cells_and_passes_pdfua(built) -> None:
    found = page.validate_pdf(built["pdf"], profile=page.ValidationProfile.PDF_UA_1)
    assert [(f.rule_id, f.message) for f in found.failures] == []
    with pikepdf.open(built["pdf"]) as pdf:
        kinds = []

        def walk(node: pikepdf.Object) -> None:
            if isinstance(node, pikepdf.Dictionary) and "/S" in node:
                kinds.append(str(node.S))
            kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids else []):
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)
        walk(pdf.Root.StructTreeRoot)
    assert kinds.count("/TH") >= 3  # From, To, Subject label their rows


def test_the_docx_header_table_is_ruled(built) -> None:
    from docx import Document

    doc = Document(str(built["docx"]))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["From:",
                                                      "Rory Love, Cabinet Member for Education"]
    assert table._tbl.xpath("./w:tblPr/w:tblBorders/w:insideH")


# -- problems ---------------------------------------------------------------------------------
def test_an_unknown_numbering_word_is_located(tmp_path: Path) -> None:
    kent_style(tmp_path / "inputs" / "house-styles" / "kent", Sections="1.1.1")
    lines = api.validate([kent_report(tmp_path)])
    assert any(line.startswith("kent/house-style.xlsx, sheet Layout, cell B")
               and "sections '1.1.1' is not one reportgen knows; expected one of: 1, 1." in line
               for line in lines), lines


def test_an_unknown_title_name_is_located(tmp_path: Path) -> None:
    kent_style(tmp_path / "inputs" / "house-styles" / "kent", **{"Title lines": "{mayor}"})
    lines = api.validate([kent_report(tmp_path)])
    assert any("names {mayor}, which reportgen does not know" in line for line in lines), lines


def test_a_details_field_the_style_lacks_is_located(tmp_path: Path) -> None:
    kent_style(tmp_path / "inputs" / "house-styles" / "kent")
    lines = api.validate([kent_report(tmp_path, KENT_DETAILS | {"Report of": "Head"})])
    assert any(line.startswith("kent-report/report.xlsx, sheet Details, cell A")
               and "field 'Report of' is not one reportgen knows" in line
               for line in lines), lines


def test_a_missing_required_header_field_is_located(tmp_path: Path) -> None:
    kent_style(tmp_path / "inputs" / "house-styles" / "kent")
    details = {k: v for k, v in KENT_DETAILS.items() if k != "Subject"}
    lines = api.validate([kent_report(tmp_path, details)])
    assert any("'Subject' is missing" in line for line in lines), lines


NUMBERING = {
    "1.1.": ({"Sections": "1", "Paragraphs": "1.1."},
             ["1 Purpose of Report", "1.1. To tell Cabinet things.",
              "2.1. That Cabinet note the report."]),
    "restart": ({"Sections": "none", "Paragraphs": "1 under each heading"},
                ["Purpose of Report", "1 To tell Cabinet things.", "Recommendations",
                 "1 That Cabinet note the report."]),
    "markers": ({"Numbered item markers": "(a)", "Roman item markers": "A."},
                ["(a) First project", "(b) Second project"]),
    "through": ({"Sections": "none", "Paragraphs": "1 through the report"},
                ["Purpose of Report", "1 To tell Cabinet things.",
                 "2 That Cabinet note the report."]),
}


@pytest.mark.parametrize("case", list(NUMBERING))
def test_paragraph_numbering_in_both_files(tmp_path: Path, case: str) -> None:
    """Word's own numbering (LibreOffice's rendering) and the PDF number alike."""
    settings, expected = NUMBERING[case]
    kent_style(tmp_path / "inputs" / "house-styles" / "kent", **settings)
    made = api.build(kent_report(tmp_path), tmp_path / "out")
    rendered = libreoffice_pdfs(tmp_path / "lo", made.docx)[0]
    for pdf in (made.pdf, rendered):
        lines = [" ".join(line.split()) for line in text(pdf).splitlines()]
        missing = [line for line in expected if line not in lines]
        assert not missing, (str(pdf), missing, [line for line in lines if "Cabinet" in line])


def test_footer_lines_on_every_page_of_both_files(tmp_path: Path) -> None:
    """Bristol's footer: a classification line and Page n of N, as Word's fields in the DOCX
    (LibreOffice fills them in) and drawn under the PDF's pages as pagination artifacts."""
    kent_style(tmp_path / "inputs" / "house-styles" / "kent",
               **{"Footer lines": "OFFICIAL – “sensitive”\nPage {page} of {pages}"})
    details = KENT_DETAILS | {"Agenda item": "9"}
    made = api.build(kent_report(tmp_path, details), tmp_path / "out")
    rendered = libreoffice_pdfs(tmp_path / "lo", made.docx)[0]
    counts = []
    for pdf in (made.pdf, rendered):
        pages = text(pdf).split("\f")[:-1]
        counts.append(len(pages))
        for number, content in enumerate(pages, start=1):
            lines = [" ".join(line.split()) for line in content.splitlines() if line.strip()]
            assert lines[-2:] == ["OFFICIAL – “sensitive”", f"Page {number} of {len(pages)}"], (
                pdf, number, lines[-3:])
            assert f"ITEM NO. 9.{number}" in lines[0]
    assert counts[0] == counts[1] >= 2
    found = page.validate_pdf(made.pdf, profile=page.ValidationProfile.PDF_UA_1)
    assert [(f.rule_id, f.message) for f in found.failures] == []


def test_an_unknown_footer_name_is_located(tmp_path: Path) -> None:
    kent_style(tmp_path / "inputs" / "house-styles" / "kent", **{"Footer lines": "{version}"})
    lines = api.validate([kent_report(tmp_path)])
    assert any("footer line '{version}' names {version}" in line for line in lines), lines


def test_boxed_paragraphs_share_one_box_in_both_files(tmp_path: Path) -> None:
    """Boxed paragraph rows one after another: one ruled box, in Word (paragraph rules that
    Word joins) and in the PDF (a box drawn round them); the same pages in both."""
    from docx import Document

    kent_style(tmp_path / "inputs" / "house-styles" / "kent")
    folder = kent_report(tmp_path)
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    wb["Text"].insert_rows(2, 2)
    for row, words in ((2, "Summary words."), (3, "Recommendation words.")):
        wb["Text"].cell(row, 1).value, wb["Text"].cell(row, 2).value = "boxed paragraph", words
    wb["Text"].insert_rows(2)
    wb["Text"].cell(2, 1).value, wb["Text"].cell(2, 2).value = "unnumbered section", "Summary"
    wb.save(folder / "report.xlsx")
    made = api.build(folder, tmp_path / "out")
    doc = Document(str(made.docx))
    boxed = [p for p in doc.paragraphs if p.style.name == "Boxed Text"]
    assert [p.text for p in boxed] == ["Summary words.", "Recommendation words."]
    assert doc.styles["Boxed Text"].element.xpath("./w:pPr/w:pBdr/w:left")
    rendered = libreoffice_pdfs(tmp_path / "lo", made.docx)[0]
    for pdf_file in (made.pdf, rendered):
        assert "Summary words." in text(pdf_file)
    assert len(pikepdf.open(made.pdf).pages) == len(pikepdf.open(rendered).pages)


def stand_in_logo(path: Path) -> Path:
    """A plain stand-in for a council's logo, drawn here."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (400, 160), "white")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((10, 10, 390, 150), outline="black", width=6)
    draw.text((40, 60), "COUNCIL LOGO", fill="black")
    picture.save(path)
    return path


def test_the_logo_on_the_first_page_of_both_files(tmp_path: Path) -> None:
    folder = kent_style(tmp_path / "inputs" / "house-styles" / "kent", Logo="logo.png")
    stand_in_logo(folder / "logo.png")
    made = api.build(kent_report(tmp_path), tmp_path / "out")
    rendered = libreoffice_pdfs(tmp_path / "lo", made.docx)[0]
    for pdf in (made.pdf, rendered):
        listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                                text=True, check=True).stdout.splitlines()[2:]
        assert [line.split()[0] for line in listed] == ["1"] or \
            {line.split()[0] for line in listed} == {"1"}, (pdf, listed)  # page 1 only
    assert len(pikepdf.open(made.pdf).pages) == len(pikepdf.open(rendered).pages)
    found = page.validate_pdf(made.pdf, profile=page.ValidationProfile.PDF_UA_1)
    assert [(f.rule_id, f.message) for f in found.failures] == []
    from docx import Document

    alts = [d.get("descr") for d in Document(str(made.docx)).element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert alts == ["Kent County Council logo"]


@pytest.mark.parametrize("case", ["not a picture", "missing", "not a picture name"])
def test_a_bad_logo_is_located(tmp_path: Path, case: str) -> None:
    name = "notes.txt" if case == "not a picture name" else "logo.png"
    folder = kent_style(tmp_path / "inputs" / "house-styles" / "kent", Logo=name)
    if case == "not a picture":
        (folder / "logo.png").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    lines = api.validate([kent_report(tmp_path)])
    said = {"not a picture": "is not a PNG picture, whatever its name says",
            "missing": "does not exist in the house style's folder",
            "not a picture name": "is not a picture file name"}[case]
    assert any(line.startswith("kent/house-style.xlsx, sheet Layout, cell B") and
               f"logo '{name}' {said}" in line for line in lines), lines


def test_a_required_heading_missing_is_a_problem(tmp_path: Path) -> None:
    kent_style(tmp_path / "inputs" / "house-styles" / "kent",
               **{"Required headings": "Purpose of Report\nFinancial Implications:"})
    lines = api.validate([kent_report(tmp_path)])
    assert lines == ["kent-report/report.xlsx, sheet Text: has no section 'Financial "
                     "Implications:', which the house style 'kent' asks every report to have; "
                     "expected a section row with that title"]


def _words(pdf: Path) -> list[tuple[str, float, float]]:
    """The first page's words with their left edge and top, as pdftotext -bbox places them."""
    found = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    return [(w, float(x), float(y)) for x, y, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', found)]


def test_a_long_label_moves_every_value_alike_in_both_files(tmp_path: Path) -> None:
    """A header block of label and value lines whose label is wider than the label column:
    the column widens (the layout plan decides it once), so in the PDF and in LibreOffice's
    rendering of the DOCX the label stays on one line and every value starts at the same
    place."""
    folder = kent_style(tmp_path / "inputs" / "house-styles" / "kent",
                        **{"Header block shown as": "label and value lines"})
    wb = openpyxl.load_workbook(folder / style.WORKBOOK)
    for row in wb["Header block"].iter_rows(min_row=2):
        if row[0].value == "From":
            row[1].value = "Cabinet Member presenting the report:"
    wb.save(folder / style.WORKBOOK)
    made = api.build(kent_report(tmp_path), tmp_path / "out")
    starts = {}
    for which, pdf in (("pdf", made.pdf),
                       ("lo", libreoffice_pdfs(tmp_path / "lo", made.docx)[0])):
        words = _words(pdf)
        first = {w: (x, y) for w, x, y in reversed(words)}
        assert abs(first["presenting"][1] - first["Rory"][1]) < 1, which  # one line
        assert abs(first["report:"][1] - first["Rory"][1]) < 1, which
        assert abs(first["Rory"][0] - first["Commissioning"][0]) < 1, which  # aligned
        starts[which] = first["Rory"][0]
    assert abs(starts["pdf"] - starts["lo"]) < 2, starts
