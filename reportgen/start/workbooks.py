"""Writing officers' workbooks: new ones for ``reportgen init``, and drop-downs for old ones.

Everything here comes from ``schema``: the sheets and columns in the readers' order, a
drop-down (Excel data validation) on every cell that takes one of a fixed set of words, with an
input message saying what the column is for and an error alert naming the words allowed, date
and whole-number checks, frozen header rows, column widths and wrapped text. ``prepare_report``
and ``prepare_plan`` add all that to an existing workbook (the samples in ``inputs/`` are kept up
to date with them), so a workbook made by ``init`` and one an officer has kept for years offer
the same lists, and both only the words the readers accept.

The lists themselves live on a hidden sheet, ``Lists``: Excel limits a list typed into a
validation to 255 characters, which the styles would soon outgrow. Neither ``Lists`` nor
``Instructions`` is ever read as report input.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reportgen import model
from reportgen.inputs import schema
from reportgen.inputs.report import FIRST_YEAR
from reportgen.inputs.workbook import MAX_ROWS
from reportgen.start.instructions import plan_instructions, report_instructions

#: Excel's limits on a data validation's texts.
MAX_PROMPT = 255
MAX_TITLE = 32
#: The earliest meeting date the date check lets through: the reader's own first year.
EARLIEST_DATE = dt.date(FIRST_YEAR, 1, 1)
#: Rows below the Details (or Plan) fields where an officer may add a field from the list.
SPARE_FIELD_ROWS = 10
#: File name of the delivery-plan workbook ``init --delivery-plan`` writes.
PLAN_WORKBOOK = "delivery-plan.xlsx"
_WRAP = Alignment(wrap_text=True, vertical="top")
_BOLD = Font(bold=True)

Rows = Sequence[Sequence[object]]


# --- New workbooks ------------------------------------------------------------------------------

def report_workbook(delivery_plan: str | None = None) -> openpyxl.Workbook:
    """A new report.xlsx: every sheet the readers know, with a few example rows (their text
    starts ``EXAMPLE:``) and the Details to fill in; ``delivery_plan`` names a delivery-plan
    workbook for the Appendices sheet to list.
    """
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    write_sheet(wb, schema.DETAILS, [(f.label, "en-GB" if f.attribute == "language" else None)
                                for f in schema.DETAIL_FIELDS])
    write_sheet(wb, schema.TEXT, _EXAMPLE_TEXT)
    write_sheet(wb, schema.CASE_STUDIES, _EXAMPLE_CASE_STUDY)
    appendices: list[tuple[object, ...]] = [
        ("example-appendix", "EXAMPLE: Draft Terms of Reference", schema.KIND_TEXT,
         schema.APPENDIX_TEXT.name)]
    if delivery_plan:
        appendices.append(("plan", _PLAN_TITLE, schema.KIND_DELIVERY_PLAN, delivery_plan))
    write_sheet(wb, schema.APPENDICES, appendices)
    write_sheet(wb, schema.APPENDIX_TEXT, _EXAMPLE_APPENDIX)
    table = wb.create_sheet(_EXAMPLE_TABLE)
    for row in _EXAMPLE_TABLE_ROWS:
        table.append(list(row))
    table.column_dimensions["A"].width = 30
    table.column_dimensions["B"].width = 16
    table["A1"].font = table["B1"].font = _BOLD
    prepare_report(wb)
    return wb


def plan_workbook() -> openpyxl.Workbook:
    """A new delivery-plan workbook: its title, one example outcome and one example activity."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    write_sheet(wb, schema.PLAN, [("Title", _PLAN_TITLE)])
    write_sheet(wb, schema.OUTCOMES, [
        (1, "EXAMPLE: Increased assurance in the community",
         "98% of people who feel safe in their area during the day", "Maintain 98%"),
        (1, None, "71% of people who feel safe in their area after dark", "Increase it to 75%")])
    write_sheet(wb, schema.ACTIVITIES, [(1, *_EXAMPLE_ACTIVITY, *schema.EXAMPLE_PROGRESS)])
    prepare_plan(wb)
    return wb


def to_bytes(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def refresh(path: Path) -> str:
    """Add (or bring up to date) the drop-downs, input messages, frozen header rows, widths and
    instructions of the workbook at ``path``, in place; its cells' values are left as they
    are. A workbook with an Activities sheet and no Details is taken as a delivery plan.
    What it was taken as: "report" or "delivery plan".
    """
    from reportgen.style.structure import details_sheet_for

    wb = openpyxl.load_workbook(path)
    plan = _find(wb, schema.DETAILS.name) is None and _find(wb, schema.ACTIVITIES.name) is not None
    if plan:
        prepare_plan(wb)
    else:
        prepare_report(wb, details_sheet_for(path.parent, wb))
    wb.save(path)
    return "delivery plan" if plan else "report"


def write_sheet(wb: openpyxl.Workbook, sheet: schema.Sheet, rows: Rows) -> Worksheet:
    ws = wb.create_sheet(sheet.name)
    ws.append([c.name for c in sheet.columns])
    for row in rows:
        ws.append(list(row))
    return ws


# --- Validations, widths and the rest, on any workbook -----------------------------------------

def prepare_report(wb: openpyxl.Workbook, details: schema.Sheet = schema.DETAILS) -> None:
    """Give a report workbook's known sheets their drop-downs, checks, input messages, frozen
    header row, widths and wrapping, and the Instructions and Lists sheets. Table sheets are
    left alone: their columns are the officer's own. ``details`` is the Details sheet of the
    report's house style (``style.structure.details_sheet``): its header fields are offered.
    """
    lists = Lists()
    write_fields(wb, details, lists)
    write_columns(wb, schema.TEXT, lists)
    write_columns(wb, schema.CASE_STUDIES, lists)
    write_columns(wb, schema.APPENDICES, lists)
    for name in _text_appendices(wb):
        write_columns(wb, schema.APPENDIX_TEXT, lists, name)
    lists.write(wb)
    write_instructions(wb, report_instructions(details))


def prepare_plan(wb: openpyxl.Workbook) -> None:
    """``prepare_report`` for a delivery-plan workbook."""
    lists = Lists()
    write_fields(wb, schema.PLAN, lists)
    write_columns(wb, schema.OUTCOMES, lists)
    write_columns(wb, schema.ACTIVITIES, lists)
    lists.write(wb)
    write_instructions(wb, plan_instructions())


def _find(wb: openpyxl.Workbook, name: str) -> Worksheet | None:
    """The sheet as the readers find it: whatever its case and extra spaces."""
    wanted = " ".join(name.casefold().split())
    return next((ws for ws in wb.worksheets if " ".join(ws.title.casefold().split()) == wanted),
                None)


def _header(ws: Worksheet) -> dict[str, int]:
    """Row 1's headings, as the readers match them, to their column numbers."""
    found: dict[str, int] = {}
    for cell in ws[1]:
        if isinstance(cell.value, str) and cell.value.strip():
            found.setdefault(" ".join(cell.value.casefold().split()), cell.column)
    return found


def _text_appendices(wb: openpyxl.Workbook) -> list[str]:
    """The sheets the Appendices sheet names as text appendices."""
    ws = _find(wb, schema.APPENDICES.name)
    if ws is None:
        return []
    header = _header(ws)
    kind, source = header.get("kind"), header.get("source")
    if kind is None or source is None:
        return []
    names = []
    for row in ws.iter_rows(min_row=2):
        words = row[kind - 1].value if kind - 1 < len(row) else None
        named = row[source - 1].value if source - 1 < len(row) else None
        if (isinstance(words, str) and words.strip().casefold() == schema.KIND_TEXT
                and isinstance(named, str) and _find(wb, named) is not None):
            names.append(named)
    return names


class Lists:
    """The words of the drop-downs, one column each on the hidden Lists sheet."""

    def __init__(self) -> None:
        self.used: list[schema.Choice] = []

    def formula(self, choice: schema.Choice) -> str:
        if choice not in self.used:
            self.used.append(choice)
        letter = get_column_letter(self.used.index(choice) + 1)
        return f"{schema.LISTS_SHEET}!${letter}$2:${letter}${len(choice.values) + 1}"

    def write(self, wb: openpyxl.Workbook) -> None:
        old = _find(wb, schema.LISTS_SHEET)
        if old is not None:
            wb.remove(old)
        if not self.used:
            return
        ws = wb.create_sheet(schema.LISTS_SHEET)
        for number, choice in enumerate(self.used, start=1):
            letter = get_column_letter(number)
            ws[f"{letter}1"] = choice.name
            ws[f"{letter}1"].font = _BOLD
            for row, word in enumerate(choice.values, start=2):
                ws[f"{letter}{row}"] = word
            ws.column_dimensions[letter].width = max(len(v) for v in (choice.name,
                                                                      *choice.values)) + 2
        ws.sheet_state = "hidden"


def _validation(title: str, purpose: str, lists: Lists, choice: schema.Choice | None,
                check: schema.Check, example: str = "") -> DataValidation:
    """One cell range's validation: the drop-down or check, its input message and alert."""
    kind = {"whole": "whole", "date": "date"}.get(check)
    if choice is not None:
        words = ", ".join(choice.values)
        error = f"{title}: pick one of: {words}."
        if len(error) > MAX_PROMPT:
            error = f"{title}: pick one from the list; the Instructions sheet explains each."
        dv = DataValidation(type="list", formula1=lists.formula(choice), allow_blank=True)
    elif kind == "whole":
        error = f"{title}: type a whole number (1 or more) and nothing else, such as " \
                f"{example or '1'}."
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1",
                            allow_blank=True)
    elif kind == "date":
        error = f"{title}: type a date, day first, such as {example or '20/06/2013'}."
        dv = DataValidation(type="date", operator="greaterThanOrEqual",
                            formula1=str(int(to_excel(EARLIEST_DATE))), allow_blank=True)
    else:  # any value: only the input message
        dv = DataValidation(allow_blank=True)
        error = ""
    dv.promptTitle, dv.prompt = title[:MAX_TITLE], purpose[:MAX_PROMPT]
    dv.showInputMessage = True
    if error:
        dv.errorTitle, dv.error = title[:MAX_TITLE], error
        dv.errorStyle, dv.showErrorMessage = "stop", True
    return dv


def write_columns(wb: openpyxl.Workbook, sheet: schema.Sheet, lists: Lists,
             name: str | None = None) -> None:
    """Validations, widths, wrapping and a frozen header for a sheet of named columns."""
    ws = _find(wb, name or sheet.name)
    if ws is None:
        return
    header = _header(ws)
    added = []
    for column in sheet.columns:
        number = header.get(" ".join(column.name.casefold().split()))
        if number is None:
            continue
        letter = get_column_letter(number)
        dv = _validation(column.title, column.purpose, lists, column.choice, column.check)
        dv.add(f"{letter}2:{letter}{MAX_ROWS}")
        added.append(dv)
        _width(ws, letter, column.width)
        _wrap(ws, number)
    _validate(ws, added)
    _layout(ws)


def write_fields(wb: openpyxl.Workbook, sheet: schema.Sheet, lists: Lists) -> None:
    """Validations for a Field/Value sheet: the field names from a list, and each value cell
    its own input message and check (a date for Meeting date, Yes or No for Key decision …).
    """
    ws = _find(wb, sheet.name)
    if ws is None:
        return
    header = _header(ws)
    label_at, value_at = header.get("field"), header.get("value")
    if label_at is None or value_at is None:
        return
    fields = {f.key: f for f in sheet.fields}
    labels = sheet.column("Field")
    label_letter, value_letter = get_column_letter(label_at), get_column_letter(value_at)
    dv = _validation(labels.title, labels.purpose, lists, labels.choice, labels.check)
    dv.add(f"{label_letter}2:{label_letter}{max(ws.max_row, len(fields) + 1) + SPARE_FIELD_ROWS}")
    added = [dv]
    for row in range(2, ws.max_row + 1):
        label = ws.cell(row, label_at).value
        field = fields.get(" ".join(str(label).casefold().split()).rstrip(":")) if label else None
        if field is None:
            continue
        dv = _validation(field.label, field.purpose, lists, field.choice, field.check,
                         field.example)
        dv.add(f"{value_letter}{row}")
        added.append(dv)
        cell = ws.cell(row, value_at)
        if field.check == "date" and cell.number_format == "General":
            cell.number_format = "dd/mm/yyyy"
    _width(ws, label_letter, labels.width)
    _width(ws, value_letter, sheet.column("Value").width)
    _wrap(ws, value_at)
    _validate(ws, added)
    _layout(ws)


def _validate(ws: Worksheet, added: list[DataValidation]) -> None:
    """Put ``added`` on the sheet in place of any validation on the same cells (the sample's
    old typed-in list, or this function's own from an earlier run); others are kept.
    """
    ranges = [CellRange(r.coord) for dv in added for r in dv.sqref.ranges]
    kept = [dv for dv in ws.data_validations.dataValidation
            if all(CellRange(r.coord).isdisjoint(new) for r in dv.sqref.ranges for new in ranges)]
    ws.data_validations.dataValidation = kept
    for dv in added:
        ws.add_data_validation(dv)


def _width(ws: Worksheet, letter: str, width: float) -> None:
    """A readable width, unless the officer has chosen one."""
    if letter not in ws.column_dimensions or not ws.column_dimensions[letter].customWidth:
        ws.column_dimensions[letter].width = width


def _wrap(ws: Worksheet, column: int) -> None:
    """Wrapped text, top-aligned, for the column's cells and those typed into it later."""
    letter = get_column_letter(column)
    ws.column_dimensions[letter].alignment = _WRAP
    for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
        if not cell.alignment.wrap_text or cell.alignment.vertical != "top":
            cell.alignment = Alignment(horizontal=cell.alignment.horizontal, vertical="top",
                                       wrap_text=True, indent=cell.alignment.indent)


def _layout(ws: Worksheet) -> None:
    ws.freeze_panes = "A2"
    for cell in ws[1]:
        if cell.value is not None and not cell.font.b:
            cell.font = _BOLD


# --- The Instructions sheet --------------------------------------------------------------------

def write_instructions(wb: openpyxl.Workbook, rows: Iterable[tuple[str, str]]) -> None:
    """The Instructions sheet, first, so that it is what a new workbook opens on."""
    old = _find(wb, schema.INSTRUCTIONS_SHEET)
    if old is not None:
        wb.remove(old)
    ws = wb.create_sheet(schema.INSTRUCTIONS_SHEET, 0)
    for topic, text in rows:
        ws.append([topic, text])
        cell = ws.cell(ws.max_row, 1)
        cell.font = Font(bold=True, size=13) if not text else _BOLD
        cell.alignment = ws.cell(ws.max_row, 2).alignment = _WRAP
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    wb.active = 0


# --- The examples --------------------------------------------------------------------------------

_PLAN_TITLE = "EXAMPLE: Community Safety Delivery Plan"
_EXAMPLE_TABLE = "Example table"
_EXAMPLE_TABLE_ROWS: Rows = [("EXAMPLE: Stage", "Number issued"), ("Stage 1", 3), ("Stage 2", 5),
                             ("Total", schema.SUM_WORD)]
_IMPLICATIONS = ("Financial", "Legal", "Human Resources", "Section 17 (Crime Prevention)",
                 "Human Rights Act", "Data Protection", "Risk Management",
                 "Equality & Diversity", "Best Value")
_EXAMPLE_TEXT: Rows = [
    ("section", "Purpose of Report", "purpose"),
    ("numbered paragraph", "EXAMPLE: To update Cabinet on partnership activity since the last "
     "report."),
    ("section", "Recommendations", "recommendations"),
    ("numbered paragraph", "EXAMPLE: That Cabinet note the update set out in "
     "[[paragraph:detail]].", "rec-note"),
    ("section", "Key Issues and Reasons for Recommendation"),
    ("numbered paragraph", "EXAMPLE: This is the regular quarterly report to Cabinet."),
    ("section", "Relationship to Corporate Priorities"),
    ("numbered paragraph", "EXAMPLE: This report supports the Council's Corporate Priorities "
     "as follows:"),
    ("roman item", "EXAMPLE: The Partnership vision is shared with this Council."),
    ("section", "Report Detail", "report-detail"),
    ("numbered paragraph", "EXAMPLE: The Strategic Board has met twice since the last report "
     "and has agreed three priorities:", "detail"),
    ("bullet", "EXAMPLE: Improved Health"),
    ("bullet", "EXAMPLE: Community Safety"),
    ("numbered heading", "EXAMPLE: Community Safety", "community-safety"),
    ("paragraph", "EXAMPLE: The Vulnerable Persons' Champion supported 40 people this quarter; "
     "one of them tells their story below."),
    ("case study", None, "example-case"),
    ("table with total", "EXAMPLE: Stages issued this quarter", _EXAMPLE_TABLE),
    ("paragraph", "EXAMPLE: The draft terms of reference are attached as Appendix "
     "[[appendix:example-appendix]]."),
    ("section", "Implications", "implications"),
    *(row for heading in _IMPLICATIONS for row in (
        ("numbered heading", heading),
        ("paragraph", f"EXAMPLE: None, or the {heading} implications of the report."))),
    ("appendices section", "Appendices to the Report"),
    ("unnumbered section", "Previous Consideration"),
    ("paragraph", "EXAMPLE: None, or the meetings that considered this before, with dates."),
    ("unnumbered section", "Background Papers"),
    ("paragraph", "EXAMPLE: None"),
]
_EXAMPLE_CASE_STUDY: Rows = [
    ("example-case", "EXAMPLE: Vulnerable Persons' Champion case study",
     "EXAMPLE: The post holder received a referral from the Police about a resident."),
    (None, None, "EXAMPLE: A second paragraph continues the case study."),
]
_EXAMPLE_APPENDIX: Rows = [
    ("heading", "EXAMPLE: Terms of Reference"),
    ("paragraph", "EXAMPLE: The partnership will meet four times a year. Its purpose is:"),
    ("bullet", "EXAMPLE: to agree the delivery plan;"),
    ("bullet", "EXAMPLE: to monitor progress against it."),
]
_EXAMPLE_ACTIVITY = tuple(f"EXAMPLE: {text}" if title == "Objective" else text for (title, _), text
                          in zip(model.ACTIVITY_COLUMNS, (
                              "Victim reassurance", "Vulnerable People's Champion",
                              "£20,000 from the Safer Stronger Communities Fund",
                              "Post holder", "LSP Manager", "April 2014 to March 2015",
                              "110 victims supported in 2013", "165 victims supported",
                              "Future funding will be required"), strict=True))
