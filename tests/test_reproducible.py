"""The same inputs give byte-identical files, whichever folder or day they are built in."""

from __future__ import annotations

import hashlib
import shutil
import time

import pytest

from conftest import INPUTS, JANUARY, JUNE
from reportgen import api


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", [JUNE, JANUARY])
def test_two_builds_in_different_folders_hash_the_same(tmp_path, monkeypatch, built,
                                                       name) -> None:
    first = built(name)  # the run's own build, in a folder and at a time of its own
    copy = tmp_path / "elsewhere" / name
    shutil.copytree(INPUTS / name, copy)
    later = time.time() + 3 * 86400 + 7  # "another day": clocks are read at save time
    monkeypatch.setattr(time, "time", lambda: later)
    second = api.build(copy, tmp_path / "b")
    assert digest(first.docx) == digest(second.docx)
    assert digest(first.pdf) == digest(second.pdf)
