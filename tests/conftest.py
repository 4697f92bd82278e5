"""Shared fixtures: small report folders built by the tests, and the sample reports built once."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest
from hypothesis import settings

from oracles import SHARED_ENV, once, shared_folder, stop_writer
from reportgen import api

# The layout cache is off unless a test turns it on with a folder of its own: a test must lay
# out what it says it lays out, and leave nothing in the home folder.
os.environ["REPORTGEN_CACHE"] = "off"

# The whole session, and every process it starts, uses a temporary folder of its own: nothing
# a test does (a build's sweep of what killed builds left, above all) can touch the machine's
# real temporary folder, where other people's files and the clone running these tests may be.
# A pytest-xdist worker's folder sits beside the run's, not inside it: Chromium makes a Unix
# socket in TMPDIR, and a socket's path may be no longer than about 100 bytes.
if "PYTEST_XDIST_WORKER" not in os.environ or "REPORTGEN_TEST_TMPDIR" not in os.environ:
    os.environ["REPORTGEN_TEST_TMPDIR"] = tempfile.gettempdir()
SESSION_TMP = Path(tempfile.mkdtemp(prefix="rg-test-session-",
                                    dir=os.environ["REPORTGEN_TEST_TMPDIR"]))
os.environ["TMPDIR"] = str(SESSION_TMP)
tempfile.tempdir = None  # chosen again, from TMPDIR
if "PYTEST_XDIST_WORKER" not in os.environ:  # a worker uses the folder of the run it is in
    os.environ[SHARED_ENV] = str(SESSION_TMP / "shared")


#: Hypothesis profiles, chosen by HYPOTHESIS_PROFILE: ``ci`` (the default, and what `make test`
#: runs) tries each property as many times as the test asks; ``dev`` a tenth as many, for a
#: quick run while working. A test asks through ``examples`` so both profiles scale it.
settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("dev", max_examples=10, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def examples(count: int) -> int:
    """``count`` examples under the ``ci`` profile, as many in proportion under another."""
    return max(1, count * settings.default.max_examples // 100)


def pytest_unconfigure(config: pytest.Config) -> None:
    stop_writer()  # LibreOffice first: its profile is in the session's folder
    shutil.rmtree(SESSION_TMP, ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true",
                     help="write tests/golden/ afresh from the writers instead of comparing "
                          "(as pandoc's --accept); read the diff before committing")

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
SEEDS = Path(__file__).resolve().parent / "seeds"  # copies of the reference reports
JUNE = "cabinet-2013-06-20-partnership-update"
JANUARY = "cabinet-2013-01-17-partnership-update"
APRIL = "cabinet-2013-04-18-partnership-update"  # names January as its previous report

DETAILS: dict[str, object] = {
    "Council": "Test Borough Council",
    "Committee": "Cabinet",
    "Meeting date": dt.date(2013, 6, 20),
    "Title": "A Test Report",
    "Agenda item": "7",
    "Report of": "Head of Policy",
    "Contact officer": "A. Officer",
    "Telephone": "1234",
    "Portfolio leader": "Crime and Partnerships",
    "Key decision": "No",
    "Report track": "Cabinet: 20/06/13",
}

TEXT: list[tuple[str, ...]] = [
    ("section", "Purpose of Report", "purpose"),
    ("numbered paragraph", "To tell Cabinet things."),
    ("section", "Recommendations"),
    ("numbered paragraph", "That Cabinet note the report.", "rec-note"),
    ("numbered paragraph", "That Cabinet do more, as [[paragraph:rec-note]] says."),
    ("section", "Report Detail"),
    ("numbered paragraph", "Opening paragraph."),
    ("paragraph", "An unnumbered paragraph."),
    ("bullet", "First bullet"),
    ("bullet", "Second bullet"),
    ("numbered heading", "Improved Health", "health"),
    ("paragraph", "Health text."),
    ("numbered item", "First project"),
    ("numbered item", "Second project"),
    ("heading", "Minor heading"),
    ("case study", "", "cs1"),
    ("table with total", "Stages", "Stages"),
    ("appendices section", "Appendices to the Report"),
    ("unnumbered section", "Background Papers"),
    ("paragraph", "None"),
]


def write_sheet(wb: openpyxl.Workbook, name: str, rows: Sequence[Sequence[object]]) -> None:
    ws = wb.create_sheet(name)
    for row in rows:
        ws.append(list(row))


WorkbookSpec = dict[str, Sequence[Sequence[object]]]


def make_workbook(path: Path, sheets: WorkbookSpec) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        write_sheet(wb, name, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def report_sheets(details: dict[str, object] | None = None,
                  text: Sequence[Sequence[object]] | None = None) -> WorkbookSpec:
    """The sheets of a small but complete report.xlsx, for tests to change one thing in."""
    return {
        "Details": [("Field", "Value"), *(details or DETAILS).items()],
        "Text": [("Style", "Text", "Key", "Alt text"), *(text if text is not None else TEXT)],
        "Case studies": [("Key", "Title", "Text"), ("cs1", "A case study", "First part."),
                         (None, None, "Second part.")],
        "Stages": [("Stage", "Number issued"), ("Stage 1", 3), ("Stage 2", 5), ("Total", "sum")],
    }


@pytest.fixture
def make_report(tmp_path: Path) -> Callable[..., Path]:
    """Build a report folder from sheet specs; returns the folder."""
    def build(sheets: WorkbookSpec | None = None, name: str = "test-report",
              extra: dict[str, WorkbookSpec] | None = None) -> Path:
        folder = tmp_path / "inputs" / name
        make_workbook(folder / "report.xlsx", sheets or report_sheets())
        for filename, spec in (extra or {}).items():
            make_workbook(folder / filename, spec)
        return folder
    return build


@pytest.fixture
def shared_layout_cache(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The run's one layout cache, as an officer's machine keeps one, for tests whose subject
    is not how a report is laid out (output safety, exit codes, dates, words, messages): a part
    laid out once in the run is not laid out again, and its bytes are the same either way
    (tests/test_cache.py). Tests of layout itself, of building the same file twice, of stopping
    mid-build and of the cache keep it off, as the rest of the run does."""
    folder = shared_folder("layout-cache")
    monkeypatch.setenv("REPORTGEN_CACHE", str(folder))
    return folder


@pytest.fixture(scope="session")
def built() -> Callable[[str], api.Built]:
    """The sample reports (any folder of inputs/ by name), each built once per test run: by
    whichever process first asks, into the folder the run's processes share (pytest-xdist's
    workers wait for it, then read the same files). Tests read these files, never change
    them: a test that changes one works on a copy."""
    shared = shared_folder("samples")
    cache: dict[str, api.Built] = {}

    def get(name: str) -> api.Built:
        if name not in cache:
            out, record = shared / name, shared / f"{name}.json"
            with once(shared, [name]):
                if not record.is_file():
                    made = api.build(INPUTS / name, out)
                    record.write_text(json.dumps(made.notes), encoding="utf-8")
            cache[name] = api.Built(out / f"{name}.docx", out / f"{name}.pdf",
                                    json.loads(record.read_text(encoding="utf-8")))
        return cache[name]
    return get


def ended_pid() -> int:
    """The number of a process that has ended."""
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(ended.stdout)


def age(path: Path, seconds: float) -> None:
    """``path`` and all inside it last written ``seconds`` ago (links themselves, not what
    they point to)."""
    then = time.time() - seconds
    for inside in [*path.rglob("*"), path]:
        os.utime(inside, (then, then), follow_symlinks=False)


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", "-layout" if layout else "-raw", str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_pages(path: Path) -> list[str]:
    return pdf_text(path).split("\f")[:-1] or [pdf_text(path)]


def words(text: str) -> list[str]:
    text = re.sub(r"ITEM NO\.\s*[\d.]+", " ", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    return re.findall(r"[a-z0-9£%]+", text.lower())



def plan_sheets(activities: int = 2) -> WorkbookSpec:
    """A small delivery-plan workbook: one outcome with its baseline, target and activities."""
    from reportgen.model import ACTIVITY_COLUMNS

    header = ("Outcome", *(title for title, _ in ACTIVITY_COLUMNS))
    rows = [(1, *(f"{title} {n}" for title, _ in ACTIVITY_COLUMNS)) for n in range(activities)]
    return {
        "Plan": [("Field", "Value"), ("Title", "Test Delivery Plan")],
        "Outcomes": [("Outcome", "Title", "Baseline", "Target"),
                     (1, "Safer streets", "A baseline", "A target")],
        "Activities": [header, *rows],
    }


#: Tiers, so a developer can run the quick ones alone (``pytest -m "not oracle and not slow"``)
#: while ``make test`` runs everything: modules that hold outputs to an outside program
#: (LibreOffice, pdftotext, the PDF/UA validator), and modules that build whole projects,
#: install packages or stop builds with signals.
ORACLE_MODULES = {"test_word_numbering", "test_one_document", "test_pdfua", "test_number_formats",
                  "test_since_last_report", "test_writers_agree", "test_sample_january",
                  "test_sample_june", "test_glyphs", "test_contacts"}
SLOW_MODULES = {"test_make", "test_many_reports", "test_signals", "test_cache", "test_pack",
                "test_nothing_lost"}


#: The modules that take longest (most first, from a run's --junitxml times), started first:
#: pytest-xdist hands out whole modules in collection order (``--no-loadscope-reorder`` in
#: pyproject.toml: by default it would hand out the modules with most tests first), and a long
#: one handed out last keeps one worker busy while the others have finished. Order only; any
#: module may be missing.
#: test_watch comes second: most of its time is waiting for the watcher (a third of it on the
#: processor), which the other worker's ``make report``, building on every core, fills.
LONGEST_FIRST = ["test_make", "test_watch", "test_one_document", "hostile/test_sizes",
                 "test_cache", "test_check", "hostile/test_properties",
                 "hostile/test_cli_hostile", "test_welsh", "hostile/test_check_files",
                 "test_init", "test_nothing_lost", "hostile/test_amplification"]
TESTS = Path(__file__).resolve().parent


def _start_rank(item: pytest.Item) -> int:
    try:
        module = item.path.relative_to(TESTS).with_suffix("").as_posix()
    except ValueError:
        return len(LONGEST_FIRST)
    return LONGEST_FIRST.index(module) if module in LONGEST_FIRST else len(LONGEST_FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_start_rank)  # stable: within a module, and among the rest, as collected
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in ORACLE_MODULES:
            item.add_marker(pytest.mark.oracle)
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[..., None]:
    """Compare a writer's output with ``tests/golden/NAME``, or write it there when asked to
    (``--regen-golden`` or ``REPORTGEN_REGEN_GOLDEN=1``): a change to what a writer makes is
    then a diff to read in review, not a surprise in a sample's rendering."""
    asked = (request.config.getoption("--regen-golden")
             or os.environ.get("REPORTGEN_REGEN_GOLDEN") == "1")

    def compare(name: str, text: str, regen: bool = True) -> None:
        path = GOLDEN / name
        if asked and regen:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        if not path.is_file():
            pytest.fail(f"tests/golden/{name} does not exist; make it with "
                        "`pytest --regen-golden` and read it before committing", pytrace=False)
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            import difflib

            diff = "".join(difflib.unified_diff(
                expected.splitlines(keepends=True), text.splitlines(keepends=True),
                f"tests/golden/{name}", "now", n=2))
            pytest.fail(f"output differs from tests/golden/{name} (if the change is meant, "
                        f"run `pytest --regen-golden` and commit the new file):\n{diff[:6000]}",
                        pytrace=False)
    return compare
