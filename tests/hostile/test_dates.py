"""Meeting dates a zip file cannot carry: a report of 1975 (typed up for the archive) builds,
its zip entries dated as near its date as a zip allows and its document properties keeping its
real date; a year Excel cannot hold is a typing slip, reported at its cell.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pikepdf
import pytest

from conftest import DETAILS, report_sheets
from hostile.cases import WORKBOOK, good
from hostile.conftest import expect, problems
from reportgen import api

#: Builds here are incidental to what is tested: parts laid out before in the run are reused.
pytestmark = pytest.mark.usefixtures("shared_layout_cache")

DATE_CASES = ["meeting_in_1975", "meeting_year_mistyped"]


@pytest.mark.parametrize("name", DATE_CASES)
def test_each_date_case_reads_or_is_located(name: str, folder: Path) -> None:
    expect(name, folder)


# -- dates a zip cannot carry -----------------------------------------------------------------
#: Zip entries carry MS-DOS dates, 1980 to 2107; Excel's dates run from 1900 to 9999.
MEETINGS = [dt.date(1900, 1, 1), dt.date(1975, 3, 6), dt.date(1979, 12, 31),
            dt.date(1980, 1, 1), dt.date(2013, 6, 20), dt.date(2107, 12, 31),
            dt.date(2108, 1, 1), dt.date(2200, 6, 1), dt.date(9999, 12, 31)]


@pytest.mark.parametrize("typed", [False, True], ids=["date cell", "typed as text"])
@pytest.mark.parametrize("meeting", MEETINGS, ids=str)
def test_any_meeting_date_excel_holds_builds_with_its_real_date(folder: Path, tmp_path: Path,
                                                                meeting: dt.date,
                                                                typed: bool) -> None:
    value = f"{meeting:%d/%m/%Y}" if typed else meeting
    good(folder, report_sheets(details=dict(DETAILS, **{"Meeting date": value})))
    built = api.build(folder, tmp_path / "out")
    with zipfile.ZipFile(built.docx) as zf:
        core = zf.read("docProps/core.xml").decode()
        stamps = {info.date_time for info in zf.infolist()}
    assert f">{meeting:%Y-%m-%d}T09:00:00Z</dcterms:created>" in core
    assert f">{meeting:%Y-%m-%d}T09:00:00Z</dcterms:modified>" in core
    nearest = min(max(dt.datetime.combine(meeting, dt.time(9)), dt.datetime(1980, 1, 1)),
                  dt.datetime(2107, 12, 31, 23, 59, 58))
    assert stamps == {nearest.timetuple()[:6]}
    with pikepdf.open(built.pdf) as pdf:
        assert len(pdf.pages) >= 1
    again = api.build(folder, tmp_path / "again")
    assert again.docx.read_bytes() == built.docx.read_bytes()


@pytest.mark.parametrize("typed", ["20/06/0213", "01/01/0100", "31/12/1899", "20-06-0013"])
def test_a_meeting_year_before_excel_is_a_located_slip(folder: Path, typed: str) -> None:
    good(folder, report_sheets(details=dict(DETAILS, **{"Meeting date": typed})))
    (found,) = problems(folder)
    assert found.startswith(f"{WORKBOOK}, sheet Details, cell B4: meeting date '{typed}' is in "
                            "the year ")
    assert "before 1900" in found
