"""A council's starting house style: a copy of the built-in one, ready to be changed in Word.

The built-in ``reference.docx`` repeats the font and size in every style (it was made so
that Cannock Chase's reports stay byte for byte as they were). A council's copy should not:
committee services change the font once, in Normal, and expect every heading and paragraph
to follow, as Word's own templates do. So the copy's styles inherit the font and size from
Normal wherever they were the same as Normal's; reading the copy (``reference.read``) gives
exactly the built-in look.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.inputs.schema import Choice, Sheet
from reportgen.start.instructions import sheet_help as _sheet_help
from reportgen.style import BUILT_IN_FOLDER, REFERENCE, words_sheet
from reportgen.style.reference import NS, W
from reportgen.style.structure import BUILT_IN, HEADER, LAYOUT, Structure
from reportgen.style.words_sheet import WORDS


def write(folder: Path) -> list[Path]:
    """Write the built-in house style's files into ``folder`` (made if need be); returns them.
    Raises OSError if it cannot be written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(BUILT_IN_FOLDER.iterdir()):
        if not source.is_file():
            continue
        target = folder / source.name
        if source.name == REFERENCE:
            target.write_bytes(inheriting(source.read_bytes()))
        else:
            shutil.copyfile(source, target)
        written.append(target)
    return written


def inheriting(package: bytes) -> bytes:
    """The Word document ``package`` with its paragraph styles' fonts and sizes left to Normal
    where they say only what Normal says.
    """
    from docx import Document

    doc = Document(io.BytesIO(package))
    root = doc.styles.element
    normal = root.find("w:style[@w:styleId='Normal']", NS)
    if normal is None:
        return package
    normal_fonts = normal.find("w:rPr/w:rFonts", NS)
    normal_size = normal.find("w:rPr/w:sz", NS)
    font = None if normal_fonts is None else normal_fonts.get(f"{{{W}}}ascii")
    size = None if normal_size is None else normal_size.get(f"{{{W}}}val")
    for style in root.findall("w:style[@w:type='paragraph']", NS):
        if style is normal:
            continue
        fonts = style.find("w:rPr/w:rFonts", NS)
        if fonts is not None and font and fonts.get(f"{{{W}}}ascii") == font:
            for attr in ("ascii", "hAnsi"):
                fonts.attrib.pop(f"{{{W}}}{attr}", None)
            if not fonts.attrib:
                fonts.getparent().remove(fonts)
        sz = style.find("w:rPr/w:sz", NS)
        if sz is not None and size and sz.get(f"{{{W}}}val") == size:
            sz.getparent().remove(sz)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def workbook(structure: Structure = BUILT_IN) -> openpyxl.Workbook:
    """``house-style.xlsx`` holding ``structure``: its sheets from ``structure.SHEETS``, with the
    drop-downs, input messages and Instructions sheet the report workbooks have.
    """
    from reportgen.start import workbooks as made

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    settings = {"header_as": structure.header_as, "title_lines": "\n".join(structure.title_lines),
                "title_case": structure.title_case, "date_format": structure.date_format,
                "sections": structure.sections, "paragraphs": structure.paragraphs,
                "appendices": structure.appendices, "footer": "\n".join(structure.footer),
                "numbered_marker": structure.numbered_marker,
                "roman_marker": structure.roman_marker, "logo": structure.logo,
                "required_headings": "\n".join(structure.required_headings),
                "appendix_word": structure.appendix_word,
                "page_stamp": structure.page_stamp, "title_placed": structure.title_placed}
    made.write_sheet(wb, LAYOUT, [(f.label, settings[f.attribute]) for f in LAYOUT.fields])
    made.write_sheet(wb, HEADER, [(h.field, h.label, "Yes" if h.required else "No")
                             for h in structure.header])
    words = _words_sheet(structure)
    made.write_sheet(wb, words, list(structure.words))
    lists = made.Lists()
    made.write_fields(wb, LAYOUT, lists)
    made.write_columns(wb, HEADER, lists)
    made.write_columns(wb, words, lists)
    _label_may_be_typed(wb[words.name])
    lists.write(wb)
    made.write_instructions(wb, [
        ("House style", ""),
        ("", "This workbook and reference.docx beside it are the council's house style. "
         "reference.docx holds the look (fonts, sizes, spacing, page size and margins): change "
         "it in Word, in its styles (Normal, Heading 1 …). This workbook holds the structure. "
         "A report uses the style when its Details sheet names this folder in House style. "
         "`reportgen validate` checks both files. See docs/house-style.md."),
        *_sheet_help(LAYOUT), *_sheet_help(HEADER), *_sheet_help(words)])
    return wb


def _words_sheet(structure: Structure) -> Sheet:
    """Sheet Words with its Label drop-down offering the built-in labels and the labels of
    ``structure``'s header block."""
    from dataclasses import replace

    labels = tuple(words_sheet.labels(structure.header).values())
    label = replace(WORDS.columns[0], choice=Choice("Words label", labels))
    return replace(WORDS, columns=(label, *WORDS.columns[1:]))


def _label_may_be_typed(ws: Worksheet) -> None:
    """The Label drop-down warns rather than refuses: a label of a header field added to the
    Header block sheet later is not in the list, and is still right."""
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list" and str(dv.sqref).split(":")[0] == "A2":
            dv.errorStyle = "warning"
