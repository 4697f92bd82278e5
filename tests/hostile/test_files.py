"""Files that are not the workbook they claim to be, or not there at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_workbook, plan_sheets, report_sheets
from hostile.cases import NAME, WORKBOOK, password_protected, xls_renamed
from hostile.conftest import expect, problems
from reportgen import api, model

FILE_CASES = ["xls_renamed", "password_protected", "csv_renamed", "html_export", "xlsb_renamed",
              "ods_renamed", "zero_bytes", "truncated", "lock_file_beside", "missing_workbook",
              "workbook_named_differently", "missing_sheet", "renamed_column", "hidden_sheets"]


@pytest.mark.parametrize("name", FILE_CASES)
def test_each_file_case_reads_or_says_what_it_is(name: str, folder: Path) -> None:
    expect(name, folder)


@pytest.mark.parametrize("name", ["xls_renamed", "password_protected", "csv_renamed",
                                  "html_export", "xlsb_renamed", "zero_bytes", "truncated",
                                  "missing_workbook", "missing_sheet", "renamed_column"])
def test_a_file_problem_is_one_problem_not_a_cascade(name: str, folder: Path) -> None:
    found = expect(name, folder)
    assert isinstance(found, list) and len(found) == 1, found


def test_the_two_ole_containers_get_different_advice(folder: Path, tmp_path: Path) -> None:
    xls_renamed(folder)
    (old,) = problems(folder)
    other = tmp_path / "other" / NAME
    other.mkdir(parents=True)
    password_protected(other)
    (protected,) = problems(other)
    assert "Save As" in old and "password" not in old
    assert "password" in protected and "97-2003" not in protected


def test_lock_file_is_neither_read_nor_a_dependency(folder: Path, tmp_path: Path) -> None:
    expect("lock_file_beside", folder)
    built = api.build(folder, tmp_path / "out")
    record = (tmp_path / "out" / f".{NAME}.build.json").read_text()
    assert "~$" not in record and built.pdf.exists()


def test_a_lock_file_alone_is_not_the_workbook(folder: Path) -> None:
    (folder / "~$report.xlsx").write_bytes(b"\x0aA. Officer".ljust(165, b"\0"))
    (found,) = problems(folder)
    assert found.startswith(f"{WORKBOOK}: is missing; expected an Excel workbook at")
    assert "~$" not in found


def test_hidden_sheets_are_read_like_visible_ones(folder: Path) -> None:
    report = expect("hidden_sheets", folder)
    assert isinstance(report, model.Report)
    blocks = report.sections[2].blocks
    case_study = next(b for b in blocks if isinstance(b, model.CaseStudy))
    table = next(b for b in blocks if isinstance(b, model.Table))
    assert case_study.title == "A case study"
    assert table.footer == ["Total", "8"]


def test_a_folder_where_the_workbook_should_be(folder: Path) -> None:
    (folder / "report.xlsx").mkdir()
    assert problems(folder) == [f"{WORKBOOK}: is not a file (it is a folder or a device); "
                                "expected an Excel workbook"]


def test_hostile_delivery_plan_workbook_is_named_in_its_problem(make_report) -> None:
    sheets = report_sheets()
    sheets["Appendices"] = [("Key", "Title", "Kind", "Source"),
                            ("plan", "The Plan", "delivery plan", "plan.xlsx"),
                            ("plan2", "Another", "delivery plan", "plan2.xlsx")]
    folder = make_report(sheets)
    xls_renamed(folder)  # writes report.xlsx: move it to be the plan
    (folder / "report.xlsx").rename(folder / "plan.xlsx")
    make_workbook(folder / "report.xlsx", sheets)
    plan = plan_sheets()
    plan["Activities"] = [("Outcome",), *plan["Activities"][1:]]
    make_workbook(folder / "plan2.xlsx", plan)
    found = problems(folder)
    assert found[0] == ("plan.xlsx (named by test-report/report.xlsx): is an old-format Excel "
                        "97-2003 workbook (.xls), not .xlsx; open it in Excel and use Save As, "
                        "type 'Excel Workbook (.xlsx)'")
    assert found[1].startswith("plan2.xlsx (named by test-report/report.xlsx), sheet Activities, "
                               "cell 1:1: has no column headed 'Objective' in row 1")
    assert len(found) == 2 + 8  # every missing Activities column, in one run
