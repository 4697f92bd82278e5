"""Small workbooks that make a great deal of text: a shared string of 32,767 characters shown by
hundreds of cells, a long table or case study shown again and again, a delivery plan named by
several appendices. The text one report reads is bounded (``workbook.MAX_TEXT_CHARS``); past
it, reading stops with one problem naming the workbook and sheet where it ran out.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import TEXT, make_workbook, plan_sheets, report_sheets
from hostile.cases import CASES, LONGEST, NAME, WORKBOOK, good, text_rows
from hostile.conftest import assert_unchanged, expect, problems
from hostile.forge import rewrite, share_strings
from hostile.measure import GOAL_SECONDS, HANG_SECONDS, PEAK_MB, run_reportgen
from reportgen import api
from reportgen.inputs.workbook import MAX_TEXT_CHARS

LONG = "LONGTEXTPLACEHOLDER"


def lengthen(path: Path) -> None:
    """Make every cell showing LONG show LONGEST instead: one shared string, 32,767
    characters, however many cells show it (as Excel stores a text typed in many cells).
    """
    rewrite(path, {"xl/sharedStrings.xml": lambda xml: xml.replace(
        f">{LONG}<".encode(), f">{LONGEST}<".encode())})


def report_with(folder: Path, sheets: dict) -> None:
    lengthen(good(folder, sheets))


def plan_with(folder: Path, activities: int, name: str = "plan.xlsx") -> None:
    plan = plan_sheets(activities)
    header, *rows = plan["Activities"]
    plan["Activities"] = [header, *[(row[0], *([LONG] * (len(row) - 1))) for row in rows]]
    path = make_workbook(folder / name, plan)
    share_strings(path)
    lengthen(path)


def appendices(*rows: tuple[str, str, str, str]) -> list[tuple[str, ...]]:
    return [("Key", "Title", "Kind", "Source"), *rows]


# Each way of making text: how to make the report folder, and where reading must stop.
def _text_rows(folder: Path) -> None:
    report_with(folder, report_sheets(text=text_rows(*[("paragraph", LONG)] * 400)))


def _many_columns(folder: Path) -> None:
    row = ("paragraph", LONG, "", "", *[LONG] * 36)
    report_with(folder, report_sheets(text=text_rows(*[row] * 20)))


def _table_cells(folder: Path) -> None:
    sheets = report_sheets()
    sheets["Stages"] = [("Stage", "A", "B", "C", "D"), *[(LONG,) * 5] * 100]
    report_with(folder, sheets)


def _case_study_rows(folder: Path) -> None:
    sheets = report_sheets()
    sheets["Case studies"] = [("Key", "Title", "Text"), ("cs1", "A case study", LONG),
                              *[(None, None, LONG)] * 400]
    report_with(folder, sheets)


def _appendix_sheet(folder: Path) -> None:
    sheets = report_sheets()
    sheets["Appendices"] = appendices(("terms", "Terms", "text", "Terms"))
    sheets["Terms"] = [("Style", "Text"), *[("paragraph", LONG)] * 400]
    report_with(folder, sheets)


def _plan_rows(folder: Path) -> None:
    sheets = report_sheets()
    sheets["Appendices"] = appendices(("plan", "The Plan", "delivery plan", "plan.xlsx"))
    good(folder, sheets)
    plan_with(folder, 40)


def _table_named_again_and_again(folder: Path) -> None:
    sheets = report_sheets(text=text_rows(*[("table", "Again", "Stages")] * 20))
    sheets["Stages"] = [("Stage", "Number issued"), *[(LONG, LONG)] * 10, ("Total",)]
    report_with(folder, sheets)


def _case_study_shown_again_and_again(folder: Path) -> None:
    sheets = report_sheets(text=text_rows(*[("case study", "", "cs1")] * 40))
    sheets["Case studies"] = [("Key", "Title", "Text"), ("cs1", "A case study", LONG),
                              *[(None, None, LONG)] * 9]
    report_with(folder, sheets)


def _plan_named_again_and_again(folder: Path) -> None:
    sheets = report_sheets()
    sheets["Appendices"] = appendices(*[(f"plan{i}", "The Plan", "delivery plan", "plan.xlsx")
                                        for i in range(3)])
    good(folder, sheets)
    plan_with(folder, 15)


READ_MANY_TIMES = "more text than a report could print"
#: name: (make, workbook, sheet, what the problem says).
AMPLIFIERS: dict[str, tuple[Callable[[Path], None], str, str, str]] = {
    "text rows": (_text_rows, WORKBOOK, "Text", READ_MANY_TIMES),
    "table cells": (_table_cells, WORKBOOK, "Stages", READ_MANY_TIMES),
    "case study rows": (_case_study_rows, WORKBOOK, "Case studies", READ_MANY_TIMES),
    "text appendix": (_appendix_sheet, WORKBOOK, "Terms", READ_MANY_TIMES),
    "delivery plan": (_plan_rows, "plan.xlsx", "Activities", READ_MANY_TIMES),
    "table named again and again": (_table_named_again_and_again, WORKBOOK, "Stages",
                                     READ_MANY_TIMES),
    "case study shown again and again": (_case_study_shown_again_and_again, WORKBOOK, "Text",
                                         "shows case study 'cs1' once more"),
    "plan named again and again": (_plan_named_again_and_again, "plan.xlsx", "Activities",
                                   READ_MANY_TIMES),
}


@pytest.mark.parametrize("how", list(AMPLIFIERS))
def test_text_past_the_budget_is_one_problem_where_it_ran_out(folder: Path, how: str) -> None:
    make, workbook, sheet, says = AMPLIFIERS[how]
    make(folder)
    start = time.monotonic()
    found = problems(folder)
    assert time.monotonic() - start < HANG_SECONDS
    assert len(found) == 1, found
    (problem,) = found
    assert re.match(rf"{re.escape(workbook)}( \(named by [^)]*\))?, sheet {re.escape(sheet)}, "
                    rf"cell \w+:?\w*: ", problem), problem
    assert says in problem
    assert f"{MAX_TEXT_CHARS:,} characters" in problem


def test_text_in_columns_without_a_heading_reportgen_reads_is_passed_over(
        folder: Path) -> None:
    """36 columns of long text beside Style and Text: their cells are not read (sheetxml's
    ``columns``), so they neither take memory nor count against the text budget."""
    _many_columns(folder)
    start = time.monotonic()
    api.load(folder)  # no problem: what is not read is not a report's text
    assert time.monotonic() - start < HANG_SECONDS


def test_the_text_case_is_located_at_the_row_where_it_ran_out(folder: Path) -> None:
    found = expect("long_text_in_every_row", folder)
    first = len(TEXT) + 2  # the row after the report's own
    last = first + MAX_TEXT_CHARS // len(LONGEST)
    assert found == [f"{WORKBOOK}, sheet Text, cell {last}:{last}: has more text than a "
                     f"report could print: by row {last} of this sheet the report's text passes "
                     f"{MAX_TEXT_CHARS:,} characters (about 3,000 pages), counting each sheet "
                     "each time it is named and each case study each time it is shown; delete "
                     "the text the report does not need (long text repeated in many cells, "
                     "say)"]


def test_text_just_within_the_budget_is_read(folder: Path) -> None:
    count = (MAX_TEXT_CHARS - 100_000) // len(LONGEST)
    report_with(folder, report_sheets(text=text_rows(*[("paragraph", LONG)] * count)))
    report = api.load(folder)
    assert sum(1 for b in report.sections[-1].blocks if "Lorem" in str(b)) == count


def test_a_million_cells_of_long_text_are_refused_within_bounds(folder: Path, out: Path,
                                                                previous) -> None:
    """Twenty thousand rows of 40 cells, all one 32,767-character shared string."""
    CASES["long_text_in_a_million_cells"].make(folder)
    run = run_reportgen("build", str(folder), "-o", str(out))
    print(f"\nlong text in a million cells: {run.seconds:.2f} s, {run.peak_mb:.0f} MB peak "
          f"(goal {GOAL_SECONDS} s, bound {PEAK_MB} MB)")
    assert "Traceback" not in run.stderr
    assert run.exit_code == 2, run.stderr
    assert run.seconds < HANG_SECONDS
    assert run.peak_mb <= PEAK_MB
    for fragment in CASES["long_text_in_a_million_cells"].expect:
        assert fragment in run.stderr
    assert run.stderr.count("\n") == 1, run.stderr
    assert_unchanged(out, previous)
    assert (folder.parent / NAME) == folder
