"""Images from content folders, made safe and print-ready before the layout sees them.

Raster files (PNG, JPEG, WebP) go through Pillow: size limits checked before
decoding, EXIF orientation applied, transparency flattened onto white, odd
modes (CMYK, palette, 16-bit) converted, and downscaled to 300 dpi at the
printed size. SVG files are parsed strictly (no DOCTYPE, no entities, no
network, no external references) and handed on as checked bytes.
Each result is cached per process by path, modification time and size.
"""

from __future__ import annotations

import functools
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import filetype
from lxml import etree
from PIL import Image, ImageOps, UnidentifiedImageError

from worksheet import safefile
from worksheet.errors import Problem, WorksheetError

MAX_IMAGE_BYTES = 100_000_000  # a compressed 40-megapixel picture is far smaller
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is already far more than a card needs
MAX_SVG_BYTES = 2_000_000
PRINT_DPI = 300
RASTER_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP", "MPO": "JPEG"}
_XLINK = "{http://www.w3.org/1999/xlink}href"
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_BANNED_TAGS = {"script", "foreignObject", "iframe", "embed", "object"}


@dataclass(frozen=True, slots=True)
class RasterImage:
    """Encoded, print-ready pixels."""

    data: bytes
    width: int
    height: int
    format: Literal["JPEG", "PNG"]


@dataclass(frozen=True, slots=True)
class VectorImage:
    """An SVG that passed the safety checks, as bytes to parse again."""

    data: bytes
    path: Path
    title: str = ""
    """The text of its top-level <title>, if any."""


def _error(path: Path, message: str) -> WorksheetError:
    return WorksheetError(Problem(message, path=path))


def _stat(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        raise _error(path, "image file not found") from None
    return stat.st_mtime_ns, stat.st_size


def load_image(path: Path, box_inches: tuple[float, float], grayscale: bool = False
               ) -> RasterImage | VectorImage:
    """The image at ``path``, ready to print inside a box of ``box_inches``."""
    mtime, size = _stat(path)
    if path.suffix.lower() == ".svg":
        return _load_svg(path, mtime, size)
    max_px = (max(1, round(box_inches[0] * PRINT_DPI)), max(1, round(box_inches[1] * PRINT_DPI)))
    return _load_raster(path, mtime, size, max_px, grayscale)


def check_image(path: Path) -> None:
    """Cheap checks done while loading content: format, size, SVG safety."""
    mtime, size = _stat(path)
    if path.suffix.lower() == ".svg":
        _load_svg(path, mtime, size)
        return
    with _open(path) as image:
        _check_header(path, image)


@functools.lru_cache(maxsize=256)
def _load_svg(path: Path, mtime_ns: int, size: int) -> VectorImage:
    if size > MAX_SVG_BYTES:
        raise _error(path, f"SVG is too big ({size} bytes; the limit is {MAX_SVG_BYTES})")
    data = safefile.read_bytes(path, MAX_SVG_BYTES, "SVG file")
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise _error(path, "SVG must not have a DOCTYPE or entities")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _error(path, f"SVG is not valid XML ({exc.msg})") from None
    if not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise _error(path, "not an SVG file (the root element is not <svg>)")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name in _BANNED_TAGS:
            raise _error(path, f"SVG must not contain <{name}>")
        for key, value in element.attrib.items():
            if key in (_XLINK, "href") and not value.startswith("#"):
                raise _error(path, f"SVG refers to an outside file or URL ({value[:60]!r})")
            if _EXTERNAL_URL.search(value):
                raise _error(path, "SVG refers to an outside file or URL in a url(...) value")
        text = element.text or ""
        if name == "style" and ("@import" in text or _EXTERNAL_URL.search(text)):
            raise _error(path, "SVG style refers to an outside file or URL")
    title = next((" ".join((e.text or "").split()) for e in root
                  if isinstance(e.tag, str) and etree.QName(e).localname == "title"), "")
    return VectorImage(data=data, path=path, title=title)


_WORKS = "save or export it as PNG, JPEG, WebP or SVG"
_KINDS = {"pdf": "a PDF document", "heic": "a HEIC photo (the iPhone's own format)",
          "avif": "an AVIF picture", "gif": "a GIF picture", "tif": "a TIFF picture",
          "bmp": "a BMP picture", "ico": "an icon file", "psd": "a Photoshop file", "xcf": "a GIMP file",
          "doc": "a Word document", "docx": "a Word document", "odt": "a text document",
          "xls": "an Excel spreadsheet", "xlsx": "an Excel spreadsheet", "ppt": "a PowerPoint file",
          "pptx": "a PowerPoint file", "zip": "a zip archive", "rtf": "a text document (RTF)",
          "ps": "a PostScript file", "mp4": "a video", "mov": "a video", "jpx": "a JPEG 2000 picture"}


def describe_file(data: bytes) -> str:
    """What a file that is not a usable picture is, in a clinician's words: "a PDF document"."""
    if not data:
        return "an empty file"
    kind = filetype.guess(data)
    if kind is not None:
        return _KINDS.get(kind.extension, f"a {kind.extension.upper()} file ({kind.mime})")
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML), perhaps saved from a link instead of the picture"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "not a picture format we know"
    return "a text file" if b"\x00" not in data[:4096] else "not a picture format we know"


def _not_a_picture(path: Path, what: str) -> WorksheetError:
    return _error(path, f"this file is {what}, which worksheet cannot print: {_WORKS}")


def _open(path: Path) -> Image.Image:
    # Pillow is given bytes, never the path: a FIFO or /dev/zero is refused here instead
    raw = safefile.read_bytes(path, MAX_IMAGE_BYTES, "image file")
    data = io.BytesIO(raw)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(data)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _error(path, f"image has too many pixels (the limit is {MAX_PIXELS // 1_000_000} megapixels)"
                     ) from None
    except UnidentifiedImageError:
        raise _not_a_picture(path, describe_file(raw)) from None
    except OSError as exc:
        raise _error(path, f"cannot read image ({exc})") from None


def _check_header(path: Path, image: Image.Image) -> None:
    if image.format not in RASTER_FORMATS:
        what = _KINDS.get({"TIFF": "tif"}.get(str(image.format), str(image.format).lower()),
                          f"a {image.format} picture")
        raise _not_a_picture(path, what)
    width, height = image.size
    if width < 1 or height < 1:
        raise _error(path, "image has no pixels")
    if width * height > MAX_PIXELS:
        raise _error(path, f"image is {width}x{height} pixels; the limit is "
                           f"{MAX_PIXELS // 1_000_000} megapixels")


@functools.lru_cache(maxsize=256)
def _load_raster(path: Path, mtime_ns: int, size: int, max_px: tuple[int, int],
                 grayscale: bool) -> RasterImage:
    with _open(path) as opened:
        _check_header(path, opened)
        source_format = opened.format
        try:
            opened.load()  # a truncated file fails here: never accept half an image
            image = ImageOps.exif_transpose(opened) or opened
            image = _to_print_mode(image, grayscale)
        except (OSError, SyntaxError, ValueError) as exc:
            raise _error(path, f"image is corrupt or truncated ({exc})") from None
    scale = min(1.0, max_px[0] / image.width, max_px[1] / image.height)
    if scale < 1.0:
        target = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    out = io.BytesIO()
    if RASTER_FORMATS[source_format or ""] == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True)
        kind: Literal["JPEG", "PNG"] = "JPEG"
    else:
        image.save(out, "PNG", compress_level=6)
        kind = "PNG"
    return RasterImage(out.getvalue(), image.width, image.height, kind)


def _to_print_mode(image: Image.Image, grayscale: bool) -> Image.Image:
    """RGB or L pixels on white, whatever the file held."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit gray: scale to 8 bits, or it prints white
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba).convert("RGB")
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGB")  # CMYK, YCbCr, 1-bit
    return image.convert("L") if grayscale and image.mode != "L" else image
