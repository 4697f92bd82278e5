"""Pictures named in a workbook: checked, decoded in full, and prepared once for both writers.

A picture is read with the inputs, not when the files are written, so that a damaged file is a
problem at its cell like any other, and so that both writers embed the very same bytes and
cannot show a picture differently. Prepared means:

- upright: a phone photo's orientation tag (EXIF orientation 2-8) is applied to the pixels,
  because Word ignores the tag and the PDF writer obeys it (a portrait photo came out landscape
  in the DOCX and portrait in the PDF);
- in colours and a depth both writers show alike: CMYK (designers' JPEGs, which the Word writer
  could not read at all) becomes RGB, through the file's colour profile when it has one;
  16-bit, 1-bit and 2- or 4-bit PNGs become 8-bit (a 16-bit greyscale PNG came out as noise in
  the PDF);
- readable by the Word writer (a JPEG without the JFIF or Exif header it looks for is not);
- still: an animated GIF is its first frame, which is all the PDF can show.

A picture that needs none of this is used exactly as the officer saved it. One that does is
re-encoded in its own format (PNG as PNG, JPEG as JPEG; an animated GIF as PNG) with fixed
settings, so that the same file always gives the same bytes and rebuilds are byte-identical.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen import model

if TYPE_CHECKING:
    from PIL.Image import Image as PillowImage

#: The first bytes of each kind of picture accepted, by file name ending.
PICTURE_MAGIC = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",),
                 ".jpeg": (b"\xff\xd8\xff",), ".gif": (b"GIF87a", b"GIF89a")}
#: A picture larger than this is not meant for an A4 page (and a "pixel bomb" is far larger).
#: It also bounds the memory decoding takes: at most 4 bytes a pixel, twice over while turning.
MAX_PICTURE_PIXELS = 40_000_000
MAX_PICTURE_BYTES = 20 * 1024 * 1024
#: JPEG settings for a picture that must be re-encoded: high quality, colour kept at full
#: resolution (designers' logos have sharp coloured edges).
JPEG_QUALITY = 92
_ORIENTATION = 0x0112
#: Pillow's modes each format may keep as it is (PNG also only at 8 bits a channel).
_KEEP_MODES = {"png": ("RGB", "RGBA", "L", "LA", "P", "1"), "jpeg": ("RGB", "L"),
               "gif": ("P", "L", "RGB", "RGBA")}
_GREY_MODES = ("1", "L", "LA", "I", "I;16", "I;16B", "I;16L", "I;16N", "F")


def read_picture(path: Path) -> model.Picture | str:
    """The picture at ``path`` prepared for both writers, or what is wrong with it, worded to
    follow its name in a message ("'x.png' is damaged ...").
    """
    suffix = path.suffix.lower()
    kind = suffix.lstrip(".").upper().replace("JPG", "JPEG")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(16)
            data = head
            if size <= MAX_PICTURE_BYTES:  # at most one byte more, should the file have grown
                data += fh.read(MAX_PICTURE_BYTES + 1 - len(head))
    except OSError as exc:
        return f"cannot be opened ({exc.strerror}); close it in other programs"
    if not head.startswith(PICTURE_MAGIC[suffix]):
        return (f"is not a {kind} picture, whatever its name says; open it in a picture editor "
                "and save it as .png or .jpg")
    size = max(size, len(data))
    if size > MAX_PICTURE_BYTES:
        return f"is {size / 2**20:.0f} MB; expected a picture under {MAX_PICTURE_BYTES // 2**20} MB"
    from PIL import Image, ImageFile  # Pillow comes with WeasyPrint; only pictures need it

    limit = f"at most {MAX_PICTURE_PIXELS // 1_000_000} million; make it smaller"
    damaged = f"is damaged (not a readable {kind} picture); "
    # WeasyPrint, once imported, tells Pillow to fill in what a truncated file lacks (grey
    # pixels, silently); here a picture must be whole to be read at all.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's notes on odd files are not for officers
        try:
            with Image.open(io.BytesIO(data)) as picture:
                width, height = picture.size
                if width * height > MAX_PICTURE_PIXELS:
                    return (f"is {width:,} x {height:,} pixels, more than an A4 page can show "
                            f"({limit})")
                picture.load()  # every pixel decoded: a truncated file fails here, not later
                return _prepare(picture, data)
        except Image.DecompressionBombError:
            return f"has more pixels than an A4 page can show ({limit})"
        except Exception as exc:  # noqa: BLE001 - Pillow's errors for damaged files vary
            if "truncated" in str(exc).casefold():
                return (damaged + "the file ends part way through the picture, as a file "
                        "copied or downloaded only in part does; copy it again, or save it "
                        "again from a picture editor")
            return damaged + "save it again from a picture editor"
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _prepare(picture: PillowImage, data: bytes) -> model.Picture:
    """The picture as both writers should embed it (see the module's description)."""
    from PIL import ImageOps

    source = kind = "jpeg" if picture.format in ("JPEG", "MPO") else str(picture.format).lower()
    image = picture
    changed = False
    if _orientation(picture) in range(2, 9):
        image = ImageOps.exif_transpose(picture)
        changed = True
    if not _ends(data, source):
        changed = True  # every pixel is there but not the file's end: write a whole file
    if kind == "gif" and getattr(picture, "is_animated", False):
        kind, changed = "png", True
    if image.mode not in _KEEP_MODES[kind] or (source == "png" and _png_depth(data) > 8):
        image, changed = _plain_colours(image, kind), True
    if not changed and _word_reads(data):
        return model.Picture(data, kind, image.width, image.height)
    if image.mode not in _KEEP_MODES[kind]:
        image = _plain_colours(image, kind)
    out = io.BytesIO()
    icc = picture.info.get("icc_profile") if image.mode == picture.mode else None
    if kind == "jpeg":
        image.save(out, "JPEG", quality=JPEG_QUALITY, subsampling=0, icc_profile=icc)
    else:
        kind = "png"  # a GIF is re-encoded only to keep one frame, or to end it properly
        image.save(out, "PNG", icc_profile=icc)
    return model.Picture(out.getvalue(), kind, image.width, image.height)


def _orientation(picture: PillowImage) -> int:
    try:
        value = picture.getexif().get(_ORIENTATION, 1)
    except Exception:  # noqa: BLE001 - a damaged EXIF block is no orientation
        return 1
    return value if isinstance(value, int) else 1


def _ends(data: bytes, kind: str) -> bool:
    """Whether the file has its end: a PNG its IEND chunk, a GIF its trailer (Pillow decodes
    every pixel of either without; a JPEG it does not decode without its End Of Image).
    """
    if kind == "png":
        return b"IEND\xaeB`\x82" in data
    if kind == "gif":
        return data.rstrip(b"\0").endswith(b";")
    return True


def _png_depth(data: bytes) -> int:
    """Bits per channel, from the PNG's header (IHDR is always its first chunk)."""
    return data[24] if len(data) > 24 else 0


def _plain_colours(image: PillowImage, kind: str) -> PillowImage:
    """The picture in 8-bit RGB, RGBA or greyscale: what every viewer shows the same way."""
    mode = image.mode
    if mode == "CMYK":
        return _cmyk_to_rgb(image)
    alpha = mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if mode.startswith(("I", "F")):  # 16-bit (or wider) greyscale: scale, not clip, to 8 bits
        image = image.convert("I").point(lambda v: v / 256)
    if kind == "jpeg":
        return image.convert("L" if mode in _GREY_MODES else "RGB")
    if alpha:
        return image.convert("LA" if mode in _GREY_MODES else "RGBA")
    return image.convert("L" if mode in _GREY_MODES else "RGB")


def _cmyk_to_rgb(image: PillowImage) -> PillowImage:
    """CMYK through the picture's own colour profile to sRGB, as a designer's software shows
    it; without a profile (or with one Pillow cannot use), Pillow's plain conversion.
    """
    profile = image.info.get("icc_profile")
    if profile:
        try:
            from PIL import ImageCms

            converted = ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"), outputMode="RGB")
            if converted is not None:
                return converted
        except Exception:  # noqa: BLE001 - a damaged or unusual profile: convert plainly
            pass
    return image.convert("RGB")


def _word_reads(data: bytes) -> bool:
    """Whether the Word writer (python-docx) can read the picture's header; it looks for a
    JFIF or Exif header in a JPEG, which some cameras and programs do not write.
    """
    from docx.image.image import Image as WordImage

    try:
        WordImage.from_blob(data)
    except Exception:  # noqa: BLE001 - python-docx raises several types
        return False
    return True
