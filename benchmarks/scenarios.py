"""What the benchmark runs, as users meet it, each beside LibreOffice converting the same DOCX:

* ``waits``: a report's first build (new process, empty layout cache), the rebuild after one
  cell is edited (cache warm) and ``reportgen watch``'s save to updated PDF, for the synthetic
  reports (the January sample with a generated plan of 20 and 200 activities) and for the Kent
  house-style sample; each build's stages as reportgen reports them;
* ``meeting``: 20 report folders built by one ``reportgen build`` process;
* ``typst``: Typst compiling the same content, for reference only;
* ``make_noop``: ``make report`` with nothing to rebuild;
* ``hostile``: every hostile input (``hostile_inputs``).

The stages at 20, 200 and 1,000 activities are in ``stages``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import openpyxl
import synth
import watchbench
from measuring import (
    ROOT,
    SOFFICE_TIMEOUT,
    WORK,
    cache_entries,
    log,
    median_of,
    pages,
    reportgen_command,
    reportgen_timed,
    run_timed,
    soffice_command,
    user_env,
)

#: What users wait for: first build and one-cell-edit rebuild at these sizes, runs of each.
WAIT_RUNS = {20: 3, 200: 2}
KENT = "kent-cc-cabinet-2025-01-30-education-commissioning-plan"
KENT_RUNS = 3
#: A meeting: this many reports of about this many activities, built in one process.
MEETING_REPORTS = 20
MEETING_ACTIVITIES = 20
MEETING_RUNS = 1
#: Typst compiles of the same content (reference only), runs per size.
TYPST_RUNS = 3


class Edit:
    """One cell an officer changes: in ``workbook``'s ``sheet`` at ``row``, ``column``, a few
    words added at the end of its text; while watching, the same column of the next row."""

    def __init__(self, workbook: str, sheet: str, row: int, column: int) -> None:
        self.workbook, self.sheet, self.row, self.column = workbook, sheet, row, column

    def make(self, folder: Path) -> None:
        """The Head of Policy's usual correction, saved as openpyxl saves (untimed)."""
        path = folder / self.workbook
        book = openpyxl.load_workbook(path)
        cell = book[self.sheet].cell(self.row, self.column)
        cell.value = str(cell.value).rstrip(".") + " (revised)."
        book.save(path)

    def watched(self, folder: Path, out: Path) -> dict:
        """The next row's cell saved as Excel saves while ``reportgen watch`` runs."""
        return watchbench.save_to_pdf(
            reportgen_command("watch", str(folder), "-o", str(out), "--port", "0",
                              "--no-browser"), user_env(out.parent / "cache"), folder, out,
            self.workbook, self.row + 1, self.column, self.sheet)


def waits(name: str, pristine: Path, edit: Edit, runs: int, profile: Path) -> dict:
    """What an officer waits for with the report in ``pristine``, each run from scratch:

    * first build: ``reportgen build --changed REPORT -o OUT`` in a new process with a new,
      empty layout cache (a private ``REPORTGEN_CACHE`` folder), its stages as reportgen
      reports them;
    * LibreOffice: one ``soffice --convert-to pdf`` run on that build's DOCX;
    * edit rebuild: ``edit`` made and saved, then the same command again (the cache warm);
    * save to updated PDF: ``reportgen watch`` running on the report (started after the edit
      rebuild, so warm), the next row's cell saved as Excel saves, until the PDF is replaced.
    """
    log(f"\n{name}: first build / LibreOffice / one-cell edit and rebuild / watch: "
        f"{runs} run(s)")
    found: list[dict] = []
    for run in range(1, runs + 1):
        work = pristine.parent.parent / f"run-{run}"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(pristine.parent, work)  # the report, and a house style beside it
        folder = work / pristine.name
        cache, out = work / "cache", work / "out"
        build = ["build", "--changed", str(folder), "-o", str(out)]
        first = reportgen_timed(build, cache, work / "first-stages.json")
        if "built" not in first["stdout"]:
            raise RuntimeError(f"first build did not build: {first['stdout']}")
        parts = cache_entries(cache)
        docx_path, pdf_path = out / f"{folder.name}.docx", out / f"{folder.name}.pdf"
        lo = run_timed(soffice_command([docx_path], work / "lo", profile))
        edit.make(folder)
        again = reportgen_timed(build, cache, work / "edit-stages.json")
        if f"{folder.name}: built" not in again["stdout"]:
            raise RuntimeError(f"the edit was not rebuilt: {again['stdout']}")
        laid_out_again = cache_entries(cache) - parts  # before watch lays out its own edit
        try:
            watched = edit.watched(folder, out)
        except RuntimeError as exc:  # reported as failed, the other figures kept
            watched = {"failed": str(exc)[-500:]}
        row = {what: {k: figures[k] for k in ("seconds", "cpu_seconds")}
               for what, figures in (("first", first), ("libreoffice", lo), ("edit", again))}
        row |= {"watch": watched, "stages": {"first": first["stages"], "edit": again["stages"]},
                "parts_cached": parts, "parts_laid_out_again": laid_out_again}
        if run == 1:
            row["pages"] = {"reportgen": pages(pdf_path),
                            "libreoffice": pages(work / "lo" / f"{folder.name}.pdf")}
            row["docx"] = str(docx_path)
        found.append(row)
        log(f"  run {run}: first build {first['seconds']:.2f} s (CPU {first['cpu_seconds']:.2f}"
            f" s), LibreOffice {lo['seconds']:.2f} s (CPU {lo['cpu_seconds']:.2f} s), edit "
            f"rebuild {again['seconds']:.2f} s (CPU {again['cpu_seconds']:.2f} s); parts laid "
            f"out again {row['parts_laid_out_again']} of {parts}; reportgen watch, save to "
            "updated PDF " + (f"{watched['seconds']:.2f} s (CPU {watched['cpu_seconds']:.2f} s)"
                              if "seconds" in watched else f"failed: {watched['failed']}"))
    result: dict = {"runs": runs, "pages": found[0]["pages"], "parts": found[0]["parts_cached"],
                    "parts_laid_out_again": found[0]["parts_laid_out_again"], "each": found}
    for what in ("first", "libreoffice", "edit"):
        result[what] = median_of(found, what)
    watched = [r for r in found if "seconds" in r["watch"]]
    result["watch"] = (median_of(watched, "watch") if watched else
                       {"failed": found[0]["watch"]["failed"]})
    result["watch"]["runs"] = len(watched)
    result["stages"] = {build: median_stages([r["stages"][build] for r in found])
                        for build in ("first", "edit")}
    return result


def median_stages(runs: list[dict[str, dict]]) -> dict[str, dict]:
    """Each stage's median wall and processor seconds over ``runs`` (0 where a run lacks it)."""
    import statistics

    names = list(dict.fromkeys(name for run in runs for name in run))
    return {name: {key: statistics.median(run.get(name, {}).get(key, 0.0) for run in runs)
                   for key in ("seconds", "cpu_seconds")} for name in names}


def synthetic_waits(size: int, runs: int, profile: Path) -> dict:
    """``waits`` for the January sample with a generated plan of ``size`` activities; the
    edit is one activity cell (Objective) of the middle activity."""
    base = WORK / f"wait-{size}"
    shutil.rmtree(base, ignore_errors=True)
    facts = synth.make_report(base / "pristine" / f"plan-{size}", size)
    edit = Edit(synth.PLAN_FILE, "Activities", 2 + size // 2, 2)
    return {**facts, **waits(f"{size} activities", base / "pristine" / f"plan-{size}", edit,
                             runs, profile)}


def kent_waits(runs: int, profile: Path) -> dict:
    """``waits`` for the Kent sample, in Kent's house style (``inputs/house-styles/kent``); the
    edit is the numbered paragraph nearest the middle of its Text sheet that another follows
    (edited while watching)."""
    base = WORK / "kent"
    shutil.rmtree(base, ignore_errors=True)
    pristine = base / "pristine" / KENT
    shutil.copytree(ROOT / "inputs" / KENT, pristine)
    # the report names its style by a path from the report folder: keep it found from here
    shutil.copytree(ROOT / "inputs" / "house-styles", base / "pristine" / "house-styles")
    book = openpyxl.load_workbook(pristine / "report.xlsx", read_only=True)
    styles = [style for style, *_ in book["Text"].iter_rows(values_only=True)]
    book.close()
    rows = [i for i, (style, after) in enumerate(zip(styles, styles[1:], strict=False), 1)
            if style == after == "numbered paragraph"]
    edit = Edit("report.xlsx", "Text", rows[len(rows) // 2], 2)
    words = sum(len(str(v).split()) for v in _text_cells(pristine / "report.xlsx"))
    return {"report": KENT, "words": words, **waits("Kent sample", pristine, edit, runs, profile)}


def _text_cells(workbook: Path) -> list[object]:
    book = openpyxl.load_workbook(workbook, read_only=True)
    found = [row[1] for row in book["Text"].iter_rows(min_row=2, values_only=True)
             if len(row) > 1 and row[1]]
    book.close()
    return found


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


def typst(size: int, runs: int) -> dict:
    """For reference: Typst compiling the same report's content (``typst_doc``) to tagged PDF
    in a new process (Python start-up and ``import typst`` included, as ``reportgen build``'s
    times include its own)."""
    import typst_doc

    from reportgen import api

    folder = WORK / f"wait-{size}" / "pristine" / f"plan-{size}"
    source = typst_doc.write(api.load(folder), WORK / f"typst-{size}")
    pdf_path = source.with_suffix(".pdf")
    found = [run_timed([sys.executable, "-c", _TYPST_RUNNER, str(source), str(pdf_path)])
             for _ in range(runs)]
    result = {"runs": runs, **median_of([{"compile": f} for f in found], "compile"),
              "pages": pages(pdf_path), "source_bytes": source.stat().st_size, "each": [
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


def meeting(reports: int, activities: int, runs: int, profile: Path) -> dict:
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
        shutil.rmtree(work, ignore_errors=True)
        cache, out, lo_dir = work / "cache", work / "out", work / "lo"
        build = reportgen_timed(["build", "--changed", str(inputs), "-o", str(out)], cache,
                                base / "stages.json", timeout=SOFFICE_TIMEOUT * 2)
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
               "stages": build["stages"], "parts_laid_out": cache_entries(cache)}
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
                    "pages": found[0]["pages"], "each": found,
                    "stages": median_stages([r["stages"] for r in found])}
    for what in ("build", "libreoffice"):
        result[what] = median_of(found, what)
    return result


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


def hostile() -> list[dict]:
    """Every hostile input, ``reportgen build --no-cache`` in a fresh process each."""
    import hostile_inputs

    log("\nhostile inputs, `reportgen build --no-cache` in a fresh process each")
    return hostile_inputs.measure()

