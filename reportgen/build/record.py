"""The build record: what a report's outputs were made from, so a rebuild can be skipped.

``make report`` used to learn a report's inputs from a make dependency file. That made every
file name an officer chose into make syntax (a picture named ``a;id>x;.png`` ran a command),
tied the outputs to absolute paths (a moved project or a renamed picture wedged make), and
started one process per report. Instead, ``reportgen build --changed`` decides itself: beside
``<report>.docx`` and ``<report>.pdf`` it keeps ``.<report>.build.json``, written together with
them, holding the SHA-256 of every input file read (by its path relative to the report folder),
of reportgen's own code and templates, and of the two outputs. A report is unchanged when all
of these still match; anything missing, renamed, edited or unreadable means "build it again".
Whether the outputs passed ``check`` is kept too, so a clean check is not repeated.

Content hashes rather than times: a workbook copied back from a backup, or a clone of the
project, has new times and the same content, and nothing should be rebuilt for that.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

RECORD_SUFFIX = ".build.json"
#: The reportgen package, templates included.
_CODE = Path(__file__).resolve().parent.parent
#: Files past this are hashed in chunks; a picture may be tens of megabytes.
_CHUNK = 1 << 20


def record_path(output_dir: Path, name: str) -> Path:
    return output_dir / f".{name}{RECORD_SUFFIX}"


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


#: What cannot change a report's files: the command line, checking files, starting new report
#: folders, the preview. Everything else of reportgen (readers, model, layout, writers,
#: templates, this build machinery) is hashed: when in doubt, a file counts.
_NOT_OUTPUTS = ("cli.py", "commands.py", "__main__.py", "check/", "start/", "watch/")


def _code_files() -> list[Path]:
    files = [p for p in _CODE.rglob("*") if p.is_file() and "__pycache__" not in p.parts
             and p.suffix not in (".pyc", ".typed")]
    return sorted(p for p in files
                  if not p.relative_to(_CODE).as_posix().startswith(_NOT_OUTPUTS))


@functools.cache
def code_hash() -> str:
    """reportgen's code and templates that can change the outputs, and the versions of the
    libraries that lay out and write the files: a change to any of them can change them.
    A change to the command line's words, say, leaves every report unchanged.
    """
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for path in _code_files():
        digest.update(path.relative_to(_CODE).as_posix().encode())
        digest.update(path.read_bytes())
    for package in ("weasyprint", "python-docx", "pydyf", "pikepdf", "openpyxl"):
        try:
            digest.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    return digest.hexdigest()


def make_record(folder: Path, sources: list[Path], outputs: dict[Path, bytes],
                checked: bool = False, output_dir: Path | None = None) -> bytes:
    """The record of a build of ``folder`` that read ``sources`` and wrote ``outputs`` (named
    relative to ``output_dir``, by default by their own names)."""
    base = folder.absolute()
    inputs = {os.path.relpath(path.absolute(), base): file_hash(path) for path in sources}
    made = {(os.path.relpath(path, output_dir) if output_dir else path.name):
            hashlib.sha256(data).hexdigest() for path, data in outputs.items()}
    record = {"code": code_hash(), "inputs": inputs, "outputs": made, "checked": checked}
    return (json.dumps(record, indent=1, sort_keys=True) + "\n").encode()


def read_record(output_dir: Path, name: str) -> dict[str, object] | None:
    try:
        found = json.loads(record_path(output_dir, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def mark_checked(output_dir: Path, name: str) -> None:
    """Note in a report's build record that its outputs passed ``check``."""
    from reportgen.build.output import write_together

    found = read_record(output_dir, name)
    if found is not None:
        found["checked"] = True
        data = (json.dumps(found, indent=1, sort_keys=True) + "\n").encode()
        write_together({record_path(output_dir, name): data})


def written(record_file: Path, outputs: list[Path], base: Path) -> dict[Path, str | None]:
    """What reportgen last wrote at each of ``outputs`` (SHA-256, named relative to ``base``
    in the record ``record_file``), None where the record does not say: an output that differs
    from it is someone's work (``output.write_outputs`` keeps it)."""
    try:
        found = json.loads(record_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        found = None
    made = found.get("outputs") if isinstance(found, dict) else None
    made = made if isinstance(made, dict) else {}
    last: dict[Path, str | None] = {}
    for path in outputs:
        digest = made.get(os.path.relpath(path, base))
        last[path] = digest if isinstance(digest, str) else None
    return last


def unchanged(folder: Path, output_dir: Path, name: str) -> dict[str, object] | None:
    """The record of the last build when nothing it was made from has changed since (its
    inputs, reportgen itself, its outputs); None when the report must be built again.
    """
    record = read_record(output_dir, name)
    if record is None or record.get("code") != code_hash():
        return None
    inputs, outputs = record.get("inputs"), record.get("outputs")
    if not isinstance(inputs, dict) or not inputs or not isinstance(outputs, dict):
        return None
    expected = [(folder / rel, digest) for rel, digest in inputs.items()]
    expected += [(output_dir / filename, digest) for filename, digest in outputs.items()]
    for path, digest in expected:
        try:
            if not path.is_file() or file_hash(path) != digest:
                return None
        except OSError:
            return None
    return record
