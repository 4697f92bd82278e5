"""``reportgen watch`` as an officer uses it: started on a report folder, workbooks saved the way
Excel saves them, the output files and the preview's answers read back. The real-browser test
of the page is in test_watch_browser.py."""

from __future__ import annotations

import http.client
import signal
import socket
import time
from pathlib import Path

import pytest

from conftest import DETAILS, INPUTS, JANUARY, JUNE, TEXT, pdf_text, report_sheets
from reportgen.watch import events
from watching import Watch, copy_report, excel_save, leftovers, set_text, workbook_bytes

#: Longer than one save's burst of events takes to arrive (watchfiles' debounce, 1.6 s at most):
#: a build that was going to happen has started by then.
QUIET = 3.5


@pytest.fixture
def report(make_report) -> Path:
    return make_report()


def _start(folder: Path, tmp_path: Path, *extra: str) -> Watch:
    watch = Watch(folder, tmp_path / "out", tmp_path / "tmp", *extra)
    watch.wait_outcomes(1)
    return watch


def _pdf(tmp_path: Path, folder: Path) -> str:
    return " ".join(pdf_text(tmp_path / "out" / f"{folder.name}.pdf").split())


def test_an_excel_save_is_built_once(report, tmp_path) -> None:
    watch = _start(report, tmp_path)
    try:
        assert watch.builds() == 1, watch.lines
        assert "To tell Cabinet things." in _pdf(tmp_path, report)
        new = workbook_bytes(report / "report.xlsx",
                             set_text("To tell Cabinet things.", "To tell Cabinet news."))
        excel_save(report / "report.xlsx", new)
        watch.wait_outcomes(2)
        time.sleep(QUIET)
        assert watch.builds() == 2, watch.lines  # one save, one build: not one per event
        assert "To tell Cabinet news." in _pdf(tmp_path, report)
        assert (tmp_path / "out" / "test-report.docx").is_file()
        assert (tmp_path / "out" / ".test-report.build.json").is_file()  # as build --changed
    finally:
        assert watch.stop() == 0
    again = Watch(report, tmp_path / "out", tmp_path / "tmp")  # started again: nothing to do
    try:
        again.wait_for(lambda: any("unchanged since its last build" in x for x in again.lines))
        assert again.builds() == 0, again.lines
        page = _get(again.port, "/")[2].decode()
        assert "Page 1 of" in page and "To tell Cabinet news." in page
    finally:
        assert again.stop() == 0


def test_lock_files_temporary_files_and_touches_build_nothing(report, tmp_path) -> None:
    watch = _start(report, tmp_path)
    try:
        (report / "~$report.xlsx").write_bytes(b"\x0bofficer")  # Excel: the workbook is open
        (report / ".~lock.report.xlsx#").write_text("officer,host,01.12.2026 12:00;")
        (report / "8A3B1C00").write_bytes(b"PK\x03\x04 half a save")  # Excel's temporary file
        (report / "report.xlsx").touch()  # saved with no change
        (tmp_path / "out" / "test-report.pdf").touch()  # our own output
        time.sleep(QUIET)
        for name in ("~$report.xlsx", ".~lock.report.xlsx#", "8A3B1C00"):
            (report / name).unlink()
        time.sleep(QUIET)
        assert watch.outcomes() == 1, watch.lines
    finally:
        assert watch.stop() == 0


def test_a_workbook_read_half_written_is_tried_again(report, tmp_path) -> None:
    watch = _start(report, tmp_path)
    try:
        new = workbook_bytes(report / "report.xlsx",
                             set_text("To tell Cabinet things.", "Written in two halves."))
        with (report / "report.xlsx").open("wb") as stream:  # as a program saving in place
            stream.write(new[: len(new) // 2])
            stream.flush()
            time.sleep(0.8)
            stream.write(new[len(new) // 2:])
        watch.wait_outcomes(2)
        time.sleep(QUIET)
        assert watch.failures() == 0, watch.lines  # never shown as broken
        # Built once the workbook is whole; on a loaded machine the second half can land
        # while that build reads it, and then the save counts as made during the build,
        # which gives exactly one more (test_a_save_during_a_build_gives_exactly_one_more).
        assert watch.builds() in (2, 3), watch.lines
        assert "Written in two halves." in _pdf(tmp_path, report)
    finally:
        assert watch.stop() == 0


def test_a_save_during_a_build_gives_exactly_one_more(tmp_path) -> None:
    folder = copy_report(INPUTS / JANUARY, tmp_path)  # a build long enough to save during
    book = folder / "report.xlsx"
    watch = _start(folder, tmp_path)
    try:
        first = workbook_bytes(book, set_text("Background Papers", "Papers, first save"))
        second = workbook_bytes(book, set_text("Background Papers", "Papers, second save"))
        excel_save(book, first)
        watch.wait_for(lambda: watch.status()["building"])
        time.sleep(0.2)
        excel_save(book, second)  # while the first save is being built
        watch.wait_outcomes(3)
        time.sleep(QUIET)
        assert watch.builds() == 3, watch.lines
        assert "Papers, second save" in _pdf(tmp_path, folder)
    finally:
        assert watch.stop() == 0


def test_polling_sees_two_saves_of_one_size_within_a_second(report, tmp_path) -> None:
    watch = _start(report, tmp_path, "--poll")
    book = report / "report.xlsx"
    try:
        one = workbook_bytes(book, set_text("To tell Cabinet things.", "Polled text AAAA."))
        two = workbook_bytes(book, set_text("To tell Cabinet things.", "Polled text BBBB."))
        assert len(one) == len(two)
        before = book.stat().st_ino
        book.write_bytes(one)  # in place: the same file, the same size, within one second
        time.sleep(0.5)
        book.write_bytes(two)
        assert book.stat().st_ino == before
        watch.wait_for(lambda: "Polled text BBBB." in _pdf(tmp_path, report))
        time.sleep(QUIET)
        assert 2 <= watch.builds() <= 3, watch.lines
        assert "Polled text BBBB." in _pdf(tmp_path, report)
    finally:
        assert watch.stop() == 0


def test_starts_with_broken_inputs_and_shows_where(make_report, tmp_path) -> None:
    broken = [*TEXT[:1], ("numbred paragraph", "A slip."), *TEXT[1:]]
    folder = make_report(report_sheets(DETAILS, broken))
    watch = _start(folder, tmp_path)
    try:
        assert watch.failures() == 1, watch.lines
        assert any("sheet Text, cell A3" in line for line in watch.lines), watch.lines
        status = watch.status()
        assert status["problems"] == 1
        page = _get(watch.port, "/")[2].decode()
        assert "numbred paragraph" in page and "<td>A3</td>" in page
    finally:
        assert watch.stop() == 0


def _get(port: int, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", f"127.0.0.1:{port}" if host is None else host)
    connection.endheaders()
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}, body


def test_preview_answers_only_its_own_host_and_files(report, tmp_path) -> None:
    watch = _start(report, tmp_path)
    port = watch.port
    try:
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
            status, headers, _ = _get(port, "/", host)
            assert status == 200, host
            assert headers["cache-control"] == "no-store"
        for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}",
                     f"127.0.0.2:{port}", f"localhost:{port + 1}", ""):
            assert _get(port, "/", host)[0] == 421, host  # DNS rebinding: refused
        for path in ("/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/preview.js/../x",
                     "/page.html.j2", "/loop.py", "/pages/0/1/../../../x.png", "/pages/0/99/1.png",
                     "/pages/0/1/999.png", "/pages/7/1/1.png"):
            assert _get(port, path)[0] == 404, path
        status, headers, body = _get(port, "/pages/0/1/1.png")
        assert status == 200 and body.startswith(b"\x89PNG")
        assert headers["cache-control"] == "no-store"
        with pytest.raises(OSError):  # listening on the loopback address only
            outside = _outside_address()
            socket.create_connection((outside, port), timeout=2).close()
    finally:
        assert watch.stop() == 0


def _outside_address() -> str:
    """An address of this machine that is not the loopback one."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks an interface
        address = probe.getsockname()[0]
    except OSError:
        raise OSError("no other address") from None
    finally:
        probe.close()
    if address.startswith("127."):
        raise OSError("no other address")
    return str(address)


def test_a_port_in_use_is_said_and_another_used(report, tmp_path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        watch = Watch(report, tmp_path / "out", tmp_path / "tmp", port=port)
        try:
            assert any(f"port {port} is in use" in line for line in watch.lines), watch.lines
            assert watch.port != port
            assert _get(watch.port, "/")[0] == 200
        finally:
            assert watch.stop() == 0
    finally:
        taken.close()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_stopping_mid_build_leaves_no_temporary_files(tmp_path, signum) -> None:
    folder = copy_report(INPUTS / JUNE, tmp_path)
    watch = Watch(folder, tmp_path / "out", tmp_path / "tmp")
    watch.wait_for(lambda: watch.status()["building"])
    time.sleep(0.5)
    code = watch.stop(signum)
    assert code == (0 if signum == signal.SIGINT else 128 + signum), watch.lines
    assert any("stopped watching" in line for line in watch.lines), watch.lines
    assert leftovers(tmp_path / "tmp", tmp_path / "out", folder) == []


@pytest.mark.parametrize(("name", "ignored"), [
    ("report.xlsx", False), ("plan.xlsm", False), ("photo.png", False),
    ("~$report.xlsx", True), (".~lock.report.xlsx#", True), ("8A3B1C00", True),
    ("~WRL0001.tmp", True), (".report.pdf.a1b2c3d4.tmp", True), ("report.xlsx~", True),
    (".test-report.build.json", True),
])
def test_which_files_are_inputs(name, ignored) -> None:
    assert events.ignored(Path("/r/in") / name) is ignored


def test_outputs_are_not_inputs() -> None:
    assert events.ignored(Path("/r/in/out/report.pdf"), [Path("/r/in/out")])
    assert not events.ignored(Path("/r/in/report.xlsx"), [Path("/r/in/out")])


MOUNTS = """/dev/sda1 / ext4 rw,relatime 0 0
server:/exports/council /mnt/council nfs4 rw,relatime 0 0
//fileserver/policy /mnt/policy\\040team cifs rw 0 0
C:\\134 /mnt/c 9p rw 0 0
onedrive /home/officer/OneDrive fuse.rclone rw 0 0
"""


@pytest.mark.parametrize(("folder", "polled"), [
    ("/home/officer/reports/cabinet", None), ("/mnt/council/inputs/cabinet", "nfs4"),
    ("/mnt/policy team/inputs/cabinet", "cifs"), ("/mnt/c/Users/officer/cabinet", "9p"),
    ("/home/officer/OneDrive/cabinet", "fuse.rclone"),
])
def test_network_and_synced_folders_are_polled(folder, polled) -> None:
    why = events.needs_polling([Path(folder)], MOUNTS)
    assert (why is None) if polled is None else (f"a {polled} file system" in (why or ""))


def test_a_shared_plan_builds_the_reports_that_read_it_only(make_report, tmp_path) -> None:
    from conftest import make_workbook, plan_sheets

    shared = tmp_path / "inputs" / "shared"
    make_workbook(shared / "plan.xlsx", plan_sheets())
    make_workbook(shared / "other-plan.xlsx", plan_sheets())
    sheets = report_sheets()
    sheets["Appendices"] = [("Key", "Title", "Kind", "Source"),
                            ("plan", "The Plan", "delivery plan", "../shared/plan.xlsx")]
    folder = make_report(sheets)
    watch = _start(folder, tmp_path)
    try:
        excel_save(shared / "other-plan.xlsx", workbook_bytes(
            shared / "other-plan.xlsx", lambda book: book["Plan"].cell(2, 2, "Not read")))
        time.sleep(QUIET)
        assert watch.outcomes() == 1, watch.lines  # a plan it does not read
        excel_save(shared / "plan.xlsx", workbook_bytes(
            shared / "plan.xlsx", lambda book: book["Plan"].cell(2, 2, "The Shared Plan")))
        watch.wait_outcomes(2)
        time.sleep(QUIET)
        assert watch.builds() == 2, watch.lines
        assert "The Shared Plan" in _pdf(tmp_path, folder)
    finally:
        assert watch.stop() == 0


def test_a_save_while_the_watcher_restarts_is_built(report, tmp_path, monkeypatch) -> None:
    """The watcher restarts after every build (a build may find a house style or a shared
    plan to watch too); a workbook saved in that gap raises no event, so the loop looks for
    inputs that changed since their last build once it is watching again, and builds them."""
    from reportgen.watch.loop import Loop

    loop = Loop([report], tmp_path / "out", poll=False, echo=lambda _: None,
                echo_err=lambda _: None)
    watched = loop.reports[0]
    loop.first(watched)  # built: the inputs as they are now
    built: list[str] = []
    monkeypatch.setattr(loop, "build", lambda w: (built.append(w.state.name), setattr(
        w, "built", events.Fingerprint.of(loop._inputs(w)))))
    saved = []

    def start(folders: set[Path]) -> None:  # the save lands while the watcher restarts
        if not saved:
            excel_save(report / "report.xlsx", workbook_bytes(
                report / "report.xlsx", lambda book: book["Details"].append(["Saved", "now"])))
            saved.append(True)

    monkeypatch.setattr(loop.watcher, "start", start)
    loop.restart()
    assert built == [watched.state.name]
    loop.restart()  # nothing saved since: nothing built
    assert built == [watched.state.name]
