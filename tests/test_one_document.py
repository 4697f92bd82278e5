"""The DOCX committee services edit is the same document as the PDF that is published.

The DOCX is read as a word processor sees it: LibreOffice Writer's rendering of it to PDF. Both
files must have the same pages: the same count, every section, appendix and delivery-plan
outcome starting on the same page, the same first line on every page; and look alike, page by
page, in a coarse picture of where the ink is (pdftoppm). A long delivery plan may differ by
a page overall and each outcome may start a page apart: where a row too tall to keep whole
runs on to the next page and only a line of it would fit at the foot of a page, LibreOffice
starts it there and the PDF on the next page; over an outcome of many pages that can add up to
a page.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from conftest import APRIL, INPUTS, JANUARY, JUNE, ROOT
from oracles import libreoffice_pdfs, page_texts
from reportgen import api, model

#: Activities in the generated long plans: several pages an outcome, and (200) outcomes of
#: more than one table (layout.PLAN_ROWS_PER_TABLE), with many rows that run on.
LONG_PLANS = (60, 200)
#: Mean difference (0-255) between the two renderings of a page, in a 6 x 8 grid of ink.
LOOKS_ALIKE = 6.0


def starts(report: model.Report) -> list[str]:
    """The lines that start each section, appendix and delivery-plan outcome."""
    found = [f"{s.number} {s.title}" if s.number else s.title for s in report.sections]
    for appendix in report.appendices:
        found.append(f"Appendix {appendix.number}")
        if isinstance(appendix.body, model.DeliveryPlan):
            found += [f"Outcome {o.number}: {o.title}" for o in appendix.body.outcomes]
    return found


def start_pages(pages: list[list[str]], lines: list[str]) -> dict[str, int | None]:
    def first(line: str) -> int | None:
        return next((n for n, page in enumerate(pages, 1)
                     if any(text.startswith(line) for text in page)), None)
    return {line: first(line) for line in lines}


@pytest.fixture(scope="module")
def long_plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth  # the benchmark's generator: the January report with a generated plan

    folders = {}
    for activities in LONG_PLANS:
        folder = tmp_path_factory.mktemp("long") / "inputs" / f"long-plan-{activities}"
        synth.make_report(folder, activities)
        folders[folder.name] = folder
    return folders


@pytest.fixture(scope="module")
def rendered(built: Callable[[str], api.Built], long_plans: dict[str, Path],
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Path]]:
    """Per report: its input folder, reportgen's PDF, and LibreOffice's PDF of its DOCX."""
    out = tmp_path_factory.mktemp("out")
    reports = {JUNE: (INPUTS / JUNE, built(JUNE)), JANUARY: (INPUTS / JANUARY, built(JANUARY)),
               APRIL: (INPUTS / APRIL, built(APRIL)),
               **{name: (folder, api.build(folder, out)) for name, folder in long_plans.items()}}
    lo = libreoffice_pdfs(tmp_path_factory.mktemp("lo"), *(b.docx for _, b in reports.values()))
    return {name: (folder, b.pdf, lo_pdf)
            for (name, (folder, b)), lo_pdf in zip(reports.items(), lo, strict=True)}


@pytest.mark.parametrize("name", [JUNE, JANUARY, APRIL])
def test_the_samples_have_the_same_pages(rendered: dict[str, tuple[Path, Path, Path]],
                                         name: str) -> None:
    """Same page count and the same first line on every page."""
    _, ours, lo = rendered[name]
    a, b = page_texts(ours), page_texts(lo)
    assert len(a) == len(b)
    firsts = [(n, x[0] if x else "", y[0] if y else "")
              for n, (x, y) in enumerate(zip(a, b, strict=True), 1)]
    assert [f for f in firsts if f[1] != f[2]] == []


@pytest.mark.parametrize("name", [JUNE, JANUARY, APRIL,
                                  *(f"long-plan-{n}" for n in LONG_PLANS)])
def test_every_part_starts_on_the_same_page(rendered: dict[str, tuple[Path, Path, Path]],
                                            name: str) -> None:
    folder, ours, lo = rendered[name]
    lines = starts(api.load(folder))
    a, b = page_texts(ours), page_texts(lo)
    long = name.startswith("long-plan")
    assert abs(len(a) - len(b)) <= (1 if long else 0)
    ours_starts, lo_starts = start_pages(a, lines), start_pages(b, lines)
    assert None not in ours_starts.values(), ours_starts
    if not long:
        assert ours_starts == lo_starts
    else:  # the sections and text appendix exactly; each outcome within a page
        assert {k: v for k, v in ours_starts.items() if not k.startswith("Outcome")} == \
            {k: v for k, v in lo_starts.items() if not k.startswith("Outcome")}
        drift = {k: (v, lo_starts[k]) for k, v in ours_starts.items()
                 if abs((v or 0) - (lo_starts[k] or 0)) > 1}
        assert drift == {}


def ink(png: Path) -> Image.Image:
    """A page as a coarse 6 x 8 grid of how much ink each part holds."""
    with Image.open(png) as page:
        return page.convert("L").resize((6, 8), Image.Resampling.BOX)


@pytest.mark.parametrize("name", [JUNE, JANUARY, APRIL])
def test_pages_look_alike(rendered: dict[str, tuple[Path, Path, Path]], name: str,
                          tmp_path: Path) -> None:
    """Where the ink is on each page: a change that moves one file away from the other (an
    indent, a font size, spacing, a picture's size) shows as a difference here.
    """
    _, ours, lo = rendered[name]
    for label, pdf in (("ours", ours), ("lo", lo)):
        subprocess.run(["pdftoppm", "-r", "20", "-gray", "-png", str(pdf),
                        str(tmp_path / label)], check=True)
    a, b = sorted(tmp_path.glob("ours*.png")), sorted(tmp_path.glob("lo*.png"))
    assert len(a) == len(b)
    differences = {n: round(ImageStat.Stat(ImageChops.difference(ink(x), ink(y))).mean[0], 1)
                   for n, (x, y) in enumerate(zip(a, b, strict=True), 1)}
    assert {n: d for n, d in differences.items() if d > LOOKS_ALIKE} == {}


def test_the_docx_names_reportgen_and_nothing_of_its_template(built) -> None:
    with zipfile.ZipFile(built(JUNE).docx) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode()
        core = package.read("docProps/core.xml").decode()
    assert not [n for n in names if "thumbnail" in n]
    assert re.search(r"<Application>reportgen \d", app) and "Microsoft" not in app
    assert "python-docx" not in core
    for expected in ("Update on Partnership Activity", "en-GB", "2013-06-20",
                     "made by reportgen"):
        assert expected in core


def test_an_outcomes_tables_start_their_pages_at_the_same_rows(make_report, tmp_path) -> None:
    """A long outcome is set in tables of ``layout.PLAN_ROWS_PER_TABLE`` rows, each after the
    first on a new page: in the PDF (each is laid out as a part of its own) and in the DOCX,
    as LibreOffice renders it. 60 one-line activities: three tables, 25 + 25 + 10 rows."""
    from conftest import plan_sheets, report_sheets
    from reportgen import layout

    sheets = report_sheets()
    sheets["Appendices"] = [("Key", "Title", "Kind", "Source"),
                            ("plan", "The Plan", "delivery plan", "plan.xlsx")]
    folder = make_report(sheets, extra={"plan.xlsx": plan_sheets(activities=60)})
    built = api.build(folder, tmp_path / "out")
    (lo,) = libreoffice_pdfs(tmp_path / "lo", built.docx)

    def page_of(pages: list[list[str]], row: int) -> int:
        return next(n for n, page in enumerate(pages, 1)
                    if any(re.search(rf"\bObjective {row}\b", line) for line in page))
    ours, theirs = page_texts(built.pdf), page_texts(lo)
    rows = layout.PLAN_ROWS_PER_TABLE
    for first in (rows, 2 * rows):
        assert page_of(ours, first) == page_of(ours, first - 1) + 1
        assert page_of(theirs, first) == page_of(theirs, first - 1) + 1, \
            f"the DOCX's table of activities from {first} does not start a new page"
        assert page_of(ours, first) == page_of(theirs, first)
