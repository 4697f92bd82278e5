"""Running ``reportgen watch`` as an officer does, and saving workbooks as Excel does, for the
tests of the watch command."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import openpyxl

#: Generous: a wait ends as soon as what it waits for happens.
WAIT = 90.0
BUILT = re.compile(r"^\[\d\d:\d\d:\d\d\] (?:\S+: )?built in ")
PROBLEMS = re.compile(r"^\[\d\d:\d\d:\d\d\] (?:\S+: )?\d+ problems?$")


class Watch:
    """``reportgen watch FOLDER -o OUT --port 0 --no-browser`` in a process of its own, with
    what it prints gathered line by line."""

    def __init__(self, folder: Path, out: Path, tmp: Path, *extra: str, port: int = 0):
        self.tmp = tmp
        tmp.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "TMPDIR": str(tmp), "REPORTGEN_CACHE": "off",
               "PYTHONUNBUFFERED": "1"}
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reportgen", "watch", str(folder), "-o", str(out),
             "--port", str(port), "--no-browser", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        line = self.wait_for(lambda: next((x for x in self.lines if "preview at" in x), None))
        self.url = re.search(r"http://127\.0\.0\.1:\d+/", line)[0]  # type: ignore[index]
        self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, found: Callable[[], object], timeout: float = WAIT) -> object:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = found()
            if value:
                return value
            if self.process.poll() is not None and not self._reader.is_alive():
                raise AssertionError("reportgen watch ended:\n" + "\n".join(self.lines))
            time.sleep(0.05)
        raise AssertionError("timed out; reportgen watch printed:\n" + "\n".join(self.lines))

    def builds(self) -> int:
        return sum(1 for line in self.lines if BUILT.match(line))

    def failures(self) -> int:
        return sum(1 for line in self.lines if PROBLEMS.match(line))

    def outcomes(self) -> int:
        return self.builds() + self.failures()

    def wait_outcomes(self, count: int) -> None:
        """Until ``count`` builds (good or not) have been reported."""
        self.wait_for(lambda: self.outcomes() >= count)

    def status(self) -> dict[str, object]:
        with urllib.request.urlopen(self.url + "status.json", timeout=10) as answer:
            return json.loads(answer.read())  # type: ignore[no-any-return]

    def stop(self, signum: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        code = self.process.wait(timeout=30)
        self._reader.join(timeout=5)
        return code


def workbook_bytes(source: Path, change: Callable[[openpyxl.Workbook], None]) -> bytes:
    """``source`` with ``change`` made, as the bytes of a saved workbook."""
    book = openpyxl.load_workbook(source)
    change(book)
    scratch = source.parent.parent / f".scratch-{os.getpid()}.xlsx"
    book.save(scratch)
    data = scratch.read_bytes()
    scratch.unlink()
    return data


def excel_save(path: Path, data: bytes) -> None:
    """Save ``data`` to the workbook ``path`` the way Excel does: a temporary file with no
    extension beside it, the workbook deleted, the temporary file renamed, then touched twice;
    with Excel's lock file present, as it is while the workbook is open."""
    lock = path.parent / f"~${path.name}"
    lock.write_bytes(b"\x0bofficer" + b" " * 100)
    temp = path.parent / "8A3B1C00"
    temp.write_bytes(data)
    os.unlink(path)
    os.rename(temp, path)
    for _ in range(2):
        time.sleep(0.05)
        os.utime(path)
    lock.unlink()


def set_text(row_text: str, new: str) -> Callable[[openpyxl.Workbook], None]:
    """A change to the Text sheet: the first Text cell holding ``row_text`` becomes ``new``."""
    def change(book: openpyxl.Workbook) -> None:
        for row in book["Text"].iter_rows():
            for cell in row:
                if cell.value == row_text:
                    cell.value = new
                    return
        raise AssertionError(f"no cell {row_text!r}")
    return change


def copy_report(source: Path, tmp: Path) -> Path:
    folder = tmp / "inputs" / source.name
    shutil.copytree(source, folder)
    return folder


def leftovers(*folders: Path) -> list[Path]:
    """Temporary files and folders a stopped build or watch might leave."""
    found = []
    for folder in folders:
        if folder.exists():
            found += [p for p in folder.rglob("*") if p.name.endswith(".tmp")
                      or p.name.startswith("reportgen-")]
    return found
