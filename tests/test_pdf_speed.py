"""The PDF writer's one speed-up over WeasyPrint: page references built once while tagging.

Speed itself is measured by `make bench`, never asserted here; these tests hold that the
shim does what it is for (one build of the page list instead of one per tagged box) and
changes nothing in the output.
"""

from __future__ import annotations

import pydyf
import weasyprint.pdf as weasyprint_pdf

from conftest import INPUTS, JUNE
from reportgen import api
from reportgen.build import parts


def count_page_list_builds(monkeypatch) -> list[int]:
    calls = [0]
    original = pydyf.PDF.page_references

    def counted(self):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return original.fget(self)

    monkeypatch.setattr(pydyf.PDF, "page_references", property(counted))
    return calls


def test_page_list_is_built_once_for_all_tags(monkeypatch) -> None:
    report = api.load(INPUTS / JUNE)
    calls = count_page_list_builds(monkeypatch)
    parts.render(report)
    with_shim = calls[0]  # once for the tags, once per bookmark (WeasyPrint's anchors)
    monkeypatch.setattr(weasyprint_pdf, "add_tags", weasyprint_pdf.add_tags.__wrapped__)
    calls[0] = 0
    parts.render(report)
    assert calls[0] > 10 * with_shim  # WeasyPrint alone: once per tagged box


def test_output_is_byte_identical_with_and_without_the_shim(monkeypatch) -> None:
    report = api.load(INPUTS / JUNE)
    with_shim = parts.render(report)
    monkeypatch.setattr(weasyprint_pdf, "add_tags", weasyprint_pdf.add_tags.__wrapped__)
    assert parts.render(report) == with_shim
