"""The Word writer: the report model as a DOCX that committee services can edit.

Section and paragraph numbers are Word's own multilevel list (see ``wordxml.Numbering``), never
typed text, so inserting or deleting a paragraph renumbers the rest; references to paragraphs
are REF fields to bookmarks. Styles come from the house style's ``reference.docx``
(``reportgen.style``), unchanged: committee services own them, and the PDF is laid out from the
measures read from them (``layout.Look``). Only styles that template lacks are added here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from reportgen import layout, layoutplan, model
from reportgen.layoutplan import LayoutPlan
from reportgen.paths import TEMPLATES
from reportgen.render import docxpackage as package
from reportgen.render import wordxml
from reportgen.render.docxstyles import (
    BOXED_TEXT,
    CASE_STUDY,
    HEADER_BLOCK,
    NUMBERED_PARAGRAPH,
    PICTURE_CAPTION,
    REPORT_TEXT,
    TABLE_CAPTION,
    TABLE_STYLE,
    ensure_box_style,
    ensure_styles,
)

REFERENCE_DOCX = TEMPLATES / "house-style" / "reference.docx"
_twips = wordxml.twips

class DocxWriter:
    def __init__(self, report: model.Report, plan: LayoutPlan,
                 reference: Path = REFERENCE_DOCX):
        self.report = report
        self.plan = plan
        self.look = look = plan.look
        self.doc: DocumentObject = Document(str(reference))
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        ensure_styles(self.doc, look)
        self.numbering = wordxml.Numbering(self.doc, "Heading1", "NumberedParagraph", look)
        outline = wordxml.set_num
        outline(None, self.numbering.outline, 0,
                self.doc.styles["Heading 1"].element.get_or_add_pPr())
        outline(None, *self.numbering.paragraphs,
                self.doc.styles[NUMBERED_PARAGRAPH].element.get_or_add_pPr())
        self._bookmarks: dict[str, str] = {}
        self._style_ids: dict[str, str] = {}
        self._bookmark_id = 0


    def _add(self, text: str = "", style: str | None = None) -> DocxParagraph:
        """A new paragraph in the style named ``style``: its id looked up once per document
        (python-docx scans every style of the document on each lookup by name, half the
        writer's time on a long plan).
        """
        paragraph = self.doc.add_paragraph(text)
        if style is not None:
            if style not in self._style_ids:
                self._style_ids[style] = self.doc.styles[style].style_id
            paragraph._p.style = self._style_ids[style]
        return paragraph

    # -- document ------------------------------------------------------------------------
    def render(self) -> bytes:
        details = self.report.details
        self._bookmark_targets()
        props = self.doc.core_properties
        props.title = details.title
        when = details.wording.date(details.meeting_date)
        props.subject = f"{details.committee}, {when}"
        props.author = details.council
        props.language = details.language
        stamp = dt.datetime.combine(details.meeting_date, dt.time(9, 0))
        props.created = props.modified = stamp
        props.last_printed = stamp
        props.revision = 1
        version = package.version()
        props.last_modified_by = f"reportgen {version}"
        props.keywords = details.committee
        props.category = f"Meeting date {details.meeting_date:%Y-%m-%d}"
        props.comments = (f"{details.committee} report for the meeting of "
                          f"{when}, made by reportgen {version}")
        package.replace_app_properties(self.doc, details, version)
        _set_page(self.doc.sections[0], self.look, landscape=False)
        self._page_stamp(self.doc.sections[0])
        self._footer(self.doc.sections[0])
        if self.look.logo is not None:
            self._logo(self.look.logo, details.wording.fill("Logo", council=details.council))
        if self.look.title_first:
            self._title(details.heading_lines)
        self._header_block(details.header_block)
        if not self.look.title_first:
            self._title(details.heading_lines)
        for section in self.report.sections:
            self._section(section)
        for appendix in self.report.appendices:
            self._appendix(appendix)
        _space_after_tables(self.doc, self.look)
        if self.look.justify:
            _no_stretch_before_line_breaks(self.doc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return package.reproducible(buffer.getvalue(), stamp)

    def _title(self, lines: list[str]) -> None:
        """The title lines, one paragraph with line breaks (one heading in the PDF too)."""
        title = self._add(style="Title")
        for i, line in enumerate(lines):
            if i:
                title.add_run().add_break()
            title.add_run(line)

    def _header_block(self, rows: list[tuple[str, str]]) -> None:
        """The header block, as lines of label and value or as a ruled table."""
        if self.look.header_table:
            self._header_table(rows)
        else:
            label = self.plan.header_label
            for text, value in rows:
                p = self._add(style=HEADER_BLOCK)
                p.add_run(f"{text}\t{value}")
                if label != layout.HEADER_LABEL_WIDTH:  # a label wider than the style's
                    shape = p.paragraph_format
                    shape.left_indent, shape.first_line_indent = Cm(label), -Cm(label)
                    shape.tab_stops.add_tab_stop(Cm(layout.HEADER_LABEL_WIDTH),
                                                 WD_TAB_ALIGNMENT.CLEAR)
                    shape.tab_stops.add_tab_stop(Cm(label))

    def _logo(self, logo: model.Picture, alt: str) -> None:
        """The house style's logo, right-aligned at the top of the first page, as the PDF's."""
        width, height = layout.logo_size(logo.width, logo.height)
        self.doc.add_picture(io.BytesIO(logo.data), width=Cm(width), height=Cm(height))
        shown = self.doc.paragraphs[-1]
        shown.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        docpr = shown._p.xpath(".//wp:docPr")[0]
        docpr.set("descr", alt)
        docpr.set("title", alt)

    def _header_table(self, rows: list[tuple[str, str]]) -> None:
        """The header block as a ruled table (a house style's choice), sized as the PDF's."""
        label = layout.HEADER_LABEL_WIDTH  # a long label wraps in its cell, as in the PDF
        value = self.look.portrait.text_width - label
        xml = wordxml.header_table_xml(
            rows, (_twips(label), _twips(value)), self.doc.styles[HEADER_BLOCK].style_id,
            margins=(_twips(layout.CELL_PADDING_X), _twips(layout.CELL_PADDING_Y)),
            rule_eighths=round(layout.TABLE_RULE_PT * 8),
            caption=self.report.details.wording.fill("Report details",
                                                     title=self.report.details.title))
        self.doc.element.body.sectPr.addprevious(parse_xml(xml))

    def _bookmark_targets(self) -> None:
        """Bookmark names for every numbered item some text refers to."""
        referred = {span.key for text in model.report_texts(self.report) for span in text
                    if isinstance(span, model.Ref) and span.kind == "paragraph"}
        for index, key in enumerate(sorted(referred)):
            self._bookmarks[key] = f"_Ref{index + 1:08d}"

    def _page_stamp(self, section) -> None:  # type: ignore[no-untyped-def]
        details = self.report.details
        stamp = details.wording.stamp(details.agenda_item)
        if stamp is None:
            return
        header = section.header
        header.is_linked_to_previous = False
        p = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        if p.text.strip():  # the template's own header: the stamp goes above it
            p = p.insert_paragraph_before()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        p.add_run(stamp[0])
        wordxml.add_field(p, "PAGE", "1")
        if stamp[1]:
            p.add_run(stamp[1])
        for run in p.runs:
            run.font.size, run.font.bold = Pt(layout.STAMP_PT), True

    def _footer(self, section) -> None:  # type: ignore[no-untyped-def]
        """The house style's footer lines, centred at the foot of every page (sections after
        the first follow it); ``{page}`` and ``{pages}`` as Word's PAGE and NUMPAGES fields.
        Whatever footer the reference document had is replaced, as the PDF's is.
        """
        if not self.look.footer:
            return
        footer = section.footer
        footer.is_linked_to_previous = False
        section.footer_distance = Cm(layout.FOOTER_FROM_BOTTOM)
        for old in footer.paragraphs[1:]:
            old._p.getparent().remove(old._p)
        for index, line in enumerate(self.look.footer):
            p = footer.paragraphs[0] if index == 0 else footer.add_paragraph()
            if index == 0:
                for child in [c for c in p._p if c.tag != qn("w:pPr")]:
                    p._p.remove(child)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.line_spacing = 1.0
            for piece in re.split(r"(\{pages?\})", line):
                if piece in ("{page}", "{pages}"):
                    wordxml.add_field(p, "PAGE" if piece == "{page}" else "NUMPAGES", "1")
                elif piece:
                    p.add_run(piece)
            for run in p.runs:
                run.font.size = Pt(layout.FOOTER_PT)

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
        heading = self._add(section.title, style="Heading 1")
        if section.numbered:
            wordxml.set_num(heading, self.numbering.outline, 0)
            self._mark_target(heading, section.key)
        else:
            wordxml.set_num(heading, 0, 0)
        self._blocks(section.blocks)

    def _blocks(self, blocks: list[model.Block], appendix: bool = False) -> None:
        """The blocks of a section (aligned with its numbered text, ``layout.TEXT_INDENT``)
        or of a text appendix (from the margin).
        """
        indent = 0.0 if appendix else layout.TEXT_INDENT

        def indented(p: DocxParagraph) -> DocxParagraph:
            if indent:
                p.paragraph_format.left_indent = Cm(indent)
            return p

        for block in blocks:
            if isinstance(block, model.Heading):
                p = self._add(style=f"Heading {block.level}")
                self._runs(p, block.text)
                if block.numbered:
                    wordxml.set_num(p, *self.numbering.paragraphs)
                    self._mark_target(p, block.key)
                else:
                    indented(p)
            elif isinstance(block, model.Paragraph):
                style = NUMBERED_PARAGRAPH if block.numbered else (
                    None if appendix else REPORT_TEXT)
                p = self._add(style=style)
                self._runs(p, block.text)
                if block.numbered:
                    wordxml.set_num(p, *self.numbering.paragraphs)
                    self._mark_target(p, block.key)
            elif isinstance(block, model.List):
                num_id = self.numbering.new_list(block.kind, indent, self.look)
                for item in block.items:
                    p = self._add(style="List Paragraph")
                    wordxml.set_num(p, num_id, 0)
                    self._runs(p, item)
                p.paragraph_format.space_after = Pt(layout.LIST_AFTER_PT)  # after the list
            elif isinstance(block, model.Box):
                ensure_box_style(self.doc, self.look)
                for text in block.paragraphs:
                    p = self._add(style=BOXED_TEXT)
                    if appendix:
                        p.paragraph_format.left_indent = Cm(0)
                    self._runs(p, text)
            elif isinstance(block, model.CaseStudy):
                title = self._add(block.title, style=f"Heading {block.level}")
                _as_case_study(title, indent)
                for text in block.paragraphs:
                    p = self._add(style=CASE_STUDY)
                    if appendix:
                        _as_case_study(p, indent)
                    self._runs(p, text)
            elif isinstance(block, model.Contacts):
                self._contacts(block, indent)
            elif isinstance(block, model.Table):
                self._data_table(block, indent)
            elif isinstance(block, model.Image):
                # The picture prepared when it was read, as the PDF shows it; python-docx
                # keeps one copy of the same bytes however many times they are added.
                picture = block.picture
                width, height = layout.picture_size(picture.width, picture.height)
                self.doc.add_picture(io.BytesIO(picture.data), width=Cm(width), height=Cm(height))
                shown = indented(self.doc.paragraphs[-1])
                shown.paragraph_format.keep_with_next = True
                docpr = shown._p.xpath(".//wp:docPr")[0]
                docpr.set("descr", block.alt)
                docpr.set("title", block.caption or block.alt)
                if block.caption:
                    indented(self._add(block.caption, style=PICTURE_CAPTION))

    def _contacts(self, block: model.Contacts, indent: float) -> None:
        """A contact block: its columns side by side, sharing the text's width equally (as
        ``layout.contact_widths`` gives the PDF), each in body text."""
        widths = [_twips(w) for w in layout.contact_widths(self.look, indent)]
        widths = widths[:len(block.columns)]
        xml = wordxml.contact_table_xml(widths, _twips(indent),
                                        self.report.details.wording["Contact details"])
        table = parse_xml(xml)
        self.doc.element.body.sectPr.addprevious(table)
        for cell, text in zip(table.iter(qn("w:tc")), block.columns, strict=True):
            p = DocxParagraph(cell.find(qn("w:p")), self.doc._body)
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT  # lines of a name and address: never stretched
            self._runs(p, text)

    def _data_table(self, table: model.Table, indent: float) -> None:
        """A data table as the layout plan decided it, for the PDF too: widths, text size,
        alignment, caption above, and a landscape page of its own if it needs one.
        """
        geometry = self.plan.table(table)
        if geometry.landscape:
            self._orient(landscape=True)
            indent = 0
        if table.caption:
            self._add(table.caption, style=TABLE_CAPTION)
        rows = [table.header, *table.rows] + ([table.footer] if table.footer else [])
        xml = wordxml.table_xml(
            rows, [_twips(w) for w in geometry.widths], self.doc.styles[TABLE_STYLE].style_id,
            table.caption, table.footer is not None, round(geometry.font_pt * 2),
            right=table.numeric, indent=_twips(indent),
            margins=(_twips(layout.CELL_PADDING_X), _twips(layout.CELL_PADDING_Y)),
            run_on=geometry.run_on)
        self.doc.element.body.sectPr.addprevious(parse_xml(xml))
        if geometry.landscape:
            self._orient(landscape=False)

    def _orient(self, landscape: bool) -> None:
        """Start a new page, landscape or portrait, with the page geometry of ``layout``."""
        _set_page(self.doc.add_section(WD_SECTION.NEW_PAGE), self.look, landscape)

    def _appendix(self, appendix: model.Appendix) -> None:
        self._orient(landscape=isinstance(appendix.body, model.DeliveryPlan))
        heading = self._add(appendix.label or "", style="Heading 1")
        wordxml.set_num(heading, 0, 0)
        heading.add_run().add_break()
        heading.add_run(appendix.title)
        if isinstance(appendix.body, model.DeliveryPlan):
            self._delivery_plan(appendix.body)
        else:
            self._blocks(appendix.body, appendix=True)

    def _delivery_plan(self, plan: model.DeliveryPlan) -> None:
        if plan.title:  # empty when it is the appendix's own title
            self._add(plan.title, style="Heading 2")
        level = 3 if plan.title else 2  # no heading level skipped
        self._blocks(plan.preface, appendix=True)  # the progress summary, if any
        columns = self.plan.columns(plan)
        words = self.report.details.wording
        for index, outcome in enumerate(plan.outcomes):
            heading = self._add(words.fill("Outcome", number=outcome.number,
                                           title=outcome.title), style=f"Heading {level}")
            heading.paragraph_format.page_break_before = index > 0  # as in the PDF
            for label, lines in ((words["Baselines"], outcome.baselines),
                                 (words["Targets"], outcome.targets)):
                if lines:
                    self._add(label, style=f"Heading {level + 1}")
                    for line in lines:
                        self._add(line)
            if not outcome.activities:
                continue
            self._add(words["How we will achieve the targets"], style=f"Heading {level + 1}")
            widths = [_twips(w) for w in columns.widths]
            header = [words[title] for title in columns.titles]
            for table, activities in enumerate(layout.plan_tables(outcome.activities)):
                if table:  # a new page, where the PDF's next part begins (layout.plan_tables)
                    self.doc.element.body.sectPr.addprevious(parse_xml(wordxml.PAGE_START))
                rows = [header, *(columns.cells(a) for a in activities)]
                run_on = frozenset(i for i, a in enumerate(activities, start=1)
                                   if columns.may_split(a))
                xml = wordxml.table_xml(
                    rows, widths, self.doc.styles[TABLE_STYLE].style_id,
                    size_half_points=round(layout.PLAN_FONT_PT * 2),
                    margins=(_twips(layout.PLAN_PADDING_X), _twips(layout.PLAN_PADDING_Y)),
                    header_fill=layout.PLAN_HEADER_FILL, run_on=run_on)
                self.doc.element.body.sectPr.addprevious(parse_xml(xml))


def _as_case_study(p: DocxParagraph, indent: float) -> None:
    """A paragraph set apart like the case study's text: the rule down its left, ``indent``
    from the margin.
    """
    gap = layout.CASE_STUDY_GAP + layout.CASE_STUDY_RULE_PT * layout.CM_PER_PT
    p.paragraph_format.left_indent = Cm(indent + gap)
    wordxml.left_rule(p._p.get_or_add_pPr(), layout.CASE_STUDY_RULE_PT,
                      layout.CASE_STUDY_GAP / layout.CM_PER_PT)


#: The elements of Word's settings that come after ``w:compat`` (ECMA-376, CT_Settings).
_AFTER_COMPAT = ("docVars", "rsids", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                 "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                 "captions", "readModeInkLockDown", "smartTagType", "shapeDefaults",
                 "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def _no_stretch_before_line_breaks(doc: DocumentObject) -> None:
    """In a justified style, Word stretches the words of a line that ends at a line break
    (an officer's Alt+Enter: a name above a job title, a title above its address) across the
    whole width, which the PDF does not; Word's own compatibility option turns that off, and
    LibreOffice reads it too. Only justified styles need it, so other styles' files are as
    they were."""
    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:  # a template without one: before what follows it in the schema
        compat = settings.makeelement(qn("w:compat"), {})
        after = {qn(f"w:{t}") for t in _AFTER_COMPAT} | {qn("m:mathPr")}
        following = next((c for c in settings if c.tag in after), None)
        if following is None:
            settings.append(compat)
        else:
            following.addprevious(compat)
    if compat.find(qn("w:doNotExpandShiftReturn")) is None:
        compat.insert(0, compat.makeelement(qn("w:doNotExpandShiftReturn"), {}))


def _space_after_tables(doc: DocumentObject, look: layout.Look) -> None:
    """Word has no space after a table: the paragraph after each data table gets the space
    before it that the PDF leaves below the table (the body style's space after), unless its
    style already leaves more.
    """
    gap = Pt(look.body.after_pt)
    for table in doc.element.body.iterchildren(qn("w:tbl")):
        following = table.getnext()
        if following is None or following.tag != qn("w:p"):
            continue
        paragraph = DocxParagraph(following, doc._body)
        style = paragraph.style
        before = style.paragraph_format.space_before if style is not None else None
        if before is None or before < gap:
            paragraph.paragraph_format.space_before = gap


def _set_page(section, look: layout.Look,  # type: ignore[no-untyped-def]
              landscape: bool) -> None:
    """A Word section's page size, orientation and margins, from ``look`` (as read from the
    reference document, so a portrait page is as committee services set it)."""
    page = look.landscape if landscape else look.portrait
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(page.width), Cm(page.height)
    section.top_margin, section.bottom_margin = Cm(page.top), Cm(page.bottom)
    section.left_margin, section.right_margin = Cm(page.left), Cm(page.right)
    section.header_distance = Cm(layout.STAMP_FROM_TOP)


def render(report: model.Report, plan: LayoutPlan | None = None,
           reference: Path = REFERENCE_DOCX) -> bytes:
    """The report as DOCX bytes, from the house style's ``reference`` document, laid out as
    ``plan`` decided (the built-in style's plan when none is given)."""
    return DocxWriter(report, plan or layoutplan.plan(report), reference).render()
