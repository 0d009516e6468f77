"""Body shapes for the pose pictures: tapered limbs, torso, head with a face cue, hands, feet.

A `Body` is an ordered list of named outlined polygons (drawn back to front, each filled so
it hides what is behind it) plus small marks (eye, belt line). Tests read the polygons to
check contact points; `Body.draw` writes them onto a Canvas. Sizes are in head radii (H).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .draw import FAR, GHOST, INK, PAPER, Canvas, Point, heading, polar

Polygon = tuple[Point, ...]

# limb radii in head radii: root, middle joint, end
ARM_R = (0.40, 0.31, 0.24)
LEG_R = (0.64, 0.42, 0.27)
NECK_R = 0.30
HAND_R = 0.36
ANKLE_UP = 0.34  # ankle joint above the sole, in head radii


@dataclass(frozen=True)
class Tone:
    """How one depth layer is drawn: outline colour, fill, outline width and dash pattern
    (on, off lengths; none: solid), all lengths in head radii."""

    stroke: str
    fill: str = PAPER
    width: float = 0.17
    dash: tuple[float, ...] = ()


NEAR = Tone(INK)
FAR_SIDE = Tone(FAR, width=0.15)
# the start position: a white body in a dark dashed outline, so it survives a black-ink copy
# and never merges with the solid end figure
START = Tone(GHOST, width=0.13, dash=(0.34, 0.24))


@dataclass
class Body:
    """Outlined parts in drawing order, plus marks drawn right after the part they belong to."""

    head_r: float
    parts: list[tuple[str, Polygon, Tone]] = field(default_factory=list)
    marks: dict[str, list[tuple[str, list[Point], float]]] = field(default_factory=dict)

    def add(self, name: str, outline: Polygon, tone: Tone) -> None:
        self.parts.append((name, outline, tone))

    def mark(self, name: str, kind: str, points: list[Point], size: float) -> None:
        """A 'dot' (points[0], radius size) or a 'line' (width size) on part `name`."""
        self.marks.setdefault(name, []).append((kind, points, size))

    def outline(self, name: str) -> Polygon:
        return next(poly for part, poly, _ in self.parts if part == name)

    def names(self) -> list[str]:
        return [name for name, _, _ in self.parts]

    def moved(self, dx: float, dy: float) -> Body:
        """The same body moved by (dx, dy): a start position drawn beside the end, not behind it."""
        def move(points: tuple[Point, ...] | list[Point]) -> tuple[Point, ...]:
            return tuple((x + dx, y + dy) for x, y in points)
        marks = {name: [(kind, list(move(points)), size) for kind, points, size in items]
                 for name, items in self.marks.items()}
        return Body(self.head_r, [(name, move(poly), tone) for name, poly, tone in self.parts], marks)

    def draw(self, c: Canvas) -> None:
        for name, poly, tone in self.parts:
            rough = name.endswith((".upper", ".lower")) or name == "neck"
            c.shape(poly, tone.fill, tone.stroke, tone.width * self.head_r, fine=not rough,
                    dash=tuple(d * self.head_r for d in tone.dash))
            for kind, points, size in self.marks.get(name, []):
                if kind == "dot":
                    c.dot(points[0], size, tone.stroke)
                else:
                    c.line(points, tone.stroke, size)


def capsule(a: Point, ra: float, b: Point, rb: float) -> Polygon:
    """A tapered limb: the hull of a circle of radius ra at a and one of radius rb at b."""
    d = max(math.dist(a, b), 1e-6)
    ang = heading(a, b)
    gamma = math.degrees(math.acos(max(-1.0, min(1.0, (ra - rb) / d))))
    # 30-degree steps: on a limb a few points wide the corners are far below what prints
    steps_b = max(3, round(2 * gamma / 30))
    steps_a = max(3, round((360 - 2 * gamma) / 30))
    cap_b = [polar(b, ang + gamma - 2 * gamma * i / steps_b, rb) for i in range(steps_b + 1)]
    cap_a = [polar(a, ang - gamma - (360 - 2 * gamma) * i / steps_a, ra) for i in range(steps_a + 1)]
    return tuple(cap_b + cap_a)


def ellipse(center: Point, rx: float, ry: float, tilt: float = 0.0) -> Polygon:
    """An ellipse (axes rx, ry turned by `tilt` degrees) as a polygon."""
    out = []
    for i in range(20):
        t = math.radians(360 * i / 20)
        x, y = rx * math.cos(t), ry * math.sin(t)
        r = math.radians(tilt)
        out.append((center[0] + x * math.cos(r) + y * math.sin(r),
                    center[1] - x * math.sin(r) + y * math.cos(r)))
    return tuple(out)


def smooth_loop(points: list[Point], steps: int = 4) -> Polygon:
    """A closed Catmull-Rom curve through `points`, sampled as a polygon."""
    out: list[Point] = []
    n = len(points)
    for i in range(n):
        p0, p1, p2, p3 = (points[(i + k) % n] for k in (-1, 0, 1, 2))
        for s in range(steps):
            t = s / steps
            t2, t3 = t * t, t * t * t
            out.append(tuple(  # type: ignore[arg-type]
                0.5 * (2 * p1[k] + (-p0[k] + p2[k]) * t + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                       + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3) for k in (0, 1)))
    return tuple(out)


def along(base: Point, tip: Point, t: float, off: float, side: float) -> Point:
    """The point at fraction t from base to tip, `off` to one side (side = +90 or -90)."""
    ang = heading(base, tip)
    return polar(polar(base, ang, math.dist(base, tip) * t), ang + side, off)


def arc_along(base: Point, tip: Point, t: float, curve: float = 0.0) -> tuple[Point, float]:
    """The point at fraction t on a circular arc from base to tip that turns `curve` degrees
    clockwise on the way (0: the straight line), and its direction there (degrees, y up)."""
    ang = heading(base, tip)
    if abs(curve) < 1e-6:
        return polar(base, ang, math.dist(base, tip) * t), ang
    a, th = math.radians(ang), math.radians(curve)
    radius = math.dist(base, tip) / (2 * math.sin(th / 2))
    phi = a + th / 2 - th * t
    dx = radius * (math.sin(a + th / 2) - math.sin(phi))
    dy = radius * (math.cos(phi) - math.cos(a + th / 2))
    return (base[0] + dx, base[1] - dy), math.degrees(phi)


# Side-view torso: (fraction pelvis→shoulder, offset in head radii); + is the front.
SIDE_TORSO = [(-0.08, 0.56), (0.18, 1.06), (0.45, 0.96), (0.72, 1.30), (0.92, 1.02), (1.04, 0.40),
              (1.05, -0.46), (0.92, -1.00), (0.66, -1.08), (0.42, -0.86), (0.16, -1.14),
              (-0.14, -0.72)]
LUMBAR = (0.08, 0.80)  # the stretch of the trunk (fraction pelvis→shoulder) an arch lifts


def side_torso(pelvis: Point, top: Point, front: float, h: float, arch: float = 0.0) -> Polygon:
    """Torso from the hip joint to the shoulder; `front` = +90 or -90 (left/right of travel).

    `arch` lifts the low back toward the front by up to that many head radii (a hollow low
    back; the belly rises half as much). Outside the lumbar stretch the outline is the same
    as the flat one, so a flat figure drawn over an arched one hides all but the low back.
    """
    points = [along(pelvis, top, t, abs(off) * h, front if off > 0 else -front)
              for t, off in SIDE_TORSO]
    if not arch:
        return smooth_loop(points)
    loop = smooth_loop(points, 10)  # finer: the arch is a smooth curve, not a tent
    ang, length = heading(pelvis, top), math.dist(pelvis, top)
    rad = math.radians(ang)
    axis, normal = (math.cos(rad), -math.sin(rad)), polar((0.0, 0.0), ang + front, 1.0)
    out = []
    for x, y in loop:
        dx, dy = x - pelvis[0], y - pelvis[1]
        t = (dx * axis[0] + dy * axis[1]) / length
        side = dx * normal[0] + dy * normal[1]  # > 0: the front (belly), < 0: the back
        u = (t - LUMBAR[0]) / (LUMBAR[1] - LUMBAR[0])
        bump = math.sin(math.pi * u) if 0.0 < u < 1.0 else 0.0
        lift = arch * h * bump * (0.5 if side > 0 else 1.0)
        out.append((x + lift * normal[0], y + lift * normal[1]))
    return tuple(out)


# Front-view torso, one side (fraction hips→shoulders, half width in head radii).
FRONT_TORSO = [(-0.10, 1.25), (0.14, 1.42), (0.45, 1.12), (0.72, 1.40), (0.93, 1.85), (1.04, 1.40),
               (1.09, 0.40)]


def front_torso(pelvis: Point, top: Point, h: float, narrow: float = 1.0,
                shift: float = 0.0, curve: float = 0.0) -> Polygon:
    """Torso seen from the front; the chest `narrow`ed and `shift`ed (head radii) for a twist,
    the spine bent by `curve` degrees (a side bend's C-curve)."""
    left, right = [], []
    for t, off in FRONT_TORSO:
        turn = max(0.0, min(1.0, (t - 0.3) / 0.55))
        k = 1 - (1 - narrow) * turn
        at, ang = arc_along(pelvis, top, t, curve)
        left.append(polar(at, ang + 90, (off * k + shift * turn) * h))
        right.append(polar(at, ang - 90, (off * k - shift * turn) * h))
    return smooth_loop(right + left[::-1])


def side_head(body: Body, name: str, center: Point, h: float, face: float, up: float,
              tone: Tone) -> None:
    """A head in profile: round skull, a nose toward `face` (degrees, y up), an eye toward
    the crown (`up`, the direction of the neck)."""
    s = 1.0 if (up - face) % 360 < 180 else -1.0
    skull = [polar(center, face + 24 + 312 * i / 16, h) for i in range(17)]
    nose = sorted([(-15 * s, 1.0), (-6 * s, 1.24), (10 * s, 1.03)])
    body.add(name, tuple(skull + [polar(center, face + a, h * k) for a, k in nose]), tone)
    body.mark(name, "dot", [polar(center, face + 32 * s, h * 0.55)], h * 0.12)


def front_head(body: Body, name: str, center: Point, h: float, tone: Tone,
               turn: float = 0.0) -> None:
    """A head facing the viewer (two eyes), turned by `turn` (-1..1) toward one side, or (|turn|
    1) in profile: the nose toward that side, the clearest cue of a turned head."""
    if abs(turn) >= 1.0:
        face = 0.0 if turn > 0 else 180.0
        side_head(body, name, center, h, face, 90.0, tone)
        # an ear behind the middle and a mouth under the nose: which way the face looks,
        # at a glance
        s = 1.0 if turn > 0 else -1.0
        ear_at = (center[0] - s * 0.18 * h, center[1])
        ear = [polar(ear_at, face + 180 + a, 0.26 * h) for a in (-80, -40, 0, 40, 80)]
        body.mark(name, "line", ear, h * 0.1)
        body.mark(name, "line", [polar(center, face - s * 28, h * 0.98),
                                 polar(center, face - s * 28, h * 0.7)], h * 0.08)
        return
    body.add(name, ellipse(center, h * 0.92, h), tone)
    if abs(turn) < 0.2:
        for side in (-1, 1):
            body.mark(name, "dot", [(center[0] + side * 0.36 * h, center[1] - 0.08 * h)], h * 0.1)
        body.mark(name, "line", [(center[0], center[1] + 0.05 * h), (center[0], center[1] + 0.3 * h)],
                  h * 0.08)
        return
    x = center[0] + turn * 0.55 * h
    body.mark(name, "dot", [(x, center[1] - 0.1 * h)], h * 0.1)
    edge = center[0] + turn * 0.92 * h
    body.mark(name, "line", [(edge - turn * 0.05 * h, center[1] - 0.05 * h),
                             (edge + turn * 0.22 * h, center[1] + 0.22 * h),
                             (edge - turn * 0.02 * h, center[1] + 0.3 * h)], h * 0.09)


def limb(body: Body, name: str, joints: list[Point], radii: tuple[float, float, float], h: float,
         tone: Tone) -> None:
    """Two tapered segments (upper, lower) joined at the middle joint, lower one on top."""
    (a, b, c), (ra, rb, rc) = joints[:3], radii
    body.add(f"{name}.upper", capsule(a, ra * h, b, rb * h), tone)
    body.add(f"{name}.lower", capsule(b, rb * h * 0.97, c, rc * h), tone)


def hand(body: Body, name: str, wrist: Point, elbow: Point, h: float, tone: Tone) -> None:
    """A mitten hand just past the wrist, in line with the forearm."""
    ang = heading(elbow, wrist)
    body.add(name, capsule(polar(wrist, ang, 0.12 * h), 0.30 * h, polar(wrist, ang, 0.5 * h),
                           HAND_R * h), tone)


def side_foot(body: Body, name: str, ankle: Point, toe_dir: float, length: float, h: float,
              tone: Tone) -> None:
    """A foot seen from the side: heel under the ankle, flat sole, toes toward `toe_dir`."""
    down = toe_dir - 90 if (math.cos(math.radians(toe_dir)) >= 0) else toe_dir + 90
    heel_r, toe_r = 0.30 * h, 0.17 * h
    heel = polar(polar(ankle, down, (ANKLE_UP * h) - heel_r), toe_dir, -0.12 * h)
    toe = polar(polar(heel, toe_dir, length), down, heel_r - toe_r)
    body.add(name, capsule(heel, heel_r, toe, toe_r), tone)


def front_foot(body: Body, name: str, ankle: Point, outward: float, h: float, tone: Tone) -> None:
    """A foot pointing at the viewer: a short rounded shape under the ankle, toes a bit out."""
    sole = ankle[1] + ANKLE_UP * h
    center = (ankle[0] + outward * 0.12 * h, sole - 0.26 * h)
    body.add(name, ellipse(center, 0.44 * h, 0.26 * h, -outward * 8), tone)
