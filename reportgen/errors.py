"""The one exception type for officers' mistakes in the inputs.

Readers collect every problem they find rather than stopping at the first, so an officer fixes a
workbook once, not once per run. Each problem names where it is, in the officer's terms.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

#: Problems listed per sheet; past this the rest are counted, not listed. A sheet with thousands
#: of wrong rows (a pasted data dump, say) is one mistake, and a screenful says so better.
MAX_PER_SHEET = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the inputs: where it is and what is expected instead."""

    workbook: str
    message: str
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        where = ", ".join(p for p in (self.workbook, self.sheet and f"sheet {self.sheet}",
                                      self.cell and f"cell {self.cell}") if p)
        return f"{where}: {self.message}"


class InputError(Exception):
    """Raised with every problem found in a report's inputs; nothing has been written."""

    def __init__(self, problems: list[Problem], notes: list[str] | None = None):
        self.problems = list(problems)
        self.notes = list(notes or [])
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # As it was made, so a report built in a worker process brings its problems back whole.
        return (InputError, (self.problems, self.notes))


class Problems:
    """A collector readers pass around; ``check`` raises once, with everything found so far.

    A cell whose value is unusable (an error value, an uncalculated formula) is reported once,
    through ``add_unusable``; later problems at the same cell are consequences of it (an empty
    'Text', an unknown 'Style') and would only mislead, so they are dropped.
    """

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self._seen: set[Problem] = set()
        self._unusable: set[tuple[str, str | None, str | None]] = set()
        self._listed: Counter[tuple[str, str | None]] = Counter()
        self._unlisted: Counter[tuple[str, str | None]] = Counter()
        #: Keys of rows dropped because of a problem of their own: a reference to one is not
        #: reported as well (it would send the officer looking for a key that is there).
        self.dropped_keys: set[str] = set()
        #: Things the officer should know that do not stop a build (a workbook open in Excel).
        self.notes: list[str] = []

    def add(self, workbook: str, message: str, sheet: str | None = None,
            cell: str | None = None) -> None:
        if (workbook, sheet, cell) in self._unusable:
            return
        problem = Problem(workbook, message, sheet, cell)
        if problem in self._seen:
            return
        self._seen.add(problem)
        where = (workbook, sheet)
        if self._listed[where] >= MAX_PER_SHEET:
            self._unlisted[where] += 1
            return
        self._listed[where] += 1
        self.items.append(problem)

    def add_unusable(self, workbook: str, message: str, sheet: str, cell: str) -> None:
        """Record a problem with a cell's value and drop any later problem at that cell."""
        self.add(workbook, message, sheet, cell)
        self._unusable.add((workbook, sheet, cell))

    def __bool__(self) -> bool:
        return bool(self.items) or bool(self._unlisted)

    def all(self) -> list[Problem]:
        """Every listed problem, then one line per sheet saying how many were left unlisted."""
        more = [Problem(workbook, f"{count:,} more problems like those above are not listed; "
                        "fix those and run again", sheet)
                for (workbook, sheet), count in self._unlisted.items()]
        return self.items + more

    def check(self) -> None:
        if self:
            raise InputError(self.all(), self.notes)
