"""Pictures on the page: SVG as vector drawings, raster images, and placeholders.

The files were checked and prepared by ``worksheet.images``; this module only
turns them into ReportLab flowables scaled to fit a box, aspect ratio kept.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Group, Shape
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, Paragraph

from worksheet.errors import Problem, WorksheetError
from worksheet.images import RasterImage, VectorImage, load_image
from worksheet.layout.fonts import family
from worksheet.layout.stored import keep_art, keep_aspect, kept_art, kept_aspect
from worksheet.layout.theme import MUTED, RULE, to_gray

INCH = 72.0


def escape(text: str) -> str:
    """``xml.sax.saxutils.escape(text)``, without the urllib, http, email and ssl modules that
    importing saxutils loads (a third of what importing this module cost)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def svg2rlg(source: io.BytesIO) -> Drawing | None:
    """svglib's converter, imported on first use: only a picture not drawn before on this
    machine is parsed, so most builds never load svglib."""
    from svglib.svglib import svg2rlg as convert

    found: Drawing | None = convert(source)
    return found


@functools.lru_cache(maxsize=256)
def _drawing(image: VectorImage, grayscale: bool) -> Drawing:
    drawing = svg2rlg(io.BytesIO(image.data))
    if drawing is None:
        raise WorksheetError(Problem("SVG could not be converted (is it a valid SVG file?)", path=image.path))
    if drawing.width <= 0 or drawing.height <= 0:
        raise WorksheetError(Problem("SVG has no width or height (set width/height or viewBox)",
                                     path=image.path))
    if grayscale:
        _gray(drawing)
    return drawing


def _gray(node: Group | Shape) -> None:
    for attr in ("fillColor", "strokeColor"):
        colour = getattr(node, attr, None)
        if isinstance(colour, colors.Color):
            setattr(node, attr, to_gray(colour))
    for child in getattr(node, "contents", ()):
        _gray(child)


def picture(path: Path, max_width: float, max_height: float, grayscale: bool = False) -> Flowable:
    """``path`` scaled to fit the box (points), aspect ratio kept."""
    image = load_image(path, (max_width / INCH, max_height / INCH), grayscale)
    if isinstance(image, VectorImage):
        return _vector_art(image, max_width, max_height, grayscale)
    return _raster(image, max_width, max_height)


def aspect(path: Path) -> float:
    """Width over height of the picture at ``path``."""
    image = load_image(path, (1.0, 1.0))
    if isinstance(image, VectorImage):
        return _vector_aspect(image)
    return image.width / image.height


@functools.lru_cache(maxsize=256)
def _vector_aspect(image: VectorImage) -> float:
    """The drawing's width over height, from the disk cache when this SVG was measured before
    (a layout never seen then parses no SVG whose operators are kept too)."""
    kept = kept_aspect(image.data)
    if kept is not None:
        return kept
    drawing = _drawing(image, False)
    found = float(drawing.width / drawing.height)
    keep_aspect(image.data, found)
    return found


_FONT_SELECT = re.compile(r"BT /\S+ [\d.]+ Tf [\d.]+ TL ET")


@functools.lru_cache(maxsize=256)
def _vector_art(image: VectorImage, max_width: float, max_height: float, grayscale: bool) -> Flowable:
    """The drawing as ready-made PDF path operators when it is only paths and colours
    (no text, no images): drawing them costs nothing per handout. Otherwise the
    ReportLab drawing itself. Operators drawn before on this machine come from the disk cache."""
    box, font = (max_width, max_height), family().regular
    kept = kept_art(image.data, box, grayscale, font)
    if kept is not None:
        return RawArt(*kept)
    art = captured(_vector(_drawing(image, grayscale), max_width, max_height))
    if isinstance(art, RawArt):
        keep_art(image.data, box, grayscale, font, (art.width, art.height, art.code))
    return art


def captured(drawing: Drawing) -> Flowable:
    """``drawing`` as ready-made PDF operators when it is only paths and colours; else itself."""
    scratch = Canvas(io.BytesIO(), initialFontName=family().regular)  # type: ignore[arg-type]
    start = len(scratch._code)  # type: ignore[attr-defined]
    drawing.drawOn(scratch, 0, 0)
    ops = [op for op in scratch._code[start:] if not _FONT_SELECT.fullmatch(op)]  # type: ignore[attr-defined]
    if any(" Tf" in op or " Do" in op or op.startswith("BI") for op in ops):
        return drawing
    return RawArt(drawing.width, drawing.height, "q\n" + "\n".join(ops) + "\nQ")


class RawArt(Flowable):
    """Vector art as PDF operators captured once, replayed inside a saved graphics state."""

    def __init__(self, width: float, height: float, code: str) -> None:
        super().__init__()
        self.width, self.height, self.code = width, height, code

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv._code.append(self.code)  # type: ignore[attr-defined]


def _vector(source: Drawing, max_width: float, max_height: float) -> Drawing:
    scale = min(max_width / source.width, max_height / source.height)
    group = Group(*source.contents)
    group.scale(scale, scale)
    drawing = Drawing(source.width * scale, source.height * scale)
    drawing.initialFontName = family().regular  # type: ignore[attr-defined]  # else Helvetica, never embedded
    drawing.add(group)
    return drawing


def _raster(image: RasterImage, max_width: float, max_height: float) -> Image:
    scale = min(max_width / image.width, max_height / image.height)
    return Image(io.BytesIO(image.data), width=image.width * scale, height=image.height * scale)


class Centered(Flowable):
    """``content`` centred in a column ``width`` wide (a narrow picture under a wide one)."""

    def __init__(self, content: Flowable, width: float) -> None:
        super().__init__()
        self.content, self.width, self.height = content, width, 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.inner = self.content.wrapOn(self.canv, min(self.width, avail_width), avail_height)
        self.height = self.inner[1]
        return self.width, self.height

    def draw(self) -> None:
        self.content.drawOn(self.canv, (self.width - self.inner[0]) / 2, 0)


class Placeholder(Flowable):
    """A neat dashed frame with the exercise title, for a missing illustration."""

    def __init__(self, title: str, width: float, height: float, font: str, size: float = 11.0,
                 markup: str | None = None) -> None:
        super().__init__()
        self.title = title
        self.width = width
        self.height = height
        self.font = font
        self.size = size
        """The title's size: the sheet's body size (16 pt in large print)."""
        self.markup = markup
        """The title as paragraph markup with fallback fonts (default: the plain title)."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setDash(4, 3)
        canvas.roundRect(0, 0, self.width, self.height, 8, stroke=1, fill=0)
        style = ParagraphStyle("placeholder", fontName=self.font, fontSize=self.size,
                               leading=self.size * 1.25, alignment=1, textColor=MUTED, splitLongWords=1)
        para = Paragraph(self.markup if self.markup is not None else escape(self.title), style)
        _, height = para.wrap(self.width - 16, self.height)
        if height <= self.height - 8:  # a title too long for the frame is left to the card's heading
            para.drawOn(canvas, 8, (self.height - height) / 2)
        canvas.restoreState()
