"""The build tells where its time goes (``reportgen.build.timings``), for ``make bench``: every
stage of a real build is named, the figures are each stage's own time, a meeting's reports
built in workers are counted, and recording changes nothing a build writes.
"""

from __future__ import annotations

import time
from pathlib import Path

from conftest import INPUTS, JANUARY
from reportgen import api
from reportgen.build import run, timings

#: What a report with an agenda item and a delivery plan (laid out in parts) goes through.
BUILD_STAGES = ("read", "model", "docx", "html", "pdf layout", "stamps", "join", "record",
                "write")


def test_recorded_build_names_every_stage_and_writes_the_same_files(tmp_path: Path) -> None:
    plain = api.build(INPUTS / JANUARY, tmp_path / "plain")
    began = time.perf_counter()
    with timings.recording() as spent:
        recorded = api.build(INPUTS / JANUARY, tmp_path / "recorded")
    took = time.perf_counter() - began
    for mine, theirs in ((plain.docx, recorded.docx), (plain.pdf, recorded.pdf)):
        assert mine.read_bytes() == theirs.read_bytes(), mine.name
    found = spent.as_dict()
    assert tuple(found) == BUILD_STAGES  # in the order the build runs them
    assert all(f["count"] >= 1 and f["seconds"] > 0 and f["cpu_seconds"] >= 0
               for f in found.values()), found
    # Each stage's own time: stamps are drawn inside the join, and not counted twice.
    assert sum(f["seconds"] for f in found.values()) <= took
    assert found["pdf layout"]["seconds"] > found["stamps"]["seconds"]


def test_stages_are_their_own_time_and_nothing_is_kept_outside_a_recording() -> None:
    with timings.stage("read"):  # not recording: nothing kept, nothing fails
        pass
    assert not timings.active()
    with timings.recording() as spent:
        assert timings.active()
        with timings.stage("join"):
            time.sleep(0.05)
            with timings.stage("stamps"):
                time.sleep(0.2)
    assert not timings.active()
    found = spent.as_dict()
    assert set(found) == {"join", "stamps"}
    assert 0.05 <= found["join"]["seconds"] < 0.2
    assert found["stamps"]["seconds"] >= 0.2


def test_a_meetings_reports_built_side_by_side_are_all_counted(tmp_path: Path) -> None:
    folders = [INPUTS / "cabinet-2013-01-17-leisure-fees",
               INPUTS / "cabinet-2013-01-17-depot-lease"]
    with timings.recording() as spent:
        done = list(run.build_reports(folders, tmp_path, check=True))
    assert [o.state for o in done] == ["built", "built"]
    found = spent.as_dict()
    assert {name: found[name]["count"] for name in ("read", "docx", "write", "check")} == {
        "read": 2, "docx": 2, "write": 2, "check": 2}
