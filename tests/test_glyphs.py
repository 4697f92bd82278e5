"""Text the fonts cannot show is never published as empty boxes: printed with a fallback font
that has it, or reported at its cell."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import TEXT, pdf_text, report_sheets
from reportgen import api
from reportgen.errors import InputError
from reportgen.inputs.glyphs import unprintable

NAMES = "Names: 张伟 and محمد; emoji 😀; maths ∑∫≈; Welsh ŵŷ; Greek αβγ"


def _report(make_report, line: str) -> Path:
    text = [("section", "Purpose of Report"), ("numbered paragraph", line), *TEXT[2:]]
    return make_report(report_sheets(text=text))


def test_names_in_other_scripts_are_printed_with_a_font_that_has_them(make_report,
                                                                      tmp_path) -> None:
    built = api.build(_report(make_report, NAMES), tmp_path / "out")
    text = pdf_text(built.pdf)
    for word in ("张伟", "😀", "∑∫≈", "ŵŷ", "αβγ"):
        assert word in text
    assert "محمد" in text or "محمد"[::-1] in text  # right to left, as pdftotext orders it
    fonts = subprocess.run(["pdffonts", str(built.pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "Droid-Sans-Fallback" in fonts  # the Chinese name's glyphs, not empty boxes


@pytest.mark.parametrize("char, name", [("\U00013000", "EGYPTIAN HIEROGLYPH A001"),
                                        ("\U0001F9EC", "DNA DOUBLE HELIX")])
def test_a_character_no_font_has_is_a_problem_at_its_cell(make_report, char: str,
                                                          name: str) -> None:
    folder = _report(make_report, f"A symbol {char} in the text.")
    with pytest.raises(InputError) as caught:
        api.load(folder)
    assert [str(p) for p in caught.value.problems] == [
        f"test-report/report.xlsx, sheet Text, cell B3: holds '{char}' (U+{ord(char):04X}, "
        f"{name}), which no font here can print: it would be published as an empty box; "
        "write it another way, or ask whoever runs reportgen to install a font that has it"]


def test_what_every_body_font_has_is_never_looked_up() -> None:
    assert unprintable("Café, naïve, £12,000 – ‘quoted’ … Łódź ŵŷ") == []
    assert unprintable(NAMES) == []


def test_check_finds_empty_boxes_in_a_libreoffice_pdf(tmp_path: Path) -> None:
    """``reportgen check`` on a PDF LibreOffice made (simple TrueType subsets, one byte a
    code) names the characters it drew as empty boxes, and nothing in one without any."""
    from docx import Document

    from oracles import libreoffice_pdfs
    from reportgen.check import check

    boxed, plain = tmp_path / "boxed.docx", tmp_path / "plain.docx"
    for path, line in ((boxed, "An officer wrote \U00013000 and \U0001F9EC here."),
                       (plain, "An officer wrote café, £5 and 10% here.")):
        doc = Document()
        doc.add_paragraph(line)
        doc.save(str(path))
    found = libreoffice_pdfs(tmp_path, boxed, plain)
    boxes = [str(f) for f in check(found[0]) if "empty boxes" in str(f)]
    assert len(boxes) == 2 and "(\U00013000)" in " ".join(boxes) and "(\U0001F9EC)" in \
        " ".join(boxes), boxes
    assert [str(f) for f in check(found[1]) if "empty boxes" in str(f)] == []
