"""A build stopped part way: by SIGTERM (``kill``, a service manager, a CI job timing out) or
SIGINT (Ctrl-C), while its worker processes lay out a delivery plan. It must stop the workers,
remove its temporary files, leave the outputs as they were, and say so in one line. A build
killed outright (SIGKILL) can do none of that: the next build clears what it left.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import INPUTS, JANUARY, ROOT, age, ended_pid
from hostile.cases import NAME, good
from hostile.measure import HANG_SECONDS
from reportgen import api


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _running(pid: int) -> bool:
    """Alive: neither gone nor a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
    parents = {p: _parent(p) for p in pids}
    frontier = {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_a_stopped_build_stops_its_workers_and_leaves_nothing(tmp_path: Path,
                                                              signum: signal.Signals) -> None:
    """The January report has a delivery plan, so its PDF is laid out by worker processes (one
    per core); the signal comes once they are at work.
    """
    tmp, out = tmp_path / "tmp", tmp_path / "out"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    with (tmp_path / "stdout").open("wb") as stdout, (tmp_path / "stderr").open("wb") as stderr:
        build = subprocess.Popen([sys.executable, "-m", "reportgen", "build",
                                  str(INPUTS / JANUARY), "-o", str(out)],
                                 cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
    workers: set[int] = set()
    wanted = 2 if _cores() > 1 else 0  # on one core the parts are laid out in the build itself
    made: list[Path] = []
    try:
        started = time.monotonic()
        while time.monotonic() - started < HANG_SECONDS and build.poll() is None:
            workers = _descendants(build.pid)
            made = list(tmp.iterdir())
            if made and len(workers) >= wanted:
                break
            time.sleep(0.02)
        waited = time.monotonic() - started
        assert build.poll() is None, "the build finished before it could be stopped"
        assert made, (f"the build made no temporary folder in {waited:.1f} s (workers seen: "
                      f"{len(workers)}); stderr: {(tmp_path / 'stderr').read_text()[-500:]}")
        build.send_signal(signum)
        build.wait(timeout=HANG_SECONDS)
        still = [pid for pid in workers if _running(pid)]
        assert still == [], f"worker processes {still} outlived the build"
        assert build.returncode == 128 + signum
        err = (tmp_path / "stderr").read_text()
        assert "Traceback" not in err
        assert err.count("\n") == 1, err
        assert err.startswith(f"{INPUTS / JANUARY}: stopped by {signum.name} before the build "
                              "finished"), err
        assert list(tmp.iterdir()) == [], "temporary files were left behind"
        assert not out.exists() or list(out.iterdir()) == []
    finally:
        for pid in (build.pid, *workers):  # only what this test started, should it fail
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
        build.wait()


def test_a_build_removes_the_folders_killed_builds_left(tmp_path: Path, folder: Path,
                                                        monkeypatch) -> None:
    """Only folders reportgen provably made (its name pattern and marker, its kinds of file),
    whose process is gone and which nobody has written to for a while; nothing else."""
    from reportgen.build import tempfiles

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    host, ended = tempfiles._host(), ended_pid()
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        try:
            time.sleep(0.1)
            alive = tempfiles._started(running.pid)
            folders = {
                "a process that has ended": (f"reportgen-{host}-{ended}-a1b2c3d4", 1200, False,
                                             ended, None),
                # another sandbox's build, sharing the folder: its process cannot be seen
                "ended, just written": (f"reportgen-{host}-{ended}-j1k2l3m4", 0, True, ended,
                                        None),
                "a running build, an hour untouched": (
                    f"reportgen-{host}-{running.pid}-e5f6g7h8", 7200, True, running.pid, alive),
                "a reused process number": (f"reportgen-{host}-{running.pid}-r5e6u7s8", 7200,
                                            False, running.pid, -7),
                "old-style, an hour untouched": ("reportgen-k2j3h4g5", 7200, True, None, None),
                "old-style, in use": ("reportgen-p9q8r7s6", 0, True, None, None),
                "no marker, ended": (f"reportgen-{host}-{ended}-n0m4r5k6", 7200, True, None,
                                     None),
                "another machine's, in use": (f"reportgen-elsewhere-{ended}-x1y2z3w4", 0, True,
                                              ended, None),
                "another machine's, an hour untouched": (
                    f"reportgen-elsewhere-{ended}-m1n2b3v4", 7200, True, ended, None),
            }
            for name, seconds, _, pid, started in folders.values():
                (tmp / name).mkdir()
                (tmp / name / "part-0000.pdf").write_bytes(b"%PDF-")
                if pid is not None:
                    marker = {"host": name.split("-")[1], "pid": pid, "started": started}
                    (tmp / name / tempfiles.MARKER).write_text(json.dumps(marker))
                age(tmp / name, seconds)
            (tmp / "reportgen-notes.txt").write_text("not a folder: not reportgen's")
            good(folder)
            run = subprocess.run([sys.executable, "-m", "reportgen", "build", str(folder), "-o",
                                  str(tmp_path / "out")], capture_output=True, text=True,
                                 env=dict(os.environ, TMPDIR=str(tmp)))
            assert run.returncode == 0, run.stderr
            left = {p.name for p in tmp.iterdir()}
        finally:
            running.kill()
    for why, (name, _, kept, _, _) in folders.items():
        assert (name in left) is kept, why
    assert "reportgen-notes.txt" in left


def test_a_build_removes_hidden_files_a_killed_build_left_beside_its_outputs(
        folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stale = out / f".{NAME}.docx.ab12cd34.tmp"  # as output._write_temp names them
    fresh = out / f".{NAME}.pdf.ef56gh78.tmp"  # perhaps another build's, at work now
    other = out / ".another-report.docx.ij90kl12.tmp"
    mine = out / f".{NAME}.docx notes.tmp"
    for path in (stale, fresh, other, mine):
        path.write_bytes(b"half a file")
    for path in (stale, other, mine):
        age(path, 7200)
    good(folder)
    api.build(folder, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{NAME}.docx", f"{NAME}.pdf", f".{NAME}.build.json", fresh.name, other.name, mine.name])
