"""Where reportgen's own assets live: ``reportgen/templates``, package data read through
``importlib.resources`` so that an installed wheel (``pip install .``, ``pipx``) finds them as
an editable checkout does.
"""

from importlib.resources import files
from pathlib import Path

#: jinja2 HTML and CSS for the PDF, and the Word reference document. A wheel installs package
#: data as plain files, so this is a real folder WeasyPrint and python-docx can read.
TEMPLATES = Path(str(files("reportgen") / "templates"))
