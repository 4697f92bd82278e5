"""The ``reportgen`` command: a thin click layer over the library.

Each command parses its arguments, makes one call of the library (``reportgen.commands``, which
is ``reportgen.api`` as the command line uses it) and prints what comes back. Exit codes: 0
success, 2 problems in the inputs (each printed on its own line), 1 anything else, 128 + the
signal when a stop signal ends a build. Every message has one shape, ``WHERE: WHAT``, whatever
its kind. An officer never sees a traceback: a failure that is not an input problem or an
output problem is a bug, reported in one line that says so (``REPORTGEN_DEBUG=1`` shows the
traceback). The library's errors become exit statuses in one place, ``_call``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from reportgen import commands
from reportgen.build.output import OutputError
from reportgen.build.run import FAILED, INPUT_PROBLEMS, Outcome, internal_error
from reportgen.commands import Interrupted, Run, plural, where
from reportgen.errors import InputError

T = TypeVar("T")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _note(line: str) -> None:
    click.echo(line, err=True)


def _say(lines: list[str], err: bool = False) -> None:
    for line in lines:
        click.echo(line, err=err)


def _call(place: object, run: Callable[[], T]) -> T:
    """``run()``, the one library call of a command; its errors end the command: input
    problems with status 2 (notes, then each problem on its own line), an output that cannot be
    written or a bug in reportgen (at ``place``) with 1, a stop signal with 128 + the signal.
    """
    try:
        return run()
    except InputError as exc:
        _say([*exc.notes, *map(str, exc.problems)], err=True)
        sys.exit(INPUT_PROBLEMS)
    except Interrupted as exc:
        _note(str(exc))
        sys.exit(exc.status)
    except OutputError as exc:
        _note(str(exc))
        sys.exit(FAILED)
    except Exception as exc:
        _note(internal_error(str(place), exc))
        sys.exit(FAILED)


def _show(outcome: Outcome) -> None:
    """One outcome, as it arrives: notes and problems on stderr, the rest on stdout."""
    notes, lines = commands.said(outcome)
    _say(notes, err=True)
    _say(lines)


def _ran(run: Run) -> None:
    _say(run.closing)
    sys.exit(run.status)


#: What build, validate, pack and watch take: report or agenda folders, folders of them,
#: workbooks.
PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))


def output_dir(help_text: str):  # type: ignore[no-untyped-def]
    """The -o option of the commands that write files."""
    return click.option("-o", "--output-dir", default=Path("output"), show_default=True,
                        type=click.Path(file_okay=False, path_type=Path), help=help_text)


def run_options(output: str, changed: str, check: str, no_cache: str):  # type: ignore[no-untyped-def]
    """The options build and pack share, each with its own help."""
    def apply(command):  # type: ignore[no-untyped-def]
        for option in reversed([output_dir(output),
                                click.option("--changed", is_flag=True, help=changed),
                                click.option("--check", "check_after", is_flag=True, help=check),
                                click.option("--no-cache", is_flag=True, help=no_cache)]):
            command = option(command)
        return command
    return apply


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="reportgen")
def main() -> None:
    """Build council Cabinet reports (Word and PDF) from officers' Excel inputs."""


@main.command(short_help="Build each report folder into a .docx and a .pdf.")
@PATHS
@run_options("Folder for the .docx and .pdf files.",
             "Build only reports whose inputs, or reportgen itself, changed since their last "
             "build (as make report does).",
             "Check each report built for accessibility problems; a report with problems makes "
             "the exit status 1.",
             "Lay out every page afresh, neither using nor keeping the layout cache "
             "(~/.cache/reportgen, or $REPORTGEN_CACHE).")
def build(paths: tuple[Path, ...], output_dir: Path, changed: bool, check_after: bool,
          no_cache: bool) -> None:
    """Build each report folder in PATHS into OUTPUT_DIR/<folder>.docx and .pdf.

    PATHS may be report folders, a folder of report folders (such as inputs), or workbooks.
    Every report that can be built is built; reports whose inputs have problems are not, and
    their problems are listed one per line (exit status 2). Existing output files are never
    left half-written: a report's files are replaced together or not at all, and a file
    someone edited since reportgen wrote it is kept beside it first.
    """
    _ran(_call(where(paths), lambda: commands.build(paths, output_dir, changed, check_after,
                                                     no_cache, _show, _note)))


@main.command(short_help="Build each agenda folder's agenda packs and report files.")
@PATHS
@run_options("Folder for the packs and the reports' .docx files.",
             "Build only packs whose agenda, reports, papers or reportgen changed.",
             "Check each pack built for accessibility problems.",
             "Lay out every item afresh, neither using nor keeping any cache.")
def pack(paths: tuple[Path, ...], output_dir: Path, changed: bool, check_after: bool,
         no_cache: bool) -> None:
    """Build the agenda pack of each agenda folder in PATHS (a folder holding agenda.xlsx, or
    a folder of them such as inputs): OUTPUT_DIR/<folder>-public.pdf, <folder>-confidential.pdf
    when an item is exempt, and <folder>/<report>.docx for each report. Items whose reports and
    papers have not changed are not laid out again.
    """
    _ran(_call(where(paths), lambda: commands.pack(paths, output_dir, changed, check_after,
                                                    no_cache, _show)))


@main.command(short_help="Check the inputs of each report folder, writing nothing.")
@PATHS
def validate(paths: tuple[Path, ...]) -> None:
    """Check the inputs of each report folder in PATHS without writing anything.

    PATHS are taken as by build. Every problem in every report is listed, one per line, and
    the exit status is 2 if there are any.
    """
    found = _call(where(paths), lambda: commands.validate(paths, _note))
    _say(found.problems, err=True)
    if found.problems:
        sys.exit(INPUT_PROBLEMS)
    click.echo(f"{plural(found.folders, 'report folder')}: the inputs are good")


@main.command(short_help="List the accessibility problems in DOCX and PDF files.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """List the accessibility problems in each DOCX or PDF FILE, ours or anyone's.

    One line per problem, as FILE: WHERE: WHAT, then a summary. Exit status 0 when every file
    is clean, 1 when any problem is found or a file cannot be read as a DOCX or PDF.
    """
    from reportgen.check import check_files

    checked = _call(where(files), lambda: check_files(files))
    _say(checked.lines())
    sys.exit(checked.status)


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
    if folder is None and style is None:
        raise click.UsageError("give the new report folder, or --house-style DIR")
    if style is not None:
        click.echo(_call(style, lambda: commands.house_style(style)))
    if folder is not None:
        click.echo(_call(folder, lambda: commands.init(folder, delivery_plan)))


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
    click.echo(_call(folder, lambda: commands.new(folder, previous, _note)))


@main.command(short_help="List what changed in a report's delivery plan since the last report.")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--csv", "as_csv", is_flag=True, help="Print the changes as CSV, with a header.")
def changes(folder: Path, as_csv: bool) -> None:
    """List each change in the delivery plan of the report folder FOLDER since the report
    its Details name as Previous report: new, removed, completed, better and worse activities
    and moved target dates, each with its workbook, sheet and cell, in plan order.
    """
    text = _call(folder, lambda: commands.changes(folder, as_csv, _note))
    if as_csv:
        sys.stdout.write(text)  # as written, for a spreadsheet
    else:
        click.echo(text, nl=False)


@main.command(short_help="Rebuild reports as their workbooks are saved, with a live preview.")
@PATHS
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
    sys.exit(_call(where(paths), lambda: commands.watch(paths, output_dir, port, not no_browser,
                                                         poll, click.echo, _note)))
