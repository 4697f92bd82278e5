"""What people type, as report and agenda folders: one search for both, in the library, so the
command line, ``make report`` and the preview all take the same arguments the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.build.output import report_name
from reportgen.errors import InputError, Problem

REPORT_WORKBOOK = "report.xlsx"  # as reportgen.inputs names it; kept here to import nothing heavy
AGENDA_WORKBOOK = "agenda.xlsx"


@dataclass
class Found:
    """The folders the arguments name, and the notes about what was skipped on the way."""

    folders: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def is_report_folder(path: Path) -> bool:
    return (path / REPORT_WORKBOOK).is_file()


def is_agenda_folder(path: Path) -> bool:
    return (path / AGENDA_WORKBOOK).is_file()


def find_reports(paths: Iterable[Path]) -> Found:
    """Report folders: a report folder; a folder of report folders (``inputs``, ``.``) meaning
    each one in it; a workbook meaning its folder. Other files among the arguments (a README
    picked up by ``inputs/*``) are skipped with a note. Raises InputError for a path that is
    not there, and for two folders of one name (they would write the same files).
    """
    found, problems = Found(), []
    for path in paths:
        if path.is_file():
            workbook = path.suffix.lower() in (".xlsx", ".xlsm")
            if workbook and is_report_folder(path.parent):
                found.folders.append(path.parent)
            else:
                found.notes.append(f"{path}: skipped, not a report folder")
        elif (path / REPORT_WORKBOOK).exists() or (path / REPORT_WORKBOOK).is_symlink():
            found.folders.append(path)
        elif path.is_dir():
            inside = sorted(p for p in path.iterdir() if is_report_folder(p))
            # A folder with no report inside is taken as a report folder, so the reader can
            # say what is wrong with it (its workbook missing, or named differently).
            found.folders.extend(inside or [path])
        else:
            problems.append(Problem(str(path), "is not a folder; expected a report folder "
                                    f"holding {REPORT_WORKBOOK}"))
    if not found.folders and not problems:
        problems = [Problem(n.split(": ", 1)[0], "is not a report folder") for n in found.notes]
        found.notes = []
    found.folders = _unique(found.folders)
    problems += _same_names(found.folders)
    if problems:
        raise InputError(problems, found.notes)
    return found


def find_agendas(paths: Iterable[Path]) -> Found:
    """Agenda folders: an agenda folder, or a folder of them such as ``inputs``. Raises
    InputError for anything else."""
    found = Found()
    for path in paths:
        if is_agenda_folder(path):
            found.folders.append(path)
        elif path.is_dir():
            found.folders.extend(sorted(p for p in path.iterdir() if is_agenda_folder(p)))
        else:
            raise InputError([Problem(str(path), "is not an agenda folder; expected a folder "
                                      f"holding {AGENDA_WORKBOOK}, or a folder of them such "
                                      "as inputs")])
    found.folders = _unique(found.folders)
    return found


def _unique(folders: list[Path]) -> list[Path]:
    unique: dict[Path, Path] = {}
    for folder in folders:
        unique.setdefault(folder.absolute().resolve(), folder)
    return list(unique.values())


def _same_names(folders: list[Path], name: Callable[[Path], str] = report_name
                ) -> list[Problem]:
    """Two different folders with one name would write the same output files."""
    seen: dict[str, Path] = {}
    clashes = []
    for folder in folders:
        own = name(folder)
        if own in seen:
            clashes.append(Problem(str(folder), f"has the same name as {seen[own]}, so both "
                                   f"would be built into {own}.docx and {own}.pdf; rename one "
                                   "of them, or build them in separate runs with different -o "
                                   "folders"))
        seen.setdefault(own, folder)
    return clashes
