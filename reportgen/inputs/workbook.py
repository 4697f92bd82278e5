"""Opening officers' workbooks safely and reading sheets as rows of named columns.

Every failure becomes a ``Problem`` naming the workbook, sheet and cell, in words an officer can
act on; nothing here raises openpyxl's own exceptions to the caller. The limits below bound the
time and memory any one workbook can take, however it was made: a sheet is read in one streaming
pass (``sheetxml``) and reading stops, with a problem, at the first limit reached.

Hidden sheets are read like visible ones: officers hide helper sheets (a table's workings, a
case study in progress), and a report should not change because a sheet was hidden.
"""

from __future__ import annotations

import difflib
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.xml.constants import SHARED_STRINGS

from reportgen.errors import Problems
from reportgen.inputs.cells import clean_text, format_value
from reportgen.inputs.glyphs import describe, unprintable
from reportgen.inputs.numfmt import format_codes
from reportgen.inputs.schema import EXAMPLE_PROBLEM, is_example
from reportgen.inputs.sheetxml import (
    Grid,
    SheetError,
    SheetSource,
    Unusable,
    read_grid,
    read_shared_strings,
)
from reportgen.inputs.sniff import why_not_xlsx

if not openpyxl.DEFUSEDXML:
    raise ImportError("reportgen needs defusedxml so that openpyxl parses workbooks safely; "
                      "install the project with its dependencies")

#: Rows read from a sheet of named columns; no report input needs more, and it bounds the time.
MAX_ROWS = 20_000
#: Columns read, whatever the sheet's dimension claims; columns further right are ignored.
MAX_COLUMNS = 40
#: XML elements parsed per sheet (about two per cell, blank formatted cells included): about
#: two seconds' work. Formatting a whole block of rows down to row 1,048,576 exceeds it.
MAX_ELEMENTS = 2_000_000
#: Characters of cell text read for one report, over all its workbooks: each sheet counted
#: each time it is read (a table sheet named by several rows is read for each) and a case study
#: each time it is shown. About 3,000 pages of text, nearly four times the largest delivery
#: plan benchmarked (1,000 activities, 2.5 million characters), and far below the text that a
#: few hundred cells all showing one long shared string can make (32,767 characters each).
MAX_TEXT_CHARS = 10_000_000
#: Excel's lock file beside an open workbook; never a report input.
LOCK_PREFIX = "~$"


class TextBudget:
    """The characters of text one report may still read, shared by all its workbooks."""

    def __init__(self, limit: int = MAX_TEXT_CHARS):
        self.limit = limit
        self.used = 0
        #: Set when the budget ran out: the problem is reported once, where it ran out, and
        #: nothing more is read.
        self.spent = False

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)

    def spend(self, chars: int) -> bool:
        """Count ``chars`` more characters; False (and spent) when that passes the limit."""
        self.used += chars
        if self.used > self.limit:
            self.spent = True
        return not self.spent


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


@dataclass
class Row:
    """One sheet row, its cells addressable by column name."""

    number: int
    values: dict[str, object]
    letters: dict[str, str]

    def raw(self, column: str) -> object:
        return self.values.get(_key(column))

    def text(self, column: str) -> str:
        return format_value(self.raw(column))

    def cell(self, column: str) -> str:
        """The cell reference ("B7") an officer can find in Excel."""
        return f"{self.letters.get(_key(column), '?')}{self.number}"


@dataclass(frozen=True)
class SheetPart:
    part: str
    state: str  # visible, hidden or veryHidden: all are read
    chart: bool


@dataclass
class Book:
    """What reading needs of an opened workbook: where each sheet's XML is, and what turns a
    cell's XML into its value (the shared strings, which styles are dates).
    """

    archive: zipfile.ZipFile
    sheets: dict[str, SheetPart]
    shared_strings: list[object]
    date_styles: frozenset[int]
    timedelta_styles: frozenset[int]
    epoch: object
    number_formats: tuple[str, ...] = ()

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def source(self, sheet: str) -> SheetSource:
        part = self.sheets[sheet].part
        return SheetSource(lambda: self.archive.open(part), self.shared_strings,
                           self.date_styles, self.timedelta_styles, self.epoch,
                           self.number_formats, self.epoch == CALENDAR_MAC_1904)

    def close(self) -> None:
        self.archive.close()


def open_book(path: Path) -> Book:
    """The workbook's structure, read with openpyxl (through defusedxml) but without its
    worksheets: ``load_workbook`` parses every sheet that lacks a ``<dimension>`` element to
    its end, all of them, before returning (seven seconds for a hostile 3-million-cell sheet
    the report never reads). Sheets are read later, and only those the report uses.
    """
    reader = ExcelReader(str(path), read_only=True, data_only=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on odd files are not for officers
            reader.read_manifest()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            strings: list[object] = []
            found = reader.package.find(SHARED_STRINGS)
            if found is not None:
                with reader.archive.open(found.PartName[1:]) as stream:
                    strings = read_shared_strings(stream)
            sheets = {sheet.name: SheetPart(rel.target, sheet.state, "chartsheet" in rel.Type)
                      for sheet, rel in reader.parser.find_sheets()
                      if rel.target in reader.valid_files}
        wb = reader.wb
        return Book(reader.archive, sheets, strings, frozenset(wb._date_formats),
                    frozenset(wb._timedelta_formats), wb.epoch, tuple(format_codes(wb)))
    except BaseException:
        reader.archive.close()
        raise


class Workbook:
    """An officer's workbook, opened read-only, with problems collected rather than raised."""

    def __init__(self, path: Path, problems: Problems, name: str | None = None,
                 budget: TextBudget | None = None):
        self.path = path
        self.name = name or path.name
        self.problems = problems
        self.budget = budget or TextBudget()
        #: Sheets that could not be read whole (their problem reported), so that readers do
        #: not report each thing missing from them as well.
        self.unread: set[str] = set()
        self.book: Book | None = self._open()

    def _open(self) -> Book | None:
        lock = self.path.parent / f"{LOCK_PREFIX}{self.path.name}"
        if self.path.exists() and lock.exists():
            self.problems.notes.append(
                f"{self.name}: is open in Excel (its lock file {lock.name} is beside it); the "
                "report is built from the last saved copy, so changes not yet saved are not "
                "in it: save the workbook in Excel and build again")
        reason = why_not_xlsx(self.path) if self.path.exists() else self._missing()
        if reason:
            self.problems.add(self.name, reason)
            return None
        try:
            return open_book(self.path)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for bad files
            self.problems.add(self.name, f"cannot be read as an Excel workbook ({_reason(exc)});"
                              " save it again from Excel as an Excel Workbook (.xlsx)")
            return None

    def _missing(self) -> str:
        folder = self.path.parent
        others = sorted(p.name for p in folder.glob("*.xls*")
                        if not p.name.startswith(LOCK_PREFIX)) if folder.is_dir() else []
        near = difflib.get_close_matches(self.path.name, others, n=1, cutoff=0.5)
        hint = f" (is it the file named '{near[0]}'?)" if near else ""
        return f"is missing{hint}; expected an Excel workbook at {self.path}"

    def close(self) -> None:
        if self.book is not None:
            self.book.close()

    def find_sheet(self, sheet: str) -> str | None:
        """The workbook's own name for ``sheet``: found like a column, whatever its case and
        extra spaces ("case Studies " is "Case studies"); None when there is no such sheet.
        """
        if self.book is None:
            return None
        if sheet in self.book.sheets:
            return sheet
        wanted = _key(sheet)
        return next((name for name in self.book.sheetnames if _key(name) == wanted), None)

    def has_sheet(self, sheet: str) -> bool:
        return self.find_sheet(sheet) is not None

    def _no_sheet(self, sheet: str) -> None:
        names = self.book.sheetnames if self.book is not None else []
        if not names:
            self.problems.add(self.name, "has no sheets reportgen can read (a workbook saved "
                              "as 'Strict Open XML Spreadsheet' looks like this); save it as "
                              "an Excel Workbook (.xlsx)", sheet=sheet)
            return
        near = difflib.get_close_matches(sheet, names, n=1)
        hint = f" (is it the sheet named '{near[0]}'?)" if near else ""
        self.problems.add(self.name, f"has no sheet named '{sheet}'{hint}; the sheets are: "
                          + ", ".join(f"'{n}'" for n in names), sheet=sheet)

    def grid(self, sheet: str, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLUMNS,
             columns: Callable[[dict[int, object]], set[int]] | None = None) -> Grid | None:
        """The sheet's non-blank rows, or None (with the problem recorded) when it cannot be
        read whole within the limits; ``columns``: see ``sheetxml.read_grid``.
        """
        found = self.find_sheet(sheet)
        if self.book is None or found is None:
            return None
        sheet = found
        if self.budget.spent:  # it ran out earlier, and that is the one problem reported
            self.unread.add(sheet)
            return None
        grid = self._read_grid(sheet, max_rows, max_cols, columns)
        if grid is None:
            self.unread.add(sheet)
        else:
            self._unprintable(sheet, grid)
        return grid

    def _unprintable(self, sheet: str, grid: Grid) -> None:
        """Text no installed font can print, each at its cell (``glyphs``)."""
        for number, cells in grid.rows:
            for column, value in cells.items():
                if isinstance(value, str) and not value.isascii():
                    missing = unprintable(value)
                    if missing:
                        self.problems.add(
                            self.name, f"holds {describe(missing)}, which no font here can "
                            "print: it would be published as an empty box; write it another "
                            "way, or ask whoever runs reportgen to install a font that has it",
                            sheet, f"{get_column_letter(column)}{number}")

    def _read_grid(self, sheet: str, max_rows: int, max_cols: int,
                   columns: Callable[[dict[int, object]], set[int]] | None) -> Grid | None:
        assert self.book is not None
        if self.book.sheets[sheet].chart:
            self.problems.add(self.name, "is a chart sheet, not a sheet of cells; expected a "
                              "sheet with rows and columns", sheet)
            return None
        try:
            grid = read_grid(self.book.source(sheet), max_rows, max_cols, MAX_ELEMENTS,
                             self.budget.left, columns)
        except SheetError as exc:
            self.problems.add(self.name, f"cannot be read: {exc}; save the workbook again from "
                              "Excel", sheet)
            return None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            self.problems.add(self.name, f"cannot be read: the workbook file is damaged "
                              f"({_reason(exc)}); save it again from Excel", sheet)
            return None
        except Exception as exc:  # noqa: BLE001 - hostile XML must end as a problem, whatever
            self.problems.add(self.name, f"cannot be read ({_reason(exc)}); save the workbook "
                              "again from Excel", sheet)
            return None
        if grid.stopped == "rows":
            self.problems.add(self.name, f"has text in row {grid.stopped_at:,}, past the "
                              f"{max_rows:,} rows reportgen reads; a report input is far "
                              "shorter: move or delete the rows it does not need", sheet,
                              f"{grid.stopped_at}:{grid.stopped_at}")
            return None
        if grid.stopped == "cells":
            self.problems.add(self.name, "has more cells (of text or of formatting) than a "
                              f"report input could need (reading stopped at row "
                              f"{grid.stopped_at:,}); select the unused rows and columns, "
                              "delete them, and save", sheet)
            return None
        if not self.budget.spend(grid.chars):
            self.problems.add(self.name, "has more text than a report could print: by row "
                              f"{grid.stopped_at:,} of this sheet the report's text passes "
                              f"{self.budget.limit:,} characters (about 3,000 pages), counting "
                              "each sheet each time it is named and each case study each time "
                              "it is shown; delete the text the report does not need (long "
                              "text repeated in many cells, say)", sheet,
                              f"{grid.stopped_at}:{grid.stopped_at}")
            return None
        return grid

    def usable(self, value: object, sheet: str, cell: str) -> object:
        """The value, after reporting it at its cell if it must not be printed."""
        if isinstance(value, Unusable):
            self.problems.add_unusable(self.name, value.problem, sheet, cell)
        return value

    def rows(self, sheet: str, required: tuple[str, ...], optional: tuple[str, ...] = (),
             must_exist: bool = True) -> Iterator[Row]:
        """The non-blank rows under the header row, for the named columns.

        A missing sheet or column is recorded as a problem and yields nothing. A cell whose
        value cannot be used is reported at the cell; merged cells spanning rows are reported,
        because only the first row of a merge holds the value.
        """
        if self.book is None:
            return
        found = self.find_sheet(sheet)
        if found is None:
            if must_exist:
                self._no_sheet(sheet)
            return
        sheet = found
        known = {_key(c) for c in (*required, *optional)}

        def named(header: dict[int, object]) -> set[int]:
            """The columns headed with a name read here: only their cells are read."""
            return {index for index, title in header.items() if not isinstance(title, Unusable)
                    and _key(clean_text(str(title))) in known}
        grid = self.grid(sheet, columns=named)
        if grid is None:
            return
        if not grid.rows or grid.rows[0][0] != 1:
            self.problems.add(self.name, "has nothing in row 1; expected the column names "
                              "there: " + ", ".join(required), sheet=sheet, cell="A1")
            return
        header = grid.rows[0][1]
        columns: dict[str, int] = {}
        for index, title in sorted(header.items()):
            if not isinstance(title, Unusable) and str(title).strip():
                columns.setdefault(_key(clean_text(str(title))), index)
        missing = [c for c in required if _key(c) not in columns]
        if missing:
            known = {_key(c) for c in (*required, *optional)}
            headings = [(get_column_letter(i), clean_text(str(t)))
                        for i, t in sorted(header.items())
                        if not isinstance(t, Unusable) and str(t).strip()]
            strangers = [(letter, text) for letter, text in headings if _key(text) not in known]
            listed = ", ".join(f"{letter} '{text}'" for letter, text in headings) or "none"
            for column in missing:
                hint = ""
                near = difflib.get_close_matches(_key(column), [_key(t) for _, t in strangers],
                                                 n=1, cutoff=0.6)
                guess = next((h for h in strangers if near and _key(h[1]) == near[0]), None)
                if guess is None and len(strangers) == 1 and len(missing) == 1:
                    guess = strangers[0]
                if guess:
                    hint = f" (is it column {guess[0]}, '{guess[1]}'? rename it '{column}')"
                self.problems.add(self.name, f"has no column headed '{column}' in row 1{hint}; "
                                  f"the headings there are {listed}; expected columns: "
                                  f"{', '.join(required)}", sheet=sheet, cell="1:1")
        if missing:
            return
        wanted = {_key(c): columns[_key(c)] for c in (*required, *optional) if _key(c) in columns}
        letters = {k: get_column_letter(i) for k, i in wanted.items()}
        rows = grid.rows[1:]
        for merged in _row_merges(grid, set(wanted.values())):
            first, last = _ref(merged[0], merged[1]), _ref(merged[2], merged[3])
            self.problems.add(self.name, f"cells {first}:{last} are merged across rows; only "
                              f"{first} holds the value, so the rows below it would lose it: "
                              "unmerge them and type the value in each row that needs it",
                              sheet, f"{first}:{last}")
            rows = _fill_down(rows, merged, grid.rows[0] if merged[1] == 1 else None)
        for number, values in rows:
            picked = {k: self.usable(values.get(i), sheet, f"{letters[k]}{number}")
                      for k, i in wanted.items()}
            if all(v is None for v in picked.values()):
                continue
            self.report_example(sheet, [(f"{letters[k]}{number}", v) for k, v in picked.items()])
            yield Row(number, picked, letters)

    def report_example(self, sheet: str, cells: list[tuple[str, object]]) -> None:
        """Report a row ``reportgen init`` wrote as an example, once, at its first marked cell:
        an example left in would otherwise be printed in the report as if the officer wrote it.
        """
        for cell, value in cells:
            if isinstance(value, str) and is_example(value):
                self.problems.add(self.name, EXAMPLE_PROBLEM, sheet, cell)
                return


def _ref(col: int, row: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _row_merges(grid: Grid, columns: set[int]) -> Iterator[tuple[int, int, int, int]]:
    """Merged ranges that span data rows in any of ``columns``."""
    for min_col, min_row, max_col, max_row in grid.merged:
        if max_row > min_row and max_row >= 2 and any(min_col <= c <= max_col for c in columns):
            yield min_col, min_row, max_col, max_row


def _fill_down(rows: list[tuple[int, dict[int, object]]], merged: tuple[int, int, int, int],
               header: tuple[int, dict[int, object]] | None,
               ) -> list[tuple[int, dict[int, object]]]:
    """The rows with a reported merge's value copied into the cells it covers, so that the
    merge is the one problem reported there, not also every row below it ("found nothing").
    Only rows that exist are filled; a merge reaching far down adds no rows.
    """
    min_col, min_row, _, max_row = merged
    top = header[1] if header else next((v for n, v in rows if n == min_row), {})
    value = top.get(min_col)
    filled = []
    for number, values in rows:
        if min_row < number <= max_row:
            values = {**values, min_col: value}  # what the merge showed in the top row
        filled.append((number, values))
    return filled


def _reason(exc: BaseException) -> str:
    """An exception as a short phrase; defusedxml's refusals named for what they are."""
    name = type(exc).__name__
    if name in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
        return "it holds an XML entity or document type declaration, which Excel never " \
               "writes (it is how 'XML bomb' files are built)"
    text = str(exc).strip() or name
    return text[:160]


def read_fields(wb: Workbook, sheet: str, known: dict[str, tuple[str, bool]],
                raw: str, expected: dict[str, str] | None = None,
                ) -> tuple[dict[str, object], dict[str, str], bool]:
    """A sheet of Field/Value rows (a report's Details, a meeting's particulars): each known
    field's value by attribute (``raw`` kept as the cell's value, a date; the rest as text),
    the cell of each, and whether every required field is filled in. An unknown field or an
    empty required one is a problem at its cell; ``expected`` says, by attribute, what an
    empty one should hold ("the date of the meeting, such as 20/06/2013").
    """
    found: dict[str, object] = {}
    cells: dict[str, str] = {}
    for row in wb.rows(sheet, ("Field", "Value")):
        label = " ".join(row.text("Field").casefold().split()).rstrip(":")
        if label not in known:
            names = ", ".join(k.capitalize() for k in known)
            wb.problems.add(wb.name, f"field '{row.text('Field')}' is not one reportgen knows; "
                            f"expected one of: {names}", sheet, row.cell("Field"))
            continue
        attribute = known[label][0]
        found[attribute] = row.raw("Value") if attribute == raw else row.text("Value")
        cells[attribute] = row.cell("Value")
    if wb.book is None or not wb.has_sheet(sheet) or sheet in wb.unread:
        return found, cells, False
    ok = True
    for label, (attribute, required) in known.items():
        if required and found.get(attribute) in (None, ""):
            what = (expected or {}).get(attribute)
            name = label.capitalize()
            if attribute in cells:  # the row is there, its Value empty (as reportgen new leaves
                message = f"'{name}' is empty; expected {what or 'a value'}"  # the date)
            else:
                message = (f"'{name}' is missing; expected a row with Field '{name}' and"
                           + (f", as its Value, {what}" if what else " its Value"))
            wb.problems.add(wb.name, message, sheet, cells.get(attribute))
            ok = False
    return found, cells, ok
