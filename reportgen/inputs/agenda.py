"""Reading a meeting's agenda workbook (``agenda.xlsx``) into the model, every problem located.

An agenda folder sits beside the report folders in ``inputs/``. Its workbook has a ``Meeting``
sheet (Field/Value: council, committee, date, time, venue, membership, contact) and an
``Items`` sheet, one row per item of business: its number (17, or 6.1 for a sub-item), title,
and what it holds: a report (the name of a report folder beside the agenda folder), a paper
(a PDF in the agenda folder, such as last meeting's minutes) or nothing (apologies,
declarations of interest). ``Exempt`` names the paragraph of Schedule 12A to the Local
Government Act 1972 that keeps an item out of the public pack.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf

from reportgen import model
from reportgen.errors import Problems
from reportgen.inputs.cells import format_value, parse_date
from reportgen.inputs.files import locate
from reportgen.inputs.workbook import Workbook, read_fields

#: A supplied paper larger than these is not an agenda item's paper (and is slow to copy).
MAX_PAPER_BYTES = 50 * 1024 * 1024
MAX_PAPER_PAGES = 500

AGENDA_WORKBOOK = "agenda.xlsx"
REPORT_WORKBOOK = "report.xlsx"
ITEM_COLUMNS = ("Item", "Title")
ITEM_OPTIONAL = ("Report", "Paper", "Exempt")
#: Meeting fields: label -> (attribute, required).
MEETING_FIELDS: dict[str, tuple[str, bool]] = {
    "council": ("council", True),
    "committee": ("committee", True),
    "meeting date": ("date", True),
    "time": ("time", True),
    "venue": ("venue", True),
    "membership": ("membership", False),
    "contact": ("contact", True),
    "language": ("language", False),
}
_ITEM_NUMBER = re.compile(r"[1-9]\d{0,2}(\.[1-9]\d?)?")
_FOLDER_NAME = re.compile(r"[^/\\\x00]+")


def read_agenda(folder: Path, problems: Problems) -> model.Agenda | None:
    """The agenda in ``folder``, or None when its workbook cannot be read (problems recorded).
    Item rows with problems are recorded and left out, so every problem is found in one run.
    """
    path = folder / AGENDA_WORKBOOK
    wb = Workbook(path, problems, name=f"{folder.name}/{AGENDA_WORKBOOK}")
    try:
        if wb.book is None:
            return None
        meeting = _meeting(wb)
        items = _items(wb, folder)
        if meeting is None:
            return None
        sources = [path, *(i.paper for i in items if i.paper)]
        return model.Agenda(meeting, items, sources)
    finally:
        wb.close()


def _meeting(wb: Workbook) -> model.Meeting | None:
    found, cells, ok = read_fields(wb, "Meeting", MEETING_FIELDS, raw="date")
    if not wb.has_sheet("Meeting"):
        return None
    date = parse_date(found.get("date"))
    if found.get("date") not in (None, "") and date is None:
        wb.problems.add(wb.name, f"meeting date '{format_value(found['date'])}' is not a date; "
                        "expected a date cell or day/month/year such as 17/01/2013", "Meeting",
                        cells.get("date"))
        ok = False
    if not ok or date is None:
        return None
    text = {k: str(v) for k, v in found.items() if k != "date"}
    members = [m.strip() for m in re.split(r"[\n;]", text.get("membership", "")) if m.strip()]
    return model.Meeting(text["council"], text["committee"], date, text["time"], text["venue"],
                         members, text["contact"], text.get("language") or "en-GB")


def _items(wb: Workbook, folder: Path) -> list[model.AgendaItem]:
    items: list[model.AgendaItem] = []
    seen: dict[str, str] = {}
    reports: dict[Path, str] = {}  # a report folder: the cell that first names it
    sheet = "Items"
    for row in wb.rows(sheet, ITEM_COLUMNS, ITEM_OPTIONAL):
        number, title = row.text("Item"), row.text("Title")
        report, paper, exempt = row.text("Report"), row.text("Paper"), row.text("Exempt")
        ok = True
        if not _ITEM_NUMBER.fullmatch(number):
            wb.problems.add(wb.name, f"item number '{number}' is not one an agenda uses; "
                            "expected a whole number such as 17, or a sub-item such as 6.1",
                            sheet, row.cell("Item"))
            ok = False
        elif number in seen:
            wb.problems.add(wb.name, f"item {number} is given twice, at {seen[number]} and "
                            f"{row.cell('Item')}; expected each item number once", sheet,
                            row.cell("Item"))
            ok = False
        seen.setdefault(number, row.cell("Item"))
        if not title:
            wb.problems.add(wb.name, "Title is empty; expected the item's title as the agenda "
                            "prints it", sheet, row.cell("Title"))
            ok = False
        item = model.AgendaItem(number, title, cell=row.cell("Item"))
        if report and paper:
            wb.problems.add(wb.name, "names both a report and a paper; expected one of them "
                            "(or neither, for an item with no paper)", sheet, row.cell("Paper"))
            ok = False
        elif report:
            found = _report_folder(folder, report)
            if isinstance(found, str):
                wb.problems.add(wb.name, f"report '{report}' {found}", sheet, row.cell("Report"))
                ok = False
            elif found in reports:
                wb.problems.add(wb.name, f"report '{report}' is also item {reports[found]}'s "
                                "paper; expected each report once, as the paper of one item",
                                sheet, row.cell("Report"))
                ok = False
            else:
                reports[found] = number
                item.report = found
        elif paper:
            where = locate(folder, paper)
            if isinstance(where, str):
                wb.problems.add(wb.name, f"paper '{paper}' {where}", sheet, row.cell("Paper"))
                ok = False
            elif where.suffix.lower() != ".pdf":
                wb.problems.add(wb.name, f"paper '{paper}' is not a PDF; expected a .pdf file "
                                "in the agenda folder", sheet, row.cell("Paper"))
                ok = False
            else:
                item.paper = where
                wrong = paper_problem(where)
                if wrong:
                    wb.problems.add(wb.name, f"paper '{where.name}' {wrong}", sheet, item.cell)
                    ok = False
        if exempt and exempt.casefold() not in ("no", "n", "-"):
            paragraph = exempt.casefold().removeprefix("paragraph").strip()
            if not paragraph.isdigit() or int(paragraph) not in model.SCHEDULE_12A:
                wb.problems.add(wb.name, f"Exempt '{exempt}' is not a paragraph of Schedule 12A;"
                                " expected the paragraph number, 1 to 7, that makes the item "
                                "exempt (or leave it empty)", sheet, row.cell("Exempt"))
                ok = False
            elif not (item.report or item.paper):
                wb.problems.add(wb.name, "is exempt but has no report or paper to withhold",
                                sheet, row.cell("Exempt"))
                ok = False
            else:
                item.exempt = int(paragraph)
        if ok:
            items.append(item)
    if wb.has_sheet(sheet) and not items and not wb.problems:
        wb.problems.add(wb.name, "has no items; expected one row per item of business", sheet)
    return items


def _report_folder(folder: Path, name: str) -> Path | str:
    """The report folder ``name`` beside the agenda folder, or what is wrong with it."""
    if not _FOLDER_NAME.fullmatch(name) or name in (".", ".."):
        return ("is not the name of a report folder; expected the name of a folder beside "
                "the agenda folder, such as cabinet-2013-01-17-partnership-update")
    path = folder.parent / name
    try:
        beside = path.resolve().parent == folder.parent.resolve()
    except (OSError, RuntimeError):
        beside = False
    if not beside or not (path / REPORT_WORKBOOK).is_file():
        return (f"is not a report folder beside the agenda folder (expected {name}/"
                f"{REPORT_WORKBOOK} in {folder.parent.name or folder.parent})")
    return path


def paper_problem(path: Path) -> str | None:
    """What makes a supplied PDF unfit for a published pack, or None."""
    size = path.stat().st_size
    if size > MAX_PAPER_BYTES:
        return (f"is {size / 2**20:.0f} MB; a paper for an agenda pack is expected under "
                f"{MAX_PAPER_BYTES // 2**20} MB: save it again with smaller pictures")
    try:
        with pikepdf.open(path) as pdf:
            if len(pdf.pages) > MAX_PAPER_PAGES:
                return (f"has {len(pdf.pages):,} pages; expected at most {MAX_PAPER_PAGES} "
                        "for one item")
            info = pdf.Root.get("/MarkInfo")
            marked = bool(info.get("/Marked", False)) if isinstance(info, pikepdf.Dictionary) \
                else False
            if "/StructTreeRoot" not in pdf.Root or not marked:
                return ("is not a tagged PDF, so a screen reader cannot read it and the pack "
                        "would not be accessible; save it again as a tagged (accessible) PDF "
                        "(in Word: Save As PDF, Options, 'Document structure tags for "
                        "accessibility')")
    except pikepdf.PasswordError:
        return "is protected with a password; save a copy without the password"
    except pikepdf.PdfError as exc:
        return f"is damaged ({str(exc)[:80]}); save it again as a PDF"
    return None
