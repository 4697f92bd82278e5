"""The library API the CLI and the tests share: load a report folder, validate, build files,
start a new report folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen import layout, model, numbering, start
from reportgen.errors import InputError, Problem, Problems
from reportgen.inputs import REPORT_WORKBOOK, read_report
from reportgen.output import OutputError, name_problem, report_name, write_together
from reportgen.record import make_record, record_path


def load(folder: Path) -> model.Report:
    """The numbered report model for one input folder; raises InputError with every problem."""
    problems = Problems()
    folder = Path(folder)
    if not folder.is_dir():
        problems.add(str(folder), "is not a folder; expected a report folder holding "
                     f"{REPORT_WORKBOOK}")
        problems.check()
    folder = folder.absolute().resolve()  # so that `.` is named as the folder it is
    report = read_report(folder, problems)
    if report is not None:
        numbering.assign(report, problems, f"{folder.name}/{REPORT_WORKBOOK}")
        for table in model.tables(report):
            wrong = layout.table_problem(table)
            if wrong and table.source:
                workbook, sheet, cell = table.source
                problems.add(workbook, wrong, sheet, cell)
    problems.check()
    assert report is not None
    report.notes = problems.notes
    return report


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


def build(folder: Path, output_dir: Path, record: bool = False) -> Built:
    """Read one report folder and write ``<folder>.docx`` and ``<folder>.pdf`` in output_dir.

    Both files are rendered in memory first and then replace their predecessors together
    (``output.write_together``), so a problem at any stage leaves the previous outputs as they
    were. ``record`` also writes the build record (``reportgen.record``) with them, from which
    ``build --changed`` tells that nothing has changed since.
    """
    from reportgen import tempfiles
    from reportgen.render import docx, pdf  # heavy imports, not needed to validate

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
    tempfiles.sweep()  # what builds killed outright left behind
    files = {target.docx: docx.render(report), target.pdf: pdf.render(report)}
    if record:
        files[record_path(output_dir, name)] = make_record(folder, report.sources, files)
    write_together(files)  # all replaced together, or none
    return target


def init(folder: Path, delivery_plan: bool = False) -> start.Started:
    """Write a new report folder from ``inputs.schema``: workbooks with drop-downs, input
    messages, an Instructions sheet and example rows; ``delivery_plan`` adds a delivery-plan
    workbook. Raises InputError if ``folder`` exists, OutputError if it cannot be written.
    """
    return start.init(Path(folder), delivery_plan)


def new(folder: Path, previous: Path) -> start.Started:
    """Start ``folder`` from last cycle's report folder ``previous`` (see ``start.new``)."""
    return start.new(Path(folder), Path(previous))
