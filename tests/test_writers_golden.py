"""The writers on small reports built by hand, held to golden files in ``tests/golden/``.

No workbook is read and nothing is laid out: each report is a ``model.Report`` made here, so a
change to the Word or HTML writer shows as a difference in a few readable lines, in well under
a second. The DOCX is compared as the XML of its body (pretty-printed, one element a line);
the HTML as written. After a deliberate change to a writer, regenerate the golden files with
``pytest --regen-golden`` (or ``REPORTGEN_REGEN_GOLDEN=1``) and read the diff before committing.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from conftest import INPUTS
from reportgen import layoutplan, model, numbering, style
from reportgen.errors import Problems
from reportgen.render import docx, html

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def details(**changes: object) -> model.Details:
    values: dict[str, object] = {
        "council": "Test Borough Council", "committee": "Cabinet",
        "meeting_date": dt.date(2013, 6, 20), "title": "A Hand-Built Report",
        "report_of": "Head of Policy", "contact_officer": "A. Officer", "telephone": "1234",
        "portfolio_leader": "Crime and Partnerships", "key_decision": "No",
        "report_track": "Cabinet: 20/06/13", "agenda_item": "7"}
    values.update(changes)
    return model.Details(**values)  # type: ignore[arg-type]


def ref(key: str, kind: str = "paragraph") -> model.Ref:
    return model.Ref(kind, key, "report.xlsx", "Text", "B2")  # type: ignore[arg-type]


#: A 4 x 3 pixel red PNG, as bytes rather than made by Pillow here: its digest names it in the
#: HTML, and another zlib would compress the same pixels to other bytes.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAFElEQVR4nGM8ISfHAANMDEg"
                       "AhQMAJtoBCkAAOw8AAAAASUVORK5CYII=")


def picture() -> model.Picture:
    return model.Picture(PNG, "png", 4, 3)


def numbered(report: model.Report) -> model.Report:
    """Numbers and references resolved as ``api.load`` resolves them; no problems allowed."""
    problems = Problems()
    numbering.assign(report, problems, "report.xlsx")
    problems.check()
    return report


def prose() -> model.Report:
    """Every kind of block a section or text appendix can hold, and references to both."""
    return numbered(model.Report(details(), [
        model.Section("Purpose of Report", [
            model.Paragraph(("To tell Cabinet things.",), numbered=True, key="purpose")]),
        model.Section("Recommendations", [
            model.Paragraph(("That Cabinet note the report.",), numbered=True, key="rec"),
            model.Paragraph(("That Cabinet do more, as ", ref("rec"), " says, and read ",
                             ref("stats", "appendix"), "."), numbered=True)]),
        model.Section("Report Detail", [
            model.Paragraph(("Opening paragraph.",), numbered=True),
            model.Paragraph(("An unnumbered paragraph.",)),
            model.List("bullet", [("First bullet",), ("Second bullet",)]),
            model.Heading(("Improved Health",), numbered=True, key="health"),
            model.List("numbered", [("First project",), ("Second project",)]),
            model.List("roman", [("One",), ("Two",)]),
            model.Heading(("Minor heading",)),
            model.CaseStudy("A case study", [("First part.",), ("Second part.",)]),
            model.Box([("Boxed text.",), ("More boxed text.",)]),
            model.Table(["Stage", "Number issued"], [["Stage 1", "3"], ["Stage 2", "5"]],
                        footer=["Total", "8"], caption="Stages", numeric=[False, True]),
            model.Image(Path("photo.png"), "A photograph", "A red rectangle", picture())]),
        model.Section("Appendices to the Report", lists_appendices=True),
        model.Section("Background Papers", [model.Paragraph(("None",))], numbered=False)],
        appendices=[model.Appendix("stats", "Statistics", [
            model.Heading(("Figures",)), model.Paragraph(("Figures by ward.",)),
            model.Table(["Ward", "Share"], [["North", "49%"], ["South", "51%"]],
                        caption="Shares", numeric=[False, True])])]))


def plan() -> model.Report:
    """A delivery-plan appendix: two outcomes, one with Refs and statuses, one empty."""
    activity = model.Activity(
        "Reduce crime", "Patrols", "£1,000", "2 officers", "A. Officer", "By March",
        "Baseline text", "Target text", "Yes", ref="A1", status="On track")
    return numbered(model.Report(details(title="A Plan Report"), [
        model.Section("Purpose of Report", [model.Paragraph(("A plan.",), numbered=True)]),
        model.Section("Appendices to the Report", lists_appendices=True)],
        appendices=[model.Appendix("plan", "Delivery Plan", model.DeliveryPlan(
            "Test Delivery Plan", [
                model.Outcome("1", "Safer streets", ["A baseline"], ["A target"],
                              [activity, model.Activity(*("x",) * 9, ref="A2")]),
                model.Outcome("2", "Cleaner parks")],
            has_refs=True, has_statuses=True))]))


def hostile() -> model.Report:
    """Spreadsheet text that looks like markup, template code or Word's own characters: the
    writers must print it as it is (escaped in the HTML, plain runs in the DOCX)."""
    texts = ["<script>alert(1)</script> & <b>bold</b>", "{{ 7 * 7 }} {% if x %}{# c #}",
             "Line one\nline two\tafter a tab", "<img src='file:///etc/passwd'>",
             "url(http://example.com/x.css) @import 'y';"]
    return numbered(model.Report(details(title="<i>Title</i> {{ title }}",
                                         report_of="Head of <Policy> & Co"), [
        model.Section("Section <one> {{ x }}", [
            *(model.Paragraph((t,), numbered=True) for t in texts),
            model.List("bullet", [(t,) for t in texts]),
            model.Table(["<th>", "{{ h }}"], [[t, "1"] for t in texts], caption="<caption>",
                        numeric=[False, True])])]))


REPORTS: dict[str, Callable[[], model.Report]] = {"prose": prose, "plan": plan,
                                                  "hostile": hostile}


def kent_look() -> tuple[object, Path]:
    found = style.load(INPUTS / "house-styles" / "kent")
    assert not isinstance(found, str), found
    return found.look, found.reference


def docx_body(package: bytes) -> str:
    """The body of document.xml, one element a line: what the Word writer decided."""
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find(f"{W}body")
    assert body is not None
    etree.indent(body, space=" ")
    return etree.tostring(body, encoding="unicode") + "\n"


CASES = [(name, look) for name in REPORTS for look in ("built-in", "kent")
         if not (name == "hostile" and look == "kent")]


@pytest.mark.parametrize(("name", "look"), CASES)
def test_the_docx_body_is_the_golden_one(golden: Callable[[str, str], None], name: str,
                                         look: str) -> None:
    report = REPORTS[name]()
    if look == "built-in":
        package = docx.render(report)
    else:
        kent, reference = kent_look()
        package = docx.render(report, layoutplan.plan(report, kent), reference)
    golden(f"{name}-{look}.docx.xml", docx_body(package))


@pytest.mark.parametrize(("name", "look"), CASES)
def test_the_html_is_the_golden_one(golden: Callable[[str, str], None], name: str,
                                    look: str) -> None:
    report = REPORTS[name]()
    page = (html.render(report) if look == "built-in"
            else html.render(report, plan=layoutplan.plan(report, kent_look()[0])))
    golden(f"{name}-{look}.html", page)


def test_spreadsheet_text_stays_text_in_both_writers() -> None:
    """What the golden files of ``hostile`` hold, said outright: no officer's angle bracket or
    brace becomes an element or a template expression in either file."""
    report = hostile()
    page = html.render(report)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ 7 * 7 }}" in page and "49" not in page.split("<main", 1)[-1]
    assert "<img src='file" not in page and "<caption>&lt;caption&gt;</caption>" in page
    body = docx_body(docx.render(report))
    assert "&lt;script&gt;" in body and "<script" not in body
    assert "{{ 7 * 7 }}" in body


def test_a_writer_change_shows_as_a_golden_difference(golden: Callable[[str, str], None],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The golden comparison is not a formality: a writer that words a thing differently (here
    the Word writer's section headings in capitals, and the HTML's Title) fails it."""
    real_section = docx.DocxWriter._section

    def shouting(self: docx.DocxWriter, section: model.Section) -> None:
        section.title = section.title.upper()
        real_section(self, section)

    monkeypatch.setattr(docx.DocxWriter, "_section", shouting)
    with pytest.raises(pytest.fail.Exception, match="differs from tests/golden"):
        golden("prose-built-in.docx.xml", docx_body(docx.render(prose())), regen=False)
    page = html.render(prose())
    assert "A HAND-BUILT REPORT" in page
    page = page.replace("A HAND-BUILT REPORT", "A HAND BUILT REPORT")
    with pytest.raises(pytest.fail.Exception, match="differs from tests/golden"):
        golden("prose-built-in.html", page, regen=False)
