"""Properties over generated workbooks: whatever an officer (or an attacker) puts in the Text
sheet, reading ends in a report or an InputError, nothing else; and a report that reads builds.

Workbooks are made fast: one real report.xlsx is written once, and each example only swaps its
Text sheet (and sometimes its Details sheet) inside the zip, in memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from lxml import etree

from conftest import DETAILS, TEXT, examples, report_sheets
from hostile.cases import NAME, good
from hostile.forge import Raw, sheet_part, sheet_xml
from reportgen import api, model
from reportgen.errors import InputError
from reportgen.inputs.cells import clean_text
from reportgen.inputs.schema import ALL_STYLES

#: What no cleaned text may hold: what XML 1.0 cannot, C1 controls, surrogates.
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
SPECIAL = ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\ufffe", "\uffff",
           "\ud800", "\udbff\udc00", "\udfff", "_x000B_", "_x0000_", "_xD800_", "_xD83D__xDE00_",
           "_x005F_x000B_", "\r\n", "\u2028", " \u00a0 ", "[[paragraph:purpose]]",
           "[[paragraph:nope]]", "[[appendix:x]]", "[[ x ]]", "[[", "]]", "=SUM(A1)", "#REF!",
           "£23,9O2", "01/03/2013", '<img src="file:///etc/passwd">', "{{ 7*7 }}", "ŵ ŷ",
           "مرحبا", "שלום", "\u202e", "x" * 300]
ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates and controls included
TEXT_VALUE = st.one_of(
    st.text(ANY_CHARACTER, max_size=30),
    st.sampled_from(SPECIAL),
    st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(ANY_CHARACTER, max_size=5)),
             max_size=5).map("".join),
    st.sampled_from([t for row in TEXT for t in row if t]),
)
CELL = st.one_of(
    TEXT_VALUE, st.none(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.sampled_from([Raw("<f>1/0</f><v>#DIV/0!</v>", 't="e"'), Raw("<f>A1</f><v></v>"),
                     Raw("<f>SUM(B2:B3)</f>"), Raw("<v>44000</v>", 's="0"'),
                     Raw("<v>notanumber</v>"), Raw('<is><t>in</t><rPh><t>ph</t></rPh></is>',
                                                   't="inlineStr"')]),
)
STYLE = st.one_of(st.sampled_from(ALL_STYLES), st.sampled_from(ALL_STYLES).map(str.upper),
                  st.sampled_from(ALL_STYLES).map(lambda s: f"  {s.title()} "), CELL)
KEY = st.one_of(st.none(), st.sampled_from(["purpose", "rec-note", "Stages", "Details", "cs1",
                                            "nope", "../../x.png", "Case studies"]), TEXT_VALUE)
ROW = st.tuples(STYLE, CELL, KEY, st.one_of(st.none(), TEXT_VALUE))
JUNK_ROWS = st.lists(st.one_of(ROW, st.sampled_from(TEXT)), max_size=25)
#: Rows an officer might well type: real styles, any text; most of these read.
LIKELY_ROWS = st.lists(st.one_of(
    st.tuples(st.sampled_from(ALL_STYLES[3:9]), TEXT_VALUE),
    st.tuples(st.sampled_from(ALL_STYLES), st.sampled_from([t for r in TEXT for t in r if t]),
              st.sampled_from(["purpose", "cs1", "Stages", None])),
    st.sampled_from(TEXT)), max_size=25).map(lambda rows: [("section", "Start"), *rows])
ROWS = st.one_of(JUNK_ROWS, LIKELY_ROWS)
DETAIL = st.one_of(st.none(), st.sampled_from(list(DETAILS.items())),
                   st.tuples(st.sampled_from(list(DETAILS)), CELL), st.tuples(CELL, CELL))


class Forge:
    """The parts of one real report.xlsx, and a folder to write variants of it into."""

    def __init__(self, folder: Path):
        self.folder = folder
        path = good(folder)
        self.text_part = sheet_part(path, "Text")
        self.details_part = sheet_part(path, "Details")
        with zipfile.ZipFile(path) as zf:
            self.parts = {name: zf.read(name) for name in zf.namelist()}

    def write(self, rows: list[tuple[object, ...]], details: list[object] | None,
              raw: bool) -> None:
        parts = dict(self.parts)
        text = sheet_xml([("Style", "Text", "Key", "Alt text"), *rows])
        if raw:  # a control character written raw, as no Excel does: damaged XML
            text = text.replace(b"_x001B_", b"\x1b", 1)
        parts[self.text_part] = text
        if details is not None:
            fields = [d for d in details if d is not None]
            parts[self.details_part] = sheet_xml([("Field", "Value"), *fields])
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
        (self.folder / "report.xlsx").write_bytes(buffer.getvalue())


@pytest.fixture(scope="module")
def forge(tmp_path_factory: pytest.TempPathFactory) -> Forge:
    folder = tmp_path_factory.mktemp("properties") / NAME
    folder.mkdir()
    return Forge(folder)


def _note(outcome: str) -> None:
    if currently_in_test_context():
        event(outcome)  # --hypothesis-show-statistics shows how often each happened


def load_or_input_error(forge: Forge) -> model.Report | None:
    """The property itself: a report, or an InputError with located problems."""
    try:
        report = api.load(forge.folder)
    except InputError as exc:
        _note("input error")
        assert exc.problems
        for problem in exc.problems:
            assert str(problem).startswith(f"{NAME}/report.xlsx"), problem
            assert problem.message
        return None
    _note("report")
    for text in model.report_texts(report):
        assert not UNPRINTABLE.search(model.plain(text))
    for section in report.sections:
        assert not UNPRINTABLE.search(section.title)
    return report


@settings(max_examples=examples(1000), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=ROWS, details=st.one_of(st.none(), st.lists(DETAIL, max_size=14)))
def test_any_text_sheet_reads_or_is_an_input_error(forge: Forge, rows, details) -> None:
    forge.write(rows, details, raw=False)
    load_or_input_error(forge)


@settings(max_examples=examples(100), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS)
def test_raw_control_characters_are_input_errors(forge: Forge, rows) -> None:
    forge.write([*rows, ("paragraph", "esc \x1b here")], None, raw=True)
    with pytest.raises(InputError, match="its XML is damaged"):
        api.load(forge.folder)


@settings(max_examples=examples(1000), deadline=None)
@given(st.one_of(st.text(ANY_CHARACTER), TEXT_VALUE))
def test_clean_text_gives_what_every_writer_can_hold(value: str) -> None:
    cleaned = clean_text(value)
    assert not UNPRINTABLE.search(cleaned)
    assert "\r" not in cleaned and cleaned == cleaned.strip(" \t\n")
    cleaned.encode("utf-8")
    etree.Element("t").text = cleaned  # lxml (python-docx) refuses what XML cannot hold


@settings(max_examples=examples(25), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(extra=st.lists(st.tuples(st.sampled_from(["paragraph", "bullet", "heading",
                                                 "numbered paragraph", "roman item"]),
                                TEXT_VALUE.map(lambda text: f"Words {text}")),
                      min_size=1, max_size=6))
def test_a_report_that_reads_builds(forge: Forge, extra, tmp_path_factory) -> None:
    """A subset, built in full: whatever reads, both writers can write."""
    rows = [*TEXT[:-2], *extra, *TEXT[-2:]]
    forge.write(rows, None, raw=False)
    report = load_or_input_error(forge)
    if report is None:
        return
    built = api.build(forge.folder, tmp_path_factory.mktemp("built"))
    assert built.docx.stat().st_size > 0 and built.pdf.read_bytes().startswith(b"%PDF")


def test_the_forge_writes_a_report_that_reads(forge: Forge) -> None:
    forge.write([tuple(row) for row in report_sheets()["Text"][1:]], None, raw=False)
    assert load_or_input_error(forge) is not None
