"""Nothing anyone made is lost: folders in the temporary folder that reportgen did not make,
outputs edited after reportgen wrote them, and DOCX files open in a word processor."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import INPUTS, JANUARY, JUNE, age, ended_pid, make_workbook, report_sheets
from reportgen import api
from reportgen.build import tempfiles
from reportgen.build.output import OutputOpen
from reportgen.cli import main

#: Builds here are incidental to what is tested: parts laid out before in the run are reused.
pytestmark = pytest.mark.usefixtures("shared_layout_cache")


def _made(tmp: Path, name: str, *, pid: int, host: str | None = None, marker: bool = True,
          extra: dict[str, str] | None = None, started: int | None = None) -> Path:
    """A folder as ``tempfiles.folder`` makes them (or nearly: without its marker, with other
    files), aged two hours."""
    folder = tmp / name
    folder.mkdir()
    (folder / "part-0000.pdf").write_bytes(b"%PDF-")
    if marker:
        (folder / tempfiles.MARKER).write_text(json.dumps(
            {"host": host or tempfiles._host(), "pid": pid, "started": started}))
    for inside, text in (extra or {}).items():
        (folder / inside).write_text(text)
    age(folder, 7200)
    return folder


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    path = tmp_path / "tmp"
    path.mkdir()
    return path


def test_a_folder_a_killed_build_left_is_removed(tmp: Path) -> None:
    host, ended = tempfiles._host(), ended_pid()
    dead = _made(tmp, f"reportgen-{host}-{ended}-a1b2c3d4", pid=ended)
    assert tempfiles.sweep(tmp) == [dead]
    assert not dead.exists()


def test_a_real_build_folder_is_kept_while_it_runs_and_removed_when_it_ends(tmp: Path,
                                                                         monkeypatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfiles.tempfile, "tempdir", None)
    with tempfiles.folder() as made:
        age(Path(made), 7200)
        assert tempfiles.sweep(tmp) == []
        assert Path(made, tempfiles.MARKER).is_file()
    assert not Path(made).exists()


@pytest.mark.parametrize("why", [
    "an officer's archive named like reportgen's folders",
    "a checkout of reportgen in the temporary folder",
    "reportgen's exact name, no marker",
    "the marker names another process",
    "a file reportgen does not write inside",
    "a folder inside",
    "a symbolic link inside",
    "the marker is a symbolic link",
    "a symbolic link to a folder, named as reportgen's",
    "a running build's",
    "a build killed a minute ago",
    "another machine's, an hour old",
    "another user's",
])
def test_what_reportgen_cannot_prove_it_made_is_left(tmp: Path, tmp_path: Path, why: str) -> None:
    host, ended = tempfiles._host(), ended_pid()
    name = f"reportgen-{host}-{ended}-q1w2e3r4"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "part-0001.pdf").write_text("someone's")
    if why == "an officer's archive named like reportgen's folders":
        folder = _made(tmp, "reportgen-archive", pid=ended, marker=False,
                       extra={"notes.txt": "officer notes"})
    elif why == "a checkout of reportgen in the temporary folder":
        folder = _made(tmp, "reportgen-main", pid=ended, marker=False)
        (folder / ".git").mkdir()
    elif why == "reportgen's exact name, no marker":
        folder = _made(tmp, name, pid=ended, marker=False)
    elif why == "the marker names another process":
        folder = _made(tmp, name, pid=ended + 1)
    elif why == "a file reportgen does not write inside":
        folder = _made(tmp, name, pid=ended, extra={"notes.txt": "officer notes"})
    elif why == "a folder inside":
        folder = _made(tmp, name, pid=ended)
        (folder / "sub").mkdir()
    elif why == "a symbolic link inside":
        folder = _made(tmp, name, pid=ended)
        (folder / "part-0002.pdf").symlink_to(elsewhere / "part-0001.pdf")
    elif why == "the marker is a symbolic link":
        folder = _made(tmp, name, pid=ended, marker=False)
        (elsewhere / "marker").write_text(json.dumps({"host": host, "pid": ended}))
        (folder / tempfiles.MARKER).symlink_to(elsewhere / "marker")
    elif why == "a symbolic link to a folder, named as reportgen's":
        (elsewhere / tempfiles.MARKER).write_text(json.dumps({"host": host, "pid": ended}))
        folder = tmp / name
        folder.symlink_to(elsewhere, target_is_directory=True)
    elif why == "a running build's":
        with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as child:
            try:
                time.sleep(0.1)
                folder = _made(tmp, f"reportgen-{host}-{child.pid}-z9x8c7v6", pid=child.pid,
                               started=tempfiles._started(child.pid))
                assert tempfiles.sweep(tmp) == []
            finally:
                child.kill()
        return
    elif why == "a build killed a minute ago":
        folder = _made(tmp, name, pid=ended)
        age(folder, 60)
    elif why == "another machine's, an hour old":
        folder = _made(tmp, f"reportgen-elsewhere-{ended}-m1n2b3v4", pid=ended,
                       host="elsewhere")
    else:
        if os.getuid() != 0:
            pytest.skip("making another user's folder needs root")
        folder = _made(tmp, name, pid=ended)
        os.chown(folder, 54321, 54321)
    before = sorted(str(p) for p in [*folder.rglob("*"), *elsewhere.rglob("*")])
    assert tempfiles.sweep(tmp) == []
    assert os.path.lexists(folder)
    assert sorted(str(p) for p in [*folder.rglob("*"), *elsewhere.rglob("*")]) == before


def test_a_build_keeps_an_archive_in_the_temporary_folder(tmp_path: Path, monkeypatch) -> None:
    """The reproduction of the bug: an hour-old ``reportgen-archive`` survived no build."""
    tmp = tmp_path / "tmp"
    archive = tmp / "reportgen-archive"
    archive.mkdir(parents=True)
    (archive / "notes.txt").write_text("officer notes")
    age(archive, 7200)
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfiles.tempfile, "tempdir", None)
    result = CliRunner().invoke(main, ["build", str(INPUTS / JUNE), "-o",
                                       str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (archive / "notes.txt").read_text() == "officer notes"


# --- outputs someone edited -------------------------------------------------------------


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return make_workbook(tmp_path / "inputs" / "edited-report" / "report.xlsx",
                         report_sheets()).parent


def _edit(docx: Path, text: str = "A correction by committee services.") -> bytes:
    document = Document(str(docx))
    document.add_paragraph(text)
    document.save(str(docx))
    return docx.read_bytes()


@pytest.mark.parametrize("changed", [False, True], ids=["build", "build --changed"])
def test_a_rebuild_keeps_the_docx_committee_services_edited(tmp_path: Path, report: Path,
                                                            changed: bool) -> None:
    out = tmp_path / "out"
    args = ["build", str(report), "-o", str(out), *(["--changed"] if changed else [])]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    docx = out / "edited-report.docx"
    edited = _edit(docx)
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0, again.output
    kept = sorted(out.glob("edited-report.edited-*.docx"))
    assert len(kept) == 1, sorted(p.name for p in out.iterdir())
    assert kept[0].read_bytes() == edited
    assert docx.read_bytes() != edited  # the build's own file is back in its place
    assert f"edited files kept as {kept[0].name}" in again.output
    assert "make it in edited-report's workbooks too" in again.output
    third = CliRunner().invoke(main, args)  # the kept copy is not kept again
    assert third.exit_code == 0, third.output
    assert sorted(out.glob("edited-report.edited-*")) == kept


def test_an_edited_pdf_is_kept_too(tmp_path: Path, report: Path) -> None:
    out = tmp_path / "out"
    api.build(report, out)
    pdf = out / "edited-report.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% annotated\n")
    built = api.build(report, out)
    assert [p.suffix for p in built.kept] == [".pdf"]
    assert built.kept[0].read_bytes().endswith(b"% annotated\n")


def test_an_output_reportgen_has_no_record_of_is_kept(tmp_path: Path, report: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "edited-report.docx").write_bytes(b"someone's own file of this name")
    built = api.build(report, out)
    assert [p.read_bytes() for p in built.kept] == [b"someone's own file of this name"]


def test_a_docx_open_in_word_is_not_replaced_and_the_others_are_built(tmp_path: Path,
                                                                      report: Path) -> None:
    other = make_workbook(tmp_path / "inputs" / "other-report" / "report.xlsx",
                          report_sheets()).parent
    out = tmp_path / "out"
    api.build(report, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    lock = out / "~$ited-report.docx"  # Word's owner file for a long name
    lock.write_bytes(b"\x00" * 162)
    result = CliRunner().invoke(main, ["build", str(report), str(other), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "edited-report.docx: is open in a word processor" in result.output
    assert "edited-report: not built: an output file is open in a word processor" in \
        result.output
    assert "other-report: built" in result.output
    for name, data in before.items():
        assert (out / name).read_bytes() == data, name
    assert not list(out.glob("edited-report.edited-*"))


@pytest.mark.parametrize("lock", ["~$edited-report.docx", "~$dited-report.docx",
                                  "~$ited-report.docx", ".~lock.edited-report.docx#"])
def test_every_lock_file_name_counts(tmp_path: Path, report: Path, lock: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / lock).write_bytes(b"locked")
    with pytest.raises(OutputOpen):
        api.build(report, out)
    assert sorted(p.name for p in out.iterdir()) == [lock]


# --- an installed reportgen ---------------------------------------------------------------


@pytest.mark.slow
def test_an_installed_wheel_builds_a_sample_from_another_folder(tmp_path: Path) -> None:
    """``pip install .`` (not editable) must carry everything reportgen reads at run time."""
    root, source = Path(__file__).resolve().parent.parent, tmp_path / "source"
    # Built from a copy: setuptools writes build/ and egg-info beside the sources.
    shutil.copytree(root / "reportgen", source / "reportgen",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(root / name, source / name)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels), str(source)], check=True, cwd=tmp_path,
                   capture_output=True)
    (wheel,) = wheels.glob("reportgen-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    # The new venv borrows this one's libraries (not its editable reportgen: a .pth file's
    # own .pth files are not read) and gets reportgen from the wheel alone.
    ours = next(p for p in map(Path, sys.path) if p.name == "site-packages" and
                (p / "docx").is_dir())
    (site / "borrowed.pth").write_text(f"{ours}\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "-q", "--no-deps", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    python = str(venv / "bin" / "python")
    found = subprocess.run([python, "-c", "import reportgen; print(reportgen.__file__)"],
                           capture_output=True, text=True, cwd=elsewhere, check=True)
    assert str(site) in found.stdout, found.stdout
    run = subprocess.run([str(venv / "bin" / "reportgen"), "build", str(INPUTS / JUNE), "-o",
                          "out"], capture_output=True, text=True, cwd=elsewhere)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (elsewhere / "out" / f"{JUNE}.pdf").stat().st_size > 10_000
    version = subprocess.run([str(venv / "bin" / "reportgen"), "--version"],
                             capture_output=True, text=True, check=True)
    assert "0.1.0" in version.stdout


# --- write failures ------------------------------------------------------------------------


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"),
                                   OSError(30, "Read-only file system")],
                         ids=["no permission", "read-only"])
def test_a_read_only_output_folder_is_named_and_nothing_changes(tmp_path: Path, report: Path,
                                                                monkeypatch,
                                                                error: OSError) -> None:
    out = tmp_path / "out"
    api.build(report, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = tempfile.mkstemp

    def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(kwargs.get("dir", "")) == out:
            raise error
        return real(*args, **kwargs)
    monkeypatch.setattr(tempfile, "mkstemp", refused)
    result = CliRunner().invoke(main, ["build", str(report), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert f"{out}: the folder cannot be written to" in result.output
    assert "choose another output folder with -o" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_an_output_folder_on_another_file_system_than_the_temporary_folder(
        tmp_path: Path, report: Path) -> None:
    """Parts are laid out in the temporary folder and the outputs written beside their
    targets, so nothing is renamed across file systems (/dev/shm is a memory file system)."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no second file system here")
    other = Path(tempfile.mkdtemp(dir=shm, prefix="rg-test-"))
    try:
        run = subprocess.run([sys.executable, "-m", "reportgen", "build", str(INPUTS / JANUARY),
                              "-o", str(tmp_path / "out")], capture_output=True, text=True,
                             env=dict(os.environ, TMPDIR=str(other)))
        assert run.returncode == 0, run.stderr
        assert (tmp_path / "out" / f"{JANUARY}.pdf").stat().st_size > 100_000
        assert list(other.iterdir()) == []  # and nothing left there
    finally:
        shutil.rmtree(other, ignore_errors=True)
