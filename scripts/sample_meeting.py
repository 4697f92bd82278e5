"""Write the sample meeting's inputs: Cabinet, 17 January 2013.

The agenda (inputs/cabinet-2013-01-17-agenda) holds apologies and declarations of interest (no
paper), last meeting's minutes (a supplied, tagged PDF), the January report as item 17, and two
short reports written for the sample: fees and charges (item 18, public) and a depot lease
(item 19, exempt under paragraph 3 of Schedule 12A). Run from the project folder with the
project's Python: ``.venv/bin/python scripts/sample_meeting.py``; the files it writes are
committed, so a build never depends on running it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from reportgen.start.workbooks import prepare_report

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
AGENDA = INPUTS / "cabinet-2013-01-17-agenda"
DATE = dt.date(2013, 1, 17)


def workbook(path: Path, sheets: dict[str, list[tuple[object, ...]]],
             formats: dict[str, dict[str, str]] | None = None) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for ref, code in (formats or {}).get(name, {}).items():
            for row in ws[ref]:
                for cell in row if isinstance(row, tuple) else (row,):
                    cell.number_format = code
    if "Details" in sheets:  # a report: the drop-downs and instructions reportgen init gives
        prepare_report(wb)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def details(title: str, item: int, report_of: str, portfolio: str, key: str) -> list[tuple]:
    return [("Field", "Value"), ("Council", "Cannock Chase Council"), ("Committee", "Cabinet"),
            ("Meeting date", DATE), ("Title", title), ("Agenda item", item),
            ("Report of", report_of), ("Contact officer", "Steve Partridge"),
            ("Telephone", "01543 464 000"), ("Portfolio leader", portfolio),
            ("Key decision", key), ("Report track", "Cabinet: 17/01/13")]


def fees_report() -> None:
    text = [
        ("Style", "Text", "Key"),
        ("section", "Purpose of Report", "purpose"),
        ("numbered paragraph", "To set the fees and charges for the Council's leisure centres "
         "for 2013/14."),
        ("section", "Recommendations"),
        ("numbered paragraph", "That Cabinet approve the fees and charges in the table at "
         "[[paragraph:fees]].", "rec"),
        ("section", "Report Detail"),
        ("numbered paragraph", "The proposed charges rise by the Retail Prices Index, rounded "
         "to the nearest five pence, as the table below shows.", "fees"),
        ("table with total", "Table 1: Leisure centre income 2012/13 and 2013/14", "Fees"),
        ("paragraph", "Concessions for residents on low incomes are unchanged."),
        ("section", "Implications"),
        ("numbered heading", "Financial"),
        ("paragraph", "The income is included in the draft budget for 2013/14."),
        ("unnumbered section", "Background Papers"),
        ("paragraph", "None"),
    ]
    fees = [("Activity", "Charge 2012/13", "Charge 2013/14", "Change", "Income 2013/14"),
            ("Swimming, adult", 3.9, 4.05, 0.0385, 412500),
            ("Swimming, junior", 2.2, 2.3, 0.0455, 118750.5),
            ("Fitness suite, per visit", 5.5, 5.7, 0.0364, 236000),
            ("Sports hall, per hour", 38, 39.5, 0.0395, 96000),
            ("Total", None, None, None, "sum")]
    workbook(INPUTS / "cabinet-2013-01-17-leisure-fees" / "report.xlsx", {
        "Details": details("Leisure Centre Fees and Charges 2013/14", 18,
                           "Head of Environment and Healthy Lifestyles", "Culture and Sport",
                           "Yes"),
        "Text": text, "Fees": fees},
        {"Fees": {"B2:C5": '"£"#,##0.00', "D2:D5": "0.0%", "E2:E6": '"£"#,##0'}})


def lease_report() -> None:
    text = [
        ("Style", "Text", "Key"),
        ("section", "Purpose of Report"),
        ("numbered paragraph", "To seek approval to the terms of a new lease of land at the "
         "Avon Road depot."),
        ("section", "Recommendations"),
        ("numbered paragraph", "That Cabinet approve the lease on the terms set out in this "
         "report."),
        ("section", "Report Detail"),
        ("numbered paragraph", "The current tenant has asked for a new lease of ten years at a "
         "rent of £18,500 a year, reviewed after five years."),
        ("numbered paragraph", "The District Valuer advises that the rent is the market rent "
         "for the land."),
        ("section", "Implications"),
        ("numbered heading", "Financial"),
        ("paragraph", "The rent is £1,250 a year more than the current rent."),
        ("unnumbered section", "Background Papers"),
        ("paragraph", "None"),
    ]
    workbook(INPUTS / "cabinet-2013-01-17-depot-lease" / "report.xlsx", {
        "Details": details("Lease of Land at Avon Road Depot", 19, "Head of Housing",
                           "Housing", "No"),
        "Text": text})


def minutes() -> None:
    """Last meeting's minutes, as a supplied paper: a tagged PDF, as the committee system's
    export would be."""
    from weasyprint import HTML

    page = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Minutes of the meeting of Cabinet held on 20 December 2012</title>
<style>@page { size: A4; margin: 2.2cm 2.2cm 2.2cm 2.5cm; }
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 12pt; }</style></head>
<body><h1>Cannock Chase Council</h1><h2>Minutes of the meeting of Cabinet held on Thursday
20 December 2012 at 4.00 pm in the Esperance Room, Civic Centre, Cannock</h2>
<p>Present: Councillors G. Alcott (Chairman), Mrs. M.A. Davis, J.T. Kraujalis, Mrs. C. Mitchell,
P.A. Woodhead.</p><h3>75. Apologies</h3><p>None were received.</p>
<h3>76. Declarations of Interests of Members and Officers</h3><p>None were declared.</p>
<h3>77. Minutes</h3><p>Resolved: that the minutes of the meeting held on 22 November 2012 be
approved as a correct record.</p></body></html>"""
    HTML(string=page).write_pdf(AGENDA / "minutes-2012-12-20.pdf", pdf_variant="pdf/ua-1")


def agenda() -> None:
    members = "\n".join(["Councillor G. Alcott (Leader of the Council)",
                         "Councillor Mrs. M.A. Davis", "Councillor J.T. Kraujalis",
                         "Councillor Mrs. C. Mitchell", "Councillor P.A. Woodhead"])
    workbook(AGENDA / "agenda.xlsx", {
        "Meeting": [("Field", "Value"), ("Council", "Cannock Chase Council"),
                    ("Committee", "Cabinet"), ("Meeting date", DATE), ("Time", "4.00 pm"),
                    ("Venue", "Esperance Room, Civic Centre, Beecroft Road, Cannock"),
                    ("Membership", members),
                    ("Contact", "Committee services, 01543 464 000")],
        "Items": [("Item", "Title", "Report", "Paper", "Exempt"),
                  (1, "Apologies", None, None, None),
                  (2, "Declarations of Interests of Members and Officers", None, None, None),
                  (3, "Minutes of the meeting of 20 December 2012", None,
                   "minutes-2012-12-20.pdf", None),
                  (17, "Update on Partnership Activity",
                   "cabinet-2013-01-17-partnership-update", None, None),
                  (18, "Leisure Centre Fees and Charges 2013/14",
                   "cabinet-2013-01-17-leisure-fees", None, None),
                  (19, "Lease of Land at Avon Road Depot", "cabinet-2013-01-17-depot-lease",
                   None, 3)]})


if __name__ == "__main__":
    fees_report()
    lease_report()
    agenda()
    minutes()
