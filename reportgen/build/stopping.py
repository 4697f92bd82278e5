"""Stopping a build when a signal asks it to, undoing on the way out what it started.

By default SIGTERM (``kill``, a service manager, a CI job timing out) and SIGHUP (the terminal
closed) end the process where it stands: the PDF writer's worker processes run on, and its
temporary files stay. Within ``stopped_by_signals`` they, and SIGINT (Ctrl-C), raise
``Stopped`` instead, so that every ``finally`` and ``with`` on the way out does its part:
the workers are stopped (``render.pdf``), temporary files removed (``tempfiles``), and the
outputs left as they were (``output.write_together``).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: SIGTERM (a service manager, ``kill``), SIGINT (Ctrl-C), SIGHUP (the terminal closed).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class Stopped(BaseException):
    """A signal asked the build to stop. Not an Exception, so that nothing on the way out
    takes it for a failure to report.
    """

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Within the block, a stop signal raises ``Stopped``; further ones are ignored while the
    build undoes itself. Outside the main thread (where Python cannot handle signals) the
    caller's own handling stands.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        for other in STOP_SIGNALS:
            signal.signal(other, signal.SIG_IGN)
        raise Stopped(signum)

    previous = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
