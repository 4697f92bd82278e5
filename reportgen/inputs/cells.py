"""Turning raw cell values into clean text: one function for every reader, so both writers
receive text that Word's XML and WeasyPrint can hold.
"""

from __future__ import annotations

import datetime as dt
import re

_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# XML 1.0 cannot hold C0 controls other than tab and newline, nor U+FFFE/U+FFFF, nor surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_text(value: str) -> str:
    """Cell text as it should print: Excel's ``_xHHHH_`` escapes decoded, characters that XML
    cannot carry removed (a vertical tab, Excel's old line break, becomes a newline), runs of
    spaces collapsed and each line trimmed.
    """
    value = _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    value = _NOT_XML.sub("", value)
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
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    for fmt in ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d-%m-%y", "%d.%m.%Y", "%d %B %Y",
                "%d %b %Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_number(value: object) -> float | None:
    """A number cell, or text an officer typed as an amount ("£23,902", "1 000"); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip().replace("£", "").replace(",", "").replace(" ", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    return float(text)
