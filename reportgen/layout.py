"""The one definition of page and table geometry that both writers read.

A DOCX and a PDF of the same report are one document only if every measure is decided once:
page sizes and margins, the indent of numbered text, the table font, cell padding and each
table's column widths. The writers read these values; neither has numbers of its own.

Column widths are decided from the content, measured in the font both files use (Liberation
Sans in the PDF, Arial in the DOCX: the two are metric-compatible, every glyph the same width).
No number, date, code or single word may be split across lines, so a column is never narrower
than its longest word (its whole text for a column of numbers), and a table that cannot have
that on a portrait page goes onto a landscape page, in both files. One that does not fit there
either is the officer's to change, and is reported at the table's row (``table_problem``).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from reportgen import model
from reportgen.words import WORDS, Words

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

    def style(self, role: str) -> TextStyle:
        return dict(self.styles)[role]

    @property
    def body(self) -> TextStyle:
        return self.style("body")


#: The header block's labels ("Report of:") take this width; their values start after it.
HEADER_LABEL_WIDTH = 5.0
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

#: Data tables: text size, and the padding inside each cell (left and right, top and bottom).
TABLE_FONT_PT = 10.0
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

FONT_FILES = {
    False: "LiberationSans-Regular.ttf",
    True: "LiberationSans-Bold.ttf",
}
FONT_FOLDERS = (Path("/usr/share/fonts/truetype/liberation2"),
                Path("/usr/share/fonts/truetype/liberation"))
#: Width of a character, in ems, when the font file cannot be read: wide enough for any digit.
FALLBACK_EM = 0.6


@functools.cache
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Glyph advance widths of the table font, in ems, by character, and a default width."""
    try:
        from fontTools.ttLib import TTFont

        path = next(folder / FONT_FILES[bold] for folder in FONT_FOLDERS
                    if (folder / FONT_FILES[bold]).is_file())
        with TTFont(path, lazy=True) as font:
            per_em = font["head"].unitsPerEm
            metrics = font["hmtx"].metrics
            cmap = font.getBestCmap()
            widths = {code: metrics[glyph][0] / per_em for code, glyph in cmap.items()}
        return widths, max(widths.get(ord("W"), FALLBACK_EM), FALLBACK_EM)
    except (StopIteration, OSError, KeyError):
        return {}, FALLBACK_EM


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of one line of ``text`` in centimetres, at ``size_pt``."""
    widths, default = _advances(bold)
    ems = sum(widths.get(ord(c), default) for c in text)
    return ems * size_pt * CM_PER_PT


@dataclass(frozen=True)
class TableLayout:
    """How a data table is printed: its column widths (cm), text size, page, and which rows
    may run on to the next page (indices into header, rows and footer, as both writers number
    them: the header is 0)."""

    widths: tuple[float, ...]
    font_pt: float
    landscape: bool
    run_on: frozenset[int] = frozenset()

    @property
    def width(self) -> float:
        return sum(self.widths)


def _column_needs(table: model.Table, size: float) -> tuple[list[float], list[float]]:
    """Each column's narrowest and natural widths at ``size``, padding and slack included.

    Narrowest: its longest unbreakable piece: a word of the heading (headings wrap between
    words), a word of a text cell, the whole of a number, date or code cell. Natural: its
    longest line.
    """
    count = len(table.header)
    narrowest = [0.0] * count
    natural = [0.0] * count
    rows = [(table.header, True), *((r, False) for r in table.rows)]
    if table.footer:
        rows.append((table.footer, True))
    for cells, bold in rows:
        for i, text in enumerate(cells[:count]):
            numeric = i < len(table.numeric) and table.numeric[i]
            whole = numeric and cells is not table.header
            for line in text.split("\n"):
                pieces = [line] if whole else line.split()
                for piece in pieces:
                    narrowest[i] = max(narrowest[i], text_width(piece, size, bold))
                natural[i] = max(natural[i], text_width(line, size, bold))
    pad = 2 * CELL_PADDING_X
    narrowest = [w * (1 + COLUMN_SLACK_SHARE) + COLUMN_SLACK + pad for w in narrowest]
    natural = [max(n, w * (1 + COLUMN_SLACK_SHARE) + COLUMN_SLACK + pad)
               for n, w in zip(narrowest, natural, strict=True)]
    return narrowest, natural


def _fit(narrowest: list[float], natural: list[float], room: float) -> tuple[float, ...] | None:
    """Widths within ``room``: natural if they fit, else the narrowest plus a fair share of
    what is left (in proportion to how much more each column would like); None if even the
    narrowest do not fit.
    """
    if sum(natural) <= room:
        return tuple(round(w, 3) for w in natural)
    if sum(narrowest) > room:
        return None
    spare = room - sum(narrowest)
    wants = [n - w for n, w in zip(natural, narrowest, strict=True)]
    total = sum(wants) or 1.0
    return tuple(round(w + spare * want / total, 3)
                 for w, want in zip(narrowest, wants, strict=True))


def table_layout(table: model.Table, indent: float = TEXT_INDENT) -> TableLayout | None:
    """The one layout decision for a data table, or None when it cannot be printed unbroken
    even on a landscape page at the smallest table size.

    ``indent`` is where the table starts from the left margin on a portrait page (tables in
    the report's sections align with the numbered text; an appendix's start at the margin).
    A landscape table starts at the margin.
    """
    for size in (TABLE_FONT_PT, *TABLE_FONT_SMALLER_PT):
        narrowest, natural = _column_needs(table, size)
        for landscape, room in ((False, PORTRAIT.text_width - indent),
                                (True, LANDSCAPE.text_width)):
            widths = _fit(narrowest, natural, room)
            if widths is not None:
                rows = [table.header, *table.rows, *([table.footer] if table.footer else [])]
                run_on = frozenset(i for i, row in enumerate(rows) if i and row_may_split(
                    row, widths, size, CELL_PADDING_X, landscape))
                return TableLayout(widths, size, landscape, run_on)
    return None


def table_problem(table: model.Table) -> str | None:
    """What the officer should change when a table cannot be printed unbroken, or None."""
    if table_layout(table) is not None:
        return None
    size = TABLE_FONT_SMALLER_PT[-1]
    narrowest, _ = _column_needs(table, size)
    room = LANDSCAPE.text_width
    widest = max(range(len(narrowest)), key=lambda i: narrowest[i])
    return (f"the table is too wide to print: at {size:g} pt its columns need at least "
            f"{sum(narrowest):.1f} cm without splitting a word or number, and a landscape page "
            f"has {room:.1f} cm; split it into two tables, or shorten the longest entries "
            f"(column {_letter(widest)} needs {narrowest[widest]:.1f} cm)")


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


@functools.lru_cache(maxsize=65536)
def _word_width(word: str, size_pt: float, bold: bool) -> float:
    return text_width(word, size_pt, bold)


def wrapped_lines(text: str, width: float, size_pt: float, bold: bool = False) -> int:
    """How many lines ``text`` takes in a column ``width`` cm wide, broken between words."""
    space = _word_width(" ", size_pt, bold)
    count = 0
    for line in text.split("\n") or [""]:
        count += 1
        used = 0.0
        for word in line.split():
            extent = _word_width(word, size_pt, bold)
            if used and used + space + extent > width:
                count += 1
                used = extent
            else:
                used += (space if used else 0.0) + extent
    return count


def row_may_split(cells: list[str], widths: tuple[float, ...], size_pt: float,
                  padding_x: float, landscape: bool) -> bool:
    """Whether a table row is so tall that it must be allowed to run on to the next page.

    Rows are kept whole (a reader should not have to turn the page mid-activity), but a row
    taller than most of a page cannot be: a word processor that keeps it whole anyway cuts
    off what does not fit. Decided here once, from the text, so both files split the same
    rows.
    """
    page = LANDSCAPE if landscape else PORTRAIT
    room = (page.height - page.top - page.bottom) * ROW_SPLIT_SHARE
    lines = max((wrapped_lines(text, width - 2 * padding_x, size_pt)
                 for text, width in zip(cells, widths, strict=False)), default=1)
    return lines * single_line_pt(size_pt) * CM_PER_PT > room


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


@dataclass(frozen=True)
class PlanColumns:
    """A delivery plan's activity table as both writers print it: its column titles, widths
    (cm) and, per activity, its cells. The Ref and Status columns are printed when the plan's
    workbook has them, and Since last report when the plan is compared with the last one, so
    a plan without them prints as it always has.
    """

    titles: tuple[str, ...]
    widths: tuple[float, ...]
    ref: bool
    status: bool
    directions: dict[str, str] | None
    words: Words

    def cells(self, activity: model.Activity) -> list[str]:
        cells = [getattr(activity, attr) for _, attr in model.ACTIVITY_COLUMNS]
        if self.ref:
            cells.insert(0, activity.ref)
        if self.status:
            cells.append(activity.status)
        if self.directions is not None:
            key = self.directions.get(activity.ref)
            cells.append(self.words.direction(key) if key else "")
        return cells

    def may_split(self, activity: model.Activity) -> bool:
        """Whether the activity's row may run on to the next page (``row_may_split``)."""
        return row_may_split(self.cells(activity), self.widths, PLAN_FONT_PT, PLAN_PADDING_X,
                             landscape=True)


def plan_columns(plan: model.DeliveryPlan, words: Words = WORDS) -> PlanColumns:
    """The one decision of a plan's table columns, for both writers."""
    comparison = plan.comparison
    directions = comparison.directions if comparison and comparison.comparable else None
    titles = [title for title, _ in model.ACTIVITY_COLUMNS]
    if not (plan.has_refs or plan.has_statuses or directions is not None):
        return PlanColumns(tuple(titles), plan_widths(), False, False, None, words)
    before: list[tuple[str, float]] = []
    after: list[tuple[str, float]] = []
    if plan.has_refs:
        before.append((words.ref_column, _narrowest(
            words.ref_column, [a.ref for a in plan.activities])))
    if plan.has_statuses:
        after.append((words.status_column, _narrowest(words.status_column,
                                                      list(words.status_words))))
    if directions is not None:
        after.append((words.since_column, _narrowest(
            words.since_column, [words.direction(k) for k in words.directions])))
    rest = LANDSCAPE.text_width - sum(w for _, w in (*before, *after))
    total = sum(PLAN_COLUMN_SHARES_WITH_PROGRESS)
    shared = [round(rest * share / total, 3) for share in PLAN_COLUMN_SHARES_WITH_PROGRESS]
    return PlanColumns(
        tuple([t for t, _ in before] + titles + [t for t, _ in after]),
        tuple([w for _, w in before] + shared + [w for _, w in after]),
        plan.has_refs, plan.has_statuses, directions, words)


def _narrowest(title: str, cells: list[str]) -> float:
    """A column as wide as its longest word (heading words bold), padding and slack added.
    Words are split at spaces and line breaks only: a no-break space ("Worse ↓") holds."""
    widest = max([text_width(w, PLAN_FONT_PT, True) for w in title.split(" ")]
                 + [text_width(w, PLAN_FONT_PT) for cell in cells
                    for w in cell.replace("\n", " ").split(" ")])
    return round(widest * (1 + COLUMN_SLACK_SHARE) + COLUMN_SLACK + 2 * PLAN_PADDING_X, 3)
