"""A Head of Finance's table, held to independent readers of the real files.

The workbook is a capital programme with every awkward kind of cell: currency with and without
pence, a percentage, bracketed negatives, a date, a reference typed as text with leading zeros,
a year. What Excel shows for each cell is taken from LibreOffice Calc's "as shown" export of
the same workbook (the Total row's sums from Calc's own =SUM); the PDF is read back with
pdftotext, and the DOCX through LibreOffice Writer's rendering of it. Each cell's text must
appear whole on one line in both, numbers aligned right, the caption above the table, the
table inside the text block; a table too wide for a portrait page is on a landscape page in
both files.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pikepdf
import pytest

from conftest import TEXT, report_sheets, write_sheet
from oracles import libreoffice_pdfs, soffice
from reportgen import api, model
from reportgen.errors import InputError

CAPTION = "Table 1: Capital programme 2013/14"
HEADER = ("Scheme", "Budget", "Spent", "Share spent", "Variance", "Start date", "Reference",
          "Year")
CODES = ("General", '"£"#,##0', '"£"#,##0.00', "0%", "#,##0.00;(#,##0.00)", "dd/mm/yyyy", "@",
         "General")
ROWS = [
    ("Leisure centre roof", 1250000, 612345.5, 0.4899, -12500.75, dt.date(2013, 4, 1), "00417",
     2013),
    ("Pool hall", 620000, 0, 0, 1234.5, dt.date(2014, 1, 6), "00032", 2014),
    ("Depot", 375500, 375500.004, 1, 0, dt.date(2012, 11, 30), "01200", 2012),
]
#: The Total row as the officer types it (sum: reportgen adds up; a number: checked) and, for
#: the oracle, the same row as Excel formulas that Calc calculates.
TOTAL = ("Total", "sum", 987845.5, None, "sum", None, None, None)
ORACLE_TOTAL = ("Total", "=SUM(B2:B4)", "=SUM(C2:C4)", None, "=SUM(E2:E4)", None, None, None)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,2057,false,true,true,false,false,-1"


def table_sheet(ws: openpyxl.worksheet.worksheet.Worksheet, total: tuple[object, ...]) -> None:
    ws.append(HEADER)
    for row in [*ROWS, total]:
        ws.append(row)
    for row in ws.iter_rows(min_row=2):
        for cell, code in zip(row, CODES, strict=True):
            cell.number_format = code


def finance_report(folder: Path, total: tuple[object, ...] = TOTAL,
                   extra: Callable[[openpyxl.Workbook], None] | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    text = [*TEXT[:8], ("table with total", CAPTION, "Capital"), *TEXT[8:]]
    for name, rows in report_sheets(text=text).items():
        write_sheet(wb, name, rows)
    table_sheet(wb.create_sheet("Capital"), total)
    if extra:
        extra(wb)
    folder.mkdir(parents=True, exist_ok=True)
    wb.save(folder / "report.xlsx")
    return folder


def calc_shown(workdir: Path) -> list[list[str]]:
    """The table as LibreOffice Calc shows it, Total row calculated by Calc."""
    book = workdir / "oracle.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Capital"
    table_sheet(ws, ORACLE_TOTAL)
    wb.save(book)
    soffice(workdir, [book], CSV_FILTER, workdir, locale=True)
    with (workdir / "oracle-Capital.csv").open(encoding="utf-8", newline="") as stream:
        return [row for row in csv.reader(stream)]


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    page_width: float


def words(pdf: Path) -> list[Word]:
    """Every word pdftotext finds, with its box (points) and page."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    found = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", html, re.S), start=1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        for x0, y0, x1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)'
                r"</word>", page):
            text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            found.append(Word(number, text, float(x0), float(y0), float(x1), width))
    return found


@pytest.fixture(scope="module")
def finance(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The finance report built once: model, Calc's view, and the words of both files."""
    root = tmp_path_factory.mktemp("finance")
    folder = finance_report(root / "inputs" / "finance")
    built = api.build(folder, root / "out")
    (lo_pdf,) = libreoffice_pdfs(root / "lo", built.docx)
    report = api.load(folder)
    table = next(model.tables(report))
    return {"table": table, "calc": calc_shown(root), "pdf": words(built.pdf),
            "docx": words(lo_pdf), "pdf_path": built.pdf, "lo_path": lo_pdf}


def test_every_cell_is_the_text_excel_shows(finance: dict[str, object]) -> None:
    table = finance["table"]
    assert isinstance(table, model.Table)
    calc = finance["calc"]
    assert [table.header, *table.rows] == calc[:-1]
    expected_total = ["Total" if i == 0 else calc[-1][i] if TOTAL[i] is not None else ""
                      for i in range(len(HEADER))]
    assert table.footer == expected_total
    assert table.rows[0][1:7] == ["£1,250,000", "£612,345.50", "49%", "(12,500.75)",
                                  "01/04/2013", "00417"]


def test_year_and_reference_columns_are_not_added_up(finance: dict[str, object]) -> None:
    table = finance["table"]
    assert isinstance(table, model.Table) and table.footer is not None
    assert table.footer[6:] == ["", ""]


@pytest.mark.parametrize("reader", ["pdf", "docx"])
def test_each_cell_prints_whole_on_one_line(finance: dict[str, object], reader: str) -> None:
    """No number, date, code or heading word is split: each is one word of the page."""
    table = finance["table"]
    assert isinstance(table, model.Table)
    printed = {w.text for w in finance[reader]}  # type: ignore[attr-defined]
    cells = [c for row in [table.header, *table.rows, table.footer or []] for c in row]
    for cell in cells:
        for word in cell.split():
            assert word in printed, (reader, word, sorted(printed)[:200])


@pytest.mark.parametrize("reader", ["pdf", "docx"])
def test_numbers_are_right_aligned_and_the_table_fits(finance: dict[str, object],
                                                      reader: str) -> None:
    table = finance["table"]
    assert isinstance(table, model.Table)
    found: list[Word] = finance[reader]  # type: ignore[assignment]
    by_text = {w.text: w for w in found}
    for col in (1, 2, 4):  # Budget, Spent, Variance
        rights = [by_text[row[col]].x1 for row in table.rows]
        assert max(rights) - min(rights) < 1.0, (reader, col, rights)
        lefts = [by_text[row[col]].x0 for row in table.rows]
        assert max(lefts) - min(lefts) > 3.0, (reader, col, lefts)  # not left-aligned
    right_margin = by_text["£1,250,000"].page_width - 2.2 / 2.54 * 72
    assert max(by_text[c].x1 for row in table.rows for c in row[1:] if c in by_text) <= \
        right_margin + 0.5


@pytest.mark.parametrize("reader", ["pdf", "docx"])
def test_the_caption_prints_above_the_table(finance: dict[str, object], reader: str) -> None:
    found: list[Word] = finance[reader]  # type: ignore[assignment]
    caption = next(w for w in found if w.text == "Capital" and w.page == next(
        x.page for x in found if x.text == "Scheme"))
    header = next(w for w in found if w.text == "Scheme")
    assert caption.page == header.page and caption.y0 < header.y0


def test_a_typed_total_that_disagrees_with_its_rows_is_reported_at_its_cell(
        tmp_path: Path) -> None:
    folder = finance_report(tmp_path / "inputs" / "finance",
                            total=("Total", 2245500, 999999.99, None, None, None, None, None))
    with pytest.raises(InputError) as caught:
        api.load(folder)
    found = [str(p) for p in caught.value.problems]
    assert found == [
        "finance/report.xlsx, sheet Capital, cell C5: the Total shows £999,999.99, but the rows "
        "above add up to £987,845.50; correct the rows or the total (type sum for reportgen "
        "to add the column up)"]


def test_a_total_over_a_tbc_amount_is_reported_at_the_tbc(tmp_path: Path) -> None:
    def tbc(wb: openpyxl.Workbook) -> None:
        wb["Capital"]["B3"] = "TBC"
    folder = finance_report(tmp_path / "inputs" / "finance", extra=tbc)
    with pytest.raises(InputError) as caught:
        api.load(folder)
    (found,) = [str(p) for p in caught.value.problems]
    assert found.startswith("finance/report.xlsx, sheet Capital, cell B3: found 'TBC', which "
                            "is not a number; column B has a total")


WIDE_HEADER = tuple(f"Quarter {n} forecast" for n in range(1, 12))


def wide_report(folder: Path) -> Path:
    def wide(wb: openpyxl.Workbook) -> None:
        ws = wb.create_sheet("Wide")
        ws.append(("Directorate", *WIDE_HEADER))
        for name in ("Place", "People", "Resources"):
            ws.append((f"{name} directorate", *(123456.78 * n for n in range(1, 12))))
            for cell in ws[ws.max_row][1:]:
                cell.number_format = '"£"#,##0.00'
        wb["Text"].append(("table", "Forecast by quarter", "Wide"))
    return finance_report(folder, extra=wide)


def test_a_table_too_wide_for_portrait_is_on_a_landscape_page_in_both(tmp_path: Path) -> None:
    built = api.build(wide_report(tmp_path / "inputs" / "wide"), tmp_path / "out")
    (lo_pdf,) = libreoffice_pdfs(tmp_path / "lo", built.docx)
    for pdf in (built.pdf, lo_pdf):
        page = next(w.page for w in words(pdf) if w.text == "Directorate")
        with pikepdf.open(pdf) as doc:
            box = doc.pages[page - 1].mediabox
            assert float(box[2]) > float(box[3]), (pdf, page)
        assert "£1,358,024.58" in {w.text for w in words(pdf)}


def test_a_table_too_wide_even_for_landscape_is_reported_at_its_sheet(tmp_path: Path) -> None:
    def wider(wb: openpyxl.Workbook) -> None:
        ws = wb.create_sheet("Wider")
        ws.append(tuple(f"Col{n}" for n in range(20)))
        ws.append(tuple("Supercalifragilistic" for _ in range(20)))
        wb["Text"].append(("table", "Too wide", "Wider"))
    folder = finance_report(tmp_path / "inputs" / "wider", extra=wider)
    with pytest.raises(InputError) as caught:
        api.load(folder)
    (found,) = [str(p) for p in caught.value.problems]
    assert found.startswith("wider/report.xlsx, sheet Wider, cell 1:1: the table is too wide "
                            "to print")


@pytest.mark.parametrize("columns, cell, fits", [(20, "12345", True), (20, "Budget", True),
                                                 (12, "Sustainable", True),
                                                 (20, "1234567", False)])
def test_the_documented_table_limit_can_be_reached(columns: int, cell: str, fits: bool) -> None:
    """docs/inputs.md: 20 columns of five digits or six letters fit a landscape page; wider
    entries are reported, naming the column that needs the most room."""
    from reportgen import layoutplan, model

    table = model.Table(header=[f"Q{i + 1}" for i in range(columns)],
                        rows=[[cell] * columns for _ in range(3)], numeric=[False] * columns)
    problem = layoutplan.table_problem(table)
    assert (problem is None) is fits, problem
    if not fits:
        assert problem is not None and "column A needs" in problem
