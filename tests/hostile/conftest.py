"""Fixtures for the hostile-input suite: one report folder name for every case, and the outputs
of a good build of it, which every failing case must leave byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import make_workbook, report_sheets
from hostile.cases import CASES, NAME, WORKBOOK
from reportgen import api, model
from reportgen.errors import InputError


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty report folder, named as every hostile case's folder is."""
    path = tmp_path / "inputs" / NAME
    path.mkdir(parents=True)
    return path


@pytest.fixture(scope="session")
def previous(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files a good build of the report wrote, by name: what a failed build must keep."""
    inputs = tmp_path_factory.mktemp("good") / NAME
    make_workbook(inputs / "report.xlsx", report_sheets())
    out = tmp_path_factory.mktemp("good-out")
    api.build(inputs, out)
    return {p.name: p.read_bytes() for p in out.iterdir()}


@pytest.fixture
def out(tmp_path: Path, previous: dict[str, bytes]) -> Path:
    """An output folder holding the previous build's files."""
    path = tmp_path / "out"
    path.mkdir()
    for name, data in previous.items():
        (path / name).write_bytes(data)
    return path


def assert_unchanged(out: Path, previous: dict[str, bytes]) -> None:
    """The output folder holds exactly the previous files, byte for byte, and nothing else."""
    found = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(found) == sorted(previous), f"files now: {sorted(found)}"
    for name, data in previous.items():
        assert found[name] == data, f"{name} changed"


def problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        api.load(folder)
    return [str(p) for p in caught.value.problems]


def expect(name: str, folder: Path) -> model.Report | list[str]:
    """Make case ``name`` in ``folder`` and check what reading it gives: the report when the
    case must build, else its problems, each fragment expected found and each problem naming
    the workbook.
    """
    case = CASES[name]
    case.make(folder)
    if not case.expect:
        return api.load(folder)
    found = problems(folder)
    for fragment in case.expect:
        assert any(fragment in p for p in found), f"{fragment!r} not in {found}"
    assert all(p.startswith(WORKBOOK) for p in found), found
    return found


@pytest.fixture
def case_folder(folder: Path) -> Callable[[str], model.Report | list[str]]:
    return lambda name: expect(name, folder)
