"""The structure of a house style, from its ``house-style.xlsx``: what committee services
decide in Excel rather than in Word.

- sheet ``Header block``: the fields of the block at the top of the first page, in order,
  each the name officers type in their Details sheet, the label printed, and whether it is
  required;
- sheet ``Layout``: how that block is shown (label and value lines, or a ruled table with
  header cells), the title lines and their date format and letter case, how sections and
  appendices are numbered, and the word printed before an appendix's number.

The sheets, fields and accepted words are declared once here (``SHEETS``), and both the
reader and ``reportgen init --house-style`` (``starter``) take them from here, as the report
workbooks do from ``inputs.schema``. The built-in structure (``BUILT_IN``) is Cannock Chase's,
what the code printed before house styles; the built-in ``house-style.xlsx`` is written from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportgen import wording
from reportgen.errors import Problems
from reportgen.inputs.schema import Choice, Column, Field, Sheet
from reportgen.layout import LIST_MARKERS

SECTIONS = ("1", "1.", "none")
#: List markers (``layout.LIST_MARKERS``).
MARKERS = tuple(LIST_MARKERS)
#: Paragraph numbers: under section 5, 5.1 or 5.1.; 1, 2 … afresh under each section heading;
#: or one count through the report.
PARAGRAPHS = ("1.1", "1.1.", "1 under each heading", "1 through the report")
APPENDICES = ("1", "A")
HEADER_AS = ("label and value lines", "ruled table")
TITLE_PLACES = ("under the header block", "above the header block")
CASES = ("capitals", "as typed")
#: Date formats, by how the meeting date 20 June 2013 prints in each.
DATE_FORMATS = {"20 June 2013": "{day} {month} {year}", "20/06/2013": "{dd}/{mm}/{year}",
                "20/06/13": "{dd}/{mm}/{yy}",
                "Thursday 20 June 2013": "{weekday} {day} {month} {year}"}
YES_NO = ("Yes", "No")
#: What a title line may name, in braces; and a footer line.
TITLE_NAMES = ("council", "committee", "date", "title")
FOOTER_NAMES = ("page", "pages")
STAMP_NAMES = ("item", "page")

LAYOUT_FIELDS = (
    Field("Header block shown as", "header_as", True, "how the header block is printed",
          HEADER_AS[0], choice=Choice("Header block shown as", HEADER_AS),
          note="A ruled table has its labels as header cells, for screen readers"),
    Field("Title lines", "title_lines", True, "the lines under the header block, one per line "
          "of the cell (Alt+Enter), naming {council}, {committee}, {date} or {title}",
          "{committee}"),
    Field("Title case", "title_case", True, "capitals, or as typed", CASES[0],
          choice=Choice("Title case", CASES)),
    Field("Date format", "date_format", True, "how the meeting date is printed",
          "20 June 2013", choice=Choice("Date format", tuple(DATE_FORMATS))),
    Field("Sections", "sections", True, "how sections are numbered: 1, 1. or none", "1",
          choice=Choice("Sections", SECTIONS)),
    Field("Paragraphs", "paragraphs", True, "how numbered paragraphs are numbered: 1.1, 1.1., "
          "1 under each heading (1, 2, 3 afresh under each section heading) or 1 through the "
          "report (one count)", "1.1", choice=Choice("Paragraphs", PARAGRAPHS)),
    Field("Numbered item markers", "numbered_marker", True, "the markers of a list of "
          "numbered item rows: " + ", ".join(MARKERS), "1.",
          choice=Choice("Numbered item markers", MARKERS)),
    Field("Roman item markers", "roman_marker", True, "the markers of a list of roman item "
          "rows: " + ", ".join(MARKERS), "(i)", choice=Choice("Roman item markers", MARKERS)),
    Field("Appendices", "appendices", True, "how appendices are numbered: 1 (1, 2, 3) or A "
          "(A, B, C)", "1", choice=Choice("Appendices", APPENDICES)),
    Field("Appendix word", "appendix_word", True, "the word printed before an appendix's "
          "number", "Appendix"),
    Field("Logo", "logo", False, "the file name of the council's logo: a .png or .jpg picture "
          "in the house style's folder, printed at the top right of the first page",
          "logo.png", note="Empty for no logo"),
    Field("Required headings", "required_headings", False, "the section headings every report "
          "must have, one per line of the cell (Alt+Enter); validate asks for any missing",
          "Financial Implications", note="Empty for none"),
    Field("Footer lines", "footer", False, "the lines printed at the foot of every page, one "
          "per line of the cell (Alt+Enter), where {page} is the page's number and {pages} the "
          "report's number of pages", "OFFICIAL", note="Empty for no footer"),
    Field("Page stamp", "page_stamp", False, "the agenda-pack stamp at the top right of every "
          "page of a report with an agenda item, in English, where {item} is the item's number "
          "and {page} the page's; none for no stamp (sheet Words gives it in other languages)",
          wording.LABELS[wording.STAMP][0],
          note="Empty for ITEM NO. {item}.{page}; none for no stamp"),
    Field("Title lines placed", "title_placed", False, "where the title lines are printed: "
          "under the header block, or above it", TITLE_PLACES[0],
          choice=Choice("Title lines placed", TITLE_PLACES),
          note="Empty for under the header block"),
)
LAYOUT = Sheet("Layout", "How the report is laid out: one row per setting, its name in "
               "column Field and its choice in column Value.",
               (Column("Field", "The setting: pick one from the list.", width=24,
                       choice=Choice("Layout setting", tuple(f.label for f in LAYOUT_FIELDS))),
                Column("Value", "The setting's value; the input message says what it takes.",
                       width=50)),
               fields=LAYOUT_FIELDS)
HEADER = Sheet("Header block", "The fields of the block at the top of the first page, in the "
               "order they are printed: one row each.",
               (Column("Field", "The field's name, as officers type it in column Field of "
                       "their report's Details sheet.", width=24),
                Column("Label", "The label printed before the value (Contact Officer:).",
                       width=30),
                Column("Required", "Yes if every report must fill it in; No if it may be left "
                       "out (then it is not printed).", width=12,
                       choice=Choice("Required", YES_NO))))
SHEETS = (LAYOUT, HEADER)
#: Details fields every style has (not in the header block): reportgen's own.
CORE_FIELDS = ("council", "committee", "meeting date", "title", "agenda item", "house style",
               "language")
#: Those of them a header block may print too (Bristol's COMMITTEE, DATE and TITLE), under a
#: label of the style's: the meeting date in the style's date format.
SHOWN_CORE = {"council": "council", "committee": "committee", "meeting date": "meeting_date",
              "title": "title"}


@dataclass(frozen=True)
class HeaderField:
    field: str
    label: str
    required: bool = True

    @property
    def key(self) -> str:
        return " ".join(self.field.casefold().split()).rstrip(":")


@dataclass(frozen=True)
class Structure:
    header: tuple[HeaderField, ...]
    header_as: str
    title_lines: tuple[str, ...]
    title_case: str
    date_format: str
    sections: str
    paragraphs: str
    appendices: str
    appendix_word: str
    footer: tuple[str, ...] = ()
    numbered_marker: str = "1."
    roman_marker: str = "(i)"
    #: The logo's file name in the house style's folder ("" for none), checked to be a picture.
    logo: str = ""
    #: Section headings every report in the style must have.
    required_headings: tuple[str, ...] = ()
    #: The page stamp of an English report (``wording.NO_STAMP``: none in any language).
    page_stamp: str = wording.LABELS[wording.STAMP][0]
    #: The style's own words (sheet Words): (label, language, words).
    words: tuple[tuple[str, str, str], ...] = ()
    #: Where the title lines are printed (``TITLE_PLACES``).
    title_placed: str = TITLE_PLACES[0]

    def words_for(self, language: str) -> wording.Wording:
        """The fixed words of a report in ``language``: the built-in table's, with the
        Layout sheet's Appendix word and Page stamp as the English ones, and the Words sheet's
        in their place. A style that prints no stamp prints none in any language."""
        own = [("Appendix", wording.ENGLISH, self.appendix_word),
               (wording.STAMP, wording.ENGLISH, self.page_stamp), *self.words]
        if self.page_stamp.strip().casefold() == wording.NO_STAMP:
            own.append((wording.STAMP, language, wording.NO_STAMP))
        return wording.wording(language, tuple(own))

    def missing_headings(self, titles: list[str]) -> list[str]:
        """The required headings that none of ``titles`` is (case, spaces and a closing
        colon aside)."""
        def key(text: str) -> str:
            return " ".join(text.casefold().split()).rstrip(":").strip()
        have = {key(t) for t in titles}
        return [h for h in self.required_headings if key(h) not in have]

    @property
    def paragraph_count(self) -> str:
        """``layout.Look.paragraph_count``: "section", "restart" or "report"."""
        return {PARAGRAPHS[2]: "restart", PARAGRAPHS[3]: "report"}.get(self.paragraphs,
                                                                         "section")

    def date(self, when: dt.date, words: wording.Wording = wording.BUILT_IN) -> str:
        """The date in the style's format, its month and weekday in ``words``' language."""
        template = DATE_FORMATS[self.date_format]
        return template.format(day=when.day, month=words.month(when), year=when.year,
                               dd=f"{when:%d}", mm=f"{when:%m}", yy=f"{when:%y}",
                               weekday=words.weekday(when))

    def title(self, council: str, committee: str, when: dt.date, title: str,
              words: wording.Wording = wording.BUILT_IN) -> list[str]:
        """The title lines, as printed."""
        values = {"council": council, "committee": committee, "date": self.date(when, words),
                  "title": title}
        lines = [_fill(line, values) for line in self.title_lines]
        return [line.upper() if self.title_case == "capitals" else line for line in lines]

def _fill(line: str, values: dict[str, str]) -> str:
    """``line`` with each ``{name}`` replaced; the officer's text is data, never a template."""
    out = line
    for name in values:
        out = out.replace("{" + name + "}", "\x00" + name + "\x00")
    for name, value in values.items():
        out = out.replace("\x00" + name + "\x00", value)
    return out


BUILT_IN = Structure(
    header=(HeaderField("Report of", "Report of:"),
            HeaderField("Contact officer", "Contact Officer:"),
            HeaderField("Telephone", "Telephone No:"),
            HeaderField("Portfolio leader", "Portfolio Leader:"),
            HeaderField("Key decision", "Key Decision:"),
            HeaderField("Report track", "Report Track:")),
    header_as=HEADER_AS[0], title_lines=("{committee}", "{date}", "{title}"),
    title_case="capitals", date_format="20 June 2013", sections="1", paragraphs="1.1",
    appendices="1",
    appendix_word="Appendix")


def read(path: Path, problems: Problems, name: str) -> Structure | None:
    """The structure in the workbook at ``path`` (named ``name`` in messages), or None with
    every problem recorded at its sheet and cell.
    """
    import re

    from reportgen.inputs.schema import canonical
    from reportgen.inputs.workbook import Workbook, read_fields

    wb = Workbook(path, problems, name=name)
    try:
        if wb.book is None:
            return None
        known = {f.key: (f.attribute, f.required) for f in LAYOUT_FIELDS}
        found, cells, ok = read_fields(wb, LAYOUT.name, known, raw="")
        values: dict[str, str] = {}
        for f in LAYOUT_FIELDS:
            text = str(found.get(f.attribute) or "").strip()
            if f.choice and text:
                word = canonical(f.choice, text)
                if word is None:
                    problems.add(name, f"{f.label.lower()} '{text}' is not one reportgen knows; "
                                 "expected one of: " + ", ".join(f.choice.values), LAYOUT.name,
                                 cells.get(f.attribute))
                    ok = False
                    continue
                text = word
            values[f.attribute] = text
        lines = tuple(line.strip() for line in values.get("title_lines", "").split("\n")
                      if line.strip())
        for line in lines:
            for unknown in set(re.findall(r"\{([^{}]*)\}", line)) - set(TITLE_NAMES):
                problems.add(name, f"title line '{line}' names {{{unknown}}}, which reportgen "
                             "does not know; expected " + ", ".join(
                                 "{" + n + "}" for n in TITLE_NAMES), LAYOUT.name,
                             cells.get("title_lines"))
                ok = False
        footer = tuple(line.strip() for line in values.get("footer", "").split("\n")
                       if line.strip())
        for line in footer:
            for unknown in set(re.findall(r"\{([^{}]*)\}", line)) - set(FOOTER_NAMES):
                problems.add(name, f"footer line '{line}' names {{{unknown}}}, which reportgen "
                             "does not know; expected {page} or {pages}", LAYOUT.name,
                             cells.get("footer"))
                ok = False
        stamp = values.get("page_stamp", "") or wording.LABELS[wording.STAMP][0]
        if stamp.strip().casefold() != wording.NO_STAMP:
            wrong = stamp_problem(stamp)
            if wrong:
                problems.add(name, f"page stamp '{stamp}' {wrong}", LAYOUT.name,
                             cells.get("page_stamp"))
                ok = False
        logo = values.get("logo", "")
        if logo:
            wrong = logo_problem(path.parent, logo)
            if wrong:
                problems.add(name, f"logo '{logo}' {wrong}", LAYOUT.name, cells.get("logo"))
                ok = False
        header = _header(wb, problems, name)
        from reportgen.style import words_sheet

        own = words_sheet.read(wb, problems, name, header or ())
        if not ok or header is None or own is None:
            return None
        return Structure(header, values["header_as"], lines, values["title_case"],
                         values["date_format"], values["sections"], values["paragraphs"],
                         values["appendices"], values["appendix_word"], footer,
                         values["numbered_marker"], values["roman_marker"], logo,
                         tuple(line.strip() for line in
                               values.get("required_headings", "").split("\n")
                               if line.strip()), stamp, own,
                         values.get("title_placed") or TITLE_PLACES[0])
    finally:
        wb.close()


def stamp_problem(stamp: str) -> str | None:
    """What is wrong with a page stamp's words, or None: they name {page} once, where the
    page's number goes, and {item} at most, the agenda item's."""
    import re

    unknown = sorted(set(re.findall(r"\{([^{}]*)\}", stamp)) - set(STAMP_NAMES))
    if unknown:
        return (f"names {{{unknown[0]}}}, which reportgen does not know; expected {{item}} "
                "(the agenda item's number) and {page} (the page's)")
    if stamp.count("{page}") != 1:
        return ("does not name {page} once; expected {page} where the page's number goes, "
                "such as ITEM NO. {item}.{page}, or none for no stamp")
    return None


def logo_problem(folder: Path, name: str) -> str | None:
    """What is wrong with the logo ``name`` in the house style's ``folder``, or None: it must
    be a .png or .jpg picture file there, of a sensible size (``inputs.pictures``)."""
    from reportgen.inputs.body import IMAGE_SUFFIXES
    from reportgen.inputs.files import locate
    from reportgen.inputs.pictures import read_picture

    if Path(name).suffix.lower() not in IMAGE_SUFFIXES:
        return ("is not a picture file name; expected a .png or .jpg file in the house "
                "style's folder")
    found = locate(folder, name)
    if isinstance(found, str):
        return found.replace("the report folder", "the house style's folder")
    picture = read_picture(found)
    return picture if isinstance(picture, str) else None


def _header(wb, problems: Problems, name: str  # type: ignore[no-untyped-def]
            ) -> tuple[HeaderField, ...] | None:
    from reportgen.inputs.schema import canonical

    fields: list[HeaderField] = []
    seen: dict[str, str] = {}
    ok = True
    for row in wb.rows(HEADER.name, ("Field", "Label", "Required")):
        field, label = row.text("Field").strip(), row.text("Label").strip()
        required = canonical(Choice("Required", YES_NO), row.text("Required") or "Yes")
        key = " ".join(field.casefold().split()).rstrip(":")
        if not field:
            problems.add(name, "the field's name is empty; expected the name officers type "
                         "in their Details sheet", HEADER.name, row.cell("Field"))
            ok = False
        elif key in CORE_FIELDS and key not in SHOWN_CORE:
            problems.add(name, f"field '{field}' is one of reportgen's own Details fields, "
                         "never printed in the header block; expected another name, or one of "
                         + ", ".join(SHOWN_CORE), HEADER.name, row.cell("Field"))
            ok = False
        elif key in seen:
            problems.add(name, f"field '{field}' is listed twice (also in cell {seen[key]}); "
                         "expected each field once", HEADER.name, row.cell("Field"))
            ok = False
        if required is None:
            problems.add(name, f"required '{row.text('Required')}' is not Yes or No",
                         HEADER.name, row.cell("Required"))
            ok = False
        seen[key] = row.cell("Field")
        fields.append(HeaderField(field, label, required == "Yes"))
    if wb.book is None or not wb.has_sheet(HEADER.name) or HEADER.name in wb.unread:
        return None
    return tuple(fields) if ok else None


def details_sheet(structure: Structure) -> Sheet:
    """The Details sheet of a report in ``structure``: reportgen's own fields and the header
    block's, for ``init`` and ``refresh-workbooks`` to offer in the Field drop-down (Excel
    refuses a field the list lacks).
    """
    from reportgen.inputs import schema

    if structure == BUILT_IN:
        return schema.DETAILS
    fields = tuple(f for f in schema.DETAIL_FIELDS if f.key in CORE_FIELDS) + tuple(
        Field(h.field, f"header:{h.key}", h.required, f"what the header block prints after "
              f"'{h.label}'", "") for h in structure.header if h.key not in SHOWN_CORE)
    choice = Choice("Details field", tuple(f.label for f in fields))
    field_column = schema.DETAILS.columns[0]
    columns = (Column(field_column.name, field_column.purpose, width=field_column.width,
                      choice=choice), *schema.DETAILS.columns[1:])
    return Sheet(schema.DETAILS.name, schema.DETAILS.purpose, columns, fields=fields)


def details_sheet_for(folder: Path, wb: object) -> Sheet:
    """``details_sheet`` for the report in ``folder`` whose workbook ``wb`` (openpyxl, being
    refreshed) names its house style; the built-in Details when it names none or one that
    cannot be read (``validate`` says why).
    """
    from reportgen import style
    from reportgen.inputs import schema
    from reportgen.inputs.files import locate

    sheet = next((ws for ws in wb.worksheets  # type: ignore[attr-defined]
                  if ws.title.casefold() == "details"), None)
    named = None
    for row in sheet.iter_rows(min_row=2, max_col=2, values_only=True) if sheet else ():
        if row[0] and " ".join(str(row[0]).casefold().split()) == "house style" and row[1]:
            named = str(row[1]).strip()
    if not named:
        return schema.DETAILS
    located = locate(folder, named, style=True)
    loaded = style.for_report(located) if not isinstance(located, str) else located
    return schema.DETAILS if isinstance(loaded, str) else details_sheet(loaded.structure)
