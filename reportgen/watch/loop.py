"""``reportgen watch``: build each watched report when its inputs change, in this one process.

Why one process: a ``reportgen build`` spends 1.6–2.0 s starting Python and importing before it
reads a cell; here the imports, fonts and templates are loaded once, and every rebuild goes
through ``api.build`` exactly as ``build`` does (both files replaced together, the build record
beside them, the layout cache used), so what the preview shows is what is in the output folder.

The loop runs in the main thread, so Ctrl-C and ``kill`` stop a build the way they stop
``reportgen build`` (``stopping``: workers stopped, temporary files removed). Events arrive
from a watcher thread (``events.Watcher``); the preview is served from another
(``server``). Whether a report is built again is decided by the content of its input files
(``events.Fingerprint``), not by the events themselves.
"""

from __future__ import annotations

import os
import queue
import signal
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportgen import api
from reportgen.build import record
from reportgen.build.output import OutputError, report_name
from reportgen.build.stopping import Stopped, stopped_by_signals
from reportgen.errors import InputError, Problem
from reportgen.inputs.sniff import why_not_xlsx
from reportgen.watch import events, server
from reportgen.watch.pages import Pages
from reportgen.watch.state import Board, ReportState

REPORT_WORKBOOK = "report.xlsx"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: How long a report whose workbook is missing or half-written (a save in progress) is tried
#: again before its problems are shown: Excel's delete-and-rename takes milliseconds, a large
#: workbook written in place over a network share can take a second or two.
SETTLE_SECONDS = 3.0
RETRY_SECONDS = 0.3


@dataclass
class Watched:
    """A report being watched: where it is, and what its last build read."""

    state: ReportState
    folder: Path
    #: The inputs' content when the last build (good or not) began; None before the first.
    built: events.Fingerprint | None = None
    #: Input files outside the report folder (a shared delivery plan), from its build record;
    #: None until a build has said.
    outside: list[Path] | None = None


def _now() -> str:
    return time.strftime("%H:%M:%S")


class Loop:
    """The watched reports, the output folder and the preview; ``run`` until stopped."""

    def __init__(self, folders: list[Path], output_dir: Path, poll: bool,
                 echo: Callable[[str], None], echo_err: Callable[[str], None]):
        self.output_dir = output_dir
        self.outputs = [output_dir.absolute().resolve()]
        self.echo, self.echo_err = echo, echo_err
        self.reports = [Watched(ReportState(f, report_name(f)), f.absolute().resolve())
                        for f in folders]
        self.board = Board([w.state for w in self.reports])
        self.changes: queue.Queue[set[Path]] = queue.Queue()
        self.watcher = events.Watcher(self.changes, self.outputs, poll)

    # -- what each report reads -------------------------------------------------------------

    def _inputs(self, watched: Watched) -> list[Path]:
        found = events.files_in(watched.folder, self.outputs)
        if watched.outside is not None:
            return found + watched.outside
        shared = watched.folder.parent / events.SHARED_FOLDER
        if shared.is_dir():  # which shared plan it reads is not known yet: all of them
            found += events.files_in(shared, self.outputs)
        return found

    def folders(self) -> set[Path]:
        """The folders to watch: each report folder, the shared-inputs folder beside it, and
        the folder of any input outside them."""
        found: set[Path] = set()
        for watched in self.reports:
            found.add(watched.folder)
            shared = watched.folder.parent / events.SHARED_FOLDER
            if shared.is_dir():
                found.add(shared)
            found.update(p.parent for p in watched.outside or [])
        return found

    # -- building ----------------------------------------------------------------------------

    def _unsettled(self, watched: Watched) -> bool:
        """Whether the report folder looks mid-save: its workbook missing, or a workbook that
        is not (yet) a whole workbook."""
        if not (watched.folder / REPORT_WORKBOOK).exists():
            return True
        return any(why_not_xlsx(p) is not None for p in self._inputs(watched)
                   if p.suffix.lower() in WORKBOOK_SUFFIXES)

    def build(self, watched: Watched) -> None:
        """Build one report through ``api.build`` and show the outcome on the page and in
        the terminal. A build that finds the inputs mid-save tries again for SETTLE_SECONDS
        before it shows their problems."""
        state = watched.state
        with self.board.lock:
            state.building = True
            self.board.changed()
        started = time.monotonic()
        problems: list[Problem] = []
        pages = None
        while True:
            before = events.Fingerprint.of(self._inputs(watched))
            try:
                built = api.build(watched.folder, self.output_dir)
                pages = Pages.read(built.pdf.read_bytes())
                notes = built.notes
            except InputError as exc:
                again = (events.Fingerprint.of(self._inputs(watched)) != before
                         or self._unsettled(watched))
                if again and time.monotonic() - started < SETTLE_SECONDS:
                    time.sleep(RETRY_SECONDS)
                    continue
                problems, notes = exc.problems, exc.notes
            except OutputError as exc:
                where, _, what = str(exc).partition(": ")
                problems, notes = [Problem(where, what or str(exc))], []
            except Exception as exc:  # a bug: said on the page, the loop goes on
                if os.environ.get("REPORTGEN_DEBUG"):
                    raise
                problems, notes = [Problem(str(watched.folder), "reportgen failed "
                                           f"({type(exc).__name__}: {exc}); this is a bug in "
                                           "reportgen, not in your workbooks: please report "
                                           "it with the input folder")], []
            break
        watched.built = before
        seconds = time.monotonic() - started
        self._show(watched, pages, problems, seconds)
        for note in notes:
            self.echo_err(note)

    def _show(self, watched: Watched, pages: Pages | None, problems: list[Problem],
              seconds: float) -> None:
        state = watched.state
        who = f"{state.name}: " if len(self.reports) > 1 else ""
        with self.board.lock:
            state.building = False
            if pages is not None:
                state.pages, state.problems = pages, []
                state.title = pages.title or state.title
                state.built_at, state.seconds = _now(), seconds
                state.pages_version += 1
            else:
                state.problems, state.failed_at = list(problems), _now()
            self.board.changed()
        if pages is not None:
            shared = set(self._inputs(watched)) - set(events.files_in(watched.folder,
                                                                      self.outputs))
            watched.outside = self._outside(watched)
            if watched.built is not None:  # what it was taken to read, less what it did not
                watched.built = watched.built.without(shared - set(watched.outside))
            self.echo(f"[{state.built_at}] {who}built in {seconds:.1f} s")
        else:
            self.echo(f"[{state.failed_at}] {who}{server.plural(len(problems), 'problem')}")
            for problem in problems:
                self.echo_err(f"  {problem}")

    def _outside(self, watched: Watched) -> list[Path]:
        """The inputs of the last build outside the report folder, from its build record."""
        found = record.read_record(self.output_dir, watched.state.name) or {}
        inputs = found.get("inputs")
        paths = [(watched.folder / rel).resolve() for rel in
                 (inputs if isinstance(inputs, dict) else {})]
        return [p for p in paths if watched.folder not in p.parents]

    def first(self, watched: Watched) -> None:
        """Show a report whose outputs are up to date without building it again; else build."""
        name = watched.state.name
        if record.unchanged(watched.folder, self.output_dir, name) is not None:
            try:
                pages = Pages.read((self.output_dir / f"{name}.pdf").read_bytes())
            except Exception:
                pages = None
            if pages is not None:
                watched.outside = self._outside(watched)
                watched.built = events.Fingerprint.of(self._inputs(watched))
                with self.board.lock:
                    watched.state.pages, watched.state.built_at = pages, _now()
                    watched.state.title = pages.title
                    watched.state.pages_version += 1
                    self.board.changed()
                self.echo(f"[{_now()}] {name}: unchanged since its last build")
                return
        self.build(watched)

    # -- the loop ----------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Load what every build needs (both writers, WeasyPrint, pikepdf, the hash of
        reportgen's code for the build record, Pango and fontconfig) now, while the officer
        reads the page, rather than on their first save; worker processes forked for a
        build inherit all of it."""
        from weasyprint import HTML

        from reportgen.build import parts  # noqa: F401
        from reportgen.render import docx, pdf  # noqa: F401

        pdf.install()
        record.code_hash()
        HTML(string='<html lang="en"><title>warm</title><p>Warm.</p></html>').render()

    def changed(self) -> list[Watched]:
        """The reports whose inputs differ from what their last build read."""
        return [w for w in self.reports
                if events.Fingerprint.of(self._inputs(w)) != w.built]

    def run(self) -> None:
        """Build what is out of date, then wait for changes and build again; until a signal
        raises ``Stopped``."""
        self.watcher.start(self.folders())
        for watched in self.reports:
            self.first(watched)
        self.warm_up()
        self.restart()
        looked = self._look()
        while True:
            try:
                self.changes.get(timeout=events.POLL_MS / 1000)
            except queue.Empty:
                if not self.watcher.poll or self._look() == looked:
                    continue
            while not self.changes.empty():  # one look for everything that came meanwhile
                self.changes.get_nowait()
            for watched in self.changed():
                self.build(watched)
            self.restart()
            looked = self._look()

    def restart(self) -> None:
        """Watch what the reports now read (a house style or shared plan a build found may
        have joined), then build whatever was saved while the watcher restarted: a save in
        that gap raises no event, and would otherwise wait for the next one."""
        while True:
            self.watcher.start(self.folders())
            stale = self.changed()
            if not stale:
                return
            for watched in stale:
                self.build(watched)

    def _look(self) -> events.Signature | None:
        """When polling, how the known inputs look (``events.Signature``): watchfiles' own
        polling finds new files, and misses two saves of one size within a second."""
        if not self.watcher.poll:
            return None
        return events.Signature.of(p for w in self.reports for p in self._inputs(w))


def _open_browser(url: str) -> str | None:
    """Open ``url`` in the officer's browser, in the background; why not, if it cannot."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        return "no desktop to open a browser on"
    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    return None


def watch(folders: list[Path], output_dir: Path, port: int, browser: bool, poll: bool,
          echo: Callable[[str], None], echo_err: Callable[[str], None]) -> int:
    """Run ``reportgen watch`` until Ctrl-C or a stop signal; the exit status."""
    loop = Loop(folders, output_dir, poll, echo, echo_err)
    why_poll = None if poll else events.needs_polling(loop.folders())
    if why_poll:
        loop.watcher.poll = True
    try:
        preview, note = server.serve(loop.board, port)
    except OSError as exc:
        echo_err(f"port {port}: the preview cannot be served ({exc.strerror or exc}); "
                 "choose another with --port")
        return 1
    signum = signal.SIGINT
    try:
        with stopped_by_signals():
            if note:
                echo_err(note)
            if why_poll:
                echo_err(f"{why_poll}: looking for changes every {events.POLL_MS} ms instead")
            echo(f"preview at {preview.url} (Ctrl-C to stop); watching "
                 f"{', '.join(str(f) for f in folders)}; writing to {output_dir}")
            if browser and (why_not := _open_browser(preview.url)):
                echo_err(f"{why_not}: open {preview.url} in your browser")
            loop.run()
    except Stopped as exc:
        signum = signal.Signals(exc.signum)
    except KeyboardInterrupt:
        pass
    finally:
        loop.watcher.stop()
        preview.stop()
    echo(f"[{_now()}] stopped watching (by {signum.name}); the output files are as the last "
         "build left them")
    return 0 if signum == signal.SIGINT else 128 + signum
