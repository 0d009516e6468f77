"""One finished pose picture: its bodies (start and end), props, contacts and the SVG text.

`Picture.svg()` draws, in order: props, the end parts listed in `under` (arms on a mat),
the start position (light), the rest of the end position, the arrow or check mark.
Contacts name a body part and the surface it rests on, so the tests can check in the model
that feet, hands and backs touch what they should.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from .body import Body, Polygon
from .draw import ASPECT, Canvas, Point

Surface = tuple[Point, Point] | str  # a line segment, or "body.part" of another outline
TOUCH = 1.6  # outlines this close (SVG units, ~0.12 head radii) touch: their strokes overlap


@dataclass
class Picture:
    """Everything one exercise picture is made of."""

    title: str
    end: Body
    start: Body | None = None
    props: list[Callable[[Canvas], None]] = field(default_factory=list)
    marks: list[Callable[[Canvas], None]] = field(default_factory=list)
    contacts: list[tuple[str, Surface]] = field(default_factory=list)
    aspect: tuple[float, float] = ASPECT
    under: tuple[str, ...] = ()  # end parts (name prefixes) drawn before the start position

    def outline(self, ref: str) -> Polygon:
        """The outline named "end.near_foot" or "start.torso"."""
        which, part = ref.split(".", 1)
        body = self.end if which == "end" else self.start
        assert body is not None
        return body.outline(part)

    def touch(self, part: str, surface: Surface) -> None:
        self.contacts.append((part, surface))

    def canvas(self) -> Canvas:
        c = Canvas(self.title, self.aspect)
        for prop in self.props:
            prop(c)
        first = [part for part in self.end.parts if part[0].startswith(self.under)] if self.under else []
        Body(self.end.head_r, first, self.end.marks).draw(c)
        if self.start is not None:
            self.start.draw(c)
        Body(self.end.head_r, [part for part in self.end.parts if part not in first],
             self.end.marks).draw(c)
        for mark in self.marks:
            mark(c)
        return c

    def svg(self) -> str:
        return self.canvas().svg()


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if not length else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def _inside(p: Point, poly: Polygon) -> bool:
    hit = False
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
        if (y1 > p[1]) != (y2 > p[1]) and p[0] < x1 + (p[1] - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def gap(outline: Polygon, surface: Polygon) -> float:
    """How far apart two outlines (or an outline and a segment) are; 0 when they overlap."""
    if len(surface) > 2 and any(_inside(p, surface) for p in outline):
        return 0.0
    edges = list(zip(surface, surface[1:] + (surface[:1] if len(surface) > 2 else ()), strict=False))
    return min(_segment_distance(p, a, b) for p in outline for a, b in edges)


def sinks(outline: Polygon, surface: tuple[Point, Point]) -> float:
    """How far an outline reaches below a level surface segment (0 when it does not)."""
    (x0, y), (x1, _) = surface
    below = [py - y for px, py in outline if min(x0, x1) <= px <= max(x0, x1)]
    return max([0.0, *below])
