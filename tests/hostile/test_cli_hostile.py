"""``reportgen build`` over every hostile case: exit 0 or 2, every problem located, never a
traceback, and the previous outputs untouched when it refuses.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DETAILS, TEXT, report_sheets
from hostile.cases import CASES, NAME, WORKBOOK, good
from hostile.conftest import assert_unchanged
from hostile.forge import Raw, merge, replace_sheet, sheet_xml
from reportgen.cli import main

#: Builds here are incidental to what is tested: parts laid out before in the run are reused.
pytestmark = pytest.mark.usefixtures("shared_layout_cache")

LIGHT = [name for name, case in CASES.items() if not case.heavy]


@pytest.mark.parametrize("name", LIGHT)
def test_build_exits_0_or_2_and_keeps_outputs_when_it_refuses(name: str, folder: Path,
                                                              out: Path, previous) -> None:
    case = CASES[name]
    case.make(folder)
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{type(result.exception).__name__}: {result.exception}"
    assert "Traceback" not in result.output
    if case.expect:
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert lines and all(line.startswith(WORKBOOK) for line in lines), lines
        for fragment in case.expect:
            assert fragment in result.output
        assert_unchanged(out, previous)
    else:
        assert result.exit_code == 0, result.output
        # a note (a workbook open in Excel) may come first; the build is reported all the same
        assert f"built {out / NAME}.docx and {out / NAME}.pdf" in result.output


@pytest.mark.parametrize("name", LIGHT)
def test_validate_agrees_with_build(name: str, folder: Path) -> None:
    CASES[name].make(folder)
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == (2 if CASES[name].expect else 0), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("name", ["xls_renamed", "xml_bomb_in_sheet", "error_values",
                                  "formula_never_calculated", "control_characters"])
def test_a_real_process_exits_cleanly(name: str, folder: Path, out: Path, previous) -> None:
    CASES[name].make(folder)
    run = subprocess.run([sys.executable, "-m", "reportgen", "build", str(folder), "-o",
                          str(out)], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr
    assert run.returncode == (2 if CASES[name].expect else 0), run.stderr
    if CASES[name].expect:
        assert_unchanged(out, previous)


def test_every_problem_in_one_run(folder: Path, out: Path, previous) -> None:
    """An error value, an uncalculated formula, a merge, a mistyped amount, an unknown style,
    a bad date and a missing field: all listed by the one run, each at its cell.
    """
    details = dict(DETAILS, **{"Meeting date": "next Tuesday"})
    del details["Telephone"]
    sheets = report_sheets(details=details)
    sheets["Stages"] = [("Stage", "Spend"), ("Stage 1", "£1,000"), ("Stage 2", "£1,0O0"),
                        ("Stage 3", "=B2*2"), ("Total", "sum")]
    path = good(folder, sheets)
    rows = [("Style", "Text", "Key", "Alt text"), *TEXT, ("numbered paragrph", "Typo"),
            ("paragraph", Raw("<f>1/0</f><v>#DIV/0!</v>", 't="e"'))]
    replace_sheet(path, "Text", merge(sheet_xml(rows).decode(), "A3:A4").encode())
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out)])
    assert result.exit_code == 2
    found = result.output.strip().splitlines()
    for where in ("sheet Details, cell B4: meeting date 'next Tuesday'",
                  "sheet Details: 'Telephone' is missing",
                  "sheet Text, cell A3:A4: cells A3:A4 are merged",
                  "sheet Text, cell A22: found 'numbered paragrph'",
                  "sheet Text, cell B23: shows the error #DIV/0!",
                  "sheet Stages, cell B3: found '£1,0O0'",
                  "sheet Stages, cell B4: holds the formula =B2*2"):
        assert sum(where in line for line in found) == 1, (where, found)
    assert len(found) == 7, found
    assert_unchanged(out, previous)


def test_thousands_of_problems_are_summarised(folder: Path) -> None:
    rows = [("Style", "Text"), ("section", "One"), *[(f"junk {i}", "x") for i in range(3000)]]
    path = good(folder)
    replace_sheet(path, "Text", sheet_xml(rows))
    result = CliRunner().invoke(main, ["validate", str(folder)])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 51
    assert lines[-1] == (f"{WORKBOOK}, sheet Text: 2,950 more problems like those above are "
                         "not listed; fix those and run again")
