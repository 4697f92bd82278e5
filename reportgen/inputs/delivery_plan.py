"""Reading a delivery-plan workbook: outcomes with baselines and targets, one row per activity.

A plan is its own workbook so that several reports can name the same file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportgen import model
from reportgen.errors import Problems
from reportgen.inputs import schema
from reportgen.inputs.cells import parse_number
from reportgen.inputs.sheetxml import Shown
from reportgen.inputs.workbook import Row, TextBudget, Workbook

ACTIVITY_REQUIRED = schema.ACTIVITIES.required_columns
ACTIVITY_OPTIONAL = schema.ACTIVITIES.optional_columns
REF, STATUS, TARGET_DATE = schema.REF_COLUMN, schema.STATUS_COLUMN, schema.TARGET_DATE_COLUMN


def _outcome_number(wb: Workbook, sheet: str, row: Row) -> str | None:
    value = row.raw("Outcome")
    number = parse_number(value)
    if number is None or not number.is_integer() or number < 1:
        wb.problems.add(wb.name, f"Outcome '{row.text('Outcome')}' is not an outcome number; "
                        "expected a whole number such as 1", sheet, row.cell("Outcome"))
        return None
    return str(int(number))


def read_delivery_plan(path: Path, problems: Problems, name: str,
                       budget: TextBudget | None = None) -> model.DeliveryPlan | None:
    """The plan in the workbook at ``path``; ``budget`` is the text the report may still read
    (its own when None).
    """
    if budget is not None and budget.spent:
        return None  # the report's text ran out earlier, and that has been reported
    wb = Workbook(path, problems, name=name, budget=budget)
    try:
        if wb.book is None:
            return None
        title = ""
        # The Plan sheet and its Title are optional: the appendix has a title of its own.
        for row in wb.rows(schema.PLAN.name, schema.PLAN.required_columns, must_exist=False):
            if row.text("Field").casefold().rstrip(":") == "title":
                title = row.text("Value")
        outcomes: dict[str, model.Outcome] = {}
        for row in wb.rows(schema.OUTCOMES.name, schema.OUTCOMES.required_columns,
                           schema.OUTCOMES.optional_columns):
            number = _outcome_number(wb, "Outcomes", row)
            if number is None:
                continue
            outcome = outcomes.get(number)
            if outcome is None:
                if not row.text("Title"):
                    problems.add(wb.name, f"outcome {number} has no title; expected its title "
                                 "on its first row", "Outcomes", row.cell("Title"))
                outcome = outcomes[number] = model.Outcome(number, row.text("Title"))
            if row.text("Baseline"):
                outcome.baselines.append(row.text("Baseline"))
            if row.text("Target"):
                outcome.targets.append(row.text("Target"))
        plan = model.DeliveryPlan(title, source=path, workbook=name)
        refs: dict[str, str] = {}  # the cell where each Ref is first given
        for row in wb.rows("Activities", ACTIVITY_REQUIRED, ACTIVITY_OPTIONAL):
            plan.has_refs = plan.has_refs or REF.casefold() in row.letters
            plan.has_statuses = plan.has_statuses or STATUS.casefold() in row.letters
            number = _outcome_number(wb, "Activities", row)
            if number is None:
                continue
            if number not in outcomes:
                problems.add(wb.name, f"outcome {number} is not in sheet 'Outcomes'; expected "
                             "one of " + (", ".join(outcomes) or "the outcomes listed there"),
                             "Activities", row.cell("Outcome"))
                continue
            activity = model.Activity(*(row.text(title) for title, _ in model.ACTIVITY_COLUMNS))
            _progress(wb, row, activity, refs)
            outcomes[number].activities.append(activity)
        plan.outcomes = list(outcomes.values())
        return plan
    finally:
        wb.close()


def _progress(wb: Workbook, row: Row, activity: model.Activity, refs: dict[str, str]) -> None:
    """The activity's Ref, Status and Target date, each checked at its cell: a Ref given
    twice (both cells named), a status not in the list (with the list), a target date that is
    text (only a date cell is read as a date: "end of March" is never guessed at).
    """
    sheet = "Activities"
    activity.cells = {c: row.cell(c) for c in (REF, STATUS, TARGET_DATE)
                      if c.casefold() in row.letters}
    activity.ref = " ".join(row.text(REF).split())
    if activity.ref:
        if activity.ref.casefold() in refs:
            first = refs[activity.ref.casefold()]
            wb.problems.add(wb.name, f"Ref '{activity.ref}' is used twice, in cells {first} and "
                            f"{row.cell(REF)}; expected each activity's Ref once in the plan",
                            sheet, row.cell(REF))
        refs.setdefault(activity.ref.casefold(), row.cell(REF))
    status = row.text(STATUS)
    if status:
        word = schema.canonical(schema.STATUS_CHOICE, status)
        if word is None:
            wb.problems.add(wb.name, f"status '{status}' is not one reportgen knows; expected "
                            "one of: " + ", ".join(schema.STATUS_CHOICE.values), sheet,
                            row.cell(STATUS))
        activity.status = word or ""
    value = row.raw(TARGET_DATE)
    if isinstance(value, Shown):
        value = value.value
    if isinstance(value, dt.datetime):
        activity.target_date = value.date()
    elif isinstance(value, dt.date):
        activity.target_date = value
    elif value not in (None, ""):
        wb.problems.notes.append(
            f"{wb.name}, sheet {sheet}, cell {row.cell(TARGET_DATE)}: target date "
            f"'{row.text(TARGET_DATE)}' is text, not a date cell, so it is not compared; type "
            "it as a date, such as 31/03/2014, for a moved date to be listed")
