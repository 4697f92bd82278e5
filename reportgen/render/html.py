"""The HTML writer: the report model through jinja2 into the HTML that WeasyPrint lays out.

Autoescaping is on and no cell value is ever marked safe: officers' text is data. Pictures are
named by ``reportgen-picture:`` URLs, one per distinct picture however often it is shown, that
the PDF stage's fetcher answers from the pictures prepared when the inputs were read: the HTML
stays small (a picture inlined as a ``data:`` URL a hundred times made it gigabytes), and the
PDF stage fetches nothing but those pictures and template assets.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import jinja2
import markupsafe

from reportgen import layout, layoutplan, model, wording
from reportgen.layoutplan import LayoutPlan
from reportgen.paths import TEMPLATES

TEMPLATE = "report.html.j2"
STAMPS_TEMPLATE = "stamps.html.j2"
AGENDA_TEMPLATE = "agenda.html.j2"
MARK_TEMPLATE = "mark.html.j2"

#: The page rules of a stamp with words after the page's number (``wording.Wording.stamp``).
STAMP_AFTER_CSS = markupsafe.Markup(
    "body { string-set: stamp attr(data-stamp), stampafter attr(data-stamp-after); } "
    "@page { @top-right { content: string(stamp) counter(page) string(stampafter); } } "
    "@page landscape { @top-right { content: string(stamp) counter(page) "
    "string(stampafter); } }")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=lambda value: "" if value is None else value,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for name in ("Heading", "Paragraph", "List", "Table", "CaseStudy", "Image", "Box", "Contacts",
                 "Ref",
                 "DeliveryPlan"):
        cls = getattr(model, name)
        env.tests[name.lower()] = lambda value, cls=cls: isinstance(value, cls)
    env.filters["picture_url"] = picture_url
    env.globals.update(picture_size=layout.picture_size,
                       single_line_pt=layout.single_line_pt, stamp_after_css=STAMP_AFTER_CSS,
                       layout_css=markupsafe.Markup(layout_css()))
    return env


def layout_css(look: layout.Look = layout.BUILT_IN) -> str:
    """The measures of ``layout`` as CSS, so the stylesheet repeats none of the numbers the
    Word writer also uses. Between two paragraphs the larger of the space after the first and
    the space before the second is left, in LibreOffice's rendering of the DOCX as with CSS's
    collapsing margins. ``look`` is the house style's page, font and paragraph styles.
    """
    L = layout  # noqa: N806 - short, for the many values below
    body, styles = look.body, dict(look.styles)

    # A word processor puts the extra of 1.15 line spacing below each line, CSS half above
    # and half below it: the page's top margin is less that half, so the first line sits where
    # Word's does, and so is the bottom, as a word processor lets the last line's extra
    # spacing run into the bottom margin. Landscape pages hold delivery plans and wide tables,
    # whose single-spaced rows a word processor fits within the page's own margins: there the
    # margins are as they are (at 200 activities, 155 pages against LibreOffice's 156, not 152).
    half_leading = (body.line_em - L.FONT_LINE_EM) * body.size_pt / 2 * L.CM_PER_PT

    def page(p: layout.Page, leading: float = half_leading) -> str:
        return (f"size: {p.width}cm {p.height}cm; margin: {round(p.top - leading, 4)}cm "
                f"{p.right}cm {round(p.bottom - leading, 4)}cm {p.left}cm;")

    def stamp(p: layout.Page) -> str:
        return (f"font-size: {L.STAMP_PT}pt; line-height: {L.FONT_LINE_EM}; "
                f"vertical-align: top; padding-top: {L.STAMP_FROM_TOP}cm;")

    def text(selector: str, role: str, indent: str = "") -> str:
        st = styles[role]
        keep = " break-after: avoid;" if st.keep_with_next else ""
        keep += f" font-family: {st.font_css};" if st.font_css else ""
        return (f"{selector} {{ font-size: {st.size_pt}pt; line-height: {st.line_em};"
                f" font-weight: {'bold' if st.bold else 'normal'};"
                f" font-style: {'italic' if st.italic else 'normal'};"
                f" margin-top: {st.before_pt}pt;"
                f" margin-bottom: {st.after_pt}pt;{indent}{keep} }}")

    indent = f"{L.TEXT_INDENT}cm"
    rules = [
        f"@page {{ {page(look.portrait)} @top-right {{ {stamp(look.portrait)} }} }}",
        f"@page landscape {{ {page(look.landscape, 0.0)} "
        f"@top-right {{ {stamp(look.landscape)} }} }}",
        f"html {{ font-family: {look.font_css}; font-size: {body.size_pt}pt; "
        f"line-height: {body.line_em}; }}",
        text("p", "body"),
        text("h1.report-title", "title"),
        text("h2", "heading1"),
        text("h3", "heading2"),
        text("h4", "heading3"),
        text("h5", "heading4"),
        text(".header-block", "header_block"),
        f".header-block th {{ width: {L.HEADER_LABEL_WIDTH}cm; }}",
        text("figcaption", "caption"),
        text("caption", "table_caption"),
        text("li", "list"),
        text(".case-study p", "case_study"),
        f".case-study {{ border-left-width: {L.CASE_STUDY_RULE_PT}pt; "
        f"padding-left: {L.CASE_STUDY_GAP}cm; }}",
        f".num {{ width: {indent}; margin-left: -{indent}; }}",
        f"h2.numbered, h3.numbered, p.numbered {{ padding-left: {indent}; }}",
        f"ul, ol {{ margin-bottom: {L.LIST_AFTER_PT}pt; }}",
        f"main p:not(.numbered), main ul, main ol, main figure, main table, main .case-study, "
        f"main .sub {{ margin-left: {indent}; }}",
        "main .case-study p { margin-left: 0; }",
        f"figure img {{ max-width: {L.PICTURE_MAX_WIDTH}cm; "
        f"max-height: {L.PICTURE_MAX_HEIGHT}cm; }}",
        "figure { margin-top: 0; margin-bottom: 0; }",
        f"table.data th, table.data td {{ padding: {L.CELL_PADDING_Y}cm {L.CELL_PADDING_X}cm; }}",
        f"table.data {{ margin-top: 0; margin-bottom: {body.after_pt}pt; }}",
        f"table.plan {{ width: {sum(L.plan_widths(look.landscape))}cm; "
        f"font-size: {L.PLAN_FONT_PT}pt; }}",
        f"table.plan th, table.plan td {{ padding: {L.PLAN_PADDING_Y}cm {L.PLAN_PADDING_X}cm; }}",
        f"table.plan th {{ background: #{L.PLAN_HEADER_FILL}; }}",
        f"table.data td, table.data th, table.plan td, table.plan th {{ "
        f"border: {L.TABLE_RULE_PT}pt solid #000; }}",
        f"table.plan td, table.plan th {{ line-height: {L.single_line_pt(L.PLAN_FONT_PT)}pt; }}",
    ]
    markers = {"bullet": "", "numbered": look.numbered_marker, "roman": look.roman_marker}
    for kind, marker in markers.items():
        hang = L.list_hang(kind, marker)
        tag = "ul" if kind == "bullet" else f"ol.{kind}"
        rules.append(f"{tag} {{ padding-left: {hang}cm; }} {tag} > li::before {{ "
                     f"width: {hang}cm; margin-left: -{hang}cm; }}")
    if look.justify:
        rules.append("main p { text-align: justify; }")

    for kind, marker in markers.items():
        if marker and marker != getattr(layout.BUILT_IN, f"{kind}_marker"):
            _, _, counter, before, after = L.LIST_MARKERS[marker]
            rules.append(f'ol.{kind} > li::before {{ content: "{before}" counter(item, '
                         f'{counter}) "{after}"; }}')
    if look.header_table:  # Word's cell widths hold their padding: so do these
        pad_x, pad_y = L.CELL_PADDING_X, L.CELL_PADDING_Y
        rules += [
            f".header-block.ruled {{ table-layout: fixed; width: {look.portrait.text_width}cm; }}",
            f".header-block.ruled th, .header-block.ruled td {{ padding: {pad_y}cm {pad_x}cm; "
            f"border: {L.TABLE_RULE_PT}pt solid #000; }}",
            f".header-block.ruled th {{ width: {round(L.HEADER_LABEL_WIDTH - 2 * pad_x, 3)}cm; }}",
            ".header-block.ruled td { font-weight: normal; }"]
    return "\n".join(rules) + "\n"


#: The URL scheme of the report's own pictures, which only ``pdf.TemplateOnlyFetcher`` serves.
PICTURE_SCHEME = "reportgen-picture"


def picture_url(image: model.Image) -> str:
    """The picture's URL: the same for every row that shows the same picture."""
    return f"{PICTURE_SCHEME}:{image.picture.digest}"


def pictures(report: model.Report, look: layout.Look = layout.BUILT_IN
             ) -> dict[str, model.Picture]:
    """Every distinct picture in the report, and the house style's logo, by the name its URL
    gives it."""
    found = {image.picture.digest: image.picture for image in _images(report)}
    if look.logo is not None:
        found[look.logo.digest] = look.logo
    return found


def _images(report: model.Report) -> Iterator[model.Image]:
    yield from (b for b in model.blocks(report) if isinstance(b, model.Image))


_ENV = _environment()


@dataclass
class OutcomeRun:
    """Some of an outcome's activities; a continued run prints only its table."""

    outcome: model.Outcome
    activities: list[model.Activity]
    continued: bool = False


@dataclass
class AppendixPiece:
    """An appendix, or for a delivery plan some of its outcomes (its title with the first)."""

    appendix: model.Appendix
    runs: list[OutcomeRun] = field(default_factory=list)
    heading: bool = True


@dataclass
class Part:
    """A run of pages rendered as one document: the first holds the header block and body.

    ``stamped`` is False when the page stamps are drawn afterwards (``pdf.render``).
    """

    first: bool = False
    sections: list[model.Section] = field(default_factory=list)
    appendices: list[AppendixPiece] = field(default_factory=list)
    stamped: bool = True


def parts(report: model.Report) -> list[Part]:
    """The report cut where pages break anyway: before each delivery-plan outcome, and
    before each of its tables after the first (``layout.plan_tables``).

    Laying out a long plan in one pass holds every page in memory; in parts, only one
    table's pages at a time, and parts can be laid out side by side (``pdf.render``).
    """
    current = Part(first=True, sections=report.sections)
    out = [current]
    for appendix in report.appendices:
        if isinstance(appendix.body, model.DeliveryPlan):
            pieces = [AppendixPiece(appendix, [run], heading=i == 0)
                      for i, run in enumerate(_runs(appendix.body.outcomes))]
            out.extend(Part(appendices=[p]) for p in pieces or [AppendixPiece(appendix)])
            current = Part()
            out.append(current)
        else:
            current.appendices.append(AppendixPiece(appendix))
    return [p for p in out if p.first or p.sections or p.appendices]


def _runs(outcomes: list[model.Outcome]) -> list[OutcomeRun]:
    """Each outcome's tables (``layout.plan_tables``): a part each."""
    return [OutcomeRun(outcome, rows, continued=i > 0) for outcome in outcomes
            for i, rows in enumerate(layout.plan_tables(outcome.activities))]


def render_stamps(report: model.Report | None, landscape: list[bool],
                  item: str | None = None, language: str = "en-GB",
                  samples: list[bool] | None = None, sample: str = "",
                  look: layout.Look = layout.BUILT_IN) -> str:
    """A document of page stamps only: one empty page per entry, landscape where True; the
    report's own agenda item, or ``item`` (a pack stamping a paper or a notice). With
    ``samples`` (kinds of page: landscape or not), instead two pages of each kind, from which
    ``stamps.compose`` draws every page's stamp: one stamped ``sample``, one 0. The house
    style's page furniture (``furniture_css``) is on every page too, with the pages of
    ``look``.
    """
    words = report.details.wording if report is not None else wording.wording(language)
    own = {"agenda_item": item, "language": language,
           "title": words.fill("Item number", number=item)}
    details = report.details if report is not None else own
    stamp = words.stamp(report.details.agenda_item if report is not None else item)
    extra = {}
    if look is not layout.BUILT_IN:
        extra["layout_css"] = markupsafe.Markup(_css(look))
    return _ENV.get_template(STAMPS_TEMPLATE).render(
        d=details, landscape=landscape, samples=samples, sample=sample,
        stamp=stamp,
        stamp_words=words.stamp_words(report.details.agenda_item if report is not None
                                      else item),
        footer_css=markupsafe.Markup(furniture_css(look, bool(stamp))), **extra)


def furniture_css(look: layout.Look, stamped: bool = False) -> str:
    """The page rules that print the house style's page furniture: its footer lines, or the
    template's own footer, and the template's own header; "" for none. On ``stamped`` pages
    the header starts below the page stamp, as in the DOCX (where the stamp is the header's
    first line), and its right-hand part gives way to the stamp."""
    css = footer_css(look.footer)
    if not look.footer:
        css += _template_css(look.page_footer, "bottom", look.footer_from_bottom)
    if not stamped:
        return css + _template_css(look.page_header, "top", layout.STAMP_FROM_TOP)
    header = tuple(dataclasses.replace(
        line, parts=tuple(p for p in line.parts if p[0] != "right"),
        picture=None if line.picture_place == "right" else line.picture)
        for line in look.page_header)
    below = layout.STAMP_FROM_TOP + layout.single_line_pt(layout.STAMP_PT) * layout.CM_PER_PT
    return css + _template_css(header, "top", round(below, 3))


def _template_css(lines: tuple[layout.Furniture, ...], edge: str, distance: float) -> str:
    """Margin boxes for the template's header (``edge`` top) or footer lines: each line's
    left, centre and right parts in the box on that side, lines in order, ``distance`` cm
    from the page's edge as Word sets them. A picture is its bytes as a ``data:`` URL, at the
    size Word shows it (CSS ``image-resolution``: a margin box's image cannot be sized)."""
    boxes = []
    for place in ("left", "center", "right"):
        pieces: list[str] = []
        first: layout.Furniture | None = None
        resolution = ""
        for line in lines:
            texts = [_css_content(text) or '""' for where, text in line.parts if where == place]
            if line.picture is not None and line.picture_place == place:
                encoded = base64.b64encode(line.picture.data).decode("ascii")
                texts.insert(0, f'url("data:{line.picture.mime};base64,{encoded}")')
                dppx = line.picture.width / (line.picture_cm[0] / 2.54 * 96)
                resolution = resolution or f" image-resolution: {round(dppx, 4)}dppx;"
            if texts:
                first = first or line
                pieces.append(" ".join(texts))
        if first is None:
            continue
        content = ' "\\A" '.join(pieces)
        boxes.append(
            f"@{edge}-{place} {{ content: {content}; white-space: pre; text-align: {place}; "
            f"font-size: {first.size_pt}pt; font-weight: {'bold' if first.bold else 'normal'}; "
            f"line-height: {layout.FONT_LINE_EM}; vertical-align: {edge}; "
            f"padding-{edge}: {distance}cm;{resolution} }}")
    if not boxes:
        return ""
    rules = " ".join(boxes)
    return f" @page {{ {rules} }} @page landscape {{ {rules} }}"


def _css_content(line: str) -> str:
    """A line as CSS ``content``: every character but letters and digits escaped
    (``\\HHHHHH ``), so an officer's or a template's words are data, never CSS; ``{page}`` and
    ``{pages}`` become counters."""
    parts = []
    for piece in re.split(r"(\{pages?\})", line):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append('"' + "".join(c if c.isascii() and c.isalnum() else
                                       f"\\{ord(c):06X}" for c in piece) + '"')
    return " ".join(parts)



def footer_css(lines: tuple[str, ...]) -> str:
    """The page rules that print ``lines`` at the foot of every page, or "" for none. The
    officer's words become CSS strings with every character but letters and digits escaped
    (``\\HHHHHH ``): data, never CSS or markup; ``{page}`` and ``{pages}`` become counters.
    """
    if not lines:
        return ""
    tokens = []
    for index, line in enumerate(lines):
        tokens += ['"\\A"'] * bool(index) + [_css_content(line)] * bool(line)
    content = " ".join(tokens)
    box = (f"@bottom-center {{ content: {content}; white-space: pre; "
           f"font-size: {layout.FOOTER_PT}pt; line-height: {layout.FONT_LINE_EM}; "
           f"vertical-align: bottom; padding-bottom: {layout.FOOTER_FROM_BOTTOM}cm; }}")
    return f"@page {{ {box} }} @page landscape {{ {box} }}"


@dataclass
class AgendaEntry:
    """An item as the front sheet lists it: the page of the pack it starts on (None: no
    paper)."""

    item: model.AgendaItem
    page: int | None


def render_front_sheet(agenda: model.Agenda, entries: list[AgendaEntry], confidential: bool,
                       title: str) -> str:
    """The summons and agenda that begin a pack."""
    return _ENV.get_template(AGENDA_TEMPLATE).render(
        m=agenda.meeting, entries=entries, confidential=confidential, title=title,
        notice=False, w=agenda.meeting.wording, created=f"{agenda.meeting.date:%Y-%m-%d}T09:00:00Z")


def render_exempt_notice(agenda: model.Agenda, item: model.AgendaItem) -> str:
    """The one page that stands for an exempt item in the public pack."""
    words = agenda.meeting.wording
    return _ENV.get_template(AGENDA_TEMPLATE).render(
        m=agenda.meeting, item=item, notice=True, w=words,
        description=words[f"Schedule 12A paragraph {item.exempt}"],
        title=words.fill("Exempt notice title", number=item.number, title=item.title),
        created=f"{agenda.meeting.date:%Y-%m-%d}T09:00:00Z")


def render_marks(mark: str, landscape: list[bool], language: str) -> str:
    """A document of one mark (a pack's confidentiality) per page, for drawing under them."""
    return _ENV.get_template(MARK_TEMPLATE).render(mark=mark, mark_css=css_string(mark),
                                                   landscape=landscape, language=language)


#: Characters a CSS string in a style element holds as they are; every other is escaped.
CSS_PLAIN = frozenset(" :.,;-()!?/")


def css_string(text: str) -> markupsafe.Markup:
    """``text`` as the inside of a CSS string: HTML's escaping does not apply in a style
    element (an apostrophe would print as &#39;), so each character but letters, digits and
    plain punctuation is a CSS escape (``\\HHHHHH ``): data, never CSS or markup."""
    return markupsafe.Markup("".join(
        c if (c.isascii() and c.isalnum()) or c in CSS_PLAIN else f"\\{ord(c):06X} "
        for c in text))


def render(report: model.Report, part: Part | None = None,
           plan: LayoutPlan | None = None) -> str:
    """One part of the report as an HTML document, laid out as ``plan`` decided in its house
    style (the built-in style's plan when none is given); by default the whole report. The
    stylesheet is in the document, so the layout cache's key (the HTML) changes with the style.
    """
    plan = plan or layoutplan.plan(report)
    look = plan.look
    if part is None:
        part = Part(first=True, sections=report.sections, appendices=[
            AppendixPiece(a, [OutcomeRun(o, o.activities) for o in a.body.outcomes]
                          if isinstance(a.body, model.DeliveryPlan) else [])
            for a in report.appendices])
    created = f"{report.details.meeting_date:%Y-%m-%d}T09:00:00Z"
    return _ENV.get_template(TEMPLATE).render(
        report=report, d=report.details, created=created, part=part, layout_plan=plan,
        label_width=_label_width(plan),
        layout_css=markupsafe.Markup(_css(look)),
        box_css=markupsafe.Markup(box_css() if any(
            isinstance(b, model.Box) for b in model.blocks(report)) else "")
        + markupsafe.Markup(contacts_css(look) if any(
            isinstance(b, model.Contacts) for b in model.blocks(report)) else ""),
        section_suffix=look.section_suffix, header_table=look.header_table,
        title_first=look.title_first,
        section_shown=look.section_shown, paragraph_suffix=look.paragraph_suffix,
        logo=_logo(look), stamp=report.details.wording.stamp(report.details.agenda_item),
        stamp_words=report.details.wording.stamp_words(report.details.agenda_item))


def _label_width(plan: LayoutPlan) -> float | None:
    """The header block's label cells' width when the plan widened them (label and value
    lines only), else None: the stylesheet's."""
    return None if plan.header_label == layout.HEADER_LABEL_WIDTH else plan.header_label


def _logo(look: layout.Look) -> dict[str, object] | None:
    """The logo's URL and printed size, for the template; None for none."""
    if look.logo is None:
        return None
    width, height = layout.logo_size(look.logo.width, look.logo.height)
    return {"url": f"{PICTURE_SCHEME}:{look.logo.digest}", "width": width, "height": height}


@functools.cache
def _css(look: layout.Look) -> str:
    return layout_css(look)


def contacts_css(look: layout.Look) -> str:
    """The rules of contact blocks (``model.Contacts``), added only to a report that has
    them: columns side by side, as wide as ``layout.contact_widths`` makes Word's cells."""
    width = layout.contact_widths(look, layout.TEXT_INDENT)[0]
    return ("\n.contacts { display: flex; } .contacts p { flex: none; margin-left: 0; "
            "text-align: left; "
            f"width: {width}cm; }} main .contacts {{ margin-left: {layout.TEXT_INDENT}cm; }}\n")


def box_css() -> str:
    """The rules of boxed paragraphs (``model.Box``), added only to a report that has them:
    Word draws a paragraph's rules outside its text, as this padding does."""
    L = layout  # noqa: N806
    return (f"\nmain .box {{ border: {L.BOX_RULE_PT}pt solid #000; padding: {L.BOX_GAP_PT}pt; "
            f"margin-left: calc({L.TEXT_INDENT}cm - {L.BOX_GAP_PT + L.BOX_RULE_PT}pt); }} "
            "main .box p { margin-left: 0; } main .box p:last-child { margin-bottom: 0; }\n")
