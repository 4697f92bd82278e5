"""Reading one worksheet's XML in a single streaming pass, in bounded time and memory.

openpyxl's read-only rows hide what an officer most needs to hear about: with ``data_only`` a
formula Excel never calculated reads as a blank, an error value reads as ordinary text, and merged
cells are not reported at all. Its parser also builds each whole ``<row>`` in memory, so one
hostile row of millions of cells exhausts memory. This module walks the sheet XML with expat,
keeping only the current cell, and returns the non-blank rows (values as openpyxl would give
them) together with the merged ranges and markers for cells whose value cannot be used.

The shared-strings table is read the same way (``read_shared_strings``): openpyxl's reader
takes seven seconds over a million short strings, expat a fraction of that. The rest of the
workbook (sheet names and parts, which styles are dates) comes from openpyxl, see
``workbook.open_book``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601

from reportgen.inputs.numfmt import display

#: Excel's own limit on the characters in one cell; longer text cannot come from Excel.
MAX_CELL_CHARS = 32_767
#: Text kept from a formula, only to quote it back to the officer.
MAX_FORMULA_CHARS = 200
#: Merged ranges remembered per sheet; more than this is not a report input.
MAX_MERGES = 10_000
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d*)")
_TEXT_TAGS = frozenset(("v", "f", "t"))


@dataclass(frozen=True)
class Unusable:
    """A cell whose value must not be printed: an error value, a formula never calculated,
    text longer than Excel allows. ``shown`` is what the officer sees in Excel; ``problem`` says
    what is wrong and what to do, for the reader to report at the cell.
    """

    shown: str
    problem: str

    def __str__(self) -> str:
        return self.shown


class Shown:
    """A number or date cell: its value, and the text Excel shows for it (its number format
    applied). Readers compute with ``value`` (totals, dates, outcome numbers) and print
    ``text``: a report prints what the officer sees in Excel, ``49%`` not ``0.4899``.

    The text is formatted when first asked for: a sheet may hold far more numbers than a
    report prints (a pasted data dump is read to its limits, then refused).
    """

    __slots__ = ("value", "serial", "code", "date1904", "_text")

    def __init__(self, value: object, serial: int | float, code: str = "General",
                 date1904: bool = False) -> None:
        self.value = value
        self.serial, self.code, self.date1904 = serial, code, date1904
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = display(self.serial, self.code, self.date1904)
        return self._text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Shown({self.value!r}, {self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Shown) and (self.value, self.text) == (other.value, other.text)

    def __hash__(self) -> int:
        return hash((self.serial, self.code))


@dataclass(frozen=True)
class SheetSource:
    """What the parser needs from the workbook around a sheet: the shared strings, which
    styles are dates, and each style's number-format code (by the cell's ``s`` index).
    """

    open: Callable[[], IO[bytes]]
    shared_strings: list[object]
    date_styles: frozenset[int]
    timedelta_styles: frozenset[int]
    epoch: object
    number_formats: tuple[str, ...] = ()
    date1904: bool = False


@dataclass
class Grid:
    """The non-blank rows of a sheet, up to the limits it was read with.

    ``rows`` holds ``(row number, {column number: value})`` in sheet order, columns numbered
    from 1 and beyond ``max_cols`` dropped; ``merged`` holds ``(min_col, min_row, max_col,
    max_row)`` ranges. ``stopped`` says why reading ended early (too many rows, cells or
    characters), with ``stopped_at`` the row reached; ``chars`` counts the characters of the
    text values kept; ``wide_at`` is the first cell with a value right of the
    columns read.
    """

    rows: list[tuple[int, dict[int, object]]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    stopped: str | None = None
    stopped_at: int = 0
    chars: int = 0
    wide_at: str | None = None


class SheetError(Exception):
    """The sheet's XML is damaged or holds what Excel never writes; the message says which."""


class _Stop(Exception):
    pass


def _forbidden(*_: object) -> int:
    raise SheetError("it holds an XML document type declaration, which Excel never writes "
                     "(it is how 'XML bomb' files are built)")


class _Reader:
    """expat callbacks: a small state machine over sheetData/row/c/(v|f|is/t) and mergeCell."""

    def __init__(self, source: SheetSource, max_rows: int, max_cols: int, max_elements: int,
                 max_chars: int | None = None,
                 columns: Callable[[dict[int, object]], set[int]] | None = None):
        self.source = source
        self.columns = columns
        self.wanted: set[int] | None = None  # the columns read below row 1 (None: all)
        self.max_rows, self.max_cols, self.max_elements = max_rows, max_cols, max_elements
        self.max_chars = max_chars
        self.grid = Grid()
        self.seen = 0  # elements inside sheetData: what parsing time is proportional to
        self.in_data = False
        self.row = 0
        self.row_values: dict[int, object] = {}
        self.col = 0
        self.cell: dict[str, str] | None = None
        self.keep = False  # whether the current cell is in a column we read
        self.texts: dict[str, list[str]] = {}
        self.lengths: dict[str, int] = {}
        self.text_tag: str | None = None
        self.phonetic = 0  # depth inside <rPh>, whose text is a reading aid, not the value
        self.has_value_tag = False
        self.has_formula = False

    # -- expat handlers -------------------------------------------------------------------
    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if self.in_data:
            self.seen += 1
            if self.seen > self.max_elements:
                self.grid.stopped, self.grid.stopped_at = "cells", self.row
                raise _Stop
        if self.cell is not None:
            if tag == "rPh":
                self.phonetic += 1
            elif tag in _TEXT_TAGS and self.keep and not self.phonetic:
                self.text_tag = tag
                self.texts.setdefault(tag, [])
                if tag == "v":
                    self.has_value_tag = True
            if tag == "f":
                self.has_formula = True
        elif tag == "c" and self.in_data:
            self._start_cell(attrs)
        elif tag == "row" and self.in_data:
            self._start_row(attrs)
        elif tag == "sheetData":
            self.in_data = True
        elif tag == "mergeCell" and len(self.grid.merged) < MAX_MERGES:
            try:
                bounds = range_boundaries(attrs.get("ref", ""))
            except (ValueError, TypeError):
                return
            if None not in bounds:
                self.grid.merged.append(bounds)  # type: ignore[arg-type]

    def end(self, name: str) -> None:
        tag = name.rpartition(":")[2]
        if self.cell is not None:
            if tag == "c":
                self._end_cell()
            elif tag == "rPh":
                self.phonetic -= 1
            elif tag == self.text_tag:
                self.text_tag = None
        elif tag == "row" and self.in_data:
            self._end_row()
        elif tag == "sheetData":
            self.in_data = False

    def text(self, data: str) -> None:
        tag = self.text_tag
        if tag is None:
            return
        used = self.lengths.get(tag, 0)
        limit = MAX_FORMULA_CHARS if tag == "f" else MAX_CELL_CHARS + 1
        if used < limit:
            self.texts[tag].append(data[:limit - used])
        self.lengths[tag] = used + len(data)

    # -- rows and cells ---------------------------------------------------------------------
    def _start_row(self, attrs: dict[str, str]) -> None:
        number = attrs.get("r")
        if number is None:
            self.row += 1
        else:
            try:
                self.row = int(float(number))
            except (ValueError, OverflowError):
                raise SheetError(f"row number '{number[:20]}' is not a number") from None
        if not 1 <= self.row <= 1_048_576:
            raise SheetError(f"row number {self.row} is outside Excel's rows")
        self.row_values = {}
        self.col = 0

    def _end_row(self) -> None:
        if not self.row_values:
            return
        if self.row > self.max_rows or len(self.grid.rows) >= self.max_rows:
            self.grid.stopped, self.grid.stopped_at = "rows", self.row
            raise _Stop
        self.grid.rows.append((self.row, self.row_values))
        if self.row == 1 and self.columns is not None:
            self.wanted = self.columns(self.row_values)

    def _start_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        if ref:
            match = _CELL_REF.fullmatch(ref)
            try:
                self.col = column_index_from_string(match.group(1).upper()) if match else 0
            except ValueError:
                self.col = 0
            if not 1 <= self.col <= 16_384:  # XFD, Excel's last column
                raise SheetError(f"cell reference '{ref[:20]}' is not a cell Excel has")
        else:
            self.col += 1
        self.cell = attrs
        self.keep = (self.col <= self.max_cols or self.grid.wide_at is None) and \
            (self.wanted is None or self.col in self.wanted)
        self.texts, self.lengths = {}, {}
        self.text_tag, self.phonetic = None, 0
        self.has_value_tag = self.has_formula = False

    def _end_cell(self) -> None:
        attrs, self.cell = self.cell or {}, None
        if not self.keep:
            return
        value = self._value(attrs)
        if value is None or (isinstance(value, str) and not value.strip()):
            return
        if self.col > self.max_cols:
            self.grid.wide_at = f"{get_column_letter(self.col)}{self.row}"
            return
        if isinstance(value, str):
            # A shared string is stored once but is text again in every cell that uses it.
            self.grid.chars += len(value)
            if self.max_chars is not None and self.grid.chars > self.max_chars:
                self.grid.stopped, self.grid.stopped_at = "text", self.row
                raise _Stop
        self.row_values[self.col] = value

    def _joined(self, tag: str) -> str | None:
        parts = self.texts.get(tag)
        return None if parts is None else "".join(parts)

    def _value(self, attrs: dict[str, str]) -> object:
        kind = attrs.get("t", "n")
        raw = self._joined("v")
        if self.has_formula and (not self.has_value_tag or (not raw and kind != "str")):
            formula = (self._joined("f") or "").strip()
            shown = f"={formula}" if formula else "a formula"
            return Unusable("", f"holds {_quote(shown)}, which Excel has never calculated "
                            "(the workbook was written by a program, not saved in Excel); open "
                            "it in Excel and save it, so the result is stored")
        if kind == "inlineStr":
            raw = self._joined("t")
        if raw is None:
            return None
        length = max(self.lengths.get("v", 0), self.lengths.get("t", 0))
        if length > MAX_CELL_CHARS:
            return Unusable(raw[:50], f"holds {length:,} characters; Excel allows at most "
                            f"{MAX_CELL_CHARS:,} in a cell, so the file was not made by Excel: "
                            "shorten the text")
        if kind == "s":
            try:
                return self.source.shared_strings[int(raw)]
            except (ValueError, IndexError):
                raise SheetError(f"cell {self._ref()} refers to text that is not in the "
                                 "workbook") from None
        if kind in ("str", "inlineStr"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "e":
            return Unusable(raw, f"shows the error {raw}; correct the formula (or type the "
                            "value) so that the cell shows what should be printed")
        if kind == "d":
            try:
                return from_ISO8601(raw)
            except ValueError:
                return raw
        return self._number(raw, attrs)

    def _number(self, raw: str, attrs: dict[str, str]) -> object:
        text = raw.strip()
        if not text:
            return None
        try:
            number: int | float = int(text) if text.lstrip("-").isdigit() else float(text)
        except ValueError:
            return raw
        try:
            style = int(attrs.get("s", "0"))
        except ValueError:
            style = 0
        formats = self.source.number_formats
        code = formats[style] if 0 <= style < len(formats) else "General"
        value: object = number
        if style in self.source.date_styles:
            try:
                value = from_excel(number, self.source.epoch,
                                   timedelta=style in self.source.timedelta_styles)
            except (OverflowError, ValueError):
                return Unusable("#######", "holds a date outside the dates Excel can show "
                                "(it shows #######); type the date again")
        return Shown(value, number, code, self.source.date1904)

    def _ref(self) -> str:
        return f"{get_column_letter(self.col)}{self.row}"


def _quote(formula: str) -> str:
    return formula if formula == "a formula" else f"the formula {formula[:60]}"


def read_grid(source: SheetSource, max_rows: int, max_cols: int, max_elements: int,
              max_chars: int | None = None,
              columns: Callable[[dict[int, object]], set[int]] | None = None) -> Grid:
    """The sheet's non-blank rows, parsing at most ``max_elements`` XML elements of its data
    (about two per cell, blank formatted cells included), which bounds the time it takes, and
    keeping at most ``max_chars`` characters of text, which bounds the memory its values take.
    ``columns``, given row 1's values, names the columns whose values the rows below are
    read for; the others' cells are passed over unread (a pasted block of numbers beside a
    sheet of text costs little).

    Raises SheetError when the XML is damaged or uses what Excel never writes (a DTD, entities).
    """
    reader = _Reader(source, max_rows, max_cols, max_elements, max_chars, columns)
    with source.open() as stream:
        _parse(stream, reader)
    return reader.grid


def read_shared_strings(stream: IO[bytes]) -> list[object]:
    """The workbook's table of distinct texts, which cells of type ``s`` refer to by number.

    A text longer than Excel allows becomes an ``Unusable``, reported at each cell using it.
    """
    reader = _Strings()
    _parse(stream, reader)
    return reader.strings


class _Strings:
    """expat callbacks for ``<si>`` items: their ``<t>`` text, phonetic runs left out."""

    def __init__(self) -> None:
        self.strings: list[object] = []
        self.parts: list[str] = []
        self.length = 0
        self.in_text = False
        self.phonetic = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if tag == "t" and not self.phonetic:
            self.in_text = True
        elif tag == "si":
            self.parts, self.length = [], 0
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, name: str) -> None:
        tag = name.rpartition(":")[2]
        if tag == "t":
            self.in_text = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "si":
            text = "".join(self.parts)
            if self.length > MAX_CELL_CHARS:
                self.strings.append(Unusable(text[:50], f"holds {self.length:,} characters; "
                                             f"Excel allows at most {MAX_CELL_CHARS:,} in a "
                                             "cell, so the file was not made by Excel: "
                                             "shorten the text"))
            else:
                self.strings.append(text)

    def text(self, data: str) -> None:
        if self.in_text:
            if self.length <= MAX_CELL_CHARS:
                self.parts.append(data[:MAX_CELL_CHARS + 1 - self.length])
            self.length += len(data)


def _parse(stream: IO[bytes], reader: Any) -> None:
    """Run expat over ``stream`` with ``reader``'s callbacks, refusing what Excel never writes.

    These are the defences defusedxml gives openpyxl, made explicit: no DTD, so no entities to
    expand (billion laughs, quadratic blowup) and no external entities to fetch.
    """
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _forbidden
    parser.EntityDeclHandler = _forbidden
    parser.UnparsedEntityDeclHandler = _forbidden
    parser.ExternalEntityRefHandler = _forbidden
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    try:
        parser.ParseFile(stream)
    except _Stop:
        pass
    except expat.ExpatError as exc:
        raise SheetError(f"its XML is damaged ({expat.ErrorString(exc.code)} at line "
                         f"{exc.lineno})") from None
