"""File names typed in a workbook (a picture's Key, a delivery plan's Source) that reach for a
file outside the report's inputs: each is an input problem at its cell, decided before the
file is opened. Python's audit hook sees every ``open`` the build makes, so "never opened" is
observed, not assumed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import TEXT, make_workbook, plan_sheets, report_sheets
from reportgen import api
from reportgen.errors import InputError

_OPENED: list[str] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _OPENED is not None and event == "open" and isinstance(args[0], (str, bytes, Path)):
        _OPENED.append(os.fsdecode(args[0]))  # type: ignore[arg-type]


sys.addaudithook(_audit)


@pytest.fixture
def opened() -> Iterator[list[str]]:
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """A report folder and, beside the inputs, a folder of files it must never read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (outside / "secret.png").write_bytes((Path(__file__).parent.parent.parent / "inputs" /
                                          "cabinet-2013-01-17-partnership-update" /
                                          "before.png").read_bytes())
    make_workbook(outside / "plan.xlsx", plan_sheets())
    folder = tmp_path / "project" / "inputs" / "report"
    folder.mkdir(parents=True)
    return folder, outside


def _symlink(folder: Path, outside: Path, name: str, target: str) -> str:
    (folder / name).symlink_to(outside / target)
    return name


def _loop(folder: Path, _: Path, name: str, __: str) -> str:
    stem, suffix = os.path.splitext(name)
    (folder / f"{stem}-a{suffix}").symlink_to(folder / f"{stem}-b{suffix}")
    (folder / f"{stem}-b{suffix}").symlink_to(folder / f"{stem}-a{suffix}")
    return f"{stem}-a{suffix}"


#: How a typed name can leave the folder: (id, how to make it, words the message must hold).
Escape = Callable[[Path, Path, str, str], str]
ESCAPES: list[tuple[str, Escape, str]] = [
    ("dot-dot", lambda f, o, n, t: f"../../../outside/{t}", "is outside the report folder"),
    ("dot-dot-inside-first", lambda f, o, n, t: f"sub/../../../../outside/{t}",
     "is outside the report folder"),
    ("backslashes", lambda f, o, n, t: f"..\\..\\..\\outside\\{t}", "is outside the report"),
    ("absolute", lambda f, o, n, t: str(o / t), "is a full path"),
    ("windows-drive", lambda f, o, n, t: f"C:\\Users\\officer\\{t}", "is a full path"),
    ("home", lambda f, o, n, t: f"~/{t}", "is a full path"),
    ("symlink-out", lambda f, o, n, t: _symlink(f, o, n, t), "is a link to a file outside"),
    ("symlink-loop", _loop, "in a loop"),
    ("too-long", lambda f, o, n, t: "x" * 300 + t[-4:], "longer than 255"),
]


def _picture_report(folder: Path, name: str) -> None:
    text = [*TEXT[:6], ("image", "A caption", name, "A description"), *TEXT[6:]]
    make_workbook(folder / "report.xlsx", report_sheets(text=text))


def _plan_report(folder: Path, name: str) -> None:
    sheets = report_sheets()
    sheets["Appendices"] = [("Key", "Title", "Kind", "Source"),
                            ("plan", "The Plan", "delivery plan", name)]
    make_workbook(folder / "report.xlsx", sheets)


def _problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        api.load(folder)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("escape", [e[1] for e in ESCAPES], ids=[e[0] for e in ESCAPES])
@pytest.mark.parametrize("kind", ["picture", "plan"])
def test_a_name_that_leaves_the_folder_is_refused_at_its_cell_unopened(
        tree: tuple[Path, Path], opened: list[str], escape: Escape, kind: str) -> None:
    folder, outside = tree
    target = "secret.png" if kind == "picture" else "plan.xlsx"
    name = escape(folder, outside, f"link-{kind}{Path(target).suffix}", target)
    (_picture_report if kind == "picture" else _plan_report)(folder, name)
    message = next(e[2] for e in ESCAPES if e[1] is escape)
    found = _problems(folder)
    cell = "sheet Text, cell C8" if kind == "picture" else "sheet Appendices, cell D2"
    assert any(cell in p and message in p for p in found), found
    assert not [p for p in opened if p.startswith(str(outside))]


def test_a_named_pipe_is_refused_without_waiting_on_it(tree: tuple[Path, Path]) -> None:
    folder, _ = tree
    os.mkfifo(folder / "plan.xlsx")
    _plan_report(folder, "plan.xlsx")
    assert any("is a folder or a special file" in p for p in _problems(folder))


def test_a_plan_in_the_shared_inputs_folder_is_read(tree: tuple[Path, Path]) -> None:
    folder, _ = tree
    make_workbook(folder.parent / "shared" / "plan.xlsx", plan_sheets())
    _plan_report(folder, "../shared/plan.xlsx")
    report = api.load(folder)
    assert report.appendices[0].body.title == "Test Delivery Plan"  # type: ignore[union-attr]


def test_a_picture_in_the_shared_folder_is_not(tree: tuple[Path, Path]) -> None:
    folder, outside = tree
    shared = folder.parent / "shared"
    shared.mkdir()
    (shared / "a.png").write_bytes((outside / "secret.png").read_bytes())
    _picture_report(folder, "../shared/a.png")
    assert any("is outside the report folder" in p for p in _problems(folder))


@pytest.mark.parametrize("target", ["report.xlsx", "plan.xlsx"])
def test_the_report_workbook_itself_may_not_be_a_link_out_of_the_folder(
        tree: tuple[Path, Path], opened: list[str], target: str) -> None:
    folder, outside = tree
    make_workbook(outside / "report.xlsx", report_sheets())
    (folder / "report.xlsx").symlink_to(outside / target)
    opened.clear()  # what the test itself wrote
    with pytest.raises(InputError) as caught:
        api.load(folder)
    assert [str(p) for p in caught.value.problems] == [
        "report/report.xlsx: is a link to a file outside the report folder; copy the file "
        "itself into the report folder"]
    assert not [p for p in opened if p.startswith(str(outside))], opened


def test_a_link_to_a_workbook_inside_the_folder_is_followed(tree: tuple[Path, Path]) -> None:
    folder, _ = tree
    make_workbook(folder / "this-quarter.xlsx", report_sheets())
    (folder / "report.xlsx").symlink_to(folder / "this-quarter.xlsx")
    assert api.load(folder).details.title == "A Test Report"
