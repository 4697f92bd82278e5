"""The machine-checkable PDF/UA-1 rules, judged by an independent validator.

``page`` (PyPI page-validation, pinned in constraints.txt) implements the PDF/UA-1 profile and
passes the veraPDF test corpus; reportgen does not repeat its rules by hand. Its Python API
reports each failed rule once, with the first failing object (or, for content, a message that
names the page), and a count of failed checks for the whole file; so there is one finding per
failed rule, located at its first failure, with the count.

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
    "PDFUA1-METADATA-TITLE-001": "no dc:title in the XMP metadata, where PDF/UA looks for the "
                                 "title",
    "PDFUA1-METADATA-STRUCTURE-001": "no XMP metadata stream in the document catalogue",
    "PDFUA1-ID-PART-001": "the file does not declare itself PDF/UA (no pdfuaid:part in its XMP "
                          "metadata)",
    "PDFUA1-ID-SCHEMA-001": "the file does not declare itself PDF/UA (no PDF/UA identification "
                            "schema in its XMP metadata)",
    "PDFUA1-TEXT-LANGUAGE-001": "text with no language (no /Lang on it, its elements or the "
                                "document), so screen readers cannot choose the voice",
    "PDFUA1-OUTLINE-LANGUAGE-001": "bookmarks with no language (no document /Lang)",
    "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001": "figure has no alt text (/Alt on the Figure element)",
    "PDFUA1-HEADING-NESTING-001": "heading levels skip",
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

#: Rules that reportgen's own checks report better (with where, and once), when they fire.
SAME_AS = {
    "PDFUA1-METADATA-TITLE-001": "title",
    "PDFUA1-TEXT-LANGUAGE-001": "language",
    "PDFUA1-OUTLINE-LANGUAGE-001": "language",
    "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001": "figure alt text",
    "PDFUA1-HEADING-NESTING-001": "heading levels",
}

PAGE_IN_MESSAGE = re.compile(r"\bpage (\d+)\b")

#: Where an object is, given its object number, or None when it is nowhere in particular.
Locate = Callable[[int], "str | None"]


def findings(path: Path, locate: Locate, reported: set[str]) -> Iterator[tuple[str, str]]:
    """(where, what) for each PDF/UA-1 rule the file fails, but for rules of the families in
    ``reported`` (already found by reportgen's own checks)."""
    try:
        report = page.validate_pdf(path, profile=page.ValidationProfile.PDF_UA_1)
    except page.SafetyLimitError as exc:
        family = "structure depth" if "depth" in str(exc) else "limits"
        if family not in reported:
            yield "file", (f"too large or too deeply nested for the PDF/UA-1 validator, so its "
                           f"rules were not checked: {exc}")
        return
    except page.PageError as exc:
        yield "file", f"the PDF/UA-1 validator cannot read it, so its rules were not checked: {exc}"
        return
    failures = [f for f in report.failures if SAME_AS.get(f.rule_id) not in reported]
    checks = report.checks.failed
    for failure in failures:
        where = None
        if failure.object_id is not None:
            where = locate(failure.object_id.object_number)
        if where is None:
            number = PAGE_IN_MESSAGE.search(failure.message)
            where = f"page {number.group(1)}" if number else "document"
        words = RULES.get(failure.rule_id, failure.message)
        count = (f"{checks} failed check(s)" if len(report.failures) == 1 else
                 f"{checks} failed checks across {len(report.failures)} rules")
        yield where, f"{words} (PDF/UA-1 rule {failure.rule_id}; {count})"
