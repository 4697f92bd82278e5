"""The command line: exit codes, messages, nothing written on bad input."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from conftest import TEXT, report_sheets
from reportgen.cli import main


def test_build_writes_both_files_and_exits_0(make_report, tmp_path) -> None:
    folder = make_report()
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".test-report.build.json", "test-report.docx", "test-report.pdf"]


def test_broken_workbook_exits_2_with_located_message_and_writes_nothing(make_report,
                                                                         tmp_path) -> None:
    folder = make_report(report_sheets(text=[("section", "One"), ("bulet", "x"),
                                             ("table", "", "Missing")]))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines == [
        "test-report/report.xlsx, sheet Text, cell A3: found 'bulet' (did you mean 'bullet'?); "
        "expected one of: section, unnumbered section, appendices section, numbered paragraph, "
        "numbered heading, heading, paragraph, bullet, numbered item, roman item, case study, "
        "table, table with total, image, boxed paragraph, contact column",
        "test-report/report.xlsx, sheet Text, cell C4: names table sheet 'Missing', which does "
        "not exist; expected the name of a sheet holding the table"]
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_validate_reports_all_folders(make_report, tmp_path) -> None:
    good = make_report()
    bad = make_report(report_sheets(text=[("paragraph", "no section")] + TEXT), name="bad")
    result = CliRunner().invoke(main, ["validate", str(good), str(bad)])
    assert result.exit_code == 2
    assert result.output.count("bad/report.xlsx") == 1
    result = CliRunner().invoke(main, ["validate", str(good)])
    assert result.exit_code == 0


def test_missing_folder_is_an_input_problem(tmp_path) -> None:
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope"), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not a folder" in result.output


def test_python_dash_m_and_help() -> None:
    for command in (["--help"], ["build", "--help"], ["validate", "--help"]):
        result = subprocess.run([sys.executable, "-m", "reportgen", *command],
                                capture_output=True, text=True)
        assert result.returncode == 0
        assert "Usage:" in result.stdout


def test_the_build_record_lists_every_input_read_including_a_shared_plan(make_report,
                                                                         tmp_path) -> None:
    import json

    from conftest import make_workbook, plan_sheets

    make_workbook(tmp_path / "inputs" / "shared" / "plan.xlsx", plan_sheets())
    sheets = report_sheets()
    sheets["Appendices"] = [("Key", "Title", "Kind", "Source"),
                            ("plan", "The Plan", "delivery plan", "../shared/plan.xlsx")]
    folder = make_report(sheets)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--changed", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads((out / ".test-report.build.json").read_text())
    assert sorted(record["inputs"]) == ["../shared/plan.xlsx", "report.xlsx"]
    assert sorted(record["outputs"]) == ["test-report.docx", "test-report.pdf"]
    again = CliRunner().invoke(main, ["build", "--changed", str(folder), "-o", str(out)])
    assert again.output == "test-report: unchanged\n"


#: What a no-op ``reportgen build --changed`` (and so a no-op ``make report``) prints, and the
#: libraries it must not load to say it: the readers' and the writers'.
NO_OP = """
import sys
from reportgen.cli import main
try:
    main(["build", "--changed", sys.argv[1], "-o", sys.argv[2]])
except SystemExit as end:
    heavy = sorted({"openpyxl", "weasyprint", "docx", "jinja2"} & set(sys.modules))
    print(end.code, heavy)
"""


def test_nothing_to_build_loads_neither_readers_nor_writers(make_report, tmp_path) -> None:
    """A report already built is told apart from one to build from its build record alone:
    about a fifth of a second for reportgen to start instead of half a second."""
    folder = make_report(report_sheets())
    out = tmp_path / "out"
    first = subprocess.run([sys.executable, "-m", "reportgen", "build", str(folder), "-o",
                            str(out)], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    again = subprocess.run([sys.executable, "-c", NO_OP, str(folder), str(out)],
                           capture_output=True, text=True)
    assert again.stdout.splitlines()[-1] == "0 []", again.stdout + again.stderr
    assert again.stdout.splitlines()[0].endswith(": unchanged")
