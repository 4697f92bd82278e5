"""Reading a data table from its own sheet, and its Total row, which must agree with the rows.

A table prints as the officer's spreadsheet shows it: each cell's text with its number format
applied (``Shown``), the header row first. Which columns are totalled is the officer's to say,
never reportgen's guess: a last row whose first cell is ``Total`` is the Total row, and under
each column it holds

* a number, typed or (usually) Excel's ``=SUM(...)``: it is printed as Excel shows it, after
  checking that it agrees with the rows above as shown (a typed total left behind when a row
  changed is reported at its cell, never printed);
* the word ``sum``: reportgen adds the column up and prints it in the column's own format;
* nothing: that column has no total (a Year or reference column is never added up).

Every filled cell of a totalled column must then be a number: an amount typed wrongly
(``£23,9O2``, ``TBC``) would otherwise be left out of the total without anyone noticing.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl.utils import get_column_letter

from reportgen import model
from reportgen.inputs.cells import format_amount, format_value, looks_like_amount, parse_amount
from reportgen.inputs.numfmt import display
from reportgen.inputs.schema import SUM_WORD, TOTAL_LABELS  # with every accepted word
from reportgen.inputs.sheetxml import Shown, Unusable
from reportgen.inputs.workbook import Workbook

#: A table sheet is read this far; past it is a problem. A table of 20 columns and 2,000 rows
#: took four minutes and 850 MB to lay out: 400 rows keeps the largest table within a minute
#: (longer data belongs in a delivery-plan workbook or a supplied paper, not a report's table).
MAX_TABLE_ROWS = 400
MAX_TABLE_COLUMNS = 20

Cells = list[tuple[int, list[object]]]


def read_table(wb: Workbook, sheet: str, total: bool, caption: str) -> model.Table | None:
    """A table from its own sheet: its first non-blank row the header, each row after it a
    table row, a last row starting ``Total`` its Total row. ``total`` (the ``table with total``
    style) says the officer means there to be a Total row. Merged cells and cells right of
    the columns read are problems, not silently dropped: the printed table would not be the
    one in the sheet.
    """
    if not wb.has_sheet(sheet):
        return None
    grid = wb.grid(sheet, max_rows=MAX_TABLE_ROWS, max_cols=MAX_TABLE_COLUMNS)
    if grid is None:
        return None
    if grid.wide_at:
        wb.problems.add(wb.name, f"has text in column {grid.wide_at.rstrip('0123456789')}, "
                        f"right of the {MAX_TABLE_COLUMNS} columns a table may have; expected "
                        "a narrower table (split it, or move notes to the report text)",
                        sheet, grid.wide_at)
    if not grid.rows:
        wb.problems.add(wb.name, "is empty; expected a header row and table rows", sheet, "A1")
        return None
    for min_col, min_row, max_col, max_row in grid.merged:
        if min_row <= grid.rows[-1][0] and (min_col, min_row) != (max_col, max_row):
            span = (f"{get_column_letter(min_col)}{min_row}:"
                    f"{get_column_letter(max_col)}{max_row}")
            wb.problems.add(wb.name, f"cells {span} are merged; a printed table cannot merge "
                            "cells, so expected each cell on its own: unmerge them", sheet, span)
    width = max(col for _, values in grid.rows for col in values)
    cells: Cells = [(number, [wb.usable(values.get(col), sheet, _ref(col - 1, number))
                              for col in range(1, width + 1)])
                    for number, values in grid.rows]
    for number, values in cells:
        wb.report_example(sheet, [(_ref(col, number), v) for col, v in enumerate(values)])
    header = [format_value(v) for v in cells[0][1]]
    body = cells[1:]
    total_row = body.pop() if body and _is_total_row(body[-1][1]) else None
    footer = None
    if total_row is not None:
        footer = _footer(wb, sheet, body, total_row)
    elif total:
        wb.problems.add(wb.name, "has no Total row; a 'table with total' needs one: add a last "
                        "row with Total in column A and, under each column to add up, =SUM(...) "
                        f"or the word {SUM_WORD} (leave the others empty)", sheet,
                        f"A{(body[-1][0] if body else cells[0][0]) + 1}")
    rows = [[format_value(v) for v in values] for _, values in body]
    numeric = [_numeric([values[col] for _, values in body]) for col in range(width)]
    return model.Table(header, rows, footer, caption, numeric,
                       source=(wb.name, sheet, f"{cells[0][0]}:{cells[0][0]}"))


def _ref(col: int, row: int) -> str:
    return f"{get_column_letter(col + 1)}{row}"


def _is_total_row(values: list[object]) -> bool:
    first = format_value(values[0]).casefold().strip().rstrip(":")
    return first in TOTAL_LABELS


def _numeric(values: list[object]) -> bool:
    """Whether a column holds numbers (so it is printed right-aligned, as Excel does): most
    of its filled cells are numbers, dates, or amounts typed as text.
    """
    filled = [v for v in values if v is not None and not isinstance(v, Unusable)]
    numbers = sum(isinstance(v, Shown) or parse_amount(v) is not None for v in filled)
    return bool(filled) and numbers * 2 > len(filled)


def _footer(wb: Workbook, sheet: str, body: Cells, total_row: tuple[int, list[object]]
            ) -> list[str]:
    """The Total row as printed, each total checked against (or computed from) its column."""
    number, values = total_row
    footer = [format_value(values[0])]
    for col in range(1, len(values)):
        value = values[col]
        cell = _ref(col, number)
        if value is None or isinstance(value, Unusable):
            footer.append("")
            continue
        asked = isinstance(value, str) and value.strip().casefold() == SUM_WORD
        typed = None if asked else parse_amount(value)
        if not asked and typed is None:
            footer.append(format_value(value))  # words ("n/a"): printed, nothing to check
            continue
        column = [(n, values[col]) for n, values in body]
        amounts = _amounts(wb, sheet, col, column)
        if amounts is None:
            footer.append(format_value(value))
            continue
        total = sum(amounts, Decimal(0))
        shown = _in_column_format(total, [v for _, v in column])
        if asked:
            footer.append(shown)
            continue
        assert typed is not None
        if not _agree(total, value, typed):
            wb.problems.add(wb.name, f"the Total shows {format_value(value)}, but the rows "
                            f"above add up to {_as(total, value)}; correct the rows or the "
                            f"total (type {SUM_WORD} for reportgen to add the column up)",
                            sheet, cell)
        footer.append(format_value(value))
    return footer


def _amounts(wb: Workbook, sheet: str, col: int, column: Cells | list[tuple[int, object]]
             ) -> list[Decimal] | None:
    """The column's amounts, or None after reporting each filled cell that is not one."""
    amounts: list[Decimal] = []
    wrong = False
    for number, value in column:
        if value is None or isinstance(value, Unusable):
            continue
        amount = parse_amount(value)
        if amount is None:
            wrong = True
            hint = " (it looks like a mistyped amount)" if looks_like_amount(
                format_value(value)) else ""
            wb.problems.add(wb.name, f"found '{format_value(value)}', which is not a number"
                            f"{hint}; column {get_column_letter(col + 1)} has a total, so "
                            "expected a number such as 23902 or £23,902 (or a blank cell)",
                            sheet, _ref(col, number))
            continue
        amounts.append(amount)
    return None if wrong else amounts


def _in_column_format(total: Decimal, cells: list[object]) -> str:
    """A computed total printed as its column's numbers are: in the number format of its
    first formatted cell, or, for amounts typed as text, with their £, commas and decimals.
    """
    filled = [c for c in cells if c is not None and not isinstance(c, Unusable)]
    if filled and all(isinstance(c, Shown) and isinstance(c.value, (int, float)) for c in filled):
        return display(_number(total), filled[0].code)  # type: ignore[attr-defined]
    return format_amount(total, cells)


def _number(total: Decimal) -> int | float:
    return int(total) if total == total.to_integral_value() else float(total)


def _agree(total: Decimal, cell: object, typed: Decimal) -> bool:
    """Whether a typed total agrees with the rows as the officer sees them: equal once both
    are shown in the total cell's own format (a total of whole pounds agrees with pence that
    round to it), or equal exactly when the cell is text.
    """
    if isinstance(cell, Shown):
        return display(_number(total), cell.code) == cell.text
    return total == typed


def _as(total: Decimal, cell: object) -> str:
    if isinstance(cell, Shown):
        return display(_number(total), cell.code)
    return format_amount(total, [cell])
