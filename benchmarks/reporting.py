"""How the benchmark reports: the targets and whether each is met, results.json as measured, and
results.md's tables (what users wait for, a meeting, where a build's time goes, the targets,
the stages, the hostile inputs), with the machine and how busy it was.
"""

from __future__ import annotations

import io
import statistics
from pathlib import Path

from stages import STAGE_NAMES, STAGES

from reportgen.build.timings import STAGES as BUILD_STAGES

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
        if _watched(waits[200]):
            add("save to updated PDF, reportgen watch / LibreOffice, 200 activities",
                w(200, "watch") / w(200, "libreoffice"), WATCH_VS_LIBREOFFICE_LIMIT, "×",
                f"{w(200, 'watch'):.2f} s vs {w(200, 'libreoffice'):.2f} s; "
                f"{c('watch', 'libreoffice')}")
        elif "watch" in waits[200]:
            add("save to updated PDF, reportgen watch / LibreOffice, 200 activities", None,
                WATCH_VS_LIBREOFFICE_LIMIT, "×", waits[200]["watch"]["failed"][-200:])
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
    """First build, LibreOffice, edit rebuild, watch (and Typst) by plan size, and the Kent
    house-style sample beside them."""
    waits = results.get("waits") or {}
    typst = results.get("typst") or {}
    sizes = typst.get("sizes") or {}
    cols: list = list(waits)
    found = dict(waits)
    head = ["", *(f"{n} activities" for n in cols)]
    if results.get("kent"):
        cols.append("kent")
        found["kent"] = results["kent"]
        head.append("Kent sample (house style)")

    def each(make) -> list[str]:  # type: ignore[no-untyped-def]
        return [make(found[n]) for n in cols]

    def ratio(what: str, than: str) -> list[str]:
        return each(lambda w: _ratio(w[what], w[than]) if what in w else "")

    rows = [
        ["outcomes / words in plan", *each(
            lambda w: f"{w['outcomes']} / {w['activity_words']:,}" if "outcomes" in w
            else f"no plan; {w['words']:,} words of text")],
        ["runs (median of)", *each(lambda w: str(w["runs"]))],
        ["first build, `reportgen build` (empty cache)", *each(lambda w: _wall_cpu(w["first"]))],
        ["LibreOffice DOCX → PDF", *each(lambda w: _wall_cpu(w["libreoffice"]))],
        ["first build / LibreOffice", *ratio("first", "libreoffice")],
        ["one-cell edit, rebuild (warm cache)", *each(lambda w: _wall_cpu(w["edit"]))],
        ["edit rebuild / first build", *ratio("edit", "first")],
        ["edit rebuild / LibreOffice", *ratio("edit", "libreoffice")],
        ["one-cell edit, save to updated PDF, `reportgen watch`", *each(_watch)],
        ["watch save to PDF / LibreOffice", *each(
            lambda w: _ratio(w["watch"], w["libreoffice"]) if _watched(w) else "")],
        ["parts laid out again after the edit", *each(
            lambda w: f"{w['parts_laid_out_again']} of {w['parts']}")],
    ]
    if sizes:
        rows.append([f"Typst {typst['version']}, same content (reference)", *(
            _wall_cpu(sizes[n]) if n in sizes else "" for n in cols)])
        rows.append(["Typst / LibreOffice", *(
            _ratio(sizes[n], found[n]["libreoffice"]) if n in sizes else "" for n in cols)])
    elif typst.get("missing"):
        rows.append(["Typst, same content (reference)", *(["not measured"] * len(cols))])
    rows.append(["pages: reportgen / LibreOffice" + (" / Typst" if sizes else ""),
                 *(" / ".join([str(found[n]["pages"]["reportgen"]),
                               str(found[n]["pages"]["libreoffice"])]
                              + ([str(sizes[n]["pages"])] if n in sizes else []))
                   for n in cols)])
    return head, rows


def _watched(wait: dict) -> bool:
    return "seconds" in wait.get("watch", {})


def _watch(wait: dict) -> str:
    """Save to updated PDF, with the runs it was measured in when some failed."""
    if not _watched(wait):
        return "failed" if "watch" in wait else ""
    failed = wait["runs"] - wait["watch"].get("runs", wait["runs"])
    return _wall_cpu(wait["watch"]) + (f" ({failed} of {wait['runs']} runs failed)"
                                       if failed else "")


def build_stages_table(results: dict) -> tuple[list[str], list[list[str]]]:
    """Where a build's time goes, as reportgen reports it (``reportgen.build.timings``): each
    stage's own time in the first build and the edit rebuild of each report measured, and in
    the meeting's build; the rest is start-up, imports and what no stage covers."""
    columns: list[tuple[str, dict, dict]] = []
    for n, w in (results.get("waits") or {}).items():
        columns += [(f"{n} activities, first build", w["stages"]["first"], w["first"]),
                    (f"{n}, edit rebuild", w["stages"]["edit"], w["edit"])]
    if results.get("kent"):
        k = results["kent"]
        columns += [("Kent, first build", k["stages"]["first"], k["first"]),
                    ("Kent, edit rebuild", k["stages"]["edit"], k["edit"])]
    if results.get("meeting"):
        m = results["meeting"]
        columns.append((f"meeting of {m['reports']} (summed over reports)", m["stages"],
                        m["build"]))
    head = ["stage", *(name for name, _, _ in columns)]
    names = [s for s in BUILD_STAGES if any(s in stages for _, stages, _ in columns)]
    rows = [[name, *(_wall_cpu(stages[name]) if name in stages else ""
                     for _, stages, _ in columns)] for name in names]
    rows.append(["start-up, imports and the rest", *(
        _seconds(total["seconds"] - sum(s["seconds"] for s in stages.values()))
        if "meeting" not in name else "" for name, stages, total in columns)])
    rows.append(["whole command", *(_wall_cpu(total) for _, _, total in columns)])
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
        runs = sorted({w["runs"] for w in [*waits.values(), results.get("kent") or {"runs": 3}]})
        out.write("**What users wait for.** Synthetic reports: the January sample with a "
                  "generated delivery plan (9 columns, 20–80 words a cell); and the Kent sample "
                  "(`inputs/kent-cc-cabinet-2025-01-30-education-commissioning-plan`, in Kent's "
                  "house style, no plan). Each figure is "
                  "wall time with processor time in brackets (user + system seconds of the "
                  "command and every process it started, from `getrusage(RUSAGE_CHILDREN)`), "
                  f"the median of {' or '.join(map(str, runs))} runs, each from scratch. "
                  "*First build*: `reportgen build --changed REPORT -o OUT` in a new process "
                  "with a new, empty layout cache (a private `REPORTGEN_CACHE` folder), the "
                  "build's stages recorded by reportgen itself (below). "
                  "*LibreOffice*: one `soffice --headless --convert-to pdf` run on that "
                  "build's DOCX, start-up included, with a private profile (made by an untimed "
                  "conversion at the start). *One-cell edit*: one cell changed and saved (for "
                  "the synthetic reports an activity cell, Objective, of the middle activity "
                  "of the plan workbook; for Kent the middle numbered paragraph of the Text "
                  "sheet), then the same command again, the cache warm from the first build; "
                  "it reads and checks the inputs, writes the whole DOCX, lays out again only "
                  "the parts whose HTML changed (\"parts laid out again\"), takes the sheet of "
                  "page stamps from the cache when no page break moved, and joins the parts. "
                  "*Save to updated PDF*: `reportgen watch` started on the report after the "
                  "edit rebuild (warm), the next row's cell changed and saved as Excel saves "
                  "(temporary file, delete, rename), timed from the rename until the PDF in "
                  "the output folder is replaced (`benchmarks/watchbench.py`).")
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
    if waits or results.get("meeting"):
        out.write("**Where a build's time goes**, as reportgen itself reports it (`reportgen."
                  "build.timings`, recorded in the same runs: each stage's own time, median "
                  "over the runs, wall with processor seconds in brackets). *read*: the "
                  "workbooks read and checked; *model*: compared with the previous report, "
                  "checked against the house style, numbered; *html*: the HTML of the parts; "
                  "*pdf layout*: the parts laid out by WeasyPrint, side by side, or taken from "
                  "the layout cache; *stamps*: the sheet of page stamps (drawn during the join, "
                  "not counted in it); *join*: the parts joined with their tags and bookmarks; "
                  "*record*: the build record's hashes; *write*: the files replaced together. "
                  "The meeting's reports are made in worker processes side by side, so its "
                  "stages add up to more than the command took.\n\n")
        out.write(markdown_table(*build_stages_table(results)) + "\n\n")
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



def terminal_summary(results: dict) -> str:
    """The tables again for the terminal, and how many targets were met."""
    head, rows, thead, trows = tables(results)
    shown = []
    if results.get("waits") or results.get("kent"):
        shown.append(terminal_table(*wait_table(results)))
    if results.get("meeting"):
        shown.append(terminal_table(*meeting_table(results)))
    if results.get("waits") or results.get("meeting"):
        shown.append(terminal_table(*build_stages_table(results)))
    if results.get("sizes"):
        shown.append(terminal_table(head, rows))
    shown.append(terminal_table(thead, trows))
    met = sum(t["met"] for t in results["targets"])
    shown.append(f"{met} of {len(results['targets'])} targets met; whole benchmark "
                 f"{results['bench_seconds'] / 60:.1f} min; {load_note(results)}.")
    return "\n\n".join(shown)
