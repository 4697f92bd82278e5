"""``make report`` as the Head of Policy runs it, on a copy of the project: a fresh build leaves
both files of every report, a second run does nothing, and a changed workbook rebuilds only its
own report. The project's virtual environment is reused (``BIN``, ``READY=``), so nothing is
installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import INPUTS, JANUARY, JUNE, ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def make(project: Path, *args: str) -> str:
    bin_dir = Path(sys.executable).parent
    run = subprocess.run(["make", "--no-print-directory", "reports", f"BIN={bin_dir}", "READY=",
                          *args], cwd=project, capture_output=True, text=True,
                         env={**os.environ, "MAKEFLAGS": ""})
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("project")
    for name in ("reportgen", "templates", "inputs"):
        shutil.copytree(ROOT / name, copy / name,
                        ignore=shutil.ignore_patterns("__pycache__", "~$*"))
    shutil.copy(ROOT / "Makefile", copy / "Makefile")
    (copy / "output").mkdir()
    return copy


def test_a_fresh_build_keeps_both_files_of_every_report(project: Path) -> None:
    make(project, "-j2")
    reports = sorted(p.name for p in INPUTS.iterdir() if (p / "report.xlsx").exists())
    built = sorted(p.name for p in (project / "output").iterdir() if not p.name.startswith("."))
    assert built == sorted(f"{r}.{ext}" for r in reports for ext in ("docx", "pdf"))


def test_nothing_changed_means_nothing_built(project: Path) -> None:
    make(project)
    before = {p: p.stat().st_mtime_ns for p in (project / "output").iterdir()}
    out = make(project)
    assert "reportgen" not in out
    assert {p: p.stat().st_mtime_ns for p in (project / "output").iterdir()} == before


def test_a_changed_workbook_rebuilds_only_its_report(project: Path) -> None:
    make(project)
    workbook = project / "inputs" / JUNE / "report.xlsx"
    os.utime(workbook)  # saved again in Excel
    out = make(project)
    assert f"build --depfile inputs/{JUNE} " in out
    assert f"check output/{JUNE}.docx" in out
    assert JANUARY not in out


def test_a_deleted_output_is_built_again(project: Path) -> None:
    make(project)
    (project / "output" / f"{JANUARY}.pdf").unlink()
    make(project)
    assert (project / "output" / f"{JANUARY}.pdf").stat().st_size > 0
