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
from collections.abc import Iterable
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


@dataclass
class Checked:
    """What ``reportgen check`` found in its files: each finding, then one line that sums them
    up; the exit status is 1 when anything was found or a file could not be read."""

    files: int
    findings: list[Finding]

    @property
    def status(self) -> int:
        return 1 if self.findings else 0

    def lines(self) -> list[str]:
        lines = [str(finding) for finding in self.findings]
        if not self.findings:
            return [f"{_plural(self.files, 'file')} checked: no accessibility problems found"]
        unreadable = {f.file for f in self.findings if f.where == "file"}
        problems = [f for f in self.findings if f.where != "file"]
        parts = []
        if problems:
            parts.append(f"{_plural(len(problems), 'accessibility problem')} in "
                         f"{_plural(len({f.file for f in problems}), 'file')}")
        if unreadable:
            parts.append(f"{_plural(len(unreadable), 'file')} that could not be read")
        return [*lines, f"{' and '.join(parts)}, of {_plural(self.files, 'file')} checked"]


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word if count == 1 else word + 's'}"


def check_files(paths: Iterable[Path]) -> Checked:
    """Every file checked (``check``), in order, and what was found."""
    paths = list(paths)
    return Checked(len(paths), [finding for path in paths for finding in check(path)])


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


#: A DOCX whose parts unpack to more than this is a zip bomb, not a report.
DOCX_UNPACKED_MAX = 512 * 1024 * 1024
#: No part of a real document packs tighter than this; a zip bomb's parts do.
ZIP_RATIO_MAX = 200


def damaged(kind: str) -> str:
    """The finding for a file a checker could not make sense of, in an officer's words: what
    went wrong inside a library means nothing to them."""
    return (f"could not be checked: the {kind} is damaged or incomplete (parts of it are "
            "missing or not as the format has them); open it, save it again, and check the new "
            "file")


def unpacked_too_large(path: Path) -> str | None:
    """Why a DOCX (a zip file) must not be unpacked, read from its directory alone: a zip bomb
    unpacks a few kilobytes into gigabytes."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return None  # not a zip file at all: the reader says so
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    tightest = max((info.file_size / max(info.compress_size, 1) for info in infos
                    if info.file_size > 1024 * 1024), default=0)
    if total > DOCX_UNPACKED_MAX or tightest > ZIP_RATIO_MAX:
        return (f"was not checked: it unpacks to {total / 2**20:,.0f} MB from "
                f"{packed / 2**10:,.0f} KB, which no document does (a zip bomb, made to "
                "exhaust the programs that open it)")
    return None


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
                   else damaged("PDF" if module.endswith("pdf") else "Word document"))
        return [Finding(path, "file", message)]


def _limits() -> None:
    """In the child: a memory limit, and CPU time a little past the wall-clock timeout."""
    resource.setrlimit(resource.RLIMIT_AS, (CHECK_MEMORY, CHECK_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CHECK_TIMEOUT + 5, CHECK_TIMEOUT + 5))
