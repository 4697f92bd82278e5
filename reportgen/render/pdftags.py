"""What WeasyPrint's PDF/UA tagging leaves out, added while it builds the tags.

- Header cells: WeasyPrint reads ``<th scope>`` to link data cells to their headers but writes
  no /Scope, so a TH does not say whether it heads a column or a row (PDF/UA-1 7.5). Here a
  ``scope="row"`` (or ``rowgroup``) header gets /Scope /Row and any other /Column, the same
  reading WeasyPrint gives the attribute for /Headers.
- Header cell IDs: data cells name their headers (/Headers) by the headers' /ID, which
  WeasyPrint makes from the table's object number. Parts of a report, and the reports of an
  agenda pack, are separate documents, so two of them can share a number and their IDs (three
  plan tables had "23-0-0"), and no /IDTree maps the IDs to the cells. Here each document's
  IDs get a prefix made from its own content (``identify``), and the structure tree root an
  /IDTree (``pdfjoin`` merges the documents' trees). Because the prefix depends on nothing but
  the document, a part laid out for a report's own build is the same bytes when its report is
  joined into an agenda pack, so the pack takes it from the layout cache.
- List labels: reportgen's list markers are generated text (``li::before``, see report.css),
  which WeasyPrint tags inside the item's LBody. Here the marker becomes the item's Lbl, beside
  its LBody (LI > Lbl + LBody, ISO 32000-1 14.8.4.3.3), so a reader can tell "(ii)" from the
  text.

All is done in WeasyPrint's own pass over the boxes (``weasyprint.pdf.tags``), on the structure
elements it has just made, so no extra pass over the document or the finished file is needed.
Only header cells, tables, list items and their markers are touched; every other box goes to
WeasyPrint's function unwrapped. Written against WeasyPrint 70 (constraints.txt); if its tagging
changes, tests/test_pdfua.py fails.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from typing import Any

import pydyf
import weasyprint.pdf as weasyprint_pdf
from weasyprint.pdf import tags

_ROW_SCOPES = ("row", "rowgroup")


class _State:
    """The document being tagged: its ID prefix and the header cells given IDs so far."""

    prefix = ""
    ids: list[tuple[str, bytes]] = []  # (ID, the cell's reference)
    labels: dict[int, Any] = {}  # id(LBody) -> its marker's element, until the LBody is done


def identify(page: str, part: int | None = None) -> str:
    """Tag the next document laid out in this process, the HTML ``page`` (part ``part`` of a
    report, if given), with header cell IDs that no other document of a report or a pack
    shares; returns their prefix. Two documents with the same HTML are the same part: a pack
    names each report once (``inputs.agenda``).
    """
    digest = hashlib.sha256(page.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    _State.prefix = ("" if part is None else f"p{part}-") + f"{digest}-"
    return _State.prefix


def _scoped(elements: Iterator[Any], box: Any) -> Iterator[Any]:
    """A header cell's elements, the TH given its /Scope (its anonymous blocks are not THs)."""
    scope = "/Row" if box.element.attrib.get("scope") in _ROW_SCOPES else "/Column"
    for element in elements:
        if element["S"] == "/TH":
            element["A"]["Scope"] = scope
        yield element


def _identified(elements: Iterator[Any], box: Any) -> Iterator[Any]:
    """A table's elements; once WeasyPrint has given its header cells IDs, the IDs prefixed and
    recorded for the /IDTree. A data cell's /Headers holds the same String objects as the
    header cells' /ID, so renaming a header's ID in place renames every reference to it.
    """
    for element in elements:
        if element["S"] == "/Table" and box.is_table_wrapper:
            table = box.get_wrapped_table()
            for group in table.children if table is not None else ():
                for row in getattr(group, "children", ()):
                    for cell in getattr(row, "children", ()):
                        mark = getattr(cell, "mark", None)
                        if mark is None or cell.element_tag != "th":
                            continue
                        key = mark.get("ID")
                        if isinstance(key, pydyf.String):
                            key.string = _State.prefix + key.string
                            _State.ids.append((key.string, mark.reference))
        yield element


def _labelled(elements: Iterator[Any], parent: Any) -> Iterator[Any]:
    """A list item's elements, its marker moved out of its LBody to be the LI's Lbl.

    WeasyPrint builds an unbulleted item as LI > LBody, calling its function again for the
    LBody with the LI as ``parent``; the marker's element is recorded against the LBody that
    holds it (``_marker``), and is the LBody's first kid.
    """
    for element in elements:
        label = _State.labels.pop(id(element), None)
        if element["S"] == "/LBody" and parent["S"] == "/LI" and label is not None and \
                len(element["K"]) > 1 and element["K"][0] == label.reference:
            del element["K"][0]
            label["S"] = "/Lbl"
            label["P"] = parent.reference
            parent["K"].insert(0, label.reference)
        yield element


def _marker(elements: Iterator[Any], parent: Any) -> Iterator[Any]:
    for element in elements:
        _State.labels[id(parent)] = element
        yield element


def _build_box_tree(build):  # type: ignore[no-untyped-def]
    @functools.wraps(build)
    def wrapped(box, parent, *args):  # type: ignore[no-untyped-def]
        elements = build(box, parent, *args)
        tag = getattr(box, "element_tag", None)
        if tag == "th":
            return _scoped(elements, box)
        if tag == "table":
            return _identified(elements, box)
        if tag == "li":
            return _labelled(elements, parent)
        if tag == "li::before":
            return _marker(elements, parent)
        return elements
    wrapped.reportgen_tags = True  # type: ignore[attr-defined]
    return wrapped


def _add_tags(add_tags):  # type: ignore[no-untyped-def]
    """WeasyPrint's add_tags, then the /IDTree of the header cells' IDs."""
    @functools.wraps(add_tags)
    def wrapped(pdf, *args, **kwargs):  # type: ignore[no-untyped-def]
        _State.ids, _State.labels = [], {}
        try:
            result = add_tags(pdf, *args, **kwargs)
            root = pdf.catalog.get("StructTreeRoot")
            if _State.ids and isinstance(root, bytes):
                names = pydyf.Array()
                for key, reference in sorted(_State.ids, key=lambda pair: pair[0].encode()):
                    names.extend((pydyf.String(key), reference))
                pdf.objects[int(root.split()[0])]["IDTree"] = pydyf.Dictionary({"Names": names})
            return result
        finally:
            _State.ids, _State.labels = [], {}
    wrapped.reportgen_tags = True  # type: ignore[attr-defined]
    return wrapped


def install() -> None:
    """Wrap WeasyPrint's tagging (``_build_box_tree`` recurses through its module's name, so
    the wrapper sees every box); idempotent."""
    if not getattr(tags._build_box_tree, "reportgen_tags", False):
        tags._build_box_tree = _build_box_tree(tags._build_box_tree)
    if not getattr(weasyprint_pdf.add_tags, "reportgen_tags", False):
        weasyprint_pdf.add_tags = _add_tags(weasyprint_pdf.add_tags)
