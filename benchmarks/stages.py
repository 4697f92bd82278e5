"""The synthetic sizes' stages (read, model, DOCX, PDF, LibreOffice): time and peak memory of each
at 20, 200 and 1,000 activities, with the layout cache off, so each PDF figure is a whole layout.

Each stage is the library function that does it (``inputs.read_report``, ``numbering.assign``,
``render.docx.render``, ``build.parts.render``), called in turn: first as medians of runs in the
benchmark's own process (warm: fonts, templates and imports loaded once), then once each in a
fresh process (``python benchmarks/stages.py STAGE FOLDER PROFILE``) that loads the stage's
input (the pickled model) and resets the kernel's peak-RSS mark (``/proc/self/clear_refs``), so
each peak is the process's high-water mark *while that stage ran*: interpreter, imports and
model included, earlier stages not.
"""

from __future__ import annotations

import copy
import gc
import json
import pickle
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import synth
from measuring import (
    ROOT,
    SOFFICE_TIMEOUT,
    WORK,
    TreePeak,
    children_cpu,
    log,
    pages,
    reset_peak,
    soffice_convert,
    status_kib,
)

SIZES = (20, 200, 1000)
#: Runs per size in this process, before one fresh process per stage: at 1,000 activities the
#: PDF writer and LibreOffice run only in their fresh processes (0: their one run there is the
#: figure), to keep the whole benchmark within a quarter of an hour on a 2-core machine.
RUNS = {20: 2, 200: 1, 1000: 0}
STAGES = ("read", "model", "docx", "pdf", "libreoffice")
STAGE_NAMES = {
    "read": "read workbooks",
    "model": "build model (numbering)",
    "docx": "DOCX writer",
    "pdf": "PDF writer (WeasyPrint)",
    "libreoffice": "LibreOffice DOCX → PDF",
}


def child(stage: str, folder: Path, profile: Path) -> None:
    """One stage in this fresh process; prints its time and peak memory as JSON."""
    from reportgen import numbering
    from reportgen.build import parts
    from reportgen.errors import Problems
    from reportgen.inputs.report import read_report
    from reportgen.render import docx

    run: Callable[[], object]
    if stage == "read":
        def run() -> object:
            return read_report(folder, Problems())
    elif stage == "model":
        report = pickle.loads((folder / "model-read.pickle").read_bytes())

        def run() -> object:
            return numbering.assign(report, Problems(), "report.xlsx")
    elif stage in ("docx", "pdf"):
        report = pickle.loads((folder / "model-numbered.pickle").read_bytes())
        render = docx.render if stage == "docx" else parts.render

        def run() -> object:
            return render(report)
    elif stage == "libreoffice":
        def run() -> object:
            return soffice_convert(folder / "report.docx", folder / "lo-child", profile)
    else:
        raise SystemExit(f"unknown stage {stage}")
    gc.collect()
    reset = reset_peak()
    before = status_kib("VmRSS")
    cpu = time.process_time() + children_cpu()
    start = time.perf_counter()
    with TreePeak(enabled=stage != "libreoffice") as tree:  # soffice: getrusage below
        made = run()
    seconds = time.perf_counter() - start
    cpu = time.process_time() + children_cpu() - cpu - tree.cpu
    if stage == "pdf" and isinstance(made, bytes):
        (folder / "report-child.pdf").write_bytes(made)
    if stage == "libreoffice":
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        how = "getrusage(RUSAGE_CHILDREN).ru_maxrss of the soffice process tree"
    elif reset:
        peak = max(status_kib("VmHWM") or 0, tree.peak)
        how = ("the larger of VmHWM (reset just before the stage) and the sampled sum of "
               "proportional set sizes of this process and its workers")
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        how = "getrusage(RUSAGE_SELF).ru_maxrss (peak reset unsupported)"
    print(json.dumps({"stage": stage, "seconds": seconds, "cpu_seconds": cpu, "peak_kib": peak,
                      "rss_before_kib": before, "method": how}))


def measure_in_child(stage: str, folder: Path, profile: Path) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), stage, str(folder), str(profile)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                          timeout=SOFFICE_TIMEOUT * 2)
    if done.returncode != 0:
        raise RuntimeError(f"child {stage} failed: {done.stderr.strip()[-1500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_size(size: int, runs: int, profile: Path) -> dict:
    """Each stage at ``size`` activities: ``runs`` runs here, then one fresh process each."""
    from reportgen import numbering
    from reportgen.build import parts
    from reportgen.errors import Problems
    from reportgen.inputs.report import read_report
    from reportgen.render import docx

    folder = WORK / f"plan-{size}"
    facts = synth.make_report(folder, size)
    log(f"\n{size} activities, {facts['outcomes']} outcomes, {facts['activity_words']:,} words "
        f"in the plan: {runs or 'no'} run(s) in this process, then one fresh process a stage")
    times: dict[str, list[float]] = {stage: [] for stage in STAGES}
    cpu: dict[str, list[float]] = {stage: [] for stage in STAGES}
    docx_path, pdf_path = folder / "report.docx", folder / "report.pdf"
    lo_pdf = folder / "lo" / "report.pdf"

    def clock() -> tuple[float, float]:
        """Wall time, and processor time of this process and the processes it started and
        waited for (the PDF writer's workers, LibreOffice)."""
        return time.perf_counter(), time.process_time() + children_cpu()

    def lap(stage: str, began: tuple[float, float]) -> None:
        now = clock()
        times[stage].append(now[0] - began[0])
        cpu[stage].append(now[1] - began[1])

    for run in range(1, max(runs, 1) + 1):
        gc.collect()
        problems = Problems()
        began = clock()
        report = read_report(folder, problems)
        lap("read", began)
        if report is None or problems:
            raise SystemExit(f"generated inputs have problems: {list(map(str, problems))[:5]}")
        if run == 1:
            (folder / "model-read.pickle").write_bytes(pickle.dumps(report))
        began = clock()
        numbering.assign(report, problems, "report.xlsx")
        lap("model", began)
        if problems:
            raise SystemExit(f"numbering found problems: {list(map(str, problems))[:5]}")
        if run == 1:
            (folder / "model-numbered.pickle").write_bytes(pickle.dumps(report))
        began = clock()
        docx_bytes = docx.render(report)
        lap("docx", began)
        docx_path.write_bytes(docx_bytes)
        if not runs:  # the PDF writer and LibreOffice in a fresh process only
            break
        began = clock()
        pdf_bytes = parts.render(report)
        lap("pdf", began)
        pdf_path.write_bytes(pdf_bytes)
        del docx_bytes, pdf_bytes, report
        began = clock()
        soffice_convert(docx_path, lo_pdf.parent, profile)
        lap("libreoffice", began)
        log(f"  run {run}: " + ", ".join(f"{s} {times[s][-1]:.2f} s" for s in STAGES))
    fresh = {}
    for stage in STAGES:
        fresh[stage] = measure_in_child(stage, folder, profile)
        log(f"  fresh process, {stage}: {fresh[stage]['seconds']:.2f} s (CPU "
            f"{fresh[stage]['cpu_seconds']:.2f} s), peak {fresh[stage]['peak_kib'] / 1024:.0f} MiB")
        if not times[stage]:
            times[stage].append(fresh[stage]["seconds"])
            cpu[stage].append(fresh[stage]["cpu_seconds"])
    if not runs:
        pdf_path, lo_pdf = folder / "report-child.pdf", folder / "lo-child" / "report.pdf"
    return {
        **facts,
        "runs": runs,
        "seconds": {s: {"median": statistics.median(v), "runs": v} for s, v in times.items()},
        "cpu_seconds": {s: {"median": statistics.median(v), "runs": v} for s, v in cpu.items()},
        "fresh_process_seconds": {s: fresh[s]["seconds"] for s in STAGES},
        "fresh_process_cpu_seconds": {s: fresh[s]["cpu_seconds"] for s in STAGES},
        "peak_rss_mib": {s: fresh[s]["peak_kib"] / 1024 for s in STAGES},
        "rss_before_stage_mib": {s: (fresh[s]["rss_before_kib"] or 0) / 1024 for s in STAGES
                                 if s != "libreoffice"},
        "peak_method": {s: fresh[s]["method"] for s in STAGES},
        "pages": {"pdf": pages(pdf_path), "libreoffice": pages(lo_pdf)},
        "bytes": {"docx": docx_path.stat().st_size, "pdf": pdf_path.stat().st_size,
                  "libreoffice_pdf": lo_pdf.stat().st_size},
    }


def profile_pdf(size: int, top: int) -> None:
    """cProfile of parts.render on an already numbered model; prints the top functions."""
    import cProfile
    import pstats

    from reportgen import numbering
    from reportgen.build import parts
    from reportgen.errors import Problems
    from reportgen.inputs.report import read_report

    folder = WORK / f"plan-{size}"
    synth.make_report(folder, size)
    problems = Problems()
    report = read_report(folder, problems)
    assert report is not None and not problems
    numbering.assign(report, problems, "report.xlsx")
    parts.render(copy.deepcopy(report))  # warm up imports and font caches outside the profile
    profiler = cProfile.Profile()
    profiler.enable()
    parts.render(report)
    profiler.disable()
    out = WORK / f"pdf-{size}.prof"
    profiler.dump_stats(out)
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    log(f"profile written to {out} (e.g. `python -m pstats {out}`)")


if __name__ == "__main__":  # one stage in a fresh process, for ``measure_in_child``
    import os
    import tempfile

    from measuring import private_tmp

    os.environ["REPORTGEN_CACHE"] = "off"
    os.environ["TMPDIR"] = str(private_tmp())
    tempfile.tempdir = None
    child(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
