"""Accessibility checks for PDF files: the PDF/UA-1 validator, and what it cannot judge.

A screen reader reads a PDF through its tags (the structure tree), not its page drawing. The
machine-checkable rules of PDF/UA-1 (tagged, a structure tree, well-formed lists and tables,
content tagged or marked as artifacts, fonts, metadata, the title shown …) are judged by an
independent validator (``pdfua``), one finding per failed rule, located at its first failure
and said in plain words; missing title, language and figure alt text, and heading levels that
skip, are among them. Checked here is only what the validator cannot judge: a title or alt
text that is there but blank (it takes any string), alt text that is a picture's file name,
tables without header cells, headings with no text (the heading list is how screen-reader
users skim a long report), images with no alt text a reader can reach, page stamps and running
headers tagged as content (read out on every page), and characters drawn as the font's
missing-glyph box.

Two things cannot be seen in the structure tree alone, so the page content is read too: an image
drawn on a page but tagged as something other than a Figure (or not tagged at all) has no alt
text a reader can reach, and a heading element whose marked content draws no characters is
empty even though it has children. Content is matched to the tree through the /ParentTree, as
assistive technology does.

Locations are a page number and the element's path in the structure tree, written like XPath
(``/Document/Part[6]/Sect/H4``) with the tag names a PDF editor's tags panel shows.

Every PDF is checked in a child process with a time limit and a memory limit (``check_pdf``):
the file may be anyone's, made to hang or exhaust a reader, and the validator is native code
that a hostile file can crash (a 50,000-deep structure tree overflows its stack without its
safety limits). A file that cannot be checked is one finding, never a traceback.
"""

from __future__ import annotations

import ctypes
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

from reportgen.check import FILE_NAME, Finding, damaged, in_child, snippet
from reportgen.check.glyphs import missing_glyphs
from reportgen.check.pdfcontent import (
    ObjGen,
    content,
    has_alt,
    pages_text,
    resolve,
)

HEADING = re.compile(r"H([1-9])")
#: Deepest structure element read; the validator's reference depth, where it stops too.
MAX_STRUCTURE_DEPTH = 256
#: Running headers and page stamps: text in this top or bottom fraction of a page, the same
#: (numbers aside) on several of the first STAMP_PAGES pages.
STAMP_BAND = 0.06
STAMP_PAGES = 8


@dataclass
class Element:
    """A structure element with what the checks need: role, location, children, content."""

    obj: pikepdf.Dictionary
    tag: str  # /S as written in the file
    role: str  # /S after the /RoleMap, e.g. a custom "Heading2" mapped to "H2"
    path: str
    parent: Element | None
    own_page: int | None
    children: list[Element] = field(default_factory=list)
    has_content: bool = False  # marked content or an object directly under it
    page: int | None = None

    @property
    def key(self) -> ObjGen | None:
        return self.obj.objgen if self.obj.is_indirect else None

    def where(self) -> str:
        return f"page {self.page}, {self.path}" if self.page else self.path

    def walk(self) -> Iterator[Element]:
        """This element and its descendants, in document (reading) order."""
        yield self
        for child in self.children:
            yield from child.walk()


def check_pdf(path: Path) -> list[Finding]:
    """Every accessibility problem in a PDF file: document-level ones first, then by element,
    then the PDF/UA-1 rules it fails. Checked in a child process with limits (module doc)."""
    return in_child("reportgen.check.pdf", path)


def problems(path: Path) -> list[tuple[str, str]]:
    """(where, what) for every accessibility problem in a PDF file, in this process."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return [("file", "is password-protected, so it cannot be checked (and assistive "
                 "technology may not be able to read it either)")]
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        return [("file", f"cannot be opened as a PDF: {exc}")]
    try:
        with pdf:
            return list(_problems(pdf, path))
    except (pikepdf.PdfError, RecursionError, ValueError, TypeError, KeyError):
        return [("file", damaged("PDF"))]


def _problems(pdf: pikepdf.Pdf, path: Path) -> Iterator[tuple[str, str]]:
    from reportgen.check import pdfua  # the validator is only needed here, in the child

    root = pdf.Root
    found = list(_blank_title(pdf))
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    tree = root.get("/StructTreeRoot")
    elements = _structure(tree, pages) if isinstance(tree, pikepdf.Dictionary) else []
    parent_tree = _parent_tree(tree)
    drawn: set[ObjGen] = set()
    roles = _role_map(tree) if isinstance(tree, pikepdf.Dictionary) else {}
    held = {key for top in elements for e in top.walk() if (key := e.key) is not None}
    found += content(pdf, parent_tree, roles, drawn, held if elements else None)
    texts = drawn if parent_tree is not None else None
    for top in elements:
        found += _elements(top, texts)
    found += _running_text(path, pdf, parent_tree, roles)
    found += missing_glyphs(pdf)
    yield from found
    located = {e.key[0]: e.where() for top in elements for e in top.walk() if e.key}
    located.update({page.objgen[0]: f"page {n}" for page, n in
                    ((p.obj, n) for n, p in enumerate(pdf.pages, start=1))})
    located[root.objgen[0]] = "document catalogue"
    metadata = root.get("/Metadata")
    if isinstance(metadata, pikepdf.Object) and metadata.is_indirect:
        located[metadata.objgen[0]] = "XMP metadata"
    yield from pdfua.findings(path, located.get)


def _blank_title(pdf: pikepdf.Pdf) -> Iterator[tuple[str, str]]:
    """A title that is there but blank: the validator asks only that dc:title be there (a
    missing one is its finding)."""
    try:  # read only: as a context manager it would write the XMP back as a new object
        meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        blank = "dc:title" in meta and not str(meta.get("dc:title") or "").strip()
    except Exception:  # noqa: BLE001 - broken XMP is the validator's; pikepdf raises many kinds
        return
    if blank:
        yield "XMP metadata", ("the title (dc:title) is blank; screen readers announce the "
                               "file name instead")


# -- the structure tree ------------------------------------------------------------------------
def _kids(obj: pikepdf.Object) -> list[pikepdf.Object]:
    kids = obj.get("/K") if isinstance(obj, pikepdf.Dictionary) else None
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _role_map(tree: pikepdf.Dictionary) -> dict[str, str]:
    roles = tree.get("/RoleMap")
    if not isinstance(roles, pikepdf.Dictionary):
        return {}
    return {str(k): str(v) for k, v in roles.items() if isinstance(v, pikepdf.Name)}


def _page_of(obj: pikepdf.Object, pages: dict[ObjGen, int]) -> int | None:
    page = obj.get("/Pg") if isinstance(obj, pikepdf.Dictionary) else None
    return pages.get(page.objgen) if isinstance(page, pikepdf.Dictionary) else None


def _structure(tree: pikepdf.Dictionary, pages: dict[ObjGen, int]) -> list[Element]:
    """The structure elements under the tree root, with roles, paths and pages resolved, down
    to MAX_STRUCTURE_DEPTH (a deeper tree is the validator's finding)."""
    roles = _role_map(tree)
    seen: set[ObjGen] = set()

    def build(objs: list[pikepdf.Object], parent: Element | None, prefix: str,
              depth: int = 1) -> list[Element]:
        if depth > MAX_STRUCTURE_DEPTH:
            return []
        elements = [o for o in objs if isinstance(o, pikepdf.Dictionary) and "/S" in o
                    and o.get("/Type") not in ("/MCR", "/OBJR")]
        counts: dict[str, int] = {}
        for obj in elements:
            counts[str(obj.S)] = counts.get(str(obj.S), 0) + 1
        built: list[Element] = []
        index: dict[str, int] = {}
        for obj in elements:
            if obj.is_indirect:
                if obj.objgen in seen:
                    continue  # a malformed tree that loops: each element is visited once
                seen.add(obj.objgen)
            tag = str(obj.S)
            index[tag] = index.get(tag, 0) + 1
            name = tag.lstrip("/") + (f"[{index[tag]}]" if counts[tag] > 1 else "")
            element = Element(obj, tag.lstrip("/"), resolve(tag, roles), f"{prefix}/{name}",
                              parent, _page_of(obj, pages))
            kids = _kids(obj)
            for kid in kids:
                if isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary)
                                            and kid.get("/Type") in ("/MCR", "/OBJR")):
                    element.has_content = True
                    if element.own_page is None:
                        element.own_page = _page_of(kid, pages)
            element.children = build(kids, element, element.path, depth + 1)
            built.append(element)
        return built

    top = build(_kids(tree), None, "")
    for element in top:
        _first_page(element)
        _inherit_page(element, None)
    return top


def _first_page(element: Element) -> int | None:
    """An element without /Pg of its own is on the page of its first content."""
    pages = [_first_page(child) for child in element.children]
    element.page = element.own_page or next((p for p in pages if p), None)
    return element.page


def _inherit_page(element: Element, page: int | None) -> None:
    element.page = element.page or page
    for child in element.children:
        _inherit_page(child, element.page)


def _elements(top: Element, drawn: set[ObjGen] | None) -> Iterator[tuple[str, str]]:
    """Figures, tables and headings, checked in reading order."""
    for element in top.walk():
        role = element.role
        alt = str(element.obj.get("/Alt", "")).strip()
        written = any(str(element.obj.get(key, "")) for key in ("/Alt", "/ActualText"))
        if role == "Figure" and written and not has_alt(element.obj):
            yield element.where(), ("figure's alt text is blank (/Alt on the Figure element), "
                                    "which tells a screen-reader user nothing of the picture")
        elif role == "Figure" and FILE_NAME.fullmatch(alt):
            yield element.where(), (f'figure\'s alt text is a file name ("{snippet(alt)}"), '
                                    "which tells a screen-reader user nothing of the picture")
        elif role == "Table" and not any(e.role == "TH" for e in _in_table(element)):
            yield element.where(), ("table has no header cells (no TH element), so screen "
                                    "readers cannot announce the column headers")
        if (HEADING.fullmatch(role) or role == "H") and _empty(element, drawn):
            yield element.where(), f"empty heading: the {role} element has no text"


def _in_table(table: Element) -> Iterator[Element]:
    """The elements of one table, not those of tables nested in it."""
    for child in table.children:
        if child.role != "Table":
            yield child
            yield from _in_table(child)


def _empty(heading: Element, drawn: set[ObjGen] | None) -> bool:
    """True when no part of the heading draws text or carries a text alternative.

    Without a /ParentTree the content cannot be matched to elements, so any content counts.
    """
    for element in heading.walk():
        if has_alt(element.obj):
            return False
        if drawn is None and element.has_content:
            return False
        if drawn is not None and element.key in drawn:
            return False
    return True


# -- page content ------------------------------------------------------------------------------
def _parent_tree(tree: pikepdf.Object | None) -> dict[int, pikepdf.Object] | None:
    parents = tree.get("/ParentTree") if isinstance(tree, pikepdf.Dictionary) else None
    if not isinstance(parents, pikepdf.Dictionary):
        return None
    try:
        return dict(pikepdf.NumberTree(parents, auto_repair=False).items())
    except (pikepdf.PdfError, ValueError, TypeError):
        return None


def _running_text(path: Path, pdf: pikepdf.Pdf, parent_tree: dict[int, pikepdf.Object] | None,
                  roles: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Text tagged as content at the top or bottom edge of the first pages that repeats, numbers
    aside, from page to page: a running header or page stamp ("ITEM NO. 9.1") that screen
    readers read out on every page. A table's repeated header row is not one of these.

    The text is read by PDFium (``pypdfium2``, as the preview reads pages): it decodes every
    kind of font and places every text-showing operator, in Form XObjects too, natively; a
    pure-Python reader took two thirds of a whole check's time for these few pages.
    """
    import pypdfium2  # places and decodes the text; only the first few pages are read

    try:
        document = pypdfium2.PdfDocument(path)
    except Exception:  # noqa: BLE001 - pikepdf read it, so the other checks go on
        return
    repeated: dict[tuple[str, int], list[tuple[int, str, str]]] = {}
    try:
        for number in range(1, min(len(document), len(pdf.pages), STAMP_PAGES) + 1):
            key = pdf.pages[number - 1].obj.get("/StructParents")
            mcids = parent_tree.get(key) if parent_tree and isinstance(key, int) else None
            try:
                found = _edge_text(document[number - 1], pdf.pages[number - 1].mediabox, mcids,
                                   roles)
            except Exception:  # noqa: BLE001 - a page PDFium cannot read is left to the others
                continue
            for text, height, role in found:
                repeated.setdefault((re.sub(r"\d+", "#", text), height), []).append(
                    (number, text, role))
    finally:
        document.close()
    for runs in repeated.values():
        pages = sorted({number for number, _, _ in runs})
        if len(pages) > 1:
            number, text, role = runs[0]
            yield f"page {number}", (f'running header or page stamp "{snippet(text)}" is tagged '
                                     f"as content ({role}) on pages {pages_text(pages)}"
                                     ", so screen readers read it out on every page; it should "
                                     "be an /Artifact")


def _edge_text(sheet: Any, mediabox: pikepdf.Array, mcids: pikepdf.Object | None,
               roles: dict[str, str]) -> list[tuple[str, int, str]]:
    """(text, height in points, its element's role) of the tagged text near the page's top or
    bottom edge, outside tables: each text-showing operator's text, placed at its origin."""
    import pypdfium2.raw as pdfium

    bottom = float(min(mediabox[1], mediabox[3]))
    height = abs(float(mediabox[3]) - float(mediabox[1])) or 1.0
    textpage = sheet.get_textpage()
    found: list[tuple[str, int, str]] = []
    try:
        for obj in sheet.get_objects(filter=[pdfium.FPDF_PAGEOBJ_TEXT], textpage=textpage):
            y = (_origin(obj)[1] - bottom) / height
            if STAMP_BAND < y < 1 - STAMP_BAND:
                continue
            marks = _marks(obj)
            shown = _utf16(pdfium.FPDFTextObj_GetText, obj.raw, textpage.raw).strip()
            if not shown or any(name == "Artifact" for name, _ in marks):
                continue
            mcid = next((m for _, m in reversed(marks) if m is not None), None)
            chain = _ancestors(mcids[mcid] if isinstance(mcids, pikepdf.Array)
                               and mcid is not None and 0 <= mcid < len(mcids) else None, roles)
            if not marks or "Table" in chain:
                continue  # untagged text is the validator's; a repeated table header is content
            found.append((shown, round(y * height), chain[0] if chain else "no element"))
    finally:
        textpage.close()
    return found


def _origin(obj: Any) -> tuple[float, float]:
    """Where a text object starts on the page: its own matrix's origin, carried out through
    the matrix of each Form XObject it is drawn in."""
    x, y = 0.0, 0.0
    while obj is not None:
        m = obj.get_matrix()
        x, y = m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f
        obj = obj.container
    return x, y


def _marks(obj: Any) -> list[tuple[str, int | None]]:
    """The marked-content sequences a page object is drawn in, outermost first, with their
    MCIDs: those around the Form XObject it is drawn in come first, as they enclose it."""
    import pypdfium2.raw as pdfium

    chain: list[tuple[str, int | None]] = []
    while obj is not None:
        own = []
        for index in range(pdfium.FPDFPageObj_CountMarks(obj.raw)):
            mark = pdfium.FPDFPageObj_GetMark(obj.raw, index)
            size = ctypes.c_ulong()
            pdfium.FPDFPageObjMark_GetName(mark, None, 0, ctypes.byref(size))
            name = (ctypes.c_ushort * (size.value // 2 + 1))()
            pdfium.FPDFPageObjMark_GetName(mark, name, size, ctypes.byref(size))
            value = ctypes.c_int()
            has = pdfium.FPDFPageObjMark_GetParamIntValue(mark, b"MCID", ctypes.byref(value))
            own.append((bytes(name)[:size.value].decode("utf-16-le").rstrip("\0"),
                        value.value if has else None))
        chain = own + chain
        obj = obj.container
    return chain


def _utf16(function: Any, *args: Any) -> str:
    """A string PDFium writes as UTF-16 into a buffer the caller sizes by asking first."""
    size = function(*args, None, 0)
    buffer = (ctypes.c_ushort * (size // 2 + 1))()
    function(*args, buffer, size)
    return bytes(buffer)[:size].decode("utf-16-le", errors="replace").rstrip("\0")


def _ancestors(element: pikepdf.Object | None, roles: dict[str, str]) -> list[str]:
    """The roles of an element and its ancestors, nearest first (a few dozen at most)."""
    chain: list[str] = []
    while isinstance(element, pikepdf.Dictionary) and "/S" in element and len(chain) < 64:
        chain.append(resolve(str(element.S), roles))
        element = element.get("/P")
    return chain


if __name__ == "__main__":  # the child process of check_pdf: findings as JSON on stdout
    sys.setrecursionlimit(4 * MAX_STRUCTURE_DEPTH + 1000)
    try:
        result = problems(Path(sys.argv[1]))
    except MemoryError:
        raise  # reported by the parent as running out of memory
    except Exception:  # noqa: BLE001 - one line, never a traceback, whatever the file
        result = [("file", damaged("PDF"))]
    json.dump(result, sys.stdout)
