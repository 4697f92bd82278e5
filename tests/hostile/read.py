"""Reading the outputs back as a reader would: the DOCX's words, the PDF's words and glyphs."""

from __future__ import annotations

import io
import logging
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf
from lxml import etree

if TYPE_CHECKING:
    from PIL.Image import Image as PillowImage

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path: Path) -> str:
    """The document's text, a paragraph a line, Word's line breaks as newlines."""
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    lines = []
    for paragraph in root.iter(f"{W}p"):
        parts = []
        for node in paragraph.iter(f"{W}t", f"{W}br", f"{W}tab"):
            parts.append(node.text or "" if node.tag == f"{W}t" else
                         "\n" if node.tag == f"{W}br" else "\t")
        lines.append("".join(parts))
    return "\n".join(lines)


def squash(text: str) -> str:
    """Whitespace made single spaces, for comparing text that a layout has wrapped."""
    return " ".join(text.split())


def _cid_map(font: pikepdf.Dictionary) -> dict[int, int] | None:
    """Code -> CID for a Type0 font: None for Identity-H (code = CID), else from its CMap."""
    encoding = font.get("/Encoding")
    if isinstance(encoding, pikepdf.Name):
        return None
    cmap = encoding.read_bytes().decode("latin-1")
    found: dict[int, int] = {}
    for block in re.findall(r"begincidchar(.*?)endcidchar", cmap, re.S):
        for code, cid in re.findall(r"<([0-9a-fA-F]+)>\s+(\d+)", block):
            found[int(code, 16)] = int(cid)
    for block in re.findall(r"begincidrange(.*?)endcidrange", cmap, re.S):
        for low, high, cid in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s+(\d+)", block):
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[code] = int(cid) + offset
    return found


def _to_unicode(font: pikepdf.Dictionary) -> dict[int, str]:
    if "/ToUnicode" not in font:
        return {}
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    found: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            found[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be", "replace")
    return found


def _text_runs(stream_owner: pikepdf.Object, resources: pikepdf.Dictionary
               ) -> Iterator[tuple[pikepdf.Dictionary, bytes]]:
    """(font, string) for every string shown, in the page and the forms it draws."""
    fonts = resources.get("/Font", {})
    font = None
    for operands, operator in pikepdf.parse_content_stream(stream_owner):
        op = str(operator)
        if op == "Tf":
            font = fonts.get(str(operands[0]))
        elif op in ("Tj", "'", '"', "TJ") and font is not None:
            items = operands[0] if op == "TJ" else operands[-1:]
            for item in items:
                if isinstance(item, pikepdf.String):
                    yield font, bytes(item)
        elif op == "Do":
            xobject = resources.get("/XObject", {}).get(str(operands[0]))
            if xobject is not None and xobject.get("/Subtype") == "/Form":
                yield from _text_runs(xobject, xobject.get("/Resources", resources))


def _simple_notdefs(font: pikepdf.Dictionary) -> set[int] | None:
    """The codes of a simple TrueType font (as LibreOffice embeds them) that draw the .notdef
    box, as ``reportgen check`` finds them (``check.glyphs``: codes its cmap lacks, and codes
    whose glyph is a copy of glyph 0). None when the font program is not embedded.
    """
    from reportgen.check.glyphs import SimpleFont

    if font.FontDescriptor.get("/FontFile2") is None:
        return None
    return SimpleFont(font).boxes


logging.getLogger("fontTools").setLevel(logging.ERROR)  # subset fonts' odd timestamps


def notdef_characters(path: Path) -> list[str]:
    """The characters the PDF draws with glyph 0 (.notdef, the empty box) because no font had
    them; text extraction still finds those characters, so only this shows the box. Handles
    the Type0 fonts WeasyPrint writes and the simple TrueType subsets LibreOffice writes.
    """
    missing: list[str] = []
    simple: dict[tuple[int, int], set[int] | None] = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font, data in _text_runs(page.obj, page.Resources):
                text = _to_unicode(font)
                if font.get("/Subtype") == "/Type0":
                    cids = _cid_map(font)
                    for i in range(0, len(data) - 1, 2):
                        code = int.from_bytes(data[i:i + 2], "big")
                        if (code if cids is None else cids.get(code, code)) == 0:
                            missing.append(text.get(code, "?"))
                elif font.get("/Subtype") == "/TrueType":
                    if font.objgen not in simple:
                        simple[font.objgen] = _simple_notdefs(font)
                    boxes = simple[font.objgen]
                    assert boxes is not None, f"font {font.BaseFont} is not embedded"
                    missing.extend(text.get(code, "?") for code in data
                                   if code in boxes and not text.get(code, "").isspace())
    return missing


def embedded_files(path: Path) -> list[str]:
    """Everything the PDF carries as a file: embedded files and file-attachment annotations."""
    found: list[str] = []
    with pikepdf.open(path) as pdf:
        found.extend(str(name) for name in pdf.attachments)
        for number, page in enumerate(pdf.pages, start=1):
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") == "/FileAttachment":
                    found.append(f"annotation on page {number}")
        names = pdf.Root.get("/Names", {})
        if "/EmbeddedFiles" in names:
            found.append("/EmbeddedFiles name tree")
    return found


@dataclass
class Shown:
    """A picture as a file shows it: its size on the page in points, and its pixels."""

    width: float
    height: float
    pixels: PillowImage

    @property
    def landscape(self) -> bool:
        return self.width > self.height


EMU_PER_POINT = 12_700
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def docx_pictures(path: Path) -> list[Shown]:
    """Every picture the document shows, in order: its extent (``wp:extent``) and the picture
    file it draws, decoded as Word decodes it (an orientation tag ignored).
    """
    from PIL import Image

    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
        rels = etree.fromstring(zf.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        shown = []
        for inline in root.iter(f"{_WP}inline", f"{_WP}anchor"):
            extent = inline.find(f"{_WP}extent")
            blip = next(inline.iter(f"{_A}blip"))
            data = zf.read("word/" + targets[blip.get(f"{_R}embed")])
            pixels = Image.open(io.BytesIO(data))
            pixels.load()
            shown.append(Shown(int(extent.get("cx")) / EMU_PER_POINT,
                               int(extent.get("cy")) / EMU_PER_POINT, pixels))
    return shown


def docx_media(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [name for name in zf.namelist() if name.startswith("word/media/")]


def pdf_pictures(path: Path) -> list[Shown]:
    """Every picture the PDF draws, in page order: the size of the box it fills on the page
    (from the content stream's transformation matrices, so a turn there counts) and the
    image's own pixels.
    """
    shown: list[Shown] = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            _draws(page.obj, page.Resources, pikepdf.Matrix(), shown)
    return shown


def _draws(owner: pikepdf.Object, resources: pikepdf.Dictionary, ctm: pikepdf.Matrix,
           shown: list[Shown]) -> None:
    stack = []
    for operands, operator in pikepdf.parse_content_stream(owner):
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            ctm = pikepdf.Matrix(*[float(v) for v in operands]) @ ctm
        elif op == "Do":
            xobject = resources.get("/XObject", {}).get(str(operands[0]))
            if xobject is None:
                continue
            if xobject.get("/Subtype") == "/Image":
                a, b, c, d = ctm.a, ctm.b, ctm.c, ctm.d
                pixels = pikepdf.PdfImage(xobject).as_pil_image()
                shown.append(Shown(math.hypot(a, b), math.hypot(c, d), pixels))
            elif xobject.get("/Subtype") == "/Form":
                inner = ctm
                if "/Matrix" in xobject:
                    inner = pikepdf.Matrix(*[float(v) for v in xobject.Matrix]) @ ctm
                _draws(xobject, xobject.get("/Resources", resources), inner, shown)


def pdf_image_objects(path: Path) -> int:
    """How many distinct images the PDF holds (an image drawn many times is held once; an
    image's transparency, held as an image of its own, is not counted).
    """
    with pikepdf.open(path) as pdf:
        images = [o for o in pdf.objects
                  if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        masks = {o.SMask.objgen for o in images if "/SMask" in o}
        return sum(1 for o in images if o.objgen not in masks)
