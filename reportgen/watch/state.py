"""What the preview shows, shared between the build loop (which writes it) and the preview
server's threads (which read it): one lock, and a version number that changes with every
change, so the page knows when to fetch itself again and picture URLs never repeat."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import Problem
from reportgen.watch.pages import Pages


@dataclass
class ReportState:
    """One watched report: its last good pages, and what went wrong since (if anything)."""

    folder: Path
    name: str
    title: str = ""
    pages: Pages | None = None
    #: When the pages were built (HH:MM:SS) and how long it took.
    built_at: str = ""
    seconds: float = 0.0
    #: Problems of the last build; empty when it succeeded. The pages are then the last good.
    problems: list[Problem] = field(default_factory=list)
    failed_at: str = ""
    building: bool = False
    #: Bumped with every change of the pages, so their URLs change too.
    pages_version: int = 0


class Board:
    """Every watched report's state, and one version number for all of it."""

    def __init__(self, reports: list[ReportState]):
        self.lock = threading.Lock()
        self.reports = reports
        self.version = 1

    def changed(self) -> None:
        """Call with ``lock`` held after changing any report."""
        self.version += 1
