"""Write the built-in house style's ``reference.docx`` and ``house-style.xlsx`` from what was in
code: the Word template reportgen shipped, given every measure of ``layout.BUILT_IN`` (its
paragraph styles, page size and margins), so that reading it back (``reportgen.style``) gives
``layout.BUILT_IN`` again.

Run on the Word template reportgen shipped before house styles, when the built-in measures
change: ``git show 7c4e706:reportgen/templates/reference.docx > reference.docx`` then
``.venv/bin/python scripts/make-built-in-style.py reference.docx`` and copy both files into
``reportgen/templates/house-style/``
(it rewrites the file in place, and writes house-style.xlsx beside it from
``style.structure.BUILT_IN``). The document's body is emptied; the writer ignores it anyway.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from reportgen import layout
from reportgen.render import docx as writer
from reportgen.render import docxpackage
from reportgen.style import starter


def main(path: Path) -> None:
    doc = Document(str(path))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    writer.ensure_styles(doc, layout.BUILT_IN, every=True)
    writer._set_page(doc.sections[0], layout.BUILT_IN, landscape=False)
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(docxpackage.reproducible(buffer.getvalue(), dt.datetime(2013, 1, 1)))
    book = io.BytesIO()
    starter.workbook().save(book)
    (path.parent / "house-style.xlsx").write_bytes(
        docxpackage.reproducible(book.getvalue(), dt.datetime(2013, 1, 1)))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
