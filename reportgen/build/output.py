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
import hashlib
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


class OutputOpen(OutputError):
    """An output file is open in a word processor, so none of the build's files was replaced."""


#: Kept copies of edited outputs: ``<name>.edited-<yyyy-mm-dd-hhmm>[-n]<suffix>``.
EDITED = ".edited-"


def write_outputs(files: dict[Path, bytes], written: dict[Path, str | None]) -> list[Path]:
    """``write_together``, keeping what anyone else made: ``written`` maps each output to the
    SHA-256 of what reportgen last wrote there (None when it never did, by its build record).

    An output open in Word or LibreOffice (its lock file beside it) is never replaced: nothing
    is written and ``OutputOpen`` says which. An output that exists and differs from what
    reportgen last wrote is someone's work (committee services correcting the DOCX, say): it is
    first copied beside itself as ``<name>.edited-<when it was changed>.docx``, so the build
    replaces it without losing it. Returns those copies; a failed write removes them again,
    since the edited files are then still in place.
    """
    for path in written:
        lock = lock_file(path)
        if lock is not None:
            raise OutputOpen(f"{path}: is open in a word processor (its lock file {lock.name} "
                             "is beside it), so it was not replaced, nor the report's other "
                             "files; close it and build again")
    kept: list[Path] = []
    made: list[Path] = []
    try:
        for path, digest in written.items():
            found = _keep_if_edited(path, digest)
            if found is not None:
                kept.append(found[0])
                if found[1]:
                    made.append(found[0])
        write_together(files)
    except BaseException:
        for copy in made:
            _discard(str(copy))
        raise
    return kept


def lock_file(path: Path) -> Path | None:
    """The lock file a word processor keeps beside ``path`` while it is open, if any: Word's
    owner file (``~$`` over the name's first characters, as Word names it for short and long
    names) and LibreOffice's ``.~lock.<name>#``."""
    name = path.name
    for candidate in (f"~${name}", f"~${name[1:]}", f"~${name[2:]}", f".~lock.{name}#"):
        lock = path.parent / candidate
        if len(candidate) > 3 and lock.is_file():
            return lock
    return None


def _keep_if_edited(path: Path, digest: str | None) -> tuple[Path, bool] | None:
    """A copy of ``path`` beside it when it is not what reportgen last wrote there, and
    whether this call made it (False: an earlier build that then failed to write did)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _error(path, exc) from exc
    if digest is not None and hashlib.sha256(data).hexdigest() == digest:
        return None
    when = time.strftime("%Y-%m-%d-%H%M", time.localtime(path.stat().st_mtime))
    for attempt in range(1, 1000):
        copy = path.with_name(f"{path.stem}{EDITED}{when}{f'-{attempt}' if attempt > 1 else ''}"
                              f"{path.suffix}")
        try:
            if copy.is_file() and copy.read_bytes() == data:
                return copy, False  # kept already, by a build that then failed to write
            fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _error(copy, exc) from exc
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as exc:
            _discard(str(copy))
            raise _error(copy, exc) from exc
        os.utime(copy, (path.stat().st_atime, path.stat().st_mtime))
        return copy, True
    raise OutputError(f"{path}: has been edited, and a thousand edited copies are kept beside "
                      "it already; move them elsewhere and build again")


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
        if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
            raise OutputError(f"{path.parent}: the folder cannot be written to ({exc.strerror}: "
                              "it is read-only, or you may not write there); choose another "
                              "output folder with -o; the previous files are unchanged") from exc
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
