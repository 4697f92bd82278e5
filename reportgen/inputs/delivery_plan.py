"""Reading a delivery-plan workbook: outcomes with baselines and targets, one row per activity.

A plan is its own workbook so that several reports can name the same file.
"""

from __future__ import annotations

from pathlib import Path

from reportgen import model
from reportgen.errors import Problems
from reportgen.inputs import schema
from reportgen.inputs.cells import parse_number
from reportgen.inputs.workbook import Row, TextBudget, Workbook

ACTIVITY_REQUIRED = schema.ACTIVITIES.required_columns


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
        for row in wb.rows("Activities", ACTIVITY_REQUIRED):
            number = _outcome_number(wb, "Activities", row)
            if number is None:
                continue
            if number not in outcomes:
                problems.add(wb.name, f"outcome {number} is not in sheet 'Outcomes'; expected "
                             "one of " + (", ".join(outcomes) or "the outcomes listed there"),
                             "Activities", row.cell("Outcome"))
                continue
            outcomes[number].activities.append(model.Activity(
                **{attr: row.text(title) for title, attr in model.ACTIVITY_COLUMNS}))
        return model.DeliveryPlan(title, list(outcomes.values()), source=path)
    finally:
        wb.close()
