"""Which file events are saves of a report's inputs, and whether a report's inputs really changed.

Excel saves a workbook by writing a temporary file with no extension (``8A3B1C00``), deleting
the workbook, renaming the temporary file to the workbook's name, and touching it once more;
while a workbook is open Excel keeps a lock file ``~$name.xlsx`` beside it, and LibreOffice
``.~lock.name.xlsx#``. One save is therefore a burst of four to six events on three names, and
opening a workbook is an event too. Rather than trusting events, a build is decided by content:
a report is built again only when the SHA-256 of one of its input files differs from what its
last build read (``Fingerprint``), so a burst, a touch or a lock file never costs a build, and a
save that lands while a build runs gives exactly one more.

Events come from watchfiles (the Rust ``notify`` crate: inotify, FSEvents, ReadDirectoryChangesW,
or polling), maintained and used by uvicorn and others; it batches events (``debounce``/``step``)
and can poll (``force_polling``), which network shares, WSL and OneDrive folders need because they
send no events. Its polling compares modification times in whole seconds, so a file saved twice
within one second at the same size looks unchanged to it (seen in test_watch.py); so when
polling, reportgen also compares each known input's size, inode and times to the nanosecond, and
the content of any file modified in the last two seconds (``Signature``), four times a second.
The content hash then decides whether to build.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

#: File systems that send no change events, or not reliably: network shares, FUSE (OneDrive,
#: sshfs, rclone), WSL's view of Windows drives, virtual machines' shared folders.
POLLED_FILE_SYSTEMS = ("nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "v9fs", "drvfs", "afs",
                       "ceph", "glusterfs", "lustre", "vboxsf", "vmhgfs", "davfs", "fuse")
#: Changes are gathered until none has come for STEP_MS, for at most DEBOUNCE_MS: one save's
#: burst of events arrives as one batch.
DEBOUNCE_MS = 1_600
STEP_MS = 100
#: How often polling looks at every file.
POLL_MS = 250
#: Folder beside the report folders that holds inputs several reports share (``inputs.files``).
SHARED_FOLDER = "shared"


def ignored(path: Path, outputs: Iterable[Path] = ()) -> bool:
    """True for files that are never a report's input: lock files, editors' and Excel's
    temporary files, hidden files (reportgen's own temporary and record files among them),
    and anything in an output folder.
    """
    name = path.name
    if name.startswith(("~$", ".~lock.", ".", "~")) or name.endswith(("~", "#")):
        return True
    suffix = path.suffix.lower()
    if not suffix or suffix in (".tmp", ".temp", ".bak", ".swp", ".part", ".crdownload"):
        return True  # Excel's temporary file has no extension; the others are never inputs
    return any(path == out or out in path.parents for out in outputs)


def files_in(folder: Path, outputs: Iterable[Path] = ()) -> list[Path]:
    """Every input-like file in ``folder`` and below, in a stable order."""
    found = []
    outs = list(outputs)
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and Path(root, d) not in outs)
        found += [Path(root, n) for n in sorted(names) if not ignored(Path(root, n), outs)]
    return found


def _digest(path: Path) -> str | None:
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None  # gone, or being replaced: "different" from any digest


@dataclass(frozen=True)
class Fingerprint:
    """What a report's input files held: path -> SHA-256 (None for a file that could not be
    read). Content, not times, so that a touch or a copy with the same bytes is no change."""

    digests: tuple[tuple[str, str | None], ...]

    @classmethod
    def of(cls, paths: Iterable[Path]) -> Fingerprint:
        unique = sorted({str(p) for p in paths})
        return cls(tuple((p, _digest(Path(p))) for p in unique))

    def without(self, paths: Iterable[Path]) -> Fingerprint:
        """The same, less ``paths``: the shared plans a build showed it does not read."""
        drop = {str(p) for p in paths}
        return Fingerprint(tuple(entry for entry in self.digests if entry[0] not in drop))


#: A file modified this recently is also hashed when polling: a file system whose times are
#: coarse (FAT's two seconds, some shares' one) may show two saves with the same times.
RECENT_SECONDS = 2.0


@dataclass(frozen=True)
class Signature:
    """A cheap look at files for polling: size, inode and times to the nanosecond, and the
    content of files modified in the last RECENT_SECONDS."""

    looks: tuple[tuple[str, tuple[int, ...] | None, str | None], ...]

    @classmethod
    def of(cls, paths: Iterable[Path]) -> Signature:
        now = time.time()
        looks: list[tuple[str, tuple[int, ...] | None, str | None]] = []
        for name in sorted({str(p) for p in paths}):
            try:
                info = os.stat(name)
            except OSError:
                looks.append((name, None, None))
                continue
            recent = now - info.st_mtime < RECENT_SECONDS
            looks.append((name, (info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns),
                          _digest(Path(name)) if recent else None))
        return cls(tuple(looks))


class Watcher:
    """watchfiles in a thread of its own, putting each batch of relevant changed paths on
    ``changes``. Restartable with other folders (a report that names a new shared plan)."""

    def __init__(self, changes: queue.Queue[set[Path]], outputs: list[Path], poll: bool):
        self.changes = changes
        self.outputs = outputs
        self.poll = poll
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.folders: tuple[Path, ...] = ()
        #: Set when watchfiles gave up (a watched folder deleted, say): the next ``start``
        #: starts it again.
        self.failed = False

    def start(self, folders: Iterable[Path]) -> None:
        """Watch ``folders`` (those that exist), replacing what was watched before."""
        wanted = tuple(sorted({f for f in folders if f.is_dir()}))
        if wanted == self.folders and self._thread is not None and not self.failed:
            return
        self.stop()
        self.folders = wanted
        if not wanted:
            return
        self._stop = threading.Event()
        self.failed = False
        self._thread = threading.Thread(target=self._run, args=(wanted, self._stop),
                                        name="reportgen-watch-events", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching; returns within STEP_MS (watchfiles checks the event every step)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._thread = None

    def _keep(self, change: watchfiles.Change, path: str) -> bool:
        return not ignored(Path(path), self.outputs)

    def _run(self, folders: tuple[Path, ...], stop: threading.Event) -> None:
        try:
            for batch in watchfiles.watch(*folders, watch_filter=self._keep,
                                          debounce=DEBOUNCE_MS, step=STEP_MS, stop_event=stop,
                                          raise_interrupt=False, force_polling=self.poll,
                                          poll_delay_ms=POLL_MS, ignore_permission_denied=True):
                self.changes.put({Path(path) for _, path in batch})
        except Exception:  # a folder gone from under it: look again, and start again
            if not stop.is_set():
                self.failed = True
                time.sleep(1)
                self.changes.put(set())


def needs_polling(folders: Iterable[Path], mounts: str | None = None) -> str | None:
    """Why events cannot be trusted for ``folders`` (the file system one of them is on), or
    None. ``mounts`` is /proc/self/mounts, read when not given; where there is none (not
    Linux), events are trusted."""
    if mounts is None:
        try:
            mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    table = []
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = fields[1].replace("\\040", " ")
            table.append((Path(point), fields[2]))
    for folder in folders:
        real = folder.resolve()
        best = max((m for m in table if m[0] == real or m[0] in real.parents),
                   key=lambda m: len(m[0].parts), default=None)
        if best and best[1].split(".")[0] in POLLED_FILE_SYSTEMS:
            return f"{folder} is on a {best[1]} file system, which sends no change events"
    return None
