"""Agenda packs: a meeting's agenda and its items' papers as the PDF a council publishes.

``build_pack`` reads an agenda folder (``inputs.agenda``), every report it names (as
``api.load`` does, all problems of all items at once) and every supplied paper, then writes:

* ``<meeting>-public.pdf``: the front sheet (summons and agenda, each item with the page of
  the pack on which it starts), then each item's pages stamped ``ITEM NO. <item>.<page>``;
  an exempt item is one page saying why it is withheld;
* ``<meeting>-confidential.pdf`` (when any item is exempt): the same with the exempt items
  in full, every page marked as confidential;
* ``<meeting>/<report>.docx``: each report for committee services, with the agenda's item
  number in its page stamp.

All of them replace their predecessors together (``output.write_together``). Each item's
pages are kept, with a record of what they were made from, in ``.<meeting>.items/`` in the
output folder: an item whose report, paper and reportgen are unchanged is not laid out again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from reportgen import api, model
from reportgen.build import record, tempfiles
from reportgen.build.output import OutputError, write_outputs, write_together
from reportgen.errors import InputError, Problems
from reportgen.inputs.agenda import AGENDA_WORKBOOK, read_agenda


@dataclass
class Pack:
    """The files a pack build wrote, and which items it laid out again."""

    public: Path
    confidential: Path | None
    documents: list[Path] = field(default_factory=list)
    laid_out: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Copies of files someone had edited, kept before they were replaced.
    kept: list[Path] = field(default_factory=list)


def is_agenda_folder(folder: Path) -> bool:
    return (folder / AGENDA_WORKBOOK).is_file()


def load(folder: Path) -> tuple[model.Agenda, dict[str, model.Report]]:
    """The agenda and each report item's numbered report (by item number), or InputError
    with every problem of the agenda, its reports and its papers.
    """
    problems = Problems()
    folder = Path(folder).absolute().resolve()
    agenda = read_agenda(folder, problems)
    reports: dict[str, model.Report] = {}
    name = f"{folder.name}/{AGENDA_WORKBOOK}"
    for item in agenda.items if agenda else []:
        if item.report is not None:
            try:
                report = api.load(item.report)
            except InputError as exc:
                for problem in exc.problems:
                    problems.add(problem.workbook, problem.message, problem.sheet, problem.cell)
                problems.notes.extend(exc.notes)
                continue
            problems.notes.extend(report.notes)
            own = report.details.agenda_item
            if own and own != item.number:
                where = f"sheet Details, cell {report.details.agenda_item_cell}"
                problems.add(name, f"item {item.number} is report '{item.report.name}', whose "
                             f"own Agenda item is {own} ({item.report.name}/report.xlsx, "
                             f"{where}); expected the same number in both, or the report's "
                             "left empty", "Items", item.cell)
            report.details.agenda_item = item.number
            reports[item.number] = report
    problems.check()
    assert agenda is not None
    return agenda, reports


@dataclass
class _Item:
    """One item's laid-out pages (a file) and, for a report, its DOCX."""

    item: model.AgendaItem
    pdf: Path | None = None
    notice: Path | None = None
    docx: bytes | None = None
    pages: int = 0
    notice_pages: int = 0


def build_pack(folder: Path, output_dir: Path, reuse: bool = True) -> Pack:
    """Read an agenda folder and write its packs and DOCX files in ``output_dir``."""
    from reportgen.build import parts
    from reportgen.render import html

    folder = Path(folder).absolute().resolve()
    agenda, reports = load(folder)
    name = folder.name
    cache = output_dir / f".{name}.items"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{output_dir}: cannot be created as the output folder "
                          f"({exc.strerror or exc}); choose another with -o") from exc
    result = Pack(output_dir / f"{name}-public.pdf", None)
    language = agenda.meeting.language
    items: list[_Item] = []
    for item in agenda.items:
        entry = _Item(item)
        items.append(entry)
        if item.report is None and item.paper is None:
            continue
        key = f"item-{item.number}"
        report = reports.get(item.number)
        sources: list[Path] = report.sources if report else [p for p in [item.paper] if p]
        base = item.report or folder
        entry.pdf, docx_file = cache / f"{key}.pdf", cache / f"{key}.docx"
        recorded = record.unchanged(base, cache, key) if reuse else None
        if recorded is None or recorded.get("item") != item.number:
            if report is not None:  # its parts from the layout cache, if its build made them
                words, laid = api.render(report)
            else:
                assert item.paper is not None
                laid, words = parts.stamped(item.paper, item.number, language), b""
            files = {entry.pdf: laid, docx_file: words}
            kept = json.loads(record.make_record(base, sources, files))
            kept["item"] = item.number
            files[record.record_path(cache, key)] = json.dumps(kept, indent=1).encode()
            write_together(files)
            result.laid_out.append(item.number)
        if report is not None:
            entry.docx = docx_file.read_bytes()
        entry.pages = _pages(entry.pdf)
        if item.exempt:
            with tempfiles.folder() as temp:
                notice = Path(temp) / "notice.pdf"
                notice.write_bytes(parts.lay_out(html.render_exempt_notice(agenda, item)))
                entry.notice = cache / f"{key}-notice.pdf"
                entry.notice.write_bytes(parts.stamped(notice, item.number, language))
            entry.notice_pages = _pages(entry.notice)
    exempt = any(i.item.exempt for i in items)
    with tempfiles.folder() as temp:
        files = {result.public: _assemble(agenda, items, Path(temp), confidential=False)}
        if exempt:
            result.confidential = output_dir / f"{name}-confidential.pdf"
            whole = Path(temp) / "confidential.pdf"
            whole.write_bytes(_assemble(agenda, items, Path(temp), confidential=True))
            files[result.confidential] = parts.marked(
                whole, agenda.meeting.wording["Confidential mark"], language)
        for entry in items:
            if entry.docx is not None and entry.item.report is not None:
                target = output_dir / name / f"{entry.item.report.name}.docx"
                result.documents.append(target)
                files[target] = entry.docx
        (output_dir / name).mkdir(exist_ok=True)
        sources = [*agenda.sources, *(s for r in reports.values() for s in r.sources)]
        outputs = list(files)
        last = record.written(record.record_path(output_dir, name), outputs, output_dir)
        files[record.record_path(output_dir, name)] = record.make_record(
            folder, sources, dict(files), output_dir=output_dir)
        result.kept = write_outputs(files, last)
    if result.kept:
        result.notes.append(api.edited_note(result.kept, f"{name}'s reports"))
    return result


def _pages(path: Path) -> int:
    with pikepdf.open(path) as document:
        return len(document.pages)


def _assemble(agenda: model.Agenda, items: list[_Item], temp: Path, confidential: bool
              ) -> bytes:
    """The pack: its front sheet, then each item with papers (an exempt one as its notice in
    the public pack), joined with their tags, and a bookmark for every item over its own.
    """
    from reportgen.build import parts, pdfjoin
    from reportgen.render import html

    shown = [(i, i.pdf if (confidential or not i.item.exempt) else i.notice,
              i.pages if (confidential or not i.item.exempt) else i.notice_pages)
             for i in items]
    meeting, words = agenda.meeting, agenda.meeting.wording
    title = words.fill("Confidential agenda pack" if confidential else "Agenda pack",
                       committee=meeting.committee, date=words.date(meeting.date))
    front_pages = 1
    for _ in range(3):  # the front sheet's own length decides the pages it lists
        page = front_pages + 1
        entries = []
        for entry, _file, count in shown:
            entries.append(html.AgendaEntry(entry.item, page if count else None))
            page += count
        front = parts.lay_out(html.render_front_sheet(agenda, entries, confidential, title))
        (temp / "front.pdf").write_bytes(front)
        if _pages(temp / "front.pdf") == front_pages:
            break
        front_pages = _pages(temp / "front.pdf")
    pieces = [temp / "front.pdf", *(file for _, file, count in shown if file and count)]
    titles: list[str | None] = [words["Summons and agenda"]]
    titles += [words.fill("Item title", number=e.item.number, title=e.item.title)
               for e, file, count in shown if file and count]
    out = temp / ("confidential-joined.pdf" if confidential else "public.pdf")
    pdfjoin.join(pieces, out, titles=titles)
    return out.read_bytes()
