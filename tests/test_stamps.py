"""Page stamps drawn from sample pages (render/stamps.py) read, and sit, exactly as WeasyPrint
lays them out page by page in the page's own margin box: checked with pdftotext's word boxes
on a sheet of 1 to 120 pages, portrait and landscape mixed, which holds every kerned pair of
digits a page number of up to three digits has ("11", "111")."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import INPUTS, JANUARY
from reportgen import api
from reportgen.build import parts, stamps
from reportgen.render import html

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"([^<]*)</word>")


def words(data: bytes, tmp_path: Path, name: str) -> list[tuple[str, ...]]:
    path = tmp_path / name
    path.write_bytes(data)
    found = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout
    pages = found.split("<page ")[1:]
    return [(str(number), *match) for number, page in enumerate(pages, 1)
            for match in WORD.findall(page)]


@pytest.mark.parametrize("item", ["17", "6.1"])
def test_drawn_stamps_are_the_margin_boxes_stamps(tmp_path: Path, item: str) -> None:
    landscape = [n % 7 in (3, 4) or 60 < n < 70 for n in range(120)]
    report = api.load(INPUTS / JANUARY)
    report.details.agenda_item = item
    laid_out = parts._untagged(html.render_stamps(report, landscape), pages=len(landscape))
    samples = parts._untagged(html.render_stamps(report, landscape, samples=[False, True],
                                               sample=stamps.SAMPLE))
    drawn = stamps.compose(samples, landscape)
    assert drawn is not None
    expected, found = words(laid_out, tmp_path, "a.pdf"), words(drawn, tmp_path, "b.pdf")
    assert [w[0] for w in found if w[5].startswith(item)] == [str(n) for n in range(1, 121)]
    assert [w[5] for w in found] == [w[5] for w in expected]
    for want, got in zip(expected, found, strict=True):
        places = zip(want[1:5], got[1:5], strict=True)
        assert all(abs(float(a) - float(b)) < 0.01 for a, b in places), (want, got)


def test_samples_that_do_not_show_the_sample_number_are_refused() -> None:
    """Anything but one glyph per character of the sample (a ligature, a font that shapes
    digits) leaves the stamps to be laid out page by page."""
    report = api.load(INPUTS / JANUARY)
    samples = parts._untagged(html.render_stamps(report, [False], samples=[False],
                                               sample="0123456789"))
    assert stamps.compose(samples, [False]) is None
