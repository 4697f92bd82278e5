"""``numfmt.display`` held to an independent oracle: LibreOffice Calc's CSV export "as shown".

Each case is a cell: a value under a number-format code. The corpus is written to a workbook with
openpyxl (a second one for the 1904 date system), converted once per session by a headless Calc
to CSV with "save cell content as shown", and ``display`` must give Calc's text for every cell.
The values ``display`` gets are the workbook's own, read back as the reader would: the number,
text or boolean in the cell's XML, the code from the cell's style through ``format_codes``; and
a second test feeds it what reportgen's reader (``Workbook.grid``, opened by ``open_book``)
makes of the same cells, datetimes for dates included.

Calc is the oracle, but the report must show what Excel shows, and in a few places the two
differ. Those cases carry Excel's text (``excel``) and Calc's (``calc``, checked, so each
difference is measured rather than assumed) and say why:

* dates before 1 March 1900: Excel counts 29 February 1900 (serial 60, a bug kept from
  Lotus 1-2-3), Calc does not, so Calc's serials 0-60 are a day earlier;
* ``General``: Excel fits a number into 11 characters (10 significant digits, scientific from
  12 digits on, as Microsoft documents); Calc writes up to 15 digits and a three-digit exponent;
* times: Excel rounds to the nearest second before showing hours and minutes (23:59:59.6 is
  00:00:00); Calc cuts the fraction off;
* ``0.###`` on a whole number: Excel keeps the point ("3."), Calc drops it;
* booleans: Excel shows TRUE/FALSE whatever the format; Calc formats them as 1 and 0;
* ``[$-F800]`` (the ribbon's "Long Date"): a UK Windows spells it "20 June 2013", Calc in
  en-GB adds the weekday; Calc 7.4 does not read the ``[$-x-sysdate]`` spelling of newer
  Excels at all, and shows the number.

Calc runs with an en-GB locale (``LANG``), so built-in formats that depend on the locale (id 14,
the short date Excel writes for every typed date; 22; the currency and accounting ids) read
as a UK Excel shows them.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from conftest import examples
from oracles import soffice
from reportgen.errors import Problems
from reportgen.inputs import numfmt
from reportgen.inputs.numfmt import display, format_codes
from reportgen.inputs.sheetxml import Shown
from reportgen.inputs.workbook import Workbook

SHEET = "cases"
#: Calc's CSV options, in order: comma, double quote, UTF-8, from line 1, (cell formats), en-GB,
#: quoted fields as text off, special numbers on, *save cell contents as shown* on (the one
#: that matters), formulas off, spaces kept, and -1: every sheet to its own file.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,2057,false,true,true,false,false,-1"
SOFFICE_TIMEOUT = 180
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@dataclass(frozen=True)
class Case:
    """One cell: ``value`` under ``code``. ``excel`` is set only where Calc's text (``calc``)
    is known to differ from Excel's; ``why`` says how.
    """

    code: str
    value: object
    excel: str | None = None
    calc: str | None = None
    why: str = ""
    date1904: bool = False

    def __str__(self) -> str:
        system = "1904:" if self.date1904 else ""
        return f"{system}{self.code}|{self.value!r}"


@dataclass(frozen=True)
class Differs:
    """A value whose Excel text differs from Calc's, for ``cases``."""

    value: object
    excel: str
    calc: str
    why: str


def cases(code: str, *values: object, date1904: bool = False) -> list[Case]:
    out = []
    for value in values:
        if isinstance(value, Differs):
            out.append(Case(code, value.value, value.excel, value.calc, value.why, date1904))
        else:
            out.append(Case(code, value, date1904=date1904))
    return out


GENERAL_WIDTH = "Excel's General fits 11 characters: 10 significant digits, 1E+n from 12 digits"
LEAP_BUG = "Excel counts 29/02/1900 (serial 60); Calc's serials before 61 are a day earlier"
TIME_ROUNDS = "Excel rounds the time to the second before showing it; Calc truncates"
UK_LONG_DATE = "[$-F800] is the system long date: a UK Windows writes dd mmmm yyyy"
NEWER_CODE = "Calc 7.4 does not read the [$-x-sysdate]/[$-x-systime] newer Excels write"
BOOLEAN = "Excel shows a boolean as TRUE/FALSE whatever its format; Calc formats it as 1/0"
ACCOUNTING = '_-£* #,##0_-;-£* #,##0_-;_-£* "-"_-;_-@_-'
ACCOUNTING_UK = '_-"£"* #,##0.00_-;\\-"£"* #,##0.00_-;_-"£"* "-"??_-;_-@_-'
SCALED = '[>=1000000]0.0,,"m";[>=1000]0.0,"k";0'
JUNE_20 = dt.datetime(2013, 6, 20)

CORPUS: list[Case] = [
    *cases("General", 0, 1, -1, 2.5, -0.5, 0.1 + 0.2, 0.0001, 1e-7, 1e-10, 123456789,
           12345678901, -1234.5678, "text", "  spaced  ",
           Differs(1 / 3, "0.333333333", "0.333333333333333", GENERAL_WIDTH),
           Differs(123456.7891234, "123456.7891", "123456.7891234", GENERAL_WIDTH),
           Differs(123456789012, "1.23457E+11", "123456789012", GENERAL_WIDTH),
           Differs(1e15, "1E+15", "1000000000000000", GENERAL_WIDTH),
           Differs(1e20, "1E+20", "1E+020", GENERAL_WIDTH), True, False),
    *cases("0", 0, 2.5, -2.5, 0.5, -0.4, 1e15, 1e20, 1234567890123456789),
    *cases("0.00", 1.005, 1.015, 2.675, 0.125, -0.125, -0.001, 0, 1e-7, "abc",
           Differs(True, "TRUE", "1.00", BOOLEAN)),
    *cases("0.0", 0.05, 0.15, 0.25, 0.35, -0.05),
    *cases("#,##0", 0, 999.5, -1234, 1234567.5, 1e15),
    *cases("#,##0.00", 1234.5, 0.005, -1234.005, 1234567.891),
    *cases("#,###", 0, 1234),
    *cases("0.###", 2.5, 0.123456,
           Differs(3, "3.", "3", "Excel keeps the decimal point when no decimals show")),
    *cases("0.0??", 1.5, 2.125),
    *cases("000000", 417, -417),
    *cases("000-000", 1234),
    *cases("0%", 0.4899, 0.005, -0.015, 1, 0),
    *cases("0.0%", 0.4899, 0.0005),
    *cases("0.00%", -0.12345, 0.0001),
    *cases("#,##0.00;(#,##0.00)", 1234.5, -1234.5, 0, -0.001),
    *cases("#,##0;[Red](#,##0)", 5, -5),
    *cases("0.00_);(0.00)", 1.5, -1.5),
    *cases("0;0", -5),
    *cases("0.00;-0.00;\"zero\";@", 0, -1.5, -0.001, "abc"),
    *cases("\"pos \"0;\"neg \"0;\"zero\";\"text: \"@", 5, -5, 0, "x"),
    *cases("0.00;;;", 5, "hidden"),
    *cases("\"£\"#,##0", 1234, -1234, 0),
    *cases("\"£\"#,##0.00", 0.5, -1234.567),
    *cases("£#,##0.00", 99.995),
    *cases("[$£-809]#,##0.00", 1234.5, -3, 0),
    *cases("[$€-1809]#,##0.00", 1234.5, -0.5),
    *cases(ACCOUNTING, 1234, -1234, 0, "n/a"),
    *cases(ACCOUNTING_UK, 1234.5, -1234.5, 0),
    # Built-in ids whose code depends on the locale: openpyxl writes the US code as the id.
    *cases('"$"#,##0.00_);("$"#,##0.00)', 1234.5, -1234.5),  # 7: £ in the UK
    *cases('#,##0.00_);[Red](#,##0.00)', 1234.5, -1234.5),  # 40: a minus in the UK
    *cases('_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)', 1234.5, -1234.5, 0),  # 42
    *cases("@", "00417", "plain text", 417, 1.5),
    *cases("0.00E+00", 12345, 1e-7, -0.000123),
    *cases("##0.0E+0", 12345),
    *cases("# ?/?", 0.5, 1.25, -2.75),
    *cases("#,##0,\"k\"", 1234567, 999),
    *cases("0.0,,\"m\"", 1234567, 25000000),
    *cases(SCALED, 1234567, 12345, 999),
    *cases("[=1]\"one\";0", 1, 2),
    *cases("\"Ref: \"0", 42),
    *cases("0\" items\"", 3),
    # Dates. Serials 0-61 are written as numbers: a datetime cannot hold 29/02/1900.
    *cases("dd/mm/yyyy", JUNE_20, dt.date(2024, 2, 29), 61, 2958465,
           Differs(0, "00/01/1900", "30/12/1899", LEAP_BUG),
           Differs(1, "01/01/1900", "31/12/1899", LEAP_BUG),
           Differs(59, "28/02/1900", "27/02/1900", LEAP_BUG),
           Differs(60, "29/02/1900", "28/02/1900", LEAP_BUG)),
    *cases("d mmmm yyyy", JUNE_20, dt.datetime(2000, 1, 1)),
    *cases("mmm-yy", JUNE_20),
    *cases("mmmm yyyy", JUNE_20),
    *cases("dddd d mmmm yyyy", JUNE_20),
    *cases("ddd dd/mm/yy", JUNE_20),
    *cases("yyyy-mm-dd", JUNE_20),
    *cases("d-mmm-yy", JUNE_20, dt.date(2013, 6, 5)),  # built-in 15: dd-mmm-yy in the UK
    *cases("mm-dd-yy", JUNE_20),  # built-in 14: the UK short date
    *cases("m/d/yy h:mm", dt.datetime(2013, 6, 20, 14, 24)),  # built-in 22
    *cases("[$-809]dd mmmm yyyy", JUNE_20),
    *cases("[$-F800]dddd, mmmm dd, yyyy",
           Differs(JUNE_20, "20 June 2013", "Thursday 20 June 2013", UK_LONG_DATE)),
    *cases("[$-F400]h:mm:ss AM/PM", dt.datetime(2013, 6, 20, 14, 24)),  # the system time
    *cases("[$-x-sysdate]dddd, mmmm dd, yyyy",
           Differs(dt.datetime(2013, 6, 20, 14, 24), "20 June 2013", "41445.6", NEWER_CODE)),
    *cases("[$-x-systime]h:mm:ss AM/PM",
           Differs(dt.datetime(2013, 6, 20, 14, 24), "14:24:00", "41445.6", NEWER_CODE)),
    *cases("dd/mm/yyyy hh:mm", dt.datetime(2013, 6, 20, 14, 30), 41445.999999),
    *cases("h:mm;@", dt.time(9, 5), dt.time(0, 59, 36), "text"),
    *cases("h:mm", 0.5, dt.time(9, 5),  # built-in 20: hh:mm in the UK
           Differs(0.9999999, "00:00", "23:59", TIME_ROUNDS)),
    *cases("hh:mm:ss", dt.time(14, 30, 15),
           Differs(0.999999, "00:00:00", "23:59:59", TIME_ROUNDS),
           Differs(119.99 / 86400, "00:02:00", "00:01:59", TIME_ROUNDS)),
    *cases("h:mm AM/PM", 0.75, 0, 0.5),
    *cases("[h]:mm", 1.5, dt.timedelta(hours=49, minutes=30)),
    *cases("[h]:mm:ss", 2.75),
    *cases("[mm]:ss", 0.0625),
    *cases("mm:ss.0", 12.34 / 86400),
    # A workbook in the 1904 date system (old Mac Excel): serial 0 is 1 January 1904.
    *cases("dd/mm/yyyy", JUNE_20, 0, 1, 366, date1904=True),
    *cases("d mmmm yyyy hh:mm", dt.datetime(2013, 6, 20, 14, 30), date1904=True),
]


def _workbook(path: Path, corpus: list[Case], date1904: bool) -> Path:
    wb = openpyxl.Workbook()
    if date1904:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = SHEET
    for row, case in enumerate(corpus, start=1):
        ws.cell(row, 1, case.value).number_format = case.code
    wb.save(path)
    return path


def _calc_csv(books: list[Path], workdir: Path) -> dict[Path, list[str]]:
    """Each workbook's column A as Calc shows it: one soffice run, a fresh profile, en-GB."""
    out = workdir / "csv"
    proc = soffice(workdir, books, CSV_FILTER, out, locale=True)
    shown = {}
    for book in books:
        found = out / f"{book.stem}-{SHEET}.csv"
        # soffice exits 0 even when it could not convert, so the CSV itself is the test.
        assert found.exists(), (f"soffice (exit {proc.returncode}) wrote no {found.name}; is "
                                f"LibreOffice Calc installed (`make test` installs it)?\n"
                                f"{proc.stdout}\n{proc.stderr}")
        with found.open(encoding="utf-8", newline="") as stream:
            shown[book] = [row[0] if row else "" for row in csv.reader(stream)]
    return shown


@dataclass(frozen=True)
class Cell:
    """A corpus cell as read back: Calc's text, the raw value and code, the reader's value."""

    case: Case
    calc: str
    raw: object
    code: str
    reader: object


def _raw_cells(book: Path) -> tuple[list[object], list[int]]:
    """Column A's values as the XML holds them (number, shared text, boolean) and style ids."""
    with zipfile.ZipFile(book) as archive:
        strings = [''.join(t.text or "" for t in si.iter(f"{{{MAIN}}}t")) for si in
                   ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))] \
            if "xl/sharedStrings.xml" in archive.namelist() else []
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    values: list[object] = []
    styles = []
    for cell in sheet.iter(f"{{{MAIN}}}c"):
        text = cell.findtext(f"{{{MAIN}}}v") or ""
        kind = cell.get("t", "n")
        value: object
        if kind == "s":
            value = strings[int(text)]
        elif kind == "b":
            value = text == "1"
        elif kind in ("str", "inlineStr"):
            value = text or "".join(t.text or "" for t in cell.iter(f"{{{MAIN}}}t"))
        else:
            value = int(text) if text.lstrip("-").isdigit() else float(text)
        values.append(value)
        styles.append(int(cell.get("s", "0")))
    return values, styles


def _style_codes(book: Path) -> list[str]:
    """``format_codes`` of the workbook's stylesheet, read as ``open_book`` reads it."""
    reader = ExcelReader(str(book), read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        return format_codes(reader.wb)
    finally:
        reader.archive.close()


def _reader_values(book: Path) -> dict[int, object]:
    """Column A as reportgen's reader (``Workbook``, through ``open_book``) gives it:
    datetimes for date-styled numbers.
    """
    problems = Problems()
    opened = Workbook(book, problems)
    try:
        grid = opened.grid(SHEET)
    finally:
        opened.close()
    assert grid is not None and not problems.items, problems.items
    return {number: values.get(1) for number, values in grid.rows}


@pytest.fixture(scope="session")
def cells(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Cell]:
    workdir = tmp_path_factory.mktemp("numfmt")
    split = {False: [c for c in CORPUS if not c.date1904], True: [c for c in CORPUS if c.date1904]}
    books = {system: _workbook(workdir / f"book{1904 if system else 1900}.xlsx", corpus, system)
             for system, corpus in split.items()}
    shown = _calc_csv(list(books.values()), workdir)
    out = {}
    for system, corpus in split.items():
        book = books[system]
        values, styles = _raw_cells(book)
        codes = _style_codes(book)
        reader = _reader_values(book)
        texts = shown[book] + [""] * (len(corpus) - len(shown[book]))  # blank last rows
        for row, case in enumerate(corpus, start=1):
            out[str(case)] = Cell(case, texts[row - 1], values[row - 1], codes[styles[row - 1]],
                                  reader.get(row))
    return out


def _expected(cell: Cell) -> str:
    case = cell.case
    if case.excel is None:
        return cell.calc
    assert cell.calc == case.calc, (
        f"Calc now shows {cell.calc!r}, not {case.calc!r}: is this still a case where Calc "
        f"and Excel differ? ({case.why})")
    return case.excel


def test_corpus_is_large_enough() -> None:
    assert len({c.code for c in CORPUS}) >= 40
    assert len(set(map(str, CORPUS))) == len(CORPUS), "two cases are the same"


@pytest.mark.parametrize("case", CORPUS, ids=str)
def test_display_matches_calc(cells: dict[str, Cell], case: Case) -> None:
    cell = cells[str(case)]
    assert display(cell.raw, cell.code, case.date1904) == _expected(cell)


@pytest.mark.parametrize("case", CORPUS, ids=str)
def test_reader_values_display_the_same(cells: dict[str, Cell], case: Case) -> None:
    """The reader hands on each number cell as ``Shown``: its value, and its text formatted
    from the serial number (exact even for 29/02/1900, which a datetime cannot hold)."""
    cell = cells[str(case)]
    assert cell.reader is not None, "the reader lost the cell"
    shown = cell.reader.text if isinstance(cell.reader, Shown) else display(
        cell.reader, cell.code, case.date1904)
    assert shown == _expected(cell)


@pytest.mark.parametrize("case", CORPUS, ids=str)
def test_codes_are_read_back_from_the_styles(cells: dict[str, Cell], case: Case) -> None:
    """A code written to the workbook comes back from its style; a built-in one that Excel
    localises comes back as a UK Excel shows it.
    """
    builtin = BUILTIN_FORMATS_REVERSE.get(case.code)
    expected = case.code if builtin is None else numfmt.UK_BUILTIN_FORMATS.get(builtin, case.code)
    assert cells[str(case)].code == expected


@pytest.mark.parametrize("code", ["[Red", '"unclosed', "0.0.0", "[DBNum1]0", "[h", "@@", ";;;",
                                  "General;General;General;General;General", "", "   ", "E+",
                                  "\\", "*", "_", "[$-F800]", "[<0]", "[=x]0", "#" * 400])
@pytest.mark.parametrize("value", [0, -1.5, 1e300, -1e-300, float("nan"), "text", True,
                                   JUNE_20, dt.time(12), dt.timedelta(days=-1), None, 2**70,
                                   10**400, float("-inf")])
def test_odd_codes_never_raise(code: str, value: object) -> None:
    assert isinstance(display(value, code), str)


def test_unreadable_codes_fall_back_to_general() -> None:
    assert display(1234.5, "[Red") == "1234.5"
    assert display(1234.5, '"unclosed') == "1234.5"
    assert display(1234.5, "") == display(1234.5, "General") == "1234.5"
    assert display(1234.5, "0" * 256) == "1234.5"  # longer than Excel allows
    assert display(1234.5, None) == display(1234.5, 7) == "1234.5"  # type: ignore[arg-type]


CODE_PARTS = [*'0#?.,;%E+-/@"\\_*[]$£hmsdyAP: ()<>=', "General", "[Red]", "[h]", "AM/PM",
              "[$-809]", "[>=9]"]


@settings(max_examples=examples(300), deadline=None)
@given(code=st.lists(st.sampled_from(CODE_PARTS), max_size=20).map("".join),
       value=st.one_of(st.integers(), st.floats(), st.text(max_size=5), st.booleans(),
                       st.datetimes(), st.times(), st.none()))
def test_any_code_and_value_give_text(code: str, value: object) -> None:
    assert isinstance(display(value, code), str)


def test_dates_outside_excels_range_fill_with_hashes() -> None:
    for value, code in ((-1, "dd/mm/yyyy"), (2958466, "dd/mm/yyyy"), (-0.5, "h:mm")):
        shown = display(value, code)
        assert shown and set(shown) == {"#"}


def test_ssf_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    for case in CORPUS:
        display(case.value, case.code, case.date1904)
    assert capsys.readouterr().out == ""


def test_format_codes_of_an_empty_or_odd_stylesheet() -> None:
    class Style:
        def __init__(self, number: int) -> None:
            self.numFmtId = number

    class Book:
        _cell_styles = [Style(0), Style(14), Style(164), Style(165), Style(81), Style(49)]
        _number_formats = ["[$£-809]#,##0.00"]

    assert format_codes(Book()) == ["General", "dd/mm/yyyy", "[$£-809]#,##0.00", "General",
                                    "General", "@"]
    assert format_codes(object()) == []
