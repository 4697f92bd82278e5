"""The reportgen benchmark (``make bench``): what users wait for, and how long each stage takes
and how much memory it needs; LibreOffice's conversion of the same DOCX to PDF as the yardstick.

    .venv/bin/python benchmarks/bench.py                 # everything (about ten minutes)
    .venv/bin/python benchmarks/bench.py --sizes --meeting-runs 0 --no-make --no-hostile
                                                         # first build and edit rebuild only
    .venv/bin/python benchmarks/bench.py --breakdown 200 # the steps of a build and a rebuild
    .venv/bin/python benchmarks/bench.py --profile 200   # cProfile of parts.render, top functions

What users wait for, each beside LibreOffice (``soffice --headless --convert-to pdf``, private
profile) converting the same DOCX, with wall and processor seconds (user + system of the
command and everything it started, ``getrusage(RUSAGE_CHILDREN)``):

* first build, ``reportgen build --changed`` in a new process with an empty layout cache, and
  the rebuild after one activity cell of the plan workbook is edited (the cache warm), at 20
  and 200 activities;
* a meeting: 20 report folders of about 20 activities each, built by one
  ``reportgen build --changed INPUTS -o OUT`` process (empty cache), against one LibreOffice
  run converting the 20 DOCX;
* for reference only, Typst (PyPI ``typst``, when installed; not a reportgen dependency)
  compiling the same text and tables (``typst_doc.py``).

The stages (read, model, DOCX, PDF, LibreOffice) are timed with the layout cache off, as
medians of runs in this process (warm: fonts, templates and imports loaded once). Peak memory
is measured per stage in a fresh subprocess that loads the stage's input (the pickled model)
and then resets the kernel's peak-RSS mark (``/proc/self/clear_refs``), so each figure is the
process's high-water mark *while that stage ran*: interpreter, imports and model included,
earlier stages not. Those subprocesses also give each stage's time in a fresh process. Then
the no-op ``make report`` and the hostile inputs. Writes benchmarks/results.json and
benchmarks/results.md, noting the load average (other work on the machine skews wall times).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import gc
import io
import json
import os
import pickle
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import synth
import watchbench

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
SIZES = (20, 200, 1000)
#: Runs per size in this process, before one fresh process per stage. Fewer than before the
#: user-facing measures were added (3, 3, 2), to keep the whole benchmark within a quarter of an
#: hour on a 2-core machine: the first build at 200 activities is measured again, three times,
#: as users wait for it; at 1,000 activities the PDF writer and LibreOffice run only in their
#: fresh processes (0: their one run there is the figure).
RUNS = {20: 2, 200: 1, 1000: 0}
STAGES = ("read", "model", "docx", "pdf", "libreoffice")
STAGE_NAMES = {
    "read": "read workbooks",
    "model": "build model (numbering)",
    "docx": "DOCX writer",
    "pdf": "PDF writer (WeasyPrint)",
    "libreoffice": "LibreOffice DOCX → PDF",
}
SOFFICE_TIMEOUT = 900
MIB = 1024 * 1024

#: What users wait for: first build and one-cell-edit rebuild at these sizes, runs of each.
WAIT_RUNS = {20: 3, 200: 2}
#: A meeting: this many reports of about this many activities, built in one process.
MEETING_REPORTS = 20
MEETING_ACTIVITIES = 20
MEETING_RUNS = 1
#: Typst compiles of the same content (reference only), runs per size.
TYPST_RUNS = 3

#: The targets. What users wait for, against LibreOffice converting the same DOCX:
EDIT_VS_FIRST_LIMIT = 0.2          # one-cell edit rebuild / first build, 200 activities
EDIT_VS_LIBREOFFICE_LIMIT = 1.0    # one-cell edit rebuild / LibreOffice, 200 activities
WATCH_VS_LIBREOFFICE_LIMIT = 0.5   # save to updated PDF in reportgen watch / LibreOffice, 200
FIRST_VS_LIBREOFFICE_LIMIT = {20: 1.0, 200: 1.5}
MEETING_VS_LIBREOFFICE_LIMIT = 3.0  # 20 reports in one build / one LibreOffice run of 20
#: and, for the stages:
DOCX_200_LIMIT_S = 0.5
PDF_SCALING_FACTOR = 1.2
PEAK_LIMIT_MIB = {200: 300, 1000: 600}
MAKE_NOOP_LIMIT_S = 1.0


# -- measuring ------------------------------------------------------------------------------

def _status_kib(field: str) -> int | None:
    match = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    return int(match.group(1)) if match else None


def _tree_pss_kib(root: int) -> int:
    """Memory of ``root`` and every process it started (the PDF writer's workers) together:
    the sum of their proportional set sizes, in which a page shared by several processes
    (forked workers share the parent's interpreter and fonts) counts once in all.
    """
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
        total += int(match.group(1)) if match else 0
    return total


class _TreePeak:
    """Samples ``_tree_pss_kib`` of this process every 20 ms while a stage runs."""

    def __init__(self, enabled: bool = True) -> None:
        self.peak = 0
        #: Processor seconds the sampling took (reading /proc), to leave out of the stage's.
        self.cpu = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._enabled = enabled

    def _run(self) -> None:
        if not self._enabled:
            return
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _tree_pss_kib(os.getpid()))
        self.cpu = time.thread_time()

    def __enter__(self) -> _TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _reset_peak() -> bool:
    """Reset this process's VmHWM to its current RSS (Linux 4.0+); False where unsupported."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def soffice_command(docx: list[Path], outdir: Path, profile: Path) -> list[str]:
    """One headless LibreOffice run converting every file of ``docx`` to PDF in ``outdir``,
    with its own user profile (``profile``), not the user's."""
    return ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx)]


def soffice_convert(docx: Path, outdir: Path, profile: Path) -> Path:
    """LibreOffice's headless conversion of ``docx`` into ``outdir``; the PDF's path."""
    outdir.mkdir(parents=True, exist_ok=True)
    pdf = outdir / (docx.stem + ".pdf")
    pdf.unlink(missing_ok=True)
    done = subprocess.run(soffice_command([docx], outdir, profile), capture_output=True,
                          text=True, timeout=SOFFICE_TIMEOUT)
    if done.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"soffice failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return pdf


def _children_cpu() -> float:
    """Processor seconds (user + system) of every child process ended and waited for so far,
    their own children included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(cmd: list[str], env: dict[str, str] | None = None,
              timeout: float = SOFFICE_TIMEOUT) -> dict:
    """Run ``cmd`` to its end: wall seconds, processor seconds of it and every process it
    started (``getrusage(RUSAGE_CHILDREN)`` user + system, before and after), exit code and
    output. Fails if it fails."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:6])} … failed ({done.returncode}): "
                           f"{(done.stderr or done.stdout).strip()[-1500:]}")
    return {"seconds": seconds, "cpu_seconds": cpu, "stdout": done.stdout,
            "stderr": done.stderr}


def child(stage: str, folder: Path, profile: Path) -> None:
    """One stage in this fresh process; prints its time and peak memory as JSON."""
    from reportgen import numbering
    from reportgen.build import parts
    from reportgen.errors import Problems
    from reportgen.inputs import read_report
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
    reset = _reset_peak()
    before = _status_kib("VmRSS")
    cpu = time.process_time() + _children_cpu()
    start = time.perf_counter()
    with _TreePeak(enabled=stage != "libreoffice") as tree:  # soffice: getrusage below
        made = run()
    seconds = time.perf_counter() - start
    cpu = time.process_time() + _children_cpu() - cpu - tree.cpu
    if stage == "pdf" and isinstance(made, bytes):
        (folder / "report-child.pdf").write_bytes(made)
    if stage == "libreoffice":
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        how = "getrusage(RUSAGE_CHILDREN).ru_maxrss of the soffice process tree"
    elif reset:
        peak = max(_status_kib("VmHWM") or 0, tree.peak)
        how = ("the larger of VmHWM (reset just before the stage) and the sampled sum of "
               "proportional set sizes of this process and its workers")
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        how = "getrusage(RUSAGE_SELF).ru_maxrss (peak reset unsupported)"
    print(json.dumps({"stage": stage, "seconds": seconds, "cpu_seconds": cpu, "peak_kib": peak,
                      "rss_before_kib": before, "method": how}))


def measure_in_child(stage: str, folder: Path, profile: Path) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", stage, "--folder",
           str(folder), "--lo-profile", str(profile)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                          timeout=SOFFICE_TIMEOUT * 2)
    if done.returncode != 0:
        raise RuntimeError(f"child {stage} failed: {done.stderr.strip()[-1500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def pages(pdf: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(str(pdf)).pages)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_size(size: int, runs: int, profile: Path) -> dict:
    from reportgen import numbering
    from reportgen.build import parts
    from reportgen.errors import Problems
    from reportgen.inputs import read_report
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
        return time.perf_counter(), time.process_time() + _children_cpu()

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


def make_noop() -> dict:
    """``make report`` twice in the repository; the second run (nothing to rebuild) is timed."""
    cache = WORK / "make-cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {k: v for k, v in user_env(cache).items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    # This interpreter's environment (``make bench`` set it up; a git worktree has no .venv
    # of its own), and never its set-up again (-o: the set-up stamp counts as up to date).
    make = ["make", "-o", ".venv/.installed", "report", f"BIN={Path(sys.executable).parent}"]
    first = subprocess.run(make, cwd=ROOT, env=env, capture_output=True, text=True)
    start = time.perf_counter()
    second = subprocess.run(make, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    rebuilt = [line for line in second.stdout.splitlines() if "reportgen build" in line]
    return {"seconds": seconds, "first_returncode": first.returncode,
            "second_returncode": second.returncode, "second_rebuilt": rebuilt,
            "stderr": (first.stderr + second.stderr).strip()[-1000:]}


# -- what users wait for -----------------------------------------------------------------------

def reportgen_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "reportgen", *args]


def user_env(cache: Path | str) -> dict[str, str]:
    """The environment of a ``reportgen`` run as a user starts it, with this tree's package
    first on the path and the layout cache in ``cache`` (a private folder, or "off")."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["REPORTGEN_CACHE"] = str(cache)
    env["TMPDIR"] = str(private_tmp())
    return env


def private_tmp() -> Path:
    """The benchmark's own temporary folder, for every build it runs. Other work on a shared
    machine may run reportgen too, and a build clears away the temporary folders of builds it
    takes to be dead (``tempfiles.sweep``): one that cannot see this benchmark's processes (a
    sandbox with its own process numbers) would remove a running build's parts."""
    folder = WORK / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cache_entries(cache: Path) -> int:
    """The report parts in a layout cache (not its sheets of page stamps)."""
    found = 0
    for entry in cache.glob("*.part") if cache.is_dir() else ():
        with entry.open("rb") as stream:
            stream.readline()
            found += json.loads(stream.readline()).get("kind", "part") == "part"
    return found


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def bench_waits(size: int, runs: int, profile: Path) -> dict:
    """What an officer waits for with a plan of ``size`` activities, each run from scratch:

    * first build: ``reportgen build --changed REPORT -o OUT`` in a new process with a new,
      empty layout cache (a private ``REPORTGEN_CACHE`` folder);
    * LibreOffice: one ``soffice --convert-to pdf`` run on that build's DOCX;
    * edit rebuild: one activity cell of the plan workbook changed and saved, then the same
      command again (the cache warm from the first build);
    * save to updated PDF: ``reportgen watch`` running on the report (started after the edit
      rebuild, so warm), one more activity cell saved as Excel saves, until the PDF is replaced
      (``watchbench``).
    """
    base = WORK / f"wait-{size}"
    if base.exists():
        shutil.rmtree(base)
    pristine = base / "pristine"
    facts = synth.make_report(pristine, size)
    log(f"\n{size} activities, first build / LibreOffice / one-cell edit and rebuild: "
        f"{runs} run(s)")
    found: list[dict] = []
    for run in range(1, runs + 1):
        work = base / f"run-{run}"
        folder = work / f"plan-{size}"
        shutil.copytree(pristine, folder)
        cache, out = work / "cache", work / "out"
        build = reportgen_command("build", "--changed", str(folder), "-o", str(out))
        first = run_timed(build, user_env(cache))
        if "built" not in first["stdout"]:
            raise RuntimeError(f"first build did not build: {first['stdout']}")
        parts = cache_entries(cache)
        docx_path, pdf_path = out / f"{folder.name}.docx", out / f"{folder.name}.pdf"
        lo = run_timed(soffice_command([docx_path], work / "lo", profile))
        synth.edit_one_cell(folder, size // 2)
        edit = run_timed(build, user_env(cache))
        if f"{folder.name}: built" not in edit["stdout"]:
            raise RuntimeError(f"the edit was not rebuilt: {edit['stdout']}")
        watched = watchbench.save_to_pdf(
            reportgen_command("watch", str(folder), "-o", str(out), "--port", "0",
                              "--no-browser"), user_env(cache), folder, out, synth.PLAN_FILE,
            size // 2 + 1)
        row = {"first": {k: first[k] for k in ("seconds", "cpu_seconds")},
               "libreoffice": {k: lo[k] for k in ("seconds", "cpu_seconds")},
               "edit": {k: edit[k] for k in ("seconds", "cpu_seconds")},
               "watch": watched,
               "parts_cached": parts, "parts_laid_out_again": cache_entries(cache) - parts}
        if run == 1:
            row["pages"] = {"reportgen": pages(pdf_path),
                            "libreoffice": pages(work / "lo" / f"{folder.name}.pdf")}
            row["docx"] = str(docx_path)
        found.append(row)
        log(f"  run {run}: first build {first['seconds']:.2f} s (CPU {first['cpu_seconds']:.2f}"
            f" s), LibreOffice {lo['seconds']:.2f} s (CPU {lo['cpu_seconds']:.2f} s), edit "
            f"rebuild {edit['seconds']:.2f} s (CPU {edit['cpu_seconds']:.2f} s); parts laid out"
            f" again {row['parts_laid_out_again']} of {parts}; reportgen watch, save to updated "
            f"PDF {watched['seconds']:.2f} s (CPU {watched['cpu_seconds']:.2f} s)")
    out_: dict = {**facts, "runs": runs, "pages": found[0]["pages"],
                  "parts": found[0]["parts_cached"],
                  "parts_laid_out_again": found[0]["parts_laid_out_again"], "each": found}
    for what in ("first", "libreoffice", "edit", "watch"):
        out_[what] = {"seconds": statistics.median(r[what]["seconds"] for r in found),
                      "cpu_seconds": statistics.median(r[what]["cpu_seconds"] for r in found)}
    return out_


#: Compiles a .typ file to PDF/UA-1 in a new process, as a user would run it.
_TYPST_RUNNER = """
import sys, typst
pdf = typst.compile(sys.argv[1], pdf_standards=["ua-1"])
open(sys.argv[2], "wb").write(pdf)
"""


def typst_version() -> str | None:
    try:
        return metadata.version("typst")
    except metadata.PackageNotFoundError:
        return None


def bench_typst(size: int, runs: int) -> dict:
    """For reference: Typst compiling the same report's content (``typst_doc``) to tagged PDF
    in a new process (Python start-up and ``import typst`` included, as ``reportgen build``'s
    times include its own)."""
    import typst_doc

    from reportgen import api

    folder = WORK / f"wait-{size}" / "pristine"
    source = typst_doc.write(api.load(folder), WORK / f"typst-{size}")
    pdf_path = source.with_suffix(".pdf")
    found = [run_timed([sys.executable, "-c", _TYPST_RUNNER, str(source), str(pdf_path)])
             for _ in range(runs)]
    result = {"runs": runs, "seconds": _median(found, "seconds"),
              "cpu_seconds": _median(found, "cpu_seconds"), "pages": pages(pdf_path),
              "source_bytes": source.stat().st_size, "each": [
                  {k: f[k] for k in ("seconds", "cpu_seconds")} for f in found]}
    log(f"  Typst, {size} activities: {result['seconds']:.2f} s (CPU "
        f"{result['cpu_seconds']:.2f} s), {result['pages']} pages")
    return result


def meeting_folders(inputs: Path, reports: int, activities: int) -> list[dict]:
    """``reports`` report folders in ``inputs``, as the papers of one meeting: each the
    January sample with a plan of about ``activities`` activities (activities - 4 to
    activities + 4) and its own text (seed), title and agenda item, so no two reports share a
    laid-out part."""
    if inputs.exists():
        shutil.rmtree(inputs)
    facts = []
    for index in range(1, reports + 1):
        size = activities - 4 + (index * 5) % 9
        folder = inputs / f"cabinet-item-{index + 4:02d}"
        facts.append({"folder": folder.name, **synth.make_report(
            folder, size, seed=synth.SEED + 1000 + index,
            details={"Title": f"Partnership Update for Area {index}",
                     "Agenda item": index + 4})})
    return facts


def bench_meeting(reports: int, activities: int, runs: int, profile: Path) -> dict:
    """A meeting's reports built by one ``reportgen build --changed INPUTS -o OUT`` process
    with a new, empty layout cache, against one ``soffice --convert-to pdf`` run converting
    the same DOCX files."""
    from reportgen import api
    from reportgen.render import html

    base = WORK / "meeting"
    inputs = base / "inputs"
    facts = meeting_folders(inputs, reports, activities)
    expected_parts = sum(len(html.parts(api.load(inputs / f["folder"]))) for f in facts)
    log(f"\nmeeting of {reports} reports of {activities - 4}–{activities + 4} activities: "
        f"{runs} run(s)")
    found: list[dict] = []
    for run in range(1, runs + 1):
        work = base / f"run-{run}"
        if work.exists():
            shutil.rmtree(work)
        cache, out, lo_dir = work / "cache", work / "out", work / "lo"
        build = run_timed(reportgen_command("build", "--changed", str(inputs), "-o", str(out)),
                          user_env(cache), timeout=SOFFICE_TIMEOUT * 2)
        built = [line for line in build["stdout"].splitlines() if line.endswith(": built")]
        if len(built) != reports:
            raise RuntimeError(f"built {len(built)} of {reports}: {build['stdout'][-1500:]}")
        docx_files = sorted(out.glob("*.docx"))
        lo_dir.mkdir(parents=True)
        lo = run_timed(soffice_command(docx_files, lo_dir, profile), timeout=SOFFICE_TIMEOUT * 2)
        lo_pdfs = sorted(lo_dir.glob("*.pdf"))
        if len(lo_pdfs) != reports:
            raise RuntimeError(f"LibreOffice wrote {len(lo_pdfs)} PDF files of {reports}")
        row = {"build": {k: build[k] for k in ("seconds", "cpu_seconds")},
               "libreoffice": {k: lo[k] for k in ("seconds", "cpu_seconds")},
               "parts_laid_out": cache_entries(cache)}
        if run == 1:
            row["pages"] = {"reportgen": sum(pages(f) for f in sorted(out.glob("*.pdf"))),
                            "libreoffice": sum(pages(f) for f in lo_pdfs)}
        found.append(row)
        log(f"  run {run}: reportgen {build['seconds']:.2f} s (CPU {build['cpu_seconds']:.2f} "
            f"s), LibreOffice {lo['seconds']:.2f} s (CPU {lo['cpu_seconds']:.2f} s); "
            f"{row['parts_laid_out']} parts laid out of {expected_parts}")
    result: dict = {"reports": reports, "activities": [f["activities"] for f in facts],
                    "activity_words": sum(f["activity_words"] for f in facts), "runs": runs,
                    "parts": expected_parts, "parts_laid_out": found[0]["parts_laid_out"],
                    "pages": found[0]["pages"], "each": found}
    for what in ("build", "libreoffice"):
        result[what] = {"seconds": statistics.median(r[what]["seconds"] for r in found),
                        "cpu_seconds": statistics.median(r[what]["cpu_seconds"] for r in found)}
    return result


# -- the report -----------------------------------------------------------------------------

def environment() -> dict:
    versions = {"python": platform.python_version()}
    for dist in ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools", "python-docx",
                 "openpyxl", "jinja2", "lxml", "pillow", "pypdf"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    try:
        from weasyprint.text.ffi import pango
        v = pango.pango_version()
        versions["pango"] = f"{v // 10000}.{v // 100 % 100}.{v % 100}"
    except Exception:  # noqa: BLE001 - a version string is nice to have, never essential
        versions["pango"] = None
    for tool, args in (("libreoffice", ["soffice", "--version"]),
                       ("pdfinfo", ["pdfinfo", "-v"])):
        try:
            out = subprocess.run(args, capture_output=True, text=True, timeout=120)
            versions[tool] = (out.stdout + out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            versions[tool] = None
    cpu = None
    try:
        cpu = re.search(r"^model name\s*:\s*(.*)$", Path("/proc/cpuinfo").read_text(),
                        re.M).group(1)  # type: ignore[union-attr]
    except (OSError, AttributeError):
        pass
    memory = _meminfo_total_mib()
    versions["reportgen_commit"] = _git("rev-parse", "--short", "HEAD")
    versions["reportgen_changed_files"] = _git("status", "--porcelain", "--", "reportgen")
    return {"machine": {"uname": " ".join(platform.uname()), "uname_a": _uname_a(),
                        "cpu_count": os.cpu_count(), "cpu_model": cpu,
                        "memory_total_mib": memory,
                        # other work on the machine skews the times: compare start and end
                        "loadavg_start": os.getloadavg()},
            "versions": versions}


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _uname_a() -> str:
    try:
        return subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return " ".join(platform.uname())


def _meminfo_total_mib() -> int | None:
    match = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    return int(match.group(1)) // 1024 if match else None


def targets(results: dict) -> list[dict]:
    sizes: dict[int, dict] = results.get("sizes") or {}
    waits: dict[int, dict] = results.get("waits") or {}
    meeting: dict | None = results.get("meeting")
    make: dict | None = results.get("make_report_noop")
    hostile: list[dict] | None = results.get("hostile")
    out: list[dict] = []

    def add(name: str, value: float | None, limit: float, unit: str, note: str = "") -> None:
        out.append({"target": name, "value": value, "limit": limit, "unit": unit,
                    "met": value is not None and value <= limit, "note": note})

    def t(size: int, stage: str) -> float:
        return sizes[size]["seconds"][stage]["median"]

    def w(size: int, what: str) -> float:
        return waits[size][what]["seconds"]

    if 200 in waits:
        def c(what: str, than: str) -> str:
            return (f"CPU {waits[200][what]['cpu_seconds'] / waits[200][than]['cpu_seconds']:.2f}"
                    "×")
        add("one-cell edit rebuild / first build, 200 activities",
            w(200, "edit") / w(200, "first"), EDIT_VS_FIRST_LIMIT, "×",
            f"{w(200, 'edit'):.2f} s vs {w(200, 'first'):.2f} s; {c('edit', 'first')}")
        add("one-cell edit rebuild / LibreOffice, 200 activities",
            w(200, "edit") / w(200, "libreoffice"), EDIT_VS_LIBREOFFICE_LIMIT, "×",
            f"{w(200, 'edit'):.2f} s vs {w(200, 'libreoffice'):.2f} s; "
            f"{c('edit', 'libreoffice')}")
        if "watch" in waits[200]:
            add("save to updated PDF, reportgen watch / LibreOffice, 200 activities",
                w(200, "watch") / w(200, "libreoffice"), WATCH_VS_LIBREOFFICE_LIMIT, "×",
                f"{w(200, 'watch'):.2f} s vs {w(200, 'libreoffice'):.2f} s; "
                f"{c('watch', 'libreoffice')}")
    for size, limit in FIRST_VS_LIBREOFFICE_LIMIT.items():
        if size in waits:
            cpu = waits[size]["first"]["cpu_seconds"] / waits[size]["libreoffice"]["cpu_seconds"]
            add(f"first build / LibreOffice, {size} activities",
                w(size, "first") / w(size, "libreoffice"), limit, "×",
                f"{w(size, 'first'):.2f} s vs {w(size, 'libreoffice'):.2f} s; CPU {cpu:.2f}×")
    if meeting:
        b, lo = meeting["build"], meeting["libreoffice"]
        add(f"meeting of {meeting['reports']} reports / one LibreOffice run",
            b["seconds"] / lo["seconds"], MEETING_VS_LIBREOFFICE_LIMIT, "×",
            f"{b['seconds']:.1f} s vs {lo['seconds']:.1f} s; CPU "
            f"{b['cpu_seconds'] / lo['cpu_seconds']:.2f}×")
    if 200 in sizes:
        add("DOCX writer, 200 activities", t(200, "docx"), DOCX_200_LIMIT_S, "s")
    if 200 in sizes and 1000 in sizes:
        page_ratio = sizes[1000]["pages"]["pdf"] / sizes[200]["pages"]["pdf"]
        fresh = {n: sizes[n]["fresh_process_seconds"]["pdf"] for n in (200, 1000)}
        add("PDF writer t(1000)/t(200) ≤ 1.2 × pages(1000)/pages(200), fresh processes",
            fresh[1000] / fresh[200], PDF_SCALING_FACTOR * page_ratio, "×",
            f"pages {sizes[1000]['pages']['pdf']}/{sizes[200]['pages']['pdf']} = "
            f"{page_ratio:.2f}")
    for size, limit in PEAK_LIMIT_MIB.items():
        if size in sizes:
            peaks = {s: v for s, v in sizes[size]["peak_rss_mib"].items() if s != "libreoffice"}
            worst = max(peaks, key=lambda s: peaks[s])
            add(f"peak resident memory, {size} activities", peaks[worst], limit, "MiB",
                f"largest stage: {worst}")
    if make is not None:
        ok = make["first_returncode"] == 0 and make["second_returncode"] == 0
        note = "make report failed" if not ok else (
            "second run rebuilt: " + "; ".join(make["second_rebuilt"])
            if make["second_rebuilt"] else "second run rebuilt nothing")
        add("no-op `make report`", make["seconds"] if ok else None, MAKE_NOOP_LIMIT_S, "s", note)
    if hostile:
        slowest = max(hostile, key=lambda f: f["seconds"])
        largest = max(hostile, key=lambda f: f["peak_mib"])
        add("hostile inputs over 5 s or 300 MiB", sum(not f["met"] for f in hostile), 0,
            "cases", f"of {len(hostile)}; slowest {slowest['case']} {slowest['seconds']:.2f} s,"
            f" largest {largest['case']} {largest['peak_mib']:.0f} MiB")
    return out


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "failed"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "cases":
        return f"{value:.0f}"
    if unit == "s":
        return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"
    return f"{value:.2f}×"


def _seconds(value: float) -> str:
    if value < 0.01:
        return f"{value * 1000:.2f} ms"
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def _wall_cpu(figure: dict) -> str:
    return f"{_seconds(figure['seconds'])} (CPU {_seconds(figure['cpu_seconds'])})"


def _ratio(a: dict, b: dict) -> str:
    return (f"{a['seconds'] / b['seconds']:.2f}× (CPU "
            f"{a['cpu_seconds'] / b['cpu_seconds']:.2f}×)")


def wait_table(results: dict) -> tuple[list[str], list[list[str]]]:
    """First build, LibreOffice, edit rebuild (and Typst) by plan size."""
    waits = results.get("waits") or {}
    typst = results.get("typst") or {}
    cols = list(waits)
    head = ["", *(f"{n} activities" for n in cols)]
    rows = [
        ["outcomes / words in plan", *(f"{waits[n]['outcomes']} / {waits[n]['activity_words']:,}"
                                       for n in cols)],
        ["runs (median of)", *(str(waits[n]["runs"]) for n in cols)],
        ["first build, `reportgen build` (empty cache)", *(_wall_cpu(waits[n]["first"])
                                                           for n in cols)],
        ["LibreOffice DOCX → PDF", *(_wall_cpu(waits[n]["libreoffice"]) for n in cols)],
        ["first build / LibreOffice", *(_ratio(waits[n]["first"], waits[n]["libreoffice"])
                                        for n in cols)],
        ["one-cell edit, rebuild (warm cache)", *(_wall_cpu(waits[n]["edit"]) for n in cols)],
        ["edit rebuild / first build", *(_ratio(waits[n]["edit"], waits[n]["first"])
                                         for n in cols)],
        ["edit rebuild / LibreOffice", *(_ratio(waits[n]["edit"], waits[n]["libreoffice"])
                                         for n in cols)],
        ["one-cell edit, save to updated PDF, `reportgen watch`", *(
            _wall_cpu(waits[n]["watch"]) if "watch" in waits[n] else "" for n in cols)],
        ["watch save to PDF / LibreOffice", *(
            _ratio(waits[n]["watch"], waits[n]["libreoffice"]) if "watch" in waits[n] else ""
            for n in cols)],
        ["parts laid out again after the edit", *(
            f"{waits[n]['parts_laid_out_again']} of {waits[n]['parts']}" for n in cols)],
    ]
    if typst.get("sizes"):
        rows.append([f"Typst {typst['version']}, same content (reference)", *(
            _wall_cpu(typst["sizes"][n]) if n in typst["sizes"] else "" for n in cols)])
        rows.append(["Typst / LibreOffice", *(
            _ratio(typst["sizes"][n], waits[n]["libreoffice"]) if n in typst["sizes"] else ""
            for n in cols)])
    elif typst.get("missing"):
        rows.append(["Typst, same content (reference)", *(["not measured"] * len(cols))])
    rows.append(["pages: reportgen / LibreOffice" + (" / Typst" if typst.get("sizes") else ""),
                 *(" / ".join([str(waits[n]["pages"]["reportgen"]),
                               str(waits[n]["pages"]["libreoffice"])]
                              + ([str(typst["sizes"][n]["pages"])]
                                 if n in (typst.get("sizes") or {}) else []))
                   for n in cols)])
    return head, rows


def meeting_table(results: dict) -> tuple[list[str], list[list[str]]]:
    m = results["meeting"]
    head = ["", "wall", "CPU", "pages"]
    rows = [
        ["`reportgen build --changed inputs -o out` (one process, empty cache)",
         _seconds(m["build"]["seconds"]), _seconds(m["build"]["cpu_seconds"]),
         str(m["pages"]["reportgen"])],
        [f"one `soffice --convert-to pdf` run of the {m['reports']} DOCX",
         _seconds(m["libreoffice"]["seconds"]), _seconds(m["libreoffice"]["cpu_seconds"]),
         str(m["pages"]["libreoffice"])],
        ["reportgen / LibreOffice", f"{m['build']['seconds'] / m['libreoffice']['seconds']:.2f}×",
         f"{m['build']['cpu_seconds'] / m['libreoffice']['cpu_seconds']:.2f}×", ""],
        ["per report, reportgen", _seconds(m["build"]["seconds"] / m["reports"]),
         _seconds(m["build"]["cpu_seconds"] / m["reports"]), ""],
    ]
    return head, rows


def tables(results: dict) -> tuple[list[str], list[list[str]], list[str], list[list[str]]]:
    sizes = results.get("sizes") or {}
    cols = list(sizes)

    def median(n: int, stage: str) -> float:
        return sizes[n]["seconds"][stage]["median"]
    head = ["", *(f"{n} activities" for n in cols)]
    rows: list[list[str]] = [
        ["outcomes / words in plan", *(f"{sizes[n]['outcomes']} / {sizes[n]['activity_words']:,}"
                                       for n in cols)],
        ["runs in one process (median of)", *(
            str(sizes[n]["runs"]) if sizes[n]["runs"] else "1 (PDF, LibreOffice: 0)"
            for n in cols)],
    ]
    for stage in STAGES:
        rows.append([STAGE_NAMES[stage], *(_seconds(median(n, stage)) for n in cols)])
    for stage in ("docx", "pdf", "libreoffice"):
        rows.append([f"{STAGE_NAMES[stage]}, CPU",
                     *(_seconds(sizes[n]["cpu_seconds"][stage]["median"]) for n in cols)])
    for stage in ("pdf", "libreoffice"):
        rows.append([f"{STAGE_NAMES[stage]}, fresh process", *(
            f"{_seconds(sizes[n]['fresh_process_seconds'][stage])} (CPU "
            f"{_seconds(sizes[n]['fresh_process_cpu_seconds'][stage])})" for n in cols)])
    rows.append(["PDF / LibreOffice time", *(
        f"{median(n, 'pdf') / median(n, 'libreoffice'):.2f}×" for n in cols)])
    rows.append(["pages, WeasyPrint PDF", *(str(sizes[n]["pages"]["pdf"]) for n in cols)])
    rows.append(["pages, LibreOffice PDF", *(str(sizes[n]["pages"]["libreoffice"])
                                             for n in cols)])
    rows.append(["PDF writer, ms per page", *(
        f"{1000 * sizes[n]['seconds']['pdf']['median'] / sizes[n]['pages']['pdf']:.0f}"
        for n in cols)])
    for stage in STAGES:
        rows.append([f"peak memory, {STAGE_NAMES[stage]}, MiB",
                     *(f"{sizes[n]['peak_rss_mib'][stage]:.0f}" for n in cols)])
    if results.get("make_report_noop"):
        rows.append(["no-op `make report` (whole repo)",
                     _seconds(results["make_report_noop"]["seconds"]), *([""] * (len(cols) - 1))])
    thead = ["target", "value", "limit", "met", "note"]
    trows = [[t["target"], _fmt(t["value"], t["unit"]), _fmt(t["limit"], t["unit"]),
              "yes" if t["met"] else "NO", t["note"]] for t in results["targets"]]
    return head, rows, thead, trows


def terminal_table(head: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                       for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in [head, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(head: list[str], rows: list[list[str]], right: bool = True) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|")
    align = ["---"] + ["---:" if right else "---"] * (len(head) - 1)
    return "\n".join("| " + " | ".join(map(esc, r)) + " |" for r in [head, align, *rows])


def load_note(results: dict) -> str:
    """How busy the machine was, and whether that was high (1-minute load average above
    three quarters of the processors at any sample)."""
    m = results["machine"]
    seen = [m["loadavg_start"][0], m["loadavg_end"][0],
            *(sample[1][0] for sample in m.get("loadavg_samples", [])),
            *m.get("loadavg_every_10s", [])]
    text = (f"load average {m['loadavg_start'][0]:.2f} at the start, {m['loadavg_end'][0]:.2f} "
            f"at the end, {max(seen):.2f} at the highest and {statistics.mean(seen):.2f} on "
            "average (sampled every 10 s)")
    if max(seen) > 0.75 * (m["cpu_count"] or 1):
        text += (f". **The load average was high during this run** (other work was running on "
                 f"the {m['cpu_count']}-processor machine): wall times are longer than on an "
                 "idle machine and vary more between runs; processor (CPU) seconds, given "
                 "beside them, are less affected")
    return text


def write_markdown(results: dict, path: Path) -> None:
    head, rows, thead, trows = tables(results)
    m = results["machine"]
    v = results["versions"]
    out = io.StringIO()
    commit = v.get("reportgen_commit") or "unknown"
    if v.get("reportgen_changed_files"):
        commit += " with uncommitted changes to reportgen"
    out.write(f"Benchmark of {results['date']} (`make bench`, reportgen {commit}, "
              f"{results['bench_seconds'] / 60:.1f} minutes) on `{m['uname_a']}`, "
              f"{m['cpu_count']} CPU ({m['cpu_model']}), {m['memory_total_mib']:,} MiB RAM; "
              f"Python {v['python']}, WeasyPrint {v['weasyprint']}, Pango {v['pango']}, "
              f"python-docx {v['python-docx']}, openpyxl {v['openpyxl']}, "
              f"{v['libreoffice']}; {load_note(results)}.\n\n")
    waits = results.get("waits")
    typst = results.get("typst") or {}
    if waits:
        runs = sorted({w["runs"] for w in waits.values()})
        out.write("**What users wait for.** Synthetic reports: the January sample with a "
                  "generated delivery plan (9 columns, 20–80 words a cell). Each figure is "
                  "wall time with processor time in brackets (user + system seconds of the "
                  "command and every process it started, from `getrusage(RUSAGE_CHILDREN)`), "
                  f"the median of {' or '.join(map(str, runs))} runs, each from scratch. "
                  "*First build*: `reportgen build --changed REPORT -o OUT` in a new process "
                  "with a new, empty layout cache (a private `REPORTGEN_CACHE` folder). "
                  "*LibreOffice*: one `soffice --headless --convert-to pdf` run on that "
                  "build's DOCX, start-up included, with a private profile (made by an untimed "
                  "conversion at the start). *One-cell edit*: one activity cell (Objective, "
                  "the middle activity) of the plan workbook changed and saved, then the same "
                  "command again, the cache warm from the first build; it reads and checks "
                  "the inputs, writes the whole DOCX, lays out again only the parts whose "
                  "HTML changed (\"parts laid out again\"), takes the sheet of page stamps "
                  "from the cache when no page break moved, and joins the parts.")
        if typst.get("sizes"):
            out.write(f" *Typst* (reference only; not used by reportgen): Typst "
                      f"{typst['version']} (PyPI `typst`, installed for the benchmark) compiling "
                      "a `.typ` file with the same text and tables (`benchmarks/typst_doc.py`:"
                      " the same page sizes, fonts, column widths, rows kept whole, stamps) to "
                      "PDF/UA-1 in a new process, Python start-up and `import typst` "
                      f"included; median of {typst['runs']} runs.")
        elif typst.get("missing"):
            out.write(f" Typst was not measured: {typst['missing']}.")
        out.write("\n\n")
        out.write(markdown_table(*wait_table(results)) + "\n\n")
    if results.get("meeting"):
        mt = results["meeting"]
        acts = mt["activities"]
        out.write(f"**A meeting**: {mt['reports']} report folders (the January sample, each "
                  f"with its own plan text, title and agenda item; {min(acts)}–{max(acts)} "
                  f"activities, {sum(acts)} in all, {mt['activity_words']:,} words) built by "
                  "one `reportgen build --changed inputs -o out` process with a new, empty "
                  f"cache ({mt['parts_laid_out']} parts laid out, of {mt['parts']}; the "
                  "reports made side by side, one per core), against "
                  f"one LibreOffice run converting the {mt['reports']} DOCX it wrote; "
                  f"{'median of ' + str(mt['runs']) + ' runs' if mt['runs'] > 1 else 'one run'}."
                  "\n\n")
        out.write(markdown_table(*meeting_table(results)) + "\n\n")
    out.write(markdown_table(thead, trows, right=False) + "\n\n")
    if results.get("sizes"):
        out.write("**Stages**, in one process with the layout cache off (`REPORTGEN_CACHE=off`),"
                  " so each PDF figure is a whole layout. Times are medians of warm runs in one "
                  "process (fonts, templates and imports loaded once), or where that row says 0 "
                  "the one run in a fresh process; CPU is processor seconds "
                  "of the process and the processes it started (the PDF writer's workers, "
                  "LibreOffice). \"Fresh process\" times and peak resident memory come from one "
                  "new process per stage (peak = the process's high-water mark while the stage "
                  "ran, interpreter, imports and model included; for the PDF writer, the larger "
                  "of that and the sum of the proportional set sizes of the process and its "
                  "worker processes, sampled every 20 ms). LibreOffice times are a whole "
                  "`soffice --headless --convert-to pdf` run, start-up included.\n\n")
        out.write(markdown_table(head, rows) + "\n")
    if results.get("hostile"):
        import hostile_inputs

        out.write("\n" + hostile_inputs.markdown(results["hostile"]))
    path.write_text(out.getvalue())


def profile_pdf(size: int, top: int) -> None:
    """cProfile of parts.render on an already numbered model; prints the top functions."""
    import cProfile
    import pstats

    from reportgen import numbering
    from reportgen.build import parts
    from reportgen.errors import Problems
    from reportgen.inputs import read_report

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


#: What ``--breakdown`` times inside a build: (module the name is looked up in, name, label).
BREAKDOWN = (
    ("reportgen.api", "load", "read and check the workbooks"),
    ("reportgen.render.docx", "render", "DOCX writer"),
    ("reportgen.render.pdf", "render", "PDF writer, in all:"),
    ("reportgen.render.html", "render", "  HTML of the parts"),
    ("reportgen.render.pdf", "_lay_out_in_workers", "  parts laid out (or taken from the cache)"),
    ("reportgen.render.pdf", "_stamp_sheet", "  page stamps (or taken from the cache)"),
    ("reportgen.build.pdfjoin", "join", "  parts joined, stamps drawn under"),
    ("reportgen.api", "make_record", "build record (hashes)"),
    ("reportgen.api", "write_together", "files written"),
)


def breakdown(size: int) -> None:
    """Where a first build and a one-cell-edit rebuild spend their time, at ``size``
    activities: the build in this process (imports timed apart, in a new process), with
    wall and processor time (this process and its workers) around the main steps."""
    import importlib

    base = WORK / f"breakdown-{size}"
    shutil.rmtree(base, ignore_errors=True)
    folder = base / f"plan-{size}"
    synth.make_report(folder, size)
    os.environ["REPORTGEN_CACHE"] = str(base / "cache")
    imports = run_timed([sys.executable, "-c", "import reportgen.cli, reportgen.api, "
                         "reportgen.render.pdf, reportgen.render.docx"], user_env("off"))
    from reportgen import api

    spent: dict[str, list[float]] = {}

    def timer(label: str, function: Callable) -> Callable:
        def timed(*args: object, **kwargs: object) -> object:
            wall, cpu = time.perf_counter(), time.process_time() + _children_cpu()
            try:
                return function(*args, **kwargs)
            finally:
                total = spent.setdefault(label, [0.0, 0.0])
                total[0] += time.perf_counter() - wall
                total[1] += time.process_time() + _children_cpu() - cpu
        return timed

    for module, name, label in BREAKDOWN:
        found = importlib.import_module(module)
        setattr(found, name, timer(label, getattr(found, name)))
    rows = []
    for what in ("first build (empty cache)", "one-cell edit, rebuild"):
        if what.startswith("one-cell"):
            synth.edit_one_cell(folder, size // 2)
        spent.clear()
        wall, cpu = time.perf_counter(), time.process_time() + _children_cpu()
        api.build(folder, base / "out")
        total = (time.perf_counter() - wall, time.process_time() + _children_cpu() - cpu)
        rows.append((what, total, dict(spent)))
    print(f"\n{size} activities; importing reportgen in a new process: "
          f"{imports['seconds']:.2f} s (CPU {imports['cpu_seconds']:.2f} s)")
    for what, total, parts in rows:
        print(f"\n{what}: {total[0]:.2f} s (CPU {total[1]:.2f} s) in this process")
        for _, _, label in BREAKDOWN:
            if label in parts:
                print(f"  {label:45} {parts[label][0]:7.2f} s  (CPU {parts[label][1]:.2f} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES),
                        help="plan sizes for the stages (none: skip them)")
    parser.add_argument("--runs", type=int, help="runs per size in one process (default: "
                        "2, 1, 0; 0: the PDF writer and LibreOffice in a fresh process only)")
    parser.add_argument("--wait-sizes", type=int, nargs="*", default=list(WAIT_RUNS),
                        help="plan sizes for first build and edit rebuild (none: skip them)")
    parser.add_argument("--wait-runs", type=int, help="runs of each (default: 3)")
    parser.add_argument("--meeting-runs", type=int, default=MEETING_RUNS,
                        help="runs of the 20-report meeting (0: skip it)")
    parser.add_argument("--no-typst", action="store_true", help="skip the Typst reference")
    parser.add_argument("--no-make", action="store_true", help="skip the no-op `make report`")
    parser.add_argument("--no-hostile", action="store_true",
                        help="skip timing the hostile inputs (benchmarks/hostile.py)")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="only profile parts.render at N activities and print the top")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--breakdown", type=int, metavar="N",
                        help="only time the steps of a first build and an edit rebuild at N")
    parser.add_argument("--child", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--lo-profile", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    def runs_at(size: int) -> int:
        return RUNS.get(size, 1) if args.runs is None else args.runs

    # The stages measure a whole layout every run: the layout cache is off in this process
    # and the stage processes it starts; the user-facing runs get caches of their own.
    os.environ["REPORTGEN_CACHE"] = "off"
    os.environ["TMPDIR"] = str(private_tmp())
    tempfile.tempdir = None  # chosen again, from TMPDIR
    if args.child:
        child(args.child, args.folder, args.lo_profile)
        return 0
    WORK.mkdir(parents=True, exist_ok=True)
    if args.profile:
        profile_pdf(args.profile, args.top)
        return 0
    if args.breakdown:
        breakdown(args.breakdown)
        return 0
    if shutil.which("soffice") is None:
        raise SystemExit("soffice not found: run `scripts/system-deps.sh bench` (or make bench)")
    started = time.perf_counter()
    results: dict = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                     **environment()}
    samples: list = []
    results["machine"]["loadavg_samples"] = samples
    every: list[float] = []  # the 1-minute load average every 10 s, all through the run
    stop_sampling = threading.Event()

    def sample_load() -> None:
        while not stop_sampling.wait(10):
            every.append(os.getloadavg()[0])

    threading.Thread(target=sample_load, daemon=True).start()

    def section(name: str) -> None:
        samples.append([name, os.getloadavg()])

    results["config"] = {"seed": synth.SEED, "cell_words": list(synth.CELL_WORDS),
                         "sizes": args.sizes,
                         "runs": {n: runs_at(n) for n in args.sizes},
                         "wait_runs": {n: args.wait_runs or WAIT_RUNS.get(n, 1)
                                       for n in args.wait_sizes},
                         "meeting": {"reports": MEETING_REPORTS,
                                     "activities": MEETING_ACTIVITIES,
                                     "runs": args.meeting_runs},
                         "typst_runs": 0 if args.no_typst else TYPST_RUNS}
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-lo-") as tmp:
        profile = Path(tmp) / "profile"
        log("LibreOffice: creating a fresh profile (untimed warm-up conversion)")
        warm = WORK / "warmup"
        synth.make_report(warm, 3)
        from reportgen import api
        built = api.build(warm, warm / "out")
        soffice_convert(built.docx, warm / "lo", profile)
        waits: dict[int, dict] = {}
        typst: dict = {}
        if args.wait_sizes and not args.no_typst:
            typst["version"] = typst_version()
            if typst["version"] is None:
                typst["missing"] = ("the PyPI package `typst` is not installed "
                                    f"(`{sys.executable} -m pip install typst`)")
            else:
                typst["runs"], typst["sizes"] = TYPST_RUNS, {}
        for n in args.wait_sizes:
            section(f"waits {n}")
            waits[n] = bench_waits(n, args.wait_runs or WAIT_RUNS.get(n, 1), profile)
            if "sizes" in typst:
                try:
                    typst["sizes"][n] = bench_typst(n, TYPST_RUNS)
                except (RuntimeError, OSError) as exc:
                    typst = {"version": typst["version"], "missing": f"it failed: {exc}"[:300]}
        results["waits"] = waits
        results["typst"] = typst or None
        results["meeting"] = None
        if args.meeting_runs:
            section("meeting")
            results["meeting"] = bench_meeting(MEETING_REPORTS, MEETING_ACTIVITIES,
                                               args.meeting_runs, profile)
        sizes = {}
        for n in args.sizes:
            section(f"stages {n}")
            sizes[n] = bench_size(n, runs_at(n), profile)
    results["sizes"] = sizes
    make = None
    if not args.no_make:
        section("make")
        log("\n`make report` twice, timing the second")
        make = make_noop()
    results["make_report_noop"] = make
    if not args.no_hostile:
        import hostile_inputs

        section("hostile")
        log("\nhostile inputs, `reportgen build --no-cache` in a fresh process each")
        results["hostile"] = hostile_inputs.measure()
    results["targets"] = targets(results)
    results["bench_seconds"] = time.perf_counter() - started
    results["machine"]["loadavg_end"] = os.getloadavg()
    stop_sampling.set()
    results["machine"]["loadavg_every_10s"] = every
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    write_markdown(results, HERE / "results.md")
    head, rows, thead, trows = tables(results)
    print()
    if waits:
        print(terminal_table(*wait_table(results)))
        print()
    if results["meeting"]:
        print(terminal_table(*meeting_table(results)))
        print()
    if sizes:
        print(terminal_table(head, rows))
        print()
    print(terminal_table(thead, trows))
    met = sum(t["met"] for t in results["targets"])
    print(f"\n{met} of {len(results['targets'])} targets met; whole benchmark "
          f"{results['bench_seconds'] / 60:.1f} min; {load_note(results)}. Wrote "
          f"{HERE / 'results.json'} and {HERE / 'results.md'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
