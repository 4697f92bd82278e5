"""The temporary folders a build makes, and clearing away those a killed build left behind.

A build that is stopped (SIGTERM, Ctrl-C) removes its temporary folder on the way out. One that
is killed outright (SIGKILL, the machine losing power) cannot, so each folder is named for the
machine and process that made it, ``reportgen-<host>-<pid>-<random>``, and every build first
removes the folders of this user whose process is gone and that nobody has written to for 15
minutes, and any left untouched for an hour (a process number can be reused; a build in another
container sharing the folder runs under a process number this one cannot see).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import time
from pathlib import Path

PREFIX = "reportgen-"
#: A folder nobody has written to for this long belongs to no running build.
STALE_SECONDS = 3600
#: A folder whose process cannot be seen is left this long first: a build in another
#: container or sandbox sharing the temporary folder is a process this one cannot see.
UNSEEN_SECONDS = 900
_NAME = re.compile(rf"{PREFIX}(?P<host>[A-Za-z0-9._]+)-(?P<pid>\d+)-[^-]+")


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname())[:40] or "host"


def folder() -> tempfile.TemporaryDirectory[str]:
    """A new temporary folder for this process, removed when its ``with`` block ends."""
    return tempfile.TemporaryDirectory(prefix=f"{PREFIX}{_host()}-{os.getpid()}-")


def sweep(root: Path | None = None, now: float | None = None) -> list[Path]:
    """Remove the temporary folders killed builds left in ``root`` (the temporary folder);
    the ones removed. Only this user's folders are touched, never another running build's.
    """
    root = Path(root or tempfile.gettempdir())
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or \
                    entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
            if _stale(Path(entry.path), now):
                shutil.rmtree(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # gone already, or not ours to remove: leave it
    return removed


def _stale(path: Path, now: float) -> bool:
    match = _NAME.fullmatch(path.name)
    if match and match["host"] == _host():
        pid = int(match["pid"])
        if pid == os.getpid():
            return False  # this process's own, in use
    newest = max([path.stat().st_mtime, *(p.stat().st_mtime for p in path.iterdir())])
    if match and match["host"] == _host() and not _alive(int(match["pid"])):
        return now - newest > UNSEEN_SECONDS
    return now - newest > STALE_SECONDS


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but another user's
    return True
