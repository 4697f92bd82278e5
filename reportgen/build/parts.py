"""A report's PDF as the build makes it: laid out in parts, side by side, each kept in the
layout cache; joined with their tags and bookmarks; page stamps drawn under every page. The
PDF writer itself (``render.pdf``) turns one HTML document into PDF bytes and knows none of
this; agenda packs use the same joining and stamping for supplied papers and notices.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path

from reportgen import layout, layoutplan, model, wording
from reportgen.build import cache, pdfjoin, stamps, tempfiles, timings
from reportgen.build.workers import cores
from reportgen.build.workers import pool as workers_pool
from reportgen.layoutplan import LayoutPlan
from reportgen.render import html, pdf, pdftags


def _lay_out(page: str, pictures: Mapping[str, model.Picture] | None = None,
             part: int | None = None) -> tuple[bytes, list[int]]:
    """One HTML document (part ``part`` of a report, if given) as tagged PDF bytes, and the
    levels of its bookmarks in order (for ``pdfjoin`` to nest them across parts). WeasyPrint
    fetches and decodes each picture URL once per document, however many times it is shown.
    """
    prefix = pdftags.identify(page, part)
    name = cache.key(page, prefix)  # pictures are named in the HTML by their digests
    found = cache.get(name)
    if found is not None:
        return found
    data, levels = pdf.write(page, pictures)
    cache.put(name, data, levels)
    return data, levels


def render(report: model.Report, plan: LayoutPlan | None = None) -> bytes:
    """The report as PDF bytes, tagged, with the HTML writer's content, laid out as ``plan``
    decided in its house style (the built-in style's plan when none is given).

    A report with a delivery plan is laid out in parts (``html.parts``) and the parts joined
    with their tags and bookmarks, so only a part's laid-out pages are held in memory at once.
    The parts are laid out side by side, one process per core, without page stamps (a part
    cannot know its first page number until the parts before it are laid out); the stamps are
    then laid out as a document of their own, page for page, and drawn under each page.

    A report in one part is stamped the same way: WeasyPrint tags a margin box's text as
    content (a Span with an MCID that no structure element holds), while a stamp drawn under
    the page is a pagination artifact that screen readers skip, as PDF/UA asks.
    """
    plan = plan or layoutplan.plan(report)
    look = plan.look
    with timings.stage("html"):
        parts = html.parts(report)
        pictures = html.pictures(report, look)
        whole = len(parts) == 1 and not report.details.agenda_item and not look.furniture
        if not whole:
            for part in parts:
                part.stamped = False
        pages = [html.render(report, part, plan) for part in parts]
    if whole:
        with timings.stage("pdf layout"):
            return _lay_out(pages[0], pictures)[0]
    with tempfiles.folder() as folder:
        files = [Path(folder) / f"part-{index:04d}.pdf" for index in range(len(parts))]
        levels: list[list[int]] = [[] for _ in parts]
        workers = min(len(parts), cores())
        with timings.stage("pdf layout"):
            if workers > 1:
                levels = _lay_out_in_workers(workers, pages, files, pictures)
            else:
                for index, (page, file) in enumerate(zip(pages, files, strict=True)):
                    data, levels[index] = _lay_out(page, pictures,
                                                   index if len(parts) > 1 else None)
                    file.write_bytes(data)
        joined = Path(folder) / "report.pdf"
        stamp_sheet = functools.partial(_stamp_sheet, report, look=look) if (
            report.details.wording.stamp(report.details.agenda_item) or look.furniture) else None
        with timings.stage("join"):  # the stamps, drawn under its pages, timed on their own
            pdfjoin.join(files, joined, underlay=stamp_sheet, levels=levels)
            return joined.read_bytes()


def _lay_out_in_workers(workers: int, pages: list[str], files: list[Path],
                        pictures: Mapping[str, model.Picture]) -> list[list[int]]:
    """Each page (HTML document) laid out into its file by worker processes (``workers``),
    which inherit the documents and pictures. Longest first, so no core is left with a long
    part at the end while the other idles. Returns each part's bookmark levels.
    """
    levels: list[list[int]] = [[] for _ in pages]
    longest_first = sorted(range(len(pages)), key=lambda i: -len(pages[i]))
    with workers_pool(workers, _adopt, (pages, files, pictures)) as pool:
        for index, found in zip(longest_first, pool.map(_lay_out_to_file, longest_first),
                                strict=True):
            levels[index] = found
    return levels


_job: tuple[list[str], list[Path], Mapping[str, model.Picture]] | None = None


def _adopt(pages: list[str], files: list[Path], pictures: Mapping[str, model.Picture]) -> None:
    """In a worker: the documents to lay out and where, and the pictures they show."""
    global _job
    _job = (pages, files, pictures)


def _lay_out_to_file(index: int) -> list[int]:
    assert _job is not None
    pages, files, pictures = _job
    data, levels = _lay_out(pages[index], pictures, index)
    files[index].write_bytes(data)
    return levels


def _stamp_sheet(report: model.Report | None, landscape: list[bool], item: str | None = None,
                 language: str = "en-GB", look: layout.Look = layout.BUILT_IN) -> bytes:
    """The page stamps, one page per page (landscape where True), each where the report's own
    page styles put it: the report's agenda item, or ``item`` (a pack's paper or notice).

    Drawn from a few sample pages (``stamps``); laid out page by page only for a font whose
    digits cannot be swapped. Untagged: its pages are drawn into the report's as artifacts
    (``pdfjoin``), and tags of its own would be marked content numbered for another document.
    """
    with timings.stage("stamps"):
        return _stamp_sheet_of(report, landscape, item, language, look)


def _stamp_sheet_of(report: model.Report | None, landscape: list[bool], item: str | None,
                    language: str, look: layout.Look) -> bytes:
    words = report.details.wording if report is not None else wording.wording(language)
    stamp = words.stamp(report.details.agenda_item if report is not None else item)
    if look.furniture or (stamp and stamp[1]):  # "Page 3 of 9", or words after the number:
        return _untagged(html.render_stamps(report, landscape, item, language, look=look),
                         pages=len(landscape))
    samples = html.render_stamps(report, landscape, item, language,
                                 samples=stamps.kinds(landscape), sample=stamps.SAMPLE)
    drawn = stamps.compose(_untagged(samples), landscape)
    if drawn is not None:
        return drawn
    return _untagged(html.render_stamps(report, landscape, item, language),
                     pages=len(landscape))


def lay_out(page: str) -> bytes:
    """An HTML document of our own templates (a pack's front sheet, a notice) as tagged PDF."""
    return _lay_out(page)[0]


def _untagged(page: str, pages: int | None = None) -> bytes:
    """A sheet of stamps or marks as untagged PDF (from the layout cache when it is there);
    ``pages``: how many pages it must have."""
    name = cache.key(page, "untagged")
    found = cache.get(name)
    if found is not None:
        return found[0]
    data, count = pdf.write_untagged(page)
    if pages is not None and count != pages:
        raise RuntimeError(f"the stamp document has {count} pages, not {pages}")
    cache.put(name, data, [], kind="sheet")
    return data


def stamped(source: Path, item: str, language: str) -> bytes:
    """A tagged PDF (a supplied paper, a notice) with the stamp ``ITEM NO. <item>.<page>``
    drawn on every page, as a pagination artifact."""
    return _underlaid(source, functools.partial(_stamp_sheet, None, item=item, language=language))


def marked(source: Path, mark: str, language: str) -> bytes:
    """A tagged PDF with ``mark`` ("CONFIDENTIAL …") drawn at the top of every page."""
    def sheet(landscape: list[bool]) -> bytes:
        samples = _untagged(html.render_marks(mark, stamps.kinds(landscape), language))
        drawn = stamps.compose(samples, landscape, numbered=False)
        assert drawn is not None  # a mark is copied, never changed
        return drawn
    return _underlaid(source, sheet)


def _underlaid(source: Path, sheet: Callable[[list[bool]], bytes]) -> bytes:
    with tempfiles.folder() as folder:
        out = Path(folder) / "out.pdf"
        pdfjoin.join([source], out, underlay=sheet)
        return out.read_bytes()
