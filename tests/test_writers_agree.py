"""One model, two writers: the DOCX (numbers as Word computes them) and the PDF say the same."""

from __future__ import annotations

import collections

import wordnumbers
from conftest import JANUARY, JUNE, pdf_text, words


def test_june_docx_and_pdf_have_the_same_words_in_the_same_order(built) -> None:
    report = built(JUNE)
    assert words(wordnumbers.text(report.docx)) == words(pdf_text(report.pdf))


def test_january_docx_and_pdf_have_the_same_words(built) -> None:
    """Multi-line table cells interleave in extracted PDF text, so compare as multisets."""
    report = built(JANUARY)
    docx_words = collections.Counter(words(wordnumbers.text(report.docx)))
    pdf_words = collections.Counter(words(pdf_text(report.pdf)))
    assert docx_words - pdf_words == collections.Counter()
    assert pdf_words - docx_words == collections.Counter()
