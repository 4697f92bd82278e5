"""The hostile-input part of ``make bench``: how long, and how much memory, ``reportgen build``
takes to refuse (or read) each input built to exhaust time or memory.

The cases are the test suite's own (``tests/hostile/cases.py``), so the benchmark and the tests
measure the same files; the tests assert the memory bound and only guard against a hang, and
this reports the time against the five-second goal. Each case runs in a fresh process, measured
from a small runner whose only child it is (see ``tests/hostile/measure.py``), with the layout
cache off (``--no-cache``), so that each run does the whole work, as before the cache.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile.cases import CASES, NAME  # noqa: E402
from hostile.measure import GOAL_SECONDS, PEAK_MB, run_reportgen  # noqa: E402
from hostile.test_sizes import SIZE_CASES  # noqa: E402


def measure(runs: int = 3) -> list[dict]:
    """Each size case: exit code, median seconds over ``runs`` runs, largest peak MiB."""
    found = []
    for name in SIZE_CASES:
        with tempfile.TemporaryDirectory(prefix="reportgen-bench-hostile-") as tmp:
            folder = Path(tmp) / NAME
            folder.mkdir()
            CASES[name].make(folder)
            measured = [run_reportgen("build", "--no-cache", str(folder), "-o",
                                      str(Path(tmp) / "out"))
                        for _ in range(runs)]
        seconds = statistics.median(run.seconds for run in measured)
        peak = max(run.peak_mb for run in measured)
        found.append({"case": name, "exit_code": measured[0].exit_code, "seconds": seconds,
                      "peak_mib": peak, "met": seconds <= GOAL_SECONDS and peak <= PEAK_MB})
        print(f"  {name}: exit {measured[0].exit_code}, {seconds:.2f} s, {peak:.0f} MiB",
              flush=True)
    return found


def markdown(found: list[dict]) -> str:
    lines = [f"Hostile inputs (goal: refused or read in ≤ {GOAL_SECONDS} s and ≤ {PEAK_MB} MiB; "
             "`reportgen build --no-cache` in a fresh process, median time, largest peak):", "",
             "| case | exit | time | peak | met |", "| --- | ---: | ---: | ---: | --- |"]
    lines += [f"| {f['case'].replace('_', ' ')} | {f['exit_code']} | {f['seconds']:.2f} s | "
              f"{f['peak_mib']:.0f} MiB | {'yes' if f['met'] else 'NO'} |" for f in found]
    return "\n".join(lines) + "\n"
