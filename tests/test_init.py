"""reportgen init and new: workbooks made from inputs/schema.py, their drop-downs offering
exactly the words the readers accept, filled in and built, and kept by LibreOffice Calc.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.worksheet.datavalidation import DataValidation

from conftest import DETAILS, INPUTS, JANUARY, TEXT, make_workbook, plan_sheets, report_sheets
from oracles import soffice
from reportgen import api, model
from reportgen.cli import main
from reportgen.errors import InputError
from reportgen.inputs import report as report_reader
from reportgen.inputs import schema
from reportgen.start import workbooks as template

SOFFICE_TIMEOUT = 180
FILLED = {"Council": "Test Borough Council", "Committee": "Cabinet",
          "Meeting date": dt.date(2014, 1, 16), "Title": "Partnership Update",
          "Agenda item": 12, "Report of": "Head of Policy", "Contact officer": "A. Officer",
          "Telephone": "4412", "Portfolio leader": "Crime and Partnerships",
          "Key decision": "No", "Report track": "Cabinet: 16/01/14"}
NOT_READ = (schema.INSTRUCTIONS_SHEET, schema.LISTS_SHEET)


def init(tmp_path: Path, delivery_plan: bool = True, name: str = "new-report") -> Path:
    folder = tmp_path / name
    result = CliRunner().invoke(main, ["init", str(folder)]
                                + (["--delivery-plan"] if delivery_plan else []))
    assert result.exit_code == 0, result.output
    return folder


def fill_in(folder: Path) -> None:
    """What an officer does: replace every example with their own words, fill the Details."""
    for path in folder.glob("*.xlsx"):
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            if ws.title in NOT_READ:
                continue
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("EXAMPLE: "):
                        cell.value = cell.value.removeprefix("EXAMPLE: ")
            if ws.title == "Details":
                for label, value in ws.iter_rows(min_row=2):
                    if label.value in FILLED:
                        value.value = FILLED[label.value]
        wb.save(path)


@functools.lru_cache(maxsize=16)
def _read(path: Path, mtime_ns: int, size: int) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def book(path: Path) -> openpyxl.Workbook:
    """The workbook at ``path``, read once while its file stays the same (only read from:
    a Calc-saved workbook's validations run a thousand rows down and are slow to read)."""
    stat = path.stat()
    return _read(path, stat.st_mtime_ns, stat.st_size)


def validations(path: Path) -> dict[tuple[str, str], DataValidation]:
    """Each sheet's validations, by sheet and the first cell of their range."""
    wb = book(path)
    found = {}
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            first = str(dv.sqref).split()[0].split(":")[0]
            found[(ws.title, first)] = dv
    return found


def offered(path: Path, sheet: str, cell: str) -> list[str]:
    """The words the drop-down on ``cell`` offers, read from the sheet its formula names."""
    wb = book(path)
    dv = validations(path)[(sheet, cell)]
    assert dv.type == "list", (sheet, cell, dv.type)
    where, cells = dv.formula1.split("!")
    assert where == schema.LISTS_SHEET
    return [c.value for (c,) in wb[where][cells.replace("$", "")]]


# --- The workbook init writes --------------------------------------------------------------

def test_init_writes_every_sheet_and_column_the_readers_know_in_order(tmp_path) -> None:
    folder = init(tmp_path)
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    assert wb.sheetnames == ["Instructions", "Details", "Text", "Case studies", "Appendices",
                             "Appendix 1", "Example table", "Lists"]
    assert wb.active.title == "Instructions"
    assert wb["Lists"].sheet_state == "hidden"
    for sheet in (*schema.REPORT_SHEETS, schema.APPENDIX_TEXT):
        ws = wb[sheet.name]
        assert [c.value for c in ws[1]] == [c.name for c in sheet.columns], sheet.name
        assert ws.freeze_panes == "A2"
        for number, column in enumerate(sheet.columns, start=1):
            letter = openpyxl.utils.get_column_letter(number)
            assert ws.column_dimensions[letter].width == column.width
    assert [r[0].value for r in wb["Details"].iter_rows(min_row=2)] == [
        f.label for f in schema.DETAIL_FIELDS]
    plan = openpyxl.load_workbook(folder / "delivery-plan.xlsx")
    assert plan.sheetnames == ["Instructions", "Plan", "Outcomes", "Activities", "Lists"]
    for sheet in schema.PLAN_SHEETS:
        assert [c.value for c in plan[sheet.name][1]] == [c.name for c in sheet.columns]
    assert [c.value for c in plan["Activities"][1]][1:] == [
        *(t for t, _ in model.ACTIVITY_COLUMNS), "Ref", "Status", "Target date"]
    # the example activity has a Ref and a status, so the comparison's columns are shown in use
    assert [c.value for c in plan["Activities"][2]][-3:-1] == ["1.1", "On target"]
    appendices = list(wb["Appendices"].iter_rows(min_row=2, values_only=True))
    assert appendices[-1][2:] == ("delivery plan", "delivery-plan.xlsx")


def test_every_cell_with_fixed_words_has_a_drop_down_with_a_message_and_an_alert(
        tmp_path) -> None:
    folder = init(tmp_path)
    found = validations(folder / "report.xlsx")
    rows = {f.label: n for n, f in enumerate(schema.DETAIL_FIELDS, start=2)}
    assert offered(folder / "report.xlsx", "Text", "A2") == list(schema.ALL_STYLES)
    assert offered(folder / "report.xlsx", "Appendix 1", "A2") == list(schema.APPENDIX_STYLES)
    assert offered(folder / "report.xlsx", "Appendices", "C2") == list(schema.APPENDIX_KINDS)
    assert offered(folder / "report.xlsx", "Details", f"B{rows['Key decision']}") == ["Yes", "No"]
    assert offered(folder / "report.xlsx", "Details", f"B{rows['Language']}") == list(
        schema.LANGUAGES)
    assert offered(folder / "report.xlsx", "Details", "A2") == [
        f.label for f in schema.DETAIL_FIELDS]
    assert offered(folder / "delivery-plan.xlsx", "Plan", "A2") == ["Title"]
    date = found[("Details", f"B{rows['Meeting date']}")]
    assert (date.type, date.operator, date.formula1) == ("date", "greaterThanOrEqual", "1")
    item = found[("Details", f"B{rows['Agenda item']}")]
    assert (item.type, item.operator, item.formula1) == ("whole", "greaterThanOrEqual", "1")
    plan = validations(folder / "delivery-plan.xlsx")
    assert plan[("Outcomes", "A2")].type == plan[("Activities", "A2")].type == "whole"
    for dv in [*found.values(), *plan.values()]:
        assert dv.prompt and dv.promptTitle and dv.showInputMessage
        assert len(dv.prompt) <= 255 and len(dv.promptTitle) <= 32
        if dv.type:  # a check, not only a message: it stops a wrong entry and says why
            assert dv.showErrorMessage and dv.errorStyle == "stop"
            assert len(dv.error) <= 255 and len(dv.errorTitle) <= 32
    assert found[("Appendices", "C2")].error == "Kind: pick one of: text, delivery plan."
    assert found[("Details", f"B{rows['Key decision']}")].error == (
        "Key decision: pick one of: Yes, No.")
    for style in schema.ALL_STYLES:
        assert style in found[("Text", "A2")].error


def test_the_instructions_explain_every_style_sheet_and_column(tmp_path) -> None:
    folder = init(tmp_path)
    ws = openpyxl.load_workbook(folder / "report.xlsx")["Instructions"]
    rows = {a: b for a, b in ws.iter_rows(values_only=True)}
    text = " ".join(f"{a} {b}" for a, b in ws.iter_rows(values_only=True))
    assert sorted(h.style for h in schema.STYLE_HELP) == sorted(schema.ALL_STYLES)
    for style in schema.ALL_STYLES:
        assert "Example: " in rows[style], style
    for sheet in schema.REPORT_SHEETS:
        assert f"Sheet {sheet.name}" in rows
        for column in sheet.columns:
            assert column.name in rows or sheet.fields
    for word in ("[[paragraph:esb]]", "[[appendix:tor]]", "Total", "=SUM", "the word sum",
                 "EXAMPLE:", "reportgen validate", "Lists"):
        assert word in text, word
    assert not any(str(v).startswith("=") for row in ws.iter_rows(values_only=True)
                   for v in row if v)


# --- Drop-downs and readers agree ----------------------------------------------------------

def _picture(folder: Path) -> None:
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), "white").save(folder / "chart.png")


def test_every_word_a_drop_down_offers_is_read(make_report, tmp_path) -> None:
    """Built from the words the init workbook offers (not from the schema): every Style,
    appendix Style, Kind, Key decision, Language and Details field label reads."""
    path = init(tmp_path, name="offers") / "report.xlsx"
    rows = {f.label: n for n, f in enumerate(schema.DETAIL_FIELDS, start=2)}
    styles = offered(path, "Text", "A2")
    example = {"case study": ("", "cs1"), "table": ("A table", "Stages"),
               "table with total": ("Stages", "Stages"), "image": ("A chart", "chart.png",
                                                                   "A bar chart")}
    text = [("section", "One")] + [(s, *example.get(s, (f"Words for {s}",))) for s in styles
                                   if s not in schema.SECTION_STYLES]
    text += [(s, f"Words for {s}") for s in styles if s in schema.SECTION_STYLES]
    appendix = [(s, *example.get(s, (f"Words for {s}",))) for s in offered(
        path, "Appendix 1", "A2")]
    kinds = offered(path, "Appendices", "C2")
    for decision in offered(path, "Details", f"B{rows['Key decision']}"):
        for language in offered(path, "Details", f"B{rows['Language']}"):
            labels = offered(path, "Details", "A2")
            values = dict(DETAILS, **{"Key decision": decision, "Language": language,
                                      "Previous report": None,
                                      "House style": ""})  # empty: the built-in style
            assert set(labels) == set(values)
            sheets = report_sheets({label: values[label] for label in labels}, text)
            sheets["Appendix A"] = [("Style", "Text", "Key", "Alt text"), *appendix]
            sheets["Appendices"] = [("Key", "Title", "Kind", "Source"),
                                    ("a", "Text appendix", kinds[0], "Appendix A"),
                                    ("b", "The Plan", kinds[1], "plan.xlsx")]
            folder = make_report(sheets, name=f"r-{decision}-{language}",
                                 extra={"plan.xlsx": plan_sheets()})
            _picture(folder)
            report = api.load(folder)
            assert report.details.key_decision == decision
            assert report.details.language == language
            assert [a.key for a in report.appendices] == ["a", "b"]
            assert isinstance(report.appendices[1].body, model.DeliveryPlan)


def test_every_word_the_readers_accept_is_offered(tmp_path) -> None:
    """The readers' own lists, as they check against them, are the drop-downs' lists."""
    from reportgen.inputs import body, delivery_plan, tables

    path = init(tmp_path) / "report.xlsx"
    rows = {f.label: n for n, f in enumerate(schema.DETAIL_FIELDS, start=2)}
    assert set(report_reader.DETAIL_FIELDS) == {
        " ".join(label.casefold().split()) for label in offered(path, "Details", "A2")}
    assert set(schema.ALL_STYLES) == set(offered(path, "Text", "A2"))
    assert body.APPENDIX_STYLES == tuple(offered(path, "Appendix 1", "A2"))
    assert body.SECTION_STYLES == schema.SECTION_STYLES
    assert set(offered(path, "Appendices", "C2")) == set(schema.APPENDIX_KINDS)
    assert offered(path, "Details", f"B{rows['Key decision']}") == list(schema.KEY_DECISIONS)
    assert offered(path, "Details", f"B{rows['Language']}") == list(schema.LANGUAGES)
    assert report_reader.TEXT_COLUMNS + report_reader.TEXT_OPTIONAL == tuple(
        c.name for c in schema.TEXT.columns)
    assert delivery_plan.ACTIVITY_REQUIRED == schema.ACTIVITIES.required_columns
    assert tables.SUM_WORD == schema.SUM_WORD and tables.TOTAL_LABELS == schema.TOTAL_LABELS


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("Key decision", "Maybe", "key decision 'Maybe' is not one reportgen knows; expected one "
     "of: Yes, No"),
    ("Language", "English", "language 'English' is not one reportgen knows; expected one of: "
     "en-GB, cy-GB"),
    ("Agenda item", "0", "agenda item '0' is not an item number; expected the item's number "
     "alone, such as 8"),
])
def test_a_word_no_drop_down_offers_is_refused(make_report, field, value, expected) -> None:
    folder = make_report(report_sheets(dict(DETAILS, **{field: value})))
    with pytest.raises(InputError) as caught:
        api.load(folder)
    (problem,) = caught.value.problems
    assert problem.message.startswith(expected)


def test_fixed_words_are_read_whatever_their_case(make_report) -> None:
    folder = make_report(report_sheets(dict(DETAILS, **{"Key decision": "yes",
                                                        "Language": " CY-gb"})))
    details = api.load(folder).details
    assert (details.key_decision, details.language) == ("Yes", "cy-GB")


# --- Filled in, it builds; LibreOffice keeps it ----------------------------------------------

def test_a_fresh_folder_validates_to_its_examples_and_empty_fields(tmp_path) -> None:
    folder = init(tmp_path)
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    empty = [line for line in lines if "' is empty; expected " in line]
    assert [line.split(": ", 1)[1].split("'")[1] for line in empty] == [
        f.label for f in schema.DETAIL_FIELDS if f.required]
    assert "new-report/report.xlsx, sheet Details, cell B4: 'Meeting date' is empty; expected " \
           "the date of the meeting, such as 20/06/2013" in lines
    examples = [line for line in lines if line.endswith(schema.EXAMPLE_PROBLEM)]
    marked = sum(any(isinstance(v, str) and v.startswith("EXAMPLE:") for v in row)
                 for path in folder.glob("*.xlsx")
                 for ws in openpyxl.load_workbook(path).worksheets if ws.title not in NOT_READ
                 for row in ws.iter_rows(values_only=True))
    assert len(examples) == marked > 20
    assert "new-report/report.xlsx, sheet Text, cell B3: is an example row from reportgen " \
           "init; replace it with your own text or delete the row" in lines
    assert any("sheet Example table, cell A1" in line for line in examples)
    assert any(line.startswith("delivery-plan.xlsx (named by new-report/report.xlsx), sheet "
                               "Activities, cell B2") for line in examples)
    assert len(lines) == len(empty) + len(examples)


def test_a_filled_in_folder_builds(tmp_path) -> None:
    folder = init(tmp_path)
    fill_in(folder)
    built = api.build(folder, tmp_path / "out")
    report = api.load(folder)
    assert report.details.meeting_date == dt.date(2014, 1, 16)
    assert [s.title for s in report.sections][:2] == ["Purpose of Report", "Recommendations"]
    assert [a.title for a in report.appendices] == ["Draft Terms of Reference",
                                                    "Community Safety Delivery Plan"]
    assert built.docx.exists() and built.pdf.exists()


def _calc_resave(books: list[Path], workdir: Path) -> list[Path]:
    """The workbooks opened and saved again by LibreOffice Calc, as an officer's would be."""
    out = workdir / "calc"
    run = soffice(workdir, books, "xlsx", out, locale=True)
    saved = [out / book.name for book in books]
    assert all(p.exists() for p in saved), f"{run.stdout}\n{run.stderr}"
    return saved


def test_calc_keeps_the_drop_downs_and_the_workbook_still_builds(tmp_path) -> None:
    folder = init(tmp_path)
    fill_in(folder)
    books = sorted(folder.glob("*.xlsx"))
    before = {book.name: validations(book) for book in books}
    for saved in _calc_resave(books, tmp_path):
        after = validations(saved)
        assert after.keys() == before[saved.name].keys(), saved.name
        for where, dv in before[saved.name].items():
            kept = after[where]
            assert (kept.type, kept.promptTitle, kept.prompt, kept.error,
                    kept.showErrorMessage) == (dv.type, dv.promptTitle, dv.prompt, dv.error,
                                               dv.showErrorMessage), where
            if dv.type:  # Calc writes a formula of 0 for "any value"; it means nothing there
                assert (kept.formula1, kept.operator or "between") == (
                    dv.formula1, dv.operator or "between"), where
            if dv.type == "list":  # the words themselves, on the hidden sheet
                assert offered(saved, *where) == offered(folder / saved.name, *where)
            # Calc keeps a validation on the cells in use and a thousand rows below them.
            last = max(r.max_row for r in kept.sqref.ranges)
            assert last >= min(1000, max(r.max_row for r in dv.sqref.ranges)), where
        wb = book(saved)
        assert wb[schema.LISTS_SHEET].sheet_state == "hidden"
        shutil.copyfile(saved, folder / saved.name)
    built = api.build(folder, tmp_path / "out")
    assert built.pdf.exists()
    assert api.load(folder).details.title == "Partnership Update"


def test_init_refuses_a_folder_that_exists(tmp_path) -> None:
    (tmp_path / "taken").mkdir()
    result = CliRunner().invoke(main, ["init", str(tmp_path / "taken")])
    assert result.exit_code == 2
    assert result.output == (f"{tmp_path / 'taken'}: already exists; expected the name of a new "
                             "folder for the report (reportgen makes it, and never writes into "
                             "a folder that exists)\n")
    assert not any((tmp_path / "taken").iterdir())
    help_text = CliRunner().invoke(main, ["-h"]).output
    assert "init      Start a new report folder" in help_text
    assert "new       Start next cycle's report folder from the last one." in help_text


# --- new --from ------------------------------------------------------------------------------

def _values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_new_from_the_january_sample(tmp_path) -> None:
    previous = tmp_path / "inputs" / JANUARY
    shutil.copytree(INPUTS / JANUARY, previous)
    (tmp_path / "secret.png").write_bytes((previous / "before.png").read_bytes())
    (previous / "outside.png").symlink_to(tmp_path / "secret.png")
    (previous / "~$report.xlsx").write_bytes(b"lock")
    (previous / "notes.txt").write_text("not an input")
    (previous / "pictures").symlink_to(tmp_path)
    folder = tmp_path / "inputs" / "cabinet-2013-04-18-partnership-update"
    result = CliRunner().invoke(main, ["new", str(folder), "--from", str(previous)])
    assert result.exit_code == 0, result.output
    assert f"{previous}/outside.png: not copied: it is a link to a file outside" in result.output
    assert f"{previous}/report.xlsx: is open in Excel" in result.output
    assert f"{previous}/pictures: not copied: it is a link to a folder" in result.output
    assert (f"made {folder} from {previous}: copied report.xlsx, community-safety-delivery-plan-"
            "2013.xlsx and 3 pictures; emptied Meeting date and Report track") in result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "after.png", "before.png", "community-safety-delivery-plan-2013.xlsx", "event.png",
        "report.xlsx"]
    for name in ("after.png", "before.png", "event.png",
                 "community-safety-delivery-plan-2013.xlsx"):
        assert (folder / name).read_bytes() == (previous / name).read_bytes()

    # Only the two Details cells changed: every other part of the workbook is as it was.
    with zipfile.ZipFile(previous / "report.xlsx") as old, \
            zipfile.ZipFile(folder / "report.xlsx") as new:
        changed = [n for n in old.namelist() if old.read(n) != new.read(n)]
        assert old.namelist() == new.namelist() and len(changed) == 1
    old_values, new_values = _values(previous / "report.xlsx"), _values(folder / "report.xlsx")
    details = dict(new_values.pop("Details")[1:])
    assert details["Meeting date"] is None and details["Report track"] is None
    # January has a delivery plan: the new report names it as the one to compare with
    assert details.pop("Previous report") == f"../{JANUARY}"
    assert f"Previous report set to ../{JANUARY}" in result.output
    assert {k: v for k, v in dict(old_values.pop("Details")[1:]).items()
            if k not in ("Meeting date", "Report track")} == {
        k: v for k, v in details.items() if k not in ("Meeting date", "Report track")}
    assert new_values == old_values
    assert validations(folder / "report.xlsx").keys() == validations(
        previous / "report.xlsx").keys()

    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2
    name = f"{folder.name}/report.xlsx, sheet Details"
    assert result.output.splitlines() == [
        f"{name}, cell B4: 'Meeting date' is empty; expected the date of the meeting, such as "
        "20/06/2013",
        f"{name}, cell B12: 'Report track' is empty; expected the meetings the report goes to, "
        "with their dates, such as Cabinet: 20/06/13"]

    wb = openpyxl.load_workbook(folder / "report.xlsx")
    wb["Details"]["B4"], wb["Details"]["B12"] = dt.date(2013, 4, 18), "Cabinet: 18/04/13"
    wb.save(folder / "report.xlsx")
    report, last = api.load(folder), api.load(previous)
    assert report.details.meeting_date == dt.date(2013, 4, 18)
    assert [model.plain(t) for t in model.report_texts(report)] == [
        model.plain(t) for t in model.report_texts(last)]

    again = CliRunner().invoke(main, ["new", str(folder), "--from", str(previous)])
    assert again.exit_code == 2 and again.output.startswith(f"{folder}: already exists")


def test_new_clears_a_date_typed_as_a_formula_and_leaves_the_workbook_readable(
        tmp_path) -> None:
    import re

    from hostile.forge import Raw, replace_sheet, sheet_part, sheet_xml

    previous = tmp_path / "last"
    path = make_workbook(previous / "report.xlsx", report_sheets())
    with zipfile.ZipFile(path) as zf:  # the date's style, as openpyxl wrote it
        style = re.search(rb'<c r="B4"[^>]* s="(\d+)"', zf.read(sheet_part(path, "Details")))
    assert style is not None
    date = Raw("<f>DATE(2013,6,20)</f><v>41445</v>", f's="{style.group(1).decode()}"')
    rows = [("Field", "Value"), *((k, date) if k == "Meeting date" else (k, v)
                                  for k, v in DETAILS.items())]
    replace_sheet(previous / "report.xlsx", "Details", sheet_xml(rows))
    assert api.load(previous).details.meeting_date == dt.date(2013, 6, 20)
    made = api.new(tmp_path / "next", previous)
    assert made.cleared == ["Meeting date", "Report track"]
    with pytest.raises(InputError) as caught:
        api.load(tmp_path / "next")
    assert [p.cell for p in caught.value.problems] == ["B4", "B12"]
    assert openpyxl.load_workbook(tmp_path / "next" / "report.xlsx")["Details"]["B4"].value is None


def test_new_refuses_what_is_not_a_report_folder(tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["new", str(tmp_path / "next"), "--from",
                                       str(tmp_path / "empty")])
    assert result.exit_code == 2
    assert result.output == (f"empty/report.xlsx: is missing; expected last cycle's report "
                             f"workbook at {tmp_path / 'empty' / 'report.xlsx'}\n")
    assert not (tmp_path / "next").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["empty"]  # no temporary folder left


# --- The samples carry the same drop-downs --------------------------------------------------

def _snapshot(wb: openpyxl.Workbook) -> dict[str, object]:
    return {ws.title: (ws.sheet_state, ws.freeze_panes if ws.title not in NOT_READ else None,
                       sorted((str(dv.sqref), dv.type, dv.formula1, dv.prompt, dv.error)
                              for dv in ws.data_validations.dataValidation),
                       list(ws.iter_rows(values_only=True)) if ws.title in NOT_READ else None)
            for ws in wb.worksheets}


@pytest.mark.parametrize("path", [*sorted(INPUTS.glob("*/report.xlsx")),
                                  INPUTS / JANUARY / "community-safety-delivery-plan-2013.xlsx"],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_samples_carry_the_drop_downs_init_makes(path: Path) -> None:
    """scripts/refresh-workbooks.py has been run since schema.py last changed."""
    from reportgen.style.structure import details_sheet_for

    wb = openpyxl.load_workbook(path)
    kept = _snapshot(wb)
    if "Activities" in wb.sheetnames:
        template.prepare_plan(wb)
    else:  # a report in a house style offers its header fields
        template.prepare_report(wb, details_sheet_for(path.parent, wb))
    assert kept == _snapshot(openpyxl.load_workbook(io.BytesIO(template.to_bytes(wb))))
    assert any(dv.type == "list" for ws in wb.worksheets
               for dv in ws.data_validations.dataValidation)


def test_a_table_sheet_may_still_be_called_lists_or_instructions(make_report) -> None:
    """Neither name is reserved: only a table row naming one makes it read."""
    text = [*TEXT[:-1], ("table", "", "Lists"), TEXT[-1]]
    sheets = report_sheets(text=text)
    sheets["Lists"] = [("Name", "Count"), ("A", 1)]
    sheets["Instructions"] = [("Anything", "at all"), ("EXAMPLE: not read", "x")]
    report = api.load(make_report(sheets))
    assert [t.header for t in model.tables(report)] == [["Stage", "Number issued"],
                                                        ["Name", "Count"]]
