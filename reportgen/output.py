"""Writing output files so that a crash, a full disk or a locked file never loses the last ones.

A build's files (the DOCX, the PDF, the make dependency file) are replaced together: each is
written in full to a temporary file beside its target and flushed to disk first, and only then
are the targets replaced, one ``os.replace`` each. If a replacement fails (Word holds the DOCX
open on a shared drive, say) the files already replaced are put back as they were, so the
DOCX and PDF in the output folder always come from the same build. A failure leaves no
temporary file behind, except after a power cut or a kill, when it leaves a hidden
``.<name>.*.tmp`` file and the previous outputs whole; the next build of the same files
removes such a file once it is an hour old (younger, it may be another build's at work).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import tempfile
import time
from pathlib import Path

#: The longest report folder name whose outputs (and their temporary files: ``.NAME.build.json``
#: plus ``.XXXXXXXX.bak.tmp``) still fit the 255-byte file names of common file systems.
MAX_NAME_BYTES = 255 - len(".build.json..12345678.bak.tmp")


def report_name(folder: Path) -> str:
    """The name a report's outputs take: its folder's own name, also for ``.`` or ``..``."""
    return Path(folder).absolute().resolve().name or "report"


def name_problem(folder: Path) -> str | None:
    """Why ``folder``'s name cannot name output files, or None."""
    name = report_name(folder)
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return (f"{folder}: the folder name is {len(name)} characters long; the report's files "
                f"are named after it and may have at most {MAX_NAME_BYTES}: rename the folder")
    return None


class OutputError(Exception):
    """An output file could not be written; the message names the file and what to do."""


def write_together(files: dict[Path, bytes]) -> None:
    """Replace every file in ``files`` with its bytes, all of them or none."""
    temps: dict[Path, str] = {}
    for path in files:
        _sweep(path)
    try:
        for path, data in files.items():
            temps[path] = _write_temp(path, data)
        _replace_all(temps)
    finally:
        for temp in temps.values():
            _discard(temp)  # those replaced into place are gone already


def _write_temp(path: Path, data: bytes) -> str:
    """Write ``data`` to a new hidden file beside ``path`` and flush it to disk; its name."""
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _error(path, exc) from exc
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, 0o644)
    except BaseException as exc:
        _discard(temp)
        if isinstance(exc, OSError):
            raise _error(path, exc) from exc
        raise
    return temp


def _replace_all(temps: dict[Path, str]) -> None:
    """``os.replace`` each temporary file onto its target; on any failure put back the targets
    already replaced, from hard links (or copies) of them made just before.
    """
    done: list[tuple[Path, str | None]] = []
    try:
        for path, temp in temps.items():
            backup = _backup(path)
            try:
                os.replace(temp, path)
            except BaseException:
                if backup:
                    _discard(backup)
                raise
            done.append((path, backup))
    except BaseException as exc:
        for path, backup in reversed(done):
            try:
                if backup:
                    os.replace(backup, path)
                else:
                    os.unlink(path)  # it did not exist before this build
            except OSError:
                pass  # nothing more can be done; the message below still names the file
        if isinstance(exc, OSError):
            failed = next((p for p in temps if p not in {d for d, _ in done}), None)
            raise _error(failed or next(iter(temps)), exc) from exc
        raise
    finally:
        for _, backup in done:
            if backup:
                _discard(backup)


def _backup(path: Path) -> str | None:
    """A second name for the current ``path`` (a hard link, else a copy), or None if absent."""
    if not path.exists():
        return None
    backup = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.bak.tmp")
    try:
        os.link(path, backup)
    except OSError:  # a file system without hard links: copy it (an OSError here stops all)
        return _write_temp(path, path.read_bytes())
    return backup


def _error(path: Path, exc: OSError) -> OutputError:
    """The officer's version of an OSError while writing ``path``."""
    if isinstance(exc, PermissionError):
        return OutputError(f"{path}: cannot be replaced ({exc.strerror}); close it in Word or "
                           "your PDF viewer (or check you may write to its folder) and build "
                           "again; the previous files are unchanged")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(f"{path}: the disk is full ({exc.strerror}); free some space and "
                           "build again; the previous files are unchanged")
    return OutputError(f"{path}: could not be written ({exc.strerror or exc}); the previous "
                       "files are unchanged")


#: A hidden temporary file older than this belongs to no build still running.
STALE_SECONDS = 3600


def _sweep(path: Path) -> None:
    """Remove the temporary files a killed build of ``path`` left beside it: those named as
    ``_write_temp`` and ``_backup`` name them, and an hour old.
    """
    ours = re.compile(rf"\.{re.escape(path.name)}\.(?:[a-z0-9_]{{8}}|[0-9a-f]{{8}}\.bak)\.tmp")
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if ours.fullmatch(entry.name):
            try:
                info = entry.stat(follow_symlinks=False)
                # A backup is a hard link, whose mtime is the old file's: making the link
                # set its ctime.
                made = info.st_ctime if entry.name.endswith(".bak.tmp") else info.st_mtime
                if entry.is_file(follow_symlinks=False) and now - made > STALE_SECONDS:
                    os.unlink(entry.path)
            except OSError:
                pass


def _discard(temp: str) -> None:
    try:
        os.unlink(temp)
    except OSError:
        pass
