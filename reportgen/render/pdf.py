"""The PDF writer: WeasyPrint over the HTML writer's output, fetching nothing but our templates.

The fetcher is the security boundary: officers' text is escaped by the HTML writer, and even if
markup slipped through, a ``file://`` or ``http://`` URL outside ``templates/`` is refused.
"""

from __future__ import annotations

import functools
import logging
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint.pdf as weasyprint_pdf
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from reportgen import model
from reportgen.paths import TEMPLATES
from reportgen.render import html, pdfjoin

logging.getLogger("weasyprint").setLevel(logging.ERROR)


class _PageReferencesOnce(pydyf.PDF):
    """pydyf rebuilds the tuple of every page's reference each time it is asked, and
    WeasyPrint's PDF/UA tagging asks once per tagged box: time grows with pages squared
    (8.7M steps for a 208-page plan). No page is added while tags are built, so one tuple
    serves them all. Output is byte-identical (tests/test_pdf_speed.py).
    """

    @functools.cached_property
    def page_references(self) -> tuple[bytes, ...]:  # type: ignore[override]
        return tuple(pydyf.PDF.page_references.fget(self))  # type: ignore[attr-defined]


def _tags_with_cached_page_references(add_tags):  # type: ignore[no-untyped-def]
    @functools.wraps(add_tags)
    def wrapper(pdf, *args, **kwargs):  # type: ignore[no-untyped-def]
        if type(pdf) is not pydyf.PDF:
            return add_tags(pdf, *args, **kwargs)
        pdf.__class__ = _PageReferencesOnce
        try:
            return add_tags(pdf, *args, **kwargs)
        finally:
            pdf.__class__ = pydyf.PDF
            pdf.__dict__.pop("page_references", None)
    wrapper.reportgen_cached = True  # type: ignore[attr-defined]
    return wrapper


if not getattr(weasyprint_pdf.add_tags, "reportgen_cached", False):
    weasyprint_pdf.add_tags = _tags_with_cached_page_references(weasyprint_pdf.add_tags)
logging.getLogger("fontTools").setLevel(logging.ERROR)


class TemplateOnlyFetcher(URLFetcher):
    """Serves files inside the templates folder and ``data:`` URLs; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if TEMPLATES.resolve() in path.parents and path.is_file():
                return super().fetch(url, headers)
        elif parts.scheme == "data":
            return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"reportgen fetches only its own template assets, not {url[:80]}")


def _render_part(report: model.Report, part: html.Part) -> tuple[bytes, int]:
    document = HTML(string=html.render(report, part), base_url=str(TEMPLATES) + "/",
                    url_fetcher=TemplateOnlyFetcher()).render()
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)


def render(report: model.Report) -> bytes:
    """The report as PDF bytes: A4, tagged, with the HTML writer's content.

    A report with a delivery plan is laid out in parts (``html.parts``), one after another
    so each part's pages can be numbered on from the last, and the parts joined with their
    tags and bookmarks: only one part's laid-out pages are ever held in memory.
    """
    parts = html.parts(report)
    if len(parts) == 1:
        return _render_part(report, parts[0])[0]
    with tempfile.TemporaryDirectory(prefix="reportgen-") as folder:
        files = []
        start = 1
        for index, part in enumerate(parts):
            part.start_page = start
            data, pages = _render_part(report, part)
            files.append(Path(folder) / f"part-{index:04d}.pdf")
            files[-1].write_bytes(data)
            start += pages
        joined = Path(folder) / "report.pdf"
        pdfjoin.join(files, joined)
        return joined.read_bytes()
