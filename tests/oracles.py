"""The programs the tests hold reportgen to, each run one way: LibreOffice (Writer renders a
DOCX as a word processor would; Calc shows cells as Excel does) and pdftotext. A missing
install and a conversion that hangs fail the test the same way wherever they happen.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

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


#: LibreOffice's PDF of each document converted in this test process, by the SHA-256 of the
#: document's bytes: the same DOCX (a sample, built once per session) is read by several test
#: modules, and the same bytes make the same PDF, so each is converted once.
_CONVERTED: dict[str, Path] = {}


def libreoffice_pdfs(workdir: Path, *documents: Path) -> list[Path]:
    """LibreOffice's PDFs of ``documents``, in ``workdir``: those not converted before in this
    session in one soffice run, the others copied from their first conversion."""
    workdir.mkdir(parents=True, exist_ok=True)
    pdfs = [workdir / f"{d.stem}.pdf" for d in documents]
    for pdf in pdfs:
        pdf.unlink(missing_ok=True)
    digests = [hashlib.sha256(d.read_bytes()).hexdigest() for d in documents]
    new = {digest: d for digest, d in zip(digests, documents, strict=True)
           if digest not in _CONVERTED}
    for batch in _batches(list(new.items())):
        store = Path(tempfile.mkdtemp(prefix="lo-pdfs-"))
        run = soffice(store, [d for _, d in batch], "pdf", store)
        made = {digest: store / f"{d.stem}.pdf" for digest, d in batch}
        missing = [str(new[digest]) for digest, pdf in made.items() if not pdf.is_file()]
        assert not missing, (f"soffice (exit {run.returncode}) converted none of {missing}\n"
                             f"stdout: {run.stdout.strip()}\nstderr: {run.stderr.strip()}")
        _CONVERTED.update(made)
    for digest, pdf in zip(digests, pdfs, strict=True):
        shutil.copyfile(_CONVERTED[digest], pdf)
    return pdfs


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
