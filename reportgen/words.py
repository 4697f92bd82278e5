"""The fixed words a report prints about progress: status words, directions of travel, column
titles, the summary's sentences and the key, in one table.

They are the house style's, not the code's: one council says *On target*, another *Green*; one
heads the column *Since last report*, another *Direction of travel*. Every writer, the reader's
drop-down of statuses and ``reportgen changes`` take them from a ``Words``, so a council's own
table replaces them all at once, and no writer holds a word of its own.

Nothing here reads a file or knows a format; it is data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

#: Directions of travel, by the key the comparison gives them (``reportgen.compare``).
IMPROVED, NO_CHANGE, WORSE, NEW, COMPLETED = "improved", "no change", "worse", "new", "completed"
#: The other changes the comparison lists: an activity gone since the last report, a target
#: date moved.
REMOVED, REDATED = "removed", "redated"
DIRECTIONS = (IMPROVED, NO_CHANGE, WORSE, NEW, COMPLETED)


@dataclass(frozen=True)
class Status:
    """A status word an officer picks for an activity, and its meaning, printed in the key."""

    word: str
    meaning: str


@dataclass(frozen=True)
class Words:
    """Every fixed word of the progress summary, the list of changes, the key and the plan's
    own columns. ``statuses`` are ordered best to worst; the first is *done* and is counted
    apart from the rest (an activity completed is no longer in progress).
    """

    statuses: tuple[Status, ...]
    #: Per direction key: the word, and the arrow printed beside it as text (never a symbol
    #: font, which a screen reader reads as letters, and never colour alone).
    directions: dict[str, tuple[str, str]]
    #: Per direction key: what it means, printed in the key.
    direction_meanings: dict[str, str]
    ref_column: str = "Ref"
    status_column: str = "Status"
    since_column: str = "Since last report"
    summary_heading: str = "Progress since the last report"
    summary_heading_first: str = "Progress"
    #: "{status}: {count} of {total} ({percent}%)", then ", {before} of {before_total} last
    #: time" when there is a last time.
    count: str = "{status}: {count} of {total} ({percent}%)"
    count_before: str = ", {count} of {total} last time"
    #: Completed activities, counted apart from the activities in progress.
    completed_count: str = "{status}: {count}"
    completed_before: str = ", {count} last time"
    no_status: str = "No status given"
    in_progress: str = ("Activities: {count} in progress, {completed} completed, {total} in all; "
                        "compared with the plan in the report to {committee} of {date}.")
    in_progress_first: str = ("Activities: {count} in progress, {completed} completed, {total} "
                              "in all.")
    nothing_to_compare: str = ("There is nothing to compare with yet: the plan in the report "
                               "to {committee} of {date} has no activity references (Ref).")
    changes_heading: str = "Changes since the last report"
    no_changes: str = "No activity has changed status or target date since the last report."
    #: Each kind of change, as the lead-in of its list, in the order they are listed.
    change_kinds: tuple[tuple[str, str], ...] = (
        (NEW, "New activities"),
        (REMOVED, "Activities removed since the last report, with their last status"),
        (COMPLETED, "Completed since the last report"),
        (WORSE, "Worse than at the last report"),
        (IMPROVED, "Improved since the last report"),
        (REDATED, "Target dates moved"),
    )
    #: One activity in the list of changes: its Ref and its words, then what changed.
    change_item: str = "{ref} {activity}: {what}"
    status_change: str = "{before} to {now}"
    redated: str = "moved from {before} to {now}"
    removed: str = "last status {status}"
    no_status_before: str = "no status"
    #: The kind of each change as ``reportgen changes`` prints it (directions print their
    #: word and arrow).
    removed_word: str = "Removed"
    redated_word: str = "Target date moved"
    #: The column titles of ``reportgen changes --csv``.
    csv_columns: tuple[str, ...] = ("Workbook", "Sheet", "Cell", "Ref", "Change", "Before",
                                    "Now", "Activity")
    no_previous: str = "Details names no Previous report, so there is nothing to compare"
    key_heading: str = "Key"
    key_status: str = "{word}: {meaning}"
    key_direction: str = "{word}: {meaning}"
    #: The months' names in dates (None: English).
    months: tuple[str, ...] | None = None

    @property
    def status_words(self) -> tuple[str, ...]:
        return tuple(s.word for s in self.statuses)

    @property
    def done(self) -> str:
        """The status of an activity finished: counted apart from those in progress."""
        return self.statuses[0].word

    def direction(self, key: str) -> str:
        """The direction as printed: its word with its arrow beside it (a no-break space
        between, so the arrow never starts a line of its own)."""
        word, arrow = self.directions[key]
        return f"{word}\u00a0{arrow}" if arrow else word

    def change_word(self, kind: str) -> str:
        """A change's kind as ``reportgen changes`` prints it."""
        if kind == REMOVED:
            return self.removed_word
        if kind == REDATED:
            return self.redated_word
        return self.direction(kind).replace("\u00a0", " ")

    def date(self, day: dt.date) -> str:
        """A date as the report prints it: 31 March 2014, 31 Mawrth 2014."""
        month = self.months[day.month - 1] if self.months else f"{day:%B}"
        return f"{day.day} {month} {day.year}"


#: The built-in words (a house style may replace them).
WORDS = Words(
    statuses=(
        Status("Completed", "the activity is finished and its target met"),
        Status("On target", "the activity is on course to meet its target by its date"),
        Status("Some delay", "the activity is behind, but expected to meet its target late or "
                             "in part"),
        Status("Significant delay", "the activity is well behind and unlikely to meet its "
                                    "target without action"),
    ),
    directions={
        IMPROVED: ("Improved", "\u2191"),
        NO_CHANGE: ("No change", "\u2192"),
        WORSE: ("Worse", "\u2193"),
        NEW: ("New", ""),
        COMPLETED: ("Completed", "\u2191"),
    },
    direction_meanings={
        IMPROVED: "a better status than at the last report",
        NO_CHANGE: "the same status as at the last report",
        WORSE: "a worse status than at the last report",
        NEW: "not in the plan at the last report",
        COMPLETED: "completed since the last report",
    },
)


#: The built-in words of a Welsh report (``for_language``). The statuses' words are those
#: officers pick in the plan workbook's drop-down, so they stay as the workbook has them; their
#: meanings, the directions and every sentence are Welsh.
WELSH_WORDS = replace(
    WORDS,
    statuses=(
        Status("Completed", "mae'r gweithgaredd wedi'i orffen a'i darged wedi'i gyrraedd"),
        Status("On target", "mae'r gweithgaredd ar y trywydd iawn i gyrraedd ei darged erbyn "
                            "ei ddyddiad"),
        Status("Some delay", "mae'r gweithgaredd ar ei hôl hi, ond disgwylir iddo gyrraedd ei "
                             "darged yn hwyr neu'n rhannol"),
        Status("Significant delay", "mae'r gweithgaredd ymhell ar ei hôl hi ac nid yw'n "
                                    "debygol o gyrraedd ei darged heb weithredu"),
    ),
    directions={
        IMPROVED: ("Gwell", "\u2191"),
        NO_CHANGE: ("Dim newid", "\u2192"),
        WORSE: ("Gwaeth", "\u2193"),
        NEW: ("Newydd", ""),
        COMPLETED: ("Wedi'i gwblhau", "\u2191"),
    },
    direction_meanings={
        IMPROVED: "statws gwell nag yn yr adroddiad diwethaf",
        NO_CHANGE: "yr un statws ag yn yr adroddiad diwethaf",
        WORSE: "statws gwaeth nag yn yr adroddiad diwethaf",
        NEW: "nid oedd yn y cynllun yn yr adroddiad diwethaf",
        COMPLETED: "wedi'i gwblhau ers yr adroddiad diwethaf",
    },
    ref_column="Cyf",
    status_column="Statws",
    since_column="Ers yr adroddiad diwethaf",
    summary_heading="Cynnydd ers yr adroddiad diwethaf",
    summary_heading_first="Cynnydd",
    count="{status}: {count} o {total} ({percent}%)",
    count_before=", {count} o {total} y tro diwethaf",
    completed_before=", {count} y tro diwethaf",
    no_status="Dim statws wedi'i roi",
    in_progress=("Gweithgareddau: {count} ar waith, {completed} wedi'u cwblhau, {total} i gyd; "
                 "o'u cymharu â'r cynllun yn yr adroddiad i {committee} ar {date}."),
    in_progress_first=("Gweithgareddau: {count} ar waith, {completed} wedi'u cwblhau, {total} "
                       "i gyd."),
    nothing_to_compare=("Nid oes dim i'w gymharu eto: nid oes gan y cynllun yn yr adroddiad i "
                        "{committee} ar {date} gyfeirnodau gweithgareddau (Cyf)."),
    changes_heading="Newidiadau ers yr adroddiad diwethaf",
    no_changes=("Nid oes unrhyw weithgaredd wedi newid ei statws na'i ddyddiad targed ers yr "
                "adroddiad diwethaf."),
    change_kinds=(
        (NEW, "Gweithgareddau newydd"),
        (REMOVED, "Gweithgareddau a dynnwyd ers yr adroddiad diwethaf, gyda'u statws olaf"),
        (COMPLETED, "Wedi'u cwblhau ers yr adroddiad diwethaf"),
        (WORSE, "Yn waeth nag yn yr adroddiad diwethaf"),
        (IMPROVED, "Wedi gwella ers yr adroddiad diwethaf"),
        (REDATED, "Dyddiadau targed wedi'u symud"),
    ),
    status_change="{before} i {now}",
    redated="wedi'i symud o {before} i {now}",
    removed="statws olaf {status}",
    no_status_before="dim statws",
    key_heading="Allwedd",
    months=("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
            "Medi", "Hydref", "Tachwedd", "Rhagfyr"),
)


def for_language(language: str) -> Words:
    """The progress words of a report in ``language``: Welsh for cy-GB, else English."""
    return WELSH_WORDS if language == "cy-GB" else WORDS
