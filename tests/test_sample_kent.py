"""The Kent sample, in Kent's house style: its words in both files (as pdftotext and
LibreOffice read them), one document in both (the same pages), PDF/UA-1 clean and
`reportgen check` clean; Kent's header block, numbering and no trace of Cannock's.
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
from reportgen import api
from reportgen.check import check
from test_word_numbering import libreoffice_pdfs

KENT = "kent-cc-cabinet-2025-01-30-education-commissioning-plan"
SEED = SEEDS / f"{KENT}.txt"
RECALL = 0.97


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
def kent(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("kent")
    built = api.build(INPUTS / KENT, out)
    return {"docx": built.docx, "pdf": built.pdf,
            "lo": libreoffice_pdfs(out / "lo", built.docx)[0]}


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_the_words_of_the_kent_report(kent, which: str) -> None:
    assert recall(SEED.read_text(encoding="utf-8"), pdftotext(kent[which], "-raw")) >= RECALL


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_kents_header_and_numbering(kent, which: str) -> None:
    lines = [" ".join(line.split()) for line in pdftotext(kent[which], "-layout").splitlines()]
    assert "From: Rory Love, Cabinet Member for Education and Skills" in lines
    assert "Sarah Hammond, Corporate Director of Children, Young" in lines  # a line of its own
    assert "Electoral Division: All" in lines
    assert "1. Introduction" in lines and "11. Contact details" in lines
    assert any(line.startswith("2.2 The number of children") for line in lines)  # typed 2.3
    assert not any(w in " ".join(lines) for w in ("Report of:", "Portfolio Leader", "ITEM NO"))


def test_one_document_in_both_files(kent) -> None:
    assert len(pikepdf.open(kent["pdf"]).pages) == len(pikepdf.open(kent["lo"]).pages) == 6


def test_pdfua1_and_reportgen_check(kent) -> None:
    found = page.validate_pdf(kent["pdf"], profile=page.ValidationProfile.PDF_UA_1)
    assert [(f.rule_id, f.message) for f in found.failures] == []
    assert [str(f) for f in check(kent["pdf"]) + check(kent["docx"])] == []
