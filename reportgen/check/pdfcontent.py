"""What a PDF's content streams draw, as the checker needs it: images with no alt text
reachable, and content tagged for elements the structure tree does not hold (as WeasyPrint
tags a margin box's text). Split from ``check.pdf``, which reads the structure tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf

ObjGen = tuple[int, int]
#: Deepest nesting of form XObjects followed; real files use two or three.
MAX_FORM_DEPTH = 12
TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}


@dataclass
class _Scan:
    """What one pass over a content stream needs: where, how MCIDs map, what was found."""

    page: int
    mcids: pikepdf.Object | None  # the /ParentTree entry: MCID -> structure element
    parent_tree: dict[int, pikepdf.Object]
    roles: dict[str, str]
    drawn: set[ObjGen]
    held: set[ObjGen] | None = None  # the elements in the tree, if it was read
    stack: list[tuple[bool, pikepdf.Object | None]] = field(default_factory=list)
    forms: list[ObjGen] = field(default_factory=list)
    unheld: set[str] = field(default_factory=set)  # roles of elements not in the tree

    def owner(self) -> pikepdf.Object | None:
        return next((o for _, o in reversed(self.stack) if o is not None), None)

    def artifact(self) -> bool:
        return any(artifact for artifact, _ in self.stack)


def content(pdf: pikepdf.Pdf, parent_tree: dict[int, pikepdf.Object] | None,
             roles: dict[str, str], drawn: set[ObjGen],
             held: set[ObjGen] | None) -> Iterator[tuple[str, str]]:
    """Images drawn with no alt text reachable, and content tagged for elements that are not
    in the structure tree (as WeasyPrint tags a margin box: a page stamp); records which
    elements draw text."""
    unheld: dict[str, list[int]] = {}  # role -> pages
    for number, page in enumerate(pdf.pages, start=1):
        key = page.obj.get("/StructParents")
        mcids = parent_tree.get(key) if parent_tree is not None and isinstance(key, int) else None
        scan = _Scan(number, mcids, parent_tree or {}, roles, drawn, held)
        yield from _stream(page, page.resources, scan)
        for role in scan.unheld:
            unheld.setdefault(role, []).append(number)
    for role, pages in sorted(unheld.items()):
        yield f"page {pages[0]}", (f"content tagged {role} belongs to no element of the "
                                   f"structure tree (on page(s) {pages_text(pages)}), so screen "
                                   "readers skip it or read it out of place; a page stamp or "
                                   "running header should be an /Artifact")


def pages_text(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:10])) + (f" and {len(numbers) - 10} more"
                                                if len(numbers) > 10 else "")


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
        if owner is not None and owner.is_indirect and scan.held is not None and \
                owner.objgen not in scan.held:
            scan.unheld.add(resolve(str(owner.get("/S", "/?")), scan.roles))
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
        if resolve(str(element.S), scan.roles) == "Figure" or has_alt(element):
            return
        if element.is_indirect:
            if element.objgen in seen:
                break
            seen.add(element.objgen)
        element = element.get("/P")
    yield f"page {scan.page}", (f"{what} has no alt text: it is tagged {owner.get('/S')}, "
                                "not a Figure with /Alt")


# -- running headers and page stamps -----------------------------------------------------------


def resolve(tag: str, roles: dict[str, str]) -> str:
    """A custom tag's standard role: follow the /RoleMap (at most a few steps, never a loop)."""
    seen = {tag}
    while tag in roles and roles[tag] not in seen:
        tag = roles[tag]
        seen.add(tag)
    return tag.lstrip("/")


def has_alt(obj: pikepdf.Object) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and any(
        str(obj.get(key, "")).strip() for key in ("/Alt", "/ActualText"))
