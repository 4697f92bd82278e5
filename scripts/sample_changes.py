"""Give the January 2013 sample's delivery plan Refs, statuses and target dates, and write the
April 2013 sample report that names January's as its Previous report, with a change of every
kind: an improved, a worse, a completed, a still-completed, a new and a removed activity, a
reworded activity that keeps its Ref, and a moved target date.

Run from the project folder with the project's Python:
``.venv/bin/python scripts/sample_changes.py``; the files it writes are committed, so a build
never depends on running it. Run it once: it adds columns to January's plan.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from reportgen.inputs.template import prepare_plan, prepare_report

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
JANUARY = INPUTS / "cabinet-2013-01-17-partnership-update"
APRIL = INPUTS / "cabinet-2013-04-18-partnership-update"
PLAN = "community-safety-delivery-plan-2013.xlsx"

#: January's activities in sheet order: Ref, status and target date (None: none given).
JANUARY_PROGRESS = [
    ("1.1", "On target", dt.date(2013, 3, 31)), ("1.2", "Some delay", None),
    ("1.3", "On target", None), ("1.4", "On target", dt.date(2013, 3, 31)),
    ("1.5", "Significant delay", None), ("2.1", "On target", None),
    ("3.1", "On target", dt.date(2013, 3, 31)), ("3.2", "Some delay", None),
    ("3.3", "On target", None), ("3.4", "Completed", None),
    ("3.5", "Some delay", dt.date(2013, 1, 31)),
]
#: April's, by Ref: what changed (1.5 is removed; 3.6 is new, added below).
APRIL_PROGRESS = {
    "1.1": ("On target", dt.date(2013, 6, 30)),    # target date moved
    "1.2": ("On target", None),                    # improved, and reworded
    "1.3": ("Some delay", None),                   # worse
    "1.4": ("Completed", dt.date(2013, 3, 31)),    # completed since January
    "2.1": ("On target", None),
    "3.1": ("Significant delay", dt.date(2013, 3, 31)),  # worse by two
    "3.2": ("Some delay", None),
    "3.3": ("On target", None),
    "3.4": ("Completed", None),                    # completed in both: no change
    "3.5": ("On target", dt.date(2013, 1, 31)),    # improved
}
NEW_ACTIVITY = {
    "Outcome": 3, "Objective": "Reduced offending",
    "Activity": "Community Trigger pilot: victims of persistent anti-social behaviour can ask "
                "partners to review their case",
    "£ Resources": "£0", "Human Resources": "Existing partnership officers",
    "Lead Officer/s": "Partnership Manager", "Timescale and milestones": "Pilot from May 2013",
    "Baseline": "New activity", "Target": "Every request reviewed within 25 working days",
    "Is this project sustainable? Will future funding be required to maintain?":
        "No future funding required",
    "Ref": "3.6", "Status": "On target", "Target date": dt.date(2013, 9, 30),
}


def _columns(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[1] if c.value}


def add_progress(path: Path, progress: list[tuple[str, str, dt.date | None]]) -> None:
    """Add Ref, Status and Target date columns to a plan's Activities sheet, row by row."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Activities"]
    first = ws.max_column + 1
    for offset, title in enumerate(("Ref", "Status", "Target date")):
        ws.cell(1, first + offset, title)
    for row, (ref, status, date) in enumerate(progress, start=2):
        ws.cell(row, first, ref)
        ws.cell(row, first + 1, status)
        if date:
            ws.cell(row, first + 2, date).number_format = "dd/mm/yyyy"
    prepare_plan(wb)
    wb.save(path)


def april_plan() -> None:
    """April's plan: January's, moved on a quarter."""
    wb = openpyxl.load_workbook(JANUARY / PLAN)
    ws = wb["Activities"]
    cols = _columns(ws)
    for row in range(ws.max_row, 1, -1):
        ref = ws.cell(row, cols["Ref"]).value
        if ref == "1.5":
            ws.delete_rows(row)
            continue
        status, date = APRIL_PROGRESS[str(ref)]
        ws.cell(row, cols["Status"], status)
        ws.cell(row, cols["Target date"], date).number_format = "dd/mm/yyyy"
        if ref == "1.2":
            ws.cell(row, cols["Activity"], "Wolves in the Community: football coaching and "
                    "mentoring for young people in Cannock, Rugeley and Hednesford (the "
                    "Wolverhampton Wanderers Community Trust)")
        if ref == "1.1":
            ws.cell(row, cols["Timescale and milestones"], "Contract with Victim Support "
                    "extended to June 2013; renewal to be agreed by the Board")
    new = ws.max_row + 1
    for title, value in NEW_ACTIVITY.items():
        cell = ws.cell(new, cols[title], value)
        if isinstance(value, dt.date):
            cell.number_format = "dd/mm/yyyy"
    prepare_plan(wb)
    APRIL.mkdir(parents=True, exist_ok=True)
    wb.save(APRIL / PLAN)


def april_report() -> None:
    sheets: dict[str, list[tuple[object, ...]]] = {
        "Details": [
            ("Field", "Value"), ("Council", "Cannock Chase Council"), ("Committee", "Cabinet"),
            ("Meeting date", dt.date(2013, 4, 18)), ("Title", "Update on Partnership Activity"),
            ("Agenda item", 9), ("Report of", "Head of Policy"),
            ("Contact officer", "Natasha Swan"), ("Telephone", "4412"),
            ("Portfolio leader", "Crime and Partnerships"), ("Key decision", "No"),
            ("Report track", "Cabinet: 18/04/13"), ("Language", "en-GB"),
            ("Previous report", "../cabinet-2013-01-17-partnership-update")],
        "Text": [
            ("Style", "Text", "Key"),
            ("section", "Purpose of Report", "purpose"),
            ("numbered paragraph", "To update Cabinet on progress against the Community Safety "
             "Delivery Plan since the last report on 17 January 2013."),
            ("section", "Recommendations"),
            ("numbered paragraph", "That Cabinet note the progress set out in Appendix "
             "[[appendix:csdp]].", "rec-note"),
            ("section", "Key Issues and Reasons for Recommendation"),
            ("numbered paragraph", "Two activities have fallen behind since January and the "
             "Partnership Board has asked their lead officers for recovery plans."),
            ("section", "Report Detail", "detail"),
            ("numbered paragraph", "The delivery plan is attached as Appendix "
             "[[appendix:csdp]]. It opens with a summary of progress since the last report, "
             "then lists each change: new and removed activities, activities completed, "
             "better or worse than in January, and target dates moved."),
            ("numbered paragraph", "The dating abuse campaign has been removed from the plan: "
             "it is now delivered through the county's Domestic Abuse Strategy."),
            ("section", "Implications"),
            ("numbered heading", "Financial"),
            ("paragraph", "None arising from this report."),
            ("appendices section", "Appendices to the Report"),
            ("unnumbered section", "Background Papers"),
            ("paragraph", "Update on Partnership Activity, Cabinet, 17 January 2013."),
        ],
        "Appendices": [("Key", "Title", "Kind", "Source"),
                       ("csdp", "Community Safety Delivery Plan 2013", "delivery plan", PLAN)],
    }
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    prepare_report(wb)
    wb.save(APRIL / "report.xlsx")


if __name__ == "__main__":
    add_progress(JANUARY / PLAN, JANUARY_PROGRESS)
    april_plan()
    april_report()
