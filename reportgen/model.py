"""The format-neutral report model that every reader produces and every writer consumes.

Readers fill it from officers' workbooks; ``numbering.assign`` then gives sections and numbered
paragraphs their numbers and resolves references, once, so both writers print the same thing.
Nothing here knows about Word, HTML or PDF.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterator
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import Literal

from reportgen.wording import BUILT_IN as BUILT_IN_WORDING
from reportgen.wording import Wording
from reportgen.wording import wording as wording_for


@dataclass
class Ref:
    """A reference in running text to a numbered paragraph or an appendix, by the officer's key.

    ``label`` is empty until numbering resolves it ("5.3", "2"); workbook, sheet and cell say
    where the reference was typed, so an unknown key can be reported there.
    """

    kind: Literal["paragraph", "appendix"]
    key: str
    workbook: str
    sheet: str
    cell: str
    label: str = ""


Span = str | Ref
ListKind = Literal["bullet", "numbered", "roman"]
Text = tuple[Span, ...]


def plain(text: Text) -> str:
    """The words of a text as a reader sees them, references printed as their numbers."""
    return "".join(s if isinstance(s, str) else s.label for s in text)


@dataclass
class Heading:
    """A sub-heading inside a section; numbered ones (5.2, 6.1) count with numbered paragraphs.

    ``level`` is the outline level under the section heading (level 1), set by numbering.
    """

    text: Text
    numbered: bool = False
    key: str | None = None
    number: str | None = None
    level: int = 2
    #: The cell its key was typed in ("C14" of sheet Text), to report a key given twice.
    key_cell: str | None = None


@dataclass
class Paragraph:
    text: Text
    numbered: bool = False
    key: str | None = None
    number: str | None = None
    key_cell: str | None = None  # as for Heading


@dataclass
class List:
    """A run of list items; ``kind`` decides the marker (•, 1., (i))."""

    kind: ListKind
    items: list[Text] = field(default_factory=list)


@dataclass
class Table:
    """A data table: each cell's text as Excel shows it, the Total row kept apart.

    ``numeric`` says, per column, whether it holds numbers (printed right-aligned, as Excel
    aligns them); ``source`` is the workbook, sheet and cell of the row that named the table,
    for a problem found once the table is laid out (too wide to print).
    """

    header: list[str]
    rows: list[list[str]]
    footer: list[str] | None = None
    caption: str = ""
    numeric: list[bool] = field(default_factory=list)
    source: tuple[str, str, str] | None = None


@dataclass
class CaseStudy:
    title: str
    paragraphs: list[Text]
    level: int = 2


@dataclass(frozen=True, eq=False)
class Picture:
    """A picture as both writers embed it, prepared once when the inputs are read: upright
    (a phone's orientation tag applied to the pixels), in colours and a bit depth both Word and
    the PDF show alike, and the officer's own file unchanged whenever it already was so.

    ``kind`` is the format of ``data`` ("png", "jpeg" or "gif"); ``width`` and ``height`` are
    its size in pixels. One object per distinct file, shared by every row that shows it, so
    each writer embeds it once.
    """

    data: bytes = field(repr=False)
    kind: str
    width: int
    height: int

    @functools.cached_property
    def digest(self) -> str:
        """A name for the picture that only the same bytes share."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def mime(self) -> str:
        return f"image/{self.kind}"


@dataclass
class Image:
    path: Path
    caption: str
    alt: str
    picture: Picture


@dataclass
class Box:
    """Paragraphs set apart in a ruled box (Kent's Summary and Recommendation(s))."""

    paragraphs: list[Text]


#: A contact block's columns, side by side; the next contact column row starts a new block.
CONTACT_COLUMNS = 2


@dataclass
class Contacts:
    """A contact block: columns of lines side by side, read left to right (Kent's report
    author beside the relevant director)."""

    columns: list[Text]


Block = Heading | Paragraph | List | Table | CaseStudy | Image | Box | Contacts


@dataclass
class Section:
    """A top-level section; ``numbered`` False for Previous Consideration and the like.

    ``lists_appendices`` marks the section whose body reportgen writes from the appendices.
    """

    title: str
    blocks: list[Block] = field(default_factory=list)
    numbered: bool = True
    key: str | None = None
    number: str | None = None
    lists_appendices: bool = False
    key_cell: str | None = None  # as for Heading


@dataclass
class Activity:
    objective: str
    activity: str
    resources: str
    human_resources: str
    lead_officers: str
    timescale: str
    baseline: str
    target: str
    sustainable: str
    _: KW_ONLY
    #: The activity's reference, kept from quarter to quarter, and its status word ("" when
    #: the plan has no such column or the cell is empty); its target date, from a date cell.
    ref: str = ""
    status: str = ""
    target_date: dt.date | None = None
    #: Where its Ref, Status and Target date are (by column heading: "Ref" -> "K4"), so a
    #: change or a problem can be pointed at in the workbook.
    cells: dict[str, str] = field(default_factory=dict)


#: Column titles of the delivery-plan activity table, in print order, with the attribute each shows.
ACTIVITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Objective", "objective"),
    ("Activity", "activity"),
    ("£ Resources", "resources"),
    ("Human Resources", "human_resources"),
    ("Lead Officer/s", "lead_officers"),
    ("Timescale and milestones", "timescale"),
    ("Baseline", "baseline"),
    ("Target", "target"),
    ("Is this project sustainable? Will future funding be required to maintain?", "sustainable"),
)


@dataclass
class Outcome:
    number: str
    title: str
    baselines: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)


@dataclass
class Change:
    """One thing that changed in a plan since the last report: ``kind`` is a direction key or
    ``removed`` / ``redated`` (``reportgen.words``); ``before`` and ``now`` are what it was and
    is (status words, or dates as printed). Where: the workbook, sheet and cell to look at.
    """

    kind: str
    ref: str
    activity: str
    before: str
    now: str
    workbook: str
    sheet: str
    cell: str


@dataclass
class Comparison:
    """A plan held against the plan of the previous report, activity by Ref.

    ``directions`` holds each current activity's direction key by Ref; ``counts`` and
    ``counts_before`` the activities by status word ("" for none), now and last time.
    ``comparable`` is False when the previous plan has no Refs: nothing to compare with yet.
    """

    committee: str
    date: dt.date
    comparable: bool
    directions: dict[str, str] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    counts_before: dict[str, int] = field(default_factory=dict)


@dataclass
class DeliveryPlan:
    title: str
    outcomes: list[Outcome] = field(default_factory=list)
    source: Path | None = None
    #: The workbook as problems and changes name it.
    workbook: str = ""
    #: Whether its Activities sheet has the Ref / Status columns (so the table prints them).
    has_refs: bool = False
    has_statuses: bool = False
    comparison: Comparison | None = None
    #: What the appendix says before its outcomes: the progress summary, the changes and the
    #: key, as blocks both writers print as they print any (``reportgen.summary``).
    preface: list[Block] = field(default_factory=list)

    @property
    def activities(self) -> list[Activity]:
        return [a for o in self.outcomes for a in o.activities]


@dataclass
class Appendix:
    key: str
    title: str
    body: list[Block] | DeliveryPlan
    number: str | None = None
    #: The appendix's number with the house style's word before it: "Appendix 2", "Appendix B".
    label: str | None = None


@dataclass
class Details:
    """The header block and title lines of a report."""

    council: str
    committee: str
    meeting_date: dt.date
    title: str
    report_of: str
    contact_officer: str
    telephone: str
    portfolio_leader: str
    key_decision: str
    report_track: str
    agenda_item: str | None = None
    language: str = "en-GB"
    #: Where the agenda item was typed ("B6"), for a pack to name when it disagrees.
    agenda_item_cell: str | None = None
    #: Last quarter's report folder as typed, and its cell, for the comparison.
    previous_report: str = ""
    previous_report_cell: str | None = None
    #: The house style's folder, checked to be inside the inputs; None for the built-in one.
    house_style: Path | None = None
    #: Where the house style was named ("B12"), for a problem with the style to point at.
    house_style_cell: str | None = None
    #: The header block's (label, value) lines and the title lines as a house style prints
    #: them; None for the built-in style's (``header_block``, ``heading_lines``).
    header_fields: tuple[tuple[str, str], ...] | None = None
    title_lines: tuple[str, ...] | None = None
    #: The fixed words the report prints, in its language, as its house style words them.
    wording: Wording = BUILT_IN_WORDING

    @property
    def header_block(self) -> list[tuple[str, str]]:
        """The labelled lines at the top of the first page, in the council's order, each
        label in the report's language where the words table or the style gives it."""
        if self.header_fields is not None:
            return [(self.wording[label], value) for label, value in self.header_fields]
        return [
            (self.wording["Report of:"], self.report_of),
            (self.wording["Contact Officer:"], self.contact_officer),
            (self.wording["Telephone No:"], self.telephone),
            (self.wording["Portfolio Leader:"], self.portfolio_leader),
            (self.wording["Key Decision:"],
             self.wording.get(f"Key decision {self.key_decision}", self.key_decision)),
            (self.wording["Report Track:"], self.report_track),
        ]

    @property
    def heading_lines(self) -> list[str]:
        """Committee, date and title, printed in capitals under the header block."""
        if self.title_lines is not None:
            return list(self.title_lines)
        date = self.wording.date(self.meeting_date)
        return [self.committee.upper(), date.upper(), self.title.upper()]


@dataclass
class Meeting:
    """The meeting an agenda pack is for: what the summons on its front sheet says."""

    council: str
    committee: str
    date: dt.date
    time: str
    venue: str
    membership: list[str]
    contact: str
    language: str = "en-GB"

    @property
    def wording(self) -> Wording:
        """The fixed words of the meeting's packs, in its language (the built-in table's)."""
        return wording_for(self.language)

    @property
    def date_text(self) -> str:
        return self.wording.long_date(self.date)


#: Schedule 12A to the Local Government Act 1972, Part 1: the descriptions of exempt
#: information, by paragraph (England).
SCHEDULE_12A: dict[int, str] = {
    1: "information relating to any individual",
    2: "information which is likely to reveal the identity of an individual",
    3: "information relating to the financial or business affairs of any particular person "
       "(including the authority holding that information)",
    4: "information relating to any consultations or negotiations, or contemplated "
       "consultations or negotiations, in connection with any labour relations matter",
    5: "information in respect of which a claim to legal professional privilege could be "
       "maintained in legal proceedings",
    6: "information which reveals that the authority proposes to give a notice or to make an "
       "order or direction under any enactment",
    7: "information relating to any action taken or to be taken in connection with the "
       "prevention, investigation or prosecution of crime",
}


@dataclass
class AgendaItem:
    """One item of business: a report, a supplied PDF (last meeting's minutes), or no paper.

    ``exempt`` is the Schedule 12A paragraph that keeps it out of the public pack, or None.
    """

    number: str
    title: str
    report: Path | None = None
    paper: Path | None = None
    exempt: int | None = None
    #: The cell of its row's item number, for problems found once its report is read.
    cell: str = ""


@dataclass
class Agenda:
    meeting: Meeting
    items: list[AgendaItem]
    #: Every file the agenda itself was read from.
    sources: list[Path] = field(default_factory=list)


@dataclass
class Report:
    details: Details
    sections: list[Section]
    appendices: list[Appendix] = field(default_factory=list)
    #: Every file the report was read from, so a build can tell when it is out of date.
    sources: list[Path] = field(default_factory=list)
    #: What the officer should know that did not stop the report (a workbook open in Excel).
    notes: list[str] = field(default_factory=list)
    #: The previous report's delivery plans by appendix key, for the comparison.
    previous: Previous | None = None


@dataclass
class Previous:
    """What a report needs of the report before it: its meeting and its delivery plans."""

    folder: str
    committee: str
    date: dt.date
    plans: dict[str, DeliveryPlan] = field(default_factory=dict)


def block_texts(blocks: list[Block]) -> Iterator[Text]:
    """Every run of words in these blocks that may hold a reference."""
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            yield block.text
        elif isinstance(block, List):
            yield from block.items
        elif isinstance(block, (CaseStudy, Box)):
            yield from block.paragraphs
        elif isinstance(block, Contacts):
            yield from block.columns


def blocks(report: Report) -> Iterator[Block]:
    """Every block of the report's sections and text appendices, in document order."""
    for section in report.sections:
        yield from section.blocks
    for appendix in report.appendices:
        if isinstance(appendix.body, list):
            yield from appendix.body


def tables(report: Report) -> Iterator[Table]:
    """Every data table in the report, appendices included."""
    yield from (b for b in blocks(report) if isinstance(b, Table))


def report_texts(report: Report) -> Iterator[Text]:
    for section in report.sections:
        yield from block_texts(section.blocks)
    for appendix in report.appendices:
        if isinstance(appendix.body, list):
            yield from block_texts(appendix.body)
