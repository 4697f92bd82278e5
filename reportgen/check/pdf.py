"""Accessibility checks for PDF files, read with pikepdf.

A screen reader reads a PDF through its tags (the structure tree), not its page drawing, so the
checks follow PDF/UA's essentials: the file must say it is tagged and have a structure tree;
it needs a language and a title that viewers show; every figure needs alt text; every table
needs header cells and no merged cells; headings must be non-empty and never skip a level,
because the heading list is how such readers skim a long report.

Two things cannot be seen in the structure tree alone, so the page content is read too: an image
drawn on a page but tagged as something other than a Figure (or not tagged at all) has no alt
text a reader can reach, and a heading element whose marked content draws no characters is
empty even though it has children. Content is matched to the tree through the /ParentTree, as
assistive technology does.

Locations are a page number and the element's path in the structure tree, written like XPath
(``/Document/Part[6]/Sect/H4``) with the tag names a PDF editor's tags panel shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from reportgen.check import Finding

HEADING = re.compile(r"H([1-9])")
TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}
#: Deepest nesting of form XObjects followed; real files use two or three.
MAX_FORM_DEPTH = 12
ObjGen = tuple[int, int]


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
    """Every accessibility problem in a PDF file: document-level ones first, then by element."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return [Finding(path, "file", "is password-protected, so it cannot be checked (and "
                        "assistive technology may not be able to read it either)")]
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        return [Finding(path, "file", f"cannot be opened as a PDF: {exc}")]
    with pdf:
        return [Finding(path, where, message) for where, message in _problems(pdf)]


def _problems(pdf: pikepdf.Pdf) -> Iterator[tuple[str, str]]:
    root = pdf.Root
    yield from _catalogue(pdf)
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    tree = root.get("/StructTreeRoot")
    elements = _structure(tree, pages) if isinstance(tree, pikepdf.Dictionary) else []
    parent_tree = _parent_tree(tree)
    drawn: set[ObjGen] = set()
    roles = _role_map(tree) if isinstance(tree, pikepdf.Dictionary) else {}
    yield from _content(pdf, parent_tree, roles, drawn)
    texts = drawn if parent_tree is not None else None
    for top in elements:
        yield from _elements(top, texts)


def _catalogue(pdf: pikepdf.Pdf) -> Iterator[tuple[str, str]]:
    """Tagging, language and title: what a reader needs before reading a word."""
    root = pdf.Root
    where = "document catalogue"
    mark_info = root.get("/MarkInfo")
    marked = mark_info.get("/Marked") if isinstance(mark_info, pikepdf.Dictionary) else None
    if marked is not True:
        yield where, ("untagged PDF: /MarkInfo /Marked is not true, so assistive technology "
                      "ignores the tags")
    if not isinstance(root.get("/StructTreeRoot"), pikepdf.Dictionary):
        yield where, ("untagged PDF: no structure tree (/StructTreeRoot); screen readers "
                      "guess the reading order and find no headings, tables or alt text")
    if not str(root.get("/Lang", "")).strip():
        yield where, ("no document language (/Lang); screen readers cannot choose the right "
                      "voice")
    if not _title(pdf):
        yield "document information", ("no title (neither /Title in the document "
                                       "information nor dc:title in the XMP metadata)")
    preferences = root.get("/ViewerPreferences")
    shown = (preferences.get("/DisplayDocTitle")
             if isinstance(preferences, pikepdf.Dictionary) else None)
    if shown is not True:
        yield where, ("title not shown: /ViewerPreferences /DisplayDocTitle is not true, so "
                      "viewers show the file name instead of the title")


def _title(pdf: pikepdf.Pdf) -> str:
    title = str(pdf.docinfo.get("/Title", "")).strip() if "/Info" in pdf.trailer else ""
    if title:
        return title
    try:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            return str(meta.get("dc:title", "") or "").strip()
    except Exception:  # noqa: BLE001 - broken XMP is simply no title; pikepdf raises many kinds
        return ""


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


def _resolve(tag: str, roles: dict[str, str]) -> str:
    """A custom tag's standard role: follow the /RoleMap (at most a few steps, never a loop)."""
    seen = {tag}
    while tag in roles and roles[tag] not in seen:
        tag = roles[tag]
        seen.add(tag)
    return tag.lstrip("/")


def _page_of(obj: pikepdf.Object, pages: dict[ObjGen, int]) -> int | None:
    page = obj.get("/Pg") if isinstance(obj, pikepdf.Dictionary) else None
    return pages.get(page.objgen) if isinstance(page, pikepdf.Dictionary) else None


def _structure(tree: pikepdf.Dictionary, pages: dict[ObjGen, int]) -> list[Element]:
    """The structure elements under the tree root, with roles, paths and pages resolved."""
    roles = _role_map(tree)
    seen: set[ObjGen] = set()

    def build(objs: list[pikepdf.Object], parent: Element | None, prefix: str) -> list[Element]:
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
            element = Element(obj, tag.lstrip("/"), _resolve(tag, roles), f"{prefix}/{name}",
                              parent, _page_of(obj, pages))
            kids = _kids(obj)
            for kid in kids:
                if isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary)
                                            and kid.get("/Type") in ("/MCR", "/OBJR")):
                    element.has_content = True
                    if element.own_page is None:
                        element.own_page = _page_of(kid, pages)
            element.children = build(kids, element, element.path)
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


def _has_alt(obj: pikepdf.Object) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and any(
        str(obj.get(key, "")).strip() for key in ("/Alt", "/ActualText"))


def _elements(top: Element, drawn: set[ObjGen] | None) -> Iterator[tuple[str, str]]:
    """Figures, tables, cells and headings, checked in reading order."""
    previous = 0
    for element in top.walk():
        role = element.role
        if role == "Figure" and not str(element.obj.get("/Alt", "")).strip():
            yield element.where(), "figure has no alt text (/Alt on the Figure element)"
        elif role == "Table" and not any(e.role == "TH" for e in _in_table(element)):
            yield element.where(), ("table has no header cells (no TH element), so screen "
                                    "readers cannot announce the column headers")
        elif role in ("TD", "TH"):
            yield from _spans(element)
        heading = HEADING.fullmatch(role)
        if heading or role == "H":
            if _empty(element, drawn):
                yield element.where(), f"empty heading: the {role} element has no text"
        if heading:
            level = int(heading.group(1))
            if level > previous + 1:
                skipped = ", ".join(f"H{n}" for n in range(previous + 1, level))
                after = (f"follows H{previous}, with no {skipped} between" if previous
                         else f"is the first heading, with no {skipped} before it")
                yield element.where(), f"heading level skips: H{level} {after}"
            previous = level


def _in_table(table: Element) -> Iterator[Element]:
    """The elements of one table, not those of tables nested in it."""
    for child in table.children:
        if child.role != "Table":
            yield child
            yield from _in_table(child)


def _spans(cell: Element) -> Iterator[tuple[str, str]]:
    """Merged cells: /RowSpan or /ColSpan above 1 in the cell's table attributes."""
    attributes = cell.obj.get("/A")
    if attributes is None:
        return
    owners = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    for owner in owners:
        if not isinstance(owner, pikepdf.Dictionary):
            continue  # a revision number
        for key, what in (("/ColSpan", "columns"), ("/RowSpan", "rows")):
            span = owner.get(key)
            if isinstance(span, int) and span > 1:
                yield cell.where(), (f"merged cell: spans {span} {what} ({key}); screen "
                                     "readers lose track of which header each cell is under")


def _empty(heading: Element, drawn: set[ObjGen] | None) -> bool:
    """True when no part of the heading draws text or carries a text alternative.

    Without a /ParentTree the content cannot be matched to elements, so any content counts.
    """
    for element in heading.walk():
        if _has_alt(element.obj):
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


@dataclass
class _Scan:
    """What one pass over a content stream needs: where, how MCIDs map, what was found."""

    page: int
    mcids: pikepdf.Object | None  # the /ParentTree entry: MCID -> structure element
    parent_tree: dict[int, pikepdf.Object]
    roles: dict[str, str]
    drawn: set[ObjGen]
    stack: list[tuple[bool, pikepdf.Object | None]] = field(default_factory=list)
    forms: list[ObjGen] = field(default_factory=list)

    def owner(self) -> pikepdf.Object | None:
        return next((o for _, o in reversed(self.stack) if o is not None), None)

    def artifact(self) -> bool:
        return any(artifact for artifact, _ in self.stack)


def _content(pdf: pikepdf.Pdf, parent_tree: dict[int, pikepdf.Object] | None,
             roles: dict[str, str], drawn: set[ObjGen]) -> Iterator[tuple[str, str]]:
    """Images drawn with no alt text reachable; records which elements draw text."""
    for number, page in enumerate(pdf.pages, start=1):
        key = page.obj.get("/StructParents")
        mcids = parent_tree.get(key) if parent_tree is not None and isinstance(key, int) else None
        scan = _Scan(number, mcids, parent_tree or {}, roles, drawn)
        yield from _stream(page, page.resources, scan)


def _stream(stream: pikepdf.Object | pikepdf.Page, resources: pikepdf.Object,
            scan: _Scan) -> Iterator[tuple[str, str]]:
    try:
        instructions = pikepdf.parse_content_stream(stream)
    except (pikepdf.PdfError, ValueError) as exc:
        yield f"page {scan.page}", f"page content cannot be read, so it was not checked: {exc}"
        return
    for instruction in instructions:
        op = str(instruction.operator)
        operands = list(instruction.operands)
        if op in ("BDC", "BMC"):
            scan.stack.append(_marked(operands, resources, scan))
        elif op == "EMC":
            if scan.stack:
                scan.stack.pop()
        elif op in TEXT_OPERATORS:
            owner = scan.owner()
            if owner is not None and owner.is_indirect and _shows_text(op, operands):
                scan.drawn.add(owner.objgen)
        elif op == "INLINE IMAGE":
            yield from _image(scan, "an inline image")
        elif op == "Do" and operands:
            xobjects = resources.get("/XObject") if isinstance(resources,
                                                               pikepdf.Dictionary) else None
            xobject = xobjects.get(str(operands[0])) if isinstance(xobjects,
                                                              pikepdf.Dictionary) else None
            if not isinstance(xobject, pikepdf.Stream):
                continue
            if xobject.get("/Subtype") == "/Image":
                yield from _image(scan, f"image {operands[0]}")
            elif xobject.get("/Subtype") == "/Form":
                yield from _form(xobject, resources, scan)


def _marked(operands: list[pikepdf.Object], resources: pikepdf.Object,
            scan: _Scan) -> tuple[bool, pikepdf.Object | None]:
    """A marked-content sequence: whether it is an artifact, and the element it belongs to."""
    tag = str(operands[0]) if operands else ""
    properties = operands[1] if len(operands) > 1 else None
    if isinstance(properties, pikepdf.Name) and isinstance(resources, pikepdf.Dictionary):
        named = resources.get("/Properties")
        properties = named.get(properties) if isinstance(named, pikepdf.Dictionary) else None
    mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
    owner = None
    if isinstance(mcid, int) and isinstance(scan.mcids, pikepdf.Array) and \
            0 <= mcid < len(scan.mcids):
        owner = scan.mcids[mcid]
        owner = owner if isinstance(owner, pikepdf.Dictionary) else None
    return tag == "/Artifact", owner


def _shows_text(op: str, operands: list[pikepdf.Object]) -> bool:
    shown = operands[-1] if operands else None
    if op == "TJ" and isinstance(shown, pikepdf.Array):
        return any(isinstance(s, pikepdf.String) and len(bytes(s)) for s in shown)
    return isinstance(shown, pikepdf.String) and len(bytes(shown)) > 0


def _form(form: pikepdf.Stream, resources: pikepdf.Object,
          scan: _Scan) -> Iterator[tuple[str, str]]:
    """A form XObject's content, in the marked content it was drawn in (or its own tags)."""
    if form.objgen in scan.forms or len(scan.forms) >= MAX_FORM_DEPTH:
        return
    scan.forms.append(form.objgen)
    saved, depth = scan.mcids, len(scan.stack)
    own = form.get("/StructParents")
    if isinstance(own, int):
        scan.mcids = scan.parent_tree.get(own)
    whole = form.get("/StructParent")
    if isinstance(whole, int):
        owner = scan.parent_tree.get(whole)
        scan.stack.append((False, owner if isinstance(owner, pikepdf.Dictionary) else None))
    yield from _stream(form, form.get("/Resources", resources), scan)
    del scan.stack[depth:]
    scan.mcids = saved
    scan.forms.pop()


def _image(scan: _Scan, what: str) -> Iterator[tuple[str, str]]:
    """An image needs alt text on its element or an ancestor, or to be an artifact.

    Images inside a Figure are left to the Figure check, so a missing /Alt is reported once.
    """
    if scan.artifact():
        return
    owner = scan.owner()
    if owner is None:
        yield f"page {scan.page}", (f"{what} is not tagged (neither in a Figure with alt text "
                                    "nor marked as an artifact)")
        return
    seen: set[ObjGen] = set()
    element: pikepdf.Object | None = owner
    while isinstance(element, pikepdf.Dictionary) and "/S" in element:
        if _resolve(str(element.S), scan.roles) == "Figure" or _has_alt(element):
            return
        if element.is_indirect:
            if element.objgen in seen:
                break
            seen.add(element.objgen)
        element = element.get("/P")
    yield f"page {scan.page}", (f"{what} has no alt text: it is tagged {owner.get('/S')}, "
                                "not a Figure with /Alt")
