"""A cell's value as Excel displays it, from the cell's number-format code.

An officer reads a workbook in Excel, so the report must print what Excel shows in the cell:
``£1,234.50`` and ``(1,234.50)``, ``49%``, ``20/06/2013``, ``00417``, not the raw
``1234.5``, ``0.4899`` or ``41445`` stored in the file. Formatting numbers the way Excel does is
a large, fiddly job (sections, conditions, rounding, dates and the 1900 leap-year bug,
``General``), so this module leaves it to ssf-coco, a maintained Python port of SheetJS's
formatter whose rules were taken from Excel itself, and keeps here only the few corrections
where it and Excel differ. Each is measured against LibreOffice Calc in
``tests/test_number_formats.py``, which also lists where Calc and Excel themselves disagree.

Two functions:

* ``display(value, code, date1904)``: the text for one cell;
* ``format_codes(wb)``: each cell style's format code, so that a cell's ``s`` attribute (its
  style index) names its code: ``codes[int(s)]``.

Wiring it into the reader (not done here):

1. ``workbook.open_book``: after ``apply_stylesheet(reader.archive, reader.wb)``, keep
   ``format_codes(reader.wb)`` on the ``Book`` and hand it, with ``date1904 =
   reader.wb.epoch == CALENDAR_MAC_1904``, to each ``SheetSource``.
2. ``sheetxml._Reader._number``: it already has the raw ``number`` and the ``style`` index
   (the cell's ``s``); the text is ``display(number, codes[style] if 0 <= style < len(codes)
   else "General", date1904)``. Call it with the number, before ``from_excel``: the serial is
   exact where a datetime is not (29/02/1900). Keep the value too (totals, ``parse_date``
   need it), e.g. in a small ``(value, shown)`` object or a per-cell text beside ``Grid.rows``.
3. Text cells (``t="s"``, ``"str"``, ``"inlineStr"``) need ``display`` only for a code with a
   text section (``"Ref: "@``); under ``@`` or a code without one the text is unchanged.
4. ``Row.text`` then prints the shown text through ``clean_text`` (accounting codes pad with
   spaces, which it trims). Booleans: ``display`` gives Excel's TRUE/FALSE where
   ``format_value`` gives Yes/No; choose one. An ``Unusable`` prints as its ``shown``.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from decimal import Decimal
from typing import Any

from openpyxl.styles.numbers import BUILTIN_FORMATS
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, to_excel
from ssf import SSF

GENERAL = "General"

#: Format ids from 164 on are the workbook's own codes (``wb._number_formats``, in order);
#: ids below are Excel's built-in formats, which the file names by number only.
FIRST_CUSTOM_ID = 164

#: Built-in formats that Excel takes from the computer's regional settings rather than from the
#: file, as a UK Excel shows them (openpyxl's table has the US ones: ``mm-dd-yy``, ``"$"``).
#: 14 is the short date Excel writes for every date typed in, 22 date and time, 20 and 21 the
#: times, 5-8 and 37-44 the currency and accounting formats of the ribbon's buttons. The codes
#: are those LibreOffice's Excel import uses for an en-GB Excel, and Calc in en-GB shows them so.
UK_BUILTIN_FORMATS: dict[int, str] = {
    5: '"£"#,##0;-"£"#,##0',
    6: '"£"#,##0;[Red]-"£"#,##0',
    7: '"£"#,##0.00;-"£"#,##0.00',
    8: '"£"#,##0.00;[Red]-"£"#,##0.00',
    14: "dd/mm/yyyy",
    15: "dd-mmm-yy",
    16: "dd-mmm",
    17: "mmm-yy",
    20: "hh:mm",
    21: "hh:mm:ss",
    22: "dd/mm/yyyy hh:mm",
    37: "#,##0;-#,##0",
    38: "#,##0;[Red]-#,##0",
    39: "#,##0.00;-#,##0.00",
    40: "#,##0.00;[Red]-#,##0.00",
    41: '_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-',
    42: '_-"£"* #,##0_-;-"£"* #,##0_-;_-"£"* "-"_-;_-@_-',
    43: '_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-',
    44: '_-"£"* #,##0.00_-;-"£"* #,##0.00_-;_-"£"* "-"??_-;_-@_-',
}

#: Codes starting with these ask for the computer's long date or long time: the ribbon's "Long
#: Date" writes ``[$-F800]dddd, mmmm dd, yyyy`` (``[$-x-sysdate]`` in newer Excels), "Time"
#: ``[$-F400]h:mm:ss AM/PM`` (``[$-x-systime]``). A UK Windows shows them like this; ssf would
#: print the US spelling that follows the prefix ("Thursday, June 20, 2013", "2:24:00 PM").
SYSTEM_FORMATS: dict[str, str] = {
    "[$-F800]": "dd mmmm yyyy",
    "[$-X-SYSDATE]": "dd mmmm yyyy",
    "[$-F400]": "hh:mm:ss",
    "[$-X-SYSTIME]": "hh:mm:ss",
}

#: Excel's limit on a format code's length; a longer one is not from Excel and reads as General.
MAX_CODE_CHARS = 255

#: Excel keeps 15 significant digits; the rest of a double is noise it never shows.
EXCEL_DIGITS = 15

#: How far (in units of the last place) a number is moved away from zero before ssf rounds it.
#: See ``_excel_number``: enough to outweigh the error of ssf's ``value * 10**places``, and
#: millions of times too small to change any digit Excel shows.
NUDGE_ULPS = 4

_local = threading.local()


def format_codes(wb: Any) -> list[str]:
    """The number-format code of each cell style of an openpyxl workbook, by style index.

    ``wb`` is the workbook after ``openpyxl.styles.stylesheet.apply_stylesheet`` (as in
    ``workbook.open_book``): its ``_cell_styles`` (the ``cellXfs`` list that a cell's ``s``
    attribute indexes) and ``_number_formats`` (the workbook's own codes, which openpyxl has
    renumbered from 164). Built-in ids Excel localises are given as a UK Excel shows them
    (``UK_BUILTIN_FORMATS``); an id nothing defines reads as ``General``, as in Excel.

    openpyxl turns a workbook's own code that spells a built-in one (a custom ``mm-dd-yy``)
    into the built-in id, so such a code is read as the built-in format it equals.
    """
    custom = list(getattr(wb, "_number_formats", []) or [])
    codes = []
    for style in getattr(wb, "_cell_styles", []) or []:
        number = getattr(style, "numFmtId", 0) or 0
        if number >= FIRST_CUSTOM_ID:
            index = number - FIRST_CUSTOM_ID
            code = custom[index] if index < len(custom) else None
        else:
            code = UK_BUILTIN_FORMATS.get(number) or BUILTIN_FORMATS.get(number)
        codes.append(code if isinstance(code, str) and code.strip() else GENERAL)
    return codes


def display(value: object, code: str | None, date1904: bool = False) -> str:
    """The text Excel shows for a cell holding ``value`` under the number format ``code``.

    ``value`` is what the workbook reader gives: int or float (a date cell's serial number is
    best, as it is exact), bool, str, or the ``datetime``/``date``/``time``/``timedelta`` that
    openpyxl makes of a date-styled number. Dates are numbers to Excel, so a date or time is
    turned back into its serial number (in the workbook's date system: ``date1904``) and
    formatted as one. The one date a ``datetime`` cannot carry is Excel's 29 February 1900
    (serial 60, the leap-year bug Excel keeps from Lotus 1-2-3): openpyxl reads it as 28
    February, so only the serial prints what Excel shows.

    Text prints as it is unless the code has a text section (``"Ref: "@``, the fourth section
    of ``pos;neg;zero;text``); ``@`` keeps ``00417`` as typed. Booleans are ``TRUE``/``FALSE``
    whatever the code, as in Excel. ``None`` is an empty cell: "".

    Never raises: a code ssf cannot read (``[Red``, an unclosed quote) or longer than Excel
    allows falls back to ``General``, which is what the value looks like in a cell Excel could
    not format; a value of another type prints as ``str(value)`` (a reader's ``Unusable`` as
    what Excel shows). A date outside Excel's range (negative, after 9999) prints as a run of
    ``#``, as Excel fills such a cell.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # Excel ignores the format for booleans
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        value = _serial(value, date1904)
    if isinstance(value, (int, float)):
        try:
            value = _excel_number(value)
        except (OverflowError, ValueError):  # inf, nan, an int past a double: not from Excel
            return str(value)
    elif not isinstance(value, str):
        return str(value)
    code = _excel_code(code)
    formatter = _formatter(date1904)
    try:
        return str(formatter.format(code, value))
    except Exception:  # noqa: BLE001 - ssf raises many types for codes it cannot read
        try:
            return str(formatter.format(GENERAL, value))
        except Exception:  # noqa: BLE001 - and General must not fail the report either
            return str(value)


def _excel_code(code: str | None) -> str:
    """The code to hand ssf: General for a missing or blank one (Excel's reading of an empty
    ``formatCode``) or one longer than Excel allows, the UK spelling for the system long date
    and time.
    """
    if not isinstance(code, str) or not code.strip() or len(code) > MAX_CODE_CHARS:
        return GENERAL
    for prefix, local in SYSTEM_FORMATS.items():
        if code.upper().startswith(prefix):
            return local
    return code


def _serial(value: dt.datetime | dt.date | dt.time | dt.timedelta, date1904: bool) -> float:
    """A date or time as the serial number Excel stores: days since the epoch, the time of day
    as a fraction. openpyxl's ``to_excel`` is the inverse of the ``from_excel`` the reader used,
    including its day's shift for dates before March 1900.
    """
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second
                + value.microsecond / 1e6) / 86400
    if isinstance(value, dt.datetime):
        value = value.replace(tzinfo=None)
    return float(to_excel(value, CALENDAR_MAC_1904 if date1904 else WINDOWS_EPOCH))


def _excel_number(value: int | float) -> int | float:
    """The number as Excel holds it, ready for ssf's rounding.

    Excel works to 15 significant digits: it shows 1234567890123456789 as
    1234567890123460000, and 1.005 (stored as 1.00499999999999989...) under ``0.00`` as 1.01,
    because it rounds the decimal 1.005, half away from zero. ssf rounds the double, so 1.005
    gives 1.00. Here a float is cut to 15 digits; a whole number becomes an int, which ssf
    prints exactly; any other is moved a few units of its last place away from zero, so that
    a decimal half (1.005, 1.015, 99.995) lands on the side Excel rounds it to. The move is far
    below the 15th digit, so no other number's display changes.
    """
    if isinstance(value, int) and abs(value) < 10**EXCEL_DIGITS:
        return value
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a number Excel can hold")
    if value == 0:
        return 0
    exact = Decimal(f"{float(value):.{EXCEL_DIGITS}g}")
    if exact == exact.to_integral_value():
        return int(exact)
    number = float(exact)
    away = math.copysign(math.inf, number)
    for _ in range(NUDGE_ULPS):
        number = math.nextafter(number, away)
    return number


def _formatter(date1904: bool) -> SSF:
    """This thread's ssf formatter for the date system.

    ``locale_support=False``: ssf's locale code would follow the host's locale (no thousands
    separator under the C locale) and, in ssf-coco 0.2.4, prints debugging lines to stdout. The
    codes carry their own symbols, and English names are what a UK Excel shows. ssf keeps
    per-call state on the object, so each thread has its own.
    """
    cache: dict[bool, SSF] | None = getattr(_local, "formatters", None)
    if cache is None:
        cache = _local.formatters = {}
    formatter = cache.get(date1904)
    if formatter is None:
        formatter = cache[date1904] = SSF(date1904=date1904, locale_support=False,
                                          errors="raise")
    return formatter
