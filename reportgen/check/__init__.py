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

import json
import os
import re
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: Seconds and bytes of address space one file's check may take in its child process: the
#: bounds anyone's file is held to (a 200-page report checks in 20 s and 400 MB).
CHECK_TIMEOUT = 55
CHECK_MEMORY = 1 << 30
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


def in_child(module: str, path: Path) -> list[Finding]:
    """Run ``module``'s check of ``path`` in a child process within ``CHECK_TIMEOUT`` seconds
    and ``CHECK_MEMORY`` bytes: a file made to exhaust a reader (a zip bomb, a content-stream
    bomb, a fan of forms) ends as one finding, never as a hung or killed ``reportgen``.
    """
    package_root = str(Path(__file__).resolve().parent.parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [package_root, *filter(None, [os.environ.get("PYTHONPATH")])]))
    try:
        child = subprocess.run([sys.executable, "-m", module, str(path)],
                               capture_output=True, stdin=subprocess.DEVNULL, env=env,
                               timeout=CHECK_TIMEOUT, preexec_fn=_limits)
    except subprocess.TimeoutExpired:
        return [Finding(path, "file", f"checking did not finish in {CHECK_TIMEOUT} s, so it was "
                        "not checked (the file may be made to hang readers)")]
    if child.returncode < 0:
        name = signal.Signals(-child.returncode).name
        return [Finding(path, "file", f"the checker was stopped by {name} (out of memory, or a "
                        "crash reading the file), so it was not checked")]
    try:
        found = json.loads(child.stdout)
        return [Finding(path, str(where), str(message)) for where, message in found]
    except (ValueError, TypeError):
        error = (child.stderr.decode(errors="replace").strip().splitlines() or ["no output"])
        message = ("ran out of memory reading it, so it was not checked (the file may be made "
                   "to exhaust readers)" if "MemoryError" in error[-1]
                   else f"could not be checked: {error[-1]}")
        return [Finding(path, "file", message)]


def _limits() -> None:
    """In the child: a memory limit, and CPU time a little past the wall-clock timeout."""
    resource.setrlimit(resource.RLIMIT_AS, (CHECK_MEMORY, CHECK_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CHECK_TIMEOUT + 5, CHECK_TIMEOUT + 5))
