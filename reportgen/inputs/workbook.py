"""Opening officers' workbooks safely and reading sheets as rows of named columns.

Every failure becomes a ``Problem`` naming the workbook, sheet and cell, in words an officer can
act on; nothing here raises openpyxl's own exceptions to the caller.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook as XlWorkbook

from reportgen.errors import Problems
from reportgen.inputs.cells import clean_text, format_value

if not openpyxl.DEFUSEDXML:  # pragma: no cover - depends on the installation
    raise ImportError("reportgen needs defusedxml so that openpyxl parses workbooks safely; "
                      "install the project with its dependencies")

#: Stop reading a sheet after this many blank rows in a row: formatting can make openpyxl
#: report a million rows where an officer typed twenty.
BLANK_RUN = 50
#: Refuse sheets longer than this; no report input needs more, and it bounds time and memory.
MAX_ROWS = 20_000
#: Only this many columns are read, whatever the sheet's dimension claims.
MAX_COLUMNS = 40
#: Largest workbook file accepted, and largest total of its unpacked parts (zip bombs).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


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


class Workbook:
    """An officer's workbook, opened read-only, with problems collected rather than raised."""

    def __init__(self, path: Path, problems: Problems, name: str | None = None):
        self.path = path
        self.name = name or path.name
        self.problems = problems
        self.book: XlWorkbook | None = self._open()

    def _open(self) -> XlWorkbook | None:
        reason = _sniff(self.path)
        if reason:
            self.problems.add(self.name, reason)
            return None
        try:
            return openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for bad files
            self.problems.add(self.name, f"cannot be read as an Excel workbook ({exc}); "
                              "open it in Excel and save it as an Excel Workbook (.xlsx)")
            return None

    def close(self) -> None:
        if self.book is not None:
            self.book.close()

    def has_sheet(self, sheet: str) -> bool:
        return self.book is not None and sheet in self.book.sheetnames

    def rows(self, sheet: str, required: tuple[str, ...], optional: tuple[str, ...] = (),
             must_exist: bool = True) -> Iterator[Row]:
        """The non-blank rows under the header row, for the named columns.

        A missing sheet or column is recorded as a problem and yields nothing.
        """
        if self.book is None:
            return
        if sheet not in self.book.sheetnames:
            if must_exist:
                near = difflib.get_close_matches(sheet, self.book.sheetnames, n=1)
                hint = f" (is it the sheet named '{near[0]}'?)" if near else ""
                self.problems.add(self.name, f"has no sheet named '{sheet}'{hint}; "
                                  f"expected a sheet '{sheet}'", sheet=sheet)
            return
        ws = self.book[sheet]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # a lying <dimension> must not make us read a million rows
        it = ws.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        header = next(it, None)
        if header is None:
            self.problems.add(self.name, "is empty; expected column names in row 1: "
                              + ", ".join(required), sheet=sheet, cell="A1")
            return
        columns: dict[str, int] = {}
        for index, title in enumerate(header):
            if title is not None and str(title).strip():
                columns.setdefault(_key(clean_text(str(title))), index)
        missing = [c for c in required if _key(c) not in columns]
        for column in missing:
            have = [str(t) for t in header if t is not None]
            near = difflib.get_close_matches(column, have, n=1, cutoff=0.5)
            hint = f"; the closest is '{near[0]}'" if near else ""
            self.problems.add(self.name, f"has no column '{column}' in row 1{hint}; "
                              f"expected columns: {', '.join(required)}", sheet=sheet, cell="1:1")
        if missing:
            return
        wanted = {_key(c): columns[_key(c)] for c in (*required, *optional) if _key(c) in columns}
        letters = {k: get_column_letter(i + 1) for k, i in wanted.items()}
        blanks = 0
        for number, values in enumerate(it, start=2):
            if number > MAX_ROWS:
                self.problems.add(self.name, f"has more than {MAX_ROWS:,} rows; a report input "
                                  "should be far shorter: delete unused rows", sheet=sheet)
                return
            picked = {k: (values[i] if i < len(values) else None) for k, i in wanted.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in picked.values()):
                blanks += 1
                if blanks >= BLANK_RUN:
                    return
                continue
            blanks = 0
            yield Row(number, picked, letters)


def _sniff(path: Path) -> str | None:
    """Why a file cannot be an .xlsx workbook, judged from its bytes, or None if it may be one."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(512)
    except FileNotFoundError:
        return "is missing; expected an Excel workbook at " + str(path)
    except OSError as exc:
        return f"cannot be opened ({exc.strerror}); close it in other programs and try again"
    if size == 0:
        return "is empty (0 bytes); save the workbook again from Excel"
    if size > MAX_FILE_BYTES:
        return f"is {size // 2**20} MB; expected a workbook under {MAX_FILE_BYTES // 2**20} MB"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ("is an old-format (.xls) or password-protected workbook; remove the password and "
                "save it as an Excel Workbook (.xlsx)")
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
        return ("is a web page saved with an .xlsx name, not a workbook; open it in Excel and "
                "save it as an Excel Workbook (.xlsx)")
    if not head.startswith(b"PK"):
        return ("is not an Excel workbook (it may be a CSV or text file renamed to .xlsx); "
                "open it in Excel and save it as an Excel Workbook (.xlsx)")
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            unpacked = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile:
        return "is damaged or incomplete (not a complete .xlsx file); save it again from Excel"
    if unpacked > MAX_UNPACKED_BYTES:
        return (f"unpacks to {unpacked // 2**20} MB, far more than a report input needs; "
                "it may be damaged or hostile")
    if "xl/workbook.bin" in names:
        return "is a binary workbook (.xlsb); save it as an Excel Workbook (.xlsx)"
    if "xl/workbook.xml" not in names:
        return "is a zip file but not an Excel workbook; save it as an Excel Workbook (.xlsx)"
    return None
