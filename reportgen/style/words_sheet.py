"""Sheet Words of ``house-style.xlsx``: a council's own words for the fixed words the outputs
print (``reportgen.wording``), per language, one a row.

Committee services pick the label from a drop-down (the table's labels, and the labels of the
style's own header block, which a Welsh report prints in Welsh only when it is given here),
the language from another, and type the words. The sheet is optional: a style without it, or
with no rows, prints the built-in words. Each problem is named at its cell, all of them at
once, so that a style with a mistyped label is not silently printed in the built-in words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from reportgen import wording
from reportgen.errors import Problems
from reportgen.inputs.schema import Choice, Column, Sheet

if TYPE_CHECKING:
    from reportgen.inputs.workbook import Workbook
    from reportgen.style.structure import HeaderField

LABEL_CHOICE = Choice("Words label", tuple(wording.LABELS))
LANGUAGE_CHOICE = Choice("Words language", wording.LANGUAGES)
WORDS = Sheet("Words", "The council's own words for the words reportgen prints itself, in a "
              "language: one a row. Leave it empty to print the built-in words.",
              (Column("Label", "What the words are for: pick one from the list (or type a "
                      "label of sheet Header block).", width=34),
               Column("Language", "The language of the reports that print them: en-GB "
                      "(English) or cy-GB (Welsh).", width=12, choice=LANGUAGE_CHOICE),
               Column("Words", "The words printed. {names} in braces are filled in, as in the "
                      "built-in words (docs/house-style.md lists them).", width=60)),
              required=False)


def labels(header: Iterable[HeaderField]) -> dict[str, str]:
    """The labels a style may give words for, by key: the table's and its header block's."""
    known = {wording.key(label): label for label in wording.LABELS}
    known.update({wording.key(h.label): h.label for h in header if h.label.strip()})
    return known


def read(wb: Workbook, problems: Problems, name: str, header: Iterable[HeaderField]
         ) -> tuple[tuple[str, str, str], ...] | None:
    """The style's own words as (label, language, words), or None with every problem recorded
    at its cell."""
    known = labels(header)
    found: list[tuple[str, str, str]] = []
    seen: dict[tuple[str, str], str] = {}
    ok = True
    for row in wb.rows(WORDS.name, ("Label", "Language", "Words"), must_exist=False):
        label, language, words = (row.text(c).strip() for c in ("Label", "Language", "Words"))
        if not (label or language or words):
            continue
        problem = _problem(known, label, language, words)
        column = problem[0] if problem else "Label"
        if problem is None and (wording.key(label), language) in seen:
            problem = ("Label", f"label '{label}' in {language} is given twice (also in row "
                       f"{seen[(wording.key(label), language)]}); expected it once a language")
        if problem is not None:
            column, message = problem
            problems.add(name, message, WORDS.name, row.cell(column))
            ok = False
            continue
        seen[(wording.key(label), language)] = row.cell("Label")[1:]
        found.append((known[wording.key(label)], language, words))
    return tuple(found) if ok else None


def _problem(known: dict[str, str], label: str, language: str, words: str
             ) -> tuple[str, str] | None:
    """The column and message of what is wrong with one row, or None."""
    if wording.key(label) not in known:
        return ("Label", f"label '{label}' is not one reportgen knows; expected a label from "
                "the drop-down list (such as Appendix, Page stamp, Outcome) or a label of "
                "sheet Header block")
    if language not in wording.LANGUAGES:
        return ("Language", f"language '{language}' is not one reportgen knows; expected one "
                "of: " + ", ".join(wording.LANGUAGES))
    if not words:
        return ("Words", f"the words for '{label}' in {language} are empty; expected the words "
                "to print (delete the row to print the built-in ones)")
    canonical = known[wording.key(label)]
    if wording.key(canonical) == wording.key(wording.STAMP) and \
            words.casefold() == wording.NO_STAMP:
        return None
    if wording.key(canonical) == wording.key(wording.STAMP):
        from reportgen.style.structure import stamp_problem

        wrong = stamp_problem(words)
        return ("Words", f"page stamp '{words}' {wrong}") if wrong else None
    import re

    allowed = wording.PLACEHOLDERS.get(canonical, ())
    for unknown in sorted(set(re.findall(r"\{([^{}]*)\}", words)) - set(allowed)):
        expected = ", ".join("{" + n + "}" for n in allowed) if allowed else "none"
        return ("Words", f"the words '{words}' name {{{unknown}}}, which '{canonical}' does not "
                f"have; expected {expected}")
    return None
