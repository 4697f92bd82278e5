"""Worker processes, one per core, for the two kinds of work that keep a build waiting: the
parts of one long report (``render.pdf``), and the reports of a meeting (``api.builds``).

fork: workers inherit what the build has already loaded (WeasyPrint, fonts, templates, the
reports read) instead of importing and unpickling it again. If anything stops the build (a
signal, Ctrl-C, a failure), the workers are stopped at once rather than left to finish work
that nobody will use. Each worker does one kind of work only: a report's worker lays out its
parts one after another (``serial``), so the workers never start workers of their own.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from reportgen.build.stopping import STOP_SIGNALS


class _State:
    #: True in a worker: whatever it runs is done in that process, one thing at a time.
    serial = False


def cores() -> int:
    """The cores this process may use for workers (fewer than the machine's under a CPU
    quota); 1 inside a worker."""
    if _State.serial:
        return 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextmanager
def pool(workers: int, initializer: Callable[..., None] | None = None,
         initargs: tuple[Any, ...] = ()) -> Iterator[ProcessPoolExecutor]:
    """``workers`` forked worker processes; ``initializer(*initargs)`` runs in each first.

    Stop signals are held while the workers start, so that none reaches a worker before it has
    set its own response to them: a worker ends at once on SIGTERM or SIGHUP and ignores the
    Ctrl-C a terminal sends its whole group; the parent decides when the build stops and
    stops the workers itself.
    """
    executor = None
    try:
        held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            executor = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"),
                initializer=_adopt, initargs=(initializer, initargs))
            executor.submit(int).result()  # the workers start here, with the signals held
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        yield executor
    except BaseException:
        if executor is not None:
            _stop(executor)
        raise
    finally:
        if executor is not None:
            executor.shutdown(wait=True)


def _adopt(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    _State.serial = True
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    if initializer is not None:
        initializer(*initargs)


def _stop(executor: ProcessPoolExecutor) -> None:
    """End the pool's workers now, waiting until each has ended."""
    processes = list((getattr(executor, "_processes", None) or {}).values())  # no public way
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join()
