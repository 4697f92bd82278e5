"""Reading one report folder (``report.xlsx`` and what it names) into the report model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportgen import model
from reportgen.errors import Problems
from reportgen.inputs import schema
from reportgen.inputs.body import BodyReader, CaseStudyLookup, TableLookup, parse_spans
from reportgen.inputs.cells import format_value, parse_date
from reportgen.inputs.delivery_plan import read_delivery_plan
from reportgen.inputs.files import locate
from reportgen.inputs.previous import read_previous
from reportgen.inputs.tables import read_table
from reportgen.inputs.workbook import Row, TextBudget, Workbook, read_fields
from reportgen.style import structure as structures

REPORT_WORKBOOK = "report.xlsx"
#: A meeting date before this year is a typing slip ("20/06/0213"): Excel's dates start in it.
FIRST_YEAR = 1900
TEXT_COLUMNS = schema.TEXT.required_columns
TEXT_OPTIONAL = schema.TEXT.optional_columns

#: Details fields: label as matched (lower case) -> (attribute, required); all from ``schema``.
DETAIL_FIELDS: dict[str, tuple[str, bool]] = {
    f.key: (f.attribute, f.required) for f in schema.DETAIL_FIELDS}
#: What each field holds, for the message when its Value is empty.
_EXPECTED = {f.attribute: f.expected for f in schema.DETAIL_FIELDS}


def read_report(folder: Path, problems: Problems) -> model.Report | None:
    """The report in ``folder``, or None when its inputs have problems (all recorded)."""
    path = folder / REPORT_WORKBOOK
    if path.is_symlink():  # the report workbook too is opened only inside the report folder
        found = locate(folder, REPORT_WORKBOOK)
        if isinstance(found, str):
            problems.add(f"{folder.name}/{REPORT_WORKBOOK}", found)
            return None
    budget = TextBudget()  # for the report workbook and every delivery plan it names
    wb = Workbook(path, problems, name=f"{folder.name}/{REPORT_WORKBOOK}", budget=budget)
    try:
        if wb.book is None:
            return None
        details = _details(wb, folder)
        case_studies = _case_studies(wb)
        used_case_studies: set[str] = set()

        def case_study(key: str, row: Row) -> model.CaseStudy | None:
            if key not in case_studies:
                known = ", ".join(sorted(case_studies)) or "none"
                wb.problems.add(wb.name, f"case study '{key}' is not in sheet 'Case studies' "
                                f"(keys there: {known})", "Text", row.cell("Key"))
                return None
            study = case_studies[key]
            if key in used_case_studies:  # shown again: as much more text as reading it again
                if budget.spent:
                    return None  # reported where the budget ran out
                if not budget.spend(_length(study)):
                    wb.problems.add(wb.name, f"shows case study '{key}' once more, and the "
                                    f"report's text passes {budget.limit:,} characters (about "
                                    "3,000 pages); show a case study once, or shorten it",
                                    "Text", row.cell("Key"))
                    return None
            used_case_studies.add(key)
            return study

        def table(sheet: str, row: Row, total: bool) -> model.Table | None:
            if not wb.has_sheet(sheet):
                wb.problems.add(wb.name, f"names table sheet '{sheet}', which does not exist; "
                                "expected the name of a sheet holding the table", "Text",
                                row.cell("Key"))
                return None
            return read_table(wb, sheet, total, row.text("Text"))

        pictures: dict[Path, model.Picture | str] = {}  # each file read once, however often shown
        body = BodyReader(wb, "Text", folder, case_study, table, pictures)
        body.read(wb.rows("Text", TEXT_COLUMNS, TEXT_OPTIONAL), schema.ALL_STYLES)
        if not body.sections and not problems:
            problems.add(wb.name, "has no sections; expected rows with Style 'section'", "Text")
        appendices = _appendices(wb, folder, case_study, table, pictures)
        # Returned even with problems, so that numbering still checks every reference and the
        # officer hears of all problems in one run; ``api.load`` raises before any writing.
        report = model.Report(details or _UNREAD_DETAILS, body.sections, appendices)
        if details is not None:
            plans = [a.body for a in appendices if isinstance(a.body, model.DeliveryPlan)]
            report.previous = read_previous(folder, details, plans, problems, wb.name)
        report.sources = [path, *_sources(report)]
        return report
    finally:
        wb.close()


#: Stands in for Details that could not be read, while the rest of the report is checked.
_UNREAD_DETAILS = model.Details("", "", dt.date(1900, 1, 1), "", "", "", "", "", "", "")


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _length(study: model.CaseStudy) -> int:
    """The characters a case study prints."""
    return len(study.title) + sum(len(model.plain(text)) for text in study.paragraphs)


def _sources(report: model.Report) -> list[Path]:
    """The other files the report reads: delivery-plan workbooks and pictures."""
    found = [a.body.source for a in report.appendices
             if isinstance(a.body, model.DeliveryPlan) and a.body.source]
    found += [b.path for b in model.blocks(report) if isinstance(b, model.Image)]
    if report.previous is not None:  # a change there changes this report's comparison
        found += [p.source for p in report.previous.plans.values() if p.source]
    return found


def _house_style(wb: Workbook, folder: Path
                 ) -> tuple[Path | None, structures.Structure | None]:
    """The house style the Details sheet names, read first: its header block says which
    other Details fields there are. (None, BUILT_IN) when it names none; (None, None) when the
    style cannot be used, its problems recorded at the Details cell and in its workbook: the
    other fields cannot be checked without it.
    """
    from reportgen import style

    scratch, wb.problems = wb.problems, Problems()
    try:
        found, cells, _ = read_fields(wb, "Details", {"house style": ("house_style", False)},
                                      raw="")
    finally:
        wb.problems = scratch
    named = str(found.get("house_style") or "").strip()
    if not named:
        return None, structures.BUILT_IN
    located = locate(folder, named, style=True)
    loaded = located if isinstance(located, str) else style.for_report(located, wb.problems)
    if isinstance(loaded, str):
        wb.problems.add(wb.name, f"house style '{named}' {loaded}", "Details",
                        cells.get("house_style"))
        return None, None
    assert not isinstance(located, str)
    return located, loaded.structure


def _detail_fields(structure: structures.Structure) -> dict[str, tuple[str, bool]]:
    """The Details fields a report in ``structure`` takes: reportgen's own, and its header
    block's (for the built-in style, Cannock Chase's, as before house styles)."""
    if structure is structures.BUILT_IN:
        return DETAIL_FIELDS
    known = {k: v for k, v in DETAIL_FIELDS.items() if k in structures.CORE_FIELDS}
    known.update({h.key: (f"header:{h.key}", h.required) for h in structure.header
                  if h.key not in structures.SHOWN_CORE})
    return known


def _details(wb: Workbook, folder: Path) -> model.Details | None:
    style, structure = _house_style(wb, folder)
    if structure is None:
        return None
    found, cells, ok = read_fields(wb, "Details", _detail_fields(structure), raw="meeting_date",
                                   expected=_EXPECTED)
    if wb.book is None or not wb.has_sheet("Details") or "Details" in wb.unread:
        return None
    for detail in schema.DETAIL_FIELDS:
        if structure is not structures.BUILT_IN and detail.key not in structures.CORE_FIELDS:
            continue
        if detail.choice and found.get(detail.attribute) not in (None, ""):
            word = schema.canonical(detail.choice, str(found[detail.attribute]))
            if word is None:
                wb.problems.add(wb.name, f"{detail.label.lower()} '{found[detail.attribute]}' "
                                "is not one reportgen knows; expected one of: "
                                + ", ".join(detail.choice.values), "Details",
                                cells[detail.attribute])
                ok = False
            found[detail.attribute] = word
    date = parse_date(found.get("meeting_date"))
    if date is not None and date.year < FIRST_YEAR:
        wb.problems.add(wb.name, f"meeting date '{format_value(found['meeting_date'])}' is in "
                        f"the year {date.year}, before {FIRST_YEAR}, the first year Excel's "
                        "dates hold; expected the meeting's date with its year in full, such "
                        "as 20/06/2013", "Details", cells.get("meeting_date"))
        return None
    if found.get("meeting_date") not in (None, "") and date is None:
        wb.problems.add(wb.name, f"meeting date '{found['meeting_date']}' is not a date; "
                        "expected a date cell or day/month/year such as 20/06/2013",
                        "Details", cells.get("meeting_date"))
        ok = False
    item = str(found.get("agenda_item") or "").strip()
    if item and not (item.isdigit() and int(item) > 0):
        digits = "".join(c for c in item if c.isdigit()).lstrip("0")
        example = digits or "8"
        wrong = "is not a whole number" if not item.isdigit() else "is not an item number"
        wb.problems.add(wb.name, f"agenda item '{item}' {wrong}; expected the "
                        f"item's number alone, such as {example} (the stamp prints "
                        f"ITEM NO. {example}.1, ITEM NO. {example}.2 …)", "Details",
                        cells.get("agenda_item"))
        ok = False
    if not ok or date is None:
        return None
    text = {k: str(v) for k, v in found.items() if k != "meeting_date"}
    header = title = None
    words = structure.words_for(text.get("language") or "en-GB")
    if structure is not structures.BUILT_IN:
        shown = {**text, "meeting_date": structure.date(date, words)}
        header = tuple((h.label, value) for h in structure.header
                       if (value := shown.get(structures.SHOWN_CORE.get(h.key,
                                                                        f"header:{h.key}"))))
        title = tuple(structure.title(text["council"], text["committee"], date, text["title"],
                                      words))
    return model.Details(
        council=text["council"], committee=text["committee"], meeting_date=date,
        title=text["title"], report_of=text.get("report_of", ""),
        contact_officer=text.get("contact_officer", ""), telephone=text.get("telephone", ""),
        portfolio_leader=text.get("portfolio_leader", ""),
        key_decision=text.get("key_decision", ""), report_track=text.get("report_track", ""),
        agenda_item=text.get("agenda_item") or None, header_fields=header, title_lines=title,
        language=text.get("language") or "en-GB", agenda_item_cell=cells.get("agenda_item"),
        house_style=style, house_style_cell=cells.get("house_style"),
        previous_report=text.get("previous_report", "").strip(),
        previous_report_cell=cells.get("previous_report"), wording=words)


def _case_studies(wb: Workbook) -> dict[str, model.CaseStudy]:
    studies: dict[str, model.CaseStudy] = {}
    first: dict[str, str] = {}  # the cell where each key is first given
    current: model.CaseStudy | None = None
    sheet = schema.CASE_STUDIES
    for row in wb.rows(sheet.name, sheet.required_columns, sheet.optional_columns,
                       must_exist=False):
        key = row.text("Key")
        if key:
            if key in studies:
                wb.problems.add(wb.name, f"case study key '{key}' is used twice, in cells "
                                f"{first[key]} and {row.cell('Key')}; expected each key once",
                                "Case studies", row.cell("Key"))
            first.setdefault(key, row.cell("Key"))
            current = model.CaseStudy(row.text("Title"), [])
            studies[key] = current
        elif current is None:
            wb.problems.add(wb.name, "text comes before any case study key; expected a Key on "
                            "the first row of each case study", "Case studies", row.cell("Key"))
            continue
        if row.text("Text"):
            current.paragraphs.append(parse_spans(row.text("Text"), wb, "Case studies",
                                                  row.cell("Text")))
    return studies


def _appendices(wb: Workbook, folder: Path, case_study: CaseStudyLookup,
                table: TableLookup, pictures: dict[Path, model.Picture | str],
                ) -> list[model.Appendix]:
    appendices: list[model.Appendix] = []
    keys: dict[str, str] = {}  # the cell where each key is first given
    for row in wb.rows(schema.APPENDICES.name, schema.APPENDICES.required_columns,
                       must_exist=False):
        key, title, kind, source = (row.text(c) for c in ("Key", "Title", "Kind", "Source"))
        sheet = "Appendices"
        if not key:
            wb.problems.add(wb.name, "Key is empty; expected a short name for the appendix",
                            sheet, row.cell("Key"))
            continue
        if key in keys:
            wb.problems.add(wb.name, f"appendix key '{key}' is used twice, in cells {keys[key]} "
                            f"and {row.cell('Key')}; expected each key once", sheet,
                            row.cell("Key"))
        keys.setdefault(key, row.cell("Key"))
        if not title:
            wb.problems.add(wb.name, "Title is empty; expected the appendix title", sheet,
                            row.cell("Title"))
        body: list[model.Block] | model.DeliveryPlan | None = None
        match kind.casefold():
            case schema.KIND_TEXT:
                if not wb.has_sheet(source):
                    wb.problems.add(wb.name, f"names sheet '{source}', which does not exist; "
                                    "expected the sheet holding the appendix text", sheet,
                                    row.cell("Source"))
                    continue
                reader = BodyReader(wb, source, folder, case_study, table, pictures)
                reader.read(wb.rows(source, TEXT_COLUMNS, TEXT_OPTIONAL),
                            schema.APPENDIX_STYLES)
                body = reader.blocks
            case schema.KIND_DELIVERY_PLAN:
                path = locate(folder, source, shared=True)
                if isinstance(path, str):
                    wb.problems.add(wb.name, f"delivery-plan workbook '{source}' {path}", sheet,
                                    row.cell("Source"))
                    continue
                body = read_delivery_plan(path, wb.problems,
                                          name=f"{source} (named by {wb.name})",
                                          budget=wb.budget)
                if body is not None and _key(body.title) == _key(title):
                    body.title = ""  # printed once, as the appendix title
            case _:
                wb.problems.add(wb.name, f"Kind '{kind}' is not known; expected "
                                + " or ".join(f"'{k}'" for k in schema.APPENDIX_KINDS), sheet,
                                row.cell("Kind"))
                continue
        if body is not None:
            appendices.append(model.Appendix(key, title, body))
    return appendices
