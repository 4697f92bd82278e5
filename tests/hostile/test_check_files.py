"""``reportgen check`` opens anyone's file: hostile DOCX and PDF files each end as findings, in
bounded time and memory (the checker's child process limits), never as a traceback or a hang.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from conftest import INPUTS, JUNE
from reportgen.check import check

#: A hang guard, not a benchmark: the checker's own limit is 55 s.
HANG_SECONDS = 60


def _docx_from(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def _sample_parts(built) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(built(JUNE).docx) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zip_bomb(built, path: Path) -> None:  # type: ignore[no-untyped-def]
    """A document part that unpacks to 800 MB of paragraphs (a few MB packed), written in
    pieces so the test itself never holds it."""
    parts = _sample_parts(built)
    head, tail = parts.pop("word/document.xml").split(b"<w:body>", 1)
    filler = (b"<w:p><w:r><w:t>" + b"A" * 1000 + b"</w:t></w:r></w:p>") * 1000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        with zf.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(head + b"<w:body>")
            for _ in range(800):
                stream.write(filler)
            stream.write(tail)


def many_styles(built, path: Path) -> None:  # type: ignore[no-untyped-def]
    parts = _sample_parts(built)
    styles = b"".join(b'<w:style w:type="paragraph" w:styleId="S%d"><w:name w:val="S%d"/>'
                      b'<w:basedOn w:val="S%d"/></w:style>' % (i, i, i + 1)
                      for i in range(10_000))
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b"</w:styles>",
                                                                styles + b"</w:styles>")
    path.write_bytes(_docx_from(parts))


def no_body(built, path: Path) -> None:  # type: ignore[no-untyped-def]
    parts = _sample_parts(built)
    parts["word/document.xml"] = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
                                  b'openxmlformats.org/wordprocessingml/2006/main"/>')
    path.write_bytes(_docx_from(parts))


def content_bomb(built, path: Path) -> None:  # type: ignore[no-untyped-def]
    with pikepdf.open(built(JUNE).pdf) as pdf:
        page = pdf.pages[0]
        ops = b"BT /F1 12 Tf 10 10 Td (x) Tj ET\n" * 3_000_000
        page.contents_add(pikepdf.Stream(pdf, ops))
        pdf.save(path)


def forms_fan_out(built, path: Path) -> None:  # type: ignore[no-untyped-def]
    with pikepdf.open(built(JUNE).pdf) as pdf:
        form = pdf.make_stream(b"q Q")
        form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        form.BBox = [0, 0, 10, 10]
        for _ in range(30):  # each form draws the one below it twice: 2**30 draws
            parent = pdf.make_stream(b"/F Do /F Do")
            parent.Type, parent.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
            parent.BBox = [0, 0, 10, 10]
            parent.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(F=form))
            form = parent
        page = pdf.pages[0]
        page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name("/Fan"))
        page.contents_add(pikepdf.Stream(pdf, b"/Fan Do"))
        pdf.save(path)


def named_pipe(built, path: Path) -> None:  # type: ignore[no-untyped-def]
    os.mkfifo(path)


def not_a_document(built, path: Path) -> None:  # type: ignore[no-untyped-def]
    path.write_text("# README\n")


CASES: dict[str, tuple[Callable[..., None], str]] = {
    "zip bomb docx": (zip_bomb, "x.docx"),
    "10,000 styles": (many_styles, "x.docx"),
    "docx without a body": (no_body, "x.docx"),
    "content-stream bomb": (content_bomb, "x.pdf"),
    "forms fan out": (forms_fan_out, "x.pdf"),
    "named pipe": (named_pipe, "x.pdf"),
    "not a document": (not_a_document, "README.md"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_check_ends_with_findings_in_bounded_time(built, tmp_path: Path, name: str) -> None:
    make, filename = CASES[name]
    path = tmp_path / filename
    make(built, path)
    start = time.monotonic()
    found = check(path)
    assert time.monotonic() - start < HANG_SECONDS
    assert all(f.file == path and f.message and "\n" not in f.message for f in found)
    if name in ("named pipe", "not a document", "zip bomb docx"):
        assert found and found[0].where == "file", found


def test_the_sample_is_clean(built) -> None:
    assert check(built(JUNE).docx) == []
    assert INPUTS.exists()
