"""The other councils' samples, each in its own house style: their words in both files (as
pdftotext and LibreOffice read them), one document in both (the same pages), PDF/UA-1 clean
and `reportgen check` clean; each council's header block, numbering and footer, and no trace
of Cannock's.
"""

from __future__ import annotations

import collections
import re
import subprocess
from pathlib import Path

import page
import pikepdf
import pytest
from test_word_numbering import libreoffice_pdfs

from conftest import INPUTS, SEEDS
from reportgen import api
from reportgen.check import check

KENT = "kent-cc-cabinet-2025-01-30-education-commissioning-plan"
BRISTOL = "bristol-cc-transport-committee-2024-09-12-workplace-parking-levy"
SAMPLES = {KENT: f"{KENT}.txt", BRISTOL: f"{BRISTOL}-key-decision.txt"}
RECALL = 0.97
#: Lines each sample's files show (whitespace collapsed), in both files.
LINES = {
    KENT: ["From: Rory Love, Cabinet Member for Education and Skills",
           "Sarah Hammond, Corporate Director of Children, Young",  # a line of its own
           "Electoral Division: All", "1. Introduction", "11. Contact details"],
    BRISTOL: ["PURPOSE: Final Decision Report", "DATE: 12 September 2024",
              "TITLE: Workplace Parking Levy", "Committee Report", "Challenges",
              "1 Increasing congestion", "4 Funding shortfall for sustainable transport projects",
              "a. Full council debate", "b. Golden Motion"],
}


def words(text: str) -> list[str]:
    """Words as ../shared/tools/seed_recall.py counts them."""
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-")
    return re.findall(r"[a-z0-9£%]+", text.lower())


def recall(seed: str, output: str) -> float:
    wanted, found = collections.Counter(words(seed)), collections.Counter(words(output))
    return sum((wanted & found).values()) / sum(wanted.values())


def pdftotext(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("councils")
    made = {name: api.build(INPUTS / name, out) for name in SAMPLES}
    rendered = libreoffice_pdfs(out / "lo", *(m.docx for m in made.values()))
    return {name: {"docx": m.docx, "pdf": m.pdf, "lo": lo}
            for (name, m), lo in zip(made.items(), rendered, strict=True)}


@pytest.mark.parametrize("which", ["pdf", "lo"])
@pytest.mark.parametrize("name", list(SAMPLES))
def test_the_words_of_the_report(built, name: str, which: str) -> None:
    seed = (SEEDS / SAMPLES[name]).read_text(encoding="utf-8")
    assert recall(seed, pdftotext(built[name][which], "-raw")) >= RECALL


@pytest.mark.parametrize("which", ["pdf", "lo"])
@pytest.mark.parametrize("name", list(SAMPLES))
def test_the_councils_header_and_numbering(built, name: str, which: str) -> None:
    lines = [" ".join(line.split())
             for line in pdftotext(built[name][which], "-layout").splitlines()]
    missing = [line for line in LINES[name] if line not in lines]
    assert not missing
    assert not any(w in " ".join(lines) for w in ("Report of:", "Portfolio Leader", "ITEM NO"))


def test_kents_paragraphs_are_numbered_by_word(built) -> None:
    lines = [" ".join(line.split())
             for line in pdftotext(built[KENT]["lo"], "-layout").splitlines()]
    assert any(line.startswith("2.2 The number of children") for line in lines)  # typed 2.3


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_bristols_footer_on_every_page(built, which: str) -> None:
    pages = pdftotext(built[BRISTOL][which], "-layout").split("\f")[:-1]
    for number, content in enumerate(pages, start=1):
        lines = [" ".join(line.split()) for line in content.splitlines() if line.strip()]
        assert lines[-3:] == [str(number), "Version January 2024", "OFFICIAL"], (number, lines)


@pytest.mark.parametrize("name", list(SAMPLES))
def test_one_document_in_both_files(built, name: str) -> None:
    pdf, lo = (len(pikepdf.open(built[name][k]).pages) for k in ("pdf", "lo"))
    assert pdf == lo


@pytest.mark.parametrize("name", list(SAMPLES))
def test_pdfua1_and_reportgen_check(built, name: str) -> None:
    found = page.validate_pdf(built[name]["pdf"], profile=page.ValidationProfile.PDF_UA_1)
    assert [(f.rule_id, f.message) for f in found.failures] == []
    assert [str(f) for f in check(built[name]["pdf"]) + check(built[name]["docx"])] == []


def _fonts(pdf: Path) -> set[str]:
    """The fonts a PDF draws its text in, as pdffonts names them (subset prefix removed)."""
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    return {line[:37].strip().split("+")[-1].replace(" ", "").replace("-", "")
            for line in listed if line.strip()}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_tables_are_measured_in_the_font_both_files_print(built, name: str) -> None:
    """Column widths come from the widths of the font the PDF prints (``measure``): for a
    Calibri style that is Carlito, Calibri's metric twin, which LibreOffice prints the DOCX in
    too; measuring in another font would size columns for glyphs that are never printed."""
    from reportgen import style

    look = style.for_report(api.load(INPUTS / name).details.house_style)
    assert not isinstance(look, str)
    family = look.look.measure_font.replace(" ", "")
    for printed in ("pdf", "lo"):
        assert any(font.startswith(family) for font in _fonts(built[name][printed])), printed
