"""Numbering, done once: sections 1, 2 …, numbered paragraphs and headings 5.1, 5.2 …,
appendices 1, 2 …, and every ``[[paragraph:key]]`` / ``[[appendix:key]]`` reference.

Both writers print these numbers; the DOCX writer also has Word compute them and checks nothing
else, so this module is the single authority a test can compare Word's numbers with.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportgen import model
from reportgen.errors import Problems


def numbered_items(report: model.Report) -> Iterator[model.Section | model.Heading |
                                                     model.Paragraph]:
    """Every section, heading and paragraph of the body, in document order."""
    for section in report.sections:
        yield section
        for block in section.blocks:
            if isinstance(block, (model.Heading, model.Paragraph)):
                yield block


def assign(report: model.Report, problems: Problems, workbook: str,
           appendix_word: str = "Appendix", appendix_letters: bool = False,
           paragraphs: str = "section") -> None:
    """Number the report in place and resolve its references; unknown keys become problems.
    Appendices are numbered 1, 2 … or, with ``appendix_letters`` (a house style's choice),
    A, B …; each is labelled with ``appendix_word`` before its number. Numbered paragraphs
    are numbered within their section (5.1, ``paragraphs`` "section"), afresh under each
    section heading (1, 2 …: "restart") or in one count through the report ("report").
    """
    targets: dict[str, str] = {}
    first: dict[str, str | None] = {}  # the cell where each key is first given
    section_no = through = 0
    for section in report.sections:
        para_no = 0
        if section.numbered:
            section_no += 1
            section.number = str(section_no)
        for block in section.blocks:
            if isinstance(block, (model.Heading, model.Paragraph)) and block.numbered:
                if section.number is None:
                    block.numbered = False  # an unnumbered section has nothing to count from
                    continue
                para_no += 1
                through += 1
                block.number = (f"{section.number}.{para_no}" if paragraphs == "section"
                                else str(para_no if paragraphs == "restart" else through))
        for item in (section, *section.blocks):
            key = getattr(item, "key", None)
            number = getattr(item, "number", None)
            if key and number:
                cell = getattr(item, "key_cell", None)
                if key in targets:
                    cells = " and ".join(c or "?" for c in (first[key], cell))
                    problems.add(workbook, f"key '{key}' is given to two numbered rows, in "
                                 f"cells {cells}; expected each key once", "Text", cell)
                first.setdefault(key, cell)
                targets[key] = number
    for section in report.sections:
        _outline_levels(section.blocks)
    for appendix in report.appendices:
        if isinstance(appendix.body, list):
            _outline_levels(appendix.body)
    appendix_numbers = {}
    for index, appendix in enumerate(report.appendices, start=1):
        appendix.number = _letters(index) if appendix_letters else str(index)
        appendix.label = f"{appendix_word} {appendix.number}"
        appendix_numbers[appendix.key] = appendix.number
    for section in report.sections:
        if section.lists_appendices:
            section.blocks = _appendix_list(report.appendices)
    refs = [span for text in model.report_texts(report) for span in text
            if isinstance(span, model.Ref)]
    for ref in refs:
        table = targets if ref.kind == "paragraph" else appendix_numbers
        if ref.key in table:
            ref.label = table[ref.key]
        elif ref.key not in problems.dropped_keys:
            known = ", ".join(sorted(table)) or "none"
            problems.add(ref.workbook, f"refers to {ref.kind} '{ref.key}', which does not "
                         f"exist; expected one of the keys: {known}", ref.sheet, ref.cell)


def _outline_levels(blocks: list[model.Block]) -> None:
    """Heading levels that never skip: a numbered heading (5.2) is level 2; an unnumbered one,
    or a case study's title, is level 3 under a numbered heading and level 2 otherwise.
    """
    under_numbered = False
    for block in blocks:
        if isinstance(block, model.Heading):
            if block.numbered:
                block.level, under_numbered = 2, True
            else:
                block.level = 3 if under_numbered else 2
        elif isinstance(block, model.CaseStudy):
            block.level = 3 if under_numbered else 2


def _appendix_list(appendices: list[model.Appendix]) -> list[model.Block]:
    if not appendices:
        return [model.Paragraph(("None",))]
    return [model.Paragraph((f"{a.label}: {a.title}",)) for a in appendices]


def _letters(index: int) -> str:
    """1 → A, 26 → Z, 27 → AA, as a spreadsheet names its columns."""
    text = ""
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text
