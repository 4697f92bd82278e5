"""The one definition of page and table geometry that both writers read.

A DOCX and a PDF of the same report are one document only if every measure is decided once:
page sizes and margins, the indent of numbered text, the table font, cell padding and each
table's column widths. The writers read these values; neither has numbers of its own.

This module holds the measures; ``layoutplan`` makes the decisions that follow from them and
from a report's content (each table's columns, which rows may run on), once per report, and
both writers read that plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

from reportgen import model

T = TypeVar("T")

CM_PER_PT = 2.54 / 72


@dataclass(frozen=True)
class Page:
    """A page's size and margins in centimetres."""

    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right


PORTRAIT = Page(21.0, 29.7, top=2.2, right=2.2, bottom=2.2, left=2.5)
LANDSCAPE = Page(29.7, 21.0, top=1.8, right=1.5, bottom=1.5, left=1.5)

#: Where numbered text starts, right of its number at the margin; unnumbered paragraphs, lists
#: and tables in the body of the report align with it (a hanging indent, the council layout).
TEXT_INDENT = 1.5
#: Space after a whole list (its items have none between them).
LIST_AFTER_PT = 8.0
#: A list item's marker sits where the text around it starts; its text this far right of it.
LIST_HANG = {"bullet": 0.65, "numbered": 0.65, "roman": 1.1}
#: The markers a house style may give its numbered lists: Word's number format and level text,
#: and the CSS counter style with what comes before and after it.
LIST_MARKERS: dict[str, tuple[str, str, str, str, str]] = {
    "1.": ("decimal", "%1.", "decimal", "", "."),
    "1)": ("decimal", "%1)", "decimal", "", ")"),
    "(1)": ("decimal", "(%1)", "decimal", "(", ")"),
    "a.": ("lowerLetter", "%1.", "lower-alpha", "", "."),
    "a)": ("lowerLetter", "%1)", "lower-alpha", "", ")"),
    "(a)": ("lowerLetter", "(%1)", "lower-alpha", "(", ")"),
    "A.": ("upperLetter", "%1.", "upper-alpha", "", "."),
    "(i)": ("lowerRoman", "(%1)", "lower-roman", "(", ")"),
    "i.": ("lowerRoman", "%1.", "lower-roman", "", "."),
}


def list_hang(kind: str, marker: str) -> float:
    """How far right of its marker a list item's text starts: wider for a bracketed marker."""
    if kind == "bullet":
        return LIST_HANG["bullet"]
    return LIST_HANG["roman"] if marker.startswith("(") else LIST_HANG["numbered"]

#: The font: Arial in the DOCX (what committee services have), Liberation Sans in the PDF (the
#: one installed here, metric-compatible with Arial: same advance widths and line height).
FONT_WORD = "Arial"
FONT_CSS = '"Liberation Sans", Arial, "DejaVu Sans", sans-serif'
#: A single line of the font is this many ems high (Arial/Liberation Sans: ascender, descender
#: and line gap): what "single" line spacing means in a word processor.
FONT_LINE_EM = 1.149


def single_line_pt(size_pt: float) -> float:
    """The height of a single-spaced line at ``size_pt``, as a word processor lays it out: in
    whole twentieths of a point, rounded up (LibreOffice does; a table of 60 lines would
    otherwise come out a point and a half taller there than in the PDF).
    """
    return math.ceil(size_pt * FONT_LINE_EM * 20) / 20


@dataclass(frozen=True)
class TextStyle:
    """A paragraph style as both writers apply it. Between two paragraphs the larger of the
    first's space after and the second's space before is left (CSS margins collapse so, and
    LibreOffice lays out a DOCX so).
    """

    size_pt: float
    bold: bool = False
    italic: bool = False
    before_pt: float = 0.0
    after_pt: float = 0.0
    #: Line spacing as a multiple of single spacing.
    line: float = 1.15
    keep_with_next: bool = False
    #: The PDF's font list for a style set in another font than Normal's ("" for Normal's).
    font_css: str = ""

    @property
    def line_em(self) -> float:
        """CSS ``line-height``: the multiple of the font's single line height."""
        return round(self.line * FONT_LINE_EM, 4)


#: The document's paragraph styles, by role. Word: Normal, Title, Heading 1 (sections and
#: appendix titles), Heading 2-4 (sub-headings), and reportgen's own styles.
BODY = TextStyle(12.0, after_pt=8.0)
STYLES: dict[str, TextStyle] = {
    "body": BODY,
    "title": TextStyle(12.0, bold=True, before_pt=12.0, after_pt=12.0, keep_with_next=True),
    "heading1": TextStyle(12.0, bold=True, before_pt=12.0, after_pt=6.0, keep_with_next=True),
    "heading2": TextStyle(12.0, bold=True, before_pt=10.0, after_pt=6.0, keep_with_next=True),
    "heading3": TextStyle(12.0, bold=True, before_pt=8.0, after_pt=4.0, keep_with_next=True),
    "heading4": TextStyle(11.0, bold=True, before_pt=6.0, after_pt=4.0, keep_with_next=True),
    "header_block": TextStyle(12.0, bold=True, after_pt=0.0),
    "list": TextStyle(12.0, after_pt=0.0),
    "case_study": TextStyle(12.0, italic=True, after_pt=8.0),
    "caption": TextStyle(10.0, bold=True, before_pt=3.0, after_pt=8.0),
    "table_caption": TextStyle(12.0, bold=True, after_pt=4.0, keep_with_next=True),
}


#: Data tables' text size when the house style's template sets none.
TABLE_FONT_PT = 10.0


@dataclass(frozen=True)
class Furniture:
    """A line of the house template's own page header or footer, printed on every page of
    both files (the DOCX keeps the template's; the PDF draws it as an artifact). ``{page}``
    and ``{pages}`` stand for Word's PAGE and NUMPAGES fields; the parts of a line separated
    by tabs are set at the left, centre and right, as Word's Header and Footer styles do.
    """

    parts: tuple[tuple[str, str], ...]
    size_pt: float = 9.0
    bold: bool = False
    #: A picture in the line (a logo), where it is set and its printed width and height (cm).
    picture: model.Picture | None = None
    picture_place: str = "left"
    picture_cm: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class Look:
    """A house style's measures, as both writers apply them: the page, the paragraph styles by
    role and the font. Read from the council's Word template (``reportgen.style``); ``BUILT_IN``
    is Cannock Chase's, the default. Everything else here is the same for every style.
    """

    portrait: Page
    landscape: Page
    #: The paragraph styles, by role (the keys of ``STYLES``).
    styles: tuple[tuple[str, TextStyle], ...]
    font_word: str
    font_css: str
    #: Body text justified (both edges straight) rather than left-aligned.
    justify: bool = False
    #: The header block as a ruled table with its labels as header cells, rather than lines.
    header_table: bool = False
    #: The title lines printed above the header block rather than under it.
    title_first: bool = False
    #: Printed after a section's number ("1." rather than "1"), in both files.
    section_suffix: str = ""
    #: Whether sections show their numbers (paragraphs may be numbered under unnumbered ones).
    section_shown: bool = True
    #: Printed after a numbered paragraph's number ("1.1." rather than "1.1").
    paragraph_suffix: str = ""
    #: Paragraph numbers: "section" (5.1, 5.2 under section 5), "restart" (1, 2 … afresh
    #: under each section heading) or "report" (one count through the report).
    paragraph_count: str = "section"
    #: The markers of "numbered item" and "roman item" lists (keys of ``LIST_MARKERS``).
    numbered_marker: str = "1."
    roman_marker: str = "(i)"
    #: The council's logo, top right of the first page (``LOGO_MAX_WIDTH`` by ``_HEIGHT``).
    logo: model.Picture | None = None
    #: Lines at the foot of every page, in both files; ``{page}`` and ``{pages}`` are the page's
    #: number and the report's page count (Word's PAGE and NUMPAGES fields).
    footer: tuple[str, ...] = ()
    #: The font whose glyph widths the PDF prints the body in (``measure``): table columns are
    #: sized in it. The font itself when installed, else its metric-compatible twin.
    measure_font: str = "Liberation Sans"
    #: The template's own page header and footer lines (``Furniture``), and how far the footer
    #: is from the page's foot (cm; the header starts where the DOCX's does, at
    #: ``STAMP_FROM_TOP``, below the page stamp if there is one). A footer of ``footer`` lines
    #: replaces the template's.
    page_header: tuple[Furniture, ...] = ()
    page_footer: tuple[Furniture, ...] = ()
    footer_from_bottom: float = 1.27
    #: Data tables' text size (the template's Table Grid style, else ``TABLE_FONT_PT``); a
    #: table too wide for it is tried at the smaller ``TABLE_FONT_SMALLER_PT``.
    table_font_pt: float = TABLE_FONT_PT

    @property
    def furniture(self) -> bool:
        """Whether anything is printed in every page's margins besides the page stamp."""
        return bool(self.footer or self.page_header or self.page_footer)

    def style(self, role: str) -> TextStyle:
        return dict(self.styles)[role]

    @property
    def body(self) -> TextStyle:
        return self.style("body")


#: The header block's labels ("Report of:") take this width; their values start after it.
HEADER_LABEL_WIDTH = 5.0
#: The least space between a label and its value in the header block's lines.
HEADER_LABEL_GAP = 0.3
#: The case study's rule down its left side, and the gap between it and the text.
CASE_STUDY_RULE_PT = 2.25
CASE_STUDY_GAP = 0.3
#: A boxed block's rules, and the space between them and its text on every side.
BOX_RULE_PT = 0.5
BOX_GAP_PT = 4.0
#: A house style's logo: the widest and tallest it is printed.
LOGO_MAX_WIDTH = 5.0
LOGO_MAX_HEIGHT = 2.5
#: Pictures: the widest and tallest a picture is printed.
PICTURE_MAX_WIDTH = 12.0
PICTURE_MAX_HEIGHT = 8.0
#: The agenda-pack page stamp, top right of every page, this far from the top of the page.
STAMP_PT = 9.0
STAMP_FROM_TOP = 1.0
#: A house style's footer lines: their size, and their last line this far above the page's foot.
FOOTER_PT = 9.0
FOOTER_FROM_BOTTOM = 1.0

#: Data tables: the padding inside each cell (left and right, top and bottom); their text size
#: is ``TABLE_FONT_PT`` unless the house style's template sets one (``Look.table_font_pt``).
#: Smaller sizes tried, in turn, before a table is called too wide for a landscape page.
TABLE_FONT_SMALLER_PT = (9.0, 8.0)
CELL_PADDING_X = 0.15
CELL_PADDING_Y = 0.05
#: Added to each column's narrowest width, in centimetres, and as a share of it: the margin for
#: a word processor's own rounding, so a word that fits here fits there.
COLUMN_SLACK = 0.1
COLUMN_SLACK_SHARE = 0.04

#: Delivery-plan activity tables: relative column widths (in ``model.ACTIVITY_COLUMNS`` order)
#: and text size. The plan's columns hold sentences, so they share the page by these weights.
PLAN_COLUMN_SHARES = (8.0, 14, 9, 9, 8, 13, 11, 11, 9)
#: With the progress columns (``plan_columns``: Ref before the others, Status and Since last
#: report after them, each as wide as its longest word), the other columns share what is left
#: by these weights: the long-text columns give up most, so a heading such as "Lead
#: Officer/s" still fits on one line.
PLAN_COLUMN_SHARES_WITH_PROGRESS = (7.0, 12, 8, 8, 8, 11, 10, 10, 9)
PLAN_FONT_PT = 7.5
PLAN_PADDING_X = 0.1
PLAN_PADDING_Y = 0.05
#: The plan's header row is shaded this grey (RGB hex), in both files.
PLAN_HEADER_FILL = "E8E8E8"
#: A delivery-plan outcome's activities are set in tables of at most this many rows, each
#: after the first starting a new page, in both files. The PDF writer lays each out as a
#: document of its own: only one table's pages are in memory at once, tables are laid out
#: side by side, and an edit lays out again only the table that holds it (``render.cache``).
#: The DOCX starts its pages at the same rows, so the two files break their pages alike.
PLAN_ROWS_PER_TABLE = 25
#: A table row taller than this share of a page's text height may run on to the next page.
ROW_SPLIT_SHARE = 0.5
#: Table rules, in points (Word's "Table Grid" draws 0.5 pt).
TABLE_RULE_PT = 0.5

#: Cannock Chase's look: the built-in house style's, and the default.
BUILT_IN = Look(PORTRAIT, LANDSCAPE, tuple(STYLES.items()), FONT_WORD, FONT_CSS)


def contact_widths(look: Look, indent: float) -> list[float]:
    """A contact block's column widths (cm): the text's width from ``indent``, shared equally
    by ``model.CONTACT_COLUMNS`` (a block of one column takes the first)."""
    share = round((look.portrait.text_width - indent) / model.CONTACT_COLUMNS, 3)
    return [share] * model.CONTACT_COLUMNS


def plan_tables(activities: list[T]) -> list[list[T]]:
    """An outcome's activities as its tables' rows (``PLAN_ROWS_PER_TABLE``); [[]] for none."""
    return [activities[i:i + PLAN_ROWS_PER_TABLE]
            for i in range(0, len(activities), PLAN_ROWS_PER_TABLE)] or [[]]


def picture_size(width: int, height: int) -> tuple[float, float]:
    """A picture of ``width`` x ``height`` pixels, printed: its width and height in cm, its
    shape kept, as large as fits within ``PICTURE_MAX_WIDTH`` by ``PICTURE_MAX_HEIGHT``.
    """
    scale = min(PICTURE_MAX_WIDTH / width, PICTURE_MAX_HEIGHT / height)
    return round(width * scale, 3), round(height * scale, 3)


def logo_size(width: int, height: int) -> tuple[float, float]:
    """The logo's printed width and height in cm: its shape kept, within the logo's bounds."""
    scale = min(LOGO_MAX_WIDTH / width, LOGO_MAX_HEIGHT / height)
    return round(width * scale, 3), round(height * scale, 3)


def plan_widths(page: Page = LANDSCAPE) -> tuple[float, ...]:
    """The delivery-plan table's column widths across the landscape text block, in cm."""
    total = sum(PLAN_COLUMN_SHARES)
    return tuple(round(page.text_width * share / total, 3) for share in PLAN_COLUMN_SHARES)
