"""The Word writer's paragraph styles: those the reference document lacks, added with the
house style's measures (``layout.Look``); those it has, left as committee services made them.
Kept apart from the writer, which reads as document structure.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reportgen import layout
from reportgen.render import wordxml

NUMBERED_PARAGRAPH = "Numbered Paragraph"
CASE_STUDY = "Case Study"
HEADER_BLOCK = "Header Block"
TABLE_STYLE = "Table Grid"
TABLE_CAPTION = "Table Caption"
PICTURE_CAPTION = "Picture Caption"
REPORT_TEXT = "Report Text"
BOXED_TEXT = "Boxed Text"
#: Word's paragraph styles: the ``layout.STYLES`` role each takes, and the style id of those
#: the writer adds (None: the reference document has it).
WORD_STYLES: dict[str, tuple[str, str | None]] = {
    "Normal": ("body", None),
    "Title": ("title", None),
    "Heading 1": ("heading1", None),
    "Heading 2": ("heading2", None),
    "Heading 3": ("heading3", None),
    "Heading 4": ("heading4", None),
    "List Paragraph": ("list", None),
    NUMBERED_PARAGRAPH: ("body", "NumberedParagraph"),
    REPORT_TEXT: ("body", "ReportText"),
    CASE_STUDY: ("case_study", "CaseStudy"),
    TABLE_CAPTION: ("table_caption", "TableCaption"),
    PICTURE_CAPTION: ("caption", "PictureCaption"),
    HEADER_BLOCK: ("header_block", "HeaderBlock"),
}
def ensure_styles(doc: DocumentObject, look: layout.Look, every: bool = False) -> None:
    """Every paragraph style the writer uses: those the reference document lacks are added with
    the measures of ``look`` (those the PDF's stylesheet also takes); those it has are left as
    committee services made them. ``every`` gives all of them ``look``'s measures: how the
    built-in house style's reference document was made from ``layout``.
    """
    styles = doc.styles
    names = {s.name for s in styles}
    for name, (role, style_id) in WORD_STYLES.items():
        if name in names and not every:
            continue
        if name not in names:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            if style_id:
                style.element.set(qn("w:styleId"), style_id)
        _apply(styles[name], look.style(role), look.font_word)
        if name == REPORT_TEXT:
            styles[name].paragraph_format.left_indent = Cm(layout.TEXT_INDENT)
        elif name == HEADER_BLOCK:
            header = styles[name].paragraph_format
            header.left_indent = Cm(layout.HEADER_LABEL_WIDTH)
            header.first_line_indent = -Cm(layout.HEADER_LABEL_WIDTH)
            header.tab_stops.add_tab_stop(Cm(layout.HEADER_LABEL_WIDTH))
        elif name == CASE_STUDY:
            case = styles[name]
            gap = layout.CASE_STUDY_GAP + layout.CASE_STUDY_RULE_PT * layout.CM_PER_PT
            case.paragraph_format.left_indent = Cm(layout.TEXT_INDENT + gap)
            wordxml.left_rule(case.element.get_or_add_pPr(), layout.CASE_STUDY_RULE_PT,
                              layout.CASE_STUDY_GAP / layout.CM_PER_PT)


def _apply(style, text: layout.TextStyle, font_name: str) -> None:  # type: ignore[no-untyped-def]
    """A Word paragraph style given ``text``'s font, size, weight, spacing and keeping."""
    font = style.font
    font.name = font_name
    font.size = Pt(text.size_pt)
    font.bold, font.italic = text.bold, text.italic
    font.color.rgb = None
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(text.before_pt), Pt(text.after_pt)
    fmt.line_spacing = text.line
    fmt.keep_with_next = text.keep_with_next
    fmt.widow_control = True
    for contextual in style.element.xpath("./w:pPr/w:contextualSpacing"):
        contextual.getparent().remove(contextual)  # spacing is as layout says, between all


def ensure_box_style(doc: DocumentObject, look: layout.Look) -> None:
    """The style of boxed paragraphs, added when a report first has one (so a report
    without boxes is as it was): the body's measures, aligned with the numbered text, ruled
    on every side ``layout.BOX_GAP_PT`` from the text; Word joins the rules of paragraphs
    one after another into one box."""
    styles = doc.styles
    if BOXED_TEXT in {s.name for s in styles}:
        return
    style = styles.add_style(BOXED_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.element.set(qn("w:styleId"), "BoxedText")
    _apply(style, look.body, look.font_word)
    style.paragraph_format.left_indent = Cm(layout.TEXT_INDENT)
    style.paragraph_format.right_indent = Pt(layout.BOX_GAP_PT + layout.BOX_RULE_PT)
    wordxml.box_rules(style.element.get_or_add_pPr(), layout.BOX_RULE_PT,
                      layout.BOX_GAP_PT)
