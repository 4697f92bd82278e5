"""The HTML writer: the report model through jinja2 into the HTML that WeasyPrint lays out.

Autoescaping is on and no cell value is ever marked safe: officers' text is data. Pictures are
inlined as ``data:`` URLs read here, so the PDF stage needs to fetch nothing but template assets.
"""

from __future__ import annotations

import base64
import mimetypes

import jinja2

from reportgen import model
from reportgen.paths import TEMPLATES

TEMPLATE = "report.html.j2"


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
    env.filters["data_url"] = _data_url
    return env


def _data_url(image: model.Image) -> str:
    kind = mimetypes.guess_type(image.path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(image.path.read_bytes()).decode('ascii')}"


_ENV = _environment()


def render(report: model.Report) -> str:
    """The report as one HTML document (body and appendices)."""
    created = f"{report.details.meeting_date:%Y-%m-%d}T09:00:00Z"
    return _ENV.get_template(TEMPLATE).render(
        report=report, d=report.details, activity_columns=model.ACTIVITY_COLUMNS,
        created=created)
