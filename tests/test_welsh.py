"""A report whose Details say cy-GB is printed with the built-in style's Welsh words: its header
block, title date, page stamp, appendix titles and delivery-plan headings and columns, in
both files, held to pdftotext of the PDF and LibreOffice's rendering of the DOCX; a report
written in Welsh then prints no English word at all; and the PDFs pass the PDF/UA-1
validator with /Lang cy-GB.

A house style's own words (sheet Words) and page stamp (Layout) are printed in their place,
and a mistyped label or placeholder is named at its cell.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import page
import pikepdf
import pytest

from conftest import make_workbook
from oracles import libreoffice_pdfs
from reportgen import api, pack, style, wording
from reportgen.model import ACTIVITY_COLUMNS
from reportgen.style import starter

#: Builds here are incidental to what is tested: parts laid out before in the run are reused.
pytestmark = pytest.mark.usefixtures("shared_layout_cache")

ROOT = Path(__file__).resolve().parent.parent
JANUARY = "cabinet-2013-01-17-partnership-update"

#: The Welsh a cy-GB build of January's report must print (its stamp, header block, title
#: date, appendix titles and plan headings and columns).
WELSH = ["EITEM RHIF 17.1", "EITEM RHIF 17.2", "Adroddiad gan:", "Swyddog Cyswllt:",
         "Rhif Ffôn:", "Arweinydd Portffolio:", "Penderfyniad Allweddol:",
         "Llwybr yr Adroddiad:", "17 IONAWR 2013", "Atodiad 1", "Atodiad 2", "Canlyniad 1:",
         "Llinell(au) sylfaen", "Targed(au)", "Sut y byddwn yn cyflawni'r targedau hyn?",
         "Gweithgaredd", "Swyddog(ion)", "Arweiniol", "Amserlen", "cherrig", "milltir",
         "Adnoddau", "Dynol", "gynaliadwy?"]


def set_details(book: Path, **values: str) -> None:
    """Set Details fields of a report workbook, as an officer would in Excel."""
    wb = openpyxl.load_workbook(book)
    ws = wb["Details"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values.pop(str(row[0].value))
    for field, value in values.items():
        ws.append([field, value])
    wb.save(book)


def welsh_copy(root: Path, name: str = JANUARY, **details: str) -> Path:
    """A copy of a sample report (and the house styles beside it) with Language cy-GB."""
    inputs = root / "inputs"
    shutil.copytree(ROOT / "inputs" / "house-styles", inputs / "house-styles")
    folder = inputs / name
    shutil.copytree(ROOT / "inputs" / name, folder)
    set_details(folder / "report.xlsx", Language="cy-GB", **details)
    return folder


def words(pdf: Path) -> str:
    """The text of a PDF, each run of spaces one space (columns of a table side by side)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def files(folder: Path, root: Path) -> dict[str, Path]:
    """A report's PDF and DOCX built under ``root``, and LibreOffice's rendering of the DOCX."""
    made = api.build(folder, root / "out")
    return {"pdf": made.pdf, "docx": made.docx,
            "lo": libreoffice_pdfs(root / "lo", made.docx)[0]}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("welsh")
    return files(welsh_copy(root), root)


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_the_welsh_words_are_printed(built: dict[str, Path], which: str) -> None:
    text = words(built[which])
    missing = [w for w in WELSH if w not in text]
    assert missing == []


def test_the_welsh_pdf_is_pdf_ua_with_its_language(built: dict[str, Path]) -> None:
    with pikepdf.open(built["pdf"]) as pdf:
        assert str(pdf.Root.Lang) == "cy-GB"
    report = page.validate_pdf(str(built["pdf"]), profile=page.ValidationProfile.PDF_UA_1)
    assert report.is_compliant, [f.message for f in report.failures][:5]


def test_welsh_dates_in_a_house_styles_format() -> None:
    welsh = style.structure.BUILT_IN.words_for(wording.WELSH)
    kent = style.structure.BUILT_IN
    day = dt.date(2013, 6, 20)
    assert kent.date(day, welsh) == "20 Mehefin 2013"
    long = style.structure.Structure(**{**kent.__dict__,
                                        "date_format": "Thursday 20 June 2013"})
    assert long.date(day, welsh) == "Dydd Iau 20 Mehefin 2013"
    assert long.date(day) == "Thursday 20 June 2013"


def own_style(folder: Path, words: list[tuple[str, str, str]], stamp: str | None = None
              ) -> Path:
    """A starting house style with rows on sheet Words (and a page stamp on Layout)."""
    starter.write(folder)
    wb = openpyxl.load_workbook(folder / style.WORKBOOK)
    for row in words:
        wb["Words"].append(list(row))
    if stamp is not None:
        for row in wb["Layout"].iter_rows(min_row=2):
            if row[0].value == "Page stamp":
                row[1].value = stamp
    wb.save(folder / style.WORKBOOK)
    return folder


def test_a_styles_own_words_and_stamp_are_printed(tmp_path: Path) -> None:
    folder = welsh_copy(tmp_path)
    set_details(folder / "report.xlsx", **{"House style": "../house-styles/own"})
    own_style(tmp_path / "inputs" / "house-styles" / "own",
              [("Appendix", "cy-GB", "Rhan"), ("Report of:", "cy-GB", "Gan:"),
               ("Page stamp", "cy-GB", "Eitem {item}, tudalen {page} o'r pecyn")])
    made = api.build(folder, tmp_path / "out")
    for pdf in (made.pdf, libreoffice_pdfs(tmp_path / "lo", made.docx)[0]):
        text = words(pdf)
        assert "Rhan 1" in text and "Rhan 2" in text and "Atodiad" not in text
        assert "Gan:" in text and "Adroddiad gan:" not in text
        assert "Eitem 17, tudalen 1 o'r pecyn" in text
        assert "Eitem 17, tudalen 2 o'r pecyn" in text


def test_a_style_with_no_stamp_prints_none(tmp_path: Path) -> None:
    folder = welsh_copy(tmp_path)
    set_details(folder / "report.xlsx", Language="en-GB",
                **{"House style": "../house-styles/own"})
    own_style(tmp_path / "inputs" / "house-styles" / "own", [], stamp="none")
    made = api.build(folder, tmp_path / "out")
    for pdf in (made.pdf, libreoffice_pdfs(tmp_path / "lo", made.docx)[0]):
        text = words(pdf)
        assert "ITEM NO" not in text and "EITEM" not in text
        assert "Appendix 1" in text


def test_mistakes_in_the_words_are_named_at_their_cells(tmp_path: Path) -> None:
    folder = welsh_copy(tmp_path)
    set_details(folder / "report.xlsx", **{"House style": "../house-styles/own"})
    own_style(tmp_path / "inputs" / "house-styles" / "own",
              [("Apendix", "cy-GB", "Atodiad"), ("Outcome", "fr-FR", "Résultat"),
               ("Outcome", "cy-GB", "Canlyniad {numbr}: {title}"),
               ("Page stamp", "cy-GB", "Eitem {item}")],
              stamp="ITEM {agenda}.{page}")
    lines = api.validate([folder])
    name = "own/house-style.xlsx"
    expected = [
        f"{name}, sheet Layout, cell B15: page stamp 'ITEM {{agenda}}.{{page}}' names "
        "{agenda}, which reportgen does not know; expected {item} (the agenda item's number) "
        "and {page} (the page's)",
        f"{name}, sheet Words, cell A2: label 'Apendix' is not one reportgen knows; expected "
        "a label from the drop-down list (such as Appendix, Page stamp, Outcome) or a label "
        "of sheet Header block",
        f"{name}, sheet Words, cell B3: language 'fr-FR' is not one reportgen knows; "
        "expected one of: en-GB, cy-GB",
        f"{name}, sheet Words, cell C4: the words 'Canlyniad {{numbr}}: {{title}}' name "
        "{numbr}, which 'Outcome' does not have; expected {number}, {title}",
        f"{name}, sheet Words, cell C5: page stamp 'Eitem {{item}}' does not name {{page}} "
        "once; expected {page} where the page's number goes, such as ITEM NO. {item}.{page}, "
        "or none for no stamp",
    ]
    for line in expected:
        assert line in lines, (line, lines)


PLAN_HEADER = [title for title, _ in ACTIVITY_COLUMNS]
#: A report written in Welsh from its Details to its delivery plan: every English word its
#: files print is then one of reportgen's own.
WELSH_DETAILS: dict[str, object] = {
    "Council": "Cyngor Bwrdeistref Prawf", "Committee": "Cabinet",
    "Meeting date": dt.date(2013, 6, 20), "Title": "Adroddiad Prawf", "Agenda item": "7",
    "Report of": "Pennaeth Polisi", "Contact officer": "A. Swyddog", "Telephone": "1234",
    "Portfolio leader": "Trosedd a Phartneriaethau", "Key decision": "No",
    "Report track": "Cabinet: 20/06/13", "Language": "cy-GB"}
WELSH_TEXT = [("section", "Diben yr Adroddiad"),
              ("numbered paragraph", "Rhoi gwybod i'r Cabinet am y cynllun."),
              ("section", "Argymhellion"),
              ("numbered paragraph", "Bod y Cabinet yn nodi'r adroddiad."),
              ("section", "Manylion yr Adroddiad"),
              ("numbered paragraph", "Gweler [[appendix:cynllun]] a [[appendix:testun]]."),
              ("appendices section", "Atodiadau i'r Adroddiad")]


def welsh_report(root: Path) -> Path:
    folder = root / "inputs" / "adroddiad-cymraeg"
    make_workbook(folder / "report.xlsx", {
        "Details": [("Field", "Value"), *WELSH_DETAILS.items()],
        "Text": [("Style", "Text", "Key"), *WELSH_TEXT],
        "Appendices": [("Key", "Title", "Kind", "Source"),
                       ("testun", "Cylch Gorchwyl", "text", "A1"),
                       ("cynllun", "Cynllun Diogelwch Cymunedol", "delivery plan",
                        "cynllun.xlsx")],
        "A1": [("Style", "Text"), ("paragraph", "Testun yr atodiad.")]})
    make_workbook(folder / "cynllun.xlsx", {
        "Plan": [("Field", "Value"), ("Title", "Cynllun Cyflawni 2013")],
        "Outcomes": [("Outcome", "Title", "Baseline", "Target"),
                     (1, "Strydoedd mwy diogel", "Tri deg y cant", "Hanner cant y cant")],
        "Activities": [("Outcome", "Ref", *PLAN_HEADER),
                       *[(1, f"1.{n}", *(f"Gwerth {n}" for _ in PLAN_HEADER))
                         for n in (1, 2)]]})
    return folder


#: The English fixed words (and the English month of its date) a report like it prints in
#: English, as they are printed (case kept).
ENGLISH_PRINTED = ["ITEM NO", "Report of", "Contact Officer", "Telephone No",
                   "Portfolio Leader", "Key Decision", "Report Track", "JUNE", "June",
                   "Appendix", "Outcome", "Baseline", "Target", "How will we", "Objective",
                   "Activity", "Resources", "Human", "Lead Officer", "Timescale", "milestones",
                   "sustainable", "Ref", "No"]


@pytest.fixture(scope="module")
def written_in_welsh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cymraeg")
    return files(welsh_report(root), root)


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_a_welsh_report_prints_no_english_word(written_in_welsh: dict[str, Path],
                                               which: str) -> None:
    text = words(written_in_welsh[which])
    for expected in ("EITEM RHIF 7.1", "Atodiad 1: Cylch Gorchwyl", "Canlyniad 1:",
                     "20 MEHEFIN 2013", "Cyf", "Penderfyniad Allweddol: Nac ydy"):
        assert expected in text
    left = [w for w in ENGLISH_PRINTED if re.search(rf"\b{re.escape(w)}\b", text)]
    assert left == [], text


def test_the_welsh_reports_pdf_is_pdf_ua(written_in_welsh: dict[str, Path]) -> None:
    with pikepdf.open(written_in_welsh["pdf"]) as pdf:
        assert str(pdf.Root.Lang) == "cy-GB"
    report = page.validate_pdf(str(written_in_welsh["pdf"]),
                               profile=page.ValidationProfile.PDF_UA_1)
    assert report.is_compliant, [f.message for f in report.failures][:5]


AGENDA = "cabinet-2013-01-17-agenda"
#: The English words of a pack's front sheet, exempt notice and confidential mark.
PACK_ENGLISH = ["You are summoned", "Membership", "Contact:", "Agenda", "Business", "Page",
                "no paper", "exempt", "Schedule", "Thursday", "January", "This item",
                "CONFIDENTIAL", "Confidential"]


@pytest.fixture(scope="module")
def welsh_meeting(tmp_path_factory: pytest.TempPathFactory) -> pack.Pack:
    """The sample meeting with its agenda's Language cy-GB (its reports stay English)."""
    root = tmp_path_factory.mktemp("cyfarfod")
    inputs = root / "inputs"
    for name in (AGENDA, JANUARY, "cabinet-2013-01-17-leisure-fees",
                 "cabinet-2013-01-17-depot-lease"):
        shutil.copytree(ROOT / "inputs" / name, inputs / name)
    wb = openpyxl.load_workbook(inputs / AGENDA / "agenda.xlsx")
    wb["Meeting"].append(["Language", "cy-GB"])
    wb.save(inputs / AGENDA / "agenda.xlsx")
    return pack.build_pack(inputs / AGENDA, root / "out")


def test_a_welsh_meetings_front_sheet_notice_and_mark(welsh_meeting: pack.Pack) -> None:
    public = subprocess.run(["pdftotext", "-layout", str(welsh_meeting.public), "-"],
                            capture_output=True, text=True, check=True).stdout.split("\f")
    front, notice = public[0], next(p for p in public if "Nid yw'r eitem hon" in p)
    flat = " ".join(front.split())
    for welsh in ("Fe'ch gwysir i fynychu cyfarfod Cabinet a gynhelir ar Dydd Iau 17 Ionawr "
                  "2013", "Aelodaeth", "Cyswllt:", "Rhaglen", "Eitem", "Busnes", "Tudalen",
                  "dim papur", "(eithriedig: paragraff 3 o", "Atodlen 12A)"):
        assert welsh in flat
    assert "o Ran 1 o Atodlen 12A i Ddeddf Llywodraeth Leol 1972" in " ".join(notice.split())
    assert "EITEM RHIF 19.1" in notice
    assert assert_no_english(front) == [] and assert_no_english(notice) == []
    confidential = subprocess.run(["pdftotext", str(welsh_meeting.confidential), "-"],
                                  capture_output=True, text=True, check=True).stdout
    assert "CYFRINACHOL: NID I'W GYHOEDDI" in confidential
    assert "NOT FOR PUBLICATION" not in confidential
    with pikepdf.open(welsh_meeting.public) as pdf:
        titles = [str(item.title) for item in pdf.open_outline().root]
    assert titles[0] == "Gwŷs a rhaglen" and titles[1].startswith("Eitem 3: ")


def assert_no_english(text: str) -> list[str]:
    """The pack's English fixed words in ``text`` (an officer's item titles aside)."""
    return [w for w in PACK_ENGLISH if re.search(rf"\b{re.escape(w)}\b", text)]


def test_the_starting_style_offers_the_words_sheet_with_drop_downs(tmp_path: Path) -> None:
    starter.write(tmp_path)
    wb = openpyxl.load_workbook(tmp_path / style.WORKBOOK)
    assert "Page stamp" in [row[0].value for row in wb["Layout"].iter_rows(min_row=2)]
    ws = wb["Words"]
    assert [c.value for c in ws[1]] == ["Label", "Language", "Words"]
    lists = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert lists["A2"].type == "list" and lists["A2"].errorStyle == "warning"
    assert lists["B2"].type == "list" and lists["B2"].errorStyle == "stop"
    column = {c.value: c.column_letter for c in wb["Lists"][1]}
    labels = [c.value for c in wb["Lists"][column["Words label"]][1:] if c.value]
    assert "Appendix" in labels and "Page stamp" in labels and "Report of:" in labels
    instructions = " ".join(str(c.value) for row in wb["Instructions"].iter_rows()
                            for c in row if c.value)
    assert "Sheet Words" in instructions
