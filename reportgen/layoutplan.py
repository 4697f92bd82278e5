"""The layout plan: every layout decision of one report, made once, read by both writers.

A DOCX and a PDF of the same report are one document only if they are laid out from the same
decisions. Like pandoc's writers, which take one grid table built once, the Word and HTML
writers here take one ``LayoutPlan`` built from the report and its house style's ``Look``:
each data table's column widths, text size and page, the rows allowed to run on to the next
page, and each delivery plan's columns. Neither writer measures anything itself.

Column widths are decided from the content, measured in the font the PDF prints (``measure``:
Liberation Sans for the built-in style's Arial, Carlito for Calibri …; Word and LibreOffice
use the font or its metric-compatible twin, every glyph the same width) on the house style's
own pages. No number, date, code or single word may be split across lines, so a column is
never narrower than its longest word (its whole text for a column of numbers), and a table
that cannot have that on a portrait page goes onto a landscape page, in both files. One that
does not fit there either is the officer's to change, and is reported at the table's row
(``table_problem``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from reportgen import layout, model
from reportgen.measure import text_width, wrapped_lines
from reportgen.words import WORDS, Words, for_language


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
    look: layout.Look = layout.BUILT_IN
    #: The activities (by identity, while the plan holds the report) whose rows may run on.
    run_on: frozenset[int] = frozenset()

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
        """Whether the activity's row may run on to the next page (``row_may_split``), as
        ``plan`` decided it once for both writers."""
        return id(activity) in self.run_on

    def _decide_run_on(self, activities: list[model.Activity]) -> PlanColumns:
        return dataclasses.replace(self, run_on=frozenset(
            id(a) for a in activities if row_may_split(
                self.cells(a), self.widths, layout.PLAN_FONT_PT, layout.PLAN_PADDING_X,
                landscape=True, look=self.look)))


@dataclass(frozen=True)
class LayoutPlan:
    """One report's layout decisions (``plan``). Tables are looked up by the model object
    itself: the plan keeps each object it decided for, so an identity never names another."""

    look: layout.Look
    #: The header block's label column (cm): where its values start, or the ruled table's
    #: first column, padding included (``header_label_width``).
    header_label: float = layout.HEADER_LABEL_WIDTH
    _tables: dict[int, tuple[model.Table, TableLayout]] = field(default_factory=dict)
    _plans: dict[int, tuple[model.DeliveryPlan, PlanColumns]] = field(default_factory=dict)

    def table(self, table: model.Table) -> TableLayout:
        """The decided layout of ``table``; a table the plan was not made for is an error in
        the program, never something to decide again differently."""
        found = self._tables.get(id(table))
        if found is None or found[0] is not table:
            raise KeyError("a table the layout plan was not made for")
        return found[1]

    def columns(self, plan: model.DeliveryPlan) -> PlanColumns:
        found = self._plans.get(id(plan))
        if found is None or found[0] is not plan:
            raise KeyError("a delivery plan the layout plan was not made for")
        return found[1]


def plan(report: model.Report, look: layout.Look = layout.BUILT_IN) -> LayoutPlan:
    """Every layout decision of ``report`` in the house style's ``look`` (delivery-plan
    columns titled in the report's language). Raises ValueError for a table too wide to
    print, which reading the inputs reports first (``table_problem``).
    """
    words = for_language(report.details.language)
    decided = LayoutPlan(look, header_label_width(report.details.header_block, look))
    for section in report.sections:
        _decide(decided, section.blocks, layout.TEXT_INDENT)
    for appendix in report.appendices:
        if isinstance(appendix.body, model.DeliveryPlan):
            columns = plan_columns(appendix.body, words, look)
            columns = columns._decide_run_on(appendix.body.activities)
            decided._plans[id(appendix.body)] = (appendix.body, columns)
        else:
            _decide(decided, appendix.body, 0.0)
    return decided


def header_label_width(rows: list[tuple[str, str]], look: layout.Look) -> float:
    """The header block's label column: ``HEADER_LABEL_WIDTH``, or wider when a label would
    not fit on one line in it (as "Officer presenting the report:" would not), so that Word
    and the PDF both start every value at the same place; at most half the text width. In a
    ruled table a long label wraps within its cell, alike in both files, as councils print it.
    """
    if look.header_table:
        return layout.HEADER_LABEL_WIDTH
    style = look.style("header_block")
    pad = layout.HEADER_LABEL_GAP
    widest = max((text_width(line, style.size_pt, True, look.measure_font)
                  for label, _ in rows for line in label.split("\n")), default=0.0)
    need = widest * (1 + layout.COLUMN_SLACK_SHARE) + layout.COLUMN_SLACK + pad
    if need <= layout.HEADER_LABEL_WIDTH:
        return layout.HEADER_LABEL_WIDTH
    return round(min(need, look.portrait.text_width / 2), 2)


def _decide(decided: LayoutPlan, blocks: list[model.Block], indent: float) -> None:
    for block in blocks:
        if isinstance(block, model.Table):
            geometry = table_layout(block, indent, decided.look)
            if geometry is None:
                raise ValueError("a table too wide to print reached the layout plan")
            decided._tables[id(block)] = (block, geometry)


def _column_needs(table: model.Table, size: float, look: layout.Look
                  ) -> tuple[list[float], list[float]]:
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
    family = look.measure_font
    for cells, bold in rows:
        for i, text in enumerate(cells[:count]):
            numeric = i < len(table.numeric) and table.numeric[i]
            whole = numeric and cells is not table.header
            for line in text.split("\n"):
                pieces = [line] if whole else line.split()
                for piece in pieces:
                    narrowest[i] = max(narrowest[i], text_width(piece, size, bold, family))
                natural[i] = max(natural[i], text_width(line, size, bold, family))
    pad = 2 * layout.CELL_PADDING_X
    slack, share = layout.COLUMN_SLACK, layout.COLUMN_SLACK_SHARE
    narrowest = [w * (1 + share) + slack + pad for w in narrowest]
    natural = [max(n, w * (1 + share) + slack + pad)
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


def table_layout(table: model.Table, indent: float = layout.TEXT_INDENT,
                 look: layout.Look = layout.BUILT_IN) -> TableLayout | None:
    """The one layout decision for a data table, or None when it cannot be printed unbroken
    even on a landscape page at the smallest table size.

    ``indent`` is where the table starts from the left margin on a portrait page (tables in
    the report's sections align with the numbered text; an appendix's start at the margin).
    A landscape table starts at the margin.
    """
    smaller = (s for s in layout.TABLE_FONT_SMALLER_PT if s < look.table_font_pt)
    for size in (look.table_font_pt, *smaller):
        narrowest, natural = _column_needs(table, size, look)
        for landscape, room in ((False, look.portrait.text_width - indent),
                                (True, look.landscape.text_width)):
            widths = _fit(narrowest, natural, room)
            if widths is not None:
                rows = [table.header, *table.rows, *([table.footer] if table.footer else [])]
                run_on = frozenset(i for i, row in enumerate(rows) if i and row_may_split(
                    row, widths, size, layout.CELL_PADDING_X, landscape, look))
                return TableLayout(widths, size, landscape, run_on)
    return None


def table_problem(table: model.Table, look: layout.Look = layout.BUILT_IN) -> str | None:
    """What the officer should change when a table cannot be printed unbroken, or None."""
    if table_layout(table, look=look) is not None:
        return None
    size = layout.TABLE_FONT_SMALLER_PT[-1]
    narrowest, _ = _column_needs(table, size, look)
    room = look.landscape.text_width
    widest = max(range(len(narrowest)), key=lambda i: narrowest[i])
    return (f"the table is too wide to print: at {size:g} pt its columns need at least "
            f"{sum(narrowest):.1f} cm without splitting a word or number, and a landscape page "
            f"has {room:.1f} cm; split it into two tables, or shorten the longest entries "
            f"(column {_letter(widest)} needs {narrowest[widest]:.1f} cm)")


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def row_may_split(cells: list[str], widths: tuple[float, ...], size_pt: float,
                  padding_x: float, landscape: bool,
                  look: layout.Look = layout.BUILT_IN) -> bool:
    """Whether a table row is so tall that it must be allowed to run on to the next page.

    Rows are kept whole (a reader should not have to turn the page mid-activity), but a row
    taller than most of a page cannot be: a word processor that keeps it whole anyway cuts
    off what does not fit. Decided here once, from the text, so both files split the same
    rows.
    """
    page = look.landscape if landscape else look.portrait
    room = (page.height - page.top - page.bottom) * layout.ROW_SPLIT_SHARE
    lines = max((wrapped_lines(text, width - 2 * padding_x, size_pt, family=look.measure_font)
                 for text, width in zip(cells, widths, strict=False)), default=1)
    return lines * layout.single_line_pt(size_pt) * layout.CM_PER_PT > room


def plan_columns(plan: model.DeliveryPlan, words: Words = WORDS,
                 look: layout.Look = layout.BUILT_IN) -> PlanColumns:
    """The one decision of a plan's table columns, for both writers."""
    comparison = plan.comparison
    directions = comparison.directions if comparison and comparison.comparable else None
    titles = [title for title, _ in model.ACTIVITY_COLUMNS]
    if not (plan.has_refs or plan.has_statuses or directions is not None):
        return PlanColumns(tuple(titles), layout.plan_widths(look.landscape), False, False,
                           None, words, look)
    before: list[tuple[str, float]] = []
    after: list[tuple[str, float]] = []
    family = look.measure_font
    if plan.has_refs:
        before.append((words.ref_column, _narrowest(
            words.ref_column, [a.ref for a in plan.activities], family)))
    if plan.has_statuses:
        after.append((words.status_column, _narrowest(words.status_column,
                                                      list(words.status_words), family)))
    if directions is not None:
        after.append((words.since_column, _narrowest(
            words.since_column, [words.direction(k) for k in words.directions], family)))
    rest = look.landscape.text_width - sum(w for _, w in (*before, *after))
    total = sum(layout.PLAN_COLUMN_SHARES_WITH_PROGRESS)
    shared = [round(rest * share / total, 3) for share in layout.PLAN_COLUMN_SHARES_WITH_PROGRESS]
    return PlanColumns(
        tuple([t for t, _ in before] + titles + [t for t, _ in after]),
        tuple([w for _, w in before] + shared + [w for _, w in after]),
        plan.has_refs, plan.has_statuses, directions, words, look)


def _narrowest(title: str, cells: list[str], family: str) -> float:
    """A column as wide as its longest word (heading words bold), padding and slack added.
    Words are split at spaces and line breaks only: a no-break space ("Worse ↓") holds."""
    size = layout.PLAN_FONT_PT
    widest = max([text_width(w, size, True, family) for w in title.split(" ")]
                 + [text_width(w, size, False, family) for cell in cells
                    for w in cell.replace("\n", " ").split(" ")])
    return round(widest * (1 + layout.COLUMN_SLACK_SHARE) + layout.COLUMN_SLACK
                 + 2 * layout.PLAN_PADDING_X, 3)
