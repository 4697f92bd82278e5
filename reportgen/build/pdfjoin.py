"""Joining tagged PDFs rendered in parts into one tagged PDF.

A plain page merge would drop the parts' structure trees (what screen readers read), their
bookmarks and their marked-content links; this keeps all three: each part's structure elements
join the first part's Document element, its ParentTree entries are renumbered after the first
part's, its IDTree entries (header cells' IDs, unique per part) are merged, and its bookmarks are
appended to the outline. The first part's catalogue (language, title, metadata, viewer
preferences) stands for the whole.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem


def _nums(tree: pikepdf.Object) -> list[tuple[int, pikepdf.Object]]:
    """The (key, value) pairs of a number tree, flattening /Kids."""
    pairs: list[tuple[int, pikepdf.Object]] = []
    if "/Nums" in tree:
        nums = tree.Nums
        pairs.extend((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
    for kid in tree.get("/Kids", []):
        pairs.extend(_nums(kid))
    return pairs


def _names(tree: pikepdf.Object | None) -> list[tuple[bytes, pikepdf.Object]]:
    """The (key, value) pairs of a name tree (the header cells' /IDTree), flattening /Kids."""
    if not isinstance(tree, Dictionary):
        return []
    pairs: list[tuple[bytes, pikepdf.Object]] = []
    if "/Names" in tree:
        names = tree.Names
        pairs.extend((bytes(names[i]), names[i + 1]) for i in range(0, len(names) - 1, 2))
    for kid in tree.get("/Kids", []):
        pairs.extend(_names(kid))
    return pairs


def _document_element(pdf: pikepdf.Pdf) -> pikepdf.Object:
    kids = pdf.Root.StructTreeRoot.K
    return kids[0] if isinstance(kids, Array) else kids


def _copy(obj: Any, src: pikepdf.Pdf, dest: pikepdf.Pdf) -> Any:
    """``obj`` from ``src`` as an object of ``dest`` (pikepdf copies only indirect objects)."""
    if isinstance(obj, (int, float, bool, str)) or obj is None:
        return obj
    if not obj.is_indirect:
        obj = src.make_indirect(obj)
    return dest.copy_foreign(obj)


def _flat_outline(items: list[OutlineItem], src: pikepdf.Pdf, dest: pikepdf.Pdf,
                  depth: int = 1) -> list[tuple[int, OutlineItem]]:
    """A part's bookmarks in document order, each with its depth in the part's outline, as new
    items of ``dest`` without children."""
    flat = []
    for item in items:
        target = item.destination
        if target is not None and src is not dest:
            target = _copy(target, src, dest)
        flat.append((depth, OutlineItem(str(item.title), target)))
        flat.extend(_flat_outline(list(item.children), src, dest, depth + 1))
    return flat


def _nest(flat: list[tuple[int, OutlineItem]]) -> list[OutlineItem]:
    """Bookmarks in document order as a tree: each under the last one of a lower level."""
    roots: list[OutlineItem] = []
    open_items: list[tuple[int, OutlineItem]] = []
    for level, item in flat:
        while open_items and open_items[-1][0] >= level:
            open_items.pop()
        (open_items[-1][1].children if open_items else roots).append(item)
        open_items.append((level, item))
    return roots


def _levelled(flat: list[tuple[int, OutlineItem]],
              levels: list[int] | None) -> list[tuple[int, OutlineItem]]:
    """A part's bookmarks with their levels in the whole report (CSS bookmark-level), where
    known: a part that starts at an outcome (level 3) has it at the top of its own outline."""
    if levels is None or len(levels) != len(flat):
        return flat
    return [(level, item) for level, (_, item) in zip(levels, flat, strict=True)]


def _headed(flat: list[tuple[int, OutlineItem]], titles: list[str | None] | None, part: int,
            first_page: int) -> list[tuple[int, OutlineItem]]:
    """A part's bookmarks under a bookmark of its own (its title, at its first page)."""
    title = titles[part] if titles else None
    if title is None:
        return flat
    return [(1, OutlineItem(title, first_page)), *((level + 1, item) for level, item in flat)]


def _wide(page: pikepdf.Page) -> bool:
    """Whether a page is landscape: wider than it is tall."""
    return float(page.mediabox[2]) > float(page.mediabox[3])


#: How a page stamp is marked: a running header that is not part of the text (PDF/UA-1 7.8).
STAMP_ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Header>> BDC"


def _draw_under(pdf: pikepdf.Pdf, underlay: bytes) -> None:
    """Draw page n of ``underlay`` (the untagged stamp sheet) under page n of ``pdf`` (the same
    size), as a pagination artifact, so screen readers skip it and every mark on the page is
    either tagged or an artifact. The form is named by its page number: pikepdf's add_underlay
    names it at random, which would make every build differ, and a fixed name would collide
    where pages share their resources.
    """
    with pikepdf.open(io.BytesIO(underlay)) as sheet:
        for number, (page, under) in enumerate(zip(pdf.pages, sheet.pages, strict=True), 1):
            form = pdf.copy_foreign(sheet.make_indirect(under.as_form_xobject()))
            name = page.add_resource(form, Name.XObject, Name(f"/Stamp{number}"))
            drawn = STAMP_ARTIFACT + b" q " + bytes(name) + b" Do Q EMC\n"
            page.contents_add(pikepdf.Stream(pdf, drawn), prepend=True)


def join(parts: list[Path], out: Path,
         underlay: Callable[[list[bool]], bytes] | None = None,
         levels: list[list[int]] | None = None, titles: list[str | None] | None = None,
         ) -> None:
    """Write to ``out`` one PDF holding every part's pages, structure and bookmarks, in order,
    with the pages of ``underlay(landscape)`` (the page stamps for pages that are landscape
    where ``landscape`` is True), if given, drawn under them.

    ``levels`` are each part's bookmark levels in document order; with them the bookmarks nest
    across parts as in one document (an outcome under its plan's title in an earlier part),
    without them each part's outline is appended at the top level. ``titles`` (an agenda
    pack's items) give a part a bookmark of its own at its first page, its outline under it.

    Parts are files, not bytes, and each is closed as soon as its objects are copied: qpdf
    keeps what a copied stream needs to read its data from the file, and nothing else of the
    part, so only the joined document's objects are held at once (a thousand-page delivery
    plan joins in 340 MB, not the 630 MB that keeping every part open took; same bytes out).
    """
    base = pikepdf.open(parts[0])
    root = base.Root.StructTreeRoot
    document = _document_element(base)
    pairs = _nums(root.ParentTree)
    ids = _names(root.get("/IDTree"))
    next_key = max((k for k, _ in pairs), default=-1) + 1
    with base.open_outline() as outline:
        bookmarks = _headed(_levelled(_flat_outline(list(outline.root), base, base),
                                      levels[0] if levels else None), titles, 0, 0)
    for number, data in enumerate(parts[1:], start=1):
        src = pikepdf.open(data)
        src_doc = _document_element(src)
        for kid in src_doc.K:
            if isinstance(kid, Dictionary) and "/P" in kid:
                del kid["/P"]  # or copying a kid drags the part's whole tree along
        offset = next_key
        first_page = len(base.pages)
        base.pages.extend(src.pages)
        for page in base.pages[first_page:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        for kid in src_doc.K:
            copied = _copy(kid, src, base)
            if isinstance(copied, Dictionary):
                copied.P = document
            document.K.append(copied)
        src_pairs = _nums(src.Root.StructTreeRoot.ParentTree)
        pairs.extend((k + offset, _copy(v, src, base)) for k, v in src_pairs)
        next_key = offset + max((k for k, _ in src_pairs), default=-1) + 1
        ids.extend((k, _copy(v, src, base))
                   for k, v in _names(src.Root.StructTreeRoot.get("/IDTree")))
        with src.open_outline() as src_outline:
            bookmarks += _headed(_levelled(_flat_outline(list(src_outline.root), src, base),
                                           levels[number] if levels else None),
                                 titles, number, first_page)
        src.close()
    with base.open_outline() as outline:
        outline.root[:] = _nest(bookmarks)
    nums = Array()
    for key, value in sorted(pairs, key=lambda pair: pair[0]):
        nums.append(key)
        nums.append(value)
    root.ParentTree = base.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = next_key
    if ids:  # each part's IDs are prefixed with its number (pdftags), so none collide
        names = Array()
        for name, cell in sorted(ids, key=lambda pair: pair[0]):
            names.append(pikepdf.String(name))
            names.append(cell)
        root.IDTree = base.make_indirect(Dictionary(Names=names))
    if "/K" in root and not isinstance(root.K, Array):
        root.K = Array([root.K])
    root.Type = Name.StructTreeRoot
    if underlay is not None:
        _draw_under(base, underlay([_wide(page) for page in base.pages]))
    base.save(out, deterministic_id=True)
