"""Text widths in the font the PDF sets a house style in, read from the font's own file.

Table columns are sized from their text, so the widths must be those of the glyphs actually
printed: Liberation Sans for Arial (the built-in style), Carlito for Calibri, or whatever
font the house style's template names when it is installed. The same widths hold in Word and
LibreOffice, which use the font itself or its metric-compatible twin (``style.reference``).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

CM_PER_PT = 2.54 / 72

#: The built-in style's font, found without asking fontconfig (its files are always here).
BUILT_IN_FAMILY = "Liberation Sans"
BUILT_IN_FILES = {
    False: "LiberationSans-Regular.ttf",
    True: "LiberationSans-Bold.ttf",
}
BUILT_IN_FOLDERS = (Path("/usr/share/fonts/truetype/liberation2"),
                    Path("/usr/share/fonts/truetype/liberation"))
#: Width of a character, in ems, when the font file cannot be read: wide enough for any digit.
FALLBACK_EM = 0.6


def font_file(family: str, bold: bool) -> Path | None:
    """The file fontconfig draws ``family`` from (its bold face if ``bold``), or None when the
    family itself is not installed (fontconfig would substitute another)."""
    if family == BUILT_IN_FAMILY:
        return next((folder / BUILT_IN_FILES[bold] for folder in BUILT_IN_FOLDERS
                     if (folder / BUILT_IN_FILES[bold]).is_file()), None)
    if not shutil.which("fc-match"):
        return None
    pattern = f"{family}:weight={'bold' if bold else 'regular'}"
    found = subprocess.run(["fc-match", "-f", "%{file}|%{family}", pattern],
                           capture_output=True, text=True, check=False).stdout
    path, _, families = found.partition("|")
    if family.lower() not in (f.strip().lower() for f in families.split(",")):
        return None
    return Path(path) if path else None


@functools.cache
def _advances(family: str, bold: bool) -> tuple[dict[int, float], float]:
    """Glyph advance widths of ``family``, in ems, by character, and a default width."""
    try:
        from fontTools.ttLib import TTFont

        path = font_file(family, bold)
        if path is None:
            return {}, FALLBACK_EM
        with TTFont(path, lazy=True, fontNumber=0) as font:
            per_em = font["head"].unitsPerEm
            metrics = font["hmtx"].metrics
            cmap = font.getBestCmap()
            widths = {code: metrics[glyph][0] / per_em for code, glyph in cmap.items()}
        return widths, max(widths.get(ord("W"), FALLBACK_EM), FALLBACK_EM)
    except (OSError, KeyError, AttributeError):
        return {}, FALLBACK_EM


def text_width(text: str, size_pt: float, bold: bool = False,
               family: str = BUILT_IN_FAMILY) -> float:
    """The width of one line of ``text`` in centimetres, at ``size_pt``, in ``family``."""
    widths, default = _advances(family, bold)
    ems = sum(widths.get(ord(c), default) for c in text)
    return ems * size_pt * CM_PER_PT


@functools.lru_cache(maxsize=65536)
def _word_width(word: str, size_pt: float, bold: bool, family: str) -> float:
    return text_width(word, size_pt, bold, family)


def wrapped_lines(text: str, width: float, size_pt: float, bold: bool = False,
                  family: str = BUILT_IN_FAMILY) -> int:
    """How many lines ``text`` takes in a column ``width`` cm wide, broken between words."""
    space = _word_width(" ", size_pt, bold, family)
    count = 0
    for line in text.split("\n") or [""]:
        count += 1
        used = 0.0
        for word in line.split():
            extent = _word_width(word, size_pt, bold, family)
            if used and used + space + extent > width:
                count += 1
                used = extent
            else:
                used += (space if used else 0.0) + extent
    return count
