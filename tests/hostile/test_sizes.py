"""Inputs built to exhaust time or memory: each is refused, or read, within the stated bounds.

Every case runs ``reportgen build`` in a child process, measured (see ``measure``): peak
resident memory must stay under PEAK_MB, and the run must finish within HANG_SECONDS. The
measured time and memory of each case are printed (``pytest -s``) against the five-second goal.
"""

from __future__ import annotations

import importlib.util
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import openpyxl
import pytest

from conftest import TEXT, pdf_text, report_sheets
from hostile.cases import CASES, LONGEST, NAME, good
from hostile.conftest import assert_unchanged, expect, problems
from hostile.forge import MAIN_NS, replace_sheet
from hostile.measure import GOAL_SECONDS, HANG_SECONDS, PEAK_MB, run_reportgen
from hostile.read import docx_text, squash
from reportgen import api, model

SIZE_CASES = ["xml_bomb_in_sheet", "xml_bomb_in_workbook_part", "zip_bomb",
              "zip_bomb_lying_about_size", "huge_styles_part", "many_zip_parts",
              "dimension_lies", "formatted_cell_at_row_100000", "formatted_rows_down_to_100000",
              "three_million_cells_in_text", "three_million_cells_in_a_table",
              "three_million_cells_in_an_unused_sheet", "one_row_of_three_million_cells",
              "longest_cell_excel_allows", "cell_longer_than_excel_allows",
              "inline_cell_longer_than_excel_allows"]


@pytest.mark.parametrize("name", SIZE_CASES)
def test_refused_or_read_within_bounds(name: str, folder: Path, out: Path,
                                       previous: dict[str, bytes]) -> None:
    case = CASES[name]
    case.make(folder)
    run = run_reportgen("build", str(folder), "-o", str(out))
    print(f"\n{name}: {run.seconds:.2f} s, {run.peak_mb:.0f} MB peak "
          f"(goal {GOAL_SECONDS} s, bound {PEAK_MB} MB)")
    assert "Traceback" not in run.stderr
    assert run.peak_mb <= PEAK_MB
    assert run.seconds < HANG_SECONDS
    if case.expect:
        assert run.exit_code == 2, run.stderr
        for fragment in case.expect:
            assert fragment in run.stderr, f"{fragment!r} not in {run.stderr}"
        assert_unchanged(out, previous)
    else:
        assert run.exit_code == 0, run.stderr
        assert (out / f"{NAME}.pdf").read_bytes() != b""


def good_texts() -> list[str]:
    return [str(row[1]) for row in TEXT if row[1]]


@pytest.mark.parametrize("name", ["dimension_lies", "formatted_cell_at_row_100000",
                                  "formatted_rows_down_to_100000",
                                  "three_million_cells_in_an_unused_sheet"])
def test_what_is_read_is_the_whole_report(name: str, folder: Path, make_report) -> None:
    report = expect(name, folder) if not CASES[name].heavy else _heavy(name, folder)
    assert isinstance(report, model.Report)
    plain = api.load(make_report(report_sheets()))
    assert _words(report) == _words(plain)


def _words(report: model.Report) -> list[str]:
    return [model.plain(text) for text in model.report_texts(report)] + [
        s.title for s in report.sections]


def _heavy(name: str, folder: Path) -> model.Report:
    CASES[name].make(folder)
    return api.load(folder)


def test_rows_after_a_long_gap_are_read_not_dropped(make_report) -> None:
    """Reading used to stop after 50 blank rows, silently losing what came after."""
    text = [*TEXT[:-1], *[("",)] * 120, TEXT[-1]]
    report = api.load(make_report(report_sheets(text=text)))
    assert model.plain(report.sections[-1].blocks[-1].text) == "None"


def test_longest_cell_excel_allows_prints_whole_in_both_files(folder: Path, tmp_path) -> None:
    expect("longest_cell_excel_allows", folder)
    built = api.build(folder, tmp_path / "out")
    assert LONGEST.strip() in docx_text(built.docx)
    assert squash(LONGEST) in squash(re.sub(r"ITEM NO\. 7\.\d+", "", pdf_text(built.pdf)))


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def test_reportgen_refuses_to_import_without_defusedxml(monkeypatch) -> None:
    """The guard in reportgen/inputs/workbook.py, run afresh on a copy of the module so the
    real one is left as it is.
    """
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    path = Path(api.__file__).parent / "inputs" / "workbook.py"
    spec = importlib.util.spec_from_file_location("reportgen.inputs._workbook_copy", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    with pytest.raises(ImportError, match="reportgen needs defusedxml"):
        spec.loader.exec_module(module)


def test_reportgen_will_not_start_when_defusedxml_is_turned_off() -> None:
    env = {**os.environ, "OPENPYXL_DEFUSEDXML": "False"}
    run = subprocess.run([sys.executable, "-c", "import reportgen.inputs.workbook"],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 1
    assert "ImportError: reportgen needs defusedxml" in run.stderr


def png_header(width: int, height: int) -> bytes:
    """The start of a PNG that claims to be ``width`` x ``height``: enough for any reader to
    plan the memory, none of the pixels.
    """
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + b"\0\0\0\0IEND\xaeB`\x82")


@pytest.mark.parametrize(("width", "height", "says"), [
    (8000, 6000, "'pic.png' is 8,000 x 6,000 pixels, more than an A4 page can show (at most "
                 "40 million; make it smaller)"),
    (50_000, 50_000, "'pic.png' has more pixels than an A4 page can show"),
])
def test_a_pixel_bomb_picture_is_refused(folder: Path, width: int, height: int,
                                         says: str) -> None:
    good(folder, report_sheets(text=[*TEXT, ("image", "A picture", "pic.png", "Alt")]))
    (folder / "pic.png").write_bytes(png_header(width, height))
    (found,) = problems(folder)
    assert found.startswith(f"{NAME}/report.xlsx, sheet Text, cell C22: {says}")


def test_a_truncated_picture_is_refused(folder: Path) -> None:
    good(folder, report_sheets(text=[*TEXT, ("image", "A picture", "pic.png", "Alt")]))
    (folder / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    (found,) = problems(folder)
    assert "'pic.png' is damaged (not a readable PNG picture)" in found


@pytest.mark.parametrize(("row", "cell", "says"), [
    ('r="5"', 'r="ZZZ5"', "cell reference 'ZZZ5' is not a cell Excel has"),
    ('r="5"', 'r="5A"', "cell reference '5A' is not a cell Excel has"),
    ('r="0"', 'r="A1"', "row number 0 is outside Excel's rows"),
    ('r="2000000"', 'r="A1"', "row number 2000000 is outside Excel's rows"),
    ('r="abc"', 'r="A1"', "row number 'abc' is not a number"),
    ('r="1e999"', 'r="A1"', "row number '1e999' is not a number"),
])
def test_impossible_rows_and_cells_are_refused(folder: Path, row: str, cell: str,
                                               says: str) -> None:
    path = good(folder)
    xml = (f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
           f'<t>Style</t></is></c></row><row {row}><c {cell}><v>1</v></c></row></sheetData>'
           "</worksheet>")
    replace_sheet(path, "Text", xml.encode())
    assert problems(folder) == [f"{NAME}/report.xlsx, sheet Text: cannot be read: {says}; "
                                "save the workbook again from Excel"]
