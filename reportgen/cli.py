"""The ``reportgen`` command: a thin click layer over ``reportgen.api``.

Exit codes: 0 success, 2 problems in the inputs (each printed on its own line), 1 anything else.
Every message has one shape, ``WHERE: WHAT``, whatever its kind. An officer never sees a
traceback: a failure that is not an input problem or an output problem is a bug, reported in
one line that says so (``REPORTGEN_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reportgen import record as build_record
from reportgen.errors import InputError
from reportgen.output import OutputError, report_name
from reportgen.stopping import Stopped, stopped_by_signals

if TYPE_CHECKING:
    from reportgen import api  # imported when used: it brings openpyxl
    from reportgen.start import Started

INPUT_PROBLEMS = 2
REPORT_WORKBOOK = "report.xlsx"  # as reportgen.inputs names it; kept here to import nothing heavy
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def _internal_error(where: Path | str, exc: Exception) -> None:
    """Say in one line that reportgen itself failed; the traceback only when debugging."""
    if os.environ.get("REPORTGEN_DEBUG"):
        raise exc
    click.echo(f"{where}: reportgen failed ({type(exc).__name__}: {exc}); this is a bug in "
               "reportgen, not in your workbooks: please report it with the input folder "
               "(set REPORTGEN_DEBUG=1 for the details); the previous output files are unchanged",
               err=True)


@dataclass
class Folders:
    """The report folders the arguments name, and what was skipped or wrong on the way."""

    reports: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def report_folders(paths: Iterable[Path]) -> Folders:
    """What people type, as report folders: a report folder; a folder of report folders
    (``inputs``, ``.``) meaning each one in it; a workbook meaning its folder. Other files
    among the arguments (a README picked up by ``inputs/*``) are skipped with a note.
    """
    found = Folders()
    for path in paths:
        if path.is_file():
            workbook = path.suffix.lower() in (".xlsx", ".xlsm")
            if workbook and (path.parent / REPORT_WORKBOOK).is_file():
                found.reports.append(path.parent)
            else:
                found.notes.append(f"{path}: skipped, not a report folder")
        elif (path / REPORT_WORKBOOK).exists() or (path / REPORT_WORKBOOK).is_symlink():
            found.reports.append(path)
        elif path.is_dir():
            inside = sorted(p for p in path.iterdir() if (p / REPORT_WORKBOOK).is_file())
            # A folder with no report inside is taken as a report folder, so the reader can
            # say what is wrong with it (its workbook missing, or named differently).
            found.reports.extend(inside or [path])
        else:
            found.problems.append(f"{path}: is not a folder; expected a report folder holding "
                                  f"{REPORT_WORKBOOK}")
    if not found.reports and not found.problems:
        found.problems, found.notes = [n.replace("skipped, not", "is not") for n in found.notes], []
    unique: dict[Path, Path] = {}
    for folder in found.reports:
        unique.setdefault(folder.absolute().resolve(), folder)
    found.reports = list(unique.values())
    return found


def _same_names(folders: list[Path]) -> list[str]:
    """Two different folders with one name would write the same output files."""
    seen: dict[str, Path] = {}
    clashes = []
    for folder in folders:
        name = report_name(folder)
        if name in seen:
            clashes.append(f"{folder}: has the same name as {seen[name]}, so both would be "
                           f"built into {name}.docx and {name}.pdf; rename one of them, or "
                           "build them in separate runs with different -o folders")
        seen.setdefault(name, folder)
    return clashes


#: What build, validate and pack take: report or agenda folders, folders of them, workbooks.
PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))


def output_dir(help_text: str):  # type: ignore[no-untyped-def]
    """The -o option of the commands that write files."""
    return click.option("-o", "--output-dir", default=Path("output"), show_default=True,
                        type=click.Path(file_okay=False, path_type=Path), help=help_text)


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="reportgen")
def main() -> None:
    """Build council Cabinet reports (Word and PDF) from officers' Excel inputs."""


@main.command(short_help="Build each report folder into a .docx and a .pdf.")
@PATHS
@output_dir("Folder for the .docx and .pdf files.")
@click.option("--changed", is_flag=True,
              help="Build only reports whose inputs, or reportgen itself, changed since their "
                   "last build (as make report does); keeps a build record beside the outputs.")
@click.option("--check", "check_after", is_flag=True,
              help="Check each report built for accessibility problems; a report with problems "
                   "makes the exit status 1.")
@click.option("--no-cache", is_flag=True,
              help="Lay out every page afresh, neither using nor keeping the layout cache "
                   "(~/.cache/reportgen, or $REPORTGEN_CACHE).")
def build(paths: tuple[Path, ...], output_dir: Path, changed: bool, check_after: bool,
          no_cache: bool) -> None:
    """Build each report folder in PATHS into OUTPUT_DIR/<folder>.docx and .pdf.

    PATHS may be report folders, a folder of report folders (such as inputs), or workbooks.
    Every report that can be built is built; reports whose inputs have problems are not, and
    their problems are listed one per line (exit status 2). Existing output files are never
    left half-written: a report's files are replaced together or not at all.
    """
    if no_cache:
        from reportgen.render import cache

        cache.disable()
    folders = report_folders(paths)
    for note in folders.notes:
        click.echo(note, err=True)
    problems = folders.problems + _same_names(folders.reports)
    if problems:
        for line in problems:
            click.echo(line, err=True)
        sys.exit(INPUT_PROBLEMS)
    outcomes: list[str] = []
    try:
        with stopped_by_signals():
            for outcome in _built(folders.reports, output_dir, changed, check_after):
                outcomes.append(outcome)
    except (Stopped, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, Stopped) else signal.SIGINT
        where = (folders.reports[len(outcomes):] or [output_dir])[0]  # the one being built
        click.echo(f"{where}: stopped by {signal.Signals(signum).name} before the build "
                   "finished; no output file was half-written and no temporary file is left",
                   err=True)
        sys.exit(128 + signum)
    if len(outcomes) > 1 or changed:
        for folder, outcome in zip(folders.reports, outcomes, strict=True):
            click.echo(f"{report_name(folder)}: {outcome}")
    if any(o.startswith("not built") and "input problem" in o for o in outcomes):
        sys.exit(INPUT_PROBLEMS)
    if any(not o.startswith(("built", "unchanged")) for o in outcomes):
        sys.exit(1)


def _built(folders: list[Path], output_dir: Path, changed: bool, check_after: bool
           ) -> Iterator[str]:
    """Each report built (or skipped, as unchanged) and checked, in order, with its outcome
    for the summary; reports that need building are made side by side (``api.builds``)."""
    last = {folder: build_record.unchanged(folder, output_dir, report_name(folder))
            if changed else None for folder in folders}
    skip = {f for f, record in last.items()
            if record is not None and (record.get("checked") or not check_after)}
    wanted = [f for f in folders if f not in skip and last[f] is None]
    made = _builds(wanted, output_dir, record=changed)
    try:
        for folder in folders:
            if folder in skip:
                yield "unchanged"
                continue
            write = next(made) if last[folder] is None else None
            yield _build_one(folder, output_dir, changed, check_after, write)
    finally:
        made.close()  # stops the workers if the build stops early


def _builds(folders: list[Path], output_dir: Path, record: bool
            ) -> Generator[Callable[[], api.Built], None, None]:
    """``api.builds``, imported only when there is something to build: a ``make report`` that
    finds nothing changed stays quick."""
    if not folders:
        return
    from reportgen import api

    yield from api.builds(folders, output_dir, record)


def _build_one(folder: Path, output_dir: Path, changed: bool, check_after: bool,
               write: Callable[[], api.Built] | None) -> str:
    """Write (``write``, None if the outputs are current) and check one report; its outcome
    and reason for the summary."""
    name = report_name(folder)
    if write is not None:
        try:
            built = write()
        except InputError as exc:
            for line in [*exc.notes, *map(str, exc.problems)]:
                click.echo(line, err=True)
            return f"not built: {plural(len(exc.problems), 'input problem')}"
        except OutputError as exc:
            click.echo(str(exc), err=True)
            return "not built: an output file could not be written"
        except Exception as exc:
            _internal_error(folder, exc)
            return "not built: reportgen failed"
        for note in built.notes:
            click.echo(note, err=True)
        click.echo(f"built {built.docx} and {built.pdf}")
    if not check_after:
        return "built"
    findings = _check_files([output_dir / f"{name}.docx", output_dir / f"{name}.pdf"])
    if findings:
        return f"built, but {plural(findings, 'accessibility problem')} (listed above)"
    if changed:
        _mark_checked(output_dir, name)
    return "built and checked" if write is not None else "unchanged, now checked"


def _mark_checked(output_dir: Path, name: str) -> None:
    import json

    from reportgen.output import write_together

    found = build_record.read_record(output_dir, name)
    if found is not None:
        found["checked"] = True
        data = (json.dumps(found, indent=1, sort_keys=True) + "\n").encode()
        write_together({build_record.record_path(output_dir, name): data})


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
    from reportgen import pack as packs

    if no_cache:
        from reportgen.render import cache

        cache.disable()
    folders: list[Path] = []
    for path in paths:
        if packs.is_agenda_folder(path):
            folders.append(path)
        elif path.is_dir():
            folders.extend(sorted(p for p in path.iterdir() if packs.is_agenda_folder(p)))
        else:
            click.echo(f"{path}: is not an agenda folder; expected a folder holding "
                       "agenda.xlsx, or a folder of them such as inputs", err=True)
            sys.exit(INPUT_PROBLEMS)
    if not folders:  # a project with no meeting yet: nothing to do
        click.echo(f"{', '.join(map(str, paths))}: no agenda folder (a folder holding "
                   "agenda.xlsx), so no pack to build")
        return
    outcomes = []
    for folder in folders:
        name = report_name(folder)
        if changed and build_record.unchanged(folder, output_dir, name) is not None:
            outcomes.append(f"{name}: unchanged")
            continue
        try:
            built = packs.build_pack(folder, output_dir, reuse=not no_cache)
        except InputError as exc:
            for line in [*exc.notes, *map(str, exc.problems)]:
                click.echo(line, err=True)
            outcomes.append(f"{name}: not built: {plural(len(exc.problems), 'input problem')}")
            continue
        except OutputError as exc:
            click.echo(str(exc), err=True)
            outcomes.append(f"{name}: not built: an output file could not be written")
            continue
        except Exception as exc:
            _internal_error(folder, exc)
            outcomes.append(f"{name}: not built: reportgen failed")
            continue
        for note in built.notes:
            click.echo(note, err=True)
        made = [built.public, *([built.confidential] if built.confidential else [])]
        reports = plural(len(built.documents), "report")
        click.echo(f"built {' and '.join(map(str, made))}, and {reports} for committee "
                   f"services in {output_dir / name}")
        again = ", ".join(built.laid_out) or "none"
        findings = _check_files([*made, *built.documents]) if check_after else 0
        checked = (f", but {plural(findings, 'accessibility problem')} (listed above)"
                   if findings else " and checked" if check_after else "")
        outcomes.append(f"{name}: pack built{checked} (items laid out again: {again})")
    for line in outcomes:
        click.echo(line)
    if any(": not built: " in o and "input problem" in o for o in outcomes):
        sys.exit(INPUT_PROBLEMS)
    if any(": not built: " in o or "accessibility problem" in o for o in outcomes):
        sys.exit(1)


@main.command(short_help="Check the inputs of each report folder, writing nothing.")
@PATHS
def validate(paths: tuple[Path, ...]) -> None:
    """Check the inputs of each report folder in PATHS without writing anything.

    PATHS are taken as by build. Every problem in every report is listed, one per line, and
    the exit status is 2 if there are any.
    """
    from reportgen import api

    folders = report_folders(paths)
    for note in folders.notes:
        click.echo(note, err=True)
    try:
        notes: list[str] = []
        problems = folders.problems + api.validate(folders.reports, notes)
        for note in notes:
            click.echo(note, err=True)
    except Exception as exc:
        _internal_error(", ".join(map(str, paths)), exc)
        sys.exit(1)
    for line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(INPUT_PROBLEMS)
    click.echo(f"{plural(len(folders.reports), 'report folder')}: the inputs are good")


def _check_files(files: list[Path]) -> int:
    """Print the findings for ``files``; how many there were."""
    from reportgen.check import check as check_file  # pikepdf only when checking

    count = 0
    for path in files:
        for finding in check_file(path):
            click.echo(str(finding))
            count += 1
    return count


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
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--delivery-plan", is_flag=True,
              help="Also write a delivery-plan workbook, named as an appendix in report.xlsx.")
def init(folder: Path, delivery_plan: bool) -> None:
    """Write a new report folder FOLDER (it must not exist yet) holding report.xlsx: every
    sheet and column reportgen reads, drop-down lists wherever a cell takes one of a fixed set
    of words, a message on each column saying what it is for, an Instructions sheet, and a few
    example rows (their text starts EXAMPLE:) that validate lists until they are replaced.
    """
    from reportgen import api

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
    validate lists them until you do.
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

    folders = report_folders(paths)
    for note in folders.notes:
        click.echo(note, err=True)
    problems = folders.problems + _same_names(folders.reports)
    for line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(INPUT_PROBLEMS)
    sys.exit(run(folders.reports, output_dir, port, not no_browser, poll, click.echo,
                 lambda line: click.echo(line, err=True)))
