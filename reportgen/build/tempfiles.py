"""The temporary folders a build makes, and clearing away only those a killed build left.

A build that is stopped (SIGTERM, Ctrl-C) removes its temporary folder on the way out. One that
is killed outright (SIGKILL, the machine losing power) cannot, so the next build clears up after
it -- but the temporary folder is shared with everything else on the machine (a checkout named
``reportgen-main``, an officer's archive, another user's build), so a folder is removed only
when reportgen can prove it made it and that its maker is gone:

- its name is exactly ``reportgen-<host>-<pid>-<8 random characters>``, as ``folder`` names it;
- it is a real folder (never a symbolic link), owned by this user;
- it holds the marker ``folder`` writes first (``.reportgen-temp``, a regular file naming the
  same host and process, and when it started), and otherwise only regular files of the kinds a
  build writes there (PDF parts and their temporary files): no folder, link or other file;
- its process is gone: on this machine, no process with that number runs (or one does that
  started after the folder was made, so the number was reused), and nothing in the folder has
  been written for ``UNSEEN_SECONDS`` (a build in another container sharing the folder runs
  under a process number this one cannot see); a folder of another machine (sharing the
  temporary folder) is left until nothing in it has been written for ``FOREIGN_SECONDS``.

When any of this is in doubt, the folder is left, and nothing is said.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "reportgen-"
#: The file ``folder`` writes first in every folder it makes: proof that reportgen made it.
MARKER = ".reportgen-temp"
#: A folder whose process cannot be seen is left this long after its last write.
UNSEEN_SECONDS = 900
#: A folder made on another machine sharing the temporary folder is left this long.
FOREIGN_SECONDS = 86400
_NAME = re.compile(rf"{PREFIX}(?P<host>[A-Za-z0-9._]+)-(?P<pid>\d+)-[a-z0-9_]{{8}}")
#: What a build writes in its folder (``render.pdf``, ``pack``, pikepdf's own temporaries).
_CONTENTS = re.compile(r"[A-Za-z0-9_-]+\.pdf(?:\.[A-Za-z0-9_]+)?(?:\.tmp)?")
#: The marker is a few dozen bytes; anything larger was not written by ``folder``.
_MARKER_MAX = 4096


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname())[:40] or "host"


@contextmanager
def folder() -> Iterator[str]:
    """A new temporary folder for this process, marked as reportgen's, removed when the
    ``with`` block ends."""
    path = tempfile.mkdtemp(prefix=f"{PREFIX}{_host()}-{os.getpid()}-")
    try:
        marker = {"host": _host(), "pid": os.getpid(), "started": _started(os.getpid())}
        fd = os.open(os.path.join(path, MARKER), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(marker, stream)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def sweep(root: Path | None = None) -> list[Path]:
    """Remove from ``root`` (the temporary folder) the folders killed builds left; the ones
    removed. Everything else is left as it is (see the module's docstring)."""
    root = Path(root or tempfile.gettempdir())
    removed = []
    try:
        entries = [e for e in os.scandir(root) if _NAME.fullmatch(e.name)]
    except OSError:
        return []
    for entry in entries:
        try:
            if _abandoned(Path(entry.path)):
                shutil.rmtree(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # gone already, or not ours to remove: leave it
    return removed


def _abandoned(path: Path) -> bool:
    """Whether ``path`` is provably a folder reportgen made, whose build is gone."""
    match = _NAME.fullmatch(path.name)
    info = path.lstat()
    if match is None or not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    marker = _marker(path)
    if marker is None or marker.get("host") != match["host"] \
            or marker.get("pid") != int(match["pid"]):
        return False
    newest = info.st_mtime
    for entry in os.scandir(path):
        found = entry.stat(follow_symlinks=False)
        if not stat.S_ISREG(found.st_mode) or found.st_uid != os.getuid() or not (
                entry.name == MARKER or _CONTENTS.fullmatch(entry.name)):
            return False  # something reportgen does not write there: not ours to judge
        newest = max(newest, found.st_mtime)
    idle = time.time() - newest
    if match["host"] != _host():
        return idle > FOREIGN_SECONDS
    pid = int(match["pid"])
    if pid == os.getpid():
        return False
    started = _started(pid)
    if started is not None and started == marker.get("started"):
        return False  # its build is still running
    return idle > UNSEEN_SECONDS


def _marker(path: Path) -> dict[str, object] | None:
    """The marker ``folder`` wrote in ``path``, or None if there is none that is plainly it."""
    try:
        fd = os.open(path / MARKER, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return None
        data = stream.read(_MARKER_MAX + 1)
    try:
        found = json.loads(data) if len(data) <= _MARKER_MAX else None
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _started(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks since boot), or None if no such process can be
    seen. Two processes with one number have different start times, so a number reused after
    a build was killed is told apart from the build itself.
    """
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[19])
    except (OSError, IndexError, ValueError):
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except OSError:
        return -1  # exists, but another user's
    return -1  # exists; no start time on this system
