"""A run of builds: every report (or agenda pack) asked for, built, skipped as unchanged, or not
built, each with its outcome. The command line, ``make report`` and the preview all build
through here, so what is rebuilt, what is checked, what an outcome says and which exit status
it gives are decided once.

Heavy modules (openpyxl, WeasyPrint) are imported only when something must be built: a
``make report`` that finds nothing changed stays quick.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.build import record, timings
from reportgen.build.output import OutputError, OutputOpen, report_name
from reportgen.errors import InputError

if TYPE_CHECKING:
    from reportgen.api import Built

#: Exit statuses: inputs with problems; anything else that kept a report from being right.
INPUT_PROBLEMS = 2
FAILED = 1


@dataclass
class Outcome:
    """What became of one report or pack in a run, and everything to tell the officer."""

    folder: Path
    name: str
    #: "built", "unchanged", or "not built".
    state: str = "not built"
    #: What was written (the DOCX and PDF, or a pack's files), when built.
    files: list[Path] = field(default_factory=list)
    #: Notes (not problems) to pass on, in order.
    notes: list[str] = field(default_factory=list)
    #: Input problems, one line each, located.
    problems: list[str] = field(default_factory=list)
    #: Why it was not built when not for input problems (an output file, a bug), one line.
    failure: str | None = None
    #: Why, in a few words, for the summary line.
    reason: str = ""
    #: Accessibility findings of the check, one line each, when checked.
    findings: list[str] = field(default_factory=list)
    checked: bool = False
    #: Copies of outputs someone had edited, kept before they were replaced.
    kept: list[Path] = field(default_factory=list)
    #: For packs: the items laid out again, and the reports' DOCX files for committee services.
    laid_out: list[str] | None = None
    documents: list[Path] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        if self.problems:
            return INPUT_PROBLEMS
        return FAILED if self.state == "not built" or self.findings else 0

    def summary(self) -> str:
        """The outcome in a few words, as the closing line of a run says it."""
        if self.state == "not built":
            return f"not built: {self.reason}"
        kept = f"edited files kept as {', '.join(p.name for p in self.kept)}" if self.kept \
            else ""
        if self.laid_out is not None:
            again = ", ".join(self.laid_out) or "none"
            again += f"; {kept}" if kept else ""
            checked = (f", but {_plural(len(self.findings), 'accessibility problem')} (listed "
                       "above)" if self.findings else " and checked" if self.checked else "")
            return f"pack built{checked} (items laid out again: {again})"
        words = self.state
        if self.findings:
            return (f"{words}{f' ({kept})' if kept else ''}, but "
                    f"{_plural(len(self.findings), 'accessibility problem')} (listed above)")
        if self.checked:
            words = "built and checked" if self.state == "built" else "unchanged, now checked"
        return f"{words}{f' ({kept})' if kept else ''}"


def exit_status(outcomes: list[Outcome]) -> int:
    """The run's exit status: input problems first, then any other failure."""
    return max((o.exit_status for o in outcomes), default=0)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word if count == 1 else word + 's'}"


def build_reports(folders: list[Path], output_dir: Path, changed: bool = False,
                  check: bool = False) -> Iterator[Outcome]:
    """Each report folder built into ``output_dir`` (``changed``: only those whose inputs, or
    reportgen, changed since their build record; ``check``: each checked after), in order.
    Reports that need building are made side by side (``api.builds``); a report's files are
    written together or not at all, and nothing anyone edited is overwritten.
    """
    last = {folder: record.unchanged(folder, output_dir, report_name(folder))
            if changed else None for folder in folders}
    skip = {f for f, found in last.items()
            if found is not None and (found.get("checked") or not check)}
    wanted = [f for f in folders if f not in skip and last[f] is None]
    notes = _ready() if wanted else []
    made = _builds(wanted, output_dir)
    try:
        for folder in folders:
            outcome = Outcome(folder, report_name(folder), notes=notes)
            notes = []
            if folder in skip:
                outcome.state = "unchanged"
                yield outcome
                continue
            if last[folder] is None:
                _write(outcome, next(made))
            else:
                outcome.state = "unchanged"  # built before, but not yet checked
            if check and outcome.state != "not built":
                _check(outcome, output_dir, keep=changed)
            yield outcome
    finally:
        made.close()  # stops the workers if the run stops early


def _ready() -> list[str]:
    """Before building: clear what builds killed outright left in the temporary folder, and
    see that the layout cache can be written (else build without it, with a note)."""
    from reportgen.build import cache, tempfiles

    tempfiles.sweep()
    note = cache.ready()
    return [note] if note else []


def _builds(folders: list[Path], output_dir: Path
            ) -> Generator[Callable[[], Built], None, None]:
    if not folders:
        return
    from reportgen import api

    yield from api.builds(folders, output_dir)


def _write(outcome: Outcome, write: Callable[[], Built]) -> None:
    """Run one report's ``write`` into its outcome."""
    try:
        built = write()
    except InputError as exc:
        outcome.notes += exc.notes
        outcome.problems = [str(p) for p in exc.problems]
        outcome.reason = _plural(len(exc.problems), "input problem")
        return
    except OutputOpen as exc:
        outcome.failure, outcome.reason = str(exc), "an output file is open in a word processor"
        return
    except OutputError as exc:
        outcome.failure, outcome.reason = str(exc), "an output file could not be written"
        return
    except Exception as exc:
        outcome.failure, outcome.reason = internal_error(outcome.folder, exc), "reportgen failed"
        return
    outcome.state = "built"
    outcome.files = [built.docx, built.pdf]
    outcome.notes += built.notes
    outcome.kept = built.kept


def _check(outcome: Outcome, output_dir: Path, keep: bool) -> None:
    """Check a report's files; a clean check is kept in its build record (``keep``)."""
    outcome.findings = check_files([output_dir / f"{outcome.name}.docx",
                                    output_dir / f"{outcome.name}.pdf"])
    outcome.checked = True
    if not outcome.findings and keep:
        record.mark_checked(output_dir, outcome.name)


def check_files(files: list[Path]) -> list[str]:
    """The accessibility findings for ``files``, one line each."""
    from reportgen.check import check as check_file  # pikepdf only when checking

    with timings.stage("check"):
        return [str(finding) for path in files for finding in check_file(path)]


def build_packs(folders: list[Path], output_dir: Path, changed: bool = False,
                check: bool = False, reuse: bool = True) -> Iterator[Outcome]:
    """Each agenda folder's packs built into ``output_dir`` (see ``reportgen.pack``)."""
    ready = False
    for folder in folders:
        outcome = Outcome(folder, report_name(folder))
        if changed and record.unchanged(folder, output_dir, outcome.name) is not None:
            outcome.state = "unchanged"
            yield outcome
            continue
        from reportgen import pack

        if not ready:
            outcome.notes, ready = _ready(), True
        try:
            built = pack.build_pack(folder, output_dir, reuse=reuse)
        except InputError as exc:
            outcome.notes += exc.notes
            outcome.problems = [str(p) for p in exc.problems]
            outcome.reason = _plural(len(exc.problems), "input problem")
        except OutputError as exc:
            outcome.failure, outcome.reason = str(exc), "an output file could not be written"
        except Exception as exc:
            outcome.failure = internal_error(folder, exc)
            outcome.reason = "reportgen failed"
        else:
            outcome.state = "built"
            outcome.notes += built.notes
            outcome.files = [built.public, *([built.confidential] if built.confidential
                                             else [])]
            outcome.documents = built.documents
            outcome.kept, outcome.laid_out = built.kept, built.laid_out
            if check:
                outcome.findings = check_files([*outcome.files, *outcome.documents])
                outcome.checked = True
        yield outcome


def internal_error(where: Path | str, exc: Exception) -> str:
    """A failure of reportgen itself, in one line; the traceback only when debugging."""
    if os.environ.get("REPORTGEN_DEBUG"):
        raise exc
    return (f"{where}: reportgen failed ({type(exc).__name__}: {exc}); this is a bug in "
            "reportgen, not in your workbooks: please report it with the input folder "
            "(set REPORTGEN_DEBUG=1 for the details); the previous output files are unchanged")
