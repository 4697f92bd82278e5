"""What officers' workbooks hold: every sheet, column and accepted word, in one place.

The readers take the words they accept from here, and ``reportgen init`` builds its workbooks,
drop-down lists, input messages and Instructions sheet from here (``reportgen.start.workbooks``),
so a drop-down never offers a word the reader refuses, nor does the reader accept a word the
drop-down lacks. ``tests/test_init.py`` holds the two to that.

Nothing here reads or writes a file; it is data, importable by both sides without cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from reportgen import model
from reportgen.words import WORDS

#: Text in a cell that marks a row ``reportgen init`` wrote as an example. Upper case with its
#: colon, at the very start of the cell: a real paragraph is unlikely to begin so.
EXAMPLE_MARKER = "EXAMPLE:"
EXAMPLE_PROBLEM = ("is an example row from reportgen init; replace it with your own text or "
                   "delete the row")

#: Sheets ``reportgen init`` adds for people, never read as report input (unless a table row
#: names one, as it may name any sheet).
INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "Lists"

# --- Styles of the Style/Text rows --------------------------------------------------------------

SECTION_STYLES = ("section", "unnumbered section", "appendices section")
BLOCK_STYLES = ("numbered paragraph", "numbered heading", "heading", "paragraph", "bullet",
                "numbered item", "roman item", "case study", "table", "table with total", "image",
                "boxed paragraph", "contact column")
#: Styles allowed in a text appendix: it has no numbered paragraphs of the report's own.
APPENDIX_STYLES = ("heading", "paragraph", "bullet", "numbered item", "roman item", "table",
                   "table with total", "image")
ALL_STYLES = SECTION_STYLES + BLOCK_STYLES


@dataclass(frozen=True)
class StyleHelp:
    """One style as the Instructions sheet explains it: what it prints, and an example row."""

    style: str
    prints_as: str
    text: str
    key: str = ""


STYLE_HELP: tuple[StyleHelp, ...] = (
    StyleHelp("section", "a numbered section heading: 5 Report Detail", "Report Detail",
              "report-detail"),
    StyleHelp("numbered paragraph", "a paragraph numbered within its section (5.1, 5.2 …)",
              "That Cabinet note the update on Partnership activity.", "rec-note"),
    StyleHelp("numbered heading", "a sub-heading numbered like a paragraph: 6.1 Financial",
              "Financial"),
    StyleHelp("heading", "an unnumbered sub-heading", "Acceptable Behaviour Contracts"),
    StyleHelp("paragraph", "an unnumbered paragraph",
              "The Strategic Board has met twice since the last update."),
    StyleHelp("bullet", "a bulleted list item; bullet rows one after another make one list",
              "Improved Health"),
    StyleHelp("numbered item", "a list item numbered 1. 2. 3. (each list starts again at 1)",
              "Apprenticeship Incentive Scheme for local businesses"),
    StyleHelp("roman item", "a list item numbered (i) (ii) (iii)",
              "The Partnership vision is shared with this Council."),
    StyleHelp("case study", "the case study whose Key is in sheet Case studies, in italics",
              "", "vpc"),
    StyleHelp("table", "the table on the sheet named in Key; Text is its caption (optional)",
              "Projects funded this year", "Projects"),
    StyleHelp("table with total", "the same, and the sheet must end with a Total row",
              "ASB stages issued since January", "ASB stages"),
    StyleHelp("image", "the picture file named in Key, from the report folder; Text is its "
              "caption, Alt text describes it for people who cannot see it", "Before",
              "before.png"),
    StyleHelp("boxed paragraph", "a paragraph in a ruled box; boxed paragraph rows one after "
              "another share one box (a summary and recommendations set apart)",
              "This report provides the Cabinet with the plan for approval."),
    StyleHelp("contact column", "one column of a contact block, its lines in one cell "
              "(Alt+Enter between them); two contact column rows one after another are set "
              "side by side (the report's author and the relevant director)",
              "Report Author:\nNick Abrahams\nTelephone number\n03000 410058"),
    StyleHelp("appendices section", "a numbered section listing the appendices (or None)",
              "Appendices to the Report"),
    StyleHelp("unnumbered section", "a section heading with no number", "Background Papers"),
)

# --- Other fixed words -------------------------------------------------------------------------

KIND_TEXT = "text"
KIND_DELIVERY_PLAN = "delivery plan"
#: What an appendix is (sheet Appendices, column Kind).
APPENDIX_KINDS = (KIND_TEXT, KIND_DELIVERY_PLAN)
#: Whether the report asks for a key decision (sheet Details); printed as typed here.
KEY_DECISIONS = ("Yes", "No")
#: The report's language (sheet Details), as a language tag screen readers and the PDF's /Lang
#: understand, with what each means for the Instructions sheet.
LANGUAGE_NAMES = {"en-GB": "English (United Kingdom)", "cy-GB": "Welsh"}
LANGUAGES = tuple(LANGUAGE_NAMES)
#: First cells that mark a table's Total row (compared case-insensitively).
TOTAL_LABELS = ("total", "totals", "grand total")
#: What an officer types under a column for reportgen to add it up.
SUM_WORD = "sum"


@dataclass(frozen=True)
class Choice:
    """A fixed set of words a cell takes: offered as a drop-down, the only words read."""

    name: str  # its heading on the Lists sheet
    values: tuple[str, ...]


# --- Sheets and columns ------------------------------------------------------------------------

Check = Literal["text", "date", "whole"]


@dataclass(frozen=True)
class Column:
    """A column of a sheet read by name, and what an officer needs to know to fill it in."""

    name: str
    purpose: str  # the input message Excel shows on the column's cells (at most 255 characters)
    required: bool = True  # the reader needs this heading in row 1
    width: float = 20
    choice: Choice | None = None
    check: Check = "text"  # "whole": a whole number of at least 1
    short: str = ""  # the input message's title, when the name is longer than Excel allows

    @property
    def title(self) -> str:
        return self.short or self.name


@dataclass(frozen=True)
class Field:
    """A row of a Field/Value sheet (Details, Plan): its label and what its Value holds."""

    label: str
    attribute: str
    required: bool
    what: str  # a noun phrase: "the date of the meeting"
    example: str
    check: Check = "text"
    choice: Choice | None = None
    note: str = ""  # a sentence said after the example

    @property
    def key(self) -> str:
        """The label as the reader matches it: case, spaces and a trailing colon ignored."""
        return " ".join(self.label.casefold().split()).rstrip(":")

    @property
    def expected(self) -> str:
        """What the Value should hold, as the end of a sentence: "the date of the meeting,
        such as 20/06/2013".
        """
        return self.what + (f", such as {self.example}" if self.example else "")

    @property
    def purpose(self) -> str:
        return (f"{self.expected[0].upper()}{self.expected[1:]}."
                + (f" {self.note}." if self.note else "")
                + ("" if self.required else " Optional."))


@dataclass(frozen=True)
class Sheet:
    name: str
    purpose: str
    columns: tuple[Column, ...]
    required: bool = True  # the workbook must have it
    fields: tuple[Field, ...] = field(default=())  # for Field/Value sheets

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def optional_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if not c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


STYLES_CHOICE = Choice("Style", ALL_STYLES)
APPENDIX_STYLES_CHOICE = Choice("Style in an appendix", APPENDIX_STYLES)
KINDS_CHOICE = Choice("Kind", APPENDIX_KINDS)
KEY_DECISION_CHOICE = Choice("Key decision", KEY_DECISIONS)
LANGUAGE_CHOICE = Choice("Language", LANGUAGES)
#: An activity's status (sheet Activities), best to worst: the house style's words.
STATUS_CHOICE = Choice("Status", WORDS.status_words)

DETAIL_FIELDS: tuple[Field, ...] = (
    Field("Council", "council", True, "the council's name", "Cannock Chase Council"),
    Field("Committee", "committee", True, "the committee the report goes to", "Cabinet"),
    Field("Meeting date", "meeting_date", True, "the date of the meeting", "20/06/2013", "date"),
    Field("Title", "title", True, "the report's title", "Update on Partnership Activity"),
    Field("Agenda item", "agenda_item", False, "the agenda item's number alone", "9", "whole",
          note="The page stamp prints it as ITEM NO. 9.1, 9.2 …; leave it empty for no stamp"),
    Field("Report of", "report_of", True, "the post the report is from", "Head of Policy"),
    Field("Contact officer", "contact_officer", True, "the officer to contact about the report",
          "Natasha Swan"),
    Field("Telephone", "telephone", True, "the contact officer's telephone number or extension",
          "4412"),
    Field("Portfolio leader", "portfolio_leader", True, "the portfolio the report belongs to",
          "Crime and Partnerships"),
    Field("Key decision", "key_decision", True, "Yes if the report asks for a key decision, "
          "otherwise No", "", choice=KEY_DECISION_CHOICE),
    Field("Report track", "report_track", True, "the meetings the report goes to, with their "
          "dates", "Cabinet: 20/06/13"),
    Field("House style", "house_style", False, "the folder of the council's house style, "
          "written from the report folder", "", note="For example ../house-styles/kent (a "
          "folder holding reference.docx and house-style.xlsx, see docs/house-style.md); "
          "empty is the built-in style"),
    Field("Language", "language", False, "the report's language, for screen readers", "en-GB",
          choice=LANGUAGE_CHOICE, note="Choose " + " or ".join(
              f"{code} for {name}" for code, name in LANGUAGE_NAMES.items()) + "; empty is en-GB"),
    Field("Previous report", "previous_report", False, "last quarter's report folder, written "
          "relative to this report's folder", "../cabinet-2013-01-17-partnership-update",
          note="Its delivery plan is compared with this one's, activity by Ref"),
)
DETAIL_LABELS_CHOICE = Choice("Details field", tuple(f.label for f in DETAIL_FIELDS))

DETAILS = Sheet(
    "Details", "The report's details, printed in the block at the top of the first page: "
    "one row per field, the field's name in column Field and its value in column Value.",
    (Column("Field", "The name of the field: pick one from the list. Each field once.", width=20,
            choice=DETAIL_LABELS_CHOICE),
     Column("Value", "The field's value; the input message on each cell says what it holds.",
            width=50)),
    fields=DETAIL_FIELDS)

_REFERENCES = ("Refer to a paragraph with [[paragraph:key]] and to an appendix with "
               "[[appendix:key]].")
TEXT = Sheet(
    "Text", "The body of the report, top to bottom: one row per section heading, heading, "
    "paragraph or list item. reportgen numbers sections and paragraphs itself.",
    (Column("Style", "What the row is: section, numbered paragraph, paragraph, bullet, table … "
            "Pick one from the list; the Instructions sheet shows each with an example.",
            width=22, choice=STYLES_CHOICE),
     Column("Text", "The words of the row: a section title, a heading, a paragraph or a list "
            "item (Alt+Enter starts a new line). " + _REFERENCES, width=90),
     Column("Key", "A short name for the row, so text can refer to it. For case study, "
            "table and image rows: the case study's key, the table's sheet name or the "
            "picture's file name.", required=False, width=22),
     Column("Alt text", "For image rows: what the picture shows, for people who cannot see it.",
            required=False, width=40)))

#: A text appendix's sheet: any name, given in Appendices' Source; this is the name init gives.
APPENDIX_TEXT = Sheet(
    "Appendix 1", "The text of an appendix of kind text, named in sheet Appendices: one row per "
    "heading, paragraph or list item, as in sheet Text but with no sections.",
    (Column("Style", "What the row is: " + ", ".join(APPENDIX_STYLES) + ". An appendix has no "
            "sections or numbered paragraphs.", width=22, choice=APPENDIX_STYLES_CHOICE),
     *TEXT.columns[1:]))

CASE_STUDIES = Sheet(
    "Case studies", "Case studies, each shown where a Text row of style case study names its "
    "Key: the Key and Title on its first row, then one paragraph per row.",
    (Column("Key", "The case study's key, on its first row only (a Text row of style case study "
            "names it); empty on the rows that continue it.", width=16),
     Column("Title", "The case study's title, on its first row.", required=False, width=36),
     Column("Text", "One paragraph of the case study per row. " + _REFERENCES, width=90)),
    required=False)

APPENDICES = Sheet(
    "Appendices", "The appendices, one row each, in the order they are numbered (Appendix 1, "
    "2 …). Delete the rows when the report has none.",
    (Column("Key", "A short name for the appendix, used by [[appendix:key]] in the text.",
            width=14),
     Column("Title", "The appendix title, printed on the appendix and in the appendices "
            "section.", width=60),
     Column("Kind", "text: the appendix is a sheet in this workbook; delivery plan: it is a "
            "delivery-plan workbook.", width=16, choice=KINDS_CHOICE),
     Column("Source", "For text: the name of the sheet holding the appendix. For delivery plan: "
            "the workbook's file name, in the report folder.", width=40)),
    required=False)

REPORT_SHEETS = (DETAILS, TEXT, CASE_STUDIES, APPENDICES)

PLAN_FIELDS: tuple[Field, ...] = (
    Field("Title", "title", False, "the plan's title",
          "Community Safety Delivery Plan January 2013-December 2013"),
)
PLAN_LABELS_CHOICE = Choice("Plan field", tuple(f.label for f in PLAN_FIELDS))
PLAN = Sheet(
    "Plan", "The plan's title (printed once when it is the appendix's title too).",
    (Column("Field", "The name of the field: Title.", width=12, choice=PLAN_LABELS_CHOICE),
     Column("Value", "The plan's title.", width=70)),
    required=False, fields=PLAN_FIELDS)

_OUTCOME_NUMBER = ("The outcome's number: a whole number, 1, 2, 3 … Rows with the same number "
                   "add more baselines and targets to it.")
OUTCOMES = Sheet(
    "Outcomes", "The plan's outcomes, each with its title, baselines and targets.",
    (Column("Outcome", _OUTCOME_NUMBER, width=10, check="whole"),
     Column("Title", "The outcome's title, on its first row.", width=40),
     Column("Baseline", "One baseline per row.", required=False, width=50),
     Column("Target", "One target per row.", required=False, width=50)))

#: What each activity column holds, by its title in ``model.ACTIVITY_COLUMNS``.
ACTIVITY_PURPOSES = {
    "Objective": "The objective the activity serves.",
    "Activity": "What will be done (Alt+Enter starts a new line; • bullets are kept).",
    "£ Resources": "The money for the activity and where it comes from.",
    "Human Resources": "Who does the work.",
    "Lead Officer/s": "The officer or officers leading the activity.",
    "Timescale and milestones": "When it happens, and its milestones.",
    "Baseline": "Where things stand now.",
    "Target": "What the activity aims to achieve.",
    "Is this project sustainable? Will future funding be required to maintain?":
        "Whether the project is sustainable, and whether future funding will be needed.",
}
#: Optional columns of sheet Activities, for the comparison with the previous report.
REF_COLUMN, STATUS_COLUMN, TARGET_DATE_COLUMN = "Ref", "Status", "Target date"
_ACTIVITY_WIDTHS = {"Objective": 18, "Activity": 45, "Is this project sustainable? Will future "
                    "funding be required to maintain?": 30}
ACTIVITIES = Sheet(
    "Activities", "One row per activity, under the outcome it belongs to.",
    (Column("Outcome", "The number of the outcome the activity belongs to (in sheet Outcomes).",
            width=10, check="whole"),
     *(Column(title, ACTIVITY_PURPOSES[title], width=_ACTIVITY_WIDTHS.get(title, 25),
              short=title if len(title) <= 32 else "Is this project sustainable?")
       for title, _ in model.ACTIVITY_COLUMNS),
     Column(REF_COLUMN, "The activity's reference, such as 1.2: unique in the plan and kept "
            "from quarter to quarter, even when the activity is reworded, so the next report "
            "can say what changed.", required=False, width=8),
     Column(STATUS_COLUMN, "Where the activity stands: pick one from the list, best to worst ("
            + ", ".join(WORDS.status_words) + ").", required=False, width=16,
            choice=STATUS_CHOICE),
     Column(TARGET_DATE_COLUMN, "The date the activity should be done by, as a date cell, "
            "such as 31/03/2014. Optional; a moved date is listed in the next report.",
            required=False, width=12, check="date")))

PLAN_SHEETS = (PLAN, OUTCOMES, ACTIVITIES)
#: The Ref and Status of ``reportgen init``'s example activity.
EXAMPLE_PROGRESS = ("1.1", STATUS_CHOICE.values[1])

#: Every fixed set of words, in the order of the Lists sheet's columns.
CHOICES = (STYLES_CHOICE, APPENDIX_STYLES_CHOICE, KINDS_CHOICE, KEY_DECISION_CHOICE,
           LANGUAGE_CHOICE, DETAIL_LABELS_CHOICE, PLAN_LABELS_CHOICE, STATUS_CHOICE)


def is_example(text: str) -> bool:
    """Whether cell text is one of ``reportgen init``'s example rows."""
    return text.lstrip().startswith(EXAMPLE_MARKER)


def canonical(choice: Choice, text: str) -> str | None:
    """The word of ``choice`` that ``text`` is, whatever its case and spaces; None if none.
    A word typed exactly as one of the choices is that choice, so that choices differing only
    in case (the list markers ``a.`` and ``A.``) can each be chosen."""
    typed = " ".join(text.split())
    if typed in choice.values:
        return typed
    wanted = typed.casefold()
    return next((v for v in choice.values if v.casefold() == wanted), None)
