"""Where a build's time goes, told by the build itself: named stages (read, model, docx, html,
pdf layout, stamps, join, record, write, check), each with its wall and processor seconds.

Why in the library: a benchmark (``make bench``) or anyone finding out what is slow needs the
stages of a real build, and timing them from outside means patching private functions by name,
which breaks silently whenever the code moves. The stages are marked where they run instead.

Off unless asked for, and cheap either way: outside ``recording()`` a ``stage`` is one check
of a module variable; inside, two clock readings and a ``getrusage`` at each end. Recording
never changes what a build does or writes.

    from reportgen import api
    from reportgen.build import timings

    with timings.recording() as spent:
        api.build(folder, output_dir)
    spent.as_dict()  # {"read": {"seconds": …, "cpu_seconds": …, "count": 1}, …}

Each stage's time is its own, not that of stages inside it ("stamps" are drawn inside "join";
the join's figure leaves them out), so the stages add up to the part of the build they cover.
Processor seconds are this process's and those of the processes it started and waited for
(the PDF writer's workers), so a stage that lays out parts side by side shows more processor
than wall seconds. A meeting's reports made side by side (``api.builds``) are timed in their
workers and added here when their files are written: their stages' wall seconds then add up
to more than the run took.
"""

from __future__ import annotations

import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

#: The stages a report's build marks, in the order it runs them.
STAGES = ("read", "model", "docx", "html", "pdf layout", "stamps", "join", "record", "write",
          "check")


@dataclass
class Spent:
    """The time one stage took, summed over each time it ran."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0
    count: int = 0


@dataclass
class Timings:
    """What ``recording`` collected: each stage's time, by name, in the order first run."""

    stages: dict[str, Spent] = field(default_factory=dict)

    def add(self, name: str, seconds: float, cpu_seconds: float, count: int = 1) -> None:
        spent = self.stages.setdefault(name, Spent())
        spent.seconds += seconds
        spent.cpu_seconds += cpu_seconds
        spent.count += count

    def merge(self, other: Timings) -> None:
        """Add another process's stages (a meeting's report built in a worker)."""
        for name, spent in other.stages.items():
            self.add(name, spent.seconds, spent.cpu_seconds, spent.count)

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {name: {"seconds": s.seconds, "cpu_seconds": s.cpu_seconds, "count": s.count}
                for name, s in self.stages.items()}


_recorder: Timings | None = None


class _Open(threading.local):
    """The stages running in this thread, innermost last: each one's wall and processor
    seconds spent so far in stages inside it."""

    def __init__(self) -> None:
        self.nested: list[list[float]] = []


_open = _Open()


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def active() -> bool:
    """Whether stages are being recorded in this process."""
    return _recorder is not None


@contextmanager
def recording() -> Iterator[Timings]:
    """Record the stages run in this process until the block ends; yields what it found."""
    global _recorder
    previous, _recorder = _recorder, Timings()
    try:
        yield _recorder
    finally:
        _recorder = previous


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as stage ``name`` while ``recording``; otherwise do nothing."""
    recorder = _recorder
    if recorder is None:
        yield
        return
    inner = [0.0, 0.0]
    _open.nested.append(inner)
    wall, cpu = time.perf_counter(), _cpu()
    try:
        yield
    finally:
        wall, cpu = time.perf_counter() - wall, _cpu() - cpu
        _open.nested.pop()
        if _open.nested:
            _open.nested[-1][0] += wall
            _open.nested[-1][1] += cpu
        recorder.add(name, wall - inner[0], cpu - inner[1])


def merge(found: Timings | None) -> None:
    """Add stages timed in another process to this one's recording, if there is one."""
    if _recorder is not None and found is not None:
        _recorder.merge(found)
