"""The layout cache: each laid-out part of a report kept by a hash of all that decides its bytes.

Laying out is nearly all of a build's time, and the Head of Policy's usual rebuild follows one
corrected cell: in a long delivery plan, every part but one is laid out exactly as before. A
part's PDF is decided by its HTML (which names each picture by its content's digest), the
part's place (its tag ID prefix), reportgen's code and templates and the library versions
(``record.code_hash``); the cache keeps each part's bytes under the SHA-256 of those, so a
rebuild lays out only parts whose hash changed, and joins as ever: the result is the same bytes
as a build without the cache.

Safe to share and to lose: an entry is written to a temporary file and renamed into place, so
two builds writing the same part, or a build killed mid-write, never leave a half entry; each
entry carries the SHA-256 of its contents and is checked when read, so a damaged or truncated
entry is rebuilt, never used. The cache is bounded (``MAX_BYTES``; the least recently used
entries go first) and lives outside the project, in ``$REPORTGEN_CACHE`` or
``$XDG_CACHE_HOME/reportgen`` (``~/.cache/reportgen``); ``--no-cache`` or
``REPORTGEN_CACHE=off`` bypasses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

#: The most the cache holds; past it the least recently used entries are removed.
MAX_BYTES = 512 * 1024 * 1024
_MAGIC = b"reportgen-layout-1\n"
#: An entry's name: the key (a SHA-256) and ``.part``.
_ENTRY = re.compile(r"[0-9a-f]{64}\.part")


class _Settings:
    enabled = True


def disable() -> None:
    """Lay out every part afresh and keep nothing (``--no-cache``)."""
    _Settings.enabled = False


def folder() -> Path | None:
    """Where the cache lives, or None when it is off."""
    setting = os.environ.get("REPORTGEN_CACHE", "")
    if not _Settings.enabled or setting.casefold() in ("off", "0", "no", "none"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportgen"


def ready() -> str | None:
    """Check, before a build, that the cache folder can be written; when it cannot (a full or
    read-only disk, a file where the folder should be) the cache is turned off for this run
    and the note for the officer returned: the build goes on, laying out every page."""
    where = folder()
    if where is None:
        return None
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=where)
        try:
            os.write(fd, _MAGIC)
        finally:
            os.close(fd)
            os.unlink(temp)
    except OSError as exc:
        disable()
        return (f"{where}: the layout cache cannot be written ({exc.strerror or exc}), so "
                "this build lays out every page afresh; free some space there, or set "
                "REPORTGEN_CACHE to another folder, to make rebuilds quick again")
    return None


def key(*parts: str | bytes) -> str:
    """The cache key of a laid-out part: the SHA-256 of everything that decides its bytes."""
    from reportgen.build.record import code_hash

    digest = hashlib.sha256(code_hash().encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def get(name: str) -> tuple[bytes, list[int]] | None:
    """A part's PDF bytes and bookmark levels, if cached and intact."""
    where = folder()
    if where is None:
        return None
    path = where / f"{name}.part"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_MAGIC):
        return None
    header_end = data.find(b"\n", len(_MAGIC))
    try:
        header = json.loads(data[len(_MAGIC):header_end])
        body = data[header_end + 1:]
        if hashlib.sha256(body).hexdigest() != header["sha256"]:
            return None
        levels = [int(level) for level in header["levels"]]
    except (ValueError, KeyError, TypeError):
        return None
    try:
        os.utime(path)  # recently used
    except OSError:
        pass
    return body, levels


def put(name: str, pdf: bytes, levels: list[int], kind: str = "part") -> None:
    """Keep a part (``kind``: "part", or "sheet" for a sheet of page stamps or marks); a cache
    that cannot be written is no reason for a build to fail."""
    where = folder()
    if where is None:
        return
    header = json.dumps({"sha256": hashlib.sha256(pdf).hexdigest(), "levels": levels,
                         "kind": kind})
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=where)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(_MAGIC + header.encode() + b"\n" + pdf)
            os.replace(temp, where / f"{name}.part")
        except BaseException:
            try:
                os.unlink(temp)
            except OSError:
                pass
            raise
        _trim(where)
    except OSError:
        return


def _trim(where: Path, limit: int = MAX_BYTES) -> None:
    """Remove the least recently used entries until the cache is within ``limit``. Only files
    named as ``put`` names them count: anything else in the folder is someone else's."""
    entries = []
    for entry in os.scandir(where):
        if _ENTRY.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                stat = entry.stat()
            except OSError:
                continue
            entries.append((stat.st_mtime, stat.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        try:
            os.unlink(path)
            total -= size
        except OSError:
            continue
