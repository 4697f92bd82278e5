"""A built PDF as the preview page shows it: each page's text (the picture's alt text) at once,
and each page's picture when the browser asks for it.

PDFium through pypdfium2 (PyPI; Google's PDF engine, as Chrome uses, shipped in the wheel, so
nothing more to install with apt and no process to start per page): one library gives both the
pictures and the text a screen reader reads. pdftoppm would need poppler-utils on officers'
machines and a process per request. PDFium is not thread-safe, so every call into it holds
``_PDFIUM``; pictures are drawn only when asked for (the page loads them lazily), so a 150-page
plan does not hold up the page's first view, and each is kept once drawn.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field

import pypdfium2

_PDFIUM = threading.Lock()
#: Pixels per PDF point: 1.5 is 108 dots per inch, A4 as 893 × 1263 pixels.
SCALE = 1.5


@dataclass
class Pages:
    """One build's PDF: its bytes, each page's text and size, and pictures drawn so far."""

    pdf: bytes
    texts: list[str]
    sizes: list[tuple[int, int]]
    #: The PDF's own title (the report's), for the preview's headings.
    title: str = ""
    _pictures: dict[int, bytes] = field(default_factory=dict)

    @classmethod
    def read(cls, pdf: bytes) -> Pages:
        """Each page's text and size in pixels; raises ``pypdfium2.PdfiumError`` on a file
        that is not a PDF."""
        texts, sizes = [], []
        with _PDFIUM:
            document = pypdfium2.PdfDocument(pdf)
            try:
                title = str(document.get_metadata_dict().get("Title") or "")
                for page in document:
                    textpage = page.get_textpage()
                    texts.append(" ".join(textpage.get_text_range().split()))
                    width, height = page.get_size()
                    sizes.append((round(width * SCALE), round(height * SCALE)))
                    textpage.close()
                    page.close()
            finally:
                document.close()
        return cls(pdf, texts, sizes, title)

    def picture(self, number: int) -> bytes:
        """Page ``number`` (from 1) as a PNG; IndexError past the last page."""
        if not 1 <= number <= len(self.texts):
            raise IndexError(number)
        with _PDFIUM:
            if number not in self._pictures:
                document = pypdfium2.PdfDocument(self.pdf)
                try:
                    page = document[number - 1]
                    image = page.render(scale=SCALE).to_pil()
                    page.close()
                finally:
                    document.close()
                stream = io.BytesIO()
                image.save(stream, format="PNG")
                self._pictures[number] = stream.getvalue()
            return self._pictures[number]
