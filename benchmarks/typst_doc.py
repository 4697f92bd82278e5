"""The same report as Typst source, for the benchmark's reference figure only.

Typst (PyPI ``typst``) is not a dependency of reportgen: the benchmark uses it, when it is
installed, to say how long another typesetter takes over equivalent content. ``write`` turns
the numbered report model into a ``.typ`` file with the same text and tables as the PDF writer
prints: the header block and title lines, numbered sections and paragraphs on a hanging indent,
lists, data tables at the widths ``reportgen.layout`` decides (landscape where reportgen puts
them), case studies, pictures at their printed size, the text appendix, and the delivery plan
on landscape pages (one outcome a page, its measures, the activity table with its header
repeated, 7.5 pt), with the agenda-item stamp at the top right of every page. All officers'
text goes in as string literals, so nothing in it is read as Typst markup. Compiled as
PDF/UA-1 (tagged), as reportgen's PDF is.
"""

from __future__ import annotations

from pathlib import Path

from reportgen import layout, layoutplan, model

#: Liberation Sans's ascender plus descender, in ems: the height Typst gives a line when its
#: edges are set to them; the line height the PDF writer uses is made up with leading.
ASCENDER_DESCENDER_EM = 0.905 + 0.212


def _lit(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "") + '"'


def _s(text: str) -> str:
    """A string shown as text in markup (newlines become line breaks, as in the PDF)."""
    return "#" + _lit(text)


def _text(spans: model.Text) -> str:
    return _s(model.plain(spans))


def _cm(value: float) -> str:
    return f"{value:.3f}cm"


def _pt(value: float) -> str:
    return f"{value:g}pt"


def _page_setup(page: layout.Page, flipped: bool) -> str:
    return (f"#set page(paper: \"a4\", flipped: {str(flipped).lower()}, margin: (top: "
            f"{_cm(page.top)}, right: {_cm(page.right)}, bottom: {_cm(page.bottom)}, "
            f"left: {_cm(page.left)}))\n")


def _table(table: model.Table, appendix: bool) -> str:
    g = layoutplan.table_layout(table, 0 if appendix else layout.TEXT_INDENT)
    assert g is not None, "the report's tables all fit (api.load checks)"
    numeric = table.numeric or [False] * len(table.header)
    align = ", ".join("right" if n else "left" for n in numeric)
    cells = [f"table.header({', '.join('[*' + _s(h) + '*]' for h in table.header)})"]
    for row in table.rows:
        run_on = layoutplan.row_may_split(row, g.widths, g.font_pt, layout.CELL_PADDING_X,
                                      g.landscape)
        cells += [f"table.cell(breakable: true)[{_s(c)}]" if run_on else f"[{_s(c)}]"
                  for c in row]
    if table.footer:
        cells += [f"[*{_s(c)}*]" for c in table.footer]
    out = ""
    if table.caption:
        out += f"#block(sticky: true, below: 4pt)[*{_s(table.caption)}*]\n"
    body = (f"#table(columns: ({', '.join(_cm(w) for w in g.widths)},), align: ({align},), "
            f"stroke: {_pt(layout.TABLE_RULE_PT)}, inset: (x: {_cm(layout.CELL_PADDING_X)}, "
            f"y: {_cm(layout.CELL_PADDING_Y)}),\n  " + ",\n  ".join(cells) + ")")
    body = f"#text(size: {_pt(g.font_pt)})[{body}]"
    if g.landscape:
        return out + (f"#page(flipped: true, margin: (top: {_cm(layout.LANDSCAPE.top)}, right: "
                      f"{_cm(layout.LANDSCAPE.right)}, bottom: {_cm(layout.LANDSCAPE.bottom)}, "
                      f"left: {_cm(layout.LANDSCAPE.left)}))[{body}]\n")
    indent = "" if appendix else f"#pad(left: {_cm(layout.TEXT_INDENT)})"
    return out + (f"{indent}[{body}]\n" if indent else body + "\n")


def _blocks(blocks: list[model.Block], appendix: bool, pictures: dict[str, str]) -> str:
    pad = 0 if appendix else layout.TEXT_INDENT
    out: list[str] = []
    for b in blocks:
        if isinstance(b, model.Heading):
            if b.number:
                out.append(f"#grid(columns: ({_cm(layout.TEXT_INDENT)}, 1fr), [*{_s(b.number)}*], "
                           f"heading(level: 2)[{_text(b.text)}])\n")
            else:
                out.append(f"#pad(left: {_cm(pad)})[#heading(level: {min(b.level, 5)})"
                           f"[{_text(b.text)}]]\n")
        elif isinstance(b, model.Paragraph):
            if b.number:
                out.append(f"#grid(columns: ({_cm(layout.TEXT_INDENT)}, 1fr), [{_s(b.number)}], "
                           f"[{_text(b.text)}])\n")
            else:
                out.append(f"#pad(left: {_cm(pad)})[{_text(b.text)}]\n")
        elif isinstance(b, model.List):
            kind = {"bullet": "list", "numbered": "enum", "roman": "enum"}[b.kind]
            numbering = ', numbering: "(i)"' if b.kind == "roman" else (
                ', numbering: "1."' if b.kind == "numbered" else "")
            items = ", ".join(f"[{_text(i)}]" for i in b.items)
            out.append(f"#pad(left: {_cm(pad)})[#{kind}(tight: true{numbering}, {items})]\n")
        elif isinstance(b, model.CaseStudy):
            paragraphs = "\n\n".join(_text(p) for p in b.paragraphs)
            out.append(f"#pad(left: {_cm(pad)})[#block(stroke: (left: "
                       f"{_pt(layout.CASE_STUDY_RULE_PT)}), inset: (left: "
                       f"{_cm(layout.CASE_STUDY_GAP)}))[#heading(level: {min(b.level, 5)})"
                       f"[{_s(b.title)}]\n#emph[{paragraphs}]]]\n")
        elif isinstance(b, model.Table):
            out.append(_table(b, appendix))
        elif isinstance(b, model.Image):
            width, height = layout.picture_size(b.picture.width, b.picture.height)
            caption = f", caption: [{_s(b.caption)}]" if b.caption else ""
            out.append(f"#pad(left: {_cm(pad)})[#figure(image(\"{pictures[b.picture.digest]}\","
                       f" width: {_cm(width)}, height: {_cm(height)}, alt: {_lit(b.alt)})"
                       f"{caption})]\n")
    return "".join(out)


def _plan_row(activity: model.Activity, widths: tuple[float, ...]) -> str:
    """An activity's cells; a row may run on to the next page only where reportgen lets it
    (``layout.row_may_split``: taller than half a page), as ``tr { break-inside: avoid }``."""
    cells = [getattr(activity, attr) for _, attr in model.ACTIVITY_COLUMNS]
    if layoutplan.row_may_split(cells, widths, layout.PLAN_FONT_PT, layout.PLAN_PADDING_X,
                            landscape=True):
        return ", ".join(f"table.cell(breakable: true)[{_s(c)}]" for c in cells)
    return ", ".join(f"[{_s(c)}]" for c in cells)


def _plan(plan: model.DeliveryPlan, title: str) -> str:
    widths = layout.plan_widths()
    fill = layout.PLAN_HEADER_FILL
    level = 3 if plan.title else 2
    out = [_page_setup(layout.LANDSCAPE, True), f"#heading(level: 1)[{_s(title)}]\n"]
    if plan.title:
        out.append(f"#heading(level: 2)[{_s(plan.title)}]\n")
    for index, outcome in enumerate(plan.outcomes):
        if index:
            out.append("#pagebreak(weak: true)\n")
        heading = f"Outcome {outcome.number}: {outcome.title}"
        out.append(f"#heading(level: {level})[{_s(heading)}]\n")
        measures = []
        for title, lines in (("Baseline/s", outcome.baselines), ("Target/s", outcome.targets)):
            if lines:
                measures.append(f"[#heading(level: {level + 1})[{title}]\n"
                                + "\n\n".join(_s(line) for line in lines) + "]")
        if measures:
            out.append(f"#grid(columns: (1fr,) * {len(measures)}, gutter: 1cm, "
                       + ", ".join(measures) + ")\n")
        if not outcome.activities:
            continue
        out.append(f"#heading(level: {level + 1})[How will we achieve these targets?]\n")
        header = ", ".join(f"[*{_s(title)}*]" for title, _ in model.ACTIVITY_COLUMNS)
        cells = ",\n  ".join(_plan_row(act, widths) for act in outcome.activities)
        leading = (layout.single_line_pt(layout.PLAN_FONT_PT) / layout.PLAN_FONT_PT
                   - ASCENDER_DESCENDER_EM)
        out.append(f"#text(size: {_pt(layout.PLAN_FONT_PT)})[#set par(leading: {leading:.4f}em)\n"
                   f"#table(columns: "
                   f"({', '.join(_cm(w) for w in widths)},), stroke: "
                   f"{_pt(layout.TABLE_RULE_PT)}, inset: (x: {_cm(layout.PLAN_PADDING_X)}, y: "
                   f"{_cm(layout.PLAN_PADDING_Y)}), fill: (_, y) => if y == 0 "
                   f"{{ rgb(\"#{fill}\") }},\n  table.header({header}),\n  {cells})]\n")
    return "".join(out)


def source(report: model.Report, pictures: dict[str, str]) -> str:
    """The report as one Typst document; ``pictures`` names each picture's file by digest."""
    d = report.details
    stamp = (f"align(right, text(size: {_pt(layout.STAMP_PT)}, weight: \"bold\")"
             f"[{_s('ITEM NO. ' + (d.agenda_item or '') + '.')}#context counter(page).display()])"
             if d.agenda_item else "none")
    out = [
        f"#set document(title: {_lit(d.title)}, author: {_lit(d.council)})\n",
        f"#set text(font: \"Liberation Sans\", size: {_pt(layout.BODY.size_pt)}, lang: \"en\", "
        "region: \"gb\")\n",
        # a CSS line box: the font's ascender to descender (1.117 em in Liberation Sans) and
        # the rest of the style's line height between lines
        "#set text(top-edge: \"ascender\", bottom-edge: \"descender\")\n",
        f"#set par(leading: {layout.BODY.line_em - ASCENDER_DESCENDER_EM:.4f}em, spacing: "
        f"{_pt(layout.BODY.after_pt)})\n",
        f"#set block(spacing: {_pt(layout.BODY.after_pt)})\n",
        "#set heading(numbering: none)\n",
        "#show heading: set text(size: 12pt, weight: \"bold\")\n",
        "#set table.cell(breakable: false)\n",
        f"#set page(header: {stamp})\n" if d.agenda_item else "",
        _page_setup(layout.PORTRAIT, False),
        f"#grid(columns: ({_cm(layout.HEADER_LABEL_WIDTH)}, 1fr), row-gutter: 0pt, "
        + ", ".join(f"[*{_s(label)}*], [*{_s(value)}*]" for label, value in d.header_block)
        + ")\n",
        "#block(above: 12pt, below: 12pt)[*" + " \\ ".join(_s(line) for line in d.heading_lines)
        + "*]\n",
    ]
    for section in report.sections:
        if section.number:
            out.append(f"#grid(columns: ({_cm(layout.TEXT_INDENT)}, 1fr), [*{_s(section.number)}*],"
                       f" heading(level: 1)[{_s(section.title)}])\n")
        else:
            out.append(f"#heading(level: 1)[{_s(section.title)}]\n")
        out.append(_blocks(section.blocks, False, pictures))
    landscape = False  # a page rule starts a new page itself
    for appendix in report.appendices:
        title = f"Appendix {appendix.number} {appendix.title}"
        if isinstance(appendix.body, model.DeliveryPlan):
            out.append(_plan(appendix.body, title))
            landscape = True
        else:
            out.append(_page_setup(layout.PORTRAIT, False) if landscape
                       else "#pagebreak(weak: true)\n")
            landscape = False
            out.append(f"#heading(level: 1)[{_s(title)}]\n")
            out.append(_blocks(appendix.body, True, pictures))
    return "".join(out)


def write(report: model.Report, folder: Path) -> Path:
    """``folder/report.typ`` and the pictures it shows; the path of the .typ file."""
    folder.mkdir(parents=True, exist_ok=True)
    pictures: dict[str, str] = {}
    for block in [b for s in report.sections for b in s.blocks] + [
            b for a in report.appendices if isinstance(a.body, list) for b in a.body]:
        if isinstance(block, model.Image) and block.picture.digest not in pictures:
            name = f"picture-{len(pictures) + 1}.{block.picture.kind}"
            (folder / name).write_bytes(block.picture.data)
            pictures[block.picture.digest] = name
    path = folder / "report.typ"
    path.write_text(source(report, pictures), encoding="utf-8")
    return path
