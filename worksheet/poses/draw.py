"""SVG drawing primitives for pose pictures: tones, geometry helpers, Canvas, props, arrows.

Everything is written as plain attributes (no CSS, no markers) so svglib renders it well.
The Canvas remembers the extent of what it draws and crops the picture to it with a small
even margin, so every figure fills its frame whatever the pose.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from xml.sax.saxutils import escape

Point = tuple[float, float]

INK = "#1A1A1A"  # near-side outlines, arrows, check mark
FAR = "#555555"  # far-side outlines: behind, lighter, still dark enough to copy
GHOST = "#4D4D4D"  # the start position's dashed outline: dark enough for a black-ink copy
PROP_LINE = "#474747"
PROP_FILL = "#ADADAD"  # 32 % gray: survives a photocopier
PAPER = "#FFFFFF"
CUSHION = "#7A7A7A"  # a cushion: darker than any other prop, so it stands out on its chair
PHOTOCOPY_FLOOR = 0.75  # no stroke or fill (other than paper white) lighter than 25 % gray
PROP_W = 2.4
ARROW_W = 5.0
MARGIN = 0.03  # the even margin round the content, as a share of its larger side
ASPECT = (4 / 3, 2.2)  # frames are at least 4:3 wide (the card's box) and at most 2.2:1
TALL = (0.75, 2.2)  # a standing figure's frame may be as narrow as 3:4 (the card gives it height)


def num(value: float) -> str:
    """Format a coordinate with at most one decimal (deterministic, no '-0')."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def polar(origin: Point, angle: float, length: float) -> Point:
    """The point `length` away from `origin` in direction `angle` (degrees, y up)."""
    rad = math.radians(angle)
    return (origin[0] + length * math.cos(rad), origin[1] - length * math.sin(rad))


def heading(start: Point, end: Point) -> float:
    """Direction in degrees (y up) from `start` to `end`."""
    return math.degrees(math.atan2(start[1] - end[1], end[0] - start[0]))


def pts(points: list[Point] | tuple[Point, ...], fine: bool = True) -> str:
    """Points with one decimal, or (not `fine`) in whole units: a unit prints at about
    half a point, fine enough for the long straight sides of limbs and props, and the
    file stays small; round things (heads, hands, rings) keep the decimal."""
    out: list[str] = []
    for x, y in points:
        point = f"{num(x)},{num(y)}" if fine else f"{round(x)},{round(y)}"
        if not out or out[-1] != point:
            out.append(point)
    return " ".join(out)


def luminance(colour: str) -> float:
    """0 (black) to 1 (white) for a '#RRGGBB' colour."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


class Canvas:
    """Collects SVG elements and their extent; every style is written as attributes."""

    def __init__(self, title: str, aspect: tuple[float, float] = ASPECT) -> None:
        self.title, self.aspect = title, aspect
        self.items: list[str] = []
        self.extent: list[Point] = []

    def _grow(self, points: list[Point] | tuple[Point, ...], pad: float) -> None:
        for x, y in points:
            self.extent += [(x - pad, y - pad), (x + pad, y + pad)]

    @staticmethod
    def _style(stroke: str | None, width: float, fill: str, dash: tuple[float, ...] = ()) -> str:
        if stroke is None:
            return f'fill="{fill}" stroke="none"'
        if dash:  # butt ends: round caps would close the gaps of a short dash
            pattern = " ".join(num(d) for d in dash)
            return (f'fill="{fill}" stroke="{stroke}" stroke-width="{num(width)}" '
                    f'stroke-dasharray="{pattern}" stroke-linecap="butt" stroke-linejoin="round"')
        return (f'fill="{fill}" stroke="{stroke}" stroke-width="{num(width)}" '
                'stroke-linecap="round" stroke-linejoin="round"')

    def line(self, points: list[Point], stroke: str = INK, width: float = 2.0, fine: bool = True,
             dash: tuple[float, ...] = ()) -> None:
        """An open polyline (`dash`ed: on, off lengths)."""
        self._grow(points, width / 2)
        style = self._style(stroke, width, "none", dash)
        self.items.append(f'<polyline points="{pts(points, fine)}" {style}/>')

    def shape(self, points: list[Point] | tuple[Point, ...], fill: str = PAPER,
              stroke: str | None = INK, width: float = 2.0, fine: bool = True,
              dash: tuple[float, ...] = ()) -> None:
        """A closed outlined polygon (its outline `dash`ed: on, off lengths)."""
        self._grow(points, width / 2 if stroke else 0.0)
        style = self._style(stroke, width, fill, dash)
        self.items.append(f'<polygon points="{pts(points, fine)}" {style}/>')

    def path(self, d: str, extent: list[Point], stroke: str = INK, width: float = 2.0) -> None:
        """An open stroked path (`extent`: points on it, for the crop)."""
        self._grow(extent, width / 2)
        self.items.append(f'<path d="{d}" {self._style(stroke, width, "none")}/>')

    def dot(self, center: Point, r: float, fill: str = INK) -> None:
        self._grow([center], r)
        xy = f'cx="{num(center[0])}" cy="{num(center[1])}" r="{num(r)}"'
        self.items.append(f'<circle {xy} fill="{fill}" stroke="none"/>')

    def frame(self) -> tuple[float, float, float, float]:
        """The crop box (x, y, width, height): the content plus an even margin, widened or
        heightened to an aspect within `aspect` and centred on the content."""
        xs = [x for x, _ in self.extent]
        ys = [y for _, y in self.extent]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        pad = MARGIN * max(x1 - x0, y1 - y0)
        w, h = x1 - x0 + 2 * pad, y1 - y0 + 2 * pad
        fw, fh = max(w, h * self.aspect[0]), max(h, w / self.aspect[1])
        return (x0 - pad - (fw - w) / 2, y0 - pad - (fh - h) / 2, fw, fh)

    def svg(self) -> str:
        x, y, w, h = self.frame()
        head = (
            '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
            f'width="{num(w)}" height="{num(h)}" viewBox="{num(x)} {num(y)} {num(w)} {num(h)}">'
        )
        body = "\n".join(f"  {item}" for item in self.items)
        return f"{head}\n  <title>{escape(self.title)}</title>\n{body}\n</svg>\n"


def rounded(x: float, y: float, w: float, h: float, r: float) -> list[Point]:
    """A rounded rectangle as a polygon (corners of radius r, 4 steps each)."""
    r = min(r, w / 2, h / 2)
    out: list[Point] = []
    for cx, cy, start in ((x + w - r, y + r, 0), (x + r, y + r, 90), (x + r, y + h - r, 180),
                          (x + w - r, y + h - r, 270)):
        out += [polar((cx, cy), start + 22.5 * i, r) for i in range(5)]
    return out


def floor(c: Canvas, y: float, x0: float, x1: float) -> None:
    """A floor line."""
    c.line([(x0, y), (x1, y)], PROP_LINE, PROP_W * 1.2)


def block(c: Canvas, x0: float, x1: float, top: float, bottom: float, r: float = 3.0,
          fill: str = PROP_FILL, line: str = PROP_LINE) -> None:
    """A prop seen from the side or the front: mat, step, seat, cushion, backrest."""
    c.shape(rounded(x0, top, x1 - x0, bottom - top, r), fill, line, PROP_W, fine=False)


def post(c: Canvas, top: Point, bottom: Point, width: float = 5.0) -> None:
    """A chair or stool leg."""
    c.line([top, bottom], PROP_LINE, width + PROP_W)
    c.line([top, bottom], PROP_FILL, width)


def _head(c: Canvas, tip: Point, direction: float, size: float, color: str, halo: bool) -> None:
    base = polar(tip, direction + 180, size)
    wing = size * 0.62
    tri = [tip, polar(base, direction + 90, wing), polar(base, direction - 90, wing)]
    if halo:
        c.shape(tri, PAPER, PAPER, 4.0)
    c.shape(tri, color, None)


def arrow(c: Canvas, start: Point, end: Point, bend: float = 0.0, size: float = 16.0,
          width: float = ARROW_W) -> None:
    """A bold straight (bend 0) or curved arrow with a white halo, so it reads over anything.

    `bend` bulges it left of travel by about bend/2.
    """
    mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    ctrl = polar(mid, heading(start, end) + 90, bend)

    def at(t: float) -> Point:
        u = 1 - t
        return (u * u * start[0] + 2 * u * t * ctrl[0] + t * t * end[0],
                u * u * start[1] + 2 * u * t * ctrl[1] + t * t * end[1])

    t = 1.0
    while t > 0.05 and math.dist(at(t), end) < size * 0.8:
        t -= 0.01
    curve = [at(t * i / 16) for i in range(17)]
    c.line(curve, PAPER, width + 4)
    _head(c, end, heading(curve[-2], end), size, INK, True)
    c.line(curve, INK, width)
    _head(c, end, heading(curve[-2], end), size, INK, False)


def _ellipse(center: Point, rx: float, ry: float) -> Callable[[float], Point]:
    def at(a: float) -> Point:
        rad = math.radians(a)
        return (center[0] + rx * math.cos(rad), center[1] - ry * math.sin(rad))
    return at


def arc_arrow(c: Canvas, center: Point, rx: float, ry: float, start: float, end: float,
              size: float = 16.0, width: float = ARROW_W) -> None:
    """A bold arrow along an axis-aligned ellipse from angle `start` to `end` (degrees, y up)."""
    at = _ellipse(center, rx, ry)
    sign = 1.0 if end > start else -1.0
    stop = end
    while abs(stop - start) > 1 and math.dist(at(stop), at(end)) < size * 0.8:
        stop -= sign
    steps = max(2, int(abs(stop - start) / 4))
    curve = [at(start + (stop - start) * i / steps) for i in range(steps + 1)]
    c.line(curve, PAPER, width + 4)
    _head(c, at(end), heading(curve[-2], at(end)), size, INK, True)
    c.line(curve, INK, width)
    _head(c, at(end), heading(curve[-2], at(end)), size, INK, False)


def arc_back(c: Canvas, center: Point, rx: float, ry: float, start: float, end: float,
             width: float = ARROW_W) -> None:
    """The far half of an arrow going round a body: a plain lighter arc, drawn before the body
    so the body hides its middle (`arc_arrow` then draws the near half in front)."""
    at = _ellipse(center, rx, ry)
    steps = max(2, int(abs(end - start) / 4))
    c.line([at(start + (end - start) * i / steps) for i in range(steps + 1)], FAR, width * 0.7)


def check_mark(c: Canvas, center: Point, r: float) -> None:
    """A bold check mark in a ring: 'this is the good posture'."""
    ring = [polar(center, 6 * i, r) for i in range(60)]
    c.shape(ring, PAPER, INK, r * 0.16)
    tick = [polar(center, 200, r * 0.52), polar(center, 262, r * 0.42), polar(center, 40, r * 0.62)]
    c.line(tick, INK, r * 0.26)
