"""Writing output files so that a crash, a full disk or a locked file never loses the last one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    """An output file could not be written; the message names the file and what to do."""


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, fsync it, then ``os.replace`` it into place."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except PermissionError as exc:
        _discard(temp)
        raise OutputError(f"{path}: cannot be replaced ({exc.strerror}); close it in Word or "
                          "your PDF viewer and build again") from exc
    except OSError as exc:
        _discard(temp)
        raise OutputError(f"{path}: could not be written ({exc.strerror}); the previous file "
                          "is unchanged") from exc
    except BaseException:
        _discard(temp)
        raise


def _discard(temp: str) -> None:
    try:
        os.unlink(temp)
    except FileNotFoundError:
        pass
