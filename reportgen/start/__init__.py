"""Starting a report folder: a new one from nothing (``init``) or from last cycle's (``new``).

Officers used to start by copying a sample folder, and their mistakes were found only when
the Head of Policy built the report. ``init`` writes workbooks with every sheet and column the
readers know, drop-down lists of the words they accept, and example rows that ``validate``
reports until they are replaced. ``new`` copies last cycle's workbooks and pictures, keeping
the text to be edited, and empties what must change every cycle (the meeting date and the
report track), so that ``validate`` asks for them.

Neither ever writes into a folder that exists: the new folder is made under a temporary name
beside it and renamed into place when complete, so a failure leaves nothing half-made.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.build.output import OutputError, name_problem
from reportgen.errors import InputError, Problem, Problems
from reportgen.inputs import schema
from reportgen.inputs.body import IMAGE_SUFFIXES
from reportgen.inputs.report import REPORT_WORKBOOK
from reportgen.inputs.sniff import why_not_xlsx
from reportgen.inputs.workbook import LOCK_PREFIX, Workbook
from reportgen.start import workbooks as template

#: Details fields ``new`` empties: they change every cycle, and a stale one would go unnoticed.
CLEARED_FIELDS = ("Meeting date", "Report track")
#: The Details field ``new`` sets to the folder it copies, when that report has a delivery
#: plan: next quarter's report is compared with this one's (``reportgen.compare``).
PREVIOUS_FIELD = "Previous report"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Started:
    """A folder made: the files in it (relative to it), and what the officer should know."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def init(folder: Path, delivery_plan: bool = False) -> Started:
    """Write a new report folder: report.xlsx and, with ``delivery_plan``, a delivery-plan
    workbook that report.xlsx names as an appendix.
    """
    _refuse_existing(folder)
    files = {Path(REPORT_WORKBOOK): template.to_bytes(template.report_workbook(
        template.PLAN_WORKBOOK if delivery_plan else None))}
    if delivery_plan:
        files[Path(template.PLAN_WORKBOOK)] = template.to_bytes(template.plan_workbook())
    with _new_folder(folder) as temp:
        for name, data in files.items():
            (temp / name).write_bytes(data)
    return Started(folder, list(files))


def house_style(folder: Path) -> Started:
    """Write a council's starting house style into the new ``folder``: a copy of the built-in
    one (``style.starter``), its Word template's styles following Normal.
    """
    from reportgen.style import starter

    if folder.exists() or folder.is_symlink():
        raise InputError([Problem(str(folder), "already exists; expected the name of a new "
                                  "folder for the house style (reportgen makes it, and never "
                                  "writes into a folder that exists)")])
    with _new_folder(folder) as temp:
        written = starter.write(temp)
    return Started(folder, [Path(p.name) for p in written])


def new(folder: Path, previous: Path) -> Started:
    """Start ``folder`` from the report folder ``previous``: its workbooks and pictures copied
    (only files inside it; a link to a file elsewhere is not followed), the text kept for the
    officer to edit, and Meeting date and Report track emptied.
    """
    _refuse_existing(folder)
    workbook = previous / REPORT_WORKBOOK
    if not previous.is_dir():
        raise InputError([Problem(str(previous), "is not a folder; expected last cycle's report "
                                  f"folder, holding {REPORT_WORKBOOK}")])
    wrong = why_not_xlsx(workbook) if workbook.is_file() else (
        f"is missing; expected last cycle's report workbook at {workbook}")
    if wrong:
        raise InputError([Problem(f"{previous.name}/{REPORT_WORKBOOK}", wrong)])
    started = Started(folder)
    if (previous / f"{LOCK_PREFIX}{REPORT_WORKBOOK}").exists():
        started.notes.append(f"{workbook}: is open in Excel, so what is copied is its last "
                             "saved version: if it has changes not yet saved, save it, delete "
                             f"{folder} and run reportgen new again")
    copies = sorted(_inputs(previous, started.notes),
                    key=lambda copy: (copy[1] != Path(REPORT_WORKBOOK), copy[1]))
    with _new_folder(folder) as temp:
        for source, name in copies:
            (temp / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, temp / name)
            started.files.append(name)
        started.cleared = _clear_details(temp / REPORT_WORKBOOK, previous, started.notes)
    return started


def _previous_report(previous: Path, wb: Workbook) -> tuple[str, str] | None:
    """The Previous report a new folder's report.xlsx should name, as (label cell, value
    cell) letters and row: ``../<previous>``, when last cycle's report has a delivery plan to
    compare with; None when it has none.
    """
    for row in wb.rows(schema.APPENDICES.name, schema.APPENDICES.required_columns,
                       must_exist=False):
        if row.text("Kind").casefold() == schema.KIND_DELIVERY_PLAN:
            return PREVIOUS_FIELD, f"../{previous.absolute().resolve().name}"
    return None


def _refuse_existing(folder: Path) -> None:
    if folder.exists() or folder.is_symlink():
        raise InputError([Problem(str(folder), "already exists; expected the name of a new "
                                  "folder for the report (reportgen makes it, and never writes "
                                  "into a folder that exists)")])
    problem = name_problem(folder)
    if problem:
        raise InputError([Problem(str(folder), problem.split(": ", 1)[1])])


@contextmanager
def _new_folder(folder: Path) -> Iterator[Path]:
    """A temporary folder beside ``folder`` to fill, renamed to ``folder`` when the block ends
    without error, removed otherwise.
    """
    parent = folder.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".new", dir=parent))
    except OSError as exc:
        raise OutputError(f"{folder}: cannot be created ({exc.strerror or exc}); choose a "
                          "folder you may write to") from exc
    try:
        yield temp
        os.chmod(temp, 0o777 & ~_umask())  # mkdtemp's folder is private; the report's is not
        os.rename(temp, folder)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot be written ({exc.strerror or exc}); nothing was "
                          "written") from exc
    finally:
        shutil.rmtree(temp, ignore_errors=True)  # gone already once renamed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _inputs(previous: Path, notes: list[str]) -> Iterator[tuple[Path, Path]]:
    """Each workbook and picture in ``previous`` and its subfolders, with the name to copy it
    to: never a lock file or hidden file, and never through a link that leads out of the
    folder (a report reads only its own folder, and a copy should take nothing else).
    """
    root = previous.absolute().resolve()
    wanted = WORKBOOK_SUFFIXES + IMAGE_SUFFIXES
    for where, folders, names in os.walk(root, followlinks=False):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for link in [f for f in folders if Path(where, f).is_symlink()]:
            folders.remove(link)  # os.walk would not go in; say so rather than skip silently
            notes.append(f"{previous / Path(where, link).relative_to(root)}: not copied: it is "
                         "a link to a folder; copy the files the report needs into the new "
                         "folder")
        for name in sorted(names):
            path = Path(where, name)
            if name.startswith((".", LOCK_PREFIX)) or path.suffix.lower() not in wanted:
                continue
            relative = path.relative_to(root)
            try:
                real = path.resolve(strict=True)
                regular = stat.S_ISREG(real.stat().st_mode)
            except (OSError, RuntimeError):
                notes.append(f"{previous / relative}: not copied: it is a link that leads "
                             "nowhere")
                continue
            if real != root and root not in real.parents:
                notes.append(f"{previous / relative}: not copied: it is a link to a file "
                             f"outside {previous}; copy the file itself into the new folder if "
                             "the report needs it")
            elif regular:
                yield real, relative


_CELL = r'<(?P<prefix>(?:[\w.-]+:)?)c\s[^>]*?\br="{ref}"[^>]*?(?P<empty>/?)>'


def _clear_details(path: Path, previous: Path, notes: list[str]) -> list[str]:
    """Empty the Values of ``CLEARED_FIELDS`` in the copied report.xlsx; the labels cleared.

    The workbook is edited where those cells are, in its sheet's XML, and nothing else in the
    file is touched: opening and saving it with openpyxl would lose what openpyxl does not
    keep (the results of formulas, which tables' =SUM totals need until Excel saves again).
    """
    problems = Problems()
    wb = Workbook(path, problems, name=f"{previous.name}/{REPORT_WORKBOOK}")
    try:
        wanted = {" ".join(f.casefold().split()): f for f in CLEARED_FIELDS}
        cells: dict[str, str] = {}
        last, letters, previous_cell = 1, ("A", "B"), None
        for row in wb.rows(schema.DETAILS.name, schema.DETAILS.required_columns):
            label = " ".join(row.text("Field").casefold().split()).rstrip(":")
            if label in wanted and row.raw("Value") not in (None, ""):
                cells[wanted[label]] = row.cell("Value")
            if label == PREVIOUS_FIELD.casefold():
                previous_cell = row.cell("Value")
            last = max(last, row.number)
            letters = (row.cell("Field").rstrip("0123456789"),
                       row.cell("Value").rstrip("0123456789"))
        named = _previous_report(previous, wb)
        sheet = wb.find_sheet(schema.DETAILS.name)
        part = wb.book.sheets[sheet].part if wb.book is not None and sheet else None
    finally:
        wb.close()
    if part is None:
        notes.append(f"{previous.name}/{REPORT_WORKBOOK}: has no sheet {schema.DETAILS.name}, so "
                     "nothing was cleared; reportgen validate says what it needs")
        return []
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(part)
    cleared, formulas = [], False
    for label, ref in cells.items():
        match = re.search(_CELL.format(ref=re.escape(ref)).encode(), xml)
        if match is None:
            notes.append(f"{previous.name}/{REPORT_WORKBOOK}, sheet Details, cell {ref}: "
                         f"'{label}' could not be cleared; clear it yourself in Excel")
            continue
        end = match.end()
        if not match["empty"]:
            close = xml.find(b"</" + match["prefix"] + b"c>", end)
            formulas = formulas or b"<" + match["prefix"] + b"f" in xml[end:close]
            end = close + len(b"</" + match["prefix"] + b"c>")
        start_tag = re.sub(rb'\st="[^"]*"', b"", match.group(0)).rstrip(b"/>")
        xml = xml[:match.start()] + start_tag + b"/>" + xml[end:]
        cleared.append(label)
    if named is not None:
        xml = _name_previous(xml, named[1], previous_cell, last + 1, letters)
        notes.append(f"{REPORT_WORKBOOK}, sheet Details: {PREVIOUS_FIELD} set to {named[1]}, so "
                     "the new report's delivery plan is compared with that one's; keep each "
                     "activity's Ref and bring its Status up to date")
    if cleared or named is not None:
        _replace_part(path, part, xml, drop_calc_chain=formulas)
    return cleared


def _inline(ref: str, text: str) -> bytes:
    value = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'.encode()


def _name_previous(xml: bytes, value: str, cell: str | None, row: int,
                   letters: tuple[str, str]) -> bytes:
    """The Details sheet's XML with Previous report set to ``value``: in its Value cell when
    the row is there (whatever it held), else in a new row below the last.
    """
    if cell is not None:
        match = re.search(_CELL.format(ref=re.escape(cell)).encode(), xml)
        if match is not None:
            end = match.end()
            if not match["empty"]:
                close = b"</" + match["prefix"] + b"c>"
                end = xml.find(close, end) + len(close)
            return xml[:match.start()] + _inline(cell, value) + xml[end:]
        number = int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        return re.sub(rf'(<((?:[\w.-]+:)?)row [^>]*\br="{number}"[^>/]*>.*?)(</\2row>)'.encode(),
                      lambda m: m.group(1) + _inline(cell, value) + m.group(3), xml, count=1,
                      flags=re.DOTALL)
    label, field = letters
    new = (f'<row r="{row}">'.encode() + _inline(f"{label}{row}", PREVIOUS_FIELD)
           + _inline(f"{field}{row}", value) + b"</row>")
    return re.sub(rb"</((?:[\w.-]+:)?)sheetData>", lambda m: new + m.group(0), xml, count=1)


def _replace_part(path: Path, part: str, data: bytes, drop_calc_chain: bool) -> None:
    """Rewrite the workbook with one part replaced, every other part as it was. A cleared cell
    that held a formula takes Excel's list of formula cells with it (Excel rebuilds it), as
    Excel would otherwise offer to "repair" the workbook.
    """
    chain = "xl/calcChain.xml"
    temp = path.with_name(f".{path.name}.tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temp, "w") as out:
        for info in source.infolist():
            body = data if info.filename == part else source.read(info.filename)
            if drop_calc_chain:
                if info.filename == chain:
                    continue
                if info.filename == "[Content_Types].xml":
                    body = re.sub(rb'<Override[^>]*PartName="/xl/calcChain\.xml"[^>]*/>', b"",
                                  body)
                elif info.filename == "xl/_rels/workbook.xml.rels":
                    body = re.sub(rb'<Relationship[^>]*Target="(/xl/)?calcChain\.xml"[^>]*/>',
                                  b"", body)
            out.writestr(info, body)
    os.replace(temp, path)
