"""Keys given twice: to two numbered rows, two case studies, two appendices. Each is reported
at the repeat, naming both cells, so the officer finds the first use without searching.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import TEXT, report_sheets
from hostile.cases import WORKBOOK, good
from hostile.conftest import expect, problems

KEY_CASES = ["paragraph_key_given_twice", "case_study_key_given_twice",
             "appendix_key_given_twice"]


@pytest.mark.parametrize("name", KEY_CASES)
def test_each_key_case_is_located(name: str, folder: Path) -> None:
    expect(name, folder)


# -- keys given twice -------------------------------------------------------------------------
#: The styles whose key a reference can name: the rows that get a number.
NUMBERED = ["section", "numbered paragraph", "numbered heading"]


@pytest.mark.parametrize("second", NUMBERED)
@pytest.mark.parametrize("first", NUMBERED)
def test_a_numbered_key_given_twice_names_both_cells(folder: Path, first: str,
                                                     second: str) -> None:
    rows = list(TEXT)
    rows[1] = (first, "Keyed first", "dup")  # row 3, in section 1
    rows[12] = (second, "Keyed again", "dup")  # row 14, in section 3
    good(folder, report_sheets(text=rows))
    assert [p for p in problems(folder) if "dup" in p] == [
        f"{WORKBOOK}, sheet Text, cell C14: key 'dup' is given to two numbered rows, in cells "
        "C3 and C14; expected each key once"]


def test_a_key_given_three_times_names_the_first_use_in_each_problem(folder: Path) -> None:
    rows = list(TEXT)
    for index in (1, 6, 12):  # rows 3, 8 and 14
        rows[index] = ("numbered paragraph", f"Paragraph at row {index + 2}.", "again")
    good(folder, report_sheets(text=rows))
    found = [p for p in problems(folder) if "'again'" in p]
    assert [re.sub(r"^.*cell (\w+): .*in cells (\w+) and (\w+);.*$", r"\1 \2 \3", p)
            for p in found] == ["C8 C3 C8", "C14 C3 C14"]


@pytest.mark.parametrize("rows_between", [0, 1, 5])
def test_a_case_study_key_given_twice_names_both_cells(folder: Path, rows_between: int) -> None:
    sheets = report_sheets()
    sheets["Case studies"] = [("Key", "Title", "Text"), ("cs1", "A case study", "First."),
                              *[(None, None, f"More {i}.") for i in range(rows_between)],
                              ("cs1", "The same key", "Second.")]
    good(folder, sheets)
    repeat = f"A{3 + rows_between}"
    assert problems(folder) == [
        f"{WORKBOOK}, sheet Case studies, cell {repeat}: case study key 'cs1' is used twice, "
        f"in cells A2 and {repeat}; expected each key once"]


@pytest.mark.parametrize("kinds", [("text", "text"), ("text", "delivery plan")])
def test_an_appendix_key_given_twice_names_both_cells(folder: Path, kinds: tuple[str, str]
                                                      ) -> None:
    from conftest import make_workbook, plan_sheets

    sheets = report_sheets()
    sources = {"text": "Terms", "delivery plan": "plan.xlsx"}
    sheets["Appendices"] = [("Key", "Title", "Kind", "Source"),
                            ("other", "Another", "text", "Terms"),
                            *(("app", f"Appendix {i}", kind, sources[kind])
                              for i, kind in enumerate(kinds))]
    sheets["Terms"] = [("Style", "Text"), ("paragraph", "The terms.")]
    good(folder, sheets)
    make_workbook(folder / "plan.xlsx", plan_sheets())
    assert problems(folder) == [
        f"{WORKBOOK}, sheet Appendices, cell A4: appendix key 'app' is used twice, in cells A3 "
        "and A4; expected each key once"]
