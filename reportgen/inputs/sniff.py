"""Telling, from a file's bytes, why it cannot be an .xlsx workbook, before openpyxl sees it.

openpyxl reports a renamed CSV, an old .xls, a password-protected workbook and a truncated file
all as ``BadZipFile``; an officer needs to hear which one it is to know what to do. The same
first look refuses files whose size alone makes them hostile (zip bombs), so that nothing is
unpacked before we know it is small enough to unpack.
"""

from __future__ import annotations

import stat
import struct
import zipfile
import zlib
from pathlib import Path

#: Largest workbook file accepted.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Largest total of the unpacked parts (a zip bomb is small packed and huge unpacked).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: Parts openpyxl reads whole when it opens a workbook, and what each may unpack to. Measured:
#: a 5 MB styles part takes openpyxl 1.5 s and 200 MB; a 22 MB shared-strings part 7 s.
#: Worksheets are exempt (reportgen streams them); so are pictures (never unpacked).
MAX_PART_BYTES = 3 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 8 * 1024 * 1024
#: More entries than any workbook has; each costs memory before anything is read.
MAX_ZIP_ENTRIES = 10_000

_SAVE_AS = "open it in Excel and use Save As, type 'Excel Workbook (.xlsx)'"


def why_not_xlsx(path: Path) -> str | None:
    """Why the file at ``path`` cannot be read as a workbook, in an officer's words, or None."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return "is not a file (it is a folder or a device); expected an Excel workbook"
        with path.open("rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        return None  # the caller says what is missing, with the names it found instead
    except OSError as exc:
        return (f"cannot be opened ({exc.strerror}); close it in other programs, check you may "
                "read it, and try again")
    if info.st_size == 0:
        return "is empty (0 bytes), not a workbook; save the workbook again from Excel"
    if info.st_size > MAX_FILE_BYTES:
        return (f"is {info.st_size / 2**20:.0f} MB; a report input is far smaller (at most "
                f"{MAX_FILE_BYTES // 2**20} MB): delete what the report does not need")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole(path)
    if not head.startswith(b"PK\x03\x04"):
        return _not_zip(head)
    return _zip(path, info.st_size)


def _ole(path: Path) -> str:
    """An OLE2 container: an Excel 97-2003 workbook, or an .xlsx encrypted with a password."""
    data = path.read_bytes()  # at most MAX_FILE_BYTES
    if "EncryptedPackage".encode("utf-16-le") in data:
        return ("is protected with a password, so it cannot be read; open it in Excel, remove "
                "the password (File > Info > Protect Workbook > Encrypt with Password, clear "
                "it) and save it")
    return f"is an old-format Excel 97-2003 workbook (.xls), not .xlsx; {_SAVE_AS}"


def _not_zip(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff\x00\t\r\n ").replace(b"\x00", b"").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body")):
        found = "a web page (HTML, as 'Export' buttons and 'Save as Web Page' write)"
    elif text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in text:
        found = "an 'XML Spreadsheet 2003' file"
    elif text.startswith(b"<"):
        found = "an XML or web page file"
    elif text.startswith(b"mime-version:"):
        found = "a single-file web page (.mht)"
    elif text.startswith(b"%pdf"):
        found = "a PDF"
    else:
        found = "a text file (CSV or similar)"
    return f"is {found} with an .xlsx name, not an Excel workbook; {_SAVE_AS}"


def _entries(path: Path, size: int) -> int | None:
    """The entry count the zip's end record declares, read before zipfile builds its index."""
    tail_size = min(size, 22 + 65_535)
    with path.open("rb") as fh:
        fh.seek(size - tail_size)
        tail = fh.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    return int(struct.unpack("<H", tail[at + 10:at + 12])[0])


def _zip(path: Path, size: int) -> str | None:
    damaged = ("is damaged or incomplete (perhaps copied before it finished saving); save it "
               "again from Excel, or restore a copy")
    entries = _entries(path, size)
    if entries is None:
        return damaged
    if entries > MAX_ZIP_ENTRIES:
        return (f"holds {entries:,} parts; an Excel workbook has a few dozen, so it may be "
                "damaged or hostile; save it again from Excel")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return damaged
    names = {info.filename for info in infos}
    if "mimetype" in names and "content.xml" in names:
        return f"is an OpenDocument spreadsheet (.ods), not .xlsx; {_SAVE_AS}"
    if "xl/workbook.bin" in names:
        return f"is an Excel Binary Workbook (.xlsb), not .xlsx; {_SAVE_AS}"
    if "xl/workbook.xml" not in names:
        return f"is a zip file but not an Excel workbook (it has no xl/workbook.xml); {_SAVE_AS}"
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        return (f"unpacks to {unpacked / 2**20:,.0f} MB, far more than a report input (at most "
                f"{MAX_UNPACKED_BYTES // 2**20} MB); it may be damaged or hostile")
    for info in infos:
        limit = _part_limit(info.filename)
        if limit is not None and info.file_size > limit:
            return (f"has a part ({info.filename}) that unpacks to {info.file_size / 2**20:,.1f} "
                    f"MB, more than the {limit / 2**20:.0f} MB reportgen accepts; an unusually "
                    "large number of cell styles or of different texts does this: copy the "
                    "sheets the report needs into a new workbook and save that")
    try:
        with zipfile.ZipFile(path) as zf:
            declared = next((info.filename for info in infos if _part_limit(info.filename)
                             and _declares_doctype(zf, info)), None)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError):
        return damaged
    if declared:
        return (f"has a part ({declared}) with an XML document type declaration, which Excel "
                "never writes and the file format forbids (it is how 'XML bomb' files are "
                "built); it may be hostile: save the workbook again from Excel")
    return None


def _declares_doctype(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a part openpyxl parses whole declares a DTD (and so, perhaps, entities).

    openpyxl parses these parts with lxml when it is installed (python-docx brings it), which
    ignores entities rather than refusing them; the format forbids DTDs in every part
    (ECMA-376 Part 2, 8.1.4), so one is refused here, before any parser sees it.
    """
    data = zf.read(info)  # bounded by _part_limit, checked above
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", "replace").encode("utf-8", "replace")
    return b"<!DOCTYPE" in data or b"<!ENTITY" in data


def _part_limit(name: str) -> int | None:
    if name.startswith("xl/worksheets/") or not name.endswith((".xml", ".rels")):
        return None
    if name == "xl/sharedStrings.xml":
        return MAX_SHARED_STRINGS_BYTES
    return MAX_PART_BYTES
