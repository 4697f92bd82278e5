"""Numbers are assigned once, in the model."""

from __future__ import annotations

from reportgen import model, numbering
from reportgen.errors import Problems


def para(text: str, numbered: bool = True, key: str | None = None) -> model.Paragraph:
    return model.Paragraph((text,), numbered=numbered, key=key)


def details() -> model.Details:
    import datetime as dt
    return model.Details("C", "Cabinet", dt.date(2013, 1, 1), "T", "R", "O", "1", "P", "No",
                         "Cabinet")


def test_sections_and_paragraphs_count_in_two_levels() -> None:
    ref = model.Ref("paragraph", "late", "w", "Text", "B9")
    sections = [
        model.Section("Purpose", [para("a"), para("b")]),
        model.Section("Detail", [para("c"), para("plain", numbered=False),
                                 model.Heading(("Health",), numbered=True),
                                 para("d", key="late")]),
        model.Section("Previous Consideration", [para("e")], numbered=False),
        model.Section("Appendices", [model.Paragraph(("see ", ref))], lists_appendices=True),
    ]
    report = model.Report(details(), sections)
    problems = Problems()
    numbering.assign(report, problems, "w")
    assert not problems
    got = [(getattr(i, "number", None)) for i in numbering.numbered_items(report)]
    assert got == ["1", "1.1", "1.2", "2", "2.1", None, "2.2", "2.3", None, None, "3", None]
    assert sections[3].blocks == [model.Paragraph(("None",))]


def test_references_resolve_to_numbers_and_unknown_keys_are_located() -> None:
    good = model.Ref("paragraph", "k", "w", "Text", "B3")
    bad = model.Ref("appendix", "zz", "w", "Text", "B4")
    appendix = model.Appendix("tor", "Terms", [])
    sections = [model.Section("S", [para("x", key="k"), model.Paragraph(("a ", good, bad))])]
    report = model.Report(details(), sections, [appendix])
    problems = Problems()
    numbering.assign(report, problems, "w")
    assert good.label == "1.1"
    assert appendix.number == "1"
    assert [str(p) for p in problems.items] == [
        "w, sheet Text, cell B4: refers to appendix 'zz', which does not exist; expected one "
        "of the keys: tor"]


def test_heading_levels_never_skip() -> None:
    minor = model.Heading(("Minor",))
    study = model.CaseStudy("Study", [])
    numbered = model.Heading(("Health",), numbered=True)
    later = model.Heading(("Later",))
    sections = [model.Section("S", [minor, study, numbered, later])]
    numbering.assign(model.Report(details(), sections), Problems(), "w")
    assert [minor.level, study.level, numbered.level, later.level] == [2, 2, 2, 3]
