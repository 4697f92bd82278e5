"""Pictures as phones, designers, scanners and interrupted copies leave them: each is refused
at its cell, or shown the same way in the DOCX and the PDF (the same way up, the same colours,
the same pixels); and one picture shown many times is held once in each file.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from hostile.cases import CASES, NAME, WORKBOOK, with_picture
from hostile.conftest import expect, problems
from hostile.forge import png_16_bit, quadrants, saved, turned_by_phone, without_jfif
from hostile.measure import GOAL_SECONDS, HANG_SECONDS, run_reportgen
from hostile.read import Shown, docx_media, docx_pictures, pdf_image_objects, pdf_pictures
from reportgen import api, model
from reportgen.render import html, pdf

#: As in a build: WeasyPrint imported, which tells Pillow to fill in truncated pictures with
#: grey; they must be refused all the same.
assert pdf.HTML is not None

PICTURE_CASES = ["truncated_png_picture", "truncated_jpeg_picture", "cmyk_jpeg_picture",
                 "phone_photo_turned", "sixteen_bit_grey_png", "jpeg_without_jfif_header"]
#: The bound the issue set for a picture shown a hundred times (it took 3 GB).
PEAK_MB_MANY_PICTURES = 1024


@pytest.mark.parametrize("name", PICTURE_CASES)
def test_each_picture_case_reads_or_is_located(name: str, folder: Path) -> None:
    expect(name, folder)


def images(report: model.Report) -> list[model.Image]:
    blocks = [b for s in report.sections for b in s.blocks]
    return [b for b in blocks if isinstance(b, model.Image)]


# -- damaged ----------------------------------------------------------------------------------
def whole(kind: str) -> bytes:
    return saved(quadrants(400, 300), kind.upper(), **({"quality": 95} if kind == "jpeg" else {}))


@pytest.mark.parametrize("kind", ["png", "jpeg", "gif"])
@pytest.mark.parametrize("kept", [12, 40, 0.1, 0.25, 0.5, 0.75, 0.9, -64, -16, -3, -1])
def test_a_picture_cut_short_is_refused_at_its_cell_or_shown_whole(folder: Path, kind: str,
                                                                   kept: float) -> None:
    """Cut after ``kept`` bytes (a fraction: of the file; negative: all but that many). Every
    cut that loses pixels is a problem at the picture's cell; a cut that loses only the end
    marker (PNG and GIF decode without it) gives a whole picture to both writers.
    """
    data = whole(kind)
    size = int(len(data) * kept) if isinstance(kept, float) else kept % len(data)
    name = f"pic.{'jpg' if kind == 'jpeg' else kind}"
    with_picture(folder, name, data[:size])
    try:
        report = api.load(folder)
    except Exception:  # noqa: BLE001 - checked below as the problems reported
        found = problems(folder)
        assert len(found) == 1, found
        assert found[0].startswith(f"{WORKBOOK}, sheet Text, cell C22: '{name}' is damaged "
                                   f"(not a readable {kind.upper()} picture); "), found
        return
    assert size >= len(data) - 16, f"{size} of {len(data)} bytes: the pixels were not all there"
    picture = images(report)[0].picture
    shown = Image.open(io.BytesIO(picture.data))
    shown.load()
    original = Image.open(io.BytesIO(data)).convert("RGB")
    assert shown.convert("RGB").tobytes() == original.tobytes()
    assert picture.data.endswith((b"IEND\xaeB`\x82", b";")), "not a whole file"


def test_a_truncated_picture_is_refused_though_weasyprint_would_fill_it_in(
        folder: Path) -> None:
    """WeasyPrint sets Pillow to fill in the missing part of a truncated picture with grey;
    reading refuses it all the same, and leaves that setting as WeasyPrint wants it.
    """
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    CASES["truncated_jpeg_picture"].make(folder)
    (found,) = problems(folder)
    assert "'photo.jpg' is damaged (not a readable JPEG picture); the file ends part way " \
           "through the picture" in found
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


# -- every kind, shown alike ------------------------------------------------------------------
LANDSCAPE, PORTRAIT = quadrants(90, 60), quadrants(60, 90)


def _palette(transparent: bool) -> bytes:
    picture = LANDSCAPE.convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
    if not transparent:
        return saved(picture, "PNG")
    return saved(picture, "PNG", transparency=7)  # an entry no pixel uses: all stay opaque


def _alpha(mode: str) -> bytes:
    picture = LANDSCAPE.convert(mode)
    picture.putalpha(200)
    return saved(picture, "PNG")


def _animated() -> bytes:
    second = LANDSCAPE.transpose(Image.Transpose.ROTATE_180)
    return saved(LANDSCAPE, "GIF", save_all=True, append_images=[second], duration=500,
                 loop=0)


#: Each kind of picture: how to make it, and the picture the officer sees when opening it.
KINDS: dict[str, tuple[Callable[[], bytes], Image.Image]] = {
    "rgb.png": (lambda: saved(LANDSCAPE, "PNG"), LANDSCAPE),
    "rgba.png": (lambda: _alpha("RGB"), LANDSCAPE),
    "grey.png": (lambda: saved(LANDSCAPE.convert("L"), "PNG"), LANDSCAPE.convert("L")),
    "grey-alpha.png": (lambda: _alpha("L"), LANDSCAPE.convert("L")),
    "palette.png": (lambda: _palette(False), LANDSCAPE),
    "palette-transparent.png": (lambda: _palette(True), LANDSCAPE),
    "bitonal.png": (lambda: saved(LANDSCAPE.convert("1"), "PNG"), LANDSCAPE.convert("1")),
    "grey-16-bit.png": (lambda: png_16_bit(LANDSCAPE, grey=True), LANDSCAPE.convert("L")),
    "grey-alpha-16-bit.png": (lambda: png_16_bit(LANDSCAPE, grey=True, alpha=True),
                              LANDSCAPE.convert("L")),
    "rgb-16-bit.png": (lambda: png_16_bit(LANDSCAPE), LANDSCAPE),
    "rgba-16-bit.png": (lambda: png_16_bit(LANDSCAPE, alpha=True), LANDSCAPE),
    "rgb.jpg": (lambda: saved(LANDSCAPE, "JPEG", quality=95), LANDSCAPE),
    "grey.jpg": (lambda: saved(LANDSCAPE.convert("L"), "JPEG"), LANDSCAPE.convert("L")),
    "cmyk.jpg": (lambda: saved(LANDSCAPE.convert("CMYK"), "JPEG", quality=95), LANDSCAPE),
    "no-jfif-header.jpg": (lambda: without_jfif(saved(LANDSCAPE, "JPEG")), LANDSCAPE),
    **{f"phone-orientation-{n}.jpg": (lambda n=n: turned_by_phone(PORTRAIT, n), PORTRAIT)
       for n in range(1, 9)},
    "phone-orientation-6.png": (lambda: turned_by_phone(PORTRAIT, 6, "PNG"), PORTRAIT),
    "still.gif": (lambda: saved(LANDSCAPE, "GIF"), LANDSCAPE),
    "animated.gif": (_animated, LANDSCAPE),
}
#: How far a colour may drift through JPEG compression and colour conversion.
TOLERANCE = 30


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> tuple[api.Built, model.Report]:
    """One report showing every kind of picture, in KINDS order, built once."""
    folder = tmp_path_factory.mktemp("kinds") / NAME
    folder.mkdir()
    names = list(KINDS)
    with_picture(folder, names[0], KINDS[names[0]][0](),
                 *((name, KINDS[name][0]()) for name in names[1:]))
    report = api.load(folder)
    return api.build(folder, folder.parent / "out"), report


def _centres(picture: Image.Image) -> list[tuple[int, ...]]:
    """The colour at the centre of each quadrant, clockwise from the top left."""
    rgb = (picture.convert("RGBA") if picture.mode == "P" else picture).convert("RGB")
    w, h = rgb.size
    return [rgb.getpixel((x, y)) for x, y in ((w // 4, h // 4), (3 * w // 4, h // 4),
                                               (3 * w // 4, 3 * h // 4), (w // 4, 3 * h // 4))]


def _alike(found: list[tuple[int, ...]], wanted: list[tuple[int, ...]]) -> bool:
    return all(abs(a - b) <= TOLERANCE for f, w in zip(found, wanted, strict=True)
               for a, b in zip(f, w, strict=True))


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_of_picture_looks_the_same_in_both_files(every_kind, kind: str) -> None:
    built, _ = every_kind
    index = list(KINDS).index(kind)
    seen = KINDS[kind][1]
    word: Shown = docx_pictures(built.docx)[index]
    pdf: Shown = pdf_pictures(built.pdf)[index]
    assert word.landscape == pdf.landscape == (seen.width > seen.height), \
        (word.width, word.height, pdf.width, pdf.height)
    for shown in (word, pdf):
        assert shown.pixels.size == seen.size
        assert abs(shown.width / shown.height - seen.width / seen.height) < 0.02
    assert _alike(_centres(word.pixels), _centres(seen)), (_centres(word.pixels), kind)
    assert _alike(_centres(pdf.pixels), _centres(seen)), (_centres(pdf.pixels), kind)


@pytest.mark.parametrize(("kind", "kept"), [("rgb.png", True), ("rgb.jpg", True),
                                            ("grey.png", True), ("palette.png", True),
                                            ("phone-orientation-1.jpg", True),
                                            ("still.gif", True),
                                            ("phone-orientation-6.jpg", False),
                                            ("cmyk.jpg", False), ("grey-16-bit.png", False),
                                            ("no-jfif-header.jpg", False)])
def test_a_picture_is_changed_only_when_it_must_be(every_kind, kind: str, kept: bool) -> None:
    _, report = every_kind
    picture = images(report)[list(KINDS).index(kind)].picture
    source = KINDS[kind][0]()
    assert (picture.data == source) is kept
    assert picture.kind == ("jpeg" if kind.endswith(".jpg") else kind.rsplit(".", 1)[1])


def test_pictures_rebuild_byte_identical(every_kind, tmp_path: Path) -> None:
    built, _ = every_kind
    again = api.build(built.docx.parent.parent / NAME, tmp_path)
    assert again.docx.read_bytes() == built.docx.read_bytes()
    assert again.pdf.read_bytes() == built.pdf.read_bytes()


# -- one picture, many times ------------------------------------------------------------------
def test_a_picture_shown_many_times_is_held_once_in_each_file(folder: Path,
                                                              tmp_path: Path) -> None:
    data = saved(quadrants(300, 200), "PNG")
    rows = [("image", f"Picture {i}", "pic.png", "The same picture") for i in range(60)]
    from conftest import report_sheets
    from hostile.cases import good, text_rows

    good(folder, report_sheets(text=text_rows(*rows)))
    (folder / "pic.png").write_bytes(data)
    report = api.load(folder)
    assert len({id(image.picture) for image in images(report)}) == 1  # read once
    page = html.render(report)
    assert len(page) < 60 * 200 + 100_000, "the HTML holds the picture itself"
    built = api.build(folder, tmp_path)
    assert docx_media(built.docx) == ["word/media/image1.png"]
    assert pdf_image_objects(built.pdf) == 1
    assert len(docx_pictures(built.docx)) == len(pdf_pictures(built.pdf)) == 60


def test_a_large_picture_shown_a_hundred_times_builds_within_bounds(folder: Path,
                                                                    tmp_path: Path) -> None:
    """The issue's case (14 MB x 100 took 3 GB), at 2 MB x 100: a hang guard and a memory
    bound, measured in a child process.
    """
    CASES["one_picture_shown_a_hundred_times"].make(folder)
    run = run_reportgen("build", str(folder), "-o", str(tmp_path))
    print(f"\n2 MB picture x 100: {run.seconds:.2f} s, {run.peak_mb:.0f} MB peak "
          f"(goal {GOAL_SECONDS} s, bound {PEAK_MB_MANY_PICTURES} MB)")
    assert run.exit_code == 0, run.stderr
    assert run.seconds < HANG_SECONDS
    assert run.peak_mb <= PEAK_MB_MANY_PICTURES
    assert pdf_image_objects(tmp_path / f"{NAME}.pdf") == 1
    assert len(docx_media(tmp_path / f"{NAME}.docx")) == 1
