"""Cell text that is markup, CSS or template code: it must print as the words typed, fetch
nothing, read no file and attach nothing, in the DOCX and the PDF alike.
"""

from __future__ import annotations

import http.server
import re
import sys
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import DETAILS, TEXT, pdf_text
from hostile.cases import NAME, good
from hostile.conftest import problems
from hostile.forge import replace_sheet, sheet_xml
from hostile.read import docx_text, embedded_files
from reportgen import api
from reportgen.paths import TEMPLATES
from reportgen.render import html
from reportgen.render.pdf import TemplateOnlyFetcher


@dataclass
class Server:
    """A loopback HTTP server that records every request it gets."""

    port: int
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    found = Server(0)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            found.requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    found.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield found
    httpd.shutdown()
    httpd.server_close()


def payloads(port: int, canary: Path) -> list[str]:
    here = f"http://127.0.0.1:{port}"
    return [
        '<img src="file:///etc/passwd">',
        f'<img src="file://{canary}" alt="x">',
        f'<link rel=attachment href="file://{canary}">',
        '<link rel="attachment" href="file:///etc/passwd">',
        f'<link rel="stylesheet" href="{here}/sheet.css">',
        f"<style>@import url({here}/import.css); body {{ background: url({here}/bg) }}</style>",
        f'<p style="background-image: url({here}/inline)">styled</p>',
        f"url({here}/x)",
        f'<a rel="attachment" href="{here}/attach">attachment</a>',
        f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{here}/svg"/></svg>',
        f'<object data="file://{canary}"></object><iframe src="{here}/frame"></iframe>',
        "{{ 7*7 }}",
        "{% for x in range(3) %}loop{% endfor %}",
        "{{ self.__init__.__globals__ }} {# comment #}",
        "<script>document.write('x')</script>",
        "]]> <!-- --> <![CDATA[ x ]]> &amp; &lt; &#x41; &lol;",
        '=cmd|" /C calc"!A0',
        'INCLUDETEXT "file:///etc/passwd" { INCLUDEPICTURE "http://127.0.0.1/x" }',
    ]


@dataclass
class Built:
    docx: Path
    pdf: Path
    html: str
    texts: list[str]
    fetched: list[str]
    refused: list[str]
    opened: list[str]


_OPENED: list[str] = []
_WATCHING: list[str] = []


def _audit(event: str, args: tuple) -> None:
    """Records the opening of any file named in ``_WATCHING`` (the canary, /etc/passwd)."""
    if event == "open" and _WATCHING and isinstance(args[0], (str, bytes)):
        path = args[0].decode(errors="replace") if isinstance(args[0], bytes) else args[0]
        if any(watched in path for watched in _WATCHING):
            _OPENED.append(path)


def _install_audit() -> None:
    if not getattr(sys, "_reportgen_audit", False):
        sys.addaudithook(_audit)  # audit hooks cannot be removed: it idles unless watching
        sys._reportgen_audit = True  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def built(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The report with a payload in every kind of cell that reaches the writers, built once
    while the fetcher and file opens are watched.
    """
    work = tmp_path_factory.mktemp("injection")
    canary = work / "canary-secret.txt"
    canary.write_text("secret")
    texts = payloads(server.port, canary)
    folder = work / NAME
    folder.mkdir()
    details = dict(DETAILS, Title=texts[0], Council=texts[5], **{"Report of": texts[11]})
    path = good(folder)
    replace_sheet(path, "Details", sheet_xml([("Field", "Value"), *details.items()]))
    rows = [*TEXT[:-1], *(("paragraph", t) for t in texts), ("bullet", texts[2]),
            ("heading", texts[4]), TEXT[-1]]
    replace_sheet(path, "Text", sheet_xml([("Style", "Text", "Key", "Alt text"), *rows]))
    replace_sheet(path, "Case studies", sheet_xml([("Key", "Title", "Text"),
                                                   ("cs1", texts[1], texts[6])]))
    replace_sheet(path, "Stages", sheet_xml([("Stage", texts[12]), (texts[9], 3), (texts[7], 5),
                                              ("Total", "sum")]))

    fetched: list[str] = []
    refused: list[str] = []
    original = TemplateOnlyFetcher.fetch

    def watched(self, url, headers=None):  # type: ignore[no-untyped-def]
        fetched.append(url)
        try:
            return original(self, url, headers)
        except ValueError:
            refused.append(url)
            raise

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(TemplateOnlyFetcher, "fetch", watched)
    _install_audit()
    _WATCHING[:] = [str(canary), "/etc/passwd"]
    _OPENED.clear()
    try:
        report = api.load(folder)
        page = html.render(report)
        out = api.build(folder, work / "out")
    finally:
        _WATCHING.clear()
        monkeypatch.undo()
    yield Built(out.docx, out.pdf, page, texts, fetched, refused, list(_OPENED))


def test_nothing_is_fetched_from_the_network(built: Built, server: Server) -> None:
    assert server.requests == []
    assert not [url for url in built.fetched if url.startswith(("http", "ftp"))]


def test_only_template_assets_are_fetched(built: Built) -> None:
    assert built.refused == []
    templates = TEMPLATES.resolve().as_uri()
    assert all(url.startswith(("data:", templates)) for url in built.fetched), built.fetched


def test_no_file_outside_the_inputs_and_templates_is_opened(built: Built) -> None:
    assert built.opened == []


def test_the_pdf_carries_no_files(built: Built) -> None:
    assert embedded_files(built.pdf) == []


def test_the_html_holds_the_payloads_as_text_not_markup(built: Built) -> None:
    assert '<img src="file' not in built.html
    assert "<link rel=attachment" not in built.html and "<script>" not in built.html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in built.html


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("index", range(18))
def test_each_payload_prints_literally_in_both_files(built: Built, index: int) -> None:
    payload = built.texts[index]
    assert payload in docx_text(built.docx)
    pdf = re.sub(r"ITEM NO\. 7\.\d+", "", pdf_text(built.pdf))
    assert _compact(payload) in _compact(pdf)
    assert "49" not in pdf.split("{{ 7*7 }}")[0][-5:]


def test_jinja_is_not_evaluated(built: Built) -> None:
    pdf = pdf_text(built.pdf)
    assert "{{ 7*7 }}" in pdf and "looplooploop" not in _compact(pdf)


def test_the_docx_links_to_nothing_outside_itself(built: Built) -> None:
    with zipfile.ZipFile(built.docx) as zf:
        rels = " ".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".rels"))
        document = zf.read("word/document.xml").decode()
    assert 'TargetMode="External"' not in rels
    assert "INCLUDETEXT" not in re.sub(r"<w:t[ >][^<]*</w:t>", "", document)
    assert "attachedTemplate" not in " ".join(zf.namelist())


def test_markup_in_the_language_is_refused_before_it_reaches_an_attribute(folder: Path) -> None:
    """The language becomes the HTML's and the PDF's lang attribute: only the tags offered by
    the drop-down are read, so nothing typed there reaches the markup.
    """
    path = good(folder)
    details = dict(DETAILS, Language='en-GB" onload="x"><link rel=attachment href="file:///x')
    replace_sheet(path, "Details", sheet_xml([("Field", "Value"), *details.items()]))
    (found,) = problems(folder)
    assert found.startswith(f"{NAME}/report.xlsx, sheet Details, cell B13: language 'en-GB\" "
                            "onload=")
    assert found.endswith("is not one reportgen knows; expected one of: en-GB, cy-GB")


def test_a_picture_that_is_really_an_svg_is_refused(folder: Path, server: Server) -> None:
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="http:'
           f'//127.0.0.1:{server.port}/picture"/><image href="file:///etc/passwd"/></svg>')
    (folder / "chart.png").write_text(svg)
    good(folder)
    path = folder / "report.xlsx"
    replace_sheet(path, "Text", sheet_xml([("Style", "Text", "Key", "Alt text"), *TEXT,
                                           ("image", "A chart", "chart.png", "A chart")]))
    assert problems(folder) == [
        f"{NAME}/report.xlsx, sheet Text, cell C22: 'chart.png' is not a PNG picture, whatever "
        "its name says; open it in a picture editor and save it as .png or .jpg"]
    assert server.requests == []


def test_a_picture_outside_the_report_folder_is_refused(folder: Path) -> None:
    good(folder)
    replace_sheet(folder / "report.xlsx", "Text", sheet_xml([
        ("Style", "Text", "Key", "Alt text"), *TEXT,
        ("image", "x", "../../../../../../etc/passwd.png", "x")]))
    (found,) = problems(folder)
    assert "is outside the report folder" in found


def test_the_watches_themselves_work(server: Server, tmp_path: Path) -> None:
    """Controls: the server records a request, the audit hook records an open."""
    import urllib.request

    before = len(server.requests)
    urllib.request.urlopen(f"http://127.0.0.1:{server.port}/control").read()
    assert server.requests[before:] == ["/control"]
    del server.requests[before:]
    canary = tmp_path / "control.txt"
    canary.write_text("x")
    _install_audit()
    _WATCHING[:] = [str(canary)]
    try:
        canary.read_text()
    finally:
        _WATCHING.clear()
    assert _OPENED[-1] == str(canary)
    _OPENED.pop()
