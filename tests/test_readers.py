"""Readers on small workbooks built inside the tests."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import DETAILS, TEXT, report_sheets
from reportgen import api, model
from reportgen.errors import InputError


def problems_of(folder) -> list[str]:
    with pytest.raises(InputError) as caught:
        api.load(folder)
    return [str(p) for p in caught.value.problems]


def test_a_complete_report_reads_into_the_model(make_report) -> None:
    report = api.load(make_report())
    assert report.details.meeting_date == dt.date(2013, 6, 20)
    assert report.details.agenda_item == "7"
    assert [s.title for s in report.sections] == [
        "Purpose of Report", "Recommendations", "Report Detail", "Appendices to the Report",
        "Background Papers"]
    detail = report.sections[2].blocks
    assert [type(b).__name__ for b in detail] == [
        "Paragraph", "Paragraph", "List", "Heading", "Paragraph", "List", "Heading",
        "CaseStudy", "Table"]
    assert detail[2].kind == "bullet" and len(detail[2].items) == 2
    assert detail[5].kind == "numbered"
    case = detail[7]
    assert isinstance(case, model.CaseStudy)
    assert case.title == "A case study" and [model.plain(p) for p in case.paragraphs] == [
        "First part.", "Second part."]


def test_table_with_total_adds_up_numeric_columns(make_report) -> None:
    table = api.load(make_report()).sections[2].blocks[-1]
    assert isinstance(table, model.Table)
    assert table.header == ["Stage", "Number issued"]
    assert table.rows == [["Stage 1", "3"], ["Stage 2", "5"]]
    assert table.footer == ["Total", "8"]


def test_columns_are_found_by_name_in_any_order(make_report) -> None:
    sheets = report_sheets()
    sheets["Text"] = [("Key", "Text", "  style ")] + [(r[2] if len(r) > 2 else None, r[1], r[0])
                                                       for r in TEXT]
    report = api.load(make_report(sheets))
    assert report.sections[0].title == "Purpose of Report"


def test_every_problem_is_reported_at_once_with_its_cell(make_report) -> None:
    details = dict(DETAILS)
    details["Meeting date"] = "next Tuesday"
    del details["Title"]
    text = [("section", "One"), ("numbered paragrph", "Typo in the style"),
            ("case study", "", "nope"), ("table", "", "No such sheet")]
    problems = problems_of(make_report(report_sheets(details, text)))
    assert any("sheet Details" in p and "meeting date 'next Tuesday' is not a date" in p
               for p in problems)
    assert any("'Title' is missing" in p for p in problems)
    assert any("sheet Text, cell A3" in p and "did you mean 'numbered paragraph'" in p
               for p in problems)
    assert any("sheet Text, cell C4" in p and "case study 'nope'" in p for p in problems)
    assert any("sheet Text, cell C5" in p and "'No such sheet'" in p for p in problems)
    assert all(p.startswith("test-report/report.xlsx") for p in problems)


def test_missing_column_names_the_closest(make_report) -> None:
    sheets = report_sheets()
    sheets["Text"] = [("Styles", "Text", "Key")] + list(TEXT)
    problems = problems_of(make_report(sheets))
    assert problems == ["test-report/report.xlsx, sheet Text, cell 1:1: has no column headed "
                        "'Style' in row 1 (is it column A, 'Styles'? rename it 'Style'); the "
                        "headings there are A 'Styles', B 'Text', C 'Key'; expected columns: "
                        "Style, Text"]


def test_unknown_reference_key_is_an_input_error_at_its_cell(make_report) -> None:
    text = list(TEXT) + [("paragraph", "See [[paragraph:missing]] and [[appendix:none]].")]
    problems = problems_of(make_report(report_sheets(text=text)))
    assert len(problems) == 2
    assert "sheet Text, cell B22: refers to paragraph 'missing'" in problems[0]
    assert "appendix 'none'" in problems[1]


def test_text_before_any_section_is_reported(make_report) -> None:
    problems = problems_of(make_report(report_sheets(text=[("paragraph", "Orphan")] + TEXT)))
    assert problems == ["test-report/report.xlsx, sheet Text, cell A2: 'paragraph' comes before "
                        "any section; expected a 'section' row first"]


def test_line_breaks_in_cells_are_kept_and_control_characters_dropped(make_report) -> None:
    text = [("section", "One"), ("paragraph", "Line one\nLine two_x000B_three  spaced")]
    report = api.load(make_report(report_sheets(text=text)))
    (para,) = report.sections[0].blocks
    assert model.plain(para.text) == "Line one\nLine two\nthree spaced"
