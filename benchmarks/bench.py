"""The reportgen benchmark (``make bench``): how long each stage takes, and how much memory it
needs, for delivery plans of 20, 200 and 1,000 activities; LibreOffice's conversion of the same
DOCX to PDF as the yardstick for the PDF writer.

    .venv/bin/python benchmarks/bench.py                 # the full benchmark (about 10 minutes)
    .venv/bin/python benchmarks/bench.py --sizes 20 200 --runs 1 --no-make    # a quick look
    .venv/bin/python benchmarks/bench.py --profile 200   # cProfile of pdf.render, top functions

Times are medians of several runs in this process (warm: fonts, templates and imports loaded
once). Peak memory is measured per stage in a fresh subprocess that loads the stage's input (the
pickled model) and then resets the kernel's peak-RSS mark (``/proc/self/clear_refs``), so each
figure is the process's high-water mark *while that stage ran*: interpreter, imports and model
included, earlier stages not. Those subprocesses also give each stage's time in a fresh process.
Writes benchmarks/results.json and benchmarks/results.md.
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
SIZES = (20, 200, 1000)
#: Runs per size: 1,000 activities take about two minutes a run (PDF writer plus LibreOffice),
#: so two runs there keep the whole benchmark near ten minutes on a 2-core machine.
RUNS = {20: 3, 200: 3, 1000: 2}
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

#: The targets: the PDF writer no slower than LibreOffice converting the same report's DOCX.
PDF_VS_LIBREOFFICE_LIMIT = 1.0
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

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _tree_pss_kib(os.getpid()))

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


def soffice_convert(docx: Path, outdir: Path, profile: Path) -> Path:
    """LibreOffice's headless conversion of ``docx`` into ``outdir``; the PDF's path."""
    outdir.mkdir(parents=True, exist_ok=True)
    pdf = outdir / (docx.stem + ".pdf")
    pdf.unlink(missing_ok=True)
    cmd = ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
           "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT)
    if done.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"soffice failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return pdf


def child(stage: str, folder: Path, profile: Path) -> None:
    """One stage in this fresh process; prints its time and peak memory as JSON."""
    from reportgen import numbering
    from reportgen.errors import Problems
    from reportgen.inputs import read_report
    from reportgen.render import docx, pdf

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
        render = docx.render if stage == "docx" else pdf.render

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
    start = time.perf_counter()
    with _TreePeak() as tree:
        run()
    seconds = time.perf_counter() - start
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
    print(json.dumps({"stage": stage, "seconds": seconds, "peak_kib": peak,
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
    from reportgen.errors import Problems
    from reportgen.inputs import read_report
    from reportgen.render import docx, pdf

    folder = WORK / f"plan-{size}"
    facts = synth.make_report(folder, size)
    log(f"\n{size} activities, {facts['outcomes']} outcomes, {facts['activity_words']:,} words "
        f"in the plan: {runs} run(s)")
    times: dict[str, list[float]] = {stage: [] for stage in STAGES}
    docx_path, pdf_path = folder / "report.docx", folder / "report.pdf"
    lo_pdf = folder / "lo" / "report.pdf"
    for run in range(1, runs + 1):
        gc.collect()
        start = time.perf_counter()
        problems = Problems()
        report = read_report(folder, problems)
        times["read"].append(time.perf_counter() - start)
        if report is None or problems:
            raise SystemExit(f"generated inputs have problems: {list(map(str, problems))[:5]}")
        if run == 1:
            (folder / "model-read.pickle").write_bytes(pickle.dumps(report))
        start = time.perf_counter()
        numbering.assign(report, problems, "report.xlsx")
        times["model"].append(time.perf_counter() - start)
        if problems:
            raise SystemExit(f"numbering found problems: {list(map(str, problems))[:5]}")
        if run == 1:
            (folder / "model-numbered.pickle").write_bytes(pickle.dumps(report))
        start = time.perf_counter()
        docx_bytes = docx.render(report)
        times["docx"].append(time.perf_counter() - start)
        docx_path.write_bytes(docx_bytes)
        start = time.perf_counter()
        pdf_bytes = pdf.render(report)
        times["pdf"].append(time.perf_counter() - start)
        pdf_path.write_bytes(pdf_bytes)
        del docx_bytes, pdf_bytes, report
        start = time.perf_counter()
        soffice_convert(docx_path, lo_pdf.parent, profile)
        times["libreoffice"].append(time.perf_counter() - start)
        log(f"  run {run}: " + ", ".join(f"{s} {times[s][-1]:.2f} s" for s in STAGES))
    fresh = {}
    for stage in STAGES:
        fresh[stage] = measure_in_child(stage, folder, profile)
        log(f"  fresh process, {stage}: {fresh[stage]['seconds']:.2f} s, peak "
            f"{fresh[stage]['peak_kib'] / 1024:.0f} MiB")
    return {
        **facts,
        "runs": runs,
        "seconds": {s: {"median": statistics.median(v), "runs": v} for s, v in times.items()},
        "fresh_process_seconds": {s: fresh[s]["seconds"] for s in STAGES},
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
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    first = subprocess.run(["make", "report"], cwd=ROOT, env=env, capture_output=True, text=True)
    start = time.perf_counter()
    second = subprocess.run(["make", "report"], cwd=ROOT, env=env, capture_output=True,
                            text=True)
    seconds = time.perf_counter() - start
    rebuilt = [line for line in second.stdout.splitlines() if "reportgen build" in line]
    return {"seconds": seconds, "first_returncode": first.returncode,
            "second_returncode": second.returncode, "second_rebuilt": rebuilt,
            "stderr": (first.stderr + second.stderr).strip()[-1000:]}


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
    return {"machine": {"uname": " ".join(platform.uname()), "uname_a": _uname_a(),
                        "cpu_count": os.cpu_count(), "cpu_model": cpu,
                        "memory_total_mib": memory,
                        # other work on the machine skews the times: compare start and end
                        "loadavg_start": os.getloadavg()},
            "versions": versions}


def _uname_a() -> str:
    try:
        return subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return " ".join(platform.uname())


def _meminfo_total_mib() -> int | None:
    match = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    return int(match.group(1)) // 1024 if match else None


def targets(sizes: dict[int, dict], make: dict | None,
            hostile: list[dict] | None = None) -> list[dict]:
    out: list[dict] = []

    def add(name: str, value: float | None, limit: float, unit: str, note: str = "") -> None:
        out.append({"target": name, "value": value, "limit": limit, "unit": unit,
                    "met": value is not None and value <= limit, "note": note})

    def t(size: int, stage: str) -> float:
        return sizes[size]["seconds"][stage]["median"]

    for size in (20, 200):
        if size in sizes:
            add(f"PDF writer time / LibreOffice time, {size} activities",
                t(size, "pdf") / t(size, "libreoffice"), PDF_VS_LIBREOFFICE_LIMIT, "×",
                f"{t(size, 'pdf'):.2f} s vs {t(size, 'libreoffice'):.2f} s")
    if 200 in sizes:
        add("DOCX writer, 200 activities", t(200, "docx"), DOCX_200_LIMIT_S, "s")
    if 200 in sizes and 1000 in sizes:
        page_ratio = sizes[1000]["pages"]["pdf"] / sizes[200]["pages"]["pdf"]
        add("PDF writer t(1000)/t(200) ≤ 1.2 × pages(1000)/pages(200)",
            t(1000, "pdf") / t(200, "pdf"), PDF_SCALING_FACTOR * page_ratio, "×",
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


def tables(results: dict) -> tuple[list[str], list[list[str]], list[str], list[list[str]]]:
    sizes = results["sizes"]
    cols = list(sizes)

    def median(n: int, stage: str) -> float:
        return sizes[n]["seconds"][stage]["median"]
    head = ["", *(f"{n} activities" for n in cols)]
    rows: list[list[str]] = [
        ["outcomes / words in plan", *(f"{sizes[n]['outcomes']} / {sizes[n]['activity_words']:,}"
                                       for n in cols)],
        ["runs (median of)", *(str(sizes[n]["runs"]) for n in cols)],
    ]
    for stage in STAGES:
        rows.append([STAGE_NAMES[stage], *(_seconds(median(n, stage)) for n in cols)])
    for stage in ("pdf", "libreoffice"):
        rows.append([f"{STAGE_NAMES[stage]}, fresh process",
                     *(_seconds(sizes[n]["fresh_process_seconds"][stage]) for n in cols)])
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


def write_markdown(results: dict, path: Path) -> None:
    head, rows, thead, trows = tables(results)
    m = results["machine"]
    v = results["versions"]
    out = io.StringIO()
    out.write(f"Benchmark of {results['date']} (`make bench`) on `{m['uname_a']}`, "
              f"{m['cpu_count']} CPU ({m['cpu_model']}), {m['memory_total_mib']:,} MiB RAM; "
              f"Python {v['python']}, WeasyPrint {v['weasyprint']}, Pango {v['pango']}, "
              f"python-docx {v['python-docx']}, openpyxl {v['openpyxl']}, "
              f"{v['libreoffice']}; load average {m['loadavg_start'][0]:.2f} at the start, "
              f"{m['loadavg_end'][0]:.2f} at the end.\n\n")
    out.write("Synthetic reports: the January sample with a generated delivery plan "
              "(9 columns, 20–80 words a cell). Times are medians of warm runs in one "
              "process; \"fresh process\" times and peak resident memory come from one new "
              "process per stage (peak = the process's high-water mark while the stage ran, "
              "interpreter, imports and model included; for the PDF writer, the larger of that "
              "and the sum of the proportional set sizes of the process and its worker "
              "processes, sampled every 20 ms). LibreOffice times are a whole "
              "`soffice --headless --convert-to pdf` run, start-up included.\n\n")
    out.write(markdown_table(head, rows) + "\n\n")
    out.write(markdown_table(thead, trows, right=False) + "\n")
    if results.get("hostile"):
        import hostile_inputs

        out.write("\n" + hostile_inputs.markdown(results["hostile"]))
    path.write_text(out.getvalue())


def profile_pdf(size: int, top: int) -> None:
    """cProfile of pdf.render on an already numbered model; prints the top functions."""
    import cProfile
    import pstats

    from reportgen import numbering
    from reportgen.errors import Problems
    from reportgen.inputs import read_report
    from reportgen.render import pdf

    folder = WORK / f"plan-{size}"
    synth.make_report(folder, size)
    problems = Problems()
    report = read_report(folder, problems)
    assert report is not None and not problems
    numbering.assign(report, problems, "report.xlsx")
    pdf.render(copy.deepcopy(report))  # warm up imports and font caches outside the profile
    profiler = cProfile.Profile()
    profiler.enable()
    pdf.render(report)
    profiler.disable()
    out = WORK / f"pdf-{size}.prof"
    profiler.dump_stats(out)
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    log(f"profile written to {out} (e.g. `python -m pstats {out}`)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, help="runs per size (default: 3, 3, 2)")
    parser.add_argument("--no-make", action="store_true", help="skip the no-op `make report`")
    parser.add_argument("--no-hostile", action="store_true",
                        help="skip timing the hostile inputs (benchmarks/hostile.py)")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="only profile pdf.render at N activities and print the top")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--child", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--lo-profile", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder, args.lo_profile)
        return 0
    WORK.mkdir(parents=True, exist_ok=True)
    if args.profile:
        profile_pdf(args.profile, args.top)
        return 0
    if shutil.which("soffice") is None:
        raise SystemExit("soffice not found: run `scripts/system-deps.sh bench` (or make bench)")
    started = time.perf_counter()
    results: dict = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                     **environment()}
    results["config"] = {"seed": synth.SEED, "cell_words": list(synth.CELL_WORDS),
                         "sizes": args.sizes,
                         "runs": {n: args.runs or RUNS.get(n, 1) for n in args.sizes}}
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-lo-") as tmp:
        profile = Path(tmp) / "profile"
        log("LibreOffice: creating a fresh profile (untimed warm-up conversion)")
        warm = WORK / "warmup"
        synth.make_report(warm, 3)
        from reportgen import api
        built = api.build(warm, warm / "out")
        soffice_convert(built.docx, warm / "lo", profile)
        sizes = {n: bench_size(n, args.runs or RUNS.get(n, 1), profile) for n in args.sizes}
    results["sizes"] = sizes
    make = None
    if not args.no_make:
        log("\n`make report` twice, timing the second")
        make = make_noop()
    results["make_report_noop"] = make
    if not args.no_hostile:
        import hostile_inputs

        log("\nhostile inputs, `reportgen build` in a fresh process each")
        results["hostile"] = hostile_inputs.measure()
    results["targets"] = targets(sizes, make, results.get("hostile"))
    results["bench_seconds"] = time.perf_counter() - started
    results["machine"]["loadavg_end"] = os.getloadavg()
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    write_markdown(results, HERE / "results.md")
    head, rows, thead, trows = tables(results)
    print()
    print(terminal_table(head, rows))
    print()
    print(terminal_table(thead, trows))
    met = sum(t["met"] for t in results["targets"])
    print(f"\n{met} of {len(results['targets'])} targets met; whole benchmark "
          f"{results['bench_seconds'] / 60:.1f} min. Wrote {HERE / 'results.json'} and "
          f"{HERE / 'results.md'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
