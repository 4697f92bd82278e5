"""The programs the tests hold reportgen to, each run one way: LibreOffice (Writer renders a
DOCX as a word processor would; Calc shows cells as Excel does) and pdftotext. A missing
install and a conversion that hangs fail the test the same way wherever they happen.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

SOFFICE_TIMEOUT = 180  # seconds; a conversion takes one or two
#: Calc and Writer read numbers and dates as an en-GB officer's machine does.
EN_GB = {"LANG": "en_GB.UTF-8", "LC_ALL": "en_GB.UTF-8"}


def soffice(workdir: Path, documents: list[Path], convert_to: str, outdir: Path,
            locale: bool = False) -> subprocess.CompletedProcess[str]:
    """One headless ``soffice --convert-to`` run over ``documents`` with a fresh profile in
    ``workdir``. soffice exits 0 even when it converted nothing: callers check the files."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) is not installed; `make test` installs it "
                    "(scripts/system-deps.sh test)", pytrace=False)
    workdir.mkdir(parents=True, exist_ok=True)
    cmd = ["soffice", "--headless", "--norestore",
           f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
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
        pytest.fail(f"soffice did not finish within {SOFFICE_TIMEOUT} s: {' '.join(cmd)}")
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def libreoffice_pdfs(workdir: Path, *documents: Path) -> list[Path]:
    """LibreOffice's PDFs of ``documents`` (one soffice run, a fresh profile), in ``workdir``."""
    pdfs = [workdir / f"{d.stem}.pdf" for d in documents]
    for pdf in pdfs:
        pdf.unlink(missing_ok=True)
    run = soffice(workdir, list(documents), "pdf", workdir)
    missing = [str(p) for p in pdfs if not p.is_file()]
    assert not missing, (f"soffice (exit {run.returncode}) wrote no {missing}\n"
                         f"stdout: {run.stdout.strip()}\nstderr: {run.stderr.strip()}")
    return pdfs


def page_texts(pdf: Path) -> list[list[str]]:
    """Each page's lines, page stamps left out, whitespace normalised."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    return [[" ".join(line.split()) for line in page.splitlines()
             if line.strip() and "ITEM NO." not in line] for page in pages]
