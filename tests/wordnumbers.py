"""Reading a DOCX the way Word numbers it, for tests: python-docx does not evaluate numbering,
so this computes each paragraph's number from the file's own numbering and style definitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


@dataclass
class Para:
    number: str | None  # what Word shows before the text ("5.3", "(ii)", "•"), or None
    text: str
    style: str
    ilvl: int | None = None


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _fmt(kind: str, n: int) -> str:
    return {"lowerRoman": _roman(n), "upperRoman": _roman(n).upper(), "bullet": ""}.get(
        kind, str(n))


class WordNumbering:
    def __init__(self, document: docx.document.Document):
        root = document.part.numbering_part.element
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in root.findall(qn("w:abstractNum")):
            lv = {}
            for lvl in a.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt")).get(qn("w:val"))
                text = lvl.find(qn("w:lvlText")).get(qn("w:val"))
                start = lvl.find(qn("w:start"))
                lv[int(lvl.get(qn("w:ilvl")))] = (fmt, text, int(start.get(qn("w:val"))) if start
                                                   is not None else 1)
            abstract[a.get(qn("w:abstractNumId"))] = lv
        self.abstract_of: dict[str, str] = {}
        for num in root.findall(qn("w:num")):
            aid = num.find(qn("w:abstractNumId")).get(qn("w:val"))
            self.levels[num.get(qn("w:numId"))] = abstract[aid]
            self.abstract_of[num.get(qn("w:numId"))] = aid
        self.styles: dict[str, tuple[str, int]] = {}
        for style in document.styles.element.findall(qn("w:style")):
            numpr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if numpr is not None:
                num_id = numpr.find(qn("w:numId"))
                ilvl = numpr.find(qn("w:ilvl"))
                self.styles[style.get(qn("w:styleId"))] = (
                    num_id.get(qn("w:val")) if num_id is not None else "0",
                    int(ilvl.get(qn("w:val"))) if ilvl is not None else 0)
        self.counters: dict[str, list[int]] = {}

    def number(self, paragraph: Paragraph) -> tuple[str | None, int | None]:
        p_pr = paragraph._p.pPr
        num_id, ilvl = None, None
        style_id = p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else None
        if style_id in self.styles:
            num_id, ilvl = self.styles[style_id]
        numpr = p_pr.numPr if p_pr is not None else None
        if numpr is not None:
            if numpr.numId is not None:
                num_id = str(numpr.numId.val)
            if numpr.ilvl is not None:
                ilvl = numpr.ilvl.val
        if num_id in (None, "0") or num_id not in self.levels:
            return None, None
        ilvl = ilvl or 0
        levels = self.levels[num_id]
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        fmt, text, _ = levels[ilvl]
        for level in range(ilvl + 1):
            if level in levels:
                text = text.replace(f"%{level + 1}", _fmt(levels[level][0], counts[level]))
        return (text if fmt != "bullet" else "\u2022"), ilvl


def read(path: Path) -> tuple[list[Para | list[list[str]]], docx.document.Document]:
    """Body paragraphs (with Word's numbers) and tables (as lists of cell text), in order."""
    document = docx.Document(str(path))
    numbering = WordNumbering(document)
    out: list[Para | list[list[str]]] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            p = Paragraph(child, document)
            number, ilvl = numbering.number(p)
            out.append(Para(number, p.text, p.style.name if p.style else "", ilvl))
        elif child.tag == qn("w:tbl"):
            table = Table(child, document)
            out.append([[c.text for c in row.cells] for row in table.rows])
    return out, document


def text(path: Path) -> str:
    """The document's words as a reader sees them, numbers included, tables row by row."""
    items, document = read(path)
    lines = []
    for section in document.sections[:1]:
        lines.extend(p.text for p in section.header.paragraphs)
    for item in items:
        if isinstance(item, Para):
            lines.append(f"{item.number} {item.text}" if item.number else item.text)
        else:
            lines.extend(" ".join(row) for row in item)
    return "\n".join(lines)
