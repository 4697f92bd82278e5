"""``make report`` as the Head of Policy runs it, on a copy of the project: a fresh build leaves
both files of every report, a second run does nothing, a changed workbook rebuilds only its own
report, renamed pictures and a moved project never wedge it, one broken report does not stop
the others, and no file name an officer chose can make make run anything. The project's
virtual environment is reused (``BIN``, ``READY=``), so nothing is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import pytest

from conftest import INPUTS, JANUARY, JUNE, ROOT, TEXT, make_workbook, report_sheets

AGENDA = "cabinet-2013-01-17-agenda"
KENT = "kent-cc-cabinet-2025-01-30-education-commissioning-plan"
KENT_TRANSFER = "kent-cc-cabinet-2025-01-30-18-25-service-transfer"
BRISTOL = "bristol-cc-transport-committee-2024-09-12-workplace-parking-levy"
BRISTOL_2025 = "bristol-cc-transport-committee-2025-05-15-workplace-parking-levy-update"
OTHERS = ("cabinet-2013-01-17-leisure-fees", "cabinet-2013-01-17-depot-lease",
          "cabinet-2013-04-18-partnership-update", KENT, KENT_TRANSFER, BRISTOL, BRISTOL_2025)

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
PICTURE = INPUTS / JANUARY / "before.png"


#: One layout cache for this module's builds, as an officer's machine keeps one: each test's
#: fresh copy of the project lays out again only what no earlier build laid out (the files
#: are the same bytes with or without it: tests/test_cache.py).
LAYOUT_CACHE = Path(tempfile.mkdtemp(prefix="layout-cache-"))


#: Projects that the last ``make report`` run in them left built, with nothing changed since.
SETTLED: set[Path] = set()


def make(project: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    SETTLED.discard(project)
    bin_dir = Path(sys.executable).parent
    run = subprocess.run(["make", "--no-print-directory", "report", f"BIN={bin_dir}", "READY=",
                          *args], cwd=project, capture_output=True, text=True,
                         env={**os.environ, "MAKEFLAGS": "",
                              "REPORTGEN_CACHE": str(LAYOUT_CACHE)})
    assert (run.returncode == 0) == ok, run.stdout + run.stderr
    if run.returncode == 0 and not args:
        SETTLED.add(project)
    return run


def settle(project: Path) -> None:
    """The project as ``make report`` leaves it, before a test changes it: run only when the
    test before did not end with a successful ``make report`` in it (each test ends so unless
    it failed on the way), and the project is taken as unsettled until this test's own run."""
    if project not in SETTLED:
        make(project)
    SETTLED.discard(project)


def summary(run: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """The closing line per report (and agenda pack): name -> outcome."""
    lines = [line.split(": ", 1) for line in run.stdout.splitlines()
             if ": " in line and not line.startswith(("built ", "output/"))]
    return {name: outcome for name, outcome in lines}


def reports(run: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """The closing lines of the reports alone."""
    return {k: v for k, v in summary(run).items() if k not in (AGENDA, "inputs")}


def copy_project(target: Path) -> Path:
    for name in ("reportgen", "inputs", "scripts"):
        shutil.copytree(ROOT / name, target / name,
                        ignore=shutil.ignore_patterns("__pycache__", "~$*"))
    shutil.copy(ROOT / "Makefile", target / "Makefile")
    (target / "output").mkdir()
    return target


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("project"))


def outputs(project: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in (project / "output").iterdir()}


def test_a_fresh_build_keeps_both_files_of_every_report(project: Path) -> None:
    run = make(project)
    names = sorted(p.name for p in INPUTS.iterdir() if (p / "report.xlsx").exists())
    built = sorted(p.name for p in (project / "output").iterdir()
                   if p.is_file() and not p.name.startswith("."))
    packs = [f"{AGENDA}-confidential.pdf", f"{AGENDA}-public.pdf"]
    assert built == sorted([*(f"{r}.{ext}" for r in names for ext in ("docx", "pdf")), *packs])
    assert reports(run) == {r: "built and checked" for r in names}
    assert summary(run)[AGENDA].startswith("pack built and checked")


def test_nothing_changed_means_nothing_built(project: Path) -> None:
    settle(project)
    before = outputs(project)
    run = make(project)
    assert set(summary(run).values()) == {"unchanged"}
    assert outputs(project) == before


def test_a_changed_workbook_rebuilds_only_its_report(project: Path) -> None:
    settle(project)
    workbook = project / "inputs" / JUNE / "report.xlsx"
    book = openpyxl.load_workbook(workbook)
    title = next(r for r in book["Details"].iter_rows() if r[0].value == "Title")
    title[1].value = "A Changed Title"  # an officer's edit, saved
    book.save(workbook)
    run = make(project)
    assert reports(run) == {JUNE: "built and checked", JANUARY: "unchanged",
                            **dict.fromkeys(OTHERS, "unchanged")}
    assert summary(run)[AGENDA] == "unchanged"  # the June report is in no agenda


def test_a_changed_house_style_rebuilds_the_reports_in_it(project: Path) -> None:
    """Committee services change a header label of Kent's house style in Excel: both Kent
    reports are built again, with the new label in both files; nothing else is."""
    settle(project)
    style = project / "inputs" / "house-styles" / "kent" / "house-style.xlsx"
    book = openpyxl.load_workbook(style)
    label = next(r for r in book["Header block"].iter_rows() if r[0].value == "Subject")
    label[1].value = "Title of report:"
    book.save(style)
    run = make(project)
    kents = {KENT, KENT_TRANSFER}
    assert reports(run) == {**dict.fromkeys(kents, "built and checked"), JUNE: "unchanged",
                            JANUARY: "unchanged",
                            **dict.fromkeys(set(OTHERS) - kents, "unchanged")}
    docx = subprocess.run(["unzip", "-p", str(project / "output" / f"{KENT}.docx"),
                           "word/document.xml"], capture_output=True, text=True).stdout
    pdf = subprocess.run(["pdftotext", str(project / "output" / f"{KENT}.pdf"), "-"],
                         capture_output=True, text=True).stdout
    assert "Title of report:" in docx and "Title of report:" in pdf


def test_a_workbook_saved_again_unchanged_rebuilds_nothing(project: Path) -> None:
    settle(project)
    os.utime(project / "inputs" / JUNE / "report.xlsx")
    assert set(summary(make(project)).values()) == {"unchanged"}


def test_a_deleted_output_is_built_again(project: Path) -> None:
    settle(project)
    (project / "output" / f"{JANUARY}.pdf").unlink()
    run = make(project)
    assert summary(run)[JANUARY] == "built and checked"
    assert (project / "output" / f"{JANUARY}.pdf").stat().st_size > 0


def test_a_moved_project_rebuilds_nothing(project: Path, tmp_path: Path) -> None:
    settle(project)
    moved = tmp_path / "moved"
    shutil.copytree(project, moved, copy_function=shutil.copy2)
    assert set(summary(make(moved)).values()) == {"unchanged"}


def test_a_renamed_picture_rebuilds_its_report(project: Path) -> None:
    settle(project)
    folder = project / "inputs" / JANUARY
    (folder / "before.png").rename(folder / "pool hall.png")
    book = openpyxl.load_workbook(folder / "report.xlsx")
    for row in book["Text"].iter_rows():
        for cell in row:
            if cell.value == "before.png":
                cell.value = "pool hall.png"
    book.save(folder / "report.xlsx")
    run = make(project)
    assert reports(run) == {JANUARY: "built and checked", JUNE: "unchanged",
                            **dict.fromkeys(OTHERS, "unchanged")}
    assert summary(run)[AGENDA].startswith("pack built and checked (items laid out again: 17)")


def test_one_broken_report_does_not_stop_the_others(tmp_path: Path) -> None:
    """A fresh copy of the project, so the two good reports are built in the same run as the
    broken one (the other samples and the agenda are left out: nothing here names them)."""
    project = copy_project(tmp_path / "project")
    for name in (AGENDA, *OTHERS):
        shutil.rmtree(project / "inputs" / name)
    make_workbook(project / "inputs" / "broken" / "report.xlsx",
                  report_sheets(text=[("paragraph", "before any section"), *TEXT]))
    run = make(project, ok=False)
    result = reports(run)
    assert result[JUNE] == result[JANUARY] == "built and checked"
    assert result["broken"] == "not built: 1 input problem"
    assert "broken/report.xlsx, sheet Text, cell A2" in run.stderr


#: File names that are make (and shell) syntax: each must be a picture like any other.
HOSTILE_NAMES = ["a;touch PWNED;.png", "chart #2.png", "pool hall.png", "$(shell touch PWNED).png",
                 "`touch PWNED`.png", "a:b.png", "100%.png", "a=b.png", "*.png",
                 "|touch PWNED|.png", "$$PWNED.png"]


def test_no_file_name_makes_make_run_anything(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    for name in (JANUARY, AGENDA, *OTHERS):
        shutil.rmtree(project / "inputs" / name)
    folder = project / "inputs" / "pictures"
    rows = [("image", f"Picture {i}", name, "A picture") for i, name in enumerate(HOSTILE_NAMES)]
    make_workbook(folder / "report.xlsx", report_sheets(text=[*TEXT[:6], *rows, *TEXT[6:]]))
    for name in HOSTILE_NAMES:
        shutil.copy(PICTURE, folder / name)
    for _ in range(2):  # the second run is the one a dependency file would have attacked
        run = make(project)
        assert not list(project.rglob("PWNED")), run.stdout + run.stderr
    assert reports(run) == {"pictures": "unchanged", JUNE: "unchanged"}


def test_a_change_to_the_command_line_alone_leaves_built_reports_unchanged(
        tmp_path: Path) -> None:
    """The build record's code hash covers what can change the files (readers, model, layout,
    writers, templates), not the command line's words; a template change still rebuilds."""
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "reportgen", copy / "reportgen",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, PYTHONPATH=str(copy))

    def build() -> str:
        run = subprocess.run([sys.executable, "-m", "reportgen", "build", "--changed",
                              str(INPUTS / JUNE), "-o", str(tmp_path / "out")],
                             capture_output=True, text=True, env=env, cwd=tmp_path)
        assert run.returncode == 0, run.stdout + run.stderr
        return run.stdout.splitlines()[-1]

    assert build() == f"{JUNE}: built"
    cli = copy / "reportgen" / "cli.py"
    cli.write_text(cli.read_text().replace("the inputs are good", "the inputs are fine"))
    assert build() == f"{JUNE}: unchanged"
    commands = copy / "reportgen" / "commands.py"  # what the commands do, under the parsing
    commands.write_text(commands.read_text().replace("so no pack to build", "no pack"))
    assert build() == f"{JUNE}: unchanged"
    css = copy / "reportgen" / "templates" / "report.css"
    css.write_text(css.read_text() + "\n/* a change */\n")
    assert build() == f"{JUNE}: built"


def test_a_change_to_last_quarters_plan_rebuilds_the_report_comparing_with_it(
        project: Path) -> None:
    """April's plan appendix compares with January's plan: January's workbooks are April's
    inputs too, so an edit there rebuilds both."""
    settle(project)
    plan = project / "inputs" / JANUARY / "community-safety-delivery-plan-2013.xlsx"
    book = openpyxl.load_workbook(plan)
    sheet = book["Activities"]
    header = [cell.value for cell in sheet[1]]
    status = header.index("Status") + 1
    sheet.cell(row=2, column=status).value = "Significant delay"
    book.save(plan)
    run = make(project)
    assert reports(run)[JANUARY] == "built and checked"
    assert reports(run)["cabinet-2013-04-18-partnership-update"] == "built and checked"
