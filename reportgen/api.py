"""The library API the CLI and the tests share: load a report folder, validate, build files,
start a new report folder, and (re-exported from ``build``) find folders and run builds.

Importing it is cheap: the readers (openpyxl), the writers (WeasyPrint) and ``start`` are
imported by the functions that need them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen import compare, layout, layoutplan, model, numbering, words
from reportgen.build import timings, workers
from reportgen.build.folders import REPORT_WORKBOOK, find_agendas, find_reports
from reportgen.build.output import OutputError, name_problem, report_name, write_outputs
from reportgen.build.record import make_record, record_path, written
from reportgen.build.run import Outcome, build_packs, build_reports
from reportgen.errors import InputError, Problem, Problems
from reportgen.style import structure as structures
from reportgen.style.structure import Structure

if TYPE_CHECKING:
    from reportgen.start import Started

__all__ = ["Built", "Changes", "Outcome", "build", "build_packs", "build_reports", "builds",
           "changes", "find_agendas", "find_reports", "init", "load", "new", "prepare", "render",
           "validate"]


def load(folder: Path) -> model.Report:
    """The numbered report model for one input folder; raises InputError with every problem."""
    problems = Problems()
    folder = Path(folder)
    if not folder.is_dir():
        problems.add(str(folder), "is not a folder; expected a report folder holding "
                     f"{REPORT_WORKBOOK}")
        problems.check()
    from reportgen.inputs.report import read_report

    folder = folder.absolute().resolve()  # so that `.` is named as the folder it is
    with timings.stage("read"):
        report = read_report(folder, problems)
    if report is not None:
        with timings.stage("model"):
            _complete(report, problems, f"{folder.name}/{REPORT_WORKBOOK}")
    problems.check()
    assert report is not None
    report.notes = problems.notes
    return report


def _complete(report: model.Report, problems: Problems, workbook: str) -> None:
    """The report as read made whole: compared with the previous report, checked against its
    house style, numbered, and its tables checked against the style's pages."""
    compare.attach(report, problems, words.for_language(report.details.language))
    structure, look = _check_style(report, problems, workbook)
    numbering.assign(report, problems, workbook, report.details.wording["Appendix"],
                     structure.appendices == "A", structure.paragraph_count)
    for table in model.tables(report):
        wrong = layoutplan.table_problem(table, look)
        if wrong and table.source:
            table_workbook, sheet, cell = table.source
            problems.add(table_workbook, wrong, sheet, cell)


def _check_style(report: model.Report, problems: Problems, workbook: str
                 ) -> tuple[Structure, layout.Look]:
    """The report's house style read (its structure and look), its problem at the Details
    cell that names it, what the PDF cannot show of it as notes, and its files among the
    report's sources (so a change to the style rebuilds the report).
    """
    from reportgen import style

    details = report.details
    found = style.for_report(details.house_style, problems)
    if isinstance(found, str):
        problems.add(workbook, f"house style '{details.house_style}' {found}", "Details",
                     details.house_style_cell)
        return structures.BUILT_IN, layout.BUILT_IN
    problems.notes.extend(found.notes)
    if not found.built_in:
        report.sources.extend(found.files)
    for heading in found.structure.missing_headings([s.title for s in report.sections]):
        problems.add(workbook, f"has no section '{heading}', which the house style "
                     f"'{found.folder.name}' asks every report to have; expected a section "
                     "row with that title", "Text")
    return found.structure, found.look


def validate(folders: list[Path], notes: list[str] | None = None) -> list[str]:
    """Every problem in every folder, as printable lines; empty when all inputs are good.
    ``notes`` (when given) receives what the officer should know that is not a problem.
    """
    lines: list[str] = []
    for folder in folders:
        try:
            found = load(folder).notes
        except InputError as exc:
            lines.extend(str(p) for p in exc.problems)
            found = exc.notes
        if notes is not None:
            notes.extend(found)
    return lines


@dataclass
class Built:
    docx: Path
    pdf: Path
    notes: list[str] = field(default_factory=list)
    #: Copies of outputs someone had edited, kept before they were replaced.
    kept: list[Path] = field(default_factory=list)


@dataclass
class Prepared:
    """A report's files, made and not yet written."""

    built: Built
    files: dict[Path, bytes]
    #: The stages of making them, when they were made in a worker and timings are recorded.
    spent: timings.Timings | None = None


def build(folder: Path, output_dir: Path) -> Built:
    """Read one report folder and write ``<folder>.docx`` and ``<folder>.pdf`` in output_dir.

    Both files are rendered in memory first and then replace their predecessors together
    (``output.write_outputs``), so a problem at any stage leaves the previous outputs as they
    were, and an output someone edited since reportgen wrote it is kept beside it first. The
    build record (``reportgen.build.record``) is written with them: it tells ``build --changed``
    that nothing has changed since, and the next build what reportgen itself wrote.
    """
    return _write(prepare(folder, output_dir))


def _write(prepared: Prepared) -> Built:
    built = prepared.built
    outputs = [built.docx, built.pdf]
    with timings.stage("write"):
        last = written(record_path(built.docx.parent, built.docx.stem), outputs,
                       built.docx.parent)
        built.kept = write_outputs(prepared.files, last)  # all replaced together, or none
    if built.kept:
        built.notes.append(edited_note(built.kept, built.docx.stem))
    return built


def edited_note(kept: list[Path], report: str) -> str:
    """The one note about outputs someone edited: where they are, and how to keep the change."""
    copies = " and ".join(str(p) for p in kept)
    return (f"{copies}: kept; the file had been changed since reportgen wrote it, and a build "
            f"always replaces it. To keep the change, make it in {report}'s workbooks too "
            "(reportgen never reads a DOCX or PDF back); then the kept copy can be deleted")


def render(report: model.Report) -> tuple[bytes, bytes]:
    """The report's DOCX and PDF, in its house style, from one layout plan both writers read."""
    from reportgen import style
    from reportgen.build import parts
    from reportgen.render import docx  # heavy imports, not needed to validate

    house_style = style.for_report(report.details.house_style)
    assert not isinstance(house_style, str)  # load checked it
    plan = layoutplan.plan(report, house_style.look)
    with timings.stage("docx"):
        docx_file = docx.render(report, plan, house_style.reference)
    return docx_file, parts.render(report, plan)


def prepare(folder: Path, output_dir: Path) -> Prepared:
    """What ``build`` writes, without writing it."""
    folder = Path(folder)
    problem = name_problem(folder)
    if problem:
        raise InputError([Problem(str(folder), problem.split(": ", 1)[1])])
    report = load(folder)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{output_dir}: cannot be created as the output folder "
                          f"({exc.strerror or exc}); choose another with -o") from exc
    name = report_name(folder)
    target = Built(output_dir / f"{name}.docx", output_dir / f"{name}.pdf", report.notes)
    docx_bytes, pdf_bytes = render(report)
    files = {target.docx: docx_bytes, target.pdf: pdf_bytes}
    with timings.stage("record"):
        files[record_path(output_dir, name)] = make_record(folder, report.sources, files)
    return Prepared(target, files)


def builds(folders: list[Path], output_dir: Path
           ) -> Generator[Callable[[], Built], None, None]:
    """``build`` for each folder in turn: yields, for each, a function that writes its files
    and returns them, or raises its problem, as ``build`` would.

    Several reports are made side by side, one per core, each laying out its parts one after
    another (``workers``): a meeting's reports keep every core busy from start to end, where
    one report at a time leaves cores idle while it reads, writes its DOCX and joins its parts.
    One report, or one core, is built here, its parts side by side as ``build`` does. Each
    report's files are written here, in order, as they are needed, so a report's files are
    still replaced together or not at all.
    """
    from reportgen.build import parts  # (loaded before the workers fork)

    parts.pdf.install()

    jobs = min(len(folders), workers.cores())
    if jobs < 2:
        for folder in folders:
            yield functools.partial(build, folder, output_dir)
        return
    with workers.pool(jobs) as pool:
        made = [pool.submit(_prepare, folder, output_dir) for folder in folders]
        for future in made:
            yield functools.partial(_written, future)


def _prepare(folder: Path, output_dir: Path) -> Prepared:
    """In a worker (``prepare`` looked up there, as it was forked): the report's files, and
    the stages of making them when the run records timings (the worker's own recording, as
    the parent's cannot see it)."""
    if not timings.active():
        return prepare(folder, output_dir)
    with timings.recording() as spent:
        prepared = prepare(folder, output_dir)
    prepared.spent = spent
    return prepared


def _written(future: Future[Prepared]) -> Built:
    prepared = future.result()
    timings.merge(prepared.spent)
    return _write(prepared)


def init(folder: Path, delivery_plan: bool = False) -> Started:
    """Write a new report folder from ``inputs.schema``: workbooks with drop-downs, input
    messages, an Instructions sheet and example rows; ``delivery_plan`` adds a delivery-plan
    workbook. Raises InputError if ``folder`` exists, OutputError if it cannot be written.
    """
    from reportgen import start

    return start.init(Path(folder), delivery_plan)


def house_style(folder: Path) -> Started:
    """Write a starting house style folder: a copy of the built-in one (``start.house_style``)."""
    from reportgen import start

    return start.house_style(Path(folder))


def new(folder: Path, previous: Path) -> Started:
    """Start ``folder`` from last cycle's report folder ``previous`` (see ``start.new``)."""
    from reportgen import start

    return start.new(Path(folder), Path(previous))


@dataclass
class Changes:
    """What ``reportgen changes`` prints: each change in plan order (workbook, sheet, cell,
    Ref, change, before, now, activity), and what the officer should know besides."""

    rows: list[tuple[str, ...]]
    notes: list[str] = field(default_factory=list)


def changes(folder: Path) -> Changes:
    """Every change in ``folder``'s delivery plans since its previous report, in plan order
    (each plan's activities in turn, then the ones removed), the same on every run. Raises
    InputError with every problem, as ``load`` does.
    """
    from reportgen.words import WORDS

    report = load(folder)
    found = Changes([], list(report.notes))
    if report.previous is None:
        found.notes.append(f"{Path(folder)}: {WORDS.no_previous}")
    for appendix in report.appendices:
        plan = appendix.body
        if isinstance(plan, model.DeliveryPlan) and plan.comparison is not None:
            found.rows += [(c.workbook, c.sheet, c.cell, c.ref, WORDS.change_word(c.kind),
                            c.before, c.now, " ".join(c.activity.split()))
                           for c in plan.comparison.changes]
    return found
