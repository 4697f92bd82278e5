"""Characters no font can print: found in the cells they were typed in, before a build.

The PDF is laid out by Pango, which takes each character from the first font of the report's
font list that has it and otherwise from any font installed (fontconfig's fallback): Chinese
names come from Droid Sans Fallback, Arabic and many symbols from DejaVu Sans. A character no
installed font has would be published as an empty box, so it is an input problem at its cell
instead, naming the character. The fonts' coverage is fontconfig's own account of it
(``fc-list``, one call per process, made only when a cell holds a character beyond the Latin
alphabets every body font has).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata

#: Latin, Latin-1 and Latin Extended-A/B: in every body font reportgen uses, never looked up.
_ALWAYS = 0x250
#: Characters that are never printed as glyphs (line breaks, tabs, joiners, variation
#: selectors, direction marks): nothing to look for in a font.
_INVISIBLE = frozenset("\n\r\t\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")


def unprintable(text: str) -> list[str]:
    """The distinct characters of ``text`` no installed font has, in order of appearance."""
    if all(ord(c) < _ALWAYS for c in text):
        return []
    covered = _coverage()
    if covered is None:
        return []  # fontconfig cannot say: nothing is reported on a guess
    missing: list[str] = []
    for char in text:
        point = ord(char)
        if point < _ALWAYS or char in _INVISIBLE or char in missing or \
                unicodedata.category(char) in ("Mn", "Cf", "Zs") or \
                0xFE00 <= point <= 0xFE0F or 0xE0100 <= point <= 0xE01EF:
            continue
        if not any(low <= point <= high for low, high in covered):
            missing.append(char)
    return missing


def describe(chars: list[str]) -> str:
    """``'𝔄' (U+1D504, MATHEMATICAL FRAKTUR CAPITAL A)`` for each, for a message."""
    return ", ".join(f"'{c}' (U+{ord(c):04X}, {unicodedata.name(c, 'unnamed character')})"
                     for c in chars[:5]) + (f" and {len(chars) - 5} more" if len(chars) > 5
                                           else "")


@functools.cache
def _coverage() -> tuple[tuple[int, int], ...] | None:
    """Every range of characters some installed font has, merged; None without fontconfig."""
    command = shutil.which("fc-list")
    if command is None:
        return None
    try:
        listed = subprocess.run([command, "--format", "%{charset}\n"], capture_output=True,
                                text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges = []
    for part in listed.split():
        low, _, high = part.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged) if merged else None
