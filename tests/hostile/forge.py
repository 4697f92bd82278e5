"""Forging hostile files in code, at test time: nothing hostile is committed to the repository.

A workbook is written with openpyxl (``conftest.make_workbook``) and then, where openpyxl cannot
write what a test needs (a control character, a lying size, an error value), its parts are
rewritten inside the zip, as another program or an attacker would.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

if TYPE_CHECKING:
    from PIL.Image import Image as PillowImage

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
Change = bytes | Callable[[bytes], bytes] | None


def rewrite(path: Path, changes: dict[str, Change], add: dict[str, bytes] | None = None,
            level: int = 6) -> None:
    """Rewrite parts of the zip at ``path``: bytes replace a part, a function edits it, None
    removes it; ``add`` appends new parts.
    """
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        for info in source.infolist():
            change = changes.get(info.filename, b"keep")
            if change is None:
                continue
            data = source.read(info.filename)
            if callable(change):
                data = change(data)
            elif change != b"keep":
                data = change
            out.writestr(info.filename, data)
        for name, data in (add or {}).items():
            out.writestr(name, data)


def sheet_part(path: Path, sheet: str) -> str:
    """The zip part holding ``sheet``, found as Excel finds it: workbook.xml, then its rels."""
    with zipfile.ZipFile(path) as zf:
        book = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(escape(sheet))}"[^>]*r:id="([^"]+)"', book)
    assert rid, f"no sheet {sheet}"
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
    if not target:
        target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"',
                           rels)
    assert target
    name = target.group(1).lstrip("/")
    return name if name.startswith("xl/") else f"xl/{name}"


def edit_sheet(path: Path, sheet: str, edit: Callable[[str], str]) -> None:
    """Edit one sheet's XML as text."""
    rewrite(path, {sheet_part(path, sheet): lambda data: edit(data.decode()).encode()})


def replace_sheet(path: Path, sheet: str, xml: bytes, level: int = 6) -> None:
    rewrite(path, {sheet_part(path, sheet): xml}, level=level)


def excel_escape(text: str) -> str:
    """Text as Excel stores it in XML: a literal ``_xHHHH_`` protected as ``_x005F_xHHHH_``,
    and each character XML cannot hold (controls, U+FFFE, lone surrogates) as ``_xHHHH_``.
    """
    text = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", text)
    return "".join(f"_x{ord(c):04X}_" if _not_xml(c) else c for c in text)


def _not_xml(c: str) -> bool:
    n = ord(c)
    return ((n < 0x20 and c not in "\t\n\r") or 0xD800 <= n <= 0xDFFF or n in (0xFFFE, 0xFFFF))


def cell_xml(ref: str, value: object) -> str:
    """One ``<c>`` element: numbers as numbers, text inline and Excel-escaped, and raw XML for
    values given as ``Raw``.
    """
    if value is None:
        return ""
    if isinstance(value, Raw):
        return f'<c r="{ref}"{value.attrs}>{value.inner}</c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    text = escape(excel_escape(str(value)))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


class Raw:
    """A cell given as raw XML: ``attrs`` inside ``<c>`` and ``inner`` between its tags."""

    def __init__(self, inner: str, attrs: str = ""):
        self.inner, self.attrs = inner, (" " + attrs if attrs else "")


def sheet_xml(rows: Iterable[Sequence[object]], before: str = "", after: str = "",
              start: int = 1) -> bytes:
    """A complete worksheet: ``rows`` from row ``start``, ``before`` sheetData (a dimension)
    and ``after`` it (mergeCells).
    """
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
           f'xmlns="{MAIN_NS}">{before}<sheetData>']
    for number, row in enumerate(rows, start=start):
        cells = "".join(cell_xml(f"{get_column_letter(i)}{number}", v)
                        for i, v in enumerate(row, start=1))
        if cells:
            out.append(f'<row r="{number}">{cells}</row>')
    out.append(f"</sheetData>{after}</worksheet>")
    return "".join(out).encode("utf-8")


def declare_size(path: Path, part: str, size: int) -> None:
    """Make the zip's central directory lie about ``part``'s unpacked size."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_len] == name:
            struct.pack_into("<I", data, at + 24, size)
            break
        at += 46
    path.write_bytes(bytes(data))


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (the container of .xls files and of password-protected
    .xlsx files) holding ``streams``, each padded to 4,096 bytes so it lives in ordinary
    512-byte sectors.
    """
    sector = 512
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    # Siblings are chained rightwards, so in the order the format compares names.
    streams = dict(sorted(streams.items(), key=lambda item: (len(item[0]), item[0].upper())))
    bodies = [data.ljust(max(4096, -(-len(data) // sector) * sector), b"\0")
              for data in streams.values()]
    fat = [fat_sector, end]  # sector 0 the FAT, sector 1 the directory
    starts = []
    for body in bodies:
        starts.append(len(fat))
        count = len(body) // sector
        fat.extend(range(len(fat) + 1, len(fat) + count))
        fat.append(end)
    assert len(fat) <= sector // 4, "one FAT sector is enough for these tests"
    fat_bytes = struct.pack(f"<{sector // 4}I", *fat, *[free] * (sector // 4 - len(fat)))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", free, right, child) + b"\0" * 16 + b"\0" * 4
                + b"\0" * 16 + struct.pack("<IQ", start, size))

    names = list(streams)
    directory = entry("Root Entry", 5, 1, free, end, 0)
    for index, (name, data) in enumerate(streams.items(), start=1):
        right = index + 1 if index < len(names) else free
        directory += entry(name, 2, free, right, starts[index - 1], len(data))
    directory = directory.ljust(sector, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *[free] * 108))
    assert len(header) == sector
    return header + fat_bytes + directory + b"".join(bodies)


def billion_laughs(levels: int = 10) -> str:
    """The classic entity-expansion DTD: a few hundred bytes that expand to gigabytes."""
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    return "<!DOCTYPE worksheet [" + "".join(lines) + "]>"


_INLINE = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)


def share_strings(path: Path) -> None:
    """Move every sheet's inline strings (how openpyxl writes text) into a shared-strings
    table (how Excel does), so that reading is tested on Excel's layout.
    """
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    index: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        number = index.setdefault(match.group(3), len(index))
        return f'<c {match.group(1)}t="s"{match.group(2)}><v>{number}</v></c>'

    changes: dict[str, Change] = {
        name: _INLINE.sub(shared, source.read(name).decode()).encode()
        for name in source.namelist()
        if name.startswith("xl/worksheets/") and name.endswith(".xml")}
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in index)
    table = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN_NS}" '
             f'count="{len(index)}" uniqueCount="{len(index)}">{items}</sst>').encode()
    changes["[Content_Types].xml"] = lambda xml: xml.replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    changes["xl/_rels/workbook.xml.rels"] = lambda xml: xml.replace(
        b"</Relationships>", b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>")
    rewrite(path, changes, add={"xl/sharedStrings.xml": table})


def merge(xml: str, ref: str) -> str:
    """Merge the cells ``ref`` ("A9:A10") in a sheet's XML as Excel does: the range listed in
    ``<mergeCells>``, and every cell but the top-left one emptied.
    """
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    for row in range(min_row, max_row + 1):
        for col in range(min_col, max_col + 1):
            if (row, col) != (min_row, min_col):
                cell = f"{get_column_letter(col)}{row}"
                xml = re.sub(rf'<c r="{cell}"(?: [^>]*)?(?:/>|>.*?</c>)', "", xml, count=1)
    return xml.replace("</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell '
                       f'ref="{ref}"/></mergeCells>', 1)


# -- pictures ---------------------------------------------------------------------------------
#: The colours of a picture's four quadrants, clockwise from the top left: any turn or mirror
#: of the picture moves them, so comparing the four tells how it is shown.
QUADRANT_COLOURS = ((220, 30, 30), (30, 160, 40), (240, 240, 240), (30, 40, 200))


def quadrants(width: int, height: int) -> PillowImage:
    """An RGB picture of four coloured quadrants (``QUADRANT_COLOURS``)."""
    from PIL import Image

    picture = Image.new("RGB", (width, height))
    top_left, top_right, bottom_right, bottom_left = QUADRANT_COLOURS
    for box, colour in (((0, 0, width // 2, height // 2), top_left),
                        ((width // 2, 0, width, height // 2), top_right),
                        ((width // 2, height // 2, width, height), bottom_right),
                        ((0, height // 2, width // 2, height), bottom_left)):
        picture.paste(colour, box)
    return picture


def saved(picture: PillowImage, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    picture.save(out, fmt, **options)
    return out.getvalue()


def png_16_bit(picture: PillowImage, grey: bool = False, alpha: bool = False) -> bytes:
    """``picture`` as a 16-bit PNG (Pillow writes 16 bits only for greyscale): each 8-bit
    value v becomes v * 257, as an editor widening a picture to 16 bits does.
    """
    source = picture.convert("L" if grey else "RGB")
    bands = [source] if grey else list(source.split())
    if alpha:
        from PIL import Image

        bands.append(Image.new("L", source.size, 200))
    width, height = source.size
    pixels = [band.tobytes() for band in bands]
    rows = []
    for y in range(height):
        row = bytearray(b"\0")  # filter type: none
        for x in range(width):
            for band in pixels:
                row += struct.pack(">H", band[y * width + x] * 257)
        rows.append(bytes(row))
    colour_type = {(True, False): 0, (False, False): 2, (True, True): 4, (False, True): 6}
    header = struct.pack(">IIBBBBB", width, height, 16, colour_type[grey, alpha], 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


def turned_by_phone(picture: PillowImage, orientation: int, fmt: str = "JPEG") -> bytes:
    """What a phone saves: the pixels as the sensor read them, and an EXIF orientation tag
    saying how to turn them to show ``picture`` (tags 2-8; 1 is upright).
    """
    from PIL import Image

    undo = {1: None, 2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
            4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
            6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
            8: Image.Transpose.ROTATE_270}[orientation]
    sensor = picture.transpose(undo) if undo is not None else picture.copy()
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "A Phone Maker"
    return saved(sensor, fmt, exif=exif.tobytes(), **({"quality": 95} if fmt == "JPEG" else {}))


def without_jfif(jpeg: bytes) -> bytes:
    """A JPEG without its JFIF header (APP0), as some cameras and scanners write it."""
    assert jpeg[2:4] == b"\xff\xe0"
    length = struct.unpack(">H", jpeg[4:6])[0]
    return jpeg[:2] + jpeg[4 + length:]


def noise_png(size: int, seed: int = 1) -> bytes:
    """A PNG of random pixels (which do not compress) of about ``size`` bytes."""
    import random

    from PIL import Image

    side = int((size / 3) ** 0.5)
    pixels = random.Random(seed).randbytes(side * side * 3)
    return saved(Image.frombytes("RGB", (side, side), pixels), "PNG", compress_level=1)
