"""Where the project's own assets live: the templates folder at the top of the project."""

from pathlib import Path

#: jinja2 HTML and CSS for the PDF, fonts, and the Word reference document.
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
