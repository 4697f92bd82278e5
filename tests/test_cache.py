"""The layout cache: a rebuild after a one-cell edit lays out only the part that changed, and
its file is the same bytes as a build without the cache; a damaged entry is never used; the
cache stays within its bound; concurrent builds share it safely.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from conftest import INPUTS, JANUARY
from reportgen import api
from reportgen.build import cache, parts
from reportgen.render import pdf

PLAN = "community-safety-delivery-plan-2013.xlsx"


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPORTGEN_CACHE", str(folder))
    return folder


@pytest.fixture
def january(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs" / JANUARY
    shutil.copytree(INPUTS / JANUARY, folder)
    return folder


def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each document WeasyPrint lays out: a part, or the sheet of page stamps."""
    seen: list[str] = []

    class Counted(pdf.HTML):  # type: ignore[misc]
        def render(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            seen.append("laid out")
            return super().render(*args, **kwargs)
    monkeypatch.setattr(pdf, "HTML", Counted)
    monkeypatch.setattr(parts, "cores", lambda: 1)  # in this process, so it is counted
    return seen


def edit_one_activity(folder: Path) -> None:
    book = openpyxl.load_workbook(folder / PLAN)
    sheet = book["Activities"]
    sheet.cell(sheet.max_row, 3).value = "A corrected activity."
    book.save(folder / PLAN)


def test_an_edit_lays_out_only_its_part_and_gives_the_same_bytes(
        cached: Path, january: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = laid_out(monkeypatch)
    parts.render(api.load(january))
    first = len(seen)
    assert first > 2 and list(cached.glob("*.part"))
    seen.clear()
    parts.render(api.load(january))
    assert seen == []  # every part from the cache
    edit_one_activity(january)
    seen.clear()
    with_cache = parts.render(api.load(january))
    assert len(seen) == 1  # the part holding the edited activity; the page stamps as before
    cache.disable()
    try:
        assert with_cache == parts.render(api.load(january))
    finally:
        cache._Settings.enabled = True


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A cache filled by laying out January, and the file it gave: each kind of damage below
    is done to a copy of it."""
    folder = tmp_path_factory.mktemp("filled") / "cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPORTGEN_CACHE", str(folder))
        good = parts.render(api.load(INPUTS / JANUARY))
    assert list(folder.glob("*.part"))
    return folder, good


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_damaged_entry_is_rebuilt_never_used(cached: Path, january: Path,
                                               filled: tuple[Path, bytes], damage: str) -> None:
    shutil.copytree(filled[0], cached)
    good = filled[1]
    damaged = {}
    for entry in cached.glob("*.part"):
        data = entry.read_bytes()
        damaged[entry] = {"truncate": data[: len(data) // 2],
                          "flip": data[:-10] + bytes(b ^ 0xFF for b in data[-10:]),
                          "garbage": b"not a cache entry"}[damage]
        entry.write_bytes(damaged[entry])
    assert parts.render(api.load(january)) == good
    # Each damaged entry was looked up (this copy of January has the same keys) and laid out
    # again in its place.
    assert all(entry.read_bytes() != bad for entry, bad in damaged.items())


def test_the_cache_keeps_within_its_bound(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    for i in range(10):
        (folder / f"{i:064x}.part").write_bytes(b"x" * 1000)
    cache._trim(folder, limit=4500)
    assert sum(p.stat().st_size for p in folder.glob("*.part")) <= 4500
    assert len(list(folder.glob("*.part"))) == 4


def test_the_cache_never_removes_what_it_did_not_write(tmp_path: Path) -> None:
    """A file someone put in the cache folder, even one ending .part, is never trimmed."""
    folder = tmp_path / "c"
    folder.mkdir()
    foreign = [folder / "notes.part", folder / "notes.txt"]
    for path in foreign:
        path.write_bytes(b"someone's" * 1000)
    for i in range(3):
        (folder / f"{i:064x}.part").write_bytes(b"x" * 1000)
    cache._trim(folder, limit=0)
    assert sorted(folder.iterdir()) == sorted(foreign)


@pytest.mark.parametrize("how", ["a file where the folder should be", "a full disk"])
def test_a_cache_that_cannot_be_written_leaves_the_build_going_with_a_note(
        tmp_path: Path, monkeypatch, how: str, january: Path) -> None:
    from click.testing import CliRunner

    from reportgen.cli import main

    where = tmp_path / "cache"
    if how == "a file where the folder should be":
        where.write_text("not a folder")
    else:
        import errno
        import tempfile

        real = tempfile.mkstemp

        def full(*args, **kwargs):  # type: ignore[no-untyped-def]
            if kwargs.get("dir") == where:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(*args, **kwargs)
        monkeypatch.setattr(tempfile, "mkstemp", full)
    monkeypatch.setenv("REPORTGEN_CACHE", str(where))
    monkeypatch.setattr(cache._Settings, "enabled", True)
    result = CliRunner().invoke(main, ["build", str(january), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert f"{where}: the layout cache cannot be written" in result.output
    assert (tmp_path / "out" / f"{JANUARY}.pdf").is_file()
    if how == "a file where the folder should be":
        assert where.read_text() == "not a folder"


def test_two_builds_at_once_share_the_cache(cached: Path, january: Path,
                                            tmp_path: Path) -> None:
    runs = [subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(january), "-o",
                              str(tmp_path / f"out{i}")], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE) for i in range(2)]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read() if run.stderr else ""
    a = (tmp_path / "out0" / f"{JANUARY}.pdf").read_bytes()
    assert a == (tmp_path / "out1" / f"{JANUARY}.pdf").read_bytes()
    assert not list(cached.glob(".*.tmp"))
    again = subprocess.run([sys.executable, "-m", "reportgen", "build", "--no-cache",
                            str(january), "-o", str(tmp_path / "out2")], capture_output=True)
    assert again.returncode == 0
    assert (tmp_path / "out2" / f"{JANUARY}.pdf").read_bytes() == a


def test_no_cache_is_kept_when_it_is_off(tmp_path: Path, january: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.setenv("REPORTGEN_CACHE", "off")
    parts.render(api.load(january))
    assert not (tmp_path / "home-cache").exists()
