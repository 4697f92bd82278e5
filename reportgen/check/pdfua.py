"""The machine-checkable PDF/UA-1 rules, judged by an independent validator.

``page`` (PyPI page-validation, pinned in constraints.txt) implements the PDF/UA-1 profile and
passes the veraPDF test corpus; reportgen does not repeat its rules by hand. Its Python API
reports each failed rule once, with the first failing object (or, for content, a message that
names the page), and a count of failed checks for the whole file; so there is one finding per
failed rule, located at its first failure, with the count. Its messages are written for PDF
engineers; the rules an officer's report is likely to fail are said in plain words (``RULES``).

The validator runs with its default safety limits (input size, decoded stream sizes, object
count, a reference depth of 256): a file past them is reported, not validated. Without them a
50,000-deep structure tree overflows its stack and kills the process, which is one reason
``check`` runs every PDF check in a child process (``pdf.check_pdf``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import page

#: Plain words for the rules a report is most likely to fail; others keep the validator's own.
RULES = {
    "PDFUA1-TAGGED-DOCUMENT-001": "untagged PDF: /MarkInfo /Marked is not true, so assistive "
                                  "technology ignores the tags",
    "PDFUA1-STRUCT-TREE-ROOT-001": "untagged PDF: no structure tree (/StructTreeRoot); screen "
                                   "readers guess the reading order and find no headings, "
                                   "tables or alt text",
    "PDFUA1-CONTENT-TAGGING-001": "text or graphics neither tagged nor marked as an artifact, "
                                  "so screen readers cannot place them in the reading order",
    "PDFUA1-TAGGED-CONTENT-INSIDE-ARTIFACT-001": "tagged content inside an artifact, which "
                                                 "screen readers skip",
    "PDFUA1-VIEWER-PREFERENCES-001": "title not shown: /ViewerPreferences /DisplayDocTitle is "
                                     "not true, so viewers show the file name instead of the "
                                     "title",
    "PDFUA1-METADATA-TITLE-001": "no title (no dc:title in the XMP metadata, where PDF/UA looks "
                                 "for it); screen readers announce the file name instead",
    "PDFUA1-METADATA-STRUCTURE-001": "no XMP metadata stream in the document catalogue",
    "PDFUA1-ID-PART-001": "the file does not declare itself PDF/UA (no pdfuaid:part in its XMP "
                          "metadata)",
    "PDFUA1-ID-SCHEMA-001": "the file does not declare itself PDF/UA (no PDF/UA identification "
                            "schema in its XMP metadata)",
    "PDFUA1-TEXT-LANGUAGE-001": "no document language (/Lang), nor one on this text or its "
                                "elements; screen readers cannot choose the right voice",
    "PDFUA1-OUTLINE-LANGUAGE-001": "no document language (/Lang) for the bookmarks; screen "
                                   "readers cannot choose the right voice",
    "PDFUA1-LANGUAGE-TAG-001": "the document language (/Lang) is not a language tag such as "
                               "en-GB; screen readers cannot choose the right voice",
    "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001": "figure has no alt text (/Alt on the Figure element)",
    "PDFUA1-HEADING-NESTING-001": "heading level skips: {level} is more than one level below "
                                  "the heading before it (the first heading must be H1), so "
                                  "the list of headings screen readers skim has a level missing",
    "PDFUA1-L-KIDS-001": "a list holds something other than list items (an L element with a "
                         "child other than L, LI or Caption), so screen readers miscount it",
    "PDFUA1-LI-PARENT-001": "a list item outside a list (an LI element not in an L)",
    "PDFUA1-LI-KIDS-001": "a list item holds something other than its label and body (an LI "
                          "element with a child other than Lbl or LBody)",
    "PDFUA1-TABLE-ROW-COLUMNSPAN-001": "a table's rows span different numbers of columns "
                                       "(merged cells), so screen readers lose track of which "
                                       "header each cell is under",
    "PDFUA1-TABLE-COLUMN-ROWSPAN-001": "a table's columns span different numbers of rows "
                                       "(merged cells), so screen readers lose track of which "
                                       "header each cell is under",
    "PDFUA1-FONT-EMBEDDING-001": "a font is not embedded, so the text may not show or be read "
                                 "as written",
    "PDFUA1-FONT-UNICODE-MAPPING-001": "text whose characters cannot be mapped to Unicode, so "
                                       "screen readers cannot read it",
    "PDFUA1-ENCRYPTION-P-001": "the file's permissions forbid assistive technology to read it",
}

#: What the plain words of a rule take from the validator's message (named groups); where the
#: message does not match, the validator's own words are given.
DETAILS = {"PDFUA1-HEADING-NESTING-001": re.compile(r"heading level (?P<level>H\d+)")}
#: Where a rule fails that the validator names no object for, when it is always one place.
PLACES = {"PDFUA1-OUTLINE-LANGUAGE-001": "document catalogue"}  # bookmarks have no /Lang
#: The validator's safety limit on nested objects, in its message.
DEPTH_LIMIT = re.compile(r"depth of (\d+)")

PAGE_IN_MESSAGE = re.compile(r"\bpage (\d+)\b")

#: Where an object is, given its object number, or None when it is nowhere in particular.
Locate = Callable[[int], "str | None"]


def findings(path: Path, locate: Locate) -> Iterator[tuple[str, str]]:
    """(where, what) for each PDF/UA-1 rule the file fails."""
    try:
        report = page.validate_pdf(path, profile=page.ValidationProfile.PDF_UA_1)
    except page.SafetyLimitError as exc:
        depth = DEPTH_LIMIT.search(str(exc))
        if depth:  # a problem of the file's own: no reader follows such nesting either
            yield "document", (f"objects nested more than {depth.group(1)} deep (such as "
                               "structure elements inside one another), too deep for readers "
                               "to follow and for the PDF/UA-1 validator, so its rules were "
                               "not checked")
        else:
            yield "file", (f"too large for the PDF/UA-1 validator, so its rules were not "
                           f"checked: {exc}")
        return
    except page.PageError as exc:
        yield "file", f"the PDF/UA-1 validator cannot read it, so its rules were not checked: {exc}"
        return
    checks = report.checks.failed
    for failure in report.failures:
        where = None
        if failure.object_id is not None:
            where = locate(failure.object_id.object_number)
        where = where or PLACES.get(failure.rule_id)
        if where is None:
            number = PAGE_IN_MESSAGE.search(failure.message)
            where = f"page {number.group(1)}" if number else "document"
        count = (f"{checks} failed check(s)" if len(report.failures) == 1 else
                 f"{checks} failed checks across {len(report.failures)} rules")
        yield where, (f"{words(failure.rule_id, failure.message)} (PDF/UA-1 rule "
                      f"{failure.rule_id}; {count})")


def words(rule_id: str, message: str) -> str:
    """A failed rule in plain words (``RULES``), with what they take from the validator's
    message (``DETAILS``); the validator's own message for the rules not listed."""
    plain = RULES.get(rule_id)
    detail = DETAILS.get(rule_id)
    found = detail.search(message) if detail else None
    if plain is None or (detail and not found):
        return message
    return plain.format(**found.groupdict()) if found else plain
