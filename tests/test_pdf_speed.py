"""The PDF writer's one speed-up over WeasyPrint: page references built once while tagging.

Speed itself is measured by `make bench`, never asserted here; these tests hold that the
shim does what it is for (one build of the page list instead of one per tagged box) and
changes nothing in the output.
"""

from __future__ import annotations

import pydyf
import pytest
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


@pytest.fixture(scope="module")
def renders() -> dict[str, tuple[bytes, int]]:
    """The June sample laid out with the shim and without it (WeasyPrint's own tagging): each
    PDF, and how many times the page list was built for it. Laid out once for both tests."""
    report = api.load(INPUTS / JUNE)
    found = {}
    with pytest.MonkeyPatch.context() as patch:
        calls = count_page_list_builds(patch)
        found["shim"] = (parts.render(report), calls[0])
        patch.setattr(weasyprint_pdf, "add_tags", weasyprint_pdf.add_tags.__wrapped__)
        calls[0] = 0
        found["weasyprint"] = (parts.render(report), calls[0])
    return found


def test_page_list_is_built_once_for_all_tags(renders) -> None:
    with_shim = renders["shim"][1]  # once for the tags, once per bookmark (WeasyPrint's anchors)
    assert renders["weasyprint"][1] > 10 * with_shim  # WeasyPrint alone: once per tagged box


def test_output_is_byte_identical_with_and_without_the_shim(renders) -> None:
    assert renders["weasyprint"][0] == renders["shim"][0]
