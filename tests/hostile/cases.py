"""Every hostile report folder the suite builds, by name, with what reportgen must say about it.

Each case writes one report folder from code. ``expect`` is empty when the report must build,
otherwise fragments that must each appear in one of the problems reported (all problems are
also checked to name the workbook). The theme files test each case in detail; the CLI test runs
``reportgen build`` over all of them.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from conftest import DETAILS, TEXT, make_workbook, report_sheets
from hostile.forge import (
    Raw,
    billion_laughs,
    compound_file,
    declare_size,
    edit_sheet,
    merge,
    noise_png,
    png_16_bit,
    quadrants,
    replace_sheet,
    rewrite,
    saved,
    share_strings,
    sheet_part,
    sheet_xml,
    turned_by_phone,
    without_jfif,
)

NAME = "hostile-report"
WORKBOOK = f"{NAME}/report.xlsx"


@dataclass(frozen=True)
class Case:
    make: Callable[[Path], None]
    expect: tuple[str, ...] = ()
    #: Expensive to make (hundreds of MB of XML): run by the size tests only.
    heavy: bool = False
    tags: frozenset[str] = field(default_factory=frozenset)


CASES: dict[str, Case] = {}


def case(*expect: str, heavy: bool = False) -> Callable[[Callable[[Path], None]], Callable]:
    def register(make: Callable[[Path], None]) -> Callable[[Path], None]:
        CASES[make.__name__] = Case(make, expect, heavy)
        return make
    return register


def good(folder: Path, sheets: dict | None = None) -> Path:
    """A complete report.xlsx, its text in a shared-strings table as Excel keeps it."""
    path = make_workbook(folder / "report.xlsx", sheets or report_sheets())
    share_strings(path)
    return path


def text_rows(*extra: tuple[object, ...]) -> list[tuple[object, ...]]:
    return [*TEXT, *extra]


# -- files ------------------------------------------------------------------------------------
@case("is an old-format Excel 97-2003 workbook (.xls)", "Save As")
def xls_renamed(folder: Path) -> None:
    biff = struct.pack("<HHHH", 0x0809, 8, 0x0600, 0x0005) + b"\0" * 4  # a BIFF8 BOF record
    (folder / "report.xlsx").write_bytes(compound_file({"Workbook": biff}))


@case("is protected with a password", "remove the password")
def password_protected(folder: Path) -> None:
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    package = struct.pack("<Q", 4096) + bytes(range(256)) * 16
    (folder / "report.xlsx").write_bytes(
        compound_file({"EncryptionInfo": info, "EncryptedPackage": package}))


@case("is a text file (CSV or similar) with an .xlsx name", "Excel Workbook (.xlsx)")
def csv_renamed(folder: Path) -> None:
    lines = ["Field,Value", *(f"{k},{v}" for k, v in DETAILS.items())]
    (folder / "report.xlsx").write_text("\r\n".join(lines), encoding="utf-8-sig")


@case("is a web page (HTML", "Excel Workbook (.xlsx)")
def html_export(folder: Path) -> None:
    (folder / "report.xlsx").write_text(
        '\ufeff<html xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta name=ProgId '
        'content=Excel.Sheet></head><body><table><tr><td>Field</td><td>Value</td></tr>'
        '</table></body></html>', encoding="utf-8")


@case("is an Excel Binary Workbook (.xlsb)")
def xlsb_renamed(folder: Path) -> None:
    with zipfile.ZipFile(folder / "report.xlsx", "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                    'openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("_rels/.rels", "<Relationships/>")
        zf.writestr("xl/workbook.bin", b"\x83\x01\x00\x80\x01\x00")
        zf.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00")


@case("is an OpenDocument spreadsheet (.ods)")
def ods_renamed(folder: Path) -> None:
    with zipfile.ZipFile(folder / "report.xlsx", "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")


@case("is empty (0 bytes)")
def zero_bytes(folder: Path) -> None:
    (folder / "report.xlsx").write_bytes(b"")


@case("is damaged or incomplete")
def truncated(folder: Path) -> None:
    data = good(folder).read_bytes()
    (folder / "report.xlsx").write_bytes(data[:len(data) * 2 // 3])


@case()
def lock_file_beside(folder: Path) -> None:
    """Excel's owner file: a length byte, the user's name, padding, the name again in UTF-16."""
    good(folder)
    user = b"A. Officer"
    lock = bytes([len(user)]) + user.ljust(53, b" ") + "A. Officer".encode("utf-16-le")
    (folder / "~$report.xlsx").write_bytes(lock.ljust(165, b"\0"))


@case("is missing", "expected an Excel workbook at")
def missing_workbook(folder: Path) -> None:
    (folder / "notes.txt").write_text("the workbook is still on my laptop")


@case("is missing (is it the file named 'Report.xlsx'?)")
def workbook_named_differently(folder: Path) -> None:
    make_workbook(folder / "Report.xlsx", report_sheets())


@case("has no sheet named 'Text' (is it the sheet named 'Txt'?)",
      "the sheets are: 'Details', 'Case studies', 'Stages', 'Txt'")
def missing_sheet(folder: Path) -> None:
    sheets = report_sheets()
    sheets["Txt"] = sheets.pop("Text")
    good(folder, sheets)


@case("sheet Text, cell 1:1: has no column headed 'Style' in row 1 (is it column A, 'Styles'?")
def renamed_column(folder: Path) -> None:
    sheets = report_sheets()
    sheets["Text"] = [("Styles", "Text", "Key", "Alt text"), *TEXT]
    good(folder, sheets)


@case()
def hidden_sheets(folder: Path) -> None:
    """Officers hide helper sheets; hidden and 'very hidden' sheets are read like any other."""
    path = good(folder)
    wb = openpyxl.load_workbook(path)
    wb["Case studies"].sheet_state = "hidden"
    wb["Stages"].sheet_state = "veryHidden"
    wb.save(path)


# -- sizes ------------------------------------------------------------------------------------
@case("sheet Text", "document type declaration", "XML bomb")
def xml_bomb_in_sheet(folder: Path) -> None:
    path = good(folder)
    edit_sheet(path, "Text", lambda xml: xml.replace(
        "<worksheet", billion_laughs() + "<worksheet", 1).replace(
        "<sheetData>", '<sheetData><row r="99"><c r="A99" t="inlineStr"><is><t>&lol9;</t>'
        "</is></c></row>", 1))


@case("(xl/workbook.xml) with an XML document type declaration", "XML bomb")
def xml_bomb_in_workbook_part(folder: Path) -> None:
    path = good(folder)
    rewrite(path, {"xl/workbook.xml": lambda xml: xml.decode().replace(
        "<workbook", billion_laughs() + "<workbook", 1).encode()})


@case("unpacks to", "may be damaged or hostile")
def zip_bomb(folder: Path) -> None:
    """A sheet part of 300 MB of spaces: about 300 KB packed."""
    path = good(folder)
    part = sheet_part(path, "Text")
    rewrite(path, {part: None})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open(part, "w", force_zip64=True) as out:
            out.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                      b'main"><sheetData>')
            chunk = b" " * (1 << 20)
            for _ in range(300):
                out.write(chunk)
            out.write(b"</sheetData></worksheet>")


@case("sheet Text", "damaged")
def zip_bomb_lying_about_size(folder: Path) -> None:
    """A bomb that lies: its central directory claims the part unpacks to 2 KB."""
    path = good(folder)
    part = sheet_part(path, "Text")
    xml = sheet_xml([("Style", "Text"), ("section", "x" * 5_000_000)])
    replace_sheet(path, "Text", xml)
    declare_size(path, part, 2048)


@case("(xl/styles.xml) that unpacks to", "new workbook")
def huge_styles_part(folder: Path) -> None:
    path = good(folder)
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * 80_000
    rewrite(path, {"xl/styles.xml": lambda xml: xml.decode().replace(
        "<cellXfs count=", f"<cellXfs>{xfs}</cellXfs><cellXfs count=", 1).encode()})


@case("parts; an Excel workbook has a few dozen")
def many_zip_parts(folder: Path) -> None:
    path = good(folder)
    rewrite(path, {}, add={f"customXml/item{i}.xml": b"<a/>" for i in range(12_000 - 12)},
            level=1)


@case()
def dimension_lies(folder: Path) -> None:
    path = good(folder)
    edit_sheet(path, "Text", lambda xml: xml.replace(
        "<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>', 1)
        if "<dimension" not in xml else _set_dimension(xml, "A1:XFD1048576"))


def _set_dimension(xml: str, ref: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml, count=1)


@case()
def formatted_cell_at_row_100000(folder: Path) -> None:
    path = good(folder)
    edit_sheet(path, "Text", lambda xml: xml.replace(
        "</sheetData>", '<row r="100000"><c r="D100000" s="0"/></row></sheetData>', 1))


@case()
def formatted_rows_down_to_100000(folder: Path) -> None:
    """Borders applied to A1:D100000: a blank, styled cell in every row."""
    path = good(folder)
    rows = "".join(f'<row r="{r}"><c r="A{r}" s="0"/><c r="B{r}" s="0"/><c r="C{r}" s="0"/>'
                   f'<c r="D{r}" s="0"/></row>' for r in range(len(TEXT) + 2, 100_001))
    edit_sheet(path, "Text", lambda xml: xml.replace("</sheetData>", rows + "</sheetData>", 1))


def three_million_cells(header: tuple[str, ...] = ("Style", "Text")) -> bytes:
    """100,000 rows of 30 numbers, as Excel writes them."""
    from openpyxl.utils import get_column_letter
    letters = [get_column_letter(c) for c in range(1, 31)]
    head = "".join(f'<c r="{get_column_letter(i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                   for i, h in enumerate(header, start=1))
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://'
             'schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:AD100001"/>'
             f'<sheetData><row r="1">{head}</row>']
    for r in range(2, 100_002):
        parts.append(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in letters)
                     + "</row>")
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode()


@case("sheet Text, cell 20001:20001", "past the 20,000 rows reportgen reads", heavy=True)
def three_million_cells_in_text(folder: Path) -> None:
    replace_sheet(good(folder), "Text", three_million_cells(), level=1)


@case("sheet Stages, cell 401:401", "past the 400 rows", heavy=True)
def three_million_cells_in_a_table(folder: Path) -> None:
    replace_sheet(good(folder), "Stages", three_million_cells(("Stage", "Number")), level=1)


@case(heavy=True)
def three_million_cells_in_an_unused_sheet(folder: Path) -> None:
    sheets = report_sheets()
    sheets["Workings"] = [("x",)]
    replace_sheet(good(folder, sheets), "Workings", three_million_cells(), level=1)


@case("sheet Text", "has more cells (of text or of formatting) than a report input",
      heavy=True)
def one_row_of_three_million_cells(folder: Path) -> None:
    row = f'<row r="90">{"<c><v>1</v></c>" * 3_000_000}</row></sheetData>'
    edit_sheet(good(folder), "Text", lambda xml: xml.replace("</sheetData>", row))


LONGEST = ("Lorem ipsum dolor sit amet. " * 1200)[:32_767]


@case()
def longest_cell_excel_allows(folder: Path) -> None:
    good(folder, report_sheets(text=text_rows(("paragraph", LONGEST))))


@case("sheet Text, cell B22", "holds 40,000 characters; Excel allows at most 32,767")
def cell_longer_than_excel_allows(folder: Path) -> None:
    """In the shared-strings table, where Excel keeps a cell's text."""
    path = good(folder, report_sheets(text=text_rows(("paragraph", "placeholder"))))
    rewrite(path, {"xl/sharedStrings.xml": lambda xml: xml.replace(
        b">placeholder<", b">" + b"y" * 40_000 + b"<")})


@case("sheet Text, cell B22", "holds 40,000 characters")
def inline_cell_longer_than_excel_allows(folder: Path) -> None:
    path = good(folder)
    replace_sheet(path, "Text", sheet_xml([("Style", "Text", "Key", "Alt text"),
                                           *text_rows(("paragraph", "z" * 40_000))]))


# -- values -----------------------------------------------------------------------------------
@case("sheet Stages, cell B4", "=SUM(B2:B3), which Excel has never calculated",
      "open it in Excel and save it")
def formula_never_calculated(folder: Path) -> None:
    sheets = report_sheets()
    sheets["Stages"] = [("Stage", "Number issued"), ("Stage 1", 3), ("Stage 2", 5),
                        ("Both", "=SUM(B2:B3)"), ("Total", "sum")]
    good(folder, sheets)


@case()
def formula_with_cached_result(folder: Path) -> None:
    path = good(folder)
    replace_sheet(path, "Stages", sheet_xml([
        ("Stage", "Number issued"), ("Stage 1", 3), ("Stage 2", 5),
        ("Stage 3", Raw("<f>B2+B3</f><v>8</v>")), ("Total", Raw("<f>SUM(B2:B4)</f><v>16</v>"))]))


@case("sheet Stages, cell B3: shows the error #DIV/0!", "sheet Text, cell B5: shows the error "
      "#REF!")
def error_values(folder: Path) -> None:
    path = good(folder)
    replace_sheet(path, "Stages", sheet_xml([
        ("Stage", "Number issued"), ("Stage 1", 3),
        ("Stage 2", Raw("<f>1/0</f><v>#DIV/0!</v>", 't="e"')), ("Total", "sum")]))
    rows = [("Style", "Text", "Key", "Alt text"), *TEXT]
    rows[4] = ("numbered paragraph", Raw("<f>Sheet9!A1</f><v>#REF!</v>", 't="e"'), "rec-note")
    replace_sheet(path, "Text", sheet_xml(rows))


@case("sheet Text, cell A9:A10", "merged across rows", "unmerge them")
def merged_cells_across_rows(folder: Path) -> None:
    path = good(folder)
    edit_sheet(path, "Text", lambda xml: merge(xml, "A9:A10"))


@case()
def merged_cells_within_a_row(folder: Path) -> None:
    """Text merged across B:D for width, as officers do: harmless, the value is in B."""
    path = good(folder)
    edit_sheet(path, "Text", lambda xml: merge(xml, "B8:D8"))


@case("sheet Stages, cell A1:B1", "a printed table cannot merge cells")
def merged_cells_in_a_table(folder: Path) -> None:
    path = good(folder)
    edit_sheet(path, "Stages", lambda xml: merge(xml, "A1:B1"))


@case("sheet Stages, cell B3: found '£23,9O2', which is not a number",
      "sheet Stages, cell B4: found '23902.5.1', which is not a number")
def amounts_typed_wrongly(folder: Path) -> None:
    sheets = report_sheets()
    sheets["Stages"] = [("Stage", "Spend"), ("Stage 1", "£1,000"), ("Stage 2", "£23,9O2"),
                        ("Stage 3", "23902.5.1"), ("Stage 4", 250.5), ("Total", "sum")]
    good(folder, sheets)


@case()
def meeting_date_typed_as_text(folder: Path) -> None:
    details = dict(DETAILS, **{"Meeting date": "01/03/2013"})
    good(folder, report_sheets(details=details))


@case("sheet Details, cell B4", "meeting date '03/13/2013' is not a date")
def meeting_date_month_first(folder: Path) -> None:
    details = dict(DETAILS, **{"Meeting date": "03/13/2013"})
    good(folder, report_sheets(details=details))


CONTROL = "Tab\there, bell\x07, null\x00, vt\x0bff\x0c esc\x1b[31m, noncharacter\ufffe, " \
          "lone surrogate\ud800 and \udfff end"
CONTROL_CLEANED = "Tab here, bell, null, vt\nff esc[31m, noncharacter, lone surrogate and end"


@case()
def control_characters(folder: Path) -> None:
    """Excel stores characters XML cannot hold as _xHHHH_; these are what it writes."""
    path = good(folder)
    replace_sheet(path, "Text", sheet_xml([("Style", "Text", "Key", "Alt text"),
                                           *text_rows(("paragraph", CONTROL))]))


@case("sheet Text", "its XML is damaged")
def raw_control_character_in_xml(folder: Path) -> None:
    """Not how Excel writes it: a raw ESC inside the XML, which no XML parser accepts."""
    path = good(folder)
    replace_sheet(path, "Text", sheet_xml([("Style", "Text", "Key", "Alt text"),
                                           *text_rows(("paragraph", "placeholder"))]))
    edit_sheet(path, "Text", lambda xml: xml.replace("placeholder", "esc\x1b"))


WORLD = {"welsh": "Gŵyl Dewi Sant: ŷ ŵ Ŵ Ŷ", "accented": "café, naïve, Zoë, Dvořák, Łódź",
         "arabic": "مرحبا بالعالم", "hebrew": "שלום עולם"}


@case()
def welsh_accented_and_right_to_left(folder: Path) -> None:
    details = dict(DETAILS, Title=f"Adroddiad {WORLD['welsh']}")
    rows = text_rows(*(("paragraph", text) for text in WORLD.values()))
    good(folder, report_sheets(details=details, text=rows))


@case()
def date_as_date_cell(folder: Path) -> None:
    details = dict(DETAILS, **{"Meeting date": dt.datetime(2013, 3, 1)})
    good(folder, report_sheets(details=details))


# -- pictures ---------------------------------------------------------------------------------
def with_picture(folder: Path, name: str, data: bytes, *more: tuple[str, bytes]) -> None:
    """The good report with pictures shown after its last row (row 22 onwards, key in C)."""
    pictures = [(name, data), *more]
    good(folder, report_sheets(text=text_rows(*(("image", f"Picture {i}", n, f"Picture {i}")
                                                for i, (n, _) in enumerate(pictures, 1)))))
    for file, content in pictures:
        (folder / file).write_bytes(content)


@case("sheet Text, cell C22: 'pic.png' is damaged (not a readable PNG picture)",
      "ends part way through the picture")
def truncated_png_picture(folder: Path) -> None:
    """Copied from a phone or a web page that stopped part way."""
    data = saved(quadrants(400, 300), "PNG")
    with_picture(folder, "pic.png", data[:len(data) * 2 // 3])


@case("sheet Text, cell C22: 'photo.jpg' is damaged (not a readable JPEG picture)",
      "ends part way through the picture")
def truncated_jpeg_picture(folder: Path) -> None:
    data = saved(quadrants(400, 300), "JPEG", quality=95)
    with_picture(folder, "photo.jpg", data[:len(data) * 2 // 3])


@case()
def cmyk_jpeg_picture(folder: Path) -> None:
    """A designer's logo, saved for print: CMYK, with Adobe's marker and no JFIF header."""
    with_picture(folder, "logo.jpg", saved(quadrants(90, 60).convert("CMYK"), "JPEG"))


@case()
def phone_photo_turned(folder: Path) -> None:
    """A portrait photo as a phone saves it: landscape pixels and an orientation tag of 6."""
    with_picture(folder, "photo.jpg", turned_by_phone(quadrants(60, 90), 6))


@case()
def sixteen_bit_grey_png(folder: Path) -> None:
    with_picture(folder, "scan.png", png_16_bit(quadrants(90, 60), grey=True))


@case()
def jpeg_without_jfif_header(folder: Path) -> None:
    with_picture(folder, "camera.jpg", without_jfif(saved(quadrants(90, 60), "JPEG")))


@case(heavy=True)
def one_picture_shown_a_hundred_times(folder: Path) -> None:
    """Same shape as the issue's 14 MB picture shown 100 times (3 GB then), at 2 MB."""
    rows = [("image", f"Picture {i}", "big.png", "The same picture") for i in range(100)]
    good(folder, report_sheets(text=text_rows(*rows)))
    (folder / "big.png").write_bytes(noise_png(2_000_000))


# -- dates ------------------------------------------------------------------------------------
@case()
def meeting_in_1975(folder: Path) -> None:
    """A report of 1975 typed up for the archive: zip entries cannot be dated before 1980."""
    good(folder, report_sheets(details=dict(DETAILS, **{"Meeting date": dt.date(1975, 3, 6)})))


@case("sheet Details, cell B4: meeting date '20/06/0213' is in the year 213, before 1900")
def meeting_year_mistyped(folder: Path) -> None:
    good(folder, report_sheets(details=dict(DETAILS, **{"Meeting date": "20/06/0213"})))


# -- keys -------------------------------------------------------------------------------------
@case("sheet Text, cell C8: key 'rec-note' is given to two numbered rows, in cells C5 and C8")
def paragraph_key_given_twice(folder: Path) -> None:
    rows = list(TEXT)
    rows[6] = ("numbered paragraph", "Opening paragraph.", "rec-note")  # row 8; row 5 has it
    good(folder, report_sheets(text=rows))


@case("sheet Case studies, cell A4: case study key 'cs1' is used twice, in cells A2 and A4")
def case_study_key_given_twice(folder: Path) -> None:
    sheets = report_sheets()
    sheets["Case studies"] = [*sheets["Case studies"], ("cs1", "Another", "Other text.")]
    good(folder, sheets)


@case("sheet Appendices, cell A3: appendix key 'terms' is used twice, in cells A2 and A3")
def appendix_key_given_twice(folder: Path) -> None:
    sheets = report_sheets()
    sheets["Appendices"] = [("Key", "Title", "Kind", "Source"),
                            ("terms", "Terms of Reference", "text", "Terms"),
                            ("terms", "Terms, revised", "text", "Terms")]
    sheets["Terms"] = [("Style", "Text"), ("paragraph", "The terms.")]
    good(folder, sheets)


# -- amplification ----------------------------------------------------------------------------
def shared_index(path: Path, text: str) -> int:
    """The number by which cells refer to ``text`` in the workbook's shared strings."""
    with zipfile.ZipFile(path) as zf:
        items = re.findall(r"<si>.*?</si>", zf.read("xl/sharedStrings.xml").decode(), re.S)
    return next(i for i, item in enumerate(items) if f">{text}<" in item)


def rows_sharing(index: int, first: int, count: int, columns: int, lead: str = "") -> str:
    """``count`` rows from row ``first``, each with ``lead`` as inline text in column A (if
    given) and then ``columns`` cells that all show shared string ``index``.
    """
    from openpyxl.utils import get_column_letter

    start = 2 if lead else 1
    letters = [get_column_letter(c) for c in range(start, start + columns)]
    head = f'<c r="A{{r}}" t="inlineStr"><is><t>{lead}</t></is></c>' if lead else ""
    cells = "".join(f'<c r="{letter}{{r}}" t="s"><v>{index}</v></c>' for letter in letters)
    row = f'<row r="{{r}}">{head}{cells}</row>'
    return "".join(row.format(r=r) for r in range(first, first + count))


def long_text_everywhere(folder: Path, count: int, columns: int = 1) -> None:
    """The good report, its longest possible text kept once in the shared strings (as Excel
    keeps it) and shown by ``count`` rows of ``columns`` cells after the report's own rows.
    """
    path = good(folder, report_sheets(text=text_rows(("paragraph", LONGEST))))
    index = shared_index(path, LONGEST)
    first = len(TEXT) + 3
    edit_sheet(path, "Text", lambda xml: xml.replace(
        "</sheetData>", rows_sharing(index, first, count, columns, "paragraph")
        + "</sheetData>", 1))


@case("sheet Text, cell 327:327: has more text than a report could print")
def long_text_in_every_row(folder: Path) -> None:
    """Four hundred rows showing one 32,767-character shared string: 13 million characters
    from a 40 KB file.
    """
    long_text_everywhere(folder, 400)


@case("sheet Text, cell 124:124: has more text than a report could print", heavy=True)
def long_text_in_a_million_cells(folder: Path) -> None:
    """Twenty thousand rows of 40 cells, each showing one 32,767-character shared string:
    26 billion characters from a workbook of a few hundred KB.
    """
    long_text_everywhere(folder, 20_000 - len(TEXT) - 2, columns=39)
