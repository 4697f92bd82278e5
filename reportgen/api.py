"""The library API the CLI and the tests share: load a report folder, validate, build files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen import model, numbering
from reportgen.errors import InputError, Problems
from reportgen.inputs import REPORT_WORKBOOK, read_report
from reportgen.output import OutputError, write_together


def load(folder: Path) -> model.Report:
    """The numbered report model for one input folder; raises InputError with every problem."""
    problems = Problems()
    folder = Path(folder)
    if not folder.is_dir():
        problems.add(str(folder), "is not a folder; expected a report folder holding "
                     f"{REPORT_WORKBOOK}")
        problems.check()
    report = read_report(folder, problems)
    if report is not None:
        numbering.assign(report, problems, f"{folder.name}/{REPORT_WORKBOOK}")
    problems.check()
    assert report is not None
    return report


def validate(folders: list[Path]) -> list[str]:
    """Every problem in every folder, as printable lines; empty when all inputs are good."""
    lines: list[str] = []
    for folder in folders:
        try:
            load(folder)
        except InputError as exc:
            lines.extend(str(p) for p in exc.problems)
    return lines


@dataclass
class Built:
    docx: Path
    pdf: Path


def build(folder: Path, output_dir: Path, depfile: bool = False) -> Built:
    """Read one report folder and write ``<folder>.docx`` and ``<folder>.pdf`` in output_dir.

    Both files are rendered in memory first and then replace their predecessors together
    (``output.write_together``), so a problem at any stage leaves the previous outputs as they
    were. ``depfile`` also writes ``.<folder>.d`` listing every input file read, for ``make``
    to rebuild only reports whose inputs changed, wherever those inputs live (a shared
    delivery plan, say).
    """
    from reportgen.render import docx, pdf  # heavy imports, not needed to validate

    folder = Path(folder)
    report = load(folder)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{output_dir}: cannot be created as the output folder "
                          f"({exc.strerror or exc}); choose another with -o") from exc
    target = Built(output_dir / f"{folder.name}.docx", output_dir / f"{folder.name}.pdf")
    files = {target.docx: docx.render(report), target.pdf: pdf.render(report)}
    if depfile:
        # Make's dependency format: the outputs depend on every file the report was read from.
        deps = " ".join(str(p).replace(" ", "\\ ") for p in report.sources)
        files[output_dir / f".{folder.name}.d"] = f"{target.docx} {target.pdf}: {deps}\n".encode()
    write_together(files)  # all three replaced together, or none
    return target
