"""Reading the Style/Text rows that make up a report's body and its text appendices."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from reportgen import model
from reportgen.inputs.files import locate
from reportgen.inputs.pictures import read_picture
from reportgen.inputs.schema import APPENDIX_STYLES, SECTION_STYLES  # with every accepted word
from reportgen.inputs.workbook import Row, Workbook

_LIST_KINDS: dict[str, model.ListKind] = {
    "bullet": "bullet", "numbered item": "numbered", "roman item": "roman"}
_REF = re.compile(r"\[\[\s*([^\]:]*?)\s*:\s*([^\]]*?)\s*\]\]")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")
CaseStudyLookup = Callable[[str, Row], "model.CaseStudy | None"]
TableLookup = Callable[[str, Row, bool], "model.Table | None"]


def parse_spans(text: str, wb: Workbook, sheet: str, cell: str) -> model.Text:
    """Split cell text into words and ``[[paragraph:key]]`` / ``[[appendix:key]]`` references."""
    spans: list[model.Span] = []
    pos = 0
    for match in _REF.finditer(text):
        kind, key = match.group(1).casefold(), match.group(2)
        if kind not in ("paragraph", "appendix"):
            wb.problems.add(wb.name, f"'{match.group(0)}' is not a reference reportgen knows; "
                            "expected [[paragraph:key]] or [[appendix:key]]", sheet, cell)
            continue
        if match.start() > pos:
            spans.append(text[pos:match.start()])
        spans.append(model.Ref("paragraph" if kind == "paragraph" else "appendix", key,
                               wb.name, sheet, cell))
        pos = match.end()
    if pos < len(text):
        spans.append(text[pos:])
    return tuple(spans)


class BodyReader:
    """Builds sections (or one appendix's blocks) from Style/Text rows, in order.

    ``case_study`` and ``table`` are callbacks because those rows name other sheets whose
    reading belongs to the caller.
    """

    def __init__(self, wb: Workbook, sheet: str, folder: Path,
                 case_study: CaseStudyLookup, table: TableLookup,
                 pictures: dict[Path, model.Picture | str] | None = None):
        self.wb, self.sheet, self.folder = wb, sheet, folder
        self.case_study, self.table = case_study, table
        #: Each picture file read once, however many rows show it (pass one dict to every
        #: reader of a report), so both writers embed it once.
        self.pictures = {} if pictures is None else pictures
        self.sections: list[model.Section] = []
        self.blocks: list[model.Block] = []

    def problem(self, row: Row, column: str, message: str) -> None:
        self.wb.problems.add(self.wb.name, message, self.sheet, row.cell(column))

    def read(self, rows: Iterable[Row], allowed: tuple[str, ...]) -> None:
        for row in rows:
            style = row.text("Style").casefold()
            if style not in allowed:
                near = difflib.get_close_matches(style, allowed, n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                found = f"'{row.text('Style')}'" if style else "nothing"
                self.problem(row, "Style", f"found {found}{hint}; expected one of: "
                             + ", ".join(allowed))
                if row.text("Key"):
                    self.wb.problems.dropped_keys.add(row.text("Key"))
                continue
            if style in SECTION_STYLES:
                self._section(row, style)
            elif not self.sections and allowed is not APPENDIX_STYLES:
                self.problem(row, "Style", f"'{style}' comes before any section; expected a "
                             "'section' row first")
            else:
                self._block(row, style)

    def _text(self, row: Row, column: str = "Text") -> model.Text:
        return parse_spans(row.text(column), self.wb, self.sheet, row.cell(column))

    def _required_text(self, row: Row, style: str) -> model.Text | None:
        if not row.text("Text"):
            self.problem(row, "Text", f"is empty; a '{style}' row needs its text")
            return None
        return self._text(row)

    def _section(self, row: Row, style: str) -> None:
        title = row.text("Text")
        if not title:
            self.problem(row, "Text", f"is empty; a '{style}' row needs the section title")
        section = model.Section(title, numbered=style != "unnumbered section",
                                key=row.text("Key") or None,
                                lists_appendices=style == "appendices section",
                                key_cell=row.cell("Key"))
        self.sections.append(section)
        self.blocks = section.blocks

    def _block(self, row: Row, style: str) -> None:
        key = row.text("Key") or None
        if style in _LIST_KINDS:
            text = self._required_text(row, style)
            if text is None:
                return
            kind = _LIST_KINDS[style]
            last = self.blocks[-1] if self.blocks else None
            if isinstance(last, model.List) and last.kind == kind:
                last.items.append(text)
            else:
                self.blocks.append(model.List(kind, [text]))
        elif style in ("paragraph", "numbered paragraph", "heading", "numbered heading"):
            text = self._required_text(row, style)
            if text is None:
                return
            cls = model.Heading if "heading" in style else model.Paragraph
            self.blocks.append(cls(text, numbered=style.startswith("numbered"), key=key,
                                   key_cell=row.cell("Key")))
        elif style == "boxed paragraph":
            text = self._required_text(row, style)
            if text is None:
                return
            last = self.blocks[-1] if self.blocks else None
            if isinstance(last, model.Box):
                last.paragraphs.append(text)
            else:
                self.blocks.append(model.Box([text]))
        elif style == "contact column":
            text = self._required_text(row, style)
            if text is None:
                return
            last = self.blocks[-1] if self.blocks else None
            if isinstance(last, model.Contacts) and len(last.columns) < model.CONTACT_COLUMNS:
                last.columns.append(text)
            else:
                self.blocks.append(model.Contacts([text]))
        elif style == "case study":
            found = self.case_study(key or "", row)
            if found:
                self.blocks.append(found)
        elif style in ("table", "table with total"):
            table = self.table(key or "", row, style == "table with total")
            if table:
                self.blocks.append(table)
        elif style == "image":
            image = self._image(row, key)
            if image:
                self.blocks.append(image)

    def _image(self, row: Row, key: str | None) -> model.Image | None:
        alt = row.text("Alt text")
        if not key:
            self.problem(row, "Key", "is empty; an 'image' row needs the picture's file name")
            return None
        if Path(key).suffix.lower() not in IMAGE_SUFFIXES:
            self.problem(row, "Key", f"'{key}' is not a picture file name; expected a .png or "
                         ".jpg file in the report folder")
            return None
        path = locate(self.folder, key)
        if isinstance(path, str):
            self.problem(row, "Key", f"picture '{key}' {path}")
            return None
        if path not in self.pictures:
            self.pictures[path] = read_picture(path)
        picture = self.pictures[path]
        if isinstance(picture, str):
            self.problem(row, "Key", f"'{key}' {picture}")
            return None
        if not alt:
            self.problem(row, "Alt text", "is empty; every picture needs a description for "
                         "people who cannot see it")
            return None
        return model.Image(path, row.text("Text"), alt, picture)


def picture_problem(path: Path) -> str | None:
    """What is wrong with a picture file, or None. Both writers trust the file to be what its
    name says; a renamed file (an SVG or a web page called .png) would otherwise fail deep
    inside the Word writer, and an SVG is a document that can fetch other files. The picture
    is decoded in full (``pictures.read_picture``), so a damaged one is found here too.
    """
    found = read_picture(path)
    return found if isinstance(found, str) else None
