"""Agenda packs, held to the real files: the sample meeting (Cabinet, 17 January 2013) read
back with pdftotext, pikepdf and the PDF/UA-1 validator ``page``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import page
import pikepdf
import pytest
from click.testing import CliRunner

from conftest import INPUTS, JANUARY
from reportgen import pack
from reportgen.cli import main
from reportgen.errors import InputError

AGENDA = "cabinet-2013-01-17-agenda"
FEES = "cabinet-2013-01-17-leisure-fees"
LEASE = "cabinet-2013-01-17-depot-lease"
#: Words only the exempt report holds.
SECRET = ("Avon Road depot", "£18,500 a year")


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def stamps(pdf: Path) -> list[str | None]:
    """Each page's ITEM NO. stamp (item.page), or None."""
    found = []
    for text in page_texts(pdf):
        match = re.search(r"ITEM NO\. (\d+(?:\.\d+)?)\.(\d+)", text)
        found.append(f"{match.group(1)}.{match.group(2)}" if match else None)
    return found


def listed_pages(pdf: Path) -> dict[str, str]:
    """The front sheet's agenda: item number -> the page it lists ("no paper" or a number)."""
    front = page_texts(pdf)[0]
    return {m.group(1): m.group(2) for m in re.finditer(
        r"^\s*(\d+)\s+\S.*?\s{2,}(no paper|\d+)\s*$", front, re.M)}


@pytest.fixture(scope="module")
def meeting(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pack.Pack]:
    """A copy of the sample inputs and the pack built from them."""
    root = tmp_path_factory.mktemp("meeting")
    inputs = root / "inputs"
    for name in (AGENDA, JANUARY, FEES, LEASE):
        shutil.copytree(INPUTS / name, inputs / name)
    return inputs, pack.build_pack(inputs / AGENDA, root / "out")


def test_the_front_sheet_lists_the_page_each_item_starts_on(meeting) -> None:
    _, built = meeting
    listed = listed_pages(built.public)
    assert listed["1"] == listed["2"] == "no paper"
    first = {}
    for number, stamp in enumerate(stamps(built.public), start=1):
        if stamp and stamp.endswith(".1") and stamp.rsplit(".", 1)[0] not in first:
            first[stamp.rsplit(".", 1)[0]] = number
    assert {k: int(v) for k, v in listed.items() if v != "no paper"} == first
    assert set(first) == {"3", "17", "18", "19"}


def test_stamps_run_on_within_each_item(meeting) -> None:
    _, built = meeting
    found = stamps(built.public)
    assert found[0] is None  # the front sheet
    for previous, current in zip(found[1:], found[2:], strict=False):
        item, number = current.rsplit(".", 1)  # type: ignore[union-attr]
        before_item, before = previous.rsplit(".", 1)  # type: ignore[union-attr]
        assert int(number) == (int(before) + 1 if item == before_item else 1)
    january = [s for s in found if s and s.startswith("17.")]
    assert january[:3] == ["17.1", "17.2", "17.3"] and len(january) >= 20


def test_exempt_items_are_withheld_from_the_public_pack_only(meeting) -> None:
    _, built = meeting
    public = " ".join(" ".join(t.split()) for t in page_texts(built.public))
    assert not [words for words in SECRET if words in public]
    assert "exempt under paragraph 3 of Part 1 of Schedule 12A" in public
    assert built.confidential is not None
    confidential = page_texts(built.confidential)
    whole = " ".join(" ".join(t.split()) for t in confidential)
    assert all(words in whole for words in SECRET)
    assert all("CONFIDENTIAL: NOT FOR PUBLICATION" in text for text in confidential)


def test_bookmarks_for_every_item_with_its_report_under_it(meeting) -> None:
    _, built = meeting
    with pikepdf.open(built.public) as pdf, pdf.open_outline() as outline:
        top = [str(item.title) for item in outline.root]
        assert top == ["Summons and agenda",
                       "Item 3: Minutes of the meeting of 20 December 2012",
                       "Item 17: Update on Partnership Activity",
                       "Item 18: Leisure Centre Fees and Charges 2013/14",
                       "Item 19: Lease of Land at Avon Road Depot"]
        january = next(item for item in outline.root if str(item.title).startswith("Item 17"))
        under = [str(child.title) for child in january.children]
        assert any("Purpose of Report" in title for title in under)
        assert pdf.Root.Lang == "en-GB"
        assert "agenda pack" in str(pdf.docinfo.get("/Title", ""))


@pytest.mark.parametrize("which", ["public", "confidential"])
def test_the_packs_pass_pdfua1(meeting, which: str) -> None:
    _, built = meeting
    path = built.public if which == "public" else built.confidential
    report = page.validate_pdf(path, profile=page.ValidationProfile.PDF_UA_1)
    assert [(f.rule_id, f.message) for f in report.failures] == []


def test_committee_services_get_each_report_with_the_agenda_number(meeting) -> None:
    _, built = meeting
    names = sorted(p.name for p in built.documents)
    assert names == sorted(f"{n}.docx" for n in (JANUARY, FEES, LEASE))
    import docx

    fees = docx.Document(str(next(p for p in built.documents if p.name == f"{FEES}.docx")))
    header = fees.sections[0].header.paragraphs[0].text
    assert header.startswith("ITEM NO. 18.")


def test_a_changed_item_is_the_only_one_laid_out_again(meeting) -> None:
    inputs, built = meeting
    again = pack.build_pack(inputs / AGENDA, built.public.parent)
    assert again.laid_out == []
    workbook = inputs / FEES / "report.xlsx"
    book = openpyxl.load_workbook(workbook)
    title = next(r for r in book["Details"].iter_rows() if r[0].value == "Report track")
    title[1].value = "Cabinet: 17/01/13 (revised)"
    book.save(workbook)
    assert pack.build_pack(inputs / AGENDA, built.public.parent).laid_out == ["18"]


def _agenda_with(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    inputs = tmp_path / "inputs"
    for name in (AGENDA, FEES):
        shutil.copytree(INPUTS / name, inputs / name)
    book = openpyxl.load_workbook(inputs / AGENDA / "agenda.xlsx")
    items = book["Items"]
    for row in list(items.iter_rows(min_row=2)):
        if row[2].value not in (None, FEES) or row[3].value:
            items.delete_rows(row[0].row)
    change(book, inputs)
    book.save(inputs / AGENDA / "agenda.xlsx")
    return inputs / AGENDA


def _only_problem(folder: Path) -> str:
    """The one problem reading the agenda folder finds."""
    with pytest.raises(InputError) as caught:
        pack.load(folder)
    (found,) = [str(p) for p in caught.value.problems]
    return found


def test_a_report_numbered_differently_is_an_error_naming_both_cells(tmp_path: Path) -> None:
    def renumber(book, inputs) -> None:  # type: ignore[no-untyped-def]
        for row in book["Items"].iter_rows(min_row=2):
            if row[2].value == FEES:
                row[0].value = 8
    found = _only_problem(_agenda_with(tmp_path, renumber))
    assert found.startswith(f"{AGENDA}/agenda.xlsx, sheet Items, cell A")
    assert f"whose own Agenda item is 18 ({FEES}/report.xlsx, sheet Details, cell B6)" in found


@pytest.mark.parametrize("paper", ["untagged", "encrypted", "damaged"])
def test_a_supplied_paper_that_cannot_go_in_a_pack_is_named(tmp_path: Path, paper: str) -> None:
    def supply(book, inputs) -> None:  # type: ignore[no-untyped-def]
        path = inputs / AGENDA / "paper.pdf"
        source = inputs / AGENDA / "minutes-2012-12-20.pdf"
        if paper == "damaged":
            path.write_bytes(source.read_bytes()[:2000])
        else:
            with pikepdf.open(source) as pdf:
                if paper == "untagged":
                    del pdf.Root["/StructTreeRoot"]
                    del pdf.Root["/MarkInfo"]
                    pdf.save(path)
                else:
                    pdf.save(path, encryption=pikepdf.Encryption(owner="o", user="u"))
        book["Items"].append((4, "A supplied paper", None, "paper.pdf", None))
    folder = _agenda_with(tmp_path, supply)
    result = CliRunner().invoke(main, ["pack", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    expected = {"untagged": "is not a tagged PDF", "encrypted": "is protected with a password",
                "damaged": "is damaged"}[paper]
    assert f"sheet Items, cell A5: paper 'paper.pdf' {expected}" in result.output
    assert "Traceback" not in result.output


def test_a_report_named_by_two_items_is_an_error(tmp_path: Path) -> None:
    def twice(book, inputs) -> None:  # type: ignore[no-untyped-def]
        book["Items"].append((19, "The same report again", FEES, None, None))
    found = _only_problem(_agenda_with(tmp_path, twice))
    assert found.startswith(f"{AGENDA}/agenda.xlsx, sheet Items, cell C")
    assert f"report '{FEES}' is also item 18's paper" in found


def test_a_pack_takes_its_reports_pages_from_the_layout_cache_their_build_filled(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`make report` builds each report, then packs the meeting: the pack lays out none of a
    report's pages again, and its file is as the report's own (tags included) in a pack."""
    from reportgen import api
    from reportgen.build import cache

    monkeypatch.setenv("REPORTGEN_CACHE", str(tmp_path / "cache"))
    folder = _agenda_with(tmp_path, lambda book, inputs: None)
    put: list[str] = []
    got: list[str] = []
    real_put, real_get = cache.put, cache.get

    def putting(name: str, data: bytes, levels: list[int], kind: str = "part") -> None:
        put.append(name)
        real_put(name, data, levels, kind)

    def getting(name: str) -> tuple[bytes, list[int]] | None:
        found = real_get(name)
        if found is not None:
            got.append(name)
        return found
    monkeypatch.setattr(cache, "put", putting)
    monkeypatch.setattr(cache, "get", getting)
    monkeypatch.setattr("reportgen.build.parts.cores", lambda: 1)  # counted in this process
    api.build(folder.parent / FEES, tmp_path / "out")
    report_parts = list(put)
    assert report_parts
    put.clear()
    built = pack.build_pack(folder, tmp_path / "out")
    assert set(report_parts) <= set(got), "the report's parts were laid out again for the pack"
    assert not set(report_parts) & set(put)
    report = page.validate_pdf(built.public, profile=page.ValidationProfile.PDF_UA_1)
    assert [(f.rule_id, f.message) for f in report.failures] == []


def test_a_packs_docx_committee_services_edited_is_kept(tmp_path: Path) -> None:
    """The pack's reports for committee services are someone's work once edited."""
    from docx import Document

    agenda = _agenda_with(tmp_path, lambda book, inputs: None)
    out = tmp_path / "out"
    first = pack.build_pack(agenda, out)
    (document,) = first.documents
    edited = Document(str(document))
    edited.add_paragraph("Corrected by committee services.")
    edited.save(str(document))
    changed = document.read_bytes()
    again = pack.build_pack(agenda, out)
    assert [p.read_bytes() for p in again.kept] == [changed]
    assert again.kept[0].name.startswith(f"{FEES}.edited-")
    assert document.read_bytes() != changed
    assert any("kept; the file had been changed since reportgen wrote it" in n
               for n in again.notes)


def test_a_report_in_a_house_style_is_packed_in_that_style(tmp_path: Path) -> None:
    """A report whose Details name a house style is in the pack as its own build prints it
    (here with the style's footer line on each of its pages), not in the built-in style."""
    from reportgen.style import WORKBOOK, starter

    def styled(book, inputs) -> None:  # type: ignore[no-untyped-def]
        folder = inputs / "house-styles" / "plain"
        starter.write(folder)
        wb = openpyxl.load_workbook(folder / WORKBOOK)
        for row in wb["Layout"].iter_rows(min_row=2):
            if row[0].value == "Footer lines":
                row[1].value = "PUBLIC – Page {page}"
        wb.save(folder / WORKBOOK)
        report = openpyxl.load_workbook(inputs / FEES / "report.xlsx")
        report["Details"].append(["House style", "../house-styles/plain"])
        report.save(inputs / FEES / "report.xlsx")

    folder = _agenda_with(tmp_path, styled)
    built = pack.build_pack(folder, tmp_path / "out")
    texts = page_texts(built.public)
    own = [n for n, text in enumerate(texts, start=1) if "ITEM NO. 18." in text]
    assert own
    for number, text in enumerate(texts, start=1):
        assert ("PUBLIC – Page" in text) == (number in own), number
