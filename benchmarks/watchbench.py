"""Save to updated PDF with ``reportgen watch``: the one-cell edit as an officer makes it while
the preview runs, for ``scenarios.waits`` of what users wait for.

``reportgen watch`` is started on the report after it was built (layout cache warm, outputs
current, so it shows them without building); once it is waiting, one cell (an activity of the
plan, a paragraph of the text) is changed and its workbook saved as Excel saves it (a
temporary file with no extension written first, untimed; then the workbook deleted and the
temporary file renamed).
Timed from that rename until the PDF in the output folder is replaced (``seconds``) and until the
terminal line for the build is printed, the preview's page text read (``page_seconds``).
Processor seconds are those of the watch process and the workers it started and ended for the
build (/proc/PID/stat: utime, stime, cutime, cstime), between the same two moments.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl

BUILT = re.compile(r"^\[\d\d:\d\d:\d\d\] (?:\S+: )?built in ")
TIMEOUT = 900.0


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _until(found: Callable[[], bool], what: str, lines: list[str]) -> None:
    end = time.monotonic() + TIMEOUT
    while not found():
        if time.monotonic() > end:
            raise RuntimeError(f"reportgen watch: no {what}: " + "\n".join(lines))
        time.sleep(0.01)


def _watching(pid: int, folder: Path) -> bool:
    """Whether process ``pid`` has an inotify watch on ``folder`` (/proc/PID/fdinfo)."""
    inode = f"ino:{folder.stat().st_ino:x} "
    for info in Path(f"/proc/{pid}/fdinfo").iterdir():
        try:
            if inode in info.read_text():
                return True
        except OSError:
            continue
    return False


def _settled(pid: int, folder: Path, lines: list[str]) -> None:
    """Wait until the watch process waits for events: it watches ``folder`` and used no
    processor for a second. Once it has shown the report it loads the writers and may start
    its watcher again on more folders (a house style's); a save made before then can go
    unseen, which is not what an officer saving minutes later meets."""
    end = time.monotonic() + TIMEOUT
    while time.monotonic() < end:
        before = _cpu(pid)
        time.sleep(1.0)
        if _cpu(pid) - before < 0.02 and _watching(pid, folder):
            return
    raise RuntimeError("reportgen watch: never settled: " + "\n".join(lines))


def save_to_pdf(command: list[str], env: dict[str, str], folder: Path, out: Path,
                workbook: str, row: int, column: int, sheet: str) -> dict:
    """One save-to-updated-PDF measurement, the cell at ``row``, ``column`` of ``workbook``'s
    ``sheet`` edited; ``command`` runs ``reportgen watch FOLDER -o OUT`` with ``--port 0
    --no-browser``."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        lines.extend(line.rstrip("\n") for line in process.stdout)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        _until(lambda: any("unchanged since" in x or BUILT.match(x) for x in lines),
               "first build", lines)
        builds = sum(1 for x in lines if BUILT.match(x))
        _settled(process.pid, folder, lines)
        plan, pdf = folder / workbook, out / f"{folder.name}.pdf"
        book = openpyxl.load_workbook(plan)
        cell = book[sheet].cell(row, column)
        cell.value = str(cell.value).rstrip(".") + " (saved while watching)."
        temp = folder / "8A3B1C00"  # Excel's temporary file: no extension
        book.save(temp)
        before = pdf.stat()
        cpu = _cpu(process.pid)
        began = time.perf_counter()
        os.unlink(plan)
        os.rename(temp, plan)
        _until(lambda: (s := pdf.stat()).st_ino != before.st_ino
               or s.st_mtime_ns != before.st_mtime_ns, "updated PDF", lines)
        seconds = time.perf_counter() - began
        _until(lambda: sum(1 for x in lines if BUILT.match(x)) > builds, "build line", lines)
        page_seconds = time.perf_counter() - began
        cpu = _cpu(process.pid) - cpu
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        reader.join(timeout=5)
    return {"seconds": seconds, "cpu_seconds": cpu, "page_seconds": page_seconds}
