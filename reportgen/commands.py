"""What each command of ``reportgen`` does between reading its arguments and printing: the one
library call the command line makes for it.

The command line (``cli``) parses, calls one function here, prints what it returns (or what it
passes to ``say`` and ``note`` as it goes: stdout and stderr) and maps the library's errors to
exit statuses in one place. Everything here is for the command line alone and cannot change a
report's files, so, like ``cli.py``, it is left out of the build record's code hash
(``build.record``): a change here leaves every built report unchanged.
"""

from __future__ import annotations

import csv
import io
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportgen import api
from reportgen.build.folders import find_agendas, find_reports
from reportgen.build.run import Outcome, build_packs, build_reports, exit_status
from reportgen.build.stopping import Stopped, stopped_by_signals

#: Prints one line (to stdout for ``say``, stderr for ``note``).
Say = Callable[[str], None]


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def where(paths: tuple[Path, ...]) -> str:
    """The arguments as a failure's place."""
    return ", ".join(map(str, paths))


class Interrupted(Exception):
    """A stop signal ended a run; the message says where, ``status`` is 128 + the signal."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@dataclass
class Run:
    """A run of builds (reports or packs) as the command line shows it: each outcome as it
    arrives, then the closing lines, and the run's exit status."""

    done: list[Outcome] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)

    @property
    def status(self) -> int:
        return exit_status(self.done)


def _each(outcomes: Iterator[Outcome], folders: list[Path], output_dir: Path,
          show: Callable[[Outcome], None]) -> list[Outcome]:
    """Show each outcome as it comes; a stop signal ends the run as ``Interrupted``, naming
    the folder being built (the build undoes itself on the way out: ``build.stopping``)."""
    done: list[Outcome] = []
    try:
        with stopped_by_signals():
            for outcome in outcomes:
                show(outcome)
                done.append(outcome)
    except (Stopped, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, Stopped) else signal.SIGINT
        stopped = (folders[len(done):] or [output_dir])[0]  # the one being built
        raise Interrupted(f"{stopped}: stopped by {signal.Signals(signum).name} before the "
                          "build finished; no output file was half-written and no temporary "
                          "file is left", 128 + signum) from None
    return done


def said(outcome: Outcome) -> tuple[list[str], list[str]]:
    """What one outcome has to say: notes and problems (for stderr), then what was written and
    the accessibility findings (for stdout)."""
    notes = [*outcome.notes, *outcome.problems, *filter(None, [outcome.failure])]
    lines = []
    if outcome.state == "built" and outcome.laid_out is None:
        lines.append(f"built {' and '.join(map(str, outcome.files))}")
    elif outcome.state == "built":
        lines.append(f"built {' and '.join(map(str, outcome.files))}, and "
                     f"{plural(len(outcome.documents), 'report')} for committee services in "
                     f"{outcome.files[0].parent / outcome.name}")
    return notes, [*lines, *outcome.findings]


def _no_cache(no_cache: bool) -> None:
    if no_cache:
        from reportgen.build import cache

        cache.disable()


def build(paths: tuple[Path, ...], output_dir: Path, changed: bool, check: bool,
          no_cache: bool, show: Callable[[Outcome], None], note: Say) -> Run:
    """``reportgen build``: the report folders PATHS name, each built (``build_reports``) and
    shown; a summary line each when there is more than one, or some were skipped or kept."""
    _no_cache(no_cache)
    found = find_reports(paths)
    for line in found.notes:
        note(line)
    done = _each(build_reports(found.folders, output_dir, changed, check), found.folders,
                 output_dir, show)
    run = Run(done)
    if len(done) > 1 or changed or any(o.kept for o in done):
        run.closing = [f"{o.name}: {o.summary()}" for o in done]
    return run


def pack(paths: tuple[Path, ...], output_dir: Path, changed: bool, check: bool,
         no_cache: bool, show: Callable[[Outcome], None]) -> Run:
    """``reportgen pack``: the agenda folders PATHS name, each pack built and shown, then a
    summary line each; a project with no meeting yet has nothing to do."""
    _no_cache(no_cache)
    folders = find_agendas(paths).folders
    if not folders:
        return Run(closing=[f"{where(paths)}: no agenda folder (a folder holding agenda.xlsx), "
                            "so no pack to build"])
    done = _each(build_packs(folders, output_dir, changed, check, reuse=not no_cache),
                 folders, output_dir, show)
    return Run(done, [f"{o.name}: {o.summary()}" for o in done])


@dataclass
class Validated:
    """Every problem in the inputs, one line each, and how many report folders were read."""

    problems: list[str]
    folders: int


def validate(paths: tuple[Path, ...], note: Say) -> Validated:
    """``reportgen validate``: the inputs of every report folder PATHS name, read and
    checked; what the officer should know besides goes to ``note``."""
    found = find_reports(paths)
    for line in found.notes:
        note(line)
    notes: list[str] = []
    problems = api.validate(found.folders, notes)
    for line in notes:
        note(line)
    return Validated(problems, len(found.folders))


def house_style(folder: Path) -> str:
    """``reportgen init --house-style``: a starting house style made, and what to do next."""
    made = api.house_style(folder)
    files = " and ".join(str(folder / name) for name in made.files)
    return (f"made {files}: change the look in Word and the structure in Excel, then name the "
            "folder in a report's Details, House style (docs/house-style.md)")


def init(folder: Path, delivery_plan: bool) -> str:
    """``reportgen init``: a new report folder made, and what to do next."""
    made = api.init(folder, delivery_plan)
    files = " and ".join(str(folder / name) for name in made.files)
    return (f"made {files}: fill them in (the Instructions sheet says how), then check them "
            f"with: reportgen validate {folder}")


def new(folder: Path, previous: Path, note: Say) -> str:
    """``reportgen new``: next cycle's report folder made from the last, what was copied and
    emptied, and what to do next."""
    from reportgen.start import WORKBOOK_SUFFIXES

    made = api.new(folder, previous)
    for line in made.notes:
        note(line)
    workbooks = [n for n in made.files if n.suffix.lower() in WORKBOOK_SUFFIXES]
    pictures = len(made.files) - len(workbooks)
    copied = ", ".join(str(n) for n in workbooks) + (
        f" and {plural(pictures, 'picture')}" if pictures else "")
    emptied = " and ".join(made.cleared) or "nothing"
    return (f"made {folder} from {previous}: copied {copied}; emptied {emptied} for you to "
            f"fill in; the text is last cycle's, to bring up to date; then check it with: "
            f"reportgen validate {folder}")


def changes(folder: Path, as_csv: bool, note: Say) -> str:
    """``reportgen changes``: each change since the previous report, one line each, or as
    CSV with a header (``as_csv``); the text to print, whole."""
    from reportgen.words import WORDS

    found = api.changes(folder)
    for line in found.notes:
        note(line)
    if as_csv:
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(WORDS.csv_columns)
        writer.writerows([_csv_cell(cell) for cell in row] for row in found.rows)
        return text.getvalue()
    lines = []
    for workbook, sheet, cell, ref, kind, before, now, activity in found.rows:
        was = (WORDS.status_change.format(before=before, now=now) if before and now
               else before or now)
        lines.append(f"{workbook}, sheet {sheet}, cell {cell}: {ref} {kind}"
                     + (f" ({was})" if was else "") + f": {activity}\n")
    return "".join(lines)


def _csv_cell(text: str) -> str:
    """Workbook text as a CSV cell that a spreadsheet opening the file takes as text, never as
    a formula (``=HYPERLINK(...)`` typed in an activity stays words)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def watch(paths: tuple[Path, ...], output_dir: Path, port: int, browser: bool, poll: bool,
          say: Say, note: Say) -> int:
    """``reportgen watch``: the report folders PATHS name, built and rebuilt as they are saved,
    with the preview, until stopped; the exit status."""
    from reportgen.watch.loop import watch as run

    found = find_reports(paths)
    for line in found.notes:
        note(line)
    return run(found.folders, output_dir, port, browser, poll, say, note)
