"""A contact block (Text style ``contact column``): two columns of lines side by side, as
Kent ends its reports with the report's author beside the relevant director; the same in the
PDF and in LibreOffice's rendering of the DOCX, and accessible in both."""

from __future__ import annotations

from pathlib import Path

import page
import pikepdf
import pytest

from conftest import TEXT, report_sheets
from oracles import libreoffice_pdfs, page_texts
from reportgen import api
from reportgen.check import check
from reportgen.errors import InputError

AUTHOR = "Report Author:\nNick Abrahams\nAssistant Director Education\n03000 410058"
DIRECTOR = "Relevant Director:\nChristine McInnes\nDirector of Education\n03000 418913"
#: Each pair of lines that must be printed side by side, left then right.
SIDE_BY_SIDE = [("Report Author:", "Relevant Director:"), ("Nick Abrahams", "Christine McInnes"),
                ("03000 410058", "03000 418913")]


def _text(*contacts: str) -> list[tuple[str, ...]]:
    return [*TEXT[:3], ("section", "Contact details"),
            *(("contact column", c) for c in contacts), *TEXT[3:]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from conftest import make_workbook

    root = tmp_path_factory.mktemp("contacts")
    folder = root / "inputs" / "contacts"
    make_workbook(folder / "report.xlsx", report_sheets(text=_text(AUTHOR, DIRECTOR)))
    made = api.build(folder, root / "out")
    return {"pdf": made.pdf, "docx": made.docx,
            "lo": libreoffice_pdfs(root / "lo", made.docx)[0]}


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_the_columns_are_side_by_side_in_both_files(built, which: str) -> None:
    lines = [line for page_lines in page_texts(built[which]) for line in page_lines]
    for left, right in SIDE_BY_SIDE:
        assert any(left in line and right in line and line.index(left) < line.index(right)
                   for line in lines), (left, right, [x for x in lines if left in x])


def test_the_same_pages_pdfua1_and_check(built) -> None:
    assert len(pikepdf.open(built["pdf"]).pages) == len(pikepdf.open(built["lo"]).pages)
    found = page.validate_pdf(built["pdf"], profile=page.ValidationProfile.PDF_UA_1)
    assert [(f.rule_id, f.message) for f in found.failures] == []
    assert [str(f) for f in check(built["pdf"]) + check(built["docx"])] == []


def test_a_screen_reader_reads_each_column_whole(built) -> None:
    """In the PDF's reading order (its structure tree, as pdftotext's raw order follows the
    content), the author's lines all come before the director's."""
    import subprocess

    raw = subprocess.run(["pdftotext", "-raw", str(built["pdf"]), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert raw.index("03000 410058") < raw.index("Relevant Director:")


def test_an_empty_contact_column_is_a_located_problem(make_report) -> None:
    folder = make_report(report_sheets(text=_text(AUTHOR, "")))
    with pytest.raises(InputError) as caught:
        api.load(folder)
    assert any("sheet Text" in str(p) and "contact column" in str(p)
               for p in caught.value.problems), [str(p) for p in caught.value.problems]
