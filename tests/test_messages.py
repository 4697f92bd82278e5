"""Messages that point the right way, and a command line that takes what people type."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import DETAILS, TEXT, make_workbook, plan_sheets, report_sheets
from reportgen import api
from reportgen.cli import main
from reportgen.errors import InputError

#: Builds here are incidental to what is tested: parts laid out before in the run are reused.
pytestmark = pytest.mark.usefixtures("shared_layout_cache")


def problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        api.load(folder)
    return [str(p) for p in caught.value.problems]


def test_a_missing_reference_is_reported_with_the_style_errors(make_report) -> None:
    text = [*TEXT, ("bulet", "A typo"), ("paragraph", "See [[paragraph:nokey]].")]
    found = problems(make_report(report_sheets(text=text)))
    assert any("found 'bulet'" in p for p in found)
    assert any("refers to paragraph 'nokey', which does not exist" in p for p in found)


def test_a_reference_to_a_row_dropped_for_its_own_problem_is_not_reported_too(
        make_report) -> None:
    text = [*TEXT, ("numbered paragrph", "Target", "target"), ("paragraph", "[[paragraph:target]]")]
    found = problems(make_report(report_sheets(text=text)))
    assert len(found) == 1 and "numbered paragrph" in found[0]


def test_a_renamed_column_names_the_headings_there_and_the_likely_one(make_report) -> None:
    sheets = report_sheets()
    sheets["Text"] = [("Style", "Words", "Key", "Alt text"), *TEXT]
    (found,) = problems(make_report(sheets))
    assert found == ("test-report/report.xlsx, sheet Text, cell 1:1: has no column headed "
                     "'Text' in row 1 (is it column B, 'Words'? rename it 'Text'); the headings "
                     "there are A 'Style', B 'Words', C 'Key', D 'Alt text'; expected columns: "
                     "Style, Text")


def test_no_implausible_column_is_suggested(make_report) -> None:
    sheets = report_sheets()
    sheets["Text"] = [("Style", "Key", "Alt text"), *[(r[0], r[2] if len(r) > 2 else None)
                                                       for r in TEXT]]
    (found,) = problems(make_report(sheets))
    assert "is it column" not in found and "closest" not in found


def test_sheets_are_found_whatever_their_case_and_spaces(make_report) -> None:
    sheets = report_sheets()
    sheets["case Studies "] = sheets.pop("Case studies")
    sheets[" details"] = sheets.pop("Details")
    report = api.load(make_report(sheets))
    assert report.details.title == DETAILS["Title"]


def test_the_agenda_item_is_a_whole_number(make_report) -> None:
    (found,) = problems(make_report(report_sheets(details=dict(DETAILS, **{
        "Agenda item": "Item 8"}))))
    assert found.startswith("test-report/report.xlsx, sheet Details, cell B6: agenda item "
                            "'Item 8' is not a whole number; expected the item's number alone, "
                            "such as 8")


def test_a_workbook_open_in_excel_is_built_with_a_note(make_report, tmp_path) -> None:
    folder = make_report()
    (folder / "~$report.xlsx").write_bytes(b"\x0aA. Officer".ljust(165, b"\0"))
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "test-report/report.xlsx: is open in Excel (its lock file ~$report.xlsx is beside " \
           "it); the report is built from the last saved copy" in result.output


def _plan_report(make_report, plan: dict, title: str = "The Plan") -> Path:
    sheets = report_sheets()
    sheets["Appendices"] = [("Key", "Title", "Kind", "Source"),
                            ("plan", title, "delivery plan", "plan.xlsx")]
    return make_report(sheets, extra={"plan.xlsx": plan})


def test_a_message_about_a_plan_names_the_report_that_named_it(make_report) -> None:
    plan = plan_sheets()
    plan["Activities"][1] = ("x", *plan["Activities"][1][1:])
    found = problems(_plan_report(make_report, plan))
    assert found[0].startswith("plan.xlsx (named by test-report/report.xlsx), sheet "
                               "Activities, cell A2: Outcome 'x' is not an outcome number")


def test_a_plan_title_is_optional_and_never_printed_twice(make_report) -> None:
    plan = plan_sheets()
    del plan["Plan"]
    report = api.load(_plan_report(make_report, plan))
    assert report.appendices[0].body.title == ""  # type: ignore[union-attr]
    plan = plan_sheets()  # its title, "Test Delivery Plan", is the appendix's too
    report = api.load(_plan_report(make_report, plan, title="Test  delivery plan"))
    assert report.appendices[0].body.title == ""  # type: ignore[union-attr]


# -- the command line ---------------------------------------------------------------------
def _inputs(tmp_path: Path) -> Path:
    inputs = tmp_path / "inputs"
    for name in ("one", "two"):
        make_workbook(inputs / name / "report.xlsx", report_sheets())
    (inputs / "README.txt").write_text("notes")
    return inputs


def test_build_of_a_folder_of_reports_builds_each(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    result = CliRunner().invoke(main, ["build", str(inputs), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".one.build.json", ".two.build.json", "one.docx", "one.pdf", "two.docx", "two.pdf"]
    assert result.output.splitlines()[-2:] == ["one: built", "two: built"]


def test_build_dot_names_the_outputs_after_the_folder(tmp_path: Path) -> None:
    folder = _inputs(tmp_path) / "one"
    cwd = os.getcwd()
    try:
        os.chdir(folder)
        result = CliRunner().invoke(main, ["build", ".", "-o", str(tmp_path / "out")])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".one.build.json", "one.docx", "one.pdf"]


def test_a_workbook_path_means_its_folder_and_stray_files_are_skipped(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    result = CliRunner().invoke(main, ["validate", str(inputs / "one" / "report.xlsx"),
                                       str(inputs / "README.txt")])
    assert result.exit_code == 0, result.output
    assert f"{inputs / 'README.txt'}: skipped, not a report folder" in result.output
    assert "1 report folder: the inputs are good" in result.output


def test_two_folders_with_one_name_are_refused(tmp_path: Path) -> None:
    a = _inputs(tmp_path / "a") / "one"
    b = _inputs(tmp_path / "b") / "one"
    result = CliRunner().invoke(main, ["build", str(a), str(b), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{b}: has the same name as {a}" in result.output
    assert not (tmp_path / "out").exists()


def test_help_is_h_too_and_summaries_are_whole() -> None:
    result = CliRunner().invoke(main, ["-h"])
    assert result.exit_code == 0
    assert "Build each report folder into a .docx and a .pdf." in result.output
    commands = result.output.split("Commands:")[1].splitlines()
    assert commands and not [line for line in commands if line.rstrip().endswith("...")]


def test_check_says_a_file_cannot_be_read_rather_than_counting_a_problem(tmp_path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# hello")
    result = CliRunner().invoke(main, ["check", str(readme)])
    assert result.exit_code == 1
    assert "1 file that could not be read" in result.output
    assert "accessibility problem" not in result.output.splitlines()[-1]


def test_a_long_folder_name_is_an_input_problem_before_any_work(tmp_path: Path) -> None:
    folder = tmp_path / ("x" * 230)
    make_workbook(folder / "report.xlsx", report_sheets())
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "the folder name is 230 characters long" in result.output


def test_a_renamed_sample_sheet_is_found(tmp_path: Path) -> None:
    from conftest import INPUTS, JUNE

    folder = tmp_path / JUNE
    shutil.copytree(INPUTS / JUNE, folder)
    book = openpyxl.load_workbook(folder / "report.xlsx")
    book["Text"].title = "tmp"
    book["tmp"].title = " TEXT"
    book.save(folder / "report.xlsx")
    assert api.load(folder).sections
