"""House styles: a council's look read from its own Word template, held to independent oracles.

A report naming a house style whose ``reference.docx`` sets Times New Roman 11 pt, justified,
with a coloured Heading 1 and a footer, must keep those styles in its DOCX (committee services'
template is never overwritten), lay out its PDF in the same font (pdffonts), open in
LibreOffice on the same number of pages as the PDF, pass the PDF/UA-1 validator, and name
what the PDF does not show. A bad style folder is a located problem, never a traceback.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import page
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from conftest import INPUTS, JUNE
from oracles import libreoffice_pdfs, page_texts
from reportgen import api, layout, style
from reportgen.build import record
from reportgen.style import reference, starter

BUILT_IN_REFERENCE = style.BUILT_IN_FOLDER / style.REFERENCE


def council_reference(path: Path) -> Path:
    """A council's template: the starting copy ``init --house-style`` writes, as committee
    services might change it in Word: a new font and size for Normal, which the other styles
    follow, justified text, a coloured Heading 1 and a footer.
    """
    doc = Document(io.BytesIO(starter.inheriting(BUILT_IN_REFERENCE.read_bytes())))
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    doc.styles["Heading 1"].font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    line = footer.paragraphs[0]
    line.text = "OFFICIAL\tPage "
    _field(line, "PAGE")
    line.add_run(" of ")
    _field(line, "NUMPAGES")
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].text = "Cabinet papers: draft for consultation"
    header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _field(paragraph, name: str) -> None:  # type: ignore[no-untyped-def]
    """Word's field ``name`` (PAGE, NUMPAGES) as Word writes it: begin, instruction,
    separate, the result it last showed, end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, f" {name} "), ("separate", None),
                       (None, "9"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text.strip() == name:
            instr = OxmlElement("w:instrText")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def name_style(report: Path, value: str) -> None:
    """Details gains ``House style``, as an officer would type it."""
    wb = openpyxl.load_workbook(report / "report.xlsx")
    wb["Details"].append(["House style", value])
    wb.save(report / "report.xlsx")


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The June sample in a project of its own, in the council's house style, built."""
    root = tmp_path_factory.mktemp("council")
    inputs = root / "inputs"
    report = inputs / "june"
    shutil.copytree(INPUTS / JUNE, report)
    starter.write(inputs / "house-styles" / "council")
    council_reference(inputs / "house-styles" / "council" / "reference.docx")
    name_style(report, "../house-styles/council")
    built = api.build(report, root / "out")
    return {"report": report, "docx": built.docx, "pdf": built.pdf, "root": root}


def fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                          check=True).stdout


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def test_the_built_in_template_reads_as_the_built_in_look() -> None:
    reading = reference.read(BUILT_IN_REFERENCE)
    assert reading.look == layout.BUILT_IN


def test_the_starting_copy_reads_as_the_built_in_look(tmp_path: Path) -> None:
    written = starter.write(tmp_path / "kent")
    assert style.REFERENCE in [p.name for p in written]
    found = style.load(tmp_path / "kent")
    assert not isinstance(found, str)
    assert found.look == layout.BUILT_IN


def test_the_docx_keeps_the_councils_styles(council) -> None:
    doc = Document(str(council["docx"]))
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(11)
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert doc.styles["Heading 1"].font.color.rgb == RGBColor(0x1F, 0x4E, 0x79)


def test_the_pdf_is_set_in_the_councils_font(council) -> None:
    serif = re.compile(r"Liberation-?Serif")  # Times New Roman's metric twin
    assert serif.search(fonts(council["pdf"]))
    assert serif.search(fonts(libreoffice_pdfs(council["root"] / "lo", council["docx"])[0]))


def test_libreoffice_and_the_pdf_have_the_same_pages(council) -> None:
    rendered = libreoffice_pdfs(council["root"] / "lo", council["docx"])[0]
    assert pages(rendered) == pages(council["pdf"])


def test_the_pdf_passes_pdfua1(council) -> None:
    found = page.validate_pdf(council["pdf"], profile=page.ValidationProfile.PDF_UA_1)
    assert [(f.rule_id, f.message) for f in found.failures] == []


def test_what_the_pdf_cannot_show_is_named(council) -> None:
    notes: list[str] = []
    assert api.validate([council["report"]], notes) == []
    said = "\n".join(notes)
    assert "style 'heading 1': its text colour" in said
    assert "the font Times New Roman is not installed here; the PDF uses Liberation Serif" \
        in said
    assert "page footer" not in said and "page header" not in said  # both files print them


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_the_templates_header_and_footer_are_on_every_page_of_both_files(council, which: str
                                                                         ) -> None:
    """The header and footer committee services put in reference.docx, page fields and all,
    are on every page of the PDF as of LibreOffice's rendering of the DOCX."""
    pdf = council["pdf"] if which == "pdf" else libreoffice_pdfs(council["root"] / "lo",
                                                                 council["docx"])[0]
    texts = page_texts(pdf)
    assert len(texts) > 2
    for number, lines in enumerate(texts, start=1):
        shown = " ".join(" ".join(lines).split())
        assert "Cabinet papers: draft for consultation" in shown, number
        assert "OFFICIAL" in shown, number
        assert f"Page {number} of {len(texts)}" in shown, number


def test_the_templates_furniture_is_read_with_its_place_and_fields(tmp_path: Path) -> None:
    """reference.docx's footer: its tab-separated parts at the left and centre, its PAGE and
    NUMPAGES fields as the page and page count, not the numbers Word last showed."""
    reading = reference.read(council_reference(tmp_path / "reference.docx"))
    footer, = reading.look.page_footer
    assert footer.parts == (("left", "OFFICIAL"), ("center", "Page {page} of {pages}"))
    header, = reading.look.page_header
    assert header.parts == (("center", "Cabinet papers: draft for consultation"),)


def test_the_style_is_in_the_build_record(council) -> None:
    out = council["docx"].parent
    kept = json.loads(record.record_path(out, "june").read_text())
    assert "../house-styles/council/reference.docx" in kept["inputs"]
    assert record.unchanged(council["report"], out, "june") is not None
    template = council["report"].parent / "house-styles" / "council" / "reference.docx"
    saved = template.read_bytes()
    try:
        doc = Document(str(template))
        doc.styles["Normal"].font.size = Pt(12)
        doc.save(str(template))
        assert record.unchanged(council["report"], out, "june") is None  # so it is rebuilt
    finally:
        template.write_bytes(saved)


# -- bad house styles --------------------------------------------------------------------------
def _macro(path: Path) -> None:
    council_reference(path)
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macros")


def _template(path: Path) -> None:
    council_reference(path)
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"document.main+xml", b"template.main+xml")
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


def _pale(path: Path) -> None:
    starter.write(path.parent)
    council_reference(path)
    doc = Document(str(path))
    doc.styles["Heading 1"].font.color.rgb = RGBColor(0xFF, 0xC0, 0x00)  # amber on white
    doc.save(str(path))


BAD = {
    "missing": ("../house-styles/nowhere", None,
                "house style '../house-styles/nowhere' does not exist in the inputs folder"),
    "outside": ("../../elsewhere", None, "is outside the inputs folder"),
    "absolute": ("/etc", None, "is a full path"),
    "no template": ("../house-styles/empty", lambda p: p.parent.mkdir(parents=True),
                    "has no reference.docx"),
    "no workbook": ("../house-styles/noxlsx", council_reference, "has no house-style.xlsx"),
    "corrupt": ("../house-styles/bad", lambda p: (p.parent.mkdir(parents=True),
                                                    p.write_bytes(b"PK\x03\x04 not really")),
                "reference.docx is not a Word document (.docx)"),
    "macros": ("../house-styles/macro", _macro, "reference.docx holds macros"),
    "dotx": ("../house-styles/dotx", _template, "reference.docx is a Word template (.dotx)"),
    "contrast": ("../house-styles/pale", _pale, "reference.docx has problems"),
}


def test_text_too_pale_to_read_is_a_problem(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS / JUNE, inputs / "june")
    _pale(inputs / "house-styles" / "pale" / "reference.docx")
    name_style(inputs / "june", "../house-styles/pale")
    lines = api.validate([inputs / "june"])
    assert ("pale/reference.docx: style 'heading 1': its text colour FFC000 on white has a "
            "contrast of 1.6:1, under the 4.5:1 that WCAG asks for") in lines[0], lines


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_house_style_is_a_located_problem(tmp_path: Path, case: str) -> None:
    named, make, said = BAD[case]
    inputs = tmp_path / "project" / "inputs"
    report = inputs / "june"
    shutil.copytree(INPUTS / JUNE, report)
    (tmp_path / "elsewhere").mkdir()
    if make:
        make(inputs / "house-styles" / named.rsplit("/", 1)[1] / "reference.docx")
    name_style(report, named)
    lines = api.validate([report])
    assert len(lines) == 1 + (case == "contrast"), lines
    assert lines[-1].startswith("june/report.xlsx, sheet Details, cell B")
    assert said in lines[-1]


def test_init_writes_a_starting_house_style(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from reportgen.cli import main

    folder = tmp_path / "inputs" / "house-styles" / "kent"
    result = CliRunner().invoke(main, ["init", "--house-style", str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [style.WORKBOOK, style.REFERENCE]
    found = style.load(folder)
    assert not isinstance(found, str)
    assert found.look == layout.BUILT_IN and found.structure == style.structures.BUILT_IN
    again = CliRunner().invoke(main, ["init", "--house-style", str(folder)])
    assert again.exit_code == 2 and "already exists" in again.output


def test_a_heading_font_of_its_own_is_printed_in_both_files(tmp_path: Path) -> None:
    """A template whose headings are in another font than Normal's: the PDF sets them in it
    (here Courier New's metric twin, Liberation Mono), as LibreOffice sets the DOCX, and the
    two files keep the same pages."""
    inputs = tmp_path / "inputs"
    report = inputs / "june"
    shutil.copytree(INPUTS / JUNE, report)
    starter.write(inputs / "house-styles" / "mono")
    path = inputs / "house-styles" / "mono" / "reference.docx"
    doc = Document(str(path))
    doc.styles["Heading 1"].font.name = "Courier New"
    doc.save(str(path))
    name_style(report, "../house-styles/mono")
    built = api.build(report, tmp_path / "out")
    rendered = libreoffice_pdfs(tmp_path / "lo", built.docx)[0]
    for pdf in (built.pdf, rendered):
        assert re.search(r"Liberation-?Mono", fonts(pdf)), pdf
        assert re.search(r"Liberation-?Sans", fonts(pdf)), pdf
    assert pages(built.pdf) == pages(rendered)


def _images_by_page(pdf: Path) -> dict[int, set[tuple[int, int, int]]]:
    """Each page's pictures as pdfimages lists them: width, height in pixels, x-ppi."""
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    found: dict[int, set[tuple[int, int, int]]] = {}
    for line in listed:
        cells = line.split()
        found.setdefault(int(cells[0]), set()).add((int(cells[3]), int(cells[4]),
                                                    int(cells[12])))
    return found


def test_a_logo_in_the_templates_header_is_on_every_page_of_both_files(tmp_path: Path) -> None:
    """A picture committee services put in the template's header, in line with the text:
    the DOCX keeps it; the PDF draws it on every page at the size Word shows it (the same
    pixels per inch as in LibreOffice's rendering), outside the text screen readers read."""
    from docx.shared import Cm
    from PIL import Image

    inputs = tmp_path / "inputs"
    report = inputs / "june"
    shutil.copytree(INPUTS / JUNE, report)
    folder = inputs / "house-styles" / "crest"
    starter.write(folder)
    Image.new("RGB", (300, 120), (0, 90, 160)).save(tmp_path / "crest.png")
    doc = Document(str(folder / "reference.docx"))
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].add_run().add_picture(str(tmp_path / "crest.png"), width=Cm(3))
    doc.save(str(folder / "reference.docx"))
    name_style(report, "../house-styles/crest")
    built = api.build(report, tmp_path / "out")
    rendered = libreoffice_pdfs(tmp_path / "lo", built.docx)[0]
    assert pages(built.pdf) == pages(rendered)
    crest = {(300, 120, 254)}  # 300 pixels over 3 cm
    for pdf in (built.pdf, rendered):
        assert _images_by_page(pdf) == {n: crest for n in range(1, pages(pdf) + 1)}, pdf
    found = page.validate_pdf(built.pdf, profile=page.ValidationProfile.PDF_UA_1)
    assert [(f.rule_id, f.message) for f in found.failures] == []
    assert not any("picture in the page header" in n for n in built.notes)


def _word_boxes(pdf: Path, word: str) -> list[tuple[float, float]]:
    """The width and height of each box pdftotext -bbox gives ``word``, in points."""
    found = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    return [(float(x2) - float(x1), float(y2) - float(y1)) for x1, y1, x2, y2, text in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                       r'yMax="([\d.]+)">([^<]*)</word>', found) if text == word]


def test_the_templates_table_text_size_is_both_files(tmp_path: Path) -> None:
    """Committee services set Table Grid's text size in Word (here 8 pt): the data tables of
    both files are set at that size. pdftotext's word boxes, in the PDF and in LibreOffice's
    rendering: a table word as wide in both, and two thirds as tall as a word of the 12 pt
    body in each (the files' boxes differ in height by the fonts' line metrics alone)."""
    inputs = tmp_path / "inputs"
    report = inputs / "june"
    shutil.copytree(INPUTS / JUNE, report)
    folder = inputs / "house-styles" / "small-tables"
    starter.write(folder)
    doc = Document(str(folder / "reference.docx"))
    doc.styles["Table Grid"].font.size = Pt(8)
    doc.save(str(folder / "reference.docx"))
    name_style(report, "../house-styles/small-tables")
    built = api.build(report, tmp_path / "out")
    assert reference.read(folder / "reference.docx").look.table_font_pt == 8.0
    rendered = libreoffice_pdfs(tmp_path / "lo", built.docx)[0]
    widths = {}
    for which, pdf in (("pdf", built.pdf), ("lo", rendered)):
        (stage, *_), (body, *_) = _word_boxes(pdf, "Stage"), _word_boxes(pdf, "Partnership")
        assert abs(stage[1] / body[1] - 8 / 12) < 0.02, (which, stage, body)
        widths[which] = stage[0]
    assert abs(widths["pdf"] - widths["lo"]) < 0.5, widths
    assert pages(built.pdf) == pages(rendered)
