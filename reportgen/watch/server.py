"""The preview page: the watched reports' pages as pictures, their problems at workbook, sheet
and cell, refreshed by itself when a build ends.

A local page is reachable by any web page the officer visits (a script on it can ask for
``http://127.0.0.1:N/``), so: the server listens on the loopback address only; it answers only
requests whose Host is ``127.0.0.1[:N]`` or ``localhost[:N]``, so a site whose name is made to
resolve to 127.0.0.1 (DNS rebinding) is refused; it serves only its own routes, from memory and
its package files, never a path from the request; and every answer says ``no-store``, so a
browser never shows an old build. The page asks ``/status.json`` twice a second and, when the
version there moves on, fetches ``/content`` and puts it in place (the reader keeps their place
on the page); picture URLs carry their version, so an old picture is never reused.

Python's own ``http.server``: a few routes for one user on one machine need no framework.
"""

from __future__ import annotations

import errno
import json
import re
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from urllib.parse import urlsplit

import jinja2

from reportgen.watch.state import Board, ReportState

ADDRESS = "127.0.0.1"
#: Other ports tried, one after another, when the one asked for is taken.
OTHER_PORTS = 20
_ASSETS = files("reportgen.watch")
_PICTURE = re.compile(r"/pages/(\d{1,4})/(\d{1,9})/(\d{1,6})\.png")
_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                          loader=jinja2.FunctionLoader(
                              lambda name: _ASSETS.joinpath(name).read_text(encoding="utf-8")))
#: Kept in memory at start: the page serves these and nothing else from the package.
_STATIC = {"/preview.js": ("preview.js", "text/javascript; charset=utf-8"),
           "/preview.css": ("preview.css", "text/css; charset=utf-8")}


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def status_line(board: Board) -> str:
    """What the page's status line says (read by screen readers as it changes)."""
    building = [r.name for r in board.reports if r.building]
    if building:
        return f"Building {', '.join(building)}…"
    parts = []
    for report in board.reports:
        if report.problems:
            parts.append(f"{report.name}: {plural(len(report.problems), 'problem')} at "
                         f"{report.failed_at}; the pages shown are not up to date")
        elif report.pages is not None:
            parts.append(f"{report.name}: up to date, built at {report.built_at}")
        else:
            parts.append(f"{report.name}: waiting for the first build")
    return ". ".join(parts) + "."


def _content(board: Board) -> str:
    return _ENV.get_template("content.html.j2").render(
        reports=list(enumerate(board.reports)), plural=plural)


def _page(board: Board) -> str:
    names = ", ".join(r.title or r.name for r in board.reports)
    return _ENV.get_template("page.html.j2").render(
        names=names, version=board.version, status=status_line(board),
        content=_content(board))


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "reportgen-preview"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for one line per build."""

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.server.hosts:
            self._send(HTTPStatus.MISDIRECTED_REQUEST,
                       f"refused: this preview answers only at {self.server.url}\n".encode(),
                       "text/plain; charset=utf-8")
            return
        path = urlsplit(self.path).path
        board = self.server.board
        if path == "/":
            with board.lock:
                body = _page(board).encode()
            self._send(HTTPStatus.OK, body, "text/html; charset=utf-8")
        elif path == "/content":
            with board.lock:
                body, version = _content(board).encode(), board.version
            self._send(HTTPStatus.OK, body, "text/html; charset=utf-8",
                       {"X-Preview-Version": str(version)})
        elif path == "/status.json":
            with board.lock:
                status = {"version": board.version, "status": status_line(board),
                          "building": any(r.building for r in board.reports),
                          "problems": sum(len(r.problems) for r in board.reports)}
            self._send(HTTPStatus.OK, json.dumps(status).encode(), "application/json")
        elif path in _STATIC:
            name, kind = _STATIC[path]
            self._send(HTTPStatus.OK, self.server.static[name], kind)
        elif match := _PICTURE.fullmatch(path):
            self._picture(*map(int, match.groups()))
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

    def _picture(self, index: int, version: int, number: int) -> None:
        board = self.server.board
        with board.lock:
            report: ReportState | None = (board.reports[index] if index < len(board.reports)
                                          else None)
            pages = report.pages if report and report.pages_version == version else None
        try:
            if pages is None:
                raise IndexError(number)
            data = pages.picture(number)  # drawn outside the board's lock: builds go on
        except IndexError:
            self._send(HTTPStatus.NOT_FOUND, b"no such page (a newer build replaced it)\n",
                       "text/plain; charset=utf-8")
            return
        self._send(HTTPStatus.OK, data, "image/png")

    def _send(self, status: HTTPStatus, body: bytes, kind: str,
              headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Content-Security-Policy",
                             "default-src 'none'; script-src 'self'; style-src 'self'; "
                             "img-src 'self'; connect-src 'self'; frame-ancestors 'none'")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away, or reloaded


class PreviewServer(ThreadingHTTPServer):
    """The preview's HTTP server on 127.0.0.1, serving ``board``."""

    daemon_threads = True

    def __init__(self, board: Board, port: int):
        self.board = board
        self.static = {name: _ASSETS.joinpath(name).read_bytes() for name, _ in
                       _STATIC.values()}
        super().__init__((ADDRESS, port), _Handler)
        self.port = int(self.server_address[1])
        self.url = f"http://{ADDRESS}:{self.port}/"
        self.hosts = {f"{ADDRESS}:{self.port}", ADDRESS, f"localhost:{self.port}",
                      "localhost"}
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="reportgen-watch-server", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=1)
        self.server_close()


def _ports(port: int) -> Iterator[int]:
    yield port
    if port:
        yield from range(port + 1, min(port + 1 + OTHER_PORTS, 65536))
        yield 0  # any free port the system gives


def serve(board: Board, port: int) -> tuple[PreviewServer, str | None]:
    """A started server on ``port``, or the next free one; with a note when it is not
    ``port``. Raises OSError when no port at all can be had."""
    error: OSError | None = None
    for candidate in _ports(port):
        try:
            server = PreviewServer(board, candidate)
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
            error = error or exc
            continue
        server.start()
        note = (f"port {port} is in use (by another program, or another reportgen watch); "
                f"using port {server.port} instead" if error is not None else None)
        return server, note
    raise error or OSError(errno.EADDRINUSE, f"no free port from {port}")

