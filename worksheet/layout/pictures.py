"""Pictures on the page: SVG as vector drawings, raster images, and placeholders."""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib import colors
from reportlab.platypus import Flowable, Image
from svglib.svglib import svg2rlg

from worksheet.errors import Problem, WorksheetError
from worksheet.layout.fonts import MAIN
from worksheet.layout.theme import MUTED, RULE


@functools.lru_cache(maxsize=256)
def _load_svg(path: Path, mtime_ns: int, size: int) -> Drawing:
    drawing = svg2rlg(str(path))
    if drawing is None:
        raise WorksheetError(Problem("SVG could not be converted (is it a valid SVG file?)", path=path))
    return drawing


def picture(path: Path, max_width: float, max_height: float) -> Flowable:
    """``path`` scaled to fit the box, aspect ratio kept."""
    try:
        stat = path.stat()
    except OSError:
        raise WorksheetError(Problem("image file not found", path=path)) from None
    if path.suffix.lower() == ".svg":
        source = _load_svg(path, stat.st_mtime_ns, stat.st_size)
        scale = min(max_width / source.width, max_height / source.height)
        group = Group(*source.contents)
        group.scale(scale, scale)
        drawing = Drawing(source.width * scale, source.height * scale)
        drawing.initialFontName = MAIN  # type: ignore[attr-defined]  # else the renderer selects Helvetica, a font we never embed
        drawing.add(group)
        return drawing
    image = Image(str(path))
    scale = min(max_width / image.imageWidth, max_height / image.imageHeight)
    image.drawWidth = image.imageWidth * scale
    image.drawHeight = image.imageHeight * scale
    return image


class Placeholder(Flowable):
    """A neat dashed frame with the exercise title, for a missing illustration."""

    def __init__(self, title: str, width: float, height: float) -> None:
        super().__init__()
        self.title = title
        self.width = width
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setDash(4, 3)
        canvas.roundRect(0, 0, self.width, self.height, 8, stroke=1, fill=0)
        canvas.setFillColor(MUTED)
        canvas.setFont(MAIN, 11)
        words = self.title.split()
        lines: list[str] = []
        for word in words:
            if lines and canvas.stringWidth(lines[-1] + " " + word, MAIN, 11) < self.width - 16:
                lines[-1] += " " + word
            else:
                lines.append(word)
        top = self.height / 2 + 7 * (len(lines) - 1)
        for index, line in enumerate(lines):
            canvas.drawCentredString(self.width / 2, top - 14 * index, line)
        canvas.setFillColor(colors.HexColor("#777777"))
        canvas.restoreState()
