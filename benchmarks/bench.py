"""The reportgen benchmark (``make bench``): what users wait for, how long each stage of a build
takes and how much memory it needs, with LibreOffice's conversion of the same DOCX to PDF as the
yardstick. Writes benchmarks/results.json and benchmarks/results.md.

    .venv/bin/python benchmarks/bench.py                 # everything (about a quarter of an hour)
    .venv/bin/python benchmarks/bench.py --sizes --meeting-runs 0 --no-kent --no-make \\
        --no-hostile                                     # first build, edit rebuild, watch only
    .venv/bin/python benchmarks/bench.py --profile 200   # cProfile of parts.render, top functions
    .venv/bin/python benchmarks/bench.py --markdown-only # results.md again from results.json

What is run is in ``scenarios`` (what users wait for, the Kent sample, a meeting, Typst, the
no-op ``make report``, hostile inputs) and ``stages`` (each stage's time and peak memory at 20,
200 and 1,000 activities); how it is measured in ``measuring``; the targets and the tables in
``reporting``. A build's stages are reported by reportgen itself (``reportgen.build.timings``).
The load average is sampled all through: other work on the machine lengthens wall times, and
results.md says how busy it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import reporting
import scenarios
import stages
import synth
from measuring import HERE, WORK, LoadSampler, environment, log, private_tmp, soffice_convert


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(stages.SIZES),
                        help="plan sizes for the stages (none: skip them)")
    parser.add_argument("--runs", type=int, help="runs per size in one process (default: "
                        "2, 1, 0; 0: the PDF writer and LibreOffice in a fresh process only)")
    parser.add_argument("--wait-sizes", type=int, nargs="*", default=list(scenarios.WAIT_RUNS),
                        help="plan sizes for first build, edit rebuild and watch (none: skip)")
    parser.add_argument("--wait-runs", type=int, help="runs of each (default: 3 and 2)")
    parser.add_argument("--no-kent", action="store_true", help="skip the Kent sample")
    parser.add_argument("--meeting-runs", type=int, default=scenarios.MEETING_RUNS,
                        help="runs of the 20-report meeting (0: skip it)")
    parser.add_argument("--no-typst", action="store_true", help="skip the Typst reference")
    parser.add_argument("--no-make", action="store_true", help="skip the no-op `make report`")
    parser.add_argument("--no-hostile", action="store_true",
                        help="skip timing the hostile inputs (benchmarks/hostile_inputs.py)")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="only profile parts.render at N activities and print the top")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--markdown-only", action="store_true",
                        help="only write results.md again from results.json")
    return parser.parse_args()


def run(args: argparse.Namespace) -> dict:
    """Every scenario asked for, in turn, with the machine and its load."""
    def runs_at(size: int) -> int:
        return stages.RUNS.get(size, 1) if args.runs is None else args.runs

    def wait_runs(size: int) -> int:
        return args.wait_runs or scenarios.WAIT_RUNS.get(size, 1)

    started = time.perf_counter()
    results: dict = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                     **environment()}
    load = LoadSampler()
    results["machine"]["loadavg_samples"] = load.sections
    results["config"] = {"seed": synth.SEED, "cell_words": list(synth.CELL_WORDS),
                         "sizes": args.sizes, "runs": {n: runs_at(n) for n in args.sizes},
                         "wait_runs": {n: wait_runs(n) for n in args.wait_sizes},
                         "kent_runs": 0 if args.no_kent else scenarios.KENT_RUNS,
                         "meeting": {"reports": scenarios.MEETING_REPORTS,
                                     "activities": scenarios.MEETING_ACTIVITIES,
                                     "runs": args.meeting_runs},
                         "typst_runs": 0 if args.no_typst else scenarios.TYPST_RUNS}
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-lo-") as tmp:
        profile = Path(tmp) / "profile"
        log("LibreOffice: creating a fresh profile (untimed warm-up conversion)")
        warm = WORK / "warmup"
        synth.make_report(warm, 3)
        from reportgen import api
        soffice_convert(api.build(warm, warm / "out").docx, warm / "lo", profile)
        typst: dict = {}
        if args.wait_sizes and not args.no_typst:
            typst["version"] = scenarios.typst_version()
            if typst["version"] is None:
                typst["missing"] = ("the PyPI package `typst` is not installed "
                                    f"(`{sys.executable} -m pip install typst`)")
            else:
                typst["runs"], typst["sizes"] = scenarios.TYPST_RUNS, {}
        waits: dict[int, dict] = {}
        for n in args.wait_sizes:
            load.section(f"waits {n}")
            waits[n] = scenarios.synthetic_waits(n, wait_runs(n), profile)
            if "sizes" in typst:
                try:
                    typst["sizes"][n] = scenarios.typst(n, scenarios.TYPST_RUNS)
                except (RuntimeError, OSError) as exc:
                    typst = {"version": typst["version"], "missing": f"it failed: {exc}"[:300]}
        results["waits"] = waits
        results["typst"] = typst or None
        results["kent"] = None
        if not args.no_kent:
            load.section("kent")
            results["kent"] = scenarios.kent_waits(scenarios.KENT_RUNS, profile)
        results["meeting"] = None
        if args.meeting_runs:
            load.section("meeting")
            results["meeting"] = scenarios.meeting(
                scenarios.MEETING_REPORTS, scenarios.MEETING_ACTIVITIES, args.meeting_runs,
                profile)
        sizes = {}
        for n in args.sizes:
            load.section(f"stages {n}")
            sizes[n] = stages.bench_size(n, runs_at(n), profile)
    results["sizes"] = sizes
    results["make_report_noop"] = None
    if not args.no_make:
        load.section("make")
        log("\n`make report` twice, timing the second")
        results["make_report_noop"] = scenarios.make_noop()
    if not args.no_hostile:
        load.section("hostile")
        results["hostile"] = scenarios.hostile()
    results["targets"] = reporting.targets(results)
    results["bench_seconds"] = time.perf_counter() - started
    results["machine"]["loadavg_end"] = os.getloadavg()
    load.stop()
    results["machine"]["loadavg_every_10s"] = load.every
    return results


def from_json(path: Path) -> dict:
    """results.json as ``run`` made it: plan sizes are numbers again."""
    results = json.loads(path.read_text())
    for key in ("waits", "sizes"):
        results[key] = {int(n): v for n, v in (results.get(key) or {}).items()}
    if (results.get("typst") or {}).get("sizes"):
        results["typst"]["sizes"] = {int(n): v for n, v in results["typst"]["sizes"].items()}
    return results


def main() -> int:
    args = parse()
    # The stages measure a whole layout every run: the layout cache is off in this process
    # and the stage processes it starts; the user-facing runs get caches of their own.
    os.environ["REPORTGEN_CACHE"] = "off"
    os.environ["TMPDIR"] = str(private_tmp())
    tempfile.tempdir = None  # chosen again, from TMPDIR
    WORK.mkdir(parents=True, exist_ok=True)
    if args.profile:
        stages.profile_pdf(args.profile, args.top)
        return 0
    if args.markdown_only:
        results = from_json(HERE / "results.json")
    else:
        if shutil.which("soffice") is None:
            raise SystemExit("soffice not found: run `scripts/system-deps.sh bench` "
                             "(or make bench)")
        results = run(args)
        (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False)
                                           + "\n")
    reporting.write_markdown(results, HERE / "results.md")
    print(reporting.terminal_summary(results))
    print(f"Wrote {HERE / 'results.json'} and {HERE / 'results.md'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
