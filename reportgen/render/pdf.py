"""The PDF writer: one HTML document of the HTML writer's into PDF bytes, with WeasyPrint,
fetching nothing but our templates. Laying a report out in parts, caching them, joining them
and drawing page stamps is the build's business (``reportgen.build.parts``).

The fetcher is the security boundary: officers' text is escaped by the HTML writer, and even if
markup slipped through, a ``file://`` or ``http://`` URL outside ``templates/`` is refused.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint.pdf as weasyprint_pdf
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reportgen import model
from reportgen.paths import TEMPLATES
from reportgen.render import html, pdftags

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


_installed = False


def install() -> None:
    """Adjust WeasyPrint's tagging once, before the first document is written (and before the
    build's workers fork, so they inherit it): /Scope and unique IDs on header cells and Lbl
    for list markers (``pdftags``), wrapped inside the page-reference cache above."""
    global _installed
    if _installed:
        return
    _installed = True
    pdftags.install()
    weasyprint_pdf.add_tags = _tags_with_cached_page_references(weasyprint_pdf.add_tags)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


class TemplateOnlyFetcher(URLFetcher):
    """Serves files inside the templates folder, ``data:`` URLs and the report's own pictures
    (``reportgen-picture:`` URLs, from the pictures prepared when the inputs were read);
    refuses everything else.
    """

    def __init__(self, pictures: Mapping[str, model.Picture] | None = None) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.refused: list[str] = []
        self.pictures = pictures or {}

    def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if TEMPLATES.resolve() in path.parents and path.is_file():
                return super().fetch(url, headers)
        elif parts.scheme == "data":
            return super().fetch(url, headers)
        elif parts.scheme == html.PICTURE_SCHEME and parts.path in self.pictures:
            picture = self.pictures[parts.path]
            return URLFetcherResponse(url, picture.data, {"Content-Type": picture.mime})
        self.refused.append(url)
        raise ValueError(f"reportgen fetches only its own template assets, not {url[:80]}")


def write(page: str, pictures: Mapping[str, model.Picture] | None = None
          ) -> tuple[bytes, list[int]]:
    """One HTML document as tagged (PDF/UA-1) PDF bytes, and the levels of its bookmarks in
    order (for ``pdfjoin`` to nest them across parts). WeasyPrint fetches and decodes each
    picture URL once per document, however many times it is shown.
    """
    install()
    document = HTML(string=page, base_url=str(TEMPLATES) + "/",
                    url_fetcher=TemplateOnlyFetcher(pictures)).render()
    levels = [mark[0] for laid_out in document.pages for mark in laid_out.bookmarks]
    return document.write_pdf(pdf_variant="pdf/ua-1"), levels


def write_untagged(page: str) -> tuple[bytes, int]:
    """One HTML document of our own templates (a sheet of page stamps or marks) as untagged
    PDF bytes, and its number of pages."""
    sheet = HTML(string=page, base_url=str(TEMPLATES) + "/",
                 url_fetcher=TemplateOnlyFetcher()).render()
    return sheet.write_pdf(), len(sheet.pages)
