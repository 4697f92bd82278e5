"""Where a file an officer names in a workbook may be, decided before anything is opened.

A workbook names other files: pictures (``image`` rows) and delivery-plan workbooks
(``Appendices`` → ``Source``). Those names are data typed by anyone who can edit a workbook, so
they must never reach a file outside the report's inputs: not ``../../etc/passwd``, not an
absolute path, not a symlink pointing out of the folder. A report reads its own folder and, for
delivery plans kept once for several reports, the shared-inputs folder ``shared`` beside the
report folders (``inputs/shared``), named as ``../shared/plan.xlsx``. Nothing else.

The decision is made on the name first (no file system access), then on the resolved path, so
a link that leads elsewhere is refused too; only then may a reader open the file. Every failure
is a sentence for the officer, never an exception: a symlink loop or a name longer than the
file system allows is an input problem at its cell like any other.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

#: The folder beside the report folders that holds inputs several reports share.
SHARED_FOLDER = "shared"
#: A path from the top of a drive: /x, \\x, C:\x, C:/x, ~/x (not a:b.png, a legal name here).
_FULL_PATH = re.compile(r"[/\\~]|[A-Za-z]:[/\\]")
#: Longest file name (one path component) most file systems accept, in bytes.
MAX_NAME_BYTES = 255


def locate(folder: Path, name: str, shared: bool = False, style: bool = False) -> Path | str:
    """The file ``name`` (as typed in a workbook) inside ``folder``, or what is wrong with it.

    ``shared`` also allows the shared-inputs folder beside ``folder``. ``style`` looks for a
    house style's folder instead of a file, anywhere in the inputs folder that holds the
    report folder (``../house-styles/kent``): styles are kept once for many reports. The
    result is the resolved path of an existing regular file (or folder); a string is the
    problem, worded to follow the name in a message ("'x.png' is outside the report folder; …").
    """
    where = "the report folder" + (f" or the '{SHARED_FOLDER}' folder beside it" if shared
                                   else "")
    thing, remedy = "a file", "copy the file into the folder"
    if style:
        where = f"the inputs folder '{folder.absolute().parent.name}' that holds the report"
        thing, remedy = "a house style's folder", "copy the house style's folder into it"
    text = name.strip()
    if not text:
        return "is empty; expected a file name"
    if "\x00" in text or any(ord(c) < 32 for c in text):
        return "holds control characters; expected a file name"
    if _FULL_PATH.match(text):
        return (f"is a full path; expected the name of {thing} in {where}, written relative "
                f"to the report folder ({remedy})")
    parts = PurePosixPath(text.replace("\\", "/")).parts
    if any(len(p.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for p in parts):
        return f"has a name longer than {MAX_NAME_BYTES} characters; rename the file"
    roots = [folder.absolute().parent if style else folder.absolute()]
    if shared:
        roots.append(folder.absolute().parent / SHARED_FOLDER)
    lexical = Path(os.path.normpath(folder.absolute() / Path(*parts)))
    if not any(_within(lexical, root) for root in roots):
        return f"is outside {where}; expected {thing} there " + (
            f"({remedy})" if style else "(copy it into the report folder)")
    try:
        real = lexical.resolve(strict=True)
        real_roots = [root.resolve() for root in roots]
    except FileNotFoundError:
        return f"does not exist in {where}; check the spelling" + (
            "" if style else " and the file's extension")
    except RuntimeError:  # Python raises this for a loop of symbolic links
        return "is a link that leads round in a loop; replace it with the file itself"
    except OSError as exc:
        return f"cannot be found ({exc.strerror or exc}); rename the file with a shorter name"
    if not any(_within(real, root) for root in real_roots):
        return (f"is a link to {thing} outside {where}; {remedy}" if style else
                f"is a link to a file outside {where}; copy the file itself into the report "
                "folder")
    try:
        if style:
            return real if real.is_dir() else f"is a file; expected {thing} in {where}"
        if not real.is_file():
            return f"is a folder or a special file, not a file; expected a file in {where}"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return real


def _within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def locate_report(folder: Path, name: str) -> Path | str:
    """The report folder ``name`` (as typed in Details' Previous report) beside ``folder``,
    or what is wrong with it, worded as for ``locate``.

    Last quarter's report is a folder beside this one in the same inputs folder, named
    relative to this report's folder (``../cabinet-2013-01-17-partnership-update``), with the
    same checks as a file name: never a full path, never a folder elsewhere, not even through
    a link. Only the folder is decided here; its report.xlsx is opened by the reader.
    """
    where = "the inputs folder this report's folder is in"
    text = name.strip()
    if not text:
        return "is empty; expected a report folder's name"
    if any(ord(c) < 32 for c in text):
        return "holds control characters; expected a report folder's name"
    if _FULL_PATH.match(text):
        return (f"is a full path; expected a report folder in {where}, written relative to "
                "this report's folder, such as ../cabinet-2013-01-17-partnership-update")
    parts = PurePosixPath(text.replace("\\", "/")).parts
    if any(len(p.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for p in parts):
        return f"has a name longer than {MAX_NAME_BYTES} characters; rename the folder"
    root = folder.absolute().parent
    lexical = Path(os.path.normpath(folder.absolute() / Path(*parts)))
    if not _within(lexical, root) or lexical == root:
        return (f"is outside {where}; expected a report folder there, such as "
                "../cabinet-2013-01-17-partnership-update")
    try:
        real = lexical.resolve(strict=True)
        real_root = root.resolve()
    except FileNotFoundError:
        return f"does not exist in {where}; check the spelling of the folder's name"
    except RuntimeError:
        return "is a link that leads round in a loop; name the report folder itself"
    except OSError as exc:
        return f"cannot be found ({exc.strerror or exc})"
    if not _within(real, real_root) or real == real_root:
        return f"is a link to a folder outside {where}; name the report folder itself"
    if not real.is_dir():
        return "is a file, not a folder; expected last quarter's report folder"
    return real
