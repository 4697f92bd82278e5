"""House styles: a council's look and structure, kept as a folder committee services edit with
Word and Excel, never in code.

A house style is a folder holding ``reference.docx`` (the council's Word template: its styles,
page and margins, which the DOCX keeps and the PDF is laid out from) and ``house-style.xlsx``
(the structure: header fields, title lines, numbering, words; ``structure``). The built-in one,
``reportgen/templates/house-style``, is Cannock Chase's and the default; its look is
``layout.BUILT_IN`` (its template was made from it: ``scripts/make-built-in-style.py``), so a
report without a house style is built exactly as before.

A report names its style in Details, ``House style``: a folder written relative to the report
folder and inside the inputs folder that holds it (``../house-styles/kent``), checked before
anything in it is opened, as a shared delivery plan is.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from reportgen import layout, model
from reportgen.errors import Problems
from reportgen.paths import TEMPLATES
from reportgen.style import structure as structures

#: The built-in house style: Cannock Chase's.
BUILT_IN_FOLDER = TEMPLATES / "house-style"
REFERENCE = "reference.docx"
WORKBOOK = "house-style.xlsx"
#: The largest reference document read, in bytes: a template is styles, not pictures.
MAX_REFERENCE_BYTES = 20 * 1024 * 1024


@dataclass
class HouseStyle:
    """A house style as the writers use it."""

    folder: Path
    look: layout.Look
    structure: structures.Structure = structures.BUILT_IN
    #: What committee services should know: what the PDF cannot show, fonts used instead.
    notes: list[str] = field(default_factory=list)

    @property
    def reference(self) -> Path:
        return self.folder / REFERENCE

    @property
    def files(self) -> list[Path]:
        """The style's files a build reads, for the build record."""
        return [p for p in (self.folder / REFERENCE, self.folder / WORKBOOK) if p.is_file()]

    @property
    def built_in(self) -> bool:
        return self.folder == BUILT_IN_FOLDER


BUILT_IN = HouseStyle(BUILT_IN_FOLDER, layout.BUILT_IN)


def load(folder: Path, problems: Problems | None = None) -> HouseStyle | str:
    """The house style in ``folder`` (already checked to be inside the project), or what is
    wrong with it, worded to follow the folder's name in a message. Problems in its
    ``house-style.xlsx`` are each recorded in ``problems`` at their sheet and cell (a scratch
    list when None); then the answer says only that the workbook has problems.
    """
    from reportgen.style import reference

    if folder.resolve() == BUILT_IN_FOLDER.resolve():
        return BUILT_IN
    path = folder / REFERENCE
    if not path.is_file():
        return (f"has no {REFERENCE}; expected the council's Word template saved there as "
                f"{REFERENCE} (reportgen init --house-style makes a starting one)")
    if path.stat().st_size > MAX_REFERENCE_BYTES:
        return (f"{REFERENCE} is over {MAX_REFERENCE_BYTES // (1024 * 1024)} MB; a template "
                "holds styles, not pictures: remove large pictures from it")
    try:
        reading = reference.read(path)
    except reference.ReferenceError as exc:
        return f"cannot be used: its {REFERENCE} {exc}"
    found = problems if problems is not None else Problems()
    if reading.problems:
        for problem in reading.problems:
            found.add(f"{folder.name}/{REFERENCE}", problem)
        return f"cannot be used: its {REFERENCE} has problems, each listed with it"
    book = folder / WORKBOOK
    if not book.is_file():
        return (f"has no {WORKBOOK}; expected the house style's workbook there "
                "(reportgen init --house-style makes a starting one)")
    before = len(found.all())
    structure = structures.read(book, found, f"{folder.name}/{WORKBOOK}")
    if structure is None or len(found.all()) > before:
        return f"cannot be used: its {WORKBOOK} has problems, each listed at its cell"
    notes = [f"{folder.name}/{REFERENCE}: {note}" for note in reading.notes]
    look = dataclasses.replace(
        reading.look, header_table=structure.header_as == structures.HEADER_AS[1],
        title_first=structure.title_placed == structures.TITLE_PLACES[1],
        section_suffix="." if structure.sections == "1." else "",
        section_shown=structure.sections != "none",
        paragraph_suffix="." if structure.paragraphs == "1.1." else "",
        paragraph_count=structure.paragraph_count, footer=structure.footer,
        numbered_marker=structure.numbered_marker, roman_marker=structure.roman_marker,
        logo=_logo(folder, structure))
    return HouseStyle(folder, look, structure, notes)


def _logo(folder: Path, structure: structures.Structure) -> model.Picture | None:
    """The logo, prepared as both writers embed it (already checked by ``structure.read``)."""
    from reportgen.inputs.pictures import read_picture

    if not structure.logo:
        return None
    picture = read_picture(folder / structure.logo)
    return None if isinstance(picture, str) else picture


def for_report(folder: Path | None, problems: Problems | None = None) -> HouseStyle | str:
    """The house style a report names (its checked folder, or None for the built-in one)."""
    return BUILT_IN if folder is None else load(folder, problems)
