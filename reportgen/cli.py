"""The ``reportgen`` command: a thin click layer over ``reportgen.api``.

Exit codes: 0 success, 2 problems in the inputs (each printed on its own line), 1 anything else.
Every message has one shape, ``WHERE: WHAT``, whatever its kind. An officer never sees a
traceback: a failure that is not an input problem or an output problem is a bug, reported in
one line that says so (``REPORTGEN_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reportgen.build.folders import Found, find_agendas, find_reports
from reportgen.build.output import OutputError
from reportgen.build.run import (
    INPUT_PROBLEMS,
    Outcome,
    build_packs,
    build_reports,
    exit_status,
    internal_error,
)
from reportgen.build.stopping import Stopped, stopped_by_signals
from reportgen.errors import InputError

if TYPE_CHECKING:
    from reportgen.start import Started

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def _internal_error(where: Path | str, exc: Exception) -> None:
    click.echo(internal_error(where, exc), err=True)


def _found(find: Callable[[Iterable[Path]], Found], paths: Iterable[Path]) -> Found:
    """The folders PATHS name, its notes printed; exit 2 when a path is wrong."""
    try:
        found = find(paths)
    except InputError as exc:
        for line in [*exc.notes, *map(str, exc.problems)]:
            click.echo(line, err=True)
        sys.exit(INPUT_PROBLEMS)
    for note in found.notes:
        click.echo(note, err=True)
    return found


def _show(outcome: Outcome) -> None:
    """Everything one outcome has to say, as it arrives: notes and problems on stderr, what was
    written and the accessibility findings on stdout."""
    for line in [*outcome.notes, *outcome.problems, *filter(None, [outcome.failure])]:
        click.echo(line, err=True)
    if outcome.state == "built" and outcome.laid_out is None:
        click.echo(f"built {' and '.join(map(str, outcome.files))}")
    elif outcome.state == "built":
        click.echo(f"built {' and '.join(map(str, outcome.files))}, and "
                   f"{plural(len(outcome.documents), 'report')} for committee services in "
                   f"{outcome.files[0].parent / outcome.name}")
    for finding in outcome.findings:
        click.echo(finding)


def _run(outcomes: Iterator[Outcome], folders: list[Path], where: Path) -> list[Outcome]:
    """Show each outcome as it comes; a stop signal ends the run as the build says."""
    done: list[Outcome] = []
    try:
        with stopped_by_signals():
            for outcome in outcomes:
                _show(outcome)
                done.append(outcome)
    except (Stopped, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, Stopped) else signal.SIGINT
        stopped = (folders[len(done):] or [where])[0]  # the one being built
        click.echo(f"{stopped}: stopped by {signal.Signals(signum).name} before the build "
                   "finished; no output file was half-written and no temporary file is left",
                   err=True)
        sys.exit(128 + signum)
    return done


#: What build, validate and pack take: report or agenda folders, folders of them, workbooks.
PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))


def output_dir(help_text: str):  # type: ignore[no-untyped-def]
    """The -o option of the commands that write files."""
    return click.option("-o", "--output-dir", default=Path("output"), show_default=True,
                        type=click.Path(file_okay=False, path_type=Path), help=help_text)


def no_cache(help_text: str):  # type: ignore[no-untyped-def]
    def turn_off(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
        if value:
            from reportgen.build import cache

            cache.disable()
        return value
    return click.option("--no-cache", is_flag=True, help=help_text, callback=turn_off,
                        expose_value=False)


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="reportgen")
def main() -> None:
    """Build council Cabinet reports (Word and PDF) from officers' Excel inputs."""


@main.command(short_help="Build each report folder into a .docx and a .pdf.")
@PATHS
@output_dir("Folder for the .docx and .pdf files.")
@click.option("--changed", is_flag=True,
              help="Build only reports whose inputs, or reportgen itself, changed since their "
                   "last build (as make report does).")
@click.option("--check", "check_after", is_flag=True,
              help="Check each report built for accessibility problems; a report with problems "
                   "makes the exit status 1.")
@no_cache("Lay out every page afresh, neither using nor keeping the layout cache "
          "(~/.cache/reportgen, or $REPORTGEN_CACHE).")
def build(paths: tuple[Path, ...], output_dir: Path, changed: bool, check_after: bool) -> None:
    """Build each report folder in PATHS into OUTPUT_DIR/<folder>.docx and .pdf.

    PATHS may be report folders, a folder of report folders (such as inputs), or workbooks.
    Every report that can be built is built; reports whose inputs have problems are not, and
    their problems are listed one per line (exit status 2). Existing output files are never
    left half-written: a report's files are replaced together or not at all, and a file
    someone edited since reportgen wrote it is kept beside it first.
    """
    folders = _found(find_reports, paths).folders
    done = _run(build_reports(folders, output_dir, changed, check_after), folders, output_dir)
    if len(done) > 1 or changed or any(o.kept for o in done):
        for outcome in done:
            click.echo(f"{outcome.name}: {outcome.summary()}")
    sys.exit(exit_status(done))


@main.command(short_help="Build each agenda folder's agenda packs and report files.")
@PATHS
@output_dir("Folder for the packs and the reports' .docx files.")
@click.option("--changed", is_flag=True,
              help="Build only packs whose agenda, reports, papers or reportgen changed.")
@click.option("--check", "check_after", is_flag=True,
              help="Check each pack built for accessibility problems.")
@click.option("--no-cache", is_flag=True,
              help="Lay out every item afresh, neither using nor keeping any cache.")
def pack(paths: tuple[Path, ...], output_dir: Path, changed: bool, check_after: bool,
         no_cache: bool) -> None:
    """Build the agenda pack of each agenda folder in PATHS (a folder holding agenda.xlsx, or
    a folder of them such as inputs): OUTPUT_DIR/<folder>-public.pdf, <folder>-confidential.pdf
    when an item is exempt, and <folder>/<report>.docx for each report. Items whose reports and
    papers have not changed are not laid out again.
    """
    if no_cache:
        from reportgen.build import cache

        cache.disable()
    folders = _found(find_agendas, paths).folders
    if not folders:  # a project with no meeting yet: nothing to do
        click.echo(f"{', '.join(map(str, paths))}: no agenda folder (a folder holding "
                   "agenda.xlsx), so no pack to build")
        return
    done = _run(build_packs(folders, output_dir, changed, check_after, reuse=not no_cache),
                folders, output_dir)
    for outcome in done:
        click.echo(f"{outcome.name}: {outcome.summary()}")
    sys.exit(exit_status(done))


@main.command(short_help="Check the inputs of each report folder, writing nothing.")
@PATHS
def validate(paths: tuple[Path, ...]) -> None:
    """Check the inputs of each report folder in PATHS without writing anything.

    PATHS are taken as by build. Every problem in every report is listed, one per line, and
    the exit status is 2 if there are any.
    """
    from reportgen import api

    folders = _found(find_reports, paths).folders
    try:
        notes: list[str] = []
        problems = api.validate(folders, notes)
        for note in notes:
            click.echo(note, err=True)
    except Exception as exc:
        _internal_error(", ".join(map(str, paths)), exc)
        sys.exit(1)
    for line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(INPUT_PROBLEMS)
    click.echo(f"{plural(len(folders), 'report folder')}: the inputs are good")


@main.command(short_help="List the accessibility problems in DOCX and PDF files.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """List the accessibility problems in each DOCX or PDF FILE, ours or anyone's.

    One line per problem, as FILE: WHERE: WHAT, then a summary. Exit status 0 when every file
    is clean, 1 when any problem is found or a file cannot be read as a DOCX or PDF.
    """
    from reportgen.check import check as check_file

    findings = [finding for path in files for finding in check_file(path)]
    for finding in findings:
        click.echo(str(finding))
    unreadable = {f.file for f in findings if f.where == "file"}
    problems = [f for f in findings if f.where != "file"]
    if findings:
        parts = []
        if problems:
            parts.append(f"{plural(len(problems), 'accessibility problem')} in "
                         f"{plural(len({f.file for f in problems}), 'file')}")
        if unreadable:
            parts.append(f"{plural(len(unreadable), 'file')} that could not be read")
        click.echo(f"{' and '.join(parts)}, of {plural(len(files), 'file')} checked")
        sys.exit(1)
    click.echo(f"{plural(len(files), 'file')} checked: no accessibility problems found")


def _started(run: Callable[[], Started], where: Path) -> Started:
    """Run ``init`` or ``new``, ending the command as build does when it cannot."""
    try:
        return run()
    except InputError as exc:
        for line in [*exc.notes, *map(str, exc.problems)]:
            click.echo(line, err=True)
        sys.exit(INPUT_PROBLEMS)
    except OutputError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    except Exception as exc:
        _internal_error(where, exc)
        sys.exit(1)


@main.command(short_help="Start a new report folder: workbooks with lists and instructions.")
@click.argument("folder", type=click.Path(path_type=Path), required=False)
@click.option("--delivery-plan", is_flag=True,
              help="Also write a delivery-plan workbook, named as an appendix in report.xlsx.")
@click.option("--house-style", "style", metavar="DIR", type=click.Path(path_type=Path),
              help="Write a council's starting house style in the new folder DIR: a copy of "
              "the built-in one (reference.docx and house-style.xlsx) to change in Word and "
              "Excel.")
def init(folder: Path | None, delivery_plan: bool, style: Path | None) -> None:
    """Write a new report folder FOLDER (it must not exist yet) holding report.xlsx: every
    sheet and column reportgen reads, drop-down lists wherever a cell takes one of a fixed set
    of words, a message on each column saying what it is for, an Instructions sheet, and a few
    example rows (their text starts EXAMPLE:) that validate lists until they are replaced.
    With --house-style DIR, write a starting house style there (FOLDER may then be left out).
    """
    from reportgen import api

    if style is not None:
        made = _started(lambda: api.house_style(style), style)
        files = " and ".join(str(style / name) for name in made.files)
        click.echo(f"made {files}: change the look in Word and the structure in Excel, then "
                   f"name the folder in a report's Details, House style (docs/house-style.md)")
    if folder is None:
        if style is None:
            raise click.UsageError("give the new report folder, or --house-style DIR")
        return
    made = _started(lambda: api.init(folder, delivery_plan), folder)
    files = " and ".join(str(folder / name) for name in made.files)
    click.echo(f"made {files}: fill them in (the Instructions sheet says how), then check "
               f"them with: reportgen validate {folder}")


@main.command(short_help="Start next cycle's report folder from the last one.")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--from", "previous", required=True, metavar="PREVIOUS",
              type=click.Path(path_type=Path),
              help="Last cycle's report folder, to copy.")
def new(folder: Path, previous: Path) -> None:
    """Start the report folder FOLDER (it must not exist yet) from last cycle's report folder
    PREVIOUS: its workbooks and pictures are copied (only files inside it), the text is kept
    for you to edit, and Meeting date and Report track are emptied for you to fill in;
    validate lists them until you do. When PREVIOUS has a delivery plan, Previous report is
    set to it, so the new report says what changed since (its Refs and statuses are kept).
    """
    from reportgen import api
    from reportgen.start import WORKBOOK_SUFFIXES

    made = _started(lambda: api.new(folder, previous), folder)
    for note in made.notes:
        click.echo(note, err=True)
    workbooks = [n for n in made.files if n.suffix.lower() in WORKBOOK_SUFFIXES]
    pictures = len(made.files) - len(workbooks)
    copied = ", ".join(str(n) for n in workbooks) + (
        f" and {plural(pictures, 'picture')}" if pictures else "")
    emptied = " and ".join(made.cleared) or "nothing"
    click.echo(f"made {folder} from {previous}: copied {copied}; emptied {emptied} for you to "
               f"fill in; the text is last cycle's, to bring up to date; then check it with: "
               f"reportgen validate {folder}")


@main.command(short_help="List what changed in a report's delivery plan since the last report.")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--csv", "as_csv", is_flag=True, help="Print the changes as CSV, with a header.")
def changes(folder: Path, as_csv: bool) -> None:
    """List each change in the delivery plan of the report folder FOLDER since the report
    its Details name as Previous report: new, removed, completed, better and worse activities
    and moved target dates, each with its workbook, sheet and cell, in plan order.
    """
    import csv

    from reportgen import api
    from reportgen.words import WORDS

    try:
        found = api.changes(folder)
    except InputError as exc:
        for line in [*exc.notes, *map(str, exc.problems)]:
            click.echo(line, err=True)
        sys.exit(INPUT_PROBLEMS)
    except Exception as exc:
        _internal_error(folder, exc)
        sys.exit(1)
    for note in found.notes:
        click.echo(note, err=True)
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(WORDS.csv_columns)
        writer.writerows([_csv_cell(cell) for cell in row] for row in found.rows)
        return
    for workbook, sheet, cell, ref, kind, before, now, activity in found.rows:
        was = (WORDS.status_change.format(before=before, now=now) if before and now
               else before or now)
        click.echo(f"{workbook}, sheet {sheet}, cell {cell}: {ref} {kind}"
                   + (f" ({was})" if was else "") + f": {activity}")


def _csv_cell(text: str) -> str:
    """Workbook text as a CSV cell that a spreadsheet opening the file takes as text, never as
    a formula (``=HYPERLINK(...)`` typed in an activity stays words)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@main.command(short_help="Rebuild reports as their workbooks are saved, with a live preview.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_dir("Folder for the .docx and .pdf files, written as build writes them.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port of the preview page at http://127.0.0.1:PORT/ (the next free one is "
                   "used if it is taken; 0 for any free port).")
@click.option("--no-browser", is_flag=True, help="Do not open the preview in a browser.")
@click.option("--poll", is_flag=True,
              help="Look for changes by reading the folders four times a second, for network "
                   "shares, WSL and OneDrive folders that send no change events (chosen by "
                   "itself on the network file systems it recognises).")
def watch(paths: tuple[Path, ...], output_dir: Path, port: int, no_browser: bool,
          poll: bool) -> None:
    """Build each report folder in PATHS (as build takes them) into OUTPUT_DIR, then again
    each time one of its workbooks or pictures is saved, and show its pages and problems on a
    preview page that updates by itself. Ctrl-C stops it. See docs/watch.md.
    """
    from reportgen.watch.loop import watch as run

    folders = _found(find_reports, paths).folders
    sys.exit(run(folders, output_dir, port, not no_browser, poll, click.echo,
                 lambda line: click.echo(line, err=True)))
