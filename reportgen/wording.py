"""The fixed words the outputs print, per language: one table, so that a report whose Details
say ``cy-GB`` is printed in Welsh from its header block to its page stamp, and an agenda pack
for a Welsh meeting has a Welsh front sheet.

Every word a writer, template or the agenda pack prints that is not the officer's lives here,
by a label (``LABELS``: English, then Welsh). A house style may give its own words for any
label and language (``house-style.xlsx``, sheet Words; ``style.structure``), and the Layout
sheet's Appendix word and Page stamp are its English words. A label may name ``{placeholders}``
that are filled with the report's values; the officer's values are data, never read as
placeholders themselves (``fill``).

The progress words of a delivery plan compared with the last one (``reportgen.words``) are a
table of their own, English only yet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

ENGLISH, WELSH = "en-GB", "cy-GB"
LANGUAGES = (ENGLISH, WELSH)

#: Label -> (English, Welsh). The English words are those the outputs printed before there
#: was a table, so an English report is printed exactly as before. ``docs/house-style.md``
#: names the Welsh words a Welsh speaker should review.
LABELS: dict[str, tuple[str, str]] = {
    # the report
    "Appendix": ("Appendix", "Atodiad"),
    "Page stamp": ("ITEM NO. {item}.{page}", "EITEM RHIF {item}.{page}"),
    "Logo": ("{council} logo", "Logo {council}"),
    "Report details": ("{title}: report details", "{title}: manylion yr adroddiad"),
    "Contact details": ("Contact details", "Manylion cyswllt"),
    "Report of:": ("Report of:", "Adroddiad gan:"),
    "Contact Officer:": ("Contact Officer:", "Swyddog Cyswllt:"),
    "Telephone No:": ("Telephone No:", "Rhif Ffôn:"),
    "Portfolio Leader:": ("Portfolio Leader:", "Arweinydd Portffolio:"),
    "Key Decision:": ("Key Decision:", "Penderfyniad Allweddol:"),
    "Report Track:": ("Report Track:", "Llwybr yr Adroddiad:"),
    "Key decision Yes": ("Yes", "Ydy"),
    "Key decision No": ("No", "Nac ydy"),
    # a delivery plan
    "Outcome": ("Outcome {number}: {title}", "Canlyniad {number}: {title}"),
    "Baselines": ("Baseline/s", "Llinell(au) sylfaen"),
    "Targets": ("Target/s", "Targed(au)"),
    "How we will achieve the targets": ("How will we achieve these targets?",
                                        "Sut y byddwn yn cyflawni'r targedau hyn?"),
    "Objective": ("Objective", "Amcan"),
    "Activity": ("Activity", "Gweithgaredd"),
    "£ Resources": ("£ Resources", "Adnoddau £"),
    "Human Resources": ("Human Resources", "Adnoddau Dynol"),
    "Lead Officer/s": ("Lead Officer/s", "Swyddog(ion) Arweiniol"),
    "Timescale and milestones": ("Timescale and milestones", "Amserlen a cherrig milltir"),
    "Baseline": ("Baseline", "Llinell sylfaen"),
    "Target": ("Target", "Targed"),
    "Sustainable": ("Is this project sustainable? Will future funding be required to "
                    "maintain?", "A yw'r prosiect hwn yn gynaliadwy? A fydd angen cyllid yn y "
                    "dyfodol i'w gynnal?"),
    # an agenda pack
    "Agenda pack": ("{committee}, {date}: agenda pack", "{committee}, {date}: pecyn rhaglen"),
    "Confidential agenda pack": ("{committee}, {date}: confidential agenda pack",
                                 "{committee}, {date}: pecyn rhaglen cyfrinachol"),
    "Confidential heading": ("Confidential agenda pack: not for publication",
                             "Pecyn rhaglen cyfrinachol: nid i'w gyhoeddi"),
    "Confidential mark": ("CONFIDENTIAL: NOT FOR PUBLICATION", "CYFRINACHOL: NID I'W GYHOEDDI"),
    "Summons and agenda": ("Summons and agenda", "Gwŷs a rhaglen"),
    "Summons": ("You are summoned to attend the meeting of the {committee} to be held on "
                "{date} at {time}, {venue}, to transact the business on the agenda below.",
                "Fe'ch gwysir i fynychu cyfarfod {committee} a gynhelir ar {date} am {time}, "
                "{venue}, i drafod y busnes ar y rhaglen isod."),
    "Membership": ("Membership", "Aelodaeth"),
    "Contact": ("Contact: {contact}", "Cyswllt: {contact}"),
    "Agenda": ("Agenda", "Rhaglen"),
    "Item": ("Item", "Eitem"),
    "Business": ("Business", "Busnes"),
    "Page": ("Page", "Tudalen"),
    "No paper": ("no paper", "dim papur"),
    "Exempt item": (" (exempt: paragraph {paragraph} of Schedule 12A)",
                    " (eithriedig: paragraff {paragraph} o Atodlen 12A)"),
    "Item title": ("Item {number}: {title}", "Eitem {number}: {title}"),
    "Item number": ("Item {number}", "Eitem {number}"),
    "Exempt notice title": ("Item {number}: {title} (exempt)",
                            "Eitem {number}: {title} (eithriedig)"),
    "Exempt notice": ("This item is not for publication. It is exempt under paragraph "
                      "{paragraph} of Part 1 of Schedule 12A to the Local Government Act 1972: "
                      "{description}.",
                      "Nid yw'r eitem hon i'w chyhoeddi. Mae wedi'i heithrio o dan baragraff "
                      "{paragraph} o Ran 1 o Atodlen 12A i Ddeddf Llywodraeth Leol 1972: "
                      "{description}."),
    "Exempt papers": ("Its papers are in the confidential agenda pack, for Members and the "
                      "officers who need them.",
                      "Mae ei phapurau yn y pecyn rhaglen cyfrinachol, ar gyfer Aelodau a'r "
                      "swyddogion sydd eu hangen."),
    "Schedule 12A paragraph 1": ("information relating to any individual",
                                 "gwybodaeth yn ymwneud ag unrhyw unigolyn"),
    "Schedule 12A paragraph 2": ("information which is likely to reveal the identity of an "
                                 "individual", "gwybodaeth sy'n debygol o ddatgelu pwy yw "
                                 "unigolyn"),
    "Schedule 12A paragraph 3": ("information relating to the financial or business affairs "
                                 "of any particular person (including the authority holding "
                                 "that information)", "gwybodaeth yn ymwneud â materion "
                                 "ariannol neu fusnes unrhyw berson penodol (gan gynnwys yr "
                                 "awdurdod sy'n dal yr wybodaeth honno)"),
    "Schedule 12A paragraph 4": ("information relating to any consultations or negotiations, "
                                 "or contemplated consultations or negotiations, in connection "
                                 "with any labour relations matter", "gwybodaeth yn ymwneud ag "
                                 "unrhyw ymgynghoriadau neu drafodaethau, neu ymgynghoriadau "
                                 "neu drafodaethau arfaethedig, mewn cysylltiad ag unrhyw fater "
                                 "cysylltiadau llafur"),
    "Schedule 12A paragraph 5": ("information in respect of which a claim to legal "
                                 "professional privilege could be maintained in legal "
                                 "proceedings", "gwybodaeth y gellid cynnal hawliad i fraint "
                                 "broffesiynol gyfreithiol mewn perthynas â hi mewn achos "
                                 "cyfreithiol"),
    "Schedule 12A paragraph 6": ("information which reveals that the authority proposes to "
                                 "give a notice or to make an order or direction under any "
                                 "enactment", "gwybodaeth sy'n datgelu bod yr awdurdod yn "
                                 "bwriadu rhoi hysbysiad neu wneud gorchymyn neu gyfarwyddyd o "
                                 "dan unrhyw ddeddfiad"),
    "Schedule 12A paragraph 7": ("information relating to any action taken or to be taken in "
                                 "connection with the prevention, investigation or prosecution "
                                 "of crime", "gwybodaeth yn ymwneud ag unrhyw gamau a gymerwyd "
                                 "neu sydd i'w cymryd mewn cysylltiad ag atal trosedd, ymchwilio "
                                 "iddi neu erlyn amdani"),
}
#: Words printed by their English text that have a shorter label: a delivery plan's column.
ALIASES = {LABELS["Sustainable"][0]: "Sustainable"}
#: The built-in header block's labels: in English a style's own label is printed as it is
#: typed (Kent's "Key decision:"), so the table gives only their Welsh.
HEADER_LABELS = ("Report of:", "Contact Officer:", "Telephone No:", "Portfolio Leader:",
                 "Key Decision:", "Report Track:")
#: The placeholders each label's words may name (none: none); ``Page stamp`` needs {page}.
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    label: tuple(dict.fromkeys(re.findall(r"\{([a-z]+)\}", words[0])))
    for label, words in LABELS.items()}
STAMP = "Page stamp"
#: Printed in place of a page stamp's words (Layout, Page stamp) for no stamp at all.
NO_STAMP = "none"

MONTHS = {WELSH: ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf",
                  "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr")}
WEEKDAYS = {WELSH: ("Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener",
                    "Dydd Sadwrn", "Dydd Sul")}


def key(label: str) -> str:
    """A label as looked up: case, spaces and a closing colon aside."""
    return " ".join(label.casefold().split()).rstrip(":").strip()


@dataclass(frozen=True)
class Wording:
    """The words of one language as a report or pack prints them: the built-in table's,
    with a house style's own in their place (``words``: label key -> words)."""

    language: str
    words: tuple[tuple[str, str], ...]

    def __getitem__(self, label: str) -> str:
        return self.get(label, label)

    def get(self, label: str, default: str) -> str:
        found = dict(self.words)
        return found.get(key(label), found.get(key(ALIASES.get(label, "")), default))

    def fill(self, label: str, **values: object) -> str:
        """The words of ``label`` with each ``{name}`` replaced by its value."""
        return fill(self[label], values)

    def month(self, day: dt.date) -> str:
        names = MONTHS.get(self.language)
        return names[day.month - 1] if names else f"{day:%B}"

    def weekday(self, day: dt.date) -> str:
        names = WEEKDAYS.get(self.language)
        return names[day.weekday()] if names else f"{day:%A}"

    def date(self, day: dt.date) -> str:
        """A date as a report prints it: 20 June 2013, 20 Mehefin 2013."""
        return f"{day.day} {self.month(day)} {day.year}"

    def long_date(self, day: dt.date) -> str:
        """With its weekday, as a summons prints it: Thursday 17 January 2013."""
        return f"{self.weekday(day)} {self.date(day)}"

    def stamp(self, item: str | None) -> tuple[str, str] | None:
        """The page stamp's words before and after the page number, the agenda item filled
        in; None when there is no stamp (no agenda item, or the style prints none)."""
        if not item or self[STAMP].strip().casefold() == NO_STAMP:
            return None
        return self.stamp_words(item)

    def stamp_words(self, item: str | None) -> tuple[str, str]:
        """The stamp's words before and after the page number, whether printed or not (a
        page's HTML names them either way, so a report without an agenda item has the same
        HTML, and so the same PDF, as before the words were a house style's)."""
        words = self[STAMP]
        if words.strip().casefold() == NO_STAMP:
            return "", ""
        before, _, after = words.partition("{page}")
        return fill(before, {"item": item or ""}), fill(after, {"item": item or ""})


def fill(words: str, values: dict[str, object]) -> str:
    """``words`` with each ``{name}`` replaced by its value, in one pass: a value that holds
    ``{...}`` (an officer's title) is printed as it is, never filled in turn."""
    return re.sub(r"\{([a-z]+)\}", lambda m: str(values[m.group(1)])
                  if m.group(1) in values else m.group(0), words)


def wording(language: str, own: tuple[tuple[str, str, str], ...] = ()) -> Wording:
    """The words of ``language`` (English for a language the table lacks), with a house
    style's ``own`` (label, language, words) for that language in place of the built-in."""
    column = 1 if language == WELSH else 0
    words = {key(label): pair[column] for label, pair in LABELS.items()
             if column or label not in HEADER_LABELS}
    words.update({key(label): text for label, lang, text in own if lang == language})
    return Wording(language, tuple(words.items()))


BUILT_IN = wording(ENGLISH)
