"""Turning raw cell values into clean text, dates and amounts: one place for every reader, so
both writers receive the same text, and text that Word's XML and WeasyPrint can both hold.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from reportgen.inputs.sheetxml import Shown, Unusable

_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
# Line breaks in their other spellings: Excel's old vertical tab, Unicode's line and paragraph
# separators, the C1 "next line".
_BREAKS = re.compile("\r\n|[\r\x0b\u2028\u2029\x85]")
# XML 1.0 cannot hold C0 controls other than tab and newline, nor U+FFFE/U+FFFF, nor lone
# surrogates; C1 controls it can hold, but no font draws them (a box in the PDF).
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_text(value: str) -> str:
    """Cell text as it should print: Excel's ``_xHHHH_`` escapes decoded, every spelling of a
    line break made a newline, characters no writer can carry removed, runs of spaces
    collapsed and each line trimmed.
    """
    value = _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    if "\ud800" <= max(value, default="") and _SURROGATE_PAIR.search(value):
        # Escaped (or mis-decoded) UTF-16 pairs: join them into the character they spell.
        value = _SURROGATE_PAIR.sub(
            lambda m: m.group(0).encode("utf-16-le", "surrogatepass").decode("utf-16-le"),
            value)
    value = _NOT_PRINTABLE.sub("", _BREAKS.sub("\n", value))
    lines = [_SPACES.sub(" ", line).strip() for line in value.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def format_value(value: object) -> str:
    """Any cell value as the text a reader would expect to see printed."""
    if value is None:
        return ""
    if isinstance(value, Unusable):
        return value.shown  # reported at its cell already; never printed
    if isinstance(value, Shown):
        return clean_text(value.text)  # as Excel shows it, its number format applied
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return clean_text(str(value))


def parse_date(value: object) -> dt.date | None:
    """A date cell, or text typed day first (20/06/2013, 20-06-13, 20 June 2013)."""
    if isinstance(value, Shown):
        value = value.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = " ".join(clean_text(value).split())
    for fmt in ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d-%m-%y", "%d.%m.%Y", "%d %B %Y",
                "%d %b %Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# An amount as officers type it: optional minus, optional £, digits with or without correctly
# placed thousands commas (or spaces), optional decimals. "23,9O2" and "23902.5.1" are not.
_AMOUNT = re.compile(r"(?P<sign>-?)£?(?P<sign2>-?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)"
                     r"(?P<dec>\.\d+)?")


def parse_amount(value: object) -> Decimal | None:
    """A number cell, or text an officer typed as an amount ("£23,902", "1 000", "-£5.50"),
    exactly (no binary fractions, so totals add up as they do on paper); None otherwise.
    """
    if isinstance(value, Shown):
        value = value.value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        # Floats at Excel's own precision, 15 significant digits: 0.1 + 0.2 stored by Excel
        # as 0.30000000000000004 is the 0.3 the officer sees.
        number = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
        return number if number.is_finite() else None
    if not isinstance(value, str):
        return None
    text = clean_text(value).replace("\u2212", "-")
    text = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)", "", text.strip())
    negative = text.startswith("(") and text.endswith(")")  # accountants' (500)
    match = _AMOUNT.fullmatch(text[1:-1] if negative else text)
    if not match or (match.group("sign") and match.group("sign2")):
        return None
    try:
        number = Decimal(match.group("int").replace(",", "") + (match.group("dec") or ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    return -number if negative or match.group("sign") or match.group("sign2") else number


def parse_number(value: object) -> float | None:
    """``parse_amount`` as a float, for counts and outcome numbers."""
    amount = parse_amount(value)
    return None if amount is None else float(amount)


def looks_like_amount(text: str) -> bool:
    """Whether text that is not an amount was probably meant to be one: it starts with £ or
    is mostly digits ("£23,9O2", "23902.5.1"), so a total would silently leave it out.
    """
    text = text.strip()
    core = [c for c in text if not c.isspace()]
    digits = sum(c.isdigit() for c in core)
    return text.startswith(("£", "-£")) or (digits > 0 and digits * 2 >= len(core))


def format_amount(total: Decimal, cells: list[object]) -> str:
    """A column's total printed the way its cells are: as many decimal places as the most
    precise, with £ and thousands commas when the officer typed them.
    """
    texts = [c.strip() for c in cells if isinstance(c, str)]
    places = 0
    for cell in cells:
        amount = parse_amount(cell)
        if amount is not None:
            exponent = amount.as_tuple().exponent
            places = max(places, -exponent if isinstance(exponent, int) else 0)
    commas = any("," in t for t in texts)
    pound = any("£" in t for t in texts)
    text = f"{abs(total):{',' if commas else ''}.{places}f}"
    return ("-" if total < 0 else "") + ("£" if pound else "") + text
