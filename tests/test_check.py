"""`reportgen check`: our sample reports are clean, and each planted fault is found and located.

Every fault is planted in a copy of a real output, changing only the one thing the check is
about, so a test fails when its check stops detecting it (a re-saved, unchanged copy is shown to
be clean first, so the findings come from the fault and not from re-saving).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pikepdf
import pytest
from click.testing import CliRunner
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from conftest import JANUARY, JUNE
from reportgen.check import Finding, check
from reportgen.cli import main


def lines(findings: list[Finding]) -> list[str]:
    """Findings without the file name, which is a temporary path."""
    return [f"{f.where}: {f.message}" for f in findings]


@pytest.mark.parametrize("name", [JUNE, JANUARY])
@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_sample_reports_are_clean(built, name: str, kind: str) -> None:
    assert lines(check(getattr(built(name), kind))) == []


# -- DOCX --------------------------------------------------------------------------------------
def plant_docx(source: Path, tmp_path: Path,
               change: Callable[[DocumentObject], None]) -> list[str]:
    document = docx.Document(str(source))
    change(document)
    copy = tmp_path / "planted.docx"
    document.save(str(copy))
    return lines(check(copy))


def headings(document: DocumentObject) -> Iterator[docx.text.paragraph.Paragraph]:
    return (p for p in document.paragraphs if p.style.name.startswith(("Heading", "Title")))


def test_resaved_docx_is_clean(built, tmp_path) -> None:
    assert plant_docx(built(JANUARY).docx, tmp_path, lambda d: None) == []


def test_docx_missing_title_and_language(built, tmp_path) -> None:
    def change(document: DocumentObject) -> None:
        document.core_properties.title = ""
        document.core_properties.language = ""
    assert plant_docx(built(JUNE).docx, tmp_path, change) == [
        "document properties: no title (core property dc:title); screen readers announce the "
        "file name instead",
        "document properties: no language (core property dc:language); screen readers cannot "
        "choose the right voice"]


def test_docx_picture_without_alt_text(built, tmp_path) -> None:
    def change(document: DocumentObject) -> None:
        del document.element.body.xpath(".//wp:docPr")[1].attrib["descr"]
    assert plant_docx(built(JANUARY).docx, tmp_path, change) == [
        'picture 2 ("Picture 2"): no alt text (Alt Text description is empty)']


def test_docx_decorative_picture_needs_no_alt_text(built, tmp_path) -> None:
    def change(document: DocumentObject) -> None:
        docpr = document.element.body.xpath(".//wp:docPr")[0]
        docpr.set("descr", "")
        docpr.append(_decorative())
    assert plant_docx(built(JANUARY).docx, tmp_path, change) == []


def _decorative() -> object:
    from lxml import etree
    ext_list = etree.fromstring(
        '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
        '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
        'decorative" val="1"/></a:ext></a:extLst>')
    return ext_list


def test_docx_table_without_header_row(built, tmp_path) -> None:
    def change(document: DocumentObject) -> None:
        header = document.tables[0]._tbl.tr_lst[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
        header.getparent().remove(header)
    assert plant_docx(built(JUNE).docx, tmp_path, change) == [
        'table 1 (first row "ASB Stages issued since January 2013 | Number issued"): no '
        'header row (the first row is not marked "Repeat as header row", w:tblHeader)']


def test_docx_merged_cells(built, tmp_path) -> None:
    def change(document: DocumentObject) -> None:
        row = document.tables[0]._tbl.tr_lst[1]
        row.tc_lst[0].get_or_add_tcPr().append(_element("w:gridSpan", "2"))
        row.remove(row.tc_lst[1])
        document.tables[0]._tbl.tr_lst[2].tc_lst[1].get_or_add_tcPr().append(
            _element("w:vMerge", "restart"))
    assert plant_docx(built(JUNE).docx, tmp_path, change) == [
        "table 1, row 2, cell 1: merged cell: spans 2 columns (w:gridSpan); screen readers "
        "lose track of which header each cell is under",
        "table 1, row 3, cell 2: merged cell: spans rows below it (w:vMerge); screen readers "
        "lose track of which header each cell is under"]


def _element(tag: str, value: str) -> object:
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    return element


def test_docx_heading_level_that_skips(built, tmp_path) -> None:
    def change(document: DocumentObject) -> None:
        found = [p for p in headings(document) if p.text == "Improved Health"]
        found[0].style = document.styles["Heading 3"]
    assert plant_docx(built(JANUARY).docx, tmp_path, change) == [
        'paragraph 26 ("Improved Health"): heading level skips: Heading 3 follows Heading 1, '
        "with no Heading 2 between"]


def test_docx_first_heading_after_title_that_skips(built, tmp_path) -> None:
    def change(document: DocumentObject) -> None:
        first = next(p for p in headings(document) if p.style.name == "Heading 1")
        first.style = document.styles["Heading 2"]
    assert plant_docx(built(JUNE).docx, tmp_path, change) == [
        'paragraph 8 ("Purpose of Report"): heading level skips: Heading 2 follows the Title, '
        "with no Heading 1 between"]


def test_docx_empty_heading(built, tmp_path) -> None:
    def change(document: DocumentObject) -> None:
        heading = next(p for p in headings(document) if p.text == "Recommendations")
        for run in heading.runs:
            run._r.getparent().remove(run._r)
    assert plant_docx(built(JUNE).docx, tmp_path, change) == [
        'paragraph 10 (after "To provide an update on Partnership wor…"): empty heading '
        "(Heading 1): screen readers list it as a blank heading"]


# -- PDF ---------------------------------------------------------------------------------------
def plant_pdf(source: Path, tmp_path: Path, change: Callable[[pikepdf.Pdf], None]) -> list[str]:
    copy = tmp_path / "planted.pdf"
    with pikepdf.open(source) as pdf:
        change(pdf)
        pdf.save(copy)
    return lines(check(copy))


def elements(pdf: pikepdf.Pdf, tag: str) -> list[pikepdf.Dictionary]:
    """Structure elements with /S == tag, in reading order."""
    found: list[pikepdf.Dictionary] = []

    def walk(kids: pikepdf.Object) -> None:
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if kid.S == tag:
                    found.append(kid)
                if "/K" in kid:
                    walk(kid.K)
    walk(pdf.Root.StructTreeRoot.K)
    return found


def marked_content(element: pikepdf.Dictionary) -> Iterator[int]:
    """The MCIDs of an element's content, its descendants' included."""
    kids = element.get("/K", [])
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, int):
            yield kid
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from marked_content(kid)


def test_resaved_pdf_is_clean(built, tmp_path) -> None:
    assert plant_pdf(built(JANUARY).pdf, tmp_path, lambda pdf: None) == []


def test_pdf_not_marked_as_tagged(built, tmp_path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        del pdf.Root.MarkInfo
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == [
        "document catalogue: untagged PDF: /MarkInfo /Marked is not true, so assistive "
        "technology ignores the tags (PDF/UA-1 rule PDFUA1-TAGGED-DOCUMENT-001; 1 failed "
        "check(s))"]


def test_pdf_without_structure_tree_also_has_untagged_images(built, tmp_path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        del pdf.Root.StructTreeRoot
    found = plant_pdf(built(JANUARY).pdf, tmp_path, change)
    assert found[-1] == ("document catalogue: untagged PDF: no structure tree "
                         "(/StructTreeRoot); screen readers guess the reading order and find "
                         "no headings, tables or alt text (PDF/UA-1 rule "
                         "PDFUA1-STRUCT-TREE-ROOT-001; 1 failed check(s))")
    assert [line.split(": ")[0] for line in found[:-1]] == ["page 6", "page 6", "page 7"]
    assert all("is not tagged (neither in a Figure with alt text nor marked as an artifact)"
               in line for line in found[:-1])


def test_pdf_without_language(built, tmp_path) -> None:
    """The validator's two rules that fail, each once, in plain words."""
    def change(pdf: pikepdf.Pdf) -> None:
        del pdf.Root.Lang
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == [
        "document catalogue: no document language (/Lang) for the bookmarks; screen readers "
        "cannot choose the right voice (PDF/UA-1 rule PDFUA1-OUTLINE-LANGUAGE-001; 343 failed "
        "checks across 2 rules)",
        "page 1: no document language (/Lang), nor one on this text or its elements; screen "
        "readers cannot choose the right voice (PDF/UA-1 rule PDFUA1-TEXT-LANGUAGE-001; 343 "
        "failed checks across 2 rules)"]


@pytest.mark.parametrize("language", ["", "  "])
def test_pdf_blank_language(built, tmp_path, language: str) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Lang = pikepdf.String(language)
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == [
        "document catalogue: the document language (/Lang) is not a language tag such as "
        "en-GB; screen readers cannot choose the right voice (PDF/UA-1 rule "
        "PDFUA1-LANGUAGE-TAG-001; 1 failed check(s))"]


def test_pdf_title_in_either_place_is_enough(built, tmp_path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        del pdf.docinfo["/Title"]
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == []


def test_pdf_without_title(built, tmp_path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            del meta["dc:title"]
        del pdf.docinfo["/Title"]
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == [
        "XMP metadata: no title (no dc:title in the XMP metadata, where PDF/UA looks for it); "
        "screen readers announce the file name instead (PDF/UA-1 rule "
        "PDFUA1-METADATA-TITLE-001; 1 failed check(s))"]


def test_pdf_blank_title(built, tmp_path) -> None:
    """The validator takes any dc:title, spaces too."""
    def change(pdf: pikepdf.Pdf) -> None:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:title"] = " "
        del pdf.docinfo["/Title"]
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == [
        "XMP metadata: the title (dc:title) is blank; screen readers announce the file name "
        "instead"]


def test_pdf_title_not_displayed(built, tmp_path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.ViewerPreferences.DisplayDocTitle = False
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == [
        "document catalogue: title not shown: /ViewerPreferences /DisplayDocTitle is not "
        "true, so viewers show the file name instead of the title (PDF/UA-1 rule "
        "PDFUA1-VIEWER-PREFERENCES-001; 1 failed check(s))"]


def test_pdf_figure_without_alt_text(built, tmp_path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        figures = elements(pdf, "/Figure")
        assert len(figures) == 3
        del figures[2].Alt
    assert plant_pdf(built(JANUARY).pdf, tmp_path, change) == [
        "page 7, /Document/Part[7]/Sect/NonStruct/Figure: figure has no alt text (/Alt on the "
        "Figure element) (PDF/UA-1 rule PDFUA1-FIGURE-ALTERNATIVE-TEXT-001; 1 failed check(s))"]


def test_pdf_figure_with_blank_alt_text(built, tmp_path) -> None:
    """The validator takes any /Alt but an empty one; spaces tell a listener nothing."""
    def change(pdf: pikepdf.Pdf) -> None:
        elements(pdf, "/Figure")[2].Alt = pikepdf.String("   ")
    assert plant_pdf(built(JANUARY).pdf, tmp_path, change) == [
        "page 7, /Document/Part[7]/Sect/NonStruct/Figure: figure's alt text is blank (/Alt on "
        "the Figure element), which tells a screen-reader user nothing of the picture"]


def test_pdf_figure_with_actual_text_instead_of_alt_is_clean(built, tmp_path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        figure = elements(pdf, "/Figure")[2]
        del figure.Alt
        figure.ActualText = pikepdf.String("A photograph of the event")
    assert plant_pdf(built(JANUARY).pdf, tmp_path, change) == []


def test_pdf_image_tagged_as_something_else(built, tmp_path) -> None:
    """Only the page content shows that this Div draws an image that has no alt text."""
    def change(pdf: pikepdf.Pdf) -> None:
        figure = elements(pdf, "/Figure")[0]
        figure.S = pikepdf.Name.Div
        del figure.Alt
    found = plant_pdf(built(JANUARY).pdf, tmp_path, change)
    assert len(found) == 1
    assert found[0].startswith("page 6: image /i")
    assert found[0].endswith("has no alt text: it is tagged /Div, not a Figure with /Alt")


def in_data_table(pdf: pikepdf.Pdf, tag: str) -> list[pikepdf.Dictionary]:
    """Elements with /S == tag in the June report's data table (not its header block)."""
    return [e for e in elements(pdf, tag) if e.P.P.S in ("/THead", "/TBody")
            and e.P.P.P.P.S == "/Sect"]


def test_pdf_table_without_header_cells(built, tmp_path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        for cell in in_data_table(pdf, "/TH"):
            cell.S = pikepdf.Name.TD
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == [
        "page 5, /Document/Part[5]/Sect/Table: table has no header cells (no TH element), so "
        "screen readers cannot announce the column headers"]


def test_pdf_merged_cell_that_breaks_the_table(built, tmp_path) -> None:
    """The validator's rule, in plain words, at the table: one finding per rule, with a count."""
    def change(pdf: pikepdf.Pdf) -> None:
        in_data_table(pdf, "/TD")[0].A.ColSpan = 2
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == [
        "page 5, /Document/Part[5]/Sect/Table: a table's columns span different numbers of rows "
        "(merged cells), so screen readers lose track of which header each cell is under "
        "(PDF/UA-1 rule PDFUA1-TABLE-COLUMN-ROWSPAN-001; 2 failed checks across 2 rules)",
        "page 5, /Document/Part[5]/Sect/Table: a table's rows span different numbers of columns "
        "(merged cells), so screen readers lose track of which header each cell is under "
        "(PDF/UA-1 rule PDFUA1-TABLE-ROW-COLUMNSPAN-001; 2 failed checks across 2 rules)"]


def test_pdf_heading_level_that_skips(built, tmp_path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        elements(pdf, "/H2")[0].S = pikepdf.Name.H3
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == [
        "page 1, /Document/Part[1]/Sect[1]/H3: heading level skips: H3 is more than one level "
        "below the heading before it (the first heading must be H1), so the list of headings "
        "screen readers skim has a level missing (PDF/UA-1 rule PDFUA1-HEADING-NESTING-001; "
        "1 failed check(s))"]


def test_pdf_first_heading_that_is_not_h1(built, tmp_path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        for heading in elements(pdf, "/H1"):
            heading.S = pikepdf.Name.H2
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == [
        "page 1, /Document/NonStruct/H2: heading level skips: H2 is more than one level below "
        "the heading before it (the first heading must be H1), so the list of headings screen "
        "readers skim has a level missing (PDF/UA-1 rule PDFUA1-HEADING-NESTING-001; 1 failed "
        "check(s))"]


def test_pdf_heading_with_no_content(built, tmp_path) -> None:
    """What WeasyPrint makes of ``<h2></h2>``: an H2 element with no children. The heading's
    text, still drawn and tagged, now belongs to elements outside the tree, which is found too.
    """
    def change(pdf: pikepdf.Pdf) -> None:
        del elements(pdf, "/H2")[1].K
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == [
        "page 1: content tagged Span belongs to no element of the structure tree (on page(s) "
        "1), so screen readers skip it or read it out of place; a page stamp or running header "
        "should be an /Artifact",
        "page 1, /Document/Part[1]/Sect[2]/H2: empty heading: the H2 element has no text"]


def test_pdf_heading_whose_content_draws_no_text(built, tmp_path) -> None:
    """The heading keeps its children and marked content, but the page draws no characters."""
    def change(pdf: pikepdf.Pdf) -> None:
        heading = elements(pdf, "/H2")[1]
        mcids = set(marked_content(heading))
        page = pikepdf.Page(heading.Pg)
        kept, inside = [], False
        for instruction in pikepdf.parse_content_stream(page):
            op = str(instruction.operator)
            if op == "BDC" and "/MCID" in instruction.operands[1]:
                inside = instruction.operands[1].MCID in mcids
            elif op == "EMC":
                inside = False
            elif inside and op in ("Tj", "TJ"):
                continue
            kept.append(instruction)
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == [
        "page 1, /Document/Part[1]/Sect[2]/H2: empty heading: the H2 element has no text"]


# -- the command -------------------------------------------------------------------------------
def test_command_exits_0_on_clean_files(built) -> None:
    files = [str(built(JUNE).docx), str(built(JUNE).pdf)]
    result = CliRunner().invoke(main, ["check", *files])
    assert result.exit_code == 0, result.output
    assert result.output == "2 files checked: no accessibility problems found\n"


def test_command_lists_problems_and_unreadable_files_and_exits_1(built, tmp_path) -> None:
    copy = tmp_path / "untitled.pdf"
    with pikepdf.open(built(JUNE).pdf) as pdf:
        del pdf.Root.Lang
        pdf.save(copy)
    missing = tmp_path / "missing.docx"
    result = CliRunner().invoke(main, ["check", str(copy), str(built(JUNE).docx), str(missing)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{copy}: document catalogue: no document language (/Lang) for the bookmarks; screen "
        "readers cannot choose the right voice (PDF/UA-1 rule PDFUA1-OUTLINE-LANGUAGE-001; 343 "
        "failed checks across 2 rules)",
        f"{copy}: page 1: no document language (/Lang), nor one on this text or its elements; "
        "screen readers cannot choose the right voice (PDF/UA-1 rule PDFUA1-TEXT-LANGUAGE-001; "
        "343 failed checks across 2 rules)",
        f"{missing}: file: cannot be opened: No such file or directory",
        "2 accessibility problems in 1 file and 1 file that could not be read, of 3 files "
        "checked"]


def test_command_reports_files_that_are_neither_format(tmp_path) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("not really a PDF")
    result = CliRunner().invoke(main, ["check", str(text)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{text}: file: is neither a PDF nor a Word (DOCX) file, so it cannot be checked")


def test_someone_elses_docx_that_starts_at_heading_2(tmp_path) -> None:
    """A file made outside reportgen, with python-docx's own template and style names."""
    document = docx.Document()
    document.core_properties.title = "Minutes"
    document.core_properties.language = "en-GB"
    document.add_heading("Apologies", 2)
    document.add_heading("Matters arising", 1)
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    assert lines(check(path)) == [
        'paragraph 1 ("Apologies"): heading level skips: Heading 2 is the first heading, with '
        "no Heading 1 before it"]


# -- what the validator cannot judge, and its rules in plain words ------------------------------
def test_pdf_alt_text_that_is_a_file_name(built, tmp_path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        elements(pdf, "/Figure")[2].Alt = pikepdf.String("event.png")
    assert plant_pdf(built(JANUARY).pdf, tmp_path, change) == [
        "page 7, /Document/Part[7]/Sect/NonStruct/Figure: figure's alt text is a file name "
        '("event.png"), which tells a screen-reader user nothing of the picture']


def test_docx_alt_text_that_is_a_file_name(built, tmp_path) -> None:
    def change(document: DocumentObject) -> None:
        document.element.body.xpath(".//wp:docPr")[0].set("descr", "before.PNG")
    assert plant_docx(built(JANUARY).docx, tmp_path, change) == [
        'picture 1 ("Picture 1"): alt text is a file name ("before.PNG"), which tells a '
        "screen-reader user nothing of the picture"]


def stamp_as_margin_box_content(pdf: pikepdf.Pdf) -> None:
    """What WeasyPrint made of the margin-box stamp: each page's stamp tagged as a Span with an
    MCID of its own, the Span in the ParentTree but not in the structure tree."""
    document = pdf.Root.StructTreeRoot.K[0]
    parents = dict(pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).items())
    for sheet in pdf.pages:
        owners = parents[int(sheet.obj.StructParents)]
        span = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                    S=pikepdf.Name.Span, P=document))
        owners.append(span)
        instructions = pikepdf.parse_content_stream(sheet)
        instructions[0] = pikepdf.ContentStreamInstruction(
            [pikepdf.Name.Span, pikepdf.Dictionary(MCID=len(owners) - 1)], pikepdf.Operator("BDC"))
        sheet.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def test_pdf_page_stamps_tagged_as_content(built, tmp_path) -> None:
    assert plant_pdf(built(JUNE).pdf, tmp_path, stamp_as_margin_box_content) == [
        "page 1: content tagged Span belongs to no element of the structure tree (on page(s) "
        "1, 2, 3, 4, 5, 6, 7), so screen readers skip it or read it out of place; a page stamp "
        "or running header should be an /Artifact",
        'page 1: running header or page stamp "ITEM NO. 9.1" is tagged as content (Span) on '
        "pages 1, 2, 3, 4, 5, 6, 7, so screen readers read it out on every page; it should be "
        "an /Artifact"]


@pytest.mark.parametrize(("moved", "running"), [(-780.0, True), (-400.0, False)])
def test_a_stamp_is_judged_where_its_form_is_drawn(built, tmp_path, moved: float,
                                                   running: bool) -> None:
    """The stamp is a Form XObject drawn at the page's top: moved by the page's own matrix to
    the foot it is still a running stamp, moved to the middle of the page it is not (the
    text's place is the form's matrix applied to the text's own)."""
    def change(pdf: pikepdf.Pdf) -> None:
        stamp_as_margin_box_content(pdf)
        for sheet in pdf.pages:
            instructions = pikepdf.parse_content_stream(sheet)
            instructions.insert(2, pikepdf.ContentStreamInstruction(
                [1, 0, 0, 1, 0, moved], pikepdf.Operator("cm")))
            sheet.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
    found = plant_pdf(built(JUNE).pdf, tmp_path, change)
    assert any('running header or page stamp "ITEM NO. 9.1"' in f for f in found) == running


def test_pdf_page_stamps_tagged_as_the_pages_first_element(built, tmp_path) -> None:
    """What joining parts did: the stamp's MCID 0 read as the page's own first element, so only
    the text's place and repetition show it is a stamp."""
    def change(pdf: pikepdf.Pdf) -> None:
        for sheet in pdf.pages:
            instructions = pikepdf.parse_content_stream(sheet)
            instructions[0] = pikepdf.ContentStreamInstruction(
                [pikepdf.Name.Span, pikepdf.Dictionary(MCID=0)], pikepdf.Operator("BDC"))
            sheet.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
    found = plant_pdf(built(JANUARY).pdf, tmp_path, change)
    assert found[0].startswith('page 2: running header or page stamp "ITEM NO. 17.2" is tagged '
                               "as content (Span) on pages 2, 3, 4, 5, 6, 7, 8,")


def test_pdf_list_that_breaks_pdfua(built, tmp_path) -> None:
    """What WeasyPrint made of the header block's <dl>: L > Div > LI."""
    def change(pdf: pikepdf.Pdf) -> None:
        item = elements(pdf, "/LI")[0]
        div = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                   S=pikepdf.Name.Div, P=item.P,
                                                   K=pikepdf.Array([item])))
        kids = item.P.K
        kids[[k.objgen for k in kids].index(item.objgen)] = div
        item.P = div
    assert plant_pdf(built(JUNE).pdf, tmp_path, change) == [
        "page 1, /Document/Part[1]/Sect[4]/L: a list holds something other than list items (an "
        "L element with a child other than L, LI or Caption), so screen readers miscount it "
        "(PDF/UA-1 rule PDFUA1-L-KIDS-001; 2 failed checks across 2 rules)",
        "page 1, /Document/Part[1]/Sect[4]/L/Div/LI: a list item outside a list (an LI element "
        "not in an L) (PDF/UA-1 rule PDFUA1-LI-PARENT-001; 2 failed checks across 2 rules)"]


def test_libreoffice_untagged_pdf_is_flagged(built, tmp_path) -> None:
    """LibreOffice's default export of our DOCX: untagged, not declared PDF/UA."""
    from oracles import libreoffice_pdfs

    (pdf,) = libreoffice_pdfs(tmp_path / "lo", built(JUNE).docx)
    rules = [line.rsplit("PDF/UA-1 rule ", 1)[-1].split(";")[0] for line in lines(check(pdf))]
    assert {"PDFUA1-TAGGED-DOCUMENT-001", "PDFUA1-STRUCT-TREE-ROOT-001",
            "PDFUA1-CONTENT-TAGGING-001", "PDFUA1-ID-PART-001"} <= set(rules)
    assert len(rules) == len(set(rules))  # one finding per rule


# -- hostile files: one line, in bounded time ---------------------------------------------------
def test_malformed_pdf_is_one_finding(built, tmp_path) -> None:
    data = built(JUNE).pdf.read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[: len(data) // 2])
    found = lines(check(broken))
    assert len(found) == 1 and found[0].startswith("file: cannot be opened as a PDF: ")


def test_structure_tree_5000_deep_is_one_finding(built, tmp_path) -> None:
    deep = tmp_path / "deep.pdf"
    with pikepdf.open(built(JUNE).pdf) as pdf:
        parent = pdf.Root.StructTreeRoot.K[0]
        for _ in range(5000):
            kid = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                       S=pikepdf.Name.Div, P=parent,
                                                       K=pikepdf.Array()))
            parent.K.append(kid)
            parent = kid
        pdf.save(deep)
    started = time.monotonic()
    assert lines(check(deep)) == [
        "document: objects nested more than 256 deep (such as structure elements inside one "
        "another), too deep for readers to follow and for the PDF/UA-1 validator, so its rules "
        "were not checked"]
    assert time.monotonic() - started < 60


@pytest.mark.parametrize(("script", "expected"), [
    ("sleep 30", "file: checking did not finish in 1 s, so it was not checked (the file may be "
                 "made to hang readers)"),
    ("kill -SEGV $$", "file: the checker was stopped by SIGSEGV (out of memory, or a crash "
                      "reading the file), so it was not checked"),
    ("echo Traceback >&2; exit 1", "file: could not be checked: the PDF is damaged or "
     "incomplete (parts of it are missing or not as the format has them); open it, save it "
     "again, and check the new file")])
def test_a_checker_that_hangs_or_crashes_is_one_finding(built, tmp_path, monkeypatch, script,
                                                        expected) -> None:
    """Each PDF is checked in a child process: stand-ins for the child that hang or crash."""
    import reportgen.check as pdf_check  # where the bounded child process is run

    child = tmp_path / "child.sh"
    child.write_text(f"#!/bin/sh\n{script}\n")
    child.chmod(0o755)
    monkeypatch.setattr(pdf_check, "CHECK_TIMEOUT", 1)
    monkeypatch.setattr(pdf_check.sys, "executable", str(child))
    assert lines(check(built(JUNE).pdf)) == [expected]


def _rezipped(source: Path, target: Path, change: dict[str, bytes | None],
              extra: dict[str, bytes] | None = None) -> Path:
    """``source`` (a DOCX) with parts replaced (None: left out) and parts added."""
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    new.writestr(info.filename, change[info.filename])
            else:
                new.writestr(info, old.read(info))
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


EMPTY_DOCUMENT = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org'
                  b'/wordprocessingml/2006/main"></w:document>')


@pytest.mark.parametrize("damage", ["no body", "a zip bomb", "a bomb in the text"])
def test_a_damaged_docx_or_a_zip_bomb_is_one_finding_in_plain_words(built, tmp_path,
                                                                    damage: str) -> None:
    source = built(JUNE).docx
    if damage == "no body":
        docx = _rezipped(source, tmp_path / "x.docx", {"word/document.xml": EMPTY_DOCUMENT})
        expected = ("file: could not be checked: the Word document has no body (its text is "
                    "missing); open it in Word, save it again, and check the new file")
    elif damage == "a zip bomb":
        docx = _rezipped(source, tmp_path / "x.docx", {},
                         {"word/media/image99.png": bytes(600 * 2**20)})
        expected = "file: was not checked: it unpacks to"
    else:
        document = EMPTY_DOCUMENT.replace(b"</w:document>",
                                          b"<w:body>" + b" " * (300 * 2**20) + b"</w:body>"
                                          b"</w:document>")
        docx = _rezipped(source, tmp_path / "x.docx", {"word/document.xml": document})
        expected = "file: was not checked: it unpacks to"
    found = lines(check(docx))
    assert len(found) == 1 and found[0].startswith(expected), found
    assert "Error" not in found[0]


def test_text_drawn_as_empty_boxes_is_found_in_anyones_pdf(tmp_path) -> None:
    """A PDF made elsewhere (here by WeasyPrint, with a character no installed font has)."""
    from weasyprint import HTML

    made = tmp_path / "boxes.pdf"
    HTML(string="<html lang='en'><title>x</title><p>A sign: \U00013000\U00013001 here.</p>"
         ).write_pdf(made)
    found = [line for line in lines(check(made)) if "empty boxes" in line]
    assert len(found) == 1, found
    assert found[0].startswith("page 1: 2 characters (\U00013000\U00013001) drawn as empty "
                               "boxes: the font "), found
    assert found[0].endswith("has no glyph for them; make the file again with a font that "
                             "has them")
