"""How the benchmark measures: wall and processor seconds of a command and everything it started,
a build's stages as reportgen itself reports them, peak memory of a process and its workers,
LibreOffice's conversion (the yardstick), pages of a PDF, and the machine it all ran on.

Kept apart from what is measured (``scenarios``, ``stages``) and from how it is reported
(``reporting``), so that every figure in results.md is taken the same way.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
SOFFICE_TIMEOUT = 900


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- time -------------------------------------------------------------------------------------

def children_cpu() -> float:
    """Processor seconds (user + system) of every child process ended and waited for so far,
    their own children included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(cmd: list[str], env: dict[str, str] | None = None,
              timeout: float = SOFFICE_TIMEOUT) -> dict:
    """Run ``cmd`` to its end: wall seconds, processor seconds of it and every process it
    started (``getrusage(RUSAGE_CHILDREN)`` user + system, before and after), exit code and
    output. Fails if it fails."""
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    seconds = time.perf_counter() - start
    cpu = children_cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:6])} … failed ({done.returncode}): "
                           f"{(done.stderr or done.stdout).strip()[-1500:]}")
    return {"seconds": seconds, "cpu_seconds": cpu, "stdout": done.stdout,
            "stderr": done.stderr}


def median_of(runs: list[dict], what: str) -> dict:
    """The median wall and processor seconds of ``what`` over ``runs``."""
    import statistics

    return {key: statistics.median(run[what][key] for run in runs)
            for key in ("seconds", "cpu_seconds")}


# -- reportgen as a user runs it ---------------------------------------------------------------

def private_tmp() -> Path:
    """The benchmark's own temporary folder, for every build it runs. Other work on a shared
    machine may run reportgen too, and a build clears away the temporary folders of builds it
    takes to be dead (``tempfiles.sweep``): one that cannot see this benchmark's processes (a
    sandbox with its own process numbers) would remove a running build's parts."""
    folder = WORK / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def user_env(cache: Path | str) -> dict[str, str]:
    """The environment of a ``reportgen`` run as a user starts it, with this tree's package
    first on the path and the layout cache in ``cache`` (a private folder, or "off")."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["REPORTGEN_CACHE"] = str(cache)
    env["TMPDIR"] = str(private_tmp())
    return env


def reportgen_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "reportgen", *args]


#: ``reportgen ARGS…`` in a new process, as ``python -m reportgen`` runs it, with the build's
#: stages recorded by reportgen itself (``reportgen.build.timings``) and written as JSON.
_TIMED_RUNNER = """
import json, sys
from reportgen.build import timings
from reportgen.cli import main
with timings.recording() as spent:
    try:
        main(sys.argv[2:], prog_name="reportgen")
        code = 0
    except SystemExit as stop:
        code = stop.code
with open(sys.argv[1], "w") as stream:
    json.dump(spent.as_dict(), stream)
sys.exit(code)
"""


def reportgen_timed(args: list[str], cache: Path | str, stages_file: Path,
                    timeout: float = SOFFICE_TIMEOUT) -> dict:
    """``reportgen ARGS…`` in a new process (``run_timed``), and the stages of what it built
    as reportgen reports them (``stages``: name → seconds, cpu_seconds, count)."""
    stages_file.unlink(missing_ok=True)
    found = run_timed([sys.executable, "-c", _TIMED_RUNNER, str(stages_file), *args],
                      user_env(cache), timeout=timeout)
    found["stages"] = json.loads(stages_file.read_text())
    return found


def cache_entries(cache: Path) -> int:
    """The report parts in a layout cache (not its sheets of page stamps)."""
    found = 0
    for entry in cache.glob("*.part") if cache.is_dir() else ():
        with entry.open("rb") as stream:
            stream.readline()
            found += json.loads(stream.readline()).get("kind", "part") == "part"
    return found


# -- LibreOffice, the yardstick ----------------------------------------------------------------

def soffice_command(docx: list[Path], outdir: Path, profile: Path) -> list[str]:
    """One headless LibreOffice run converting every file of ``docx`` to PDF in ``outdir``,
    with its own user profile (``profile``), not the user's."""
    return ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx)]


def soffice_convert(docx: Path, outdir: Path, profile: Path) -> Path:
    """LibreOffice's headless conversion of ``docx`` into ``outdir``; the PDF's path. (It
    exits 0 even when it could not load the file: the PDF is looked for.)"""
    outdir.mkdir(parents=True, exist_ok=True)
    pdf = outdir / (docx.stem + ".pdf")
    pdf.unlink(missing_ok=True)
    done = subprocess.run(soffice_command([docx], outdir, profile), capture_output=True,
                          text=True, timeout=SOFFICE_TIMEOUT)
    if done.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"soffice failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return pdf


def pages(pdf: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(str(pdf)).pages)


# -- memory ------------------------------------------------------------------------------------

def status_kib(field: str) -> int | None:
    match = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    return int(match.group(1)) if match else None


def tree_pss_kib(root: int) -> int:
    """Memory of ``root`` and every process it started (the PDF writer's workers) together:
    the sum of their proportional set sizes, in which a page shared by several processes
    (forked workers share the parent's interpreter and fonts) counts once in all.
    """
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
        total += int(match.group(1)) if match else 0
    return total


class TreePeak:
    """Samples ``tree_pss_kib`` of this process every 20 ms while a stage runs."""

    def __init__(self, enabled: bool = True) -> None:
        self.peak = 0
        #: Processor seconds the sampling took (reading /proc), to leave out of the stage's.
        self.cpu = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._enabled = enabled

    def _run(self) -> None:
        if not self._enabled:
            return
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, tree_pss_kib(os.getpid()))
        self.cpu = time.thread_time()

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def reset_peak() -> bool:
    """Reset this process's VmHWM to its current RSS (Linux 4.0+); False where unsupported."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


# -- the machine -------------------------------------------------------------------------------

class LoadSampler:
    """The 1-minute load average every 10 s all through the run, and at the start of each
    scenario: other work on a shared machine lengthens wall times, and results.md says so."""

    def __init__(self) -> None:
        self.every: list[float] = []
        self.sections: list[list] = []
        self._stop = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self._stop.wait(10):
            self.every.append(os.getloadavg()[0])

    def section(self, name: str) -> None:
        self.sections.append([name, os.getloadavg()])

    def stop(self) -> None:
        self._stop.set()


def environment() -> dict:
    """The machine and the versions of everything that lays out or converts the files."""
    versions = {"python": platform.python_version()}
    for dist in ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools", "python-docx",
                 "openpyxl", "jinja2", "lxml", "pillow", "pypdf"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    try:
        from weasyprint.text.ffi import pango
        v = pango.pango_version()
        versions["pango"] = f"{v // 10000}.{v // 100 % 100}.{v % 100}"
    except Exception:  # noqa: BLE001 - a version string is nice to have, never essential
        versions["pango"] = None
    for tool, args in (("libreoffice", ["soffice", "--version"]),
                       ("pdfinfo", ["pdfinfo", "-v"])):
        try:
            out = subprocess.run(args, capture_output=True, text=True, timeout=120)
            versions[tool] = (out.stdout + out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            versions[tool] = None
    cpu = None
    try:
        cpu = re.search(r"^model name\s*:\s*(.*)$", Path("/proc/cpuinfo").read_text(),
                        re.M).group(1)  # type: ignore[union-attr]
    except (OSError, AttributeError):
        pass
    versions["reportgen_commit"] = _git("rev-parse", "--short", "HEAD")
    versions["reportgen_changed_files"] = _git("status", "--porcelain", "--", "reportgen")
    return {"machine": {"uname": " ".join(platform.uname()), "uname_a": _uname_a(),
                        "cpu_count": os.cpu_count(), "cpu_model": cpu,
                        "memory_total_mib": _meminfo_total_mib(),
                        # other work on the machine skews the times: compare start and end
                        "loadavg_start": os.getloadavg()},
            "versions": versions}


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _uname_a() -> str:
    try:
        return subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return " ".join(platform.uname())


def _meminfo_total_mib() -> int | None:
    match = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    return int(match.group(1)) // 1024 if match else None
