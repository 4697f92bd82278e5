"""Saving under duress: a crash mid-save, a full disk, a file Word holds open. The previous
DOCX and PDF must survive byte for byte, as a pair, with no temporary file left behind.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile.cases import NAME, good
from hostile.conftest import assert_unchanged
from reportgen import api
from reportgen.build.output import OutputError
from reportgen.cli import main

#: Builds here are incidental to what is tested: parts laid out before in the run are reused.
pytestmark = pytest.mark.usefixtures("shared_layout_cache")

REAL_REPLACE, REAL_WRITE, REAL_FSYNC, REAL_LINK = os.replace, os.write, os.fsync, os.link


class Crash(Exception):
    """Stands for the process dying: not an OSError, so nothing may treat it as one."""


def fail_on(call: int, error: BaseException) -> Callable[..., object]:
    """An ``os.replace`` that fails on its ``call``-th use (1-based) and works otherwise."""
    calls = [0]

    def replace(src: object, dst: object, *args: object, **kwargs: object) -> None:
        calls[0] += 1
        if calls[0] == call:
            raise error
        REAL_REPLACE(src, dst, *args, **kwargs)
    return replace


def into(out: Path, real: Callable[..., object], error: BaseException) -> Callable[..., object]:
    """``os.write`` or ``os.fsync`` failing for files in ``out`` only."""
    def call(fd: int, *args: object) -> object:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(out)):
            raise error
        return real(fd, *args)
    return call


@pytest.fixture
def report(folder: Path) -> Path:
    good(folder)
    return folder


@pytest.mark.parametrize("call", [1, 2, 3])
def test_a_crash_at_any_replacement_keeps_the_previous_pair(report, out, previous, monkeypatch,
                                                            call: int) -> None:
    """Call 1 replaces the DOCX, 2 the PDF, 3 the build record: failing at 2 or 3 means what was
    already replaced is put back.
    """
    monkeypatch.setattr(os, "replace", fail_on(call, Crash("power cut")))
    with pytest.raises(Crash):
        api.build(report, out)
    monkeypatch.undo()
    assert_unchanged(out, previous)


@pytest.mark.parametrize("error", [Crash("killed"), KeyboardInterrupt()])
def test_a_crash_while_writing_keeps_the_previous_files(report, out, previous, monkeypatch,
                                                        error: BaseException) -> None:
    monkeypatch.setattr(os, "write", into(out, REAL_WRITE, error))
    with pytest.raises(type(error)):
        api.build(report, out)
    monkeypatch.undo()
    assert_unchanged(out, previous)


@pytest.mark.parametrize("where", ["write", "fsync"])
def test_a_full_disk_keeps_the_previous_files_and_says_so(report, out, previous, monkeypatch,
                                                          where: str) -> None:
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    real = REAL_WRITE if where == "write" else REAL_FSYNC
    monkeypatch.setattr(os, where, into(out, real, full))
    result = CliRunner().invoke(main, ["build", str(report), "-o", str(out)])
    monkeypatch.undo()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert f"{out / NAME}.docx: the disk is full (No space left on device); free some " \
           "space and build again; the previous files are unchanged" in result.output
    assert "Traceback" not in result.output
    assert_unchanged(out, previous)


def test_a_pdf_open_in_a_viewer_names_the_file_to_close(report, out, previous,
                                                        monkeypatch) -> None:
    locked = PermissionError(errno.EACCES, "Permission denied")

    def replace(src: object, dst: object) -> None:
        if str(dst).endswith(".pdf"):
            raise locked
        REAL_REPLACE(src, dst)
    monkeypatch.setattr(os, "replace", replace)
    result = CliRunner().invoke(main, ["build", str(report), "-o", str(out)])
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.output.strip() == (
        f"{out / NAME}.pdf: cannot be replaced (Permission denied); close it in Word "
        "or your PDF viewer (or check you may write to its folder) and build again; the "
        "previous files are unchanged")
    assert_unchanged(out, previous)  # the DOCX, already replaced, was put back


def test_without_hard_links_the_previous_files_are_copied_back(report, out, previous,
                                                                monkeypatch) -> None:
    def no_links(*args: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")
    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "replace", fail_on(2, PermissionError(errno.EACCES, "denied")))
    with pytest.raises(OutputError):
        api.build(report, out)
    monkeypatch.undo()
    assert_unchanged(out, previous)


def test_a_failed_first_build_leaves_no_half_pair(report, tmp_path, monkeypatch) -> None:
    out = tmp_path / "fresh"
    monkeypatch.setattr(os, "replace", fail_on(2, PermissionError(errno.EACCES, "denied")))
    with pytest.raises(OutputError):
        api.build(report, out)
    monkeypatch.undo()
    assert list(out.iterdir()) == []


def test_short_writes_are_finished(report, tmp_path, monkeypatch) -> None:
    """``os.write`` may write less than asked (a pipe, a network drive); the rest follows."""
    def short(fd: int, data: bytes) -> int:
        return REAL_WRITE(fd, bytes(data[:1000]))
    monkeypatch.setattr(os, "write", short)
    built = api.build(report, tmp_path / "out")
    monkeypatch.undo()
    reference = api.build(report, tmp_path / "reference")
    assert built.docx.read_bytes() == reference.docx.read_bytes()
    assert built.pdf.read_bytes() == reference.pdf.read_bytes()


def test_an_output_folder_that_is_a_file(report, tmp_path) -> None:
    blocker = tmp_path / "output"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["build", str(report), "-o", str(blocker / "sub")])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "cannot be created as the output folder" in result.output
    assert blocker.read_text() == "not a folder"


def test_a_good_build_replaces_both_and_leaves_no_temporary_file(report, out,
                                                                  previous) -> None:
    (report / "report.xlsx").touch()
    api.build(report, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(previous)
