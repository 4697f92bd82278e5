"""The other councils' samples (two of Kent's, two of Bristol's in two revisions of its
template), each in its own house style: their words in both files (as pdftotext and
LibreOffice read them), one document in both (the same pages), PDF/UA-1 clean and `reportgen
check` clean; each council's header block, numbering, boxes, lettered recommendations,
appendices and footer, and no trace of Cannock's. Each sample is built once for the session.
"""

from __future__ import annotations

import collections
import re
import subprocess
from pathlib import Path

import page
import pikepdf
import pytest

from conftest import INPUTS, SEEDS
from oracles import libreoffice_pdfs
from reportgen import api
from reportgen.check import check

KENT = "kent-cc-cabinet-2025-01-30-education-commissioning-plan"
KENT_TRANSFER = "kent-cc-cabinet-2025-01-30-18-25-service-transfer"
BRISTOL = "bristol-cc-transport-committee-2024-09-12-workplace-parking-levy"
BRISTOL_2025 = "bristol-cc-transport-committee-2025-05-15-workplace-parking-levy-update"
SAMPLES = {KENT: f"{KENT}.txt", KENT_TRANSFER: f"{KENT_TRANSFER}-key-decision.txt",
           BRISTOL: f"{BRISTOL}-key-decision.txt", BRISTOL_2025: f"{BRISTOL_2025}.txt"}
RECALL = 0.97
#: The starts of lines each sample's files show (whitespace collapsed), in both files: the
#: header block, section and paragraph numbers, lettered recommendations, the appendices.
LINES: dict[str, list[str | re.Pattern[str]]] = {
    KENT: ["From: Rory Love, Cabinet Member for Education and Skills",
           "Sarah Hammond, Corporate Director of Children, Young",  # a line of its own
           "Electoral Division: All", "1. Introduction", "11. Contact details"],
    KENT_TRANSFER: [
        "From: Sue Chandler, Cabinet Member for Integrated Children’s",
        "Dan Watkins, Cabinet Member for Adult Social Care and", "Decision no: 24/00109",
        "Key decision: Yes - It affects more than 2 Electoral Divisions",
        "Is the decision eligible Yes", "Summary", "Recommendation(s):",
        "A. Agree to TRANSFER the statutory functions", "B. DELEGATE authority to the",
        "1. Introduction", "1.1 Transitions is the process", "1.9 Staff moving between",
        "2.3 Transition Gap:", "10.3 Under the current arrangements", "12. Appendices",
        "• Appendix A – Proposed Record Of Decision", "• Appendix C – DPIA Screening Tool",
        "13. Contact details"],
    BRISTOL: ["PURPOSE: Final Decision Report", "DATE: 12 September 2024",
              "TITLE: Workplace Parking Levy", "Committee Report", "Challenges",
              "1 Increasing congestion", "4 Funding shortfall for sustainable transport projects",
              "a. Full council debate", "b. Golden Motion"],
    BRISTOL_2025: [
        re.compile(r"KEY DECISION OR (FOR )?For Information"),  # as the label wraps
        "DATE: 15 May 2025",
        "TITLE: Workplace Parking Levy Update", "Ward(s): Citywide", "Committee Report",
        "Evidence Base", "1 In September 2024, the Transport",
        "16 Work on the Supporting Studies", "1. Supporting studies and information (April",
        "5. WPL package and final OBC", "a) Up to date, robust quantitative",
        "c) Engage businesses", "Corporate Strategy alignment", "7 Effective development",
        "a) Full council debate", "c) Budget amendment", "4 HR Advice:",
        "Appendix A – Further essential background", "Appendix B – Equality Impact "
        "Assessment (EqIA) YES", "Appendix H – Business case / financial analysis NO"],
}
#: Each sample's boxed paragraphs (Word's Boxed Text style), by their first words.
BOXED = {KENT: ["This report provides the Cabinet", "Recommendation(s):",
               "Cabinet is asked to agree"],
         KENT_TRANSFER: ["Transitions involve facilitating", "The Director of Adult Social",
                         "The Director of Children's", "Under the current arrangements",
                         "To address this", "Recommendation(s):", "Recommendation(s):"],
         BRISTOL: [], BRISTOL_2025: []}
#: The footer lines at the foot of every page of both files, given the page's number.
FOOTERS = {BRISTOL: lambda number: [str(number), "Version January 2024", "OFFICIAL"],
           BRISTOL_2025: lambda number: ["Template approved March 25", "OFFICIAL"]}


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


@pytest.fixture(scope="session")
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
    missing = [start for start in LINES[name]
               if not any(start.match(line) if isinstance(start, re.Pattern)
                          else line.startswith(start) for line in lines)]
    assert not missing
    assert not any(w in " ".join(lines) for w in ("Report of:", "Portfolio Leader", "ITEM NO"))


def test_kents_paragraphs_are_numbered_by_word(built) -> None:
    lines = [" ".join(line.split())
             for line in pdftotext(built[KENT]["lo"], "-layout").splitlines()]
    assert any(line.startswith("2.2 The number of children") for line in lines)  # typed 2.3


@pytest.mark.parametrize("which", ["pdf", "lo"])
@pytest.mark.parametrize("name", list(FOOTERS))
def test_bristols_footer_on_every_page(built, name: str, which: str) -> None:
    """Each revision of Bristol's template prints its own footer, on every page."""
    pages = pdftotext(built[name][which], "-layout").split("\f")[:-1]
    assert len(pages) >= 2
    for number, content in enumerate(pages, start=1):
        lines = [" ".join(line.split()) for line in content.splitlines() if line.strip()]
        footer = FOOTERS[name](number)
        assert lines[-len(footer):] == footer, (number, lines)


@pytest.mark.parametrize("name", list(SAMPLES))
def test_the_boxed_paragraphs(built, name: str) -> None:
    """The Summary and Recommendation(s) in Word's Boxed Text style (one ruled box), their
    words in the PDF too."""
    from docx import Document

    boxed = [p.text for p in Document(str(built[name]["docx"])).paragraphs
             if p.style is not None and p.style.name == "Boxed Text"]
    assert len(boxed) == len(BOXED[name])
    assert all(text.startswith(start) for text, start in zip(boxed, BOXED[name], strict=True))
    pdf = " ".join(pdftotext(built[name]["pdf"], "-raw").split())
    assert all(" ".join(text.split()) in pdf for text in boxed)


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


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_lines_ending_at_a_line_break_are_not_stretched(built, which: str) -> None:
    """Kent's text is justified; a contact's name above its job title (Alt+Enter) keeps its
    word spacing in Word, as in the PDF, instead of being stretched across the column."""
    lines = pdftotext(built[KENT_TRANSFER][which], "-layout").splitlines()
    assert any("Sharon Howard" in line for line in lines)
    assert any("Alyson Wagget" in line for line in lines)


@pytest.mark.parametrize("which", ["pdf", "lo"])
@pytest.mark.parametrize("name", [BRISTOL, BRISTOL_2025])
def test_bristols_title_is_above_its_header_block(built, name: str, which: str) -> None:
    """Bristol's style prints its title line ("Committee Report") above the header block
    (Layout, Title lines placed), in both files."""
    lines = [" ".join(line.split()) for line in
             pdftotext(built[name][which], "-layout", "-f", "1", "-l", "1").splitlines()]
    title = next(i for i, line in enumerate(lines) if line.startswith("Committee Report"))
    header = next(i for i, line in enumerate(lines) if line.startswith(("PURPOSE", "KEY")))
    assert title < header, lines[:12]
