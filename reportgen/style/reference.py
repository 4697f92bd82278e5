"""The look of a house style, read from the council's own Word template (``reference.docx``).

Committee services keep their look in Word, where they can change it; reportgen reads the
measures its one layout definition needs (``layout.Look``: the font, each paragraph style's
size, weight, spacing and keeping, the page size and margins) and the Word writer keeps the
template's styles as they are. What the template sets that the PDF cannot show (a colour, an
underline, a header's text …) is named in a note, never dropped silently: the two files
would differ there. Word's own inheritance is followed: a style's ``basedOn`` chain, then the
document defaults, then the theme's fonts; a style that says nothing of its size is Word's
10 pt, as in Word.
"""

from __future__ import annotations

import dataclasses
import functools
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from reportgen import layout

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"w": W, "a": A}

#: The Word style each role of ``layout.STYLES`` is read from (the writer's ``WORD_STYLES``).
ROLE_STYLES: dict[str, str] = {
    "body": "Normal", "title": "Title", "heading1": "heading 1", "heading2": "heading 2",
    "heading3": "heading 3", "heading4": "heading 4", "list": "List Paragraph",
    "case_study": "Case Study", "caption": "Picture Caption", "table_caption": "Table Caption",
    "header_block": "Header Block",
}
#: Fonts with a metric-compatible stand-in (every glyph the same width): the PDF uses the
#: stand-in when the font itself is not installed, and lines break where Word breaks them.
METRIC_TWINS = {"Arial": "Liberation Sans", "Helvetica": "Liberation Sans",
                "Times New Roman": "Liberation Serif", "Courier New": "Liberation Mono",
                "Calibri": "Carlito", "Cambria": "Caladea"}
#: Run and paragraph properties in a style that the PDF does not reproduce, with their names.
NOT_SHOWN = {"color": "its text colour", "u": "its underline", "caps": "its capitals",
             "smallCaps": "its small capitals", "strike": "its strike-through",
             "highlight": "its highlighting", "shd": "its shading", "pBdr": "its borders",
             "ind": "its indents (reportgen sets the indents of numbered text)"}
#: Word's size when no style and no default gives one.
WORD_DEFAULT_PT = 10.0


class ReferenceError(ValueError):
    """The template cannot be read; the message is a sentence for committee services."""


@dataclass
class Reading:
    """What was read: the look, and what the officer should know about it."""

    look: layout.Look
    notes: list[str] = field(default_factory=list)
    #: What would make the DOCX inaccessible: the report is not built until it is put right.
    problems: list[str] = field(default_factory=list)


def read(path: Path) -> Reading:
    """The look of the Word template at ``path``; raises ReferenceError when it is not one."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    _check_package(path)
    try:
        doc = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise ReferenceError(f"cannot be read as a Word document ({exc}); save it from Word "
                             "as a Word Document (.docx)") from exc
    styles = _styles_by_name(doc.styles.element)
    defaults = doc.styles.element.find("w:docDefaults", NS)
    theme = _theme_fonts(doc)
    notes: list[str] = []
    problems: list[str] = []
    read_styles: list[tuple[str, layout.TextStyle]] = []
    fonts: dict[str, str] = {}
    for role, name in ROLE_STYLES.items():
        chain = _chain(styles, name)
        if not chain:
            read_styles.append((role, layout.STYLES[role]))
            continue
        read_styles.append((role, _text_style(chain, defaults)))
        font = _font(chain, defaults, theme)
        if font:
            fonts[name] = font
        for prop, what in NOT_SHOWN.items():
            if (prop == "ind" and not role.startswith(("heading", "title"))) or \
                    (prop == "pBdr" and role == "case_study"):
                continue  # the writer sets these itself, in both files
            for element in chain[:1]:
                found = element.find(f"w:rPr/w:{prop}", NS)
                if found is None:
                    found = element.find(f"w:pPr/w:{prop}", NS)
                if found is not None and not _neutral(prop, found):
                    notes.append(f"style '{name}': {what} is kept in the DOCX but not shown "
                                 "in the PDF")
                    low = _low_contrast(found) if prop == "color" else None
                    if low is not None:
                        problems.append(low.format(name=name))
    body_font = _font(_chain(styles, "Normal"), defaults, theme) or layout.FONT_WORD
    css, note, measured = font_css(body_font)
    if note:
        notes.append(note)
    for name, font in fonts.items():
        if font != body_font:  # a heading in another font: set in it in the PDF too
            role = next(r for r, n in ROLE_STYLES.items() if n == name)
            other, note, _ = font_css(font)
            read_styles = [(r, dataclasses.replace(st, font_css=other) if r == role else st)
                           for r, st in read_styles]
            if note and note not in notes:
                notes.append(note)
    section = doc.sections[0]
    portrait = layout.Page(
        _cm(section.page_width, 21.0), _cm(section.page_height, 29.7),
        top=_cm(section.top_margin, 2.5), right=_cm(section.right_margin, 2.5),
        bottom=_cm(section.bottom_margin, 2.5), left=_cm(section.left_margin, 2.5))
    if portrait.width > portrait.height:
        portrait = layout.Page(portrait.height, portrait.width, portrait.left, portrait.top,
                               portrait.right, portrait.bottom)
    landscape = layout.Page(portrait.height, portrait.width, top=layout.LANDSCAPE.top,
                            right=layout.LANDSCAPE.right, bottom=layout.LANDSCAPE.bottom,
                            left=layout.LANDSCAPE.left)
    from reportgen.style import furniture as page_parts

    furniture = {}
    for part, where in ((section.header, "header"), (section.footer, "footer")):
        furniture[where] = () if part.is_linked_to_previous else page_parts.read(
            part.part, styles, defaults, where, notes)
    normal = _chain(styles, "Normal")
    justify = any(_value(s, "w:pPr/w:jc") == "both" for s in normal[:1])
    table_size = _table_size(doc.styles.element)
    by_role = dict(read_styles)
    ordered = tuple((role, by_role[role]) for role in layout.STYLES)
    return Reading(layout.Look(
        portrait, landscape, ordered, body_font, css, justify=justify, measure_font=measured,
        page_header=furniture["header"], page_footer=furniture["footer"],
        table_font_pt=table_size,
        footer_from_bottom=_cm(section.footer_distance, 1.25)), notes, problems)


def _table_size(root: etree._Element) -> float:
    """Data tables' text size: the Table Grid style's, as committee services set it in Word
    (Table Design, Modify Table Style), else the built-in size."""
    for style in root.findall("w:style[@w:type='table']", NS):
        name = style.find("w:name", NS)
        if name is not None and name.get(f"{{{W}}}val", "").lower() == "table grid":
            size = _value(style, "w:rPr/w:sz")
            if size and size.isdigit() and 10 <= int(size) <= 48:
                return int(size) / 2
    return layout.TABLE_FONT_PT


def _check_package(path: Path) -> None:
    """Refuse what is not a plain Word document, before python-docx sees it."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            types = package.read("[Content_Types].xml").decode("utf-8", "replace") \
                if "[Content_Types].xml" in names else ""
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReferenceError("is not a Word document (.docx); save the template from Word as "
                             "a Word Document") from exc
    if any(n.lower().endswith("vbaproject.bin") for n in names) or "macroEnabled" in types:
        raise ReferenceError("holds macros (a .docm or .dotm renamed); save it from Word as a "
                             "Word Document (.docx), without macros")
    if "template.main+xml" in types:
        raise ReferenceError("is a Word template (.dotx) renamed; open it in Word and save it "
                             "as a Word Document (.docx)")


def _styles_by_name(root: etree._Element) -> dict[str, etree._Element]:
    found: dict[str, etree._Element] = {}
    for style in root.findall("w:style", NS):
        if style.get(f"{{{W}}}type") != "paragraph":
            continue
        name = style.find("w:name", NS)
        if name is not None:
            found[name.get(f"{{{W}}}val", "").lower()] = style
    return found


def _chain(styles: dict[str, etree._Element], name: str) -> list[etree._Element]:
    """The style named ``name`` and those it is based on, nearest first."""
    by_id = {s.get(f"{{{W}}}styleId"): s for s in styles.values()}
    chain: list[etree._Element] = []
    style = styles.get(name.lower())
    while style is not None and style not in chain and len(chain) < 20:
        chain.append(style)
        based = style.find("w:basedOn", NS)
        style = by_id.get(based.get(f"{{{W}}}val")) if based is not None else None
    return chain


def _value(element: etree._Element, path: str, attr: str = "val") -> str | None:
    found = element.find(path, NS)
    return None if found is None else found.get(f"{{{W}}}{attr}", "")


def _first(chain: list[etree._Element], defaults: etree._Element | None, path: str,
           attr: str = "val") -> str | None:
    """The nearest value of ``path`` along the chain, then in the document defaults."""
    for element in chain:
        value = _value(element, path, attr)
        if value is not None:
            return value
    if defaults is not None:
        default = path.replace("w:rPr", "w:rPrDefault/w:rPr").replace("w:pPr",
                                                                        "w:pPrDefault/w:pPr")
        return _value(defaults, default, attr)
    return None


def _on(value: str | None) -> bool:
    return value is not None and value.lower() not in ("0", "false", "off")


def _text_style(chain: list[etree._Element], defaults: etree._Element | None
                ) -> layout.TextStyle:
    size = _first(chain, defaults, "w:rPr/w:sz")
    size_pt = int(size) / 2 if size and size.isdigit() else WORD_DEFAULT_PT
    line = _first(chain, defaults, "w:pPr/w:spacing", "line")
    rule = _first(chain, defaults, "w:pPr/w:spacing", "lineRule") or "auto"
    multiple = 1.0
    if line and line.lstrip("-").isdigit():
        if rule == "auto":
            multiple = int(line) / 240
        else:  # exactly or at least so many points: as a multiple of single spacing
            multiple = int(line) / 20 / layout.single_line_pt(size_pt)
    return layout.TextStyle(
        size_pt, bold=_on(_first(chain, defaults, "w:rPr/w:b")),
        italic=_on(_first(chain, defaults, "w:rPr/w:i")),
        before_pt=_twips_pt(_first(chain, defaults, "w:pPr/w:spacing", "before")),
        after_pt=_twips_pt(_first(chain, defaults, "w:pPr/w:spacing", "after")),
        line=round(multiple, 4),
        keep_with_next=_on(_first(chain, defaults, "w:pPr/w:keepNext")))


def _twips_pt(value: str | None) -> float:
    return int(value) / 20 if value and value.lstrip("-").isdigit() else 0.0


def _font(chain: list[etree._Element], defaults: etree._Element | None,
          theme: dict[str, str]) -> str | None:
    """The font Word shows: a theme font named by ``asciiTheme`` wins over ``ascii``."""
    for element in [*chain, *([defaults.find("w:rPrDefault", NS)] if defaults is not None
                              else [])]:
        if element is None:
            continue
        fonts = element.find("w:rPr/w:rFonts", NS)
        if fonts is None:
            continue
        themed = fonts.get(f"{{{W}}}asciiTheme")
        if themed:
            return theme.get("major" if themed.startswith("major") else "minor")
        if fonts.get(f"{{{W}}}ascii"):
            return fonts.get(f"{{{W}}}ascii")
    return theme.get("minor")


def _theme_fonts(doc) -> dict[str, str]:  # type: ignore[no-untyped-def]
    for part in doc.part.package.iter_parts():
        if str(part.partname).startswith("/word/theme/"):
            try:
                root = etree.fromstring(part.blob)
            except etree.XMLSyntaxError:
                return {}
            found = {}
            for kind in ("major", "minor"):
                latin = root.find(f".//a:{kind}Font/a:latin", NS)
                if latin is not None and latin.get("typeface"):
                    found[kind] = latin.get("typeface")
            return found
    return {}


def _neutral(prop: str, element: etree._Element) -> bool:
    """Whether a property says only what the PDF does anyway (black text, no underline …)."""
    value = element.get(f"{{{W}}}val", "")
    if prop == "color":
        return value.lower() in ("auto", "000000")
    if prop in ("u", "highlight"):
        return value.lower() == "none"
    if prop == "shd":
        return element.get(f"{{{W}}}fill", "auto").lower() in ("auto", "ffffff")
    if prop == "ind":
        return all(v in ("0", None) for v in element.attrib.values())
    return value.lower() in ("0", "false", "off")


#: The least contrast of text with its background that WCAG 2.2 (1.4.3, level AA) allows.
MIN_CONTRAST = 4.5


def _low_contrast(color: etree._Element) -> str | None:
    """A problem (with ``{name}`` for the style's) when a text colour on white paper is
    harder to read than WCAG allows; None when it is readable or not a colour."""
    value = color.get(f"{{{W}}}val", "")
    if len(value) != 6 or any(c not in "0123456789abcdefABCDEF" for c in value):
        return None
    ratio = 1.05 / (_luminance(value) + 0.05)
    if ratio >= MIN_CONTRAST:
        return None
    return (f"style '{{name}}': its text colour {value.upper()} on white has a contrast of "
            f"{ratio:.1f}:1, under the {MIN_CONTRAST}:1 that WCAG asks for so that people with "
            "low vision can read it; choose a darker colour for the style in Word")


def _luminance(hex_colour: str) -> float:
    """WCAG's relative luminance of an sRGB colour written as RRGGBB."""
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _cm(length: int | None, default: float) -> float:
    return default if length is None else round(length / 360000, 2)


def font_css(word_font: str) -> tuple[str, str | None, str]:
    """The PDF's font list for ``word_font``, a note when the font itself is not here, and the
    family whose glyph widths the PDF then prints (``layout.Look.measure_font``)."""
    twin = METRIC_TWINS.get(word_font)
    if twin and installed(twin):
        css = f'"{twin}", {_css_name(word_font)}, "DejaVu Sans", sans-serif'
        note = None if installed(word_font) else (
            f"the font {word_font} is not installed here; the PDF uses {twin}, which has the "
            "same character widths")
        return css, note, twin
    if installed(word_font):
        return f'{_css_name(word_font)}, "DejaVu Sans", sans-serif', None, word_font
    return f'{_css_name(word_font)}, "DejaVu Sans", sans-serif', (
        f"the font {word_font} is not installed here; the PDF uses DejaVu Sans instead, so its "
        "lines and pages will not match Word's; install the font or choose another in "
        "reference.docx"), "DejaVu Sans"


def _css_name(font: str) -> str:
    return font if font.replace(" ", "").isalnum() and " " not in font else f'"{font}"'


@functools.cache
def installed(family: str) -> bool:
    """Whether fontconfig has ``family`` itself (not a substitute for it)."""
    if not shutil.which("fc-list"):
        return False
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                            check=False).stdout
    names = {name.strip().lower() for line in listed.splitlines() for name in line.split(",")}
    return family.lower() in names
