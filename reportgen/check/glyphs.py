"""Text a PDF draws with a font's missing-glyph box (``.notdef``): empty boxes where names in
other scripts, symbols or emoji should be. The PDF/UA validator does not look for these (the
text is there for a screen reader, only not for the eye), so reportgen's own check does.

For composite (Type0) fonts, which WeasyPrint, Word and LibreOffice all write, each code of a
text-showing operator is mapped to its CID through the font's encoding (``Identity-H``, or an
embedded CMap) and to its glyph through ``CIDToGIDMap``: glyph 0 is the missing-glyph box.
For the simple TrueType subsets LibreOffice writes, a code draws the box when the embedded
font's cmap lacks it or maps it to a copy of glyph 0 (subsetting renames glyphs, so the
outline is what tells); other simple fonts are not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pikepdf

_SHOW = {"Tj", "TJ", "'", '"'}
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)")
_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*(\d+)")
_BF_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
#: Content streams of one page larger than this are not decoded for glyphs (other checks and
#: the validator still read them).
MAX_STREAM = 32 * 1024 * 1024
#: Embedded font programs larger than this are not read to judge their glyphs.
MAX_FONT = 16 * 1024 * 1024


class _Font:
    """What is needed to tell a composite font's missing glyphs from its codes."""

    def __init__(self, font: pikepdf.Dictionary):
        self.name = str(font.get("/BaseFont", "/unnamed"))[1:].split("+")[-1]
        self.cids: dict[int, int] | None = None  # None: Identity-H, the code is the CID
        encoding = font.get("/Encoding")
        if isinstance(encoding, pikepdf.Stream):
            self.cids = _cmap(encoding.read_bytes())
        descendant = font.DescendantFonts[0]
        mapping = descendant.get("/CIDToGIDMap")
        self.gids = mapping.read_bytes() if isinstance(mapping, pikepdf.Stream) else None
        self.unicode = _to_unicode(font.get("/ToUnicode"))

    def missing(self, data: bytes) -> Iterator[int]:
        """The codes in ``data`` (two bytes each) drawn as the missing-glyph box."""
        for index in range(0, len(data) - 1, 2):
            code = int.from_bytes(data[index:index + 2], "big")
            cid = code if self.cids is None else self.cids.get(code, 0)
            gid = cid if self.gids is None else int.from_bytes(
                self.gids[2 * cid:2 * cid + 2] or b"\0\0", "big")
            if gid == 0:
                yield code


class SimpleFont:
    """A simple TrueType font with its program embedded: one byte a code."""

    def __init__(self, font: pikepdf.Dictionary):
        import io
        import logging

        from fontTools.ttLib import TTFont

        logging.getLogger("fontTools").setLevel(logging.ERROR)  # subsets' odd timestamps
        self.name = str(font.get("/BaseFont", "/unnamed"))[1:].split("+")[-1]
        self.unicode = _to_unicode(font.get("/ToUnicode"))
        program = font.FontDescriptor.FontFile2
        if len(program.read_raw_bytes()) > MAX_FONT:
            raise ValueError("font program too large to judge")
        tt = TTFont(io.BytesIO(program.read_bytes()), lazy=True)
        glyf = tt["glyf"]
        notdef = glyf[tt.getGlyphOrder()[0]].compile(glyf)
        mapped: dict[int, str] = {}
        for table in tt["cmap"].tables:
            for code, name in table.cmap.items():
                mapped.setdefault(code & 0xFF if table.platEncID == 0 else code, name)
        self.boxes = {code for code in range(256) if code not in mapped
                      or glyf[mapped[code]].compile(glyf) == notdef}

    def missing(self, data: bytes) -> Iterator[int]:
        """The codes in ``data`` drawn as the missing-glyph box (spaces draw nothing anyway)."""
        for code in data:
            if code in self.boxes and not self.unicode.get(code, "").isspace():
                yield code


def _cmap(data: bytes) -> dict[int, int]:
    """An embedded CMap's codes to CIDs (``cidrange`` and ``cidchar``)."""
    cids: dict[int, int] = {}
    for block in re.findall(rb"begincidrange(.*?)endcidrange", data, re.S):
        for low, high, first in _RANGE.findall(block):
            start, end = int(low, 16), int(high, 16)
            for code in range(start, min(end, start + 65535) + 1):
                cids[code] = int(first) + code - start
    for block in re.findall(rb"begincidchar(.*?)endcidchar", data, re.S):
        for code, cid in _CHAR.findall(block):
            cids[int(code, 16)] = int(cid)
    return cids


def _to_unicode(stream: object) -> dict[int, str]:
    """The characters a ToUnicode CMap gives single codes (``bfchar``), to name them."""
    if not isinstance(stream, pikepdf.Stream):
        return {}
    chars: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream.read_bytes(), re.S):
        for code, text in _BF_CHAR.findall(block):
            try:
                chars[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
            except ValueError:
                continue
    return chars


def missing_glyphs(pdf: pikepdf.Pdf) -> Iterator[tuple[str, str]]:
    """One finding per page that draws text as missing-glyph boxes."""
    for number, page in enumerate(pdf.pages, start=1):
        fonts: dict[str, _Font | SimpleFont | None] = {}
        boxes: dict[str, list[str]] = {}
        try:
            if sum(len(s.read_raw_bytes()) for s in _streams(page)) > MAX_STREAM:
                continue
            instructions = pikepdf.parse_content_stream(page)
        except (pikepdf.PdfError, ValueError, TypeError, AttributeError):
            continue
        resources = page.obj.get("/Resources")
        font_resources = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) \
            else None
        current: _Font | SimpleFont | None = None
        for instruction in instructions:
            operands, op = instruction.operands, str(instruction.operator)
            if op == "Tf" and operands and isinstance(font_resources, pikepdf.Dictionary):
                key = str(operands[0])
                if key not in fonts:
                    fonts[key] = _font(font_resources.get(key))
                current = fonts[key]
            elif op in _SHOW and current is not None and operands:
                for item in _strings(operands[-1]):
                    for code in current.missing(item):
                        boxes.setdefault(current.name, []).append(
                            current.unicode.get(code, ""))
        for font, chars in boxes.items():
            named = "".join(dict.fromkeys(c for c in chars if c.strip()))[:10]
            shown = f" ({named})" if named else ""
            one = len(chars) == 1
            yield (f"page {number}", f"{len(chars)} character{'' if one else 's'}{shown} "
                   f"drawn as empty boxes: the font {font} has no glyph for "
                   f"{'it' if one else 'them'}; make the file again with a font that has "
                   f"{'it' if one else 'them'}")


def _streams(page: pikepdf.Page) -> list[pikepdf.Stream]:
    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        return [contents]
    return [c for c in contents if isinstance(c, pikepdf.Stream)] if isinstance(
        contents, pikepdf.Array) else []


def _font(font: object) -> _Font | SimpleFont | None:
    if not isinstance(font, pikepdf.Dictionary):
        return None
    try:
        if font.get("/Subtype") == "/Type0":
            return _Font(font)
        if font.get("/Subtype") == "/TrueType" and "/FontDescriptor" in font \
                and "/FontFile2" in font.FontDescriptor:
            return SimpleFont(font)
    except Exception:  # noqa: BLE001 - a font that cannot be read is not judged; pikepdf and
        return None    # fontTools raise many kinds for damaged fonts
    return None


def _strings(operand: object) -> Iterator[bytes]:
    if isinstance(operand, pikepdf.String):
        yield bytes(operand)
    elif isinstance(operand, pikepdf.Array):
        for item in operand:
            if isinstance(item, pikepdf.String):
                yield bytes(item)
