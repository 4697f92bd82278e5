"""The one exception type for officers' mistakes in the inputs.

Readers collect every problem they find rather than stopping at the first, so an officer fixes a
workbook once, not once per run. Each problem names where it is, in the officer's terms.
"""

from __future__ import annotations

from dataclasses import dataclass


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

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """A collector readers pass around; ``check`` raises once, with everything found so far."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, workbook: str, message: str, sheet: str | None = None,
            cell: str | None = None) -> None:
        problem = Problem(workbook, message, sheet, cell)
        if problem not in self.items:
            self.items.append(problem)

    def __bool__(self) -> bool:
        return bool(self.items)

    def check(self) -> None:
        if self.items:
            raise InputError(self.items)
