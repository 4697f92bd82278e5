"""WordprocessingML that python-docx has no API for: multilevel numbering, fields, bookmarks,
repeated header rows. Kept apart from the writer so the writer reads as document structure.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

from reportgen import layout

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
#: Twentieths of a point (Word's unit for indents) in a centimetre.
TWIPS_PER_CM = 1440 / 2.54


def twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


#: Indent of a numbered paragraph's text, its number at the margin: ``layout.TEXT_INDENT``.
NUMBER_INDENT = twips(layout.TEXT_INDENT)


def _lvl(ilvl: int, fmt: str, text: str, style: str | None, indent: int, hanging: int,
         suffix: str = "tab") -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
            f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="{hanging}"/></w:pPr></w:lvl>')


class Numbering:
    """The document's list definitions: one multilevel list for sections and paragraphs, and a
    fresh ``w:num`` for every bullet/numbered list so each restarts at 1.

    A house style's choices (``layout.Look``): sections 1 or 1. or no number shown (the
    heading still in the list, so paragraphs under it count afresh); paragraphs 5.1, 5.1. or
    1, 2 … afresh under each heading. Paragraphs in one count through the report are a list
    of their own (``paragraphs``): Word's ``w:lvlRestart`` would say so within the outline,
    but LibreOffice ignores it and restarts them.
    """

    def __init__(self, doc: Document, heading_style: str, paragraph_style: str,
                 look: layout.Look = layout.BUILT_IN):
        self.part = doc.part.numbering_part.element
        existing = [int(n) for n in self.part.xpath("./w:abstractNum/@w:abstractNumId")]
        existing += [int(n) for n in self.part.xpath("./w:num/@w:numId")]
        self._next = max(existing, default=0) + 1
        outline = "".join([
            _lvl(0, "decimal", f"%1{look.section_suffix}", heading_style, NUMBER_INDENT,
                 NUMBER_INDENT) if look.section_shown else
            _lvl(0, "decimal", "", heading_style, 0, 0, suffix="nothing"),
            _lvl(1, "decimal", ("%1.%2" if look.paragraph_count == "section" else "%2")
                 + look.paragraph_suffix, paragraph_style if look.paragraph_count != "report"
                 else None, NUMBER_INDENT, NUMBER_INDENT),
        ])
        self.outline = self._num(self._abstract(outline, "multilevel"))
        #: The list and level of numbered paragraphs and headings (5.1, 5.2 …).
        self.paragraphs = (self.outline, 1)
        if look.paragraph_count == "report":
            single = _lvl(0, "decimal", f"%1{look.paragraph_suffix}", paragraph_style,
                          NUMBER_INDENT, NUMBER_INDENT)
            self.paragraphs = (self._num(self._abstract(single, "singleLevel")), 0)
        self._lists: dict[tuple[str, int], int] = {}

    def _abstract(self, levels: str, kind: str) -> int:
        ident = self._next
        self._next += 1
        # Word writes an nsid on every definition and uses it to tell lists apart when pasting.
        xml = (f'<w:abstractNum {W_NS} w:abstractNumId="{ident}">'
               f'<w:nsid w:val="{0x52470000 + ident:08X}"/>'
               f'<w:multiLevelType w:val="{kind}"/>{levels}</w:abstractNum>')
        nums = self.part.findall(qn("w:num"))
        element = parse_xml(xml)
        if nums:  # the schema wants every abstractNum before the first num
            nums[0].addprevious(element)
        else:
            self.part.append(element)
        return ident

    def _num(self, abstract: int, restart: bool = False) -> int:
        """A list instance; ``restart`` makes Word count from 1 rather than continue the
        previous instance of the same definition (Word's default, unlike LibreOffice's).
        """
        ident = self._next
        self._next += 1
        override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                    if restart else "")
        self.part.append(parse_xml(f'<w:num {W_NS} w:numId="{ident}">'
                                   f'<w:abstractNumId w:val="{abstract}"/>{override}</w:num>'))
        return ident

    def new_list(self, kind: str, indent: float, look: layout.Look = layout.BUILT_IN) -> int:
        """A numId for a new list of the given kind, restarting its count, its markers
        ``indent`` cm from the margin and its text ``layout.LIST_HANG`` right of them.
        """
        key = (kind, twips(indent))
        if key not in self._lists:
            marker = {"numbered": look.numbered_marker, "roman": look.roman_marker}.get(kind)
            fmt, text = ("bullet", "\u2022") if marker is None else \
                layout.LIST_MARKERS[marker][:2]
            hang = twips(layout.list_hang(kind, marker or ""))
            self._lists[key] = self._abstract(
                _lvl(0, fmt, text, None, key[1] + hang, hang), "singleLevel")
        return self._num(self._lists[key], restart=True)


def left_rule(p_pr, width_pt: float, space_pt: float) -> None:  # type: ignore[no-untyped-def]
    """A solid rule down the left of a paragraph (or style), ``space_pt`` from its text."""
    _borders(p_pr, ("left",), width_pt, space_pt)


def box_rules(p_pr, width_pt: float, space_pt: float) -> None:  # type: ignore[no-untyped-def]
    """Rules on every side of a paragraph (or style), ``space_pt`` from its text; paragraphs
    one after another with the same rules are one box (no rule between them)."""
    _borders(p_pr, ("top", "left", "bottom", "right"), width_pt, space_pt)


def _borders(p_pr, sides: tuple[str, ...], width_pt: float,  # type: ignore[no-untyped-def]
             space_pt: float) -> None:
    """Replace the paragraph's borders with single rules on ``sides``, placed in pPr where
    the schema wants w:pBdr (before the elements that must follow it)."""
    rules = "".join(f'<w:{side} w:val="single" w:sz="{round(width_pt * 8)}" '
                    f'w:space="{round(space_pt)}" w:color="000000"/>' for side in sides)
    border = parse_xml(f'<w:pBdr {W_NS}>{rules}</w:pBdr>')
    for old in p_pr.findall(qn("w:pBdr")):
        p_pr.remove(old)
    successors = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc",
                  "w:outlineLvl", "w:rPr")
    following = next((c for c in p_pr if c.tag in {qn(t) for t in successors}), None)
    if following is not None:
        following.addprevious(border)
    else:
        p_pr.append(border)


def set_num(paragraph: Paragraph | None, num_id: int, ilvl: int = 0, p_pr=None) -> None:  # type: ignore[no-untyped-def]
    """Put a paragraph (or a style's pPr) in list ``num_id`` at level ``ilvl``; numId 0 takes
    it out of a list its style would otherwise put it in.
    """
    if p_pr is None:
        assert paragraph is not None
        p_pr = paragraph._p.get_or_add_pPr()
    num_pr = p_pr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def add_field(paragraph: Paragraph, instruction: str, result: str) -> None:
    """A complex field (PAGE, REF …) with a current result readers show before Word updates it."""
    def run_with(child: BaseOxmlElement) -> None:
        run = paragraph.add_run()
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(result)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def bookmark(paragraph: Paragraph, name: str, ident: int) -> None:
    """Wrap the paragraph's content in a bookmark, the target of a REF cross-reference."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    p = paragraph._p
    p_pr = p.find(qn("w:pPr"))
    if p_pr is not None:
        p_pr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def _runs_xml(text: str, bold: bool, size_half_points: int | None) -> str:
    props = ("<w:b/>" if bold else "") + (
        f'<w:sz w:val="{size_half_points}"/><w:szCs w:val="{size_half_points}"/>'
        if size_half_points else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = []
    for i, line in enumerate(text.split("\n")):
        brk = "<w:br/>" if i else ""
        parts.append(f'<w:r>{rpr}{brk}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>')
    return "".join(parts)


#: An empty paragraph, one point high, that starts a new page: between two
#: tables (which Word would otherwise merge into one), so that the second begins the page.
PAGE_START = (f'<w:p {W_NS}><w:pPr><w:pageBreakBefore/><w:spacing w:before="0" w:after="0" '
              'w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')


def table_xml(rows: list[list[str]], widths: list[int], style_id: str, caption: str = "",
              bold_last: bool = False, size_half_points: int | None = None,
              right: list[bool] | None = None, indent: int = 0,
              margins: tuple[int, int] | None = None, header_fill: str | None = None,
              run_on: frozenset[int] = frozenset()) -> str:
    """A data table as WordprocessingML, written directly: python-docx's cell API costs seconds
    on a delivery plan of hundreds of rows. Row 1 is the header, repeated on every page; no row
    splits across pages; widths, ``indent`` and cell ``margins`` (left and right, top and
    bottom) are twentieths of a point; ``right`` marks the columns aligned right (numbers);
    ``header_fill`` shades the header row; rows whose index is in ``run_on`` may split across
    pages (``layout.row_may_split``). Cell text is single-spaced, as in the PDF.
    """
    caption_xml = f'<w:tblCaption w:val={quoteattr(caption)}/>' if caption else ""
    # Word places a table so that its cells' text, not its border, starts at the indent: the
    # indent is moved right by the cell margin, so the border is where the PDF's is.
    indent += margins[0] if margins else 0
    indent_xml = f'<w:tblInd w:w="{indent}" w:type="dxa"/>' if indent else ""
    margin_xml = ""
    if margins:
        side, edge = margins
        margin_xml = (f'<w:tblCellMar><w:top w:w="{edge}" w:type="dxa"/>'
                      f'<w:left w:w="{side}" w:type="dxa"/><w:bottom w:w="{edge}" w:type="dxa"/>'
                      f'<w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>')
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [f'<w:tbl {W_NS}><w:tblPr><w:tblStyle w:val="{style_id}"/>'
           f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>{indent_xml}<w:tblLayout w:type="fixed"/>'
           f'{margin_xml}<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="{int(bold_last)}" '
           f'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>{caption_xml}'
           f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    last = len(rows) - 1
    aligned = right or [False] * len(widths)
    for r, row in enumerate(rows):
        header = "<w:tblHeader/>" if r == 0 else ""
        keep = "" if r in run_on else "<w:cantSplit/>"
        out.append(f"<w:tr><w:trPr>{keep}{header}</w:trPr>")
        bold = r == 0 or (bold_last and r == last)
        for value, width, to_right in zip(row, widths, aligned, strict=True):
            jc = '<w:jc w:val="right"/>' if to_right else ""
            keep = ""
            shade = (f'<w:shd w:val="clear" w:color="auto" w:fill="{header_fill}"/>'
                     if header_fill and r == 0 else "")
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
                       f'<w:p><w:pPr>{keep}<w:spacing w:before="0" w:after="0" w:line="240" '
                       f'w:lineRule="auto"/>{jc}</w:pPr>'
                       f'{_runs_xml(value, bold, size_half_points)}</w:p></w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _plain(text: str) -> str:
    """Runs that are not bold whatever their paragraph style says."""
    return _runs_xml(text, False, None).replace("<w:r>", '<w:r><w:rPr><w:b w:val="0"/></w:rPr>')


def header_table_xml(rows: list[tuple[str, str]], widths: tuple[int, int], style_id: str,
                     margins: tuple[int, int], rule_eighths: int, caption: str) -> str:
    """A header block as a ruled two-column table: each label bold in its row's first cell,
    its value beside it, in the paragraph style ``style_id`` without its indents (the PDF's
    ``table.header-block.ruled``). Rows are kept whole; there is no repeated header row, as
    each label heads its own row.
    """
    side, edge = margins
    rules = "".join(f'<w:{name} w:val="single" w:sz="{rule_eighths}" w:space="0" '
                    f'w:color="000000"/>' for name in ("top", "left", "bottom", "right",
                                                       "insideH", "insideV"))
    out = [f'<w:tbl {W_NS}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
           f'<w:tblInd w:w="{side}" w:type="dxa"/><w:tblBorders>{rules}</w:tblBorders>'
           f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="{edge}" w:type="dxa"/>'
           f'<w:left w:w="{side}" w:type="dxa"/><w:bottom w:w="{edge}" w:type="dxa"/>'
           f'<w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>'
           f'<w:tblLook w:val="0080" w:firstRow="0" w:lastRow="0" w:firstColumn="1" '
           f'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
           f'<w:tblCaption w:val={quoteattr(caption)}/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
    for label, value in rows:
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for text, width, bold in ((label, widths[0], True), (value, widths[1], False)):
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
                       f'<w:pStyle w:val="{style_id}"/><w:ind w:left="0" w:hanging="0"/>'
                       '<w:jc w:val="left"/>'
                       f'</w:pPr>{_runs_xml(text, True, None) if bold else _plain(text)}'
                       '</w:p></w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def contact_table_xml(widths: list[int], indent: int, caption: str) -> str:
    """An empty contact block: one row of cells ``widths`` twips wide, no rules, no padding
    beside the text (so each column's text starts where the PDF's does), ``indent`` from the
    margin; the writer fills the cells. Word has no side-by-side paragraphs but a table; it
    has no header row, so nothing announces it as data."""
    cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p/></w:tc>'
                    for w in widths)
    return (f'<w:tbl {W_NS}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            f'<w:tblInd w:w="{indent}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
            f'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/><w:tblCaption w:val='
            f'{quoteattr(caption)}/></w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
            f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr></w:tbl>")
