"""The PDF writer: WeasyPrint over the HTML writer's output, fetching nothing but our templates.

The fetcher is the security boundary: officers' text is escaped by the HTML writer, and even if
markup slipped through, a ``file://`` or ``http://`` URL outside ``templates/`` is refused.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from reportgen import model
from reportgen.paths import TEMPLATES
from reportgen.render import html

logging.getLogger("weasyprint").setLevel(logging.ERROR)
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


def render(report: model.Report) -> bytes:
    """The report as PDF bytes: A4, tagged, with the HTML writer's content."""
    document = HTML(string=html.render(report), base_url=str(TEMPLATES) + "/",
                    url_fetcher=TemplateOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
