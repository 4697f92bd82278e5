"""The Word writer: the report model as a DOCX that committee services can edit.

Section and paragraph numbers are Word's own multilevel list (see ``wordxml.Numbering``), never
typed text, so inserting or deleting a paragraph renumbers the rest; references to paragraphs
are REF fields to bookmarks. Styles come from ``templates/reference.docx``; only styles that
template lacks are added here.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Cm, Emu, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from reportgen import model
from reportgen.paths import TEMPLATES
from reportgen.render import wordxml

REFERENCE_DOCX = TEMPLATES / "reference.docx"
NUMBERED_PARAGRAPH = "Numbered Paragraph"
CASE_STUDY = "Case Study"
HEADER_BLOCK = "Header Block"
TABLE_STYLE = "Table Grid"
#: Relative widths of the delivery-plan columns, as in the PDF's stylesheet.
PLAN_COLUMN_SHARES = [8.0, 14, 9, 9, 8, 13, 11, 11, 9]


class DocxWriter:
    def __init__(self, report: model.Report):
        self.report = report
        self.doc: DocumentObject = Document(str(REFERENCE_DOCX))
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self._ensure_styles()
        self.numbering = wordxml.Numbering(self.doc, "Heading1", "NumberedParagraph")
        outline = wordxml.set_num
        outline(None, self.numbering.outline, 0,
                self.doc.styles["Heading 1"].element.get_or_add_pPr())
        outline(None, self.numbering.outline, 1,
                self.doc.styles[NUMBERED_PARAGRAPH].element.get_or_add_pPr())
        self._bookmarks: dict[str, str] = {}
        self._bookmark_id = 0

    # -- styles --------------------------------------------------------------------------
    def _ensure_styles(self) -> None:
        styles = self.doc.styles
        names = {s.name for s in styles}
        if NUMBERED_PARAGRAPH not in names:
            style = styles.add_style(NUMBERED_PARAGRAPH, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.element.set(qn("w:styleId"), "NumberedParagraph")
        if CASE_STUDY not in names:
            style = styles.add_style(CASE_STUDY, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.italic = True
            style.paragraph_format.left_indent = Cm(1.5)
            style.paragraph_format.right_indent = Cm(1)
        if HEADER_BLOCK not in names:
            style = styles.add_style(HEADER_BLOCK, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.bold = True
            style.paragraph_format.space_after = Pt(0)
            style.paragraph_format.tab_stops.add_tab_stop(Cm(5))

    # -- document ------------------------------------------------------------------------
    def render(self) -> bytes:
        details = self.report.details
        self._bookmark_targets()
        props = self.doc.core_properties
        props.title = details.title
        props.subject = f"{details.committee}, {details.heading_lines[1].title()}"
        props.author = details.council
        props.language = details.language
        stamp = dt.datetime.combine(details.meeting_date, dt.time(9, 0))
        props.created = props.modified = stamp
        props.last_printed = stamp
        props.revision = 1
        self._page_stamp(self.doc.sections[0])
        for label, value in details.header_block:
            p = self.doc.add_paragraph(style=HEADER_BLOCK)
            p.add_run(f"{label}\t{value}")
        title = self.doc.add_paragraph(style="Title")
        for i, line in enumerate(details.heading_lines):
            if i:
                title.add_run().add_break()
            title.add_run(line)
        for section in self.report.sections:
            self._section(section)
        for appendix in self.report.appendices:
            self._appendix(appendix)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _reproducible(buffer.getvalue(), stamp)

    def _bookmark_targets(self) -> None:
        """Bookmark names for every numbered item some text refers to."""
        referred = {span.key for text in model.report_texts(self.report) for span in text
                    if isinstance(span, model.Ref) and span.kind == "paragraph"}
        for index, key in enumerate(sorted(referred)):
            self._bookmarks[key] = f"_Ref{index + 1:08d}"

    def _page_stamp(self, section) -> None:  # type: ignore[no-untyped-def]
        item = self.report.details.agenda_item
        if not item:
            return
        header = section.header
        header.is_linked_to_previous = False
        p = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run(f"ITEM NO. {item}.")
        wordxml.add_field(p, "PAGE", "1")

    def _mark_target(self, paragraph: DocxParagraph, key: str | None) -> None:
        if key and key in self._bookmarks:
            self._bookmark_id += 1
            wordxml.bookmark(paragraph, self._bookmarks[key], self._bookmark_id)

    def _runs(self, paragraph: DocxParagraph, text: model.Text) -> None:
        for span in text:
            if isinstance(span, str):
                paragraph.add_run(span)
            elif span.kind == "paragraph" and span.key in self._bookmarks:
                wordxml.add_field(paragraph, f"REF {self._bookmarks[span.key]} \\r \\h",
                                  span.label)
            else:
                paragraph.add_run(span.label)

    def _section(self, section: model.Section) -> None:
        heading = self.doc.add_paragraph(section.title, style="Heading 1")
        if section.numbered:
            wordxml.set_num(heading, self.numbering.outline, 0)
            self._mark_target(heading, section.key)
        else:
            wordxml.set_num(heading, 0, 0)
        self._blocks(section.blocks)

    def _blocks(self, blocks: list[model.Block]) -> None:
        for block in blocks:
            if isinstance(block, model.Heading):
                p = self.doc.add_paragraph(style=f"Heading {block.level}")
                self._runs(p, block.text)
                if block.numbered:
                    wordxml.set_num(p, self.numbering.outline, 1)
                    self._mark_target(p, block.key)
            elif isinstance(block, model.Paragraph):
                p = self.doc.add_paragraph(style=NUMBERED_PARAGRAPH if block.numbered else None)
                self._runs(p, block.text)
                if block.numbered:
                    wordxml.set_num(p, self.numbering.outline, 1)
                    self._mark_target(p, block.key)
            elif isinstance(block, model.List):
                num_id = self.numbering.new_list(block.kind)
                for item in block.items:
                    p = self.doc.add_paragraph(style="List Paragraph")
                    wordxml.set_num(p, num_id, 0)
                    self._runs(p, item)
            elif isinstance(block, model.CaseStudy):
                self.doc.add_paragraph(block.title, style=f"Heading {block.level}")
                for text in block.paragraphs:
                    self._runs(self.doc.add_paragraph(style=CASE_STUDY), text)
            elif isinstance(block, model.Table):
                self._data_table(block)
            elif isinstance(block, model.Image):
                # The picture prepared when it was read, as the PDF shows it; python-docx
                # keeps one copy of the same bytes however many times they are added.
                picture = block.picture
                width = Cm(12)
                height = Emu(round(width * picture.height / picture.width))
                self.doc.add_picture(io.BytesIO(picture.data), width=width, height=height)
                shown = self.doc.paragraphs[-1]
                shown.paragraph_format.keep_with_next = True
                docpr = shown._p.xpath(".//wp:docPr")[0]
                docpr.set("descr", block.alt)
                docpr.set("title", block.caption or block.alt)
                if block.caption:
                    self.doc.add_paragraph(block.caption, style="Caption")

    def _content_width(self) -> int:
        """Text width of the current section, in twentieths of a point."""
        section = self.doc.sections[-1]
        width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        return int(width / 635)

    def _table(self, rows: list[list[str]], shares: list[float], caption: str = "",
               total: bool = False, size: int | None = None) -> None:
        width = self._content_width()
        widths = [int(width * share / sum(shares)) for share in shares]
        style_id = self.doc.styles[TABLE_STYLE].style_id
        xml = wordxml.table_xml(rows, widths, style_id, caption, total,
                                size * 2 if size else None)
        body = self.doc.element.body
        body.sectPr.addprevious(parse_xml(xml))

    def _data_table(self, table: model.Table) -> None:
        rows = [table.header, *table.rows] + ([table.footer] if table.footer else [])
        self._table(rows, [1.0] * len(table.header), table.caption, table.footer is not None)

    def _appendix(self, appendix: model.Appendix) -> None:
        landscape = isinstance(appendix.body, model.DeliveryPlan)
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        if (section.page_width > section.page_height) != landscape:
            section.page_width, section.page_height = section.page_height, section.page_width
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        heading = self.doc.add_paragraph(f"Appendix {appendix.number}", style="Heading 1")
        wordxml.set_num(heading, 0, 0)
        heading.add_run().add_break()
        heading.add_run(appendix.title)
        if isinstance(appendix.body, model.DeliveryPlan):
            self._delivery_plan(appendix.body)
        else:
            self._blocks(appendix.body)

    def _delivery_plan(self, plan: model.DeliveryPlan) -> None:
        self.doc.add_paragraph(plan.title, style="Heading 2")
        for outcome in plan.outcomes:
            self.doc.add_paragraph(f"Outcome {outcome.number}: {outcome.title}",
                                   style="Heading 3")
            for label, lines in (("Baseline/s", outcome.baselines),
                                 ("Target/s", outcome.targets)):
                if lines:
                    self.doc.add_paragraph(label, style="Heading 4")
                    for line in lines:
                        self.doc.add_paragraph(line)
            if outcome.activities:
                self.doc.add_paragraph("How will we achieve these targets?", style="Heading 4")
                rows = [[title for title, _ in model.ACTIVITY_COLUMNS]]
                rows += [[getattr(a, attr) for _, attr in model.ACTIVITY_COLUMNS]
                         for a in outcome.activities]
                self._table(rows, PLAN_COLUMN_SHARES, size=8)


#: The dates a zip entry can carry (MS-DOS dates: 1980 to 2107, to the even second).
ZIP_EARLIEST = dt.datetime(1980, 1, 1)
ZIP_LATEST = dt.datetime(2107, 12, 31, 23, 59, 58)


def _reproducible(package: bytes, stamp: dt.datetime) -> bytes:
    """The same package with every zip entry dated ``stamp`` and given fixed attributes, so the
    same inputs give byte-identical files and committee services can tell a real change.

    A zip entry cannot be dated before 1980 or after 2107, so a meeting outside those years
    (a 1975 report typed up for the archive) dates its entries at the nearest date a zip can
    hold; the document's own properties, which Word shows, keep the meeting's real date.
    """
    when = min(max(stamp, ZIP_EARLIEST), ZIP_LATEST).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render(report: model.Report) -> bytes:
    """The report as DOCX bytes."""
    return DocxWriter(report).render()
