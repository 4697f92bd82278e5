"""Accessibility checks for finished DOCX and PDF files, ours or anyone's.

The writers aim to produce accessible files, but only an independent reading of the finished
file shows what a screen-reader user actually gets: a template change, a WeasyPrint upgrade or a
hand-edited Word file can lose a heading level or an alt text without any test of the model
noticing. ``check`` therefore reads the file itself, knows nothing of how it was made, and
reports every problem with where it is, so an officer can find and fix it.

Each format has its own module (``docx`` and ``pdf``); this module only decides which one a file
needs and turns a file that cannot be read into a finding rather than an exception, so one bad
file never hides the findings for the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: How far into a file the ``%PDF-`` marker may be (PDF readers allow leading junk).
PDF_MARKER_WINDOW = 1024
#: Alt text that is only a picture's file name ("event.png"), as converters fill it in.
FILE_NAME = re.compile(r"[^/\\]*\.(png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp)", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One accessibility problem: the file, where in it (page, paragraph, table …), and what."""

    file: Path
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.message}"


def check(path: Path) -> list[Finding]:
    """Every accessibility problem in one DOCX or PDF file; an empty list when it is clean.

    The format is decided from the file's content, not its name, so a misnamed file is still
    checked as what it is. A file that cannot be read is reported as a finding of its own.
    """
    path = Path(path)
    try:
        if path.exists() and not path.is_file():  # a folder, or a pipe that never ends
            return [Finding(path, "file", "is not a file (a folder, a pipe or a device), so it "
                            "cannot be checked")]
        with path.open("rb") as stream:
            head = stream.read(PDF_MARKER_WINDOW)
    except OSError as exc:
        return [Finding(path, "file", f"cannot be opened: {exc.strerror or exc}")]
    if b"%PDF-" in head:
        from reportgen.check import pdf  # pikepdf is only needed for PDFs

        return pdf.check_pdf(path)
    if head.startswith(b"PK"):
        from reportgen.check import docx

        return docx.check_docx(path)
    return [Finding(path, "file", "is neither a PDF nor a Word (DOCX) file, so it cannot be "
                    "checked")]


def snippet(text: str, limit: int = 40) -> str:
    """Enough of a text to find it in the file, on one line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
