"""Many reports in one build (`reportgen build inputs`, as `make report` runs it): made side by
side in worker processes, one per core, each file the same bytes as the report built alone,
messages and the summary in the reports' order, a broken report's problems reported whole.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import INPUTS, JANUARY, JUNE
from reportgen import api
from reportgen.cli import main
from reportgen.render import docx

BROKEN = "cabinet-2013-06-20-broken"


def test_reports_are_made_side_by_side_each_as_built_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "inputs"
    for name in (JANUARY, JUNE):
        shutil.copytree(INPUTS / name, inputs / name)
    shutil.copytree(INPUTS / JUNE, inputs / BROKEN)
    book = openpyxl.load_workbook(inputs / BROKEN / "report.xlsx")
    book["Details"]["B2"].value = None  # the report's title
    book.save(inputs / BROKEN / "report.xlsx")
    makers = tmp_path / "makers"
    makers.mkdir()
    write_docx = docx.render

    def recorded(report, *args, **kwargs):  # type: ignore[no-untyped-def]
        (makers / f"{report.details.agenda_item}-{os.getpid()}").touch()
        return write_docx(report, *args, **kwargs)
    monkeypatch.setattr(docx, "render", recorded)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1})  # two cores

    result = CliRunner().invoke(main, ["build", str(inputs), "-o", str(tmp_path / "out")])

    assert result.exit_code == 2, result.output
    pids = {p.name.rsplit("-", 1)[1] for p in makers.iterdir()}
    assert len(list(makers.iterdir())) == 2  # the broken report has no DOCX to write
    assert str(os.getpid()) not in pids and len(pids) == 2, "not made by two worker processes"
    summary = result.stdout.splitlines()[-3:]
    assert summary == [f"{JANUARY}: built", f"{BROKEN}: not built: 1 input problem",
                       f"{JUNE}: built"]
    assert f"{BROKEN}/report.xlsx, sheet Details, cell B2: " in result.stderr
    for name in (JANUARY, JUNE):
        alone = api.build(inputs / name, tmp_path / "alone")
        for made in (alone.docx, alone.pdf):
            assert (tmp_path / "out" / made.name).read_bytes() == made.read_bytes()
