"""The HTML writer: the report model through jinja2 into the HTML that WeasyPrint lays out.

Autoescaping is on and no cell value is ever marked safe: officers' text is data. Pictures are
named by ``reportgen-picture:`` URLs, one per distinct picture however often it is shown, that
the PDF stage's fetcher answers from the pictures prepared when the inputs were read: the HTML
stays small (a picture inlined as a ``data:`` URL a hundred times made it gigabytes), and the
PDF stage fetches nothing but those pictures and template assets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import jinja2

from reportgen import model
from reportgen.paths import TEMPLATES

TEMPLATE = "report.html.j2"
STAMPS_TEMPLATE = "stamps.html.j2"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=lambda value: "" if value is None else value,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for name in ("Heading", "Paragraph", "List", "Table", "CaseStudy", "Image", "Ref",
                 "DeliveryPlan"):
        cls = getattr(model, name)
        env.tests[name.lower()] = lambda value, cls=cls: isinstance(value, cls)
    env.filters["picture_url"] = picture_url
    return env


#: The URL scheme of the report's own pictures, which only ``pdf.TemplateOnlyFetcher`` serves.
PICTURE_SCHEME = "reportgen-picture"


def picture_url(image: model.Image) -> str:
    """The picture's URL: the same for every row that shows the same picture."""
    return f"{PICTURE_SCHEME}:{image.picture.digest}"


def pictures(report: model.Report) -> dict[str, model.Picture]:
    """Every distinct picture in the report, by the name its URL gives it."""
    return {image.picture.digest: image.picture for image in _images(report)}


def _images(report: model.Report) -> Iterator[model.Image]:
    blocks = [b for s in report.sections for b in s.blocks]
    blocks += [b for a in report.appendices if isinstance(a.body, list) for b in a.body]
    for block in blocks:
        if isinstance(block, model.Image):
            yield block


_ENV = _environment()


@dataclass
class OutcomeRun:
    """Some of an outcome's activities; a continued run prints only its table."""

    outcome: model.Outcome
    activities: list[model.Activity]
    continued: bool = False


@dataclass
class AppendixPiece:
    """An appendix, or for a delivery plan some of its outcomes (its title with the first)."""

    appendix: model.Appendix
    runs: list[OutcomeRun] = field(default_factory=list)
    heading: bool = True


@dataclass
class Part:
    """A run of pages rendered as one document: the first holds the header block and body.

    ``stamped`` is False when the page stamps are drawn afterwards (``pdf.render``).
    """

    first: bool = False
    sections: list[model.Section] = field(default_factory=list)
    appendices: list[AppendixPiece] = field(default_factory=list)
    stamped: bool = True


def parts(report: model.Report) -> list[Part]:
    """The report cut where pages break anyway: before each delivery-plan outcome.

    Laying out a long plan in one pass holds every page in memory; in parts, only one
    outcome's pages at a time, and parts can be laid out side by side (``pdf.render``).
    """
    current = Part(first=True, sections=report.sections)
    out = [current]
    for appendix in report.appendices:
        if isinstance(appendix.body, model.DeliveryPlan):
            pieces = [AppendixPiece(appendix, [run], heading=i == 0)
                      for i, run in enumerate(_runs(appendix.body.outcomes))]
            out.extend(Part(appendices=[p]) for p in pieces or [AppendixPiece(appendix)])
            current = Part()
            out.append(current)
        else:
            current.appendices.append(AppendixPiece(appendix))
    return [p for p in out if p.first or p.sections or p.appendices]


#: Activities laid out in one part: about as many pages, so a part holds ~30 MB of layout.
ACTIVITIES_PER_PART = 25


def _runs(outcomes: list[model.Outcome]) -> list[OutcomeRun]:
    """Each outcome, long ones cut into runs of activities."""
    out: list[OutcomeRun] = []
    for outcome in outcomes:
        acts = outcome.activities
        starts = range(0, len(acts), ACTIVITIES_PER_PART) or [0]
        out.extend(OutcomeRun(outcome, acts[i:i + ACTIVITIES_PER_PART], continued=i > 0)
                   for i in starts)
    return out


def render_stamps(report: model.Report, landscape: list[bool]) -> str:
    """A document of page stamps only: one empty page per entry, landscape where True."""
    return _ENV.get_template(STAMPS_TEMPLATE).render(d=report.details, landscape=landscape)


def render(report: model.Report, part: Part | None = None) -> str:
    """One part of the report as an HTML document; by default the whole report."""
    if part is None:
        part = Part(first=True, sections=report.sections, appendices=[
            AppendixPiece(a, [OutcomeRun(o, o.activities) for o in a.body.outcomes]
                          if isinstance(a.body, model.DeliveryPlan) else [])
            for a in report.appendices])
    created = f"{report.details.meeting_date:%Y-%m-%d}T09:00:00Z"
    return _ENV.get_template(TEMPLATE).render(
        report=report, d=report.details, activity_columns=model.ACTIVITY_COLUMNS,
        created=created, part=part)
