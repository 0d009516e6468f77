"""Front-view pose model: a figure facing the viewer, its joints given as points.

Used where a side view cannot show the movement: a twist of the shoulders against the hips,
an ankle resting on the other knee, a side bend with crossed legs. `reach` places a hand
or an ankle with simple two-link IK; `front_body` turns the figure into outlined parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .body import (
    ARM_R,
    FAR_SIDE,
    LEG_R,
    NEAR,
    NECK_R,
    Body,
    Tone,
    arc_along,
    capsule,
    front_foot,
    front_head,
    front_torso,
    hand,
    limb,
    side_foot,
)
from .draw import Point, heading, polar
from .skeleton import two_link


@dataclass(frozen=True)
class FrontLimb:
    """One arm or leg: its joints (root, middle, end), drawn with `tone`.

    `foot`: "front" (pointing at the viewer, `toe` = +1 or -1: turned out to the right/left),
    "side" (in profile toward `toe` degrees), or "" (an arm).
    """

    name: str
    joints: tuple[Point, Point, Point]
    kind: str = "arm"
    foot: str = ""
    toe: float = 0.0
    far: bool = False


@dataclass(frozen=True)
class FrontFigure:
    """Hips centre, shoulders centre, head turn (-1..1), chest turn (narrow, shift), spine
    `curve` (degrees, a side bend) and limbs.

    `behind` limbs are drawn before the torso, the others after it, in the order given.
    """

    pelvis: Point
    top: Point
    head_r: float
    limbs: tuple[FrontLimb, ...] = ()
    behind: tuple[str, ...] = ()
    turn: float = 0.0
    narrow: float = 1.0
    shift: float = 0.0
    curve: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)


def shoulders(pelvis: Point, top: Point, h: float, narrow: float = 1.0, shift: float = 0.0,
              curve: float = 0.0) -> tuple[Point, Point]:
    """The (picture-left, picture-right) shoulder joints for a torso from pelvis to top."""
    at, ang = arc_along(pelvis, top, 0.9, curve)
    half = 1.62 * h * narrow
    return (polar(at, ang + 90, half + shift * h), polar(at, ang - 90, half - shift * h))


def hips(pelvis: Point, top: Point, h: float) -> tuple[Point, Point]:
    """The (picture-left, picture-right) hip joints."""
    ang = heading(pelvis, top)
    return (polar(pelvis, ang + 90, 0.8 * h), polar(pelvis, ang - 90, 0.8 * h))


def reach(root: Point, target: Point, upper: float, lower: float, bend_left: bool,
          low: bool = False) -> tuple[Point, Point, Point]:
    """Joints from `root` to `target` with the middle joint on the picture's left
    (`bend_left`) or right of the line between them, or (`low`) below it."""
    line, off, _ = two_link(root, target, upper, lower)
    one, two = polar(root, line + off, upper), polar(root, line - off, upper)
    side = min(one, two) if bend_left else max(one, two)
    mid = max(one, two, key=lambda p: p[1]) if low else side
    return (root, mid, target)


def front_body(fig: FrontFigure, tone: Tone = NEAR, far: Tone = FAR_SIDE) -> Body:
    """Outlined parts: limbs behind, torso, neck and head, then the other limbs in order."""
    h = fig.head_r
    body = Body(h)
    limbs = {lim.name: lim for lim in fig.limbs}
    for name in fig.behind:
        _limb(body, limbs[name], h, far if limbs[name].far else tone)
    body.add("torso", front_torso(fig.pelvis, fig.top, h, fig.narrow, fig.shift, fig.curve), tone)
    # the waistband, the full width of the hips: square to the viewer however the chest turns
    belt, ang = arc_along(fig.pelvis, fig.top, 0.22, fig.curve)
    body.mark("torso", "line", [polar(belt, ang + 90, 1.3 * h), polar(belt, ang - 90, 1.3 * h)], 0.1 * h)
    ang = arc_along(fig.pelvis, fig.top, 1.0, fig.curve)[1]
    neck_top = polar(fig.top, ang, 0.7 * h)
    body.add("neck", capsule(polar(fig.top, ang, -0.2 * h), NECK_R * h, neck_top, NECK_R * h * 0.9),
             tone)
    front_head(body, "head", polar(neck_top, ang, 0.85 * h), h, tone, fig.turn)
    for lim in fig.limbs:
        if lim.name not in fig.behind:
            _limb(body, lim, h, far if lim.far else tone)
    return body


def _limb(body: Body, lim: FrontLimb, h: float, tone: Tone) -> None:
    radii = LEG_R if lim.kind == "leg" else ARM_R
    limb(body, lim.name, list(lim.joints), radii, h, tone)
    end, mid = lim.joints[2], lim.joints[1]
    base = lim.name.removesuffix("_leg").removesuffix("_arm")
    if lim.kind == "arm":
        hand(body, f"{base}_hand", end, mid, h, tone)
    elif lim.foot == "front":
        front_foot(body, f"{base}_foot", end, lim.toe or 1.0, h, tone)
    elif lim.foot == "side":
        side_foot(body, f"{base}_foot", end, lim.toe, 1.35 * h, h, tone)
