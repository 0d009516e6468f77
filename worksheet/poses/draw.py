"""SVG drawing primitives for pose illustrations: geometry helpers, Canvas, props, arrows.

Everything is written as plain attributes (no CSS, no markers) so svglib renders it well.
Props are mid-gray outlines; arrows are a stroked path plus a filled triangle head.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

Point = tuple[float, float]

INK = "#222222"
PROP = "#888888"
FAINT = "#BBBBBB"
PAPER = "#FFFFFF"
FILL = "#EEEEEE"
VIEW_W = 320
VIEW_H = 240
BODY_W = 5.0
PROP_W = 3.0
ARROW_W = 3.0


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


def pts(points: list[Point]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


class Canvas:
    """Collects SVG elements; every style is written as attributes on the element."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.items: list[str] = []

    @staticmethod
    def _stroke(color: str, width: float, dash: str | None, fill: str = "none") -> str:
        style = (
            f'fill="{fill}" stroke="{color}" stroke-width="{num(width)}" '
            'stroke-linecap="round" stroke-linejoin="round"'
        )
        return style + (f' stroke-dasharray="{dash}"' if dash else "")

    def polyline(
        self, points: list[Point], color: str = INK, width: float = BODY_W, dash: str | None = None
    ) -> None:
        style = self._stroke(color, width, dash)
        if len(points) == 2:
            (x1, y1), (x2, y2) = points
            xy = f'x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}"'
            self.items.append(f"<line {xy} {style}/>")
        else:
            self.items.append(f'<polyline points="{pts(points)}" {style}/>')

    def circle(self, center: Point, r: float, color: str = INK, width: float = BODY_W) -> None:
        xy = f'cx="{num(center[0])}" cy="{num(center[1])}" r="{num(r)}"'
        self.items.append(f"<circle {xy} {self._stroke(color, width, None)}/>")

    def path(self, d: str, color: str = INK, width: float = BODY_W, dash: str | None = None) -> None:
        self.items.append(f'<path d="{d}" {self._stroke(color, width, dash)}/>')

    def polygon(self, points: list[Point], fill: str = INK) -> None:
        self.items.append(f'<polygon points="{pts(points)}" fill="{fill}" stroke="none"/>')

    def shape(self, points: list[Point], color: str = PROP, fill: str = FILL) -> None:
        style = self._stroke(color, PROP_W, None, fill)
        self.items.append(f'<polygon points="{pts(points)}" {style}/>')

    def rect(self, x: float, y: float, w: float, h: float, rx: float = 0.0, fill: str = FILL) -> None:
        box = f'x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}"'
        radius = f' rx="{num(rx)}" ry="{num(rx)}"' if rx else ""
        self.items.append(f"<rect {box}{radius} {self._stroke(PROP, PROP_W, None, fill)}/>")

    def svg(self) -> str:
        head = (
            '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
            f'width="{VIEW_W}" height="{VIEW_H}" viewBox="0 0 {VIEW_W} {VIEW_H}">'
        )
        body = "\n".join(f"  {item}" for item in self.items)
        return f"{head}\n  <title>{escape(self.title)}</title>\n{body}\n</svg>\n"



def floor(c: Canvas, y: float, x0: float = 12.0, x1: float = 308.0) -> None:
    """A floor line."""
    c.polyline([(x0, y), (x1, y)], PROP, PROP_W)


def mat(c: Canvas, x0: float, x1: float, floor_y: float, thick: float = 6.0) -> float:
    """An exercise mat lying on the floor; returns the y of its top surface."""
    c.rect(x0, floor_y - thick, x1 - x0, thick, rx=thick / 2)
    return floor_y - thick


def chair(c: Canvas, back_x: float, front_x: float, seat_y: float, floor_y: float,
          back_h: float = 70.0) -> None:
    """Side-view chair facing right: seat from back_x to front_x, top at seat_y."""
    c.polyline([(back_x + 5, seat_y), (back_x + 5, floor_y)], PROP, PROP_W)
    c.polyline([(front_x - 5, seat_y), (front_x - 5, floor_y)], PROP, PROP_W)
    lean = back_h * 0.1
    c.shape([(back_x, seat_y), (back_x - lean, seat_y - back_h),
             (back_x - lean + 7, seat_y - back_h), (back_x + 7, seat_y)])
    c.rect(back_x, seat_y, front_x - back_x, 6, rx=2)


def stool(c: Canvas, x0: float, x1: float, seat_y: float, floor_y: float) -> None:
    """A backless stool with splayed legs and a foot rail."""
    c.polyline([(x0 + 8, seat_y), (x0 + 1, floor_y)], PROP, PROP_W)
    c.polyline([(x1 - 8, seat_y), (x1 - 1, floor_y)], PROP, PROP_W)
    rail = seat_y + (floor_y - seat_y) * 0.6
    c.polyline([(x0 + 5, rail), (x1 - 5, rail)], PROP, PROP_W)
    c.rect(x0, seat_y - 2, x1 - x0, 6, rx=3)


def step(c: Canvas, x: float, w: float, h: float, floor_y: float) -> float:
    """A low step or box standing on the floor; returns the y of its top."""
    c.rect(x, floor_y - h, w, h, rx=2)
    return floor_y - h


def cushion(c: Canvas, x0: float, x1: float, bottom_y: float, thick: float,
            wedge: float = 0.0) -> float:
    """A seat cushion (rounded block, or a wedge `wedge` px taller at the back x0).

    Returns the y of its top at the front edge.
    """
    if wedge:
        top = bottom_y - thick
        c.shape([(x0, bottom_y), (x0, top - wedge), (x1, top), (x1, bottom_y)])
    else:
        c.rect(x0, bottom_y - thick, x1 - x0, thick, rx=thick * 0.45)
    return bottom_y - thick


def _head(c: Canvas, tip: Point, direction: float, size: float, color: str) -> None:
    base = polar(tip, direction + 180, size)
    wing = size * 0.5
    c.polygon([tip, polar(base, direction + 90, wing), polar(base, direction - 90, wing)], color)


def arrow(c: Canvas, start: Point, end: Point, bend: float = 0.0, color: str = INK,
          size: float = 12.0) -> None:
    """Straight (bend 0) or curved arrow; `bend` bulges it left of travel by about bend/2 px."""
    mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    ctrl = polar(mid, heading(start, end) + 90, bend)

    def at(t: float) -> Point:
        u = 1 - t
        return (u * u * start[0] + 2 * u * t * ctrl[0] + t * t * end[0],
                u * u * start[1] + 2 * u * t * ctrl[1] + t * t * end[1])

    t = 1.0
    while t > 0.05 and math.dist(at(t), end) < size * 0.75:
        t -= 0.01
    stop = at(t)
    sub = (start[0] + (ctrl[0] - start[0]) * t, start[1] + (ctrl[1] - start[1]) * t)
    c.path(f"M{pts([start])} Q{pts([sub])} {pts([stop])}", color, ARROW_W)
    _head(c, end, heading(stop, end), size, color)


def arc_arrow(c: Canvas, center: Point, rx: float, ry: float, start: float, end: float,
              color: str = INK, size: float = 12.0) -> None:
    """Arrow along an axis-aligned ellipse from angle `start` to `end` (degrees, y up)."""

    def at(a: float) -> Point:
        rad = math.radians(a)
        return (center[0] + rx * math.cos(rad), center[1] - ry * math.sin(rad))

    sign = 1.0 if end > start else -1.0
    stop = end
    while abs(stop - start) > 1 and math.dist(at(stop), at(end)) < size * 0.75:
        stop -= sign
    large = 1 if abs(stop - start) > 180 else 0
    sweep = 0 if sign > 0 else 1
    arc = f"A{num(rx)},{num(ry)} 0 {large} {sweep} {pts([at(stop)])}"
    c.path(f"M{pts([at(start)])} {arc}", color, ARROW_W)
    _head(c, at(end), heading(at(stop), at(end)), size, color)
