"""The sheet drawn under a report's or a pack's pages (``pdfjoin``): every page's stamp
(``ITEM NO. 17.5``) or mark, drawn from a few sample pages instead of laid out page by page.

WeasyPrint lays out a page's sixteen margin boxes to draw one of them, about 10 ms a page: a
150-page plan spent 1.4 s laying out empty pages for their stamps. Every stamp of a report is
the same text but for its page number, set right-aligned at the same place on every page of a
kind (portrait or landscape). So WeasyPrint lays out, for each kind of page the report has,
two samples (``html.render_stamps`` with ``samples``): one whose number (``SAMPLE``) holds
every ordered pair of digits, one with the number 0. From the first come each digit's glyph
and the kerning WeasyPrint set between each pair; each page's stamp is then the 0 sample's
drawing with the page number's glyphs in place of the 0, moved so that it ends where the
sample ended (glyph widths from the embedded font). A font that does not set one glyph per
character, or kerns by more than the pair, is detected and ``compose`` returns None: the
caller then lays out a page per page as before. A mark (the confidential pack's) is the same
on every page of a kind, so one sample per kind is copied.
"""

from __future__ import annotations

import io
from decimal import Decimal
from itertools import pairwise

import pikepdf
from pikepdf import Array, Dictionary, Name

DIGITS = "0123456789"


def kinds(landscape: list[bool]) -> list[bool]:
    """The kinds of page present (False: portrait, True: landscape), in a fixed order."""
    return [kind for kind in (False, True) if kind in landscape]


def compose(samples: bytes, landscape: list[bool], numbered: bool = True) -> bytes | None:
    """An untagged PDF with one page per entry of ``landscape``: page n's stamp with the
    number n (``numbered``), or the sample of its kind as it is.

    ``samples``: the laid-out sample pages, for each of ``kinds(landscape)`` in order, two
    (the number ``SAMPLE``, then 0) when ``numbered``, else one. None if the font's digits
    cannot be set glyph by glyph (see the module's docstring).
    """
    per_kind = 2 if numbered else 1
    with pikepdf.open(io.BytesIO(samples)) as source:
        out = pikepdf.new()
        made: dict[bool, tuple[pikepdf.Object, _Stamp | None, bytes]] = {}
        for index, kind in enumerate(kinds(landscape)):
            page = source.pages[index * per_kind + per_kind - 1]
            stamp = None
            if numbered:
                stamp = _Stamp.read(source.pages[index * per_kind], page)
                if stamp is None:
                    return None
            own = out.copy_foreign(page.obj)  # its resources (font, graphics state) once
            made[kind] = (own, stamp, page.Contents.read_bytes() if not numbered else b"")
        for number, kind in enumerate(landscape, start=1):
            own, stamp, drawing = made[kind]
            content = stamp.drawing(number) if stamp is not None else drawing
            out.pages.append(pikepdf.Page(Dictionary(
                Type=Name.Page, MediaBox=own.MediaBox, Resources=own.Resources,
                Contents=out.make_stream(content))))
        data = io.BytesIO()
        out.save(data, deterministic_id=True)
        return data.getvalue()


def _pairs_sequence() -> str:
    """Every ordered pair of digits, each once (a de Bruijn sequence of order 2)."""
    seen: set[str] = set()
    out = "0"
    while len(seen) < 100:
        for digit in reversed(DIGITS):
            if out[-1] + digit not in seen:
                seen.add(out[-1] + digit)
                out += digit
                break
        else:
            raise AssertionError("no de Bruijn sequence")
    return out


#: The number a sample stamp shows: after the agenda item's dot, each digit after a dot, then
#: every ordered pair of digits, so that every kerning pair a page number can make is in it.
SAMPLE = ".".join(DIGITS) + _pairs_sequence()


class _Stamp:
    """A sample stamp's drawing, with what it takes to set another number in its place: each
    glyph's code and width, and the kerning between each pair, as WeasyPrint set them.
    """

    def __init__(self, instructions: list, text: int, position: int, prefix: list,
                 glyphs: dict[str, bytes], kerning: dict[tuple[bytes, bytes], Decimal],
                 widths: dict[bytes, Decimal], size: Decimal) -> None:
        self.instructions = instructions  # the drawing of the "0" sample
        self.text, self.position = text, position  # indexes of its TJ and its Tm
        self.prefix = prefix  # the TJ's items before the number: code, kerning, code, …
        self.glyphs = glyphs  # "7" -> its glyph code
        self.kerning = kerning  # (code, next code) -> the TJ's number between them
        self.widths = widths
        self.size = size  # the font size, in the Tm's units
        base = list(self.instructions[self.text].operands[0])
        self.last = base[-1]  # the TJ's number after the 0, the sample's last glyph
        self.right = Decimal(str(self.instructions[self.position].operands[4])) + \
            self._width(base)

    @classmethod
    def read(cls, sample: pikepdf.Page, zero: pikepdf.Page) -> _Stamp | None:
        long, short = _drawn(sample), _drawn(zero)
        if long is None or short is None:
            return None
        long_ops, long_text, _ = long
        short_ops, short_text, short_at = short
        fonts = [op for op in short_ops if str(op.operator) == "Tf"]
        widths = _widths(zero, fonts)
        if widths is None:
            return None
        long_run = list(long_ops[long_text].operands[0])
        short_run = list(short_ops[short_text].operands[0])
        if len(long_run) % 2 or len(short_run) % 2 or \
                not all(isinstance(item, pikepdf.String) for item in long_run[::2]):
            return None
        codes = [bytes(item) for item in long_run[::2]]
        numbers = [Decimal(str(item)) for item in long_run[1::2]]
        prefix_glyphs = len(short_run) // 2 - 1
        if len(codes) != prefix_glyphs + len(SAMPLE) or long_run[:2 * prefix_glyphs - 1] != \
                short_run[:2 * prefix_glyphs - 1]:
            return None  # not one glyph per character: cannot set a number glyph by glyph
        glyphs: dict[str, bytes] = {}
        for char, code in zip(SAMPLE, codes[prefix_glyphs:], strict=True):
            if glyphs.setdefault(char, code) != code or code not in widths:
                return None
        kerning: dict[tuple[bytes, bytes], Decimal] = {}
        for pair, number in zip(pairwise(codes), numbers[:-1], strict=True):
            if kerning.setdefault(pair, number) != number:
                return None  # kerning that depends on more than the pair
        if glyphs["."] != codes[prefix_glyphs - 1] or bytes(short_run[-2]) != glyphs["0"]:
            return None
        size = Decimal(str(fonts[0].operands[1]))
        return cls(short_ops, short_text, short_at, short_run[:-3], glyphs, kerning, widths,
                   size)

    def _width(self, run: list) -> Decimal:
        """How far a TJ run advances: each glyph's width less the number after it."""
        total = sum((self.widths[bytes(code)] - Decimal(str(number))
                     for code, number in zip(run[::2], run[1::2], strict=True)), Decimal(0))
        return total * self.size / 1000

    def drawing(self, number: int) -> bytes:
        """The sample's drawing with ``number`` in place of its 0, ending where it ended."""
        codes = [self.glyphs[digit] for digit in str(number)]
        run = [*self.prefix, self.kerning.get((self.glyphs["."], codes[0]), Decimal(0))]
        for code, following in zip(codes, [*codes[1:], None], strict=True):
            run += [pikepdf.String(code),
                    self.kerning.get((code, following), Decimal(0)) if following else self.last]
        at = self.instructions[self.position]
        x = round(self.right - self._width(run), 6)
        instructions = list(self.instructions)
        instructions[self.position] = pikepdf.ContentStreamInstruction(
            [*at.operands[:4], x, at.operands[5]], at.operator)
        instructions[self.text] = pikepdf.ContentStreamInstruction([Array(run)],
                                                                   pikepdf.Operator("TJ"))
        return pikepdf.unparse_content_stream(instructions)


def _drawn(page: pikepdf.Page) -> tuple[list, int, int] | None:
    """A sample page's instructions, the index of its one TJ and of the Tm before it."""
    ops = list(pikepdf.parse_content_stream(page))
    texts = [i for i, op in enumerate(ops) if str(op.operator) == "TJ"]
    if len(texts) != 1:
        return None
    places = [i for i, op in enumerate(ops[:texts[0]]) if str(op.operator) == "Tm"]
    if not places:
        return None
    return ops, texts[0], places[-1]


def _widths(page: pikepdf.Page, fonts: list) -> dict[bytes, Decimal] | None:
    """Glyph code -> width, of the one font the stamp is set in (``fonts``: the drawing's Tf
    instructions), from the CID font's /W array."""
    if len(fonts) != 1:
        return None
    font = page.Resources.Font.get(str(fonts[0].operands[0]))
    if font is None or "/DescendantFonts" not in font:
        return None
    spec = font.DescendantFonts[0].get("/W", Array())
    widths: dict[bytes, Decimal] = {}
    i = 0
    while i < len(spec):
        first = int(spec[i])
        if isinstance(spec[i + 1], Array):
            for offset, width in enumerate(spec[i + 1]):
                widths[(first + offset).to_bytes(2, "big")] = Decimal(str(width))
            i += 2
        else:
            for code in range(first, int(spec[i + 1]) + 1):
                widths[code.to_bytes(2, "big")] = Decimal(str(spec[i + 2]))
            i += 3
    return widths
