"""One model, two writers: the DOCX (numbers as Word computes them) and the PDF say the same."""

from __future__ import annotations

import collections

import wordnumbers
from conftest import JANUARY, JUNE, pdf_text, words
from reportgen.model import ACTIVITY_COLUMNS


def test_june_docx_and_pdf_have_the_same_words_in_the_same_order(built) -> None:
    report = built(JUNE)
    assert words(wordnumbers.text(report.docx)) == words(pdf_text(report.pdf))


#: January's plan prints its Ref first and its Status last; April's also Since last report.
PLAN_HEADER = words(" ".join(["Ref", *(title for title, _ in ACTIVITY_COLUMNS), "Status"]))
APRIL = "cabinet-2013-04-18-partnership-update"


def without_plan_headers(seq: list[str], header: list[str] = PLAN_HEADER
                         ) -> tuple[list[str], int]:
    """The words with every delivery-plan header row taken out, and how many there were."""
    out, i, found = [], 0, 0
    while i < len(seq):
        if seq[i:i + len(header)] == header:
            i, found = i + len(header), found + 1
        else:
            out.append(seq[i])
            i += 1
    return out, found


def test_january_docx_and_pdf_have_the_same_words(built) -> None:
    """Multi-line table cells interleave in extracted PDF text, so compare as multisets; the PDF
    repeats each plan table's header row on every page, the DOCX holds it once per table."""
    report = built(JANUARY)
    docx_words, docx_headers = without_plan_headers(words(wordnumbers.text(report.docx)))
    pdf_words, pdf_headers = without_plan_headers(words(pdf_text(report.pdf)))
    assert docx_headers == 3
    assert pdf_headers > docx_headers
    assert collections.Counter(docx_words) == collections.Counter(pdf_words)


def test_april_docx_and_pdf_have_the_same_words(built) -> None:
    """As for January: the summary, the changes, the key and the progress columns alike."""
    report = built(APRIL)
    header = [*PLAN_HEADER, *words("Since last report")]
    docx_words, docx_headers = without_plan_headers(words(wordnumbers.text(report.docx)), header)
    pdf_words, pdf_headers = without_plan_headers(words(pdf_text(report.pdf)), header)
    assert docx_headers == 3 and pdf_headers > docx_headers
    assert collections.Counter(docx_words) == collections.Counter(pdf_words)
