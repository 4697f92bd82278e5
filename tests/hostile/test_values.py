"""Cell values that are not what they look like: formulas, errors, merges, amounts and dates
typed as text, characters no writer can carry, and the world's scripts.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from conftest import DETAILS, TEXT, pdf_text, report_sheets
from hostile.cases import CONTROL, CONTROL_CLEANED, WORKBOOK, WORLD, good, text_rows
from hostile.conftest import expect, problems
from hostile.read import docx_text, notdef_characters, squash
from oracles import libreoffice_pdfs
from reportgen import api, model

#: Builds here are incidental to what is tested: parts laid out before in the run are reused.
pytestmark = pytest.mark.usefixtures("shared_layout_cache")

VALUE_CASES = ["formula_never_calculated", "formula_with_cached_result", "error_values",
               "merged_cells_across_rows", "merged_cells_within_a_row", "merged_cells_in_a_table",
               "amounts_typed_wrongly", "meeting_date_typed_as_text", "meeting_date_month_first",
               "control_characters", "raw_control_character_in_xml",
               "welsh_accented_and_right_to_left", "date_as_date_cell"]
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("name", VALUE_CASES)
def test_each_value_case_reads_or_is_located(name: str, folder: Path) -> None:
    expect(name, folder)


def table(report: model.Report) -> model.Table:
    return next(b for b in report.sections[2].blocks if isinstance(b, model.Table))


# -- formulas and errors ----------------------------------------------------------------------
def test_uncalculated_formula_is_one_problem_at_its_cell(folder: Path) -> None:
    assert expect("formula_never_calculated", folder) == [
        f"{WORKBOOK}, sheet Stages, cell B4: holds the formula =SUM(B2:B3), which Excel has "
        "never calculated (the workbook was written by a program, not saved in Excel); open it "
        "in Excel and save it, so the result is stored"]


@pytest.mark.parametrize(("field", "formula"), [("Title", '=CONCAT("A ", "title")'),
                                                 ("Meeting date", "=TODAY()")])
def test_uncalculated_formula_in_details_is_not_also_missing(folder: Path, field: str,
                                                             formula: str) -> None:
    good(folder, report_sheets(details=dict(DETAILS, **{field: formula})))
    (found,) = problems(folder)
    cell = "B5" if field == "Title" else "B4"
    assert found.startswith(f"{WORKBOOK}, sheet Details, cell {cell}: holds the formula "
                            f"{formula}, which Excel has never calculated")


def test_formula_with_its_result_stored_reads_the_result(folder: Path) -> None:
    report = expect("formula_with_cached_result", folder)
    assert isinstance(report, model.Report)
    assert table(report).rows[-1] == ["Stage 3", "8"]
    assert table(report).footer == ["Total", "16"]


def test_error_values_are_named_at_their_cells_and_nothing_else(folder: Path) -> None:
    assert expect("error_values", folder) == [
        f"{WORKBOOK}, sheet Text, cell B5: shows the error #REF!; correct the formula (or type "
        "the value) so that the cell shows what should be printed",
        f"{WORKBOOK}, sheet Stages, cell B3: shows the error #DIV/0!; correct the formula (or "
        "type the value) so that the cell shows what should be printed"]


# -- merged cells -----------------------------------------------------------------------------
def test_merge_across_rows_is_one_problem(folder: Path) -> None:
    assert expect("merged_cells_across_rows", folder) == [
        f"{WORKBOOK}, sheet Text, cell A9:A10: cells A9:A10 are merged across rows; only A9 "
        "holds the value, so the rows below it would lose it: unmerge them and type the value "
        "in each row that needs it"]


def test_merge_within_a_row_keeps_the_text(folder: Path) -> None:
    report = expect("merged_cells_within_a_row", folder)
    assert isinstance(report, model.Report)
    assert model.plain(report.sections[2].blocks[1].text) == "An unnumbered paragraph."


# -- amounts and dates typed as text ----------------------------------------------------------
def test_amounts_typed_wrongly_are_each_named(folder: Path) -> None:
    found = expect("amounts_typed_wrongly", folder)
    assert len(found) == 2
    assert found[0] == (f"{WORKBOOK}, sheet Stages, cell B3: found '£23,9O2', which is not a "
                        "number (it looks like a mistyped amount); column B has a total, so "
                        "expected a number such as 23902 or £23,902 (or a blank cell)")


@pytest.mark.parametrize(("cells", "total"), [
    (["£1,000", "£23,902", 250.5], "£25,152.5"),
    ([0.1, 0.2], "0.3"),
    (["1 000", 2, None, "(500)"], "502"),
    ([3, 5, None], "8"),
    (["-£5.50", 10], "£4.50"),
])
def test_totals_add_up_amounts_as_typed(folder: Path, cells: list[object], total: str) -> None:
    sheets = report_sheets()
    sheets["Stages"] = [("Stage", "Spend"), *((f"Stage {i}", c) for i, c in enumerate(cells)),
                        ("Total", "sum")]
    good(folder, sheets)
    assert table(api.load(folder)).footer == ["Total", total]


def test_a_text_column_with_a_number_in_it_is_not_added_up(folder: Path) -> None:
    sheets = report_sheets()
    sheets["Stages"] = [("Stage", "Number", "Notes"), ("Stage 1", 3, "Warning letter"),
                        ("Stage 2", 5, "Meeting"), ("Stage 3", 1, "5"), ("Total", "sum")]
    good(folder, sheets)
    assert table(api.load(folder)).footer == ["Total", "9", ""]


def test_meeting_date_typed_day_first(folder: Path, tmp_path: Path) -> None:
    report = expect("meeting_date_typed_as_text", folder)
    assert isinstance(report, model.Report)
    assert report.details.meeting_date == dt.date(2013, 3, 1)
    built = api.build(folder, tmp_path / "out")
    assert "1 MARCH 2013" in pdf_text(built.pdf)
    assert "1 MARCH 2013" in docx_text(built.docx)


# -- characters -------------------------------------------------------------------------------
def test_excel_escapes_are_decoded_once(folder: Path) -> None:
    good(folder, report_sheets(text=text_rows(
        ("paragraph", "Line one_x000B_Line two"),
        ("paragraph", "typed literally: _x005F_x000B_"))))
    blocks = api.load(folder).sections[-1].blocks
    assert [model.plain(b.text) for b in blocks[-2:]] == [
        "Line one\nLine two", "typed literally: _x000B_"]


def test_control_characters_are_cleaned_once_for_both_writers(folder: Path,
                                                               tmp_path: Path) -> None:
    report = expect("control_characters", folder)
    assert isinstance(report, model.Report)
    assert model.plain(report.sections[-1].blocks[-1].text) == CONTROL_CLEANED
    built = api.build(folder, tmp_path / "out")
    assert CONTROL_CLEANED in docx_text(built.docx)
    assert squash(CONTROL_CLEANED) in squash(pdf_text(built.pdf))
    assert "\x1b" not in docx_text(built.docx) and CONTROL not in docx_text(built.docx)


#: Unassigned in Unicode, so no font draws it: the control for the glyph checks.
NO_GLYPH = "\u0378"


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Welsh, accented and right-to-left report, and a control report with a character no
    font has, each built once and laid out by LibreOffice from its DOCX: world.docx,
    world.pdf, world-word.pdf, control.docx and so on.
    """
    from hostile.cases import NAME, welsh_accented_and_right_to_left

    work = tmp_path_factory.mktemp("scripts")
    found: dict[str, Path] = {}
    for name in ("world", "control"):
        folder = work / name / NAME
        folder.mkdir(parents=True)
        if name == "world":
            welsh_accented_and_right_to_left(folder)
        else:
            good(folder, report_sheets(text=text_rows(("paragraph", f"drawn: {NO_GLYPH}!"))))
        with pytest.MonkeyPatch.context() as patch:
            if name == "control":  # a build refuses it (tests/test_glyphs.py); made here anyway
                patch.setattr("reportgen.inputs.workbook.unprintable", lambda text: [])
            built = api.build(folder, work / name / "out")
        found[f"{name}.docx"] = shutil.copy(built.docx, work / f"{name}.docx")
        found[f"{name}.pdf"] = built.pdf
    pdfs = libreoffice_pdfs(work / "word", found["world.docx"], found["control.docx"])
    found["world-word.pdf"], found["control-word.pdf"] = pdfs
    return found


def _words_of(text: str) -> set[str]:
    return set(BIDI_MARKS.sub("", text).split())


@pytest.mark.parametrize("pdf", ["world.pdf", "world-word.pdf"])
def test_world_scripts_print_with_real_glyphs(scripts: dict[str, Path], pdf: str) -> None:
    """In our PDF, and in LibreOffice's layout of our DOCX: no .notdef boxes, and the text
    extracted is the text typed.
    """
    assert notdef_characters(scripts[pdf]) == []
    found = _words_of(pdf_text(scripts[pdf]))
    for text in WORLD.values():
        assert _words_of(text) <= found, text


@pytest.mark.parametrize("pdf", ["control.pdf", "control-word.pdf"])
def test_the_glyph_check_sees_a_missing_glyph(scripts: dict[str, Path], pdf: str) -> None:
    assert notdef_characters(scripts[pdf]) == [NO_GLYPH]


def test_world_scripts_are_stored_whole_in_the_docx(scripts: dict[str, Path]) -> None:
    text = docx_text(scripts["world.docx"])
    for value in WORLD.values():
        assert value in text
    assert f"ADRODDIAD {WORLD['welsh'].upper()}" in text


def test_text_rows_are_read_the_same_from_shared_and_inline_strings(folder: Path,
                                                                    make_report) -> None:
    good(folder)  # shared strings, as Excel writes
    inline = api.load(make_report())  # inline strings, as openpyxl writes
    shared = api.load(folder)
    assert [model.plain(t) for t in model.report_texts(shared)] == [
        model.plain(t) for t in model.report_texts(inline)]
    assert len(TEXT) > 10


def test_reportgen_check_finds_the_empty_box_in_the_control(scripts: dict[str, Path]) -> None:
    from reportgen.check import check

    found = [f.message for f in check(scripts["control.pdf"]) if "empty boxes" in f.message]
    assert len(found) == 1, found
    assert found[0].startswith(f"1 character ({NO_GLYPH}) drawn as empty boxes"), found
