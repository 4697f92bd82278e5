"""Every PDF reportgen writes is PDF/UA-1: the independent validator ``page`` (page-validation,
which passes the veraPDF corpus) finds no failed rule, and what it cannot judge is checked here:

- page stamps ("ITEM NO. 9.1") are pagination artifacts, never tagged content, whether WeasyPrint
  drew them (one part) or they were drawn under the pages of a report joined from parts;
- nothing is drawn outside marked content, and every marked content sequence belongs to an
  element of the structure tree (WeasyPrint's margin boxes made Spans that none held);
- header cells say what they head (/Scope), and their IDs resolve (/IDTree) and are unique
  across parts;
- list items are Lbl + LBody;
- the structure is in page order, and the bookmarks are the headings: same order, level, page.

The reports: both samples (January is laid out in parts and has pictures), and small ones made
here with tables: stamped in one part, unstamped, and a delivery plan in five parts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import page
import pikepdf
import pypdf
import pytest

from conftest import (
    APRIL,
    DETAILS,
    JANUARY,
    JUNE,
    make_workbook,
    plan_sheets,
    report_sheets,
)
from reportgen import api, layout

#: Operators that put marks on a page (text, paths, images and forms, shadings).
PAINTING = {b"Tj", b"TJ", b"'", b'"', b"Do", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S",
            b"s", b"sh", b"BI"}
HEADING_TAGS = {f"/H{n}" for n in range(1, 7)}


def build_small(folder: Path, kind: str) -> Path:
    """A small report of ``kind``: "tables" (one part, stamped), "unstamped" (no agenda item,
    so WeasyPrint's output as it is), "plan in parts" (a delivery plan laid out in 5 parts)."""
    sheets = report_sheets()
    extra = {}
    if kind == "unstamped":
        sheets = report_sheets({k: v for k, v in DETAILS.items() if k != "Agenda item"})
    elif kind == "plan in parts":
        sheets["Appendices"] = [("Key", "Title", "Kind", "Source"),
                                ("a", "Text appendix", "text", "A"),
                                ("plan", "The Plan", "delivery plan", "plan.xlsx"),
                                ("z", "After the plan", "text", "A")]
        sheets["A"] = [("Style", "Text", "Key"), ("heading", "A heading"), ("bullet", "A bullet"),
                       ("table with total", "Stages", "Stages")]
        extra["plan.xlsx"] = plan_sheets(activities=5)
    inputs = folder / "inputs" / kind.replace(" ", "-")
    make_workbook(inputs / "report.xlsx", sheets)
    for name, spec in extra.items():
        make_workbook(inputs / name, spec)
    return api.build(inputs, folder / "out").pdf


REPORTS = ["june", "january", "tables", "unstamped", "plan in parts", "april"]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory,
         built: Callable[[str], api.Built]) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdfua")
    found = {"june": built(JUNE).pdf, "january": built(JANUARY).pdf,
             # the summary, changes and key before the plan (issue 26)
             "april": built(APRIL).pdf}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout, "PLAN_ROWS_PER_TABLE", 2)
        for kind in REPORTS[2:5]:
            found[kind] = build_small(folder, kind)
    return found


def test_the_plan_is_really_in_parts(pdfs) -> None:
    assert len(pikepdf.open(pdfs["plan in parts"]).pages) >= 6


# -- the validator ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", REPORTS)
def test_no_pdfua1_rule_fails(pdfs, name: str) -> None:
    report = page.validate_pdf(pdfs[name], profile=page.ValidationProfile.PDF_UA_1)
    assert [(f.rule_id, f.message) for f in report.failures] == []
    assert report.is_compliant and report.rules.total > 100


# -- marked content -----------------------------------------------------------------------------
def marked_text(path: Path) -> Iterator[tuple[int, str, tuple[tuple[str, int | None], ...]]]:
    """(page, text, the marked content it is drawn in: (tag, MCID) outermost first), forms'
    content included."""
    reader = pypdf.PdfReader(path)
    for number, sheet in enumerate(reader.pages, start=1):
        stack: list[tuple[str, int | None]] = []
        found: list[tuple[int, str, tuple[tuple[str, int | None], ...]]] = []

        def before(op, args, cm, tm, stack=stack):  # type: ignore[no-untyped-def]
            if op in (b"BDC", b"BMC"):
                props = args[1] if len(args) > 1 else None
                stack.append((str(args[0]), props.get("/MCID") if isinstance(props, dict)
                              else None))
            elif op == b"EMC" and stack:
                stack.pop()

        def text(shown, cm, tm, font, size, found=found, stack=stack,  # type: ignore[no-untyped-def]
                 number=number):
            if shown.strip():
                found.append((number, shown, tuple(stack)))

        sheet.extract_text(visitor_operand_before=before, visitor_text=text)
        yield from found


@pytest.mark.parametrize("name", ["june", "january", "tables", "plan in parts"])
def test_stamps_are_pagination_artifacts(pdfs, name: str) -> None:
    stamps = [(number, stack) for number, shown, stack in marked_text(pdfs[name])
              if "ITEM NO." in shown]
    pages = len(pypdf.PdfReader(pdfs[name]).pages)
    assert [number for number, _ in stamps] == list(range(1, pages + 1))
    assert all(stack == (("/Artifact", None),) for _, stack in stamps), stamps[:3]
    with pikepdf.open(pdfs[name]) as pdf:
        for sheet in pdf.pages:
            first = pikepdf.parse_content_stream(sheet)[0]
            assert str(first.operator) == "BDC" and first.operands[0] == "/Artifact"
            assert first.operands[1] == pikepdf.Dictionary(Type=pikepdf.Name.Pagination,
                                                           Subtype=pikepdf.Name.Header)


def test_unstamped_report_has_no_stamp(pdfs) -> None:
    assert not [t for _, t, _ in marked_text(pdfs["unstamped"]) if "ITEM NO." in t]


def content_outside_marked_content(path: Path) -> list[tuple[int, bytes]]:
    """(page, operator) of every mark put on a page outside any marked content sequence."""
    found = []
    reader = pypdf.PdfReader(path)
    for number, sheet in enumerate(reader.pages, start=1):
        depth = [0]

        def before(op, args, cm, tm, depth=depth, number=number):  # type: ignore[no-untyped-def]
            if op in (b"BDC", b"BMC"):
                depth[0] += 1
            elif op == b"EMC":
                depth[0] -= 1
            elif op in PAINTING and depth[0] <= 0:
                found.append((number, op))

        sheet.extract_text(visitor_operand_before=before)
    return found


@pytest.mark.parametrize("name", REPORTS)
def test_nothing_is_drawn_outside_marked_content(pdfs, name: str) -> None:
    assert content_outside_marked_content(pdfs[name]) == []


def structure(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """The structure elements, in document (reading) order."""
    pending = list(reversed(kids(pdf.Root.StructTreeRoot)))
    while pending:
        element = pending.pop()
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            yield element
            pending.extend(reversed(kids(element)))


def kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    found = element.get("/K")
    if found is None:
        return []
    return list(found) if isinstance(found, pikepdf.Array) else [found]


@pytest.mark.parametrize("name", REPORTS)
def test_all_marked_content_belongs_to_the_structure_tree(pdfs, name: str) -> None:
    """Each page's MCIDs are those its ParentTree entry lists, each held by an element that is
    in the tree (WeasyPrint's margin-box Spans were in the ParentTree only)."""
    with pikepdf.open(pdfs[name]) as pdf:
        held = {e.objgen for e in structure(pdf)}
        parents = dict(pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).items())
        for number, sheet in enumerate(pdf.pages, start=1):
            mcids = [int(i.operands[1].MCID) for i in pikepdf.parse_content_stream(sheet)
                     if str(i.operator) == "BDC" and isinstance(i.operands[1], pikepdf.Dictionary)
                     and "/MCID" in i.operands[1]]
            owners = parents[int(sheet.obj.StructParents)]
            assert sorted(mcids) == list(range(len(owners))), f"page {number}"
            assert all(owner.objgen in held for owner in owners), f"page {number}"


# -- tables, lists, order, bookmarks ------------------------------------------------------------
def attribute(element: pikepdf.Dictionary, key: str) -> pikepdf.Object | None:
    owners = element.get("/A")
    for owner in (owners if isinstance(owners, pikepdf.Array) else [owners]):
        if isinstance(owner, pikepdf.Dictionary) and key in owner:
            return owner[key]
    return None


@pytest.mark.parametrize("name", REPORTS)
def test_header_cells_have_scope_and_resolvable_unique_ids(pdfs, name: str) -> None:
    with pikepdf.open(pdfs[name]) as pdf:
        elements = list(structure(pdf))
        rows = [e for e in elements if e.S == "/TR"]
        headers = [(cell, row) for row in rows for cell in kids(row) if cell.S == "/TH"]
        assert headers
        for cell, row in headers:
            in_data_row = any(other.S == "/TD" for other in kids(row))
            assert attribute(cell, "/Scope") == ("/Row" if in_data_row else "/Column")
        ids = [str(cell.ID) for cell, _ in headers]
        assert len(set(ids)) == len(ids)
        names = pdf.Root.StructTreeRoot.IDTree.Names
        tree = {str(names[i]): names[i + 1].objgen for i in range(0, len(names), 2)}
        for cell in (e for e in elements if e.S == "/TD"):
            for key in attribute(cell, "/Headers") or []:
                assert pdf.get_object(tree[str(key)]).S == "/TH"


def test_the_june_total_row_and_header_block_are_row_headers(pdfs) -> None:
    with pikepdf.open(pdfs["june"]) as pdf:
        scopes = [str(attribute(e, "/Scope")) for e in structure(pdf) if e.S == "/TH"]
    assert scopes == ["/Row"] * 6 + ["/Column"] * 2 + ["/Row"]  # header block, table, Total


@pytest.mark.parametrize("name", REPORTS)
def test_list_items_are_label_and_body(pdfs, name: str) -> None:
    with pikepdf.open(pdfs[name]) as pdf:
        items = [[str(k.S) for k in kids(e)] for e in structure(pdf) if e.S == "/LI"]
    assert items
    assert all(item in (["/Lbl", "/LBody"], ["/LBody"]) for item in items), items
    assert items.count(["/Lbl", "/LBody"]) >= len(items) - 2  # an item split by a page break


def page_of(element: pikepdf.Dictionary, pages: dict[tuple[int, int], int]) -> int:
    return pages[element.Pg.objgen]


@pytest.mark.parametrize("name", REPORTS)
def test_structure_is_in_page_order_and_bookmarks_are_the_headings(pdfs, name: str) -> None:
    with pikepdf.open(pdfs[name]) as pdf:
        pages = {sheet.obj.objgen: n for n, sheet in enumerate(pdf.pages, start=1)}
        elements = list(structure(pdf))
        on = [page_of(e, pages) for e in elements if "/Pg" in e]
        assert on == sorted(on)
        # report.css: h1 and h2 are bookmark level 1, h3 level 2, h4 level 3, h5 level 4
        headings = [(max(1, int(str(e.S)[2]) - 1), page_of(e, pages)) for e in elements
                    if e.S in HEADING_TAGS]
        bookmarks: list[tuple[int, int]] = []
        with pdf.open_outline() as outline:
            def walk(items: list[pikepdf.OutlineItem], level: int) -> None:
                for item in items:
                    bookmarks.append((level, pages[item.destination[0].objgen]))
                    walk(list(item.children), level + 1)
            walk(list(outline.root), 1)
    assert bookmarks == headings
    assert len(headings) > 5


def test_the_title_bookmark_has_spaces_between_its_lines(pdfs) -> None:
    with pikepdf.open(pdfs["june"]) as pdf, pdf.open_outline() as outline:
        assert str(outline.root[0].title) == "CABINET 20 JUNE 2013 UPDATE ON PARTNERSHIP ACTIVITY"
