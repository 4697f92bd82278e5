"""Reading what a report needs of the report before it: its meeting and its delivery plans.

Details' ``Previous report`` names last quarter's report folder, beside this one, as a shared
plan is named (``inputs.files``). Only what the comparison uses is read: its Details (the
committee and meeting date the summary names) and the delivery-plan workbooks its Appendices
list; its text, pictures and tables are its own business. A previous report that cannot be
read is one problem at the Previous report cell, saying why, not a list of that report's own
problems: the officer fixes this report, and ``reportgen validate`` tells them about the other.
"""

from __future__ import annotations

from pathlib import Path

from reportgen import model
from reportgen.errors import Problems
from reportgen.inputs import schema
from reportgen.inputs.cells import parse_date
from reportgen.inputs.delivery_plan import read_delivery_plan
from reportgen.inputs.files import locate, locate_report
from reportgen.inputs.workbook import Workbook, read_fields

REPORT_WORKBOOK = "report.xlsx"
_FIELDS = {f.key: (f.attribute, f.attribute in ("committee", "meeting_date"))
           for f in schema.DETAIL_FIELDS}


def read_previous(folder: Path, details: model.Details, plans: list[model.DeliveryPlan],
                  problems: Problems, name: str) -> model.Previous | None:
    """The report named in ``details.previous_report``, or None (with a problem at its cell,
    unless it is empty). ``plans`` are this report's own, to tell the same workbook named by
    both; ``name`` is this report's workbook as problems name it.
    """
    typed, cell = details.previous_report, details.previous_report_cell
    if not typed:
        return None

    def wrong(message: str) -> None:
        problems.add(name, f"previous report '{typed}' {message}", "Details", cell)

    where = locate_report(folder, typed)
    if isinstance(where, str):
        wrong(where)
        return None
    if where == folder.resolve():
        wrong("is this report itself; expected last quarter's report folder, such as "
              "../cabinet-2013-01-17-partnership-update")
        return None
    if not (where / REPORT_WORKBOOK).is_file():
        wrong(f"is not a report folder: it holds no {REPORT_WORKBOOK}; expected last "
              "quarter's report folder")
        return None
    own = Problems()
    previous = _read(where, own)
    if own or previous is None:
        first = own.all()[0] if own else None
        wrong("cannot be read" + (f": {first}" if first else "") + f" ({len(own.all())} "
              f"problem{'s' if len(own.all()) != 1 else ''} in all; reportgen validate "
              f"{where.name} lists them); fix it, or leave Previous report empty")
        return None
    sources = {p.source: key for key, p in previous.plans.items() if p.source}
    for plan in plans:
        if plan.source in sources:
            wrong(f"has the same delivery-plan workbook as this report ({plan.source.name}), so "
                  "there would be nothing to compare: give each quarter its own copy of the "
                  "plan (reportgen new --from copies it)")
            return None
    if plans and not previous.plans:
        problems.notes.append(f"{name}, sheet Details, cell {cell}: previous report '{typed}' "
                              "has no delivery plan, so there is nothing to compare with")
    return previous


def _read(folder: Path, problems: Problems) -> model.Previous | None:
    """The previous report's Details and plans; its problems in ``problems``."""
    name = f"{folder.name}/{REPORT_WORKBOOK}"
    wb = Workbook(folder / REPORT_WORKBOOK, problems, name=name)
    try:
        if wb.book is None:
            return None
        found, cells, ok = read_fields(wb, schema.DETAILS.name, _FIELDS, raw="meeting_date")
        date = parse_date(found.get("meeting_date"))
        if date is None:
            if ok:
                problems.add(name, "meeting date is not a date", schema.DETAILS.name,
                             cells.get("meeting_date"))
            return None
        previous = model.Previous(folder.name, str(found.get("committee") or ""), date)
        appendices = schema.APPENDICES
        for row in wb.rows(appendices.name, appendices.required_columns, must_exist=False):
            if row.text("Kind").casefold() != schema.KIND_DELIVERY_PLAN:
                continue
            source = row.text("Source")
            path = locate(folder, source, shared=True)
            if isinstance(path, str):
                problems.add(name, f"delivery-plan workbook '{source}' {path}",
                             appendices.name, row.cell("Source"))
                continue
            plan = read_delivery_plan(path, problems, name=f"{folder.name}/{source}")
            if plan is not None:
                previous.plans[row.text("Key")] = plan
        return previous
    finally:
        wb.close()
