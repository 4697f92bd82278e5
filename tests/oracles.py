"""The programs the tests hold reportgen to, each run one way: LibreOffice (Writer renders a
DOCX as a word processor would; Calc shows cells as Excel does) and pdftotext. A missing
install and a conversion that hangs fail the test the same way wherever they happen.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

#: A folder every process of one test run shares: set by conftest in the process pytest was
#: started in, inherited by pytest-xdist's workers (whose temporary folders are their own).
SHARED_ENV = "REPORTGEN_TEST_SHARED"


def shared_folder(name: str) -> Path:
    """``name`` in the folder the run's processes share, made if need be."""
    base = os.environ.get(SHARED_ENV)
    if not base:  # the oracles used without the tests' conftest: this process alone
        base = os.environ[SHARED_ENV] = tempfile.mkdtemp(prefix="rg-test-shared-")
    folder = Path(base) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextlib.contextmanager
def once(folder: Path, keys: Iterable[str]) -> Iterator[None]:
    """Hold the lock of each key in ``folder`` (in sorted order, so two processes never wait
    on each other), so that what one process makes there another uses, never makes again."""
    with contextlib.ExitStack() as stack:
        for key in sorted(set(keys)):
            lock = stack.enter_context((folder / f"{key}.lock").open("a"))
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield

SOFFICE_TIMEOUT = 180  # seconds; a conversion takes one or two
#: Calc and Writer read numbers and dates as an en-GB officer's machine does.
EN_GB = {"LANG": "en_GB.UTF-8", "LC_ALL": "en_GB.UTF-8"}

#: One LibreOffice profile per test process and locale, made by its first run and used by every
#: later one: a fresh profile costs LibreOffice seconds of first-start set-up on each run, and
#: nothing a conversion leaves in it changes what the next one renders. Per process, in the
#: session's own temporary folder, so no two soffice runs ever share one at once (with
#: pytest-xdist each worker has its own); per locale, so an en-GB run never meets settings an
#: earlier run made under another.
_PROFILES: dict[bool, Path] = {}


def _profile(locale: bool) -> Path:
    if locale not in _PROFILES or not _PROFILES[locale].is_dir():
        _PROFILES[locale] = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    return _PROFILES[locale]


def soffice(workdir: Path, documents: list[Path], convert_to: str, outdir: Path,
            locale: bool = False) -> subprocess.CompletedProcess[str]:
    """One headless ``soffice --convert-to`` run over ``documents`` (``workdir`` is made for
    the caller), with the session's profile for the locale. soffice exits 0 even when it
    converted nothing: callers check the files."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) is not installed; `make test` installs it "
                    "(scripts/system-deps.sh test)", pytrace=False)
    workdir.mkdir(parents=True, exist_ok=True)
    profile = _profile(locale)
    cmd = ["soffice", "--headless", "--norestore",
           f"-env:UserInstallation={profile.as_uri()}",
           "--convert-to", convert_to, "--outdir", str(outdir), *map(str, documents)]
    env = {**os.environ, **(EN_GB if locale else {})}
    # Own session, so a hung conversion can be stopped with everything it started.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env=env)
    try:
        out, err = proc.communicate(timeout=SOFFICE_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        shutil.rmtree(profile, ignore_errors=True)  # its lock left behind; the next run anew
        pytest.fail(f"soffice did not finish within {SOFFICE_TIMEOUT} s: {' '.join(cmd)}")
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def libreoffice_pdfs(workdir: Path, *documents: Path) -> list[Path]:
    """LibreOffice's PDFs of ``documents``, in ``workdir``.

    Each is converted once per test run, by the SHA-256 of its bytes: the same DOCX (a sample,
    built once per run) is read by several test modules, and the same bytes make the same PDF.
    Those not converted before are converted in one soffice run; the PDFs are kept in the
    run's shared folder, so pytest-xdist's workers convert each document once between them.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    pdfs = [workdir / f"{d.stem}.pdf" for d in documents]
    for pdf in pdfs:
        pdf.unlink(missing_ok=True)
    digests = [hashlib.sha256(d.read_bytes()).hexdigest() for d in documents]
    store = shared_folder("libreoffice-pdfs")
    with once(store, digests):
        new = {digest: d for digest, d in zip(digests, documents, strict=True)
               if not (store / f"{digest}.pdf").is_file()}
        for batch in _batches(list(new.items())):
            scratch = Path(tempfile.mkdtemp(prefix="lo-pdfs-"))
            errors = _writer().convert([d for _, d in batch], scratch)
            made = {digest: scratch / f"{d.stem}.pdf" for digest, d in batch}
            missing = [str(new[digest]) for digest, pdf in made.items() if not pdf.is_file()]
            assert not missing, f"LibreOffice Writer converted none of {missing}: {errors}"
            for digest, pdf in made.items():
                shutil.move(pdf, store / f"{digest}.pdf")
    for digest, pdf in zip(digests, pdfs, strict=True):
        shutil.copyfile(store / f"{digest}.pdf", pdf)
    return pdfs


class Writer:
    """LibreOffice Writer, started once in this process and kept running
    (``writer_server.py``): each conversion is Writer's own PDF export of the document, as
    ``soffice --convert-to pdf`` makes it, without LibreOffice's second or so of starting up
    again for every document. Its profile is its own, so no ``soffice`` run meets it."""

    def __init__(self) -> None:
        python = shutil.which("python3", path="/usr/bin")
        if shutil.which("soffice") is None or python is None or subprocess.run(
                [python, "-c", "import uno"], capture_output=True).returncode != 0:
            pytest.fail("LibreOffice Writer with its Python bridge (soffice, python3-uno) is "
                        "not installed; `make test` installs them (scripts/system-deps.sh "
                        "test)", pytrace=False)
        profile = Path(tempfile.mkdtemp(prefix="lo-writer-profile-"))
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        # Own session, so stopping it stops the LibreOffice it started too.
        self.process = subprocess.Popen(
            [python, str(Path(__file__).with_name("writer_server.py")), profile.as_uri(),
             f"reportgen-tests-{os.getpid()}"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, start_new_session=True, env=env)
        ready = self._answer()
        if not ready.get("ready"):
            self.stop()
            pytest.fail(f"LibreOffice Writer did not start: {ready}", pytrace=False)

    def convert(self, documents: list[Path], outdir: Path) -> list[str]:
        """PDFs of ``documents`` (whose names differ) in ``outdir``; the errors, if any."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"documents": [str(d) for d in documents],
                                             "outdir": str(outdir)}) + "\n")
        self.process.stdin.flush()
        return list(self._answer().get("errors", []))

    def _answer(self) -> dict[str, object]:
        assert self.process.stdout is not None
        readable, _, _ = select.select([self.process.stdout], [], [], SOFFICE_TIMEOUT)
        line = self.process.stdout.readline() if readable else ""
        if not line:
            self.stop()
            pytest.fail(f"LibreOffice Writer gave no answer within {SOFFICE_TIMEOUT} s "
                        "(or stopped)", pytrace=False)
        answer: dict[str, object] = json.loads(line)
        return answer

    def stop(self) -> None:
        """Writer closed (the server ends it when its input ends), or killed."""
        global _WRITER
        _WRITER = None
        with contextlib.suppress(OSError, ValueError):
            if self.process.stdin:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


_WRITER: Writer | None = None


def stop_writer() -> None:
    """Close this process's Writer, if it was started (before its profile's folder goes)."""
    if _WRITER is not None:
        _WRITER.stop()


def _writer() -> Writer:
    global _WRITER
    if _WRITER is None or _WRITER.process.poll() is not None:
        _WRITER = Writer()
        atexit.register(stop_writer)
    return _WRITER


def _batches(documents: list[tuple[str, Path]]) -> list[list[tuple[str, Path]]]:
    """Runs of documents whose names differ, as one soffice run writes each PDF by name."""
    batches: list[list[tuple[str, Path]]] = []
    for item in documents:
        batch = next((b for b in batches if all(d.stem != item[1].stem for _, d in b)), None)
        if batch is None:
            batches.append([item])
        else:
            batch.append(item)
    return batches


def page_texts(pdf: Path) -> list[list[str]]:
    """Each page's lines, page stamps left out, whitespace normalised."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    return [[" ".join(line.split()) for line in page.splitlines()
             if line.strip() and "ITEM NO." not in line] for page in pages]
