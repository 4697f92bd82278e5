"""The command line's one error mapping: whatever fails in a command's library call, outside
any one report's build, ends as one line that says where and that it is a bug in reportgen,
exit status 1, never a traceback; the same for every command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import INPUTS, JUNE
from reportgen.cli import main

BUG = ("reportgen failed (RuntimeError: a bug); this is a bug in reportgen, not in your "
       "workbooks: please report it with the input folder (set REPORTGEN_DEBUG=1 for the "
       "details); the previous output files are unchanged")


def _bug(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a bug")


@pytest.fixture
def output(tmp_path: Path) -> Path:
    return tmp_path / "out"


@pytest.mark.parametrize(("command", "patched"), [
    (["build", "--changed", str(INPUTS / JUNE)], "reportgen.build.record.unchanged"),
    (["pack", "--changed", str(INPUTS / "cabinet-2013-01-17-agenda")],
     "reportgen.build.record.unchanged"),
    (["watch", "--no-browser", str(INPUTS / JUNE)], "reportgen.watch.loop.watch"),
])
def test_a_bug_in_a_run_is_one_line_at_the_arguments(monkeypatch, output: Path,
                                                     command: list[str], patched: str) -> None:
    monkeypatch.delenv("REPORTGEN_DEBUG", raising=False)
    monkeypatch.setattr(patched, _bug)
    result = CliRunner().invoke(main, [*command, "-o", str(output)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.splitlines() == [f"{command[-1]}: {BUG}"]


def test_a_bug_in_check_is_one_line_at_the_files(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("REPORTGEN_DEBUG", raising=False)
    monkeypatch.setattr("reportgen.check.check", _bug)
    files = [str(tmp_path / "a.pdf"), str(tmp_path / "b.docx")]
    result = CliRunner().invoke(main, ["check", *files])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.splitlines() == [f"{files[0]}, {files[1]}: {BUG}"]
