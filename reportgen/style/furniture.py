"""The page header and footer of a council's Word template, as both files print them.

Committee services put a classification line, a template version, page numbers or a logo in
the template's header and footer. The DOCX keeps them as they are; the PDF prints what is read
here on every page, outside the text screen readers read: each paragraph's text, with Word's
page fields as ``{page}`` and ``{pages}`` and the parts between tabs at the left, centre and
right (Word's Header and Footer styles have those tab stops), and each picture in line with
the text at the size Word shows it. A field of another kind, or a floating picture, is named
in a note: the PDF would not match.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from lxml import etree

from reportgen import layout, model
from reportgen.style.reference import NS, W, _chain, _first, _on, _text_style, _value

if TYPE_CHECKING:
    from docx.opc.part import XmlPart as Part

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: A header or footer picture larger than this is not printed in the PDF (named in a note).
MAX_PICTURE_BYTES = 5 * 2**20
EMU_PER_CM = 360000


#: Word's fields a page header or footer may hold that both files print as they change.
PAGE_FIELDS = {"PAGE": "{page}", "NUMPAGES": "{pages}", "SECTIONPAGES": "{pages}"}
#: Where the parts of a line separated by tabs are set (Word's Header and Footer styles have
#: a centre and a right tab stop).
TAB_PLACES = ("left", "center", "right")
ALIGN = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
         "both": "left", "distribute": "left"}


def read(part: Part, styles: dict[str, etree._Element], defaults: etree._Element | None,
         where: str, notes: list[str]) -> tuple[layout.Furniture, ...]:
    """The lines of a page header or footer: text, page fields, pictures, and where each part
    is set."""
    lines = []
    for paragraph in part.element.findall("w:p", NS):
        pieces: list[str] = []
        _runs_text(paragraph, pieces, where, notes)
        text = "".join(pieces)
        style_id = _value(paragraph, "w:pPr/w:pStyle")
        chain = [s for s in styles.values() if s.get(f"{{{W}}}styleId") == style_id][:1]
        chain = _chain(styles, _value(chain[0], "w:name") or "") if chain else \
            _chain(styles, where)
        look = _text_style(chain, defaults)
        size = _value(paragraph, "w:r/w:rPr/w:sz")
        bold = _value(paragraph, "w:r/w:rPr/w:b")
        align = ALIGN.get(_value(paragraph, "w:pPr/w:jc") or _first(chain, None, "w:pPr/w:jc")
                          or "left", "left")
        picture = _picture(part, paragraph, where, notes)
        if not text.replace("\t", "").strip() and picture is None:
            continue
        cells = text.split("\t")
        parts = ((align, text.strip()),) if len(cells) == 1 else tuple(
            (TAB_PLACES[min(i, 2)], cell.strip()) for i, cell in enumerate(cells)
            if cell.strip())
        lines.append(layout.Furniture(
            tuple(p for p in parts if p[1]),
            int(size) / 2 if size and size.isdigit() else look.size_pt,
            _on(bold) if bold is not None else look.bold,
            picture[0] if picture else None, align, picture[1] if picture else (0.0, 0.0)))
    return tuple(lines)


def _picture(part: Part, paragraph: etree._Element, where: str, notes: list[str]
             ) -> tuple[model.Picture, tuple[float, float]] | None:
    """The first picture in line with the paragraph's text, and its printed size in cm (the
    size Word shows, ``wp:extent``); a floating one, or one that cannot be read, in a note."""
    for drawing in paragraph.iter(f"{{{W}}}drawing"):
        inline = drawing.find(f"{{{WP}}}inline")
        blip = drawing.find(".//a:blip", NS)
        extent = inline.find(f"{{{WP}}}extent") if inline is not None else None
        rid = blip.get(f"{{{R}}}embed") if blip is not None else None
        found = _image(part, rid) if rid and extent is not None else None
        if found is None:
            note = (f"the picture in the page {where} is kept in the DOCX but not printed in "
                    "the PDF: only a picture in line with the text is (in Word, Wrap Text, In "
                    "Line with Text), as a .png or .jpg under 5 MB")
            if note not in notes:
                notes.append(note)
            continue
        assert extent is not None
        size = (round(int(extent.get("cx", "0")) / EMU_PER_CM, 3),
                round(int(extent.get("cy", "0")) / EMU_PER_CM, 3))
        return found, size
    return None


def _image(part: Part, rid: str) -> model.Picture | None:
    """The picture a header or footer part relates to as ``rid``, when Word and the PDF can
    both show it: PNG or JPEG, under ``MAX_PICTURE_BYTES``, and readable."""
    try:
        blob = part.related_parts[rid].blob
    except (KeyError, AttributeError):
        return None
    kind = "png" if blob.startswith(b"\x89PNG") else "jpeg" if blob.startswith(b"\xff\xd8") \
        else None
    if kind is None or len(blob) > MAX_PICTURE_BYTES:
        return None
    from PIL import Image

    try:
        with Image.open(io.BytesIO(blob)) as image:
            width, height = image.size
    except Exception:  # noqa: BLE001 - Pillow's errors for damaged pictures vary
        return None
    if width * height > 40_000_000 or not width or not height:
        return None
    return model.Picture(blob, kind, width, height)


def _runs_text(element: etree._Element, out: list[str], where: str, notes: list[str],
               skipping: list[bool] | None = None) -> None:
    """The text of a paragraph in order, tabs as tabs, Word's page fields as ``{page}`` and
    ``{pages}``; another field as the result Word last showed (named in a note)."""
    state = skipping if skipping is not None else [False]
    for child in element:
        tag = etree.QName(child).localname
        if tag == "fldSimple":
            instr = (child.get(f"{{{W}}}instr") or "").split()
            name = instr[0].upper() if instr else ""
            if name in PAGE_FIELDS:
                out.append(PAGE_FIELDS[name])
            else:
                _other_field(name, where, notes)
                _runs_text(child, out, where, notes, state)
        elif tag == "fldChar":
            kind = child.get(f"{{{W}}}fldCharType")
            if kind == "begin":
                out.append("\x00")  # the field's instruction follows, up to "separate"
            elif kind == "separate" and "\x00" in out:
                state[0] = _field(out, where, notes)
            elif kind == "end":
                if "\x00" in out:  # a field without a result
                    _field(out, where, notes)
                state[0] = False
        elif tag == "instrText":
            out.append(child.text or "")
        elif tag == "t" and not state[0]:
            out.append(child.text or "")
        elif tag == "tab" and etree.QName(element).localname == "r" and not state[0]:
            out.append("\t")
        elif tag in ("r", "hyperlink", "smartTag", "ins", "sdt", "sdtContent", "fldSimple"):
            _runs_text(child, out, where, notes, state)


def _field(out: list[str], where: str, notes: list[str]) -> bool:
    """Replace the field instruction at the end of ``out`` by its placeholder; True when the
    result Word last showed is to be skipped (a page field, printed as it changes)."""
    start = max(i for i, p in enumerate(out) if p == "\x00")
    words = "".join(out[start + 1:]).split()
    del out[start:]
    name = words[0].upper() if words else ""
    if name in PAGE_FIELDS:
        out.append(PAGE_FIELDS[name])
        return True
    _other_field(name, where, notes)
    return False


def _other_field(name: str, where: str, notes: list[str]) -> None:
    note = (f"the page {where}'s field {name or '(empty)'} is printed in the PDF as Word last "
            "showed it, and not updated")
    if note not in notes:
        notes.append(note)
