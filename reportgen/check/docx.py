"""Accessibility checks for Word (DOCX) files, read with python-docx and lxml.

What is checked is what a screen-reader user depends on in Word: the document's title and
language (announced on opening and used to pick the speech voice), alt text on pictures (not a
file name), a header row on every table (read out with each cell and repeated across pages), no
merged cells (they break the row/column arithmetic screen readers use to find a cell's
headers), and headings that are navigable: none empty and no level skipped, since the heading
list is how such users skim a long report. Heading levels come from the paragraph's style, as
in Word's navigation pane.

Locations are given as Word shows them: paragraph, table, row and cell numbers count from 1 in
document order, with a few words of text to search for.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from reportgen.check import FILE_NAME, Finding, snippet

#: Word 2019+ marks a picture "decorative" here instead of giving it alt text; that is correct.
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
HEADING_NAME = re.compile(r"heading ([1-9])", re.IGNORECASE)
#: w:outlineLvl 9 is "body text"; 0–8 are heading levels 1–9.
BODY_TEXT_OUTLINE = 9


def check_docx(path: Path) -> list[Finding]:
    """Every accessibility problem in a DOCX file, checked in a child process within the same
    time and memory bounds as a PDF's (``check.in_child``): anyone's DOCX may be a zip bomb."""
    from reportgen.check import in_child

    return in_child("reportgen.check.docx", path)


def _check_here(path: Path) -> list[Finding]:
    """Every accessibility problem in a DOCX file, in document order within each kind."""
    from reportgen.check import unpacked_too_large

    bomb = unpacked_too_large(path)
    if bomb:
        return [Finding(path, "file", bomb)]
    try:
        doc = Document(str(path))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError,
            etree.LxmlError) as exc:
        return [Finding(path, "file", f"cannot be opened as a Word document: {exc}")]
    if doc.element.body is None:
        return [Finding(path, "file", "could not be checked: the Word document has no body "
                        "(its text is missing); open it in Word, save it again, and check "
                        "the new file")]
    found = [Finding(path, where, message) for where, message in _problems(doc)]
    return found


def _problems(doc: DocumentObject) -> Iterator[tuple[str, str]]:
    yield from _properties(doc)
    body = doc.element.body
    yield from _headings(doc, body)
    yield from _pictures(body)
    yield from _tables(body)


def _properties(doc: DocumentObject) -> Iterator[tuple[str, str]]:
    """Title and language live in the core properties, where Word and screen readers look."""
    props = doc.core_properties
    if not (props.title or "").strip():
        yield ("document properties", "no title (core property dc:title); screen readers "
               "announce the file name instead")
    if not (props.language or "").strip():
        yield ("document properties", "no language (core property dc:language); screen "
               "readers cannot choose the right voice")


def _text(element: etree._Element) -> str:
    return "".join(element.itertext(qn("w:t")))


def _headings(doc: DocumentObject, body: etree._Element) -> Iterator[tuple[str, str]]:
    """Empty headings and skipped levels, in document order (Title counts as level 0).

    The first heading is compared with level 0, so a document that starts at Heading 2 is
    reported: its outline has no top.
    """
    levels: dict[str | None, int | None] = {}
    previous: int | None = None  # no heading yet
    previous_text = ""
    for number, p in enumerate(body.iter(qn("w:p")), start=1):
        style_id = p.xpath("string(./w:pPr/w:pStyle/@w:val)") or None
        if style_id not in levels:
            levels[style_id] = _style_level(doc, style_id)
        level = levels[style_id]
        text = _text(p)
        if level is None:
            if text.strip():
                previous_text = text
            continue
        name = _level_name(level)
        where = f'paragraph {number} ("{snippet(text)}")'
        if not text.strip():
            where = f'paragraph {number} (after "{snippet(previous_text)}")'
            yield where, f"empty heading ({name}): screen readers list it as a blank heading"
        above = previous or 0
        if level > above + 1:
            skipped = ", ".join(_level_name(n) for n in range(above + 1, level))
            after = (f"is the first heading, with no {skipped} before it" if previous is None
                     else f"follows {_level_name(previous)}, with no {skipped} between")
            yield where, f"heading level skips: {name} {after}"
        previous = level
        if text.strip():
            previous_text = text


def _level_name(level: int) -> str:
    return "the Title" if level == 0 else f"Heading {level}"


def _style_level(doc: DocumentObject, style_id: str | None) -> int | None:
    """The heading level a paragraph style gives (0 for Title), following its base styles."""
    from docx.enum.style import WD_STYLE_TYPE

    style = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH) if style_id is None else next(
        (s for s in doc.styles if s.style_id == style_id), None)
    seen: set[str] = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        name = style.name or ""
        if name.lower() == "title":
            return 0
        match = HEADING_NAME.fullmatch(name)
        if match:
            return int(match.group(1))
        outline = style.element.xpath("string(./w:pPr/w:outlineLvl/@w:val)")
        if outline.isdigit() and int(outline) < BODY_TEXT_OUTLINE:
            return int(outline) + 1
        style = style.base_style
    return None


def _pictures(body: etree._Element) -> Iterator[tuple[str, str]]:
    """Every drawing (picture, chart, shape) needs a description unless marked decorative."""
    for number, docpr in enumerate(body.iter(qn("wp:docPr")), start=1):
        alt = (docpr.get("descr") or "").strip()
        if FILE_NAME.fullmatch(alt):
            yield (f'picture {number} ("{snippet(docpr.get("name") or "")}")',
                   f'alt text is a file name ("{snippet(alt)}"), which tells a screen-reader '
                   "user nothing of the picture")
            continue
        if alt:
            continue
        if any(d.get("val") in ("1", "true") for d in docpr.iter(DECORATIVE)):
            continue
        name = docpr.get("name") or ""
        yield (f'picture {number} ("{snippet(name)}")',
               "no alt text (Alt Text description is empty)")


def _tables(body: etree._Element) -> Iterator[tuple[str, str]]:
    """A header row on each table of more than one row, and no merged cells (nested tables are
    counted too). A table of one row sets text side by side (a contact block): a screen
    reader reads it cell by cell, and a header row would be all of it."""
    for number, table in enumerate(body.iter(qn("w:tbl")), start=1):
        rows = table.findall(qn("w:tr"))
        if not rows:
            continue
        caption = table.xpath("string(./w:tblPr/w:tblCaption/@w:val)")
        first = " | ".join(_text(cell) for cell in rows[0].xpath("./w:tc"))
        where = (f'table {number} ("{snippet(caption)}")' if caption.strip()
                 else f'table {number} (first row "{snippet(first, 60)}")')
        header = rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
        if _row_headers(table, rows):
            pass  # a label and value table: each row's first cell is its header
        elif len(rows) == 1:
            pass  # one row (columns set side by side): read cell by cell, no header to repeat
        elif header is None or header.get(qn("w:val")) in ("0", "false", "off"):
            yield where, ("no header row (the first row is not marked \"Repeat as header "
                          "row\", w:tblHeader)")
        for r, row in enumerate(rows, start=1):
            cells = row.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc")  # not nested tables'
            for c, cell in enumerate(cells, start=1):
                yield from _merged(f"table {number}, row {r}, cell {c}", cell)


def _row_headers(table: etree._Element, rows: list[etree._Element]) -> bool:
    """Whether the table is one of labels and values (a header block): two columns, the
    first marked as Word's header column (Table Design, First Column: ``w:firstColumn``) and
    no header row, so that each value is read with the label beside it.
    """
    look = table.find(f"{qn('w:tblPr')}/{qn('w:tblLook')}")
    if look is None:
        return False
    flag = look.get(qn("w:firstColumn"))
    first_row = look.get(qn("w:firstRow"))
    return (flag in ("1", "true", "on") and first_row in ("0", "false", "off")
            and all(len(row.xpath("./w:tc")) == 2 for row in rows))


def _merged(where: str, cell: etree._Element) -> Iterator[tuple[str, str]]:
    props = cell.find(qn("w:tcPr"))
    if props is None:
        return
    span = props.find(qn("w:gridSpan"))
    columns = span.get(qn("w:val"), "1") if span is not None else "1"
    if columns.isdigit() and int(columns) > 1:
        yield where, (f"merged cell: spans {columns} columns (w:gridSpan); screen readers "
                      "lose track of which header each cell is under")
    merge = props.find(qn("w:vMerge"))
    if merge is not None and merge.get(qn("w:val")) == "restart":
        yield where, ("merged cell: spans rows below it (w:vMerge); screen readers lose track "
                      "of which header each cell is under")


if __name__ == "__main__":  # the child process of check_docx: findings as JSON on stdout
    import json
    import sys

    try:
        result = [(f.where, f.message) for f in _check_here(Path(sys.argv[1]))]
    except MemoryError:
        raise  # reported by the parent as running out of memory
    except Exception:  # noqa: BLE001 - one line, never a traceback, whatever the file
        from reportgen.check import damaged

        result = [("file", damaged("Word document"))]
    json.dump(result, sys.stdout)
