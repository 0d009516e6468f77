"""Front-view stick figure (used for side bends): the trunk is one smooth curve.

Same segment lengths and drawing style as the side view in skeleton.py; `left_*` limbs
are those on the picture's left. reach_front() places a hand with simple two-link IK.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .draw import BODY_W, INK, Canvas, Point, heading, polar
from .skeleton import Arm, Leg, Proportions, layer, two_link


@dataclass(frozen=True)
class FrontPose:
    """Front-view pose.

    Arm/leg angles are abduction (outward from hanging straight down; negative crosses the
    midline); elbow bends toward the midline, knee tilts the shin outward, ankle turns the
    foot from pointing outward along the floor (0) downward (+; 180 = pointing inward).
    `bend` side-bends the trunk in a smooth arc (+ = the top moves to the picture's left).
    """

    pelvis: Point
    bend: float = 0.0
    neck: float = 0.0
    left_arm: Arm = Arm()
    right_arm: Arm = Arm()
    left_leg: Leg = Leg()
    right_leg: Leg = Leg()
    left_leg_in_front: bool = True
    body: Proportions = Proportions()


@dataclass(frozen=True)
class FrontFrame:
    """Trunk points: spine polyline, top of the trunk, its end direction, the two shoulders."""

    spine: list[Point]
    top: Point
    end: float
    shoulders: tuple[Point, Point]


def _bezier(p0: Point, p1: Point, p2: Point, t: float) -> Point:
    u = 1 - t
    return (u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0],
            u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1])


def frame(pose: FrontPose) -> FrontFrame:
    """Trunk as a circular-ish arc of length body.trunk turning by `bend` degrees."""
    b = pose.body
    theta = math.radians(pose.bend) or 1e-9
    chord = b.trunk * math.sin(theta / 2) / (theta / 2)
    top = polar(pose.pelvis, 90 + pose.bend / 2, chord)
    ctrl = polar(pose.pelvis, 90, chord / (2 * math.cos(theta / 2)))
    end = 90 + pose.bend
    shoulders = (polar(top, end + 90, b.shoulder_half), polar(top, end - 90, b.shoulder_half))
    return FrontFrame([_bezier(pose.pelvis, ctrl, top, i / 8) for i in range(9)], top, end,
                      shoulders)


def _arm(shoulder: Point, trunk: float, side: int, arm: Arm, b: Proportions) -> list[Point]:
    upper = trunk + 180 + side * arm.shoulder
    elbow = polar(shoulder, upper, b.upper_arm * arm.upper)
    return [shoulder, elbow, polar(elbow, upper + side * arm.elbow, b.forearm * arm.lower)]


def _leg(hip: Point, side: int, leg: Leg, b: Proportions) -> list[Point]:
    thigh = 270 + side * leg.hip
    knee = polar(hip, thigh, b.thigh * leg.upper)
    ankle = polar(knee, thigh + side * leg.knee, b.shin * leg.lower)
    return [hip, knee, ankle, polar(ankle, 90 - side * (90 + leg.ankle), b.foot * leg.foot)]


def front_legs(pose: FrontPose) -> tuple[list[Point], list[Point]]:
    """Points (hip, knee, ankle, toe) of the picture-left and picture-right legs."""
    (px, py), b = pose.pelvis, pose.body
    left = _leg((px - b.hip_half, py), -1, pose.left_leg, b)
    return left, _leg((px + b.hip_half, py), 1, pose.right_leg, b)


def reach_front(pose: FrontPose, left: bool, target: Point) -> FrontPose:
    """Set one arm so its hand reaches `target`, elbow pointing outward."""
    side, arm = (-1, pose.left_arm) if left else (1, pose.right_arm)
    f, b = frame(pose), pose.body
    shoulder = f.shoulders[0 if left else 1]
    a, c = b.upper_arm * arm.upper, b.forearm * arm.lower
    line, off, _ = two_link(shoulder, target, a, c)
    upper = line + off if left else line - off
    fore = heading(polar(shoulder, upper, a), target)
    bend = (side * (fore - upper) + 180) % 360 - 180
    new = replace(arm, shoulder=side * (upper - f.end - 180) % 360, elbow=bend)
    return replace(pose, left_arm=new) if left else replace(pose, right_arm=new)


def front_figure(c: Canvas, pose: FrontPose, color: str = INK, width: float = BODY_W) -> None:
    """Draw the figure: back leg, trunk and head, arms, then the front leg."""
    b, f = pose.body, frame(pose)
    left, right = front_legs(pose)
    neck_top = polar(f.top, f.end + pose.neck, b.neck)
    back, front = (right, left) if pose.left_leg_in_front else (left, right)
    c.polyline(back, color, width)
    core = [(f.spine, width * 1.25), ([left[0], right[0]], width), (list(f.shoulders), width),
            ([f.top, neck_top], width)]
    layer(c, core, color, True, True, (polar(neck_top, f.end + pose.neck, b.head_r), b.head_r))
    layer(c, [(_arm(f.shoulders[0], f.end, -1, pose.left_arm, b), width)], color, True)
    layer(c, [(_arm(f.shoulders[1], f.end, 1, pose.right_arm, b), width)], color, True)
    layer(c, [(front, width)], color, True)
