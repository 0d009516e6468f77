"""Side-view pose model: proportions, joint angles, forward kinematics, the body they make.

Angles are degrees, counter-clockwise, 0 = pointing right; side-view figures face right.
Points are SVG user units (y grows downward); figures draw onto a draw.Canvas.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

from .body import (
    ARM_R,
    FAR_SIDE,
    LEG_R,
    NEAR,
    NECK_R,
    Body,
    Tone,
    along,
    capsule,
    hand,
    limb,
    side_foot,
    side_head,
    side_torso,
)
from .draw import Point, heading, polar


@dataclass(frozen=True)
class Proportions:
    """Segment lengths in SVG units (head is a circle of radius head_r)."""

    head_r: float = 13.0
    neck: float = 9.0
    trunk: float = 58.0
    upper_arm: float = 34.0
    forearm: float = 37.0
    thigh: float = 48.0
    shin: float = 46.0
    foot: float = 18.0
    shoulder_half: float = 17.0
    hip_half: float = 10.0

    def scaled(self, k: float) -> Proportions:
        return Proportions(**{f.name: getattr(self, f.name) * k for f in fields(self)})


@dataclass(frozen=True)
class Arm:
    """Shoulder flexion (0 = hanging along the trunk, + = forward) and elbow flexion.

    `upper`/`lower` scale the segment lengths to fake foreshortening.
    """

    shoulder: float = 0.0
    elbow: float = 0.0
    upper: float = 1.0
    lower: float = 1.0


@dataclass(frozen=True)
class Leg:
    """Hip flexion (0 = in line with trunk), knee flexion, ankle dorsiflexion (0 = foot at 90°)."""

    hip: float = 0.0
    knee: float = 0.0
    ankle: float = 0.0
    upper: float = 1.0
    lower: float = 1.0
    foot: float = 1.0


@dataclass(frozen=True)
class Pose:
    """Side-view pose: pelvis position plus joint angles for near and far limbs.

    `trunk` is the absolute pelvis-to-shoulder direction (90 = upright); `twist` moves the
    near shoulder back and the far one forward (px) to show a rotated shoulder line, and
    `far_arm_front` draws the far arm last (reaching across the front of the body).
    """

    pelvis: Point
    trunk: float = 90.0
    neck: float = 0.0
    near_arm: Arm = Arm()
    far_arm: Arm = Arm()
    near_leg: Leg = Leg()
    far_leg: Leg = Leg()
    twist: float = 0.0
    far_arm_front: bool = False
    body: Proportions = Proportions()


@dataclass(frozen=True)
class Joints:
    """Joint points from forward kinematics (arms: shoulder, elbow, hand; legs: hip..toe)."""

    pelvis: Point
    chest: Point
    neck_top: Point
    head: Point
    head_r: float
    near_arm: list[Point]
    far_arm: list[Point]
    near_leg: list[Point]
    far_leg: list[Point]


def _arm(shoulder: Point, trunk: float, arm: Arm, body: Proportions) -> list[Point]:
    upper = trunk + 180 + arm.shoulder
    elbow = polar(shoulder, upper, body.upper_arm * arm.upper)
    return [shoulder, elbow, polar(elbow, upper + arm.elbow, body.forearm * arm.lower)]


def _leg(hip: Point, trunk: float, leg: Leg, body: Proportions) -> list[Point]:
    thigh = trunk + 180 + leg.hip
    knee = polar(hip, thigh, body.thigh * leg.upper)
    shin = thigh - leg.knee
    ankle = polar(knee, shin, body.shin * leg.lower)
    return [hip, knee, ankle, polar(ankle, shin + 90 + leg.ankle, body.foot * leg.foot)]


def solve(pose: Pose) -> Joints:
    """Forward kinematics: joint angles to points."""
    b = pose.body
    chest = polar(pose.pelvis, pose.trunk, b.trunk)
    neck_dir = pose.trunk + pose.neck
    neck_top = polar(chest, neck_dir, b.neck)
    shoulder = polar(pose.pelvis, pose.trunk, b.trunk * 0.88)
    near_sh = polar(shoulder, pose.trunk - 90, -pose.twist)
    far_sh = polar(shoulder, pose.trunk - 90, pose.twist)
    return Joints(
        pelvis=pose.pelvis,
        chest=chest,
        neck_top=neck_top,
        head=polar(neck_top, neck_dir, b.head_r),
        head_r=b.head_r,
        near_arm=_arm(near_sh, pose.trunk, pose.near_arm, b),
        far_arm=_arm(far_sh, pose.trunk, pose.far_arm, b),
        near_leg=_leg(pose.pelvis, pose.trunk, pose.near_leg, b),
        far_leg=_leg(pose.pelvis, pose.trunk, pose.far_leg, b),
    )


def plant(pose: Pose, near: bool, ankle_y: float, forward: bool = True, foot: float = 0.0) -> Pose:
    """Choose that leg's knee and ankle so the ankle sits at `ankle_y`, foot pointing `foot`."""
    leg = pose.near_leg if near else pose.far_leg
    joints = solve(pose)
    knee = (joints.near_leg if near else joints.far_leg)[1]
    ratio = max(-1.0, min(1.0, (ankle_y - knee[1]) / (pose.body.shin * leg.lower)))
    drop = math.degrees(math.asin(ratio))
    shin = -drop if forward else drop - 180
    thigh = pose.trunk + 180 + leg.hip
    new = replace(leg, knee=thigh - shin, ankle=foot - shin - 90)
    return replace(pose, near_leg=new) if near else replace(pose, far_leg=new)


def two_link(root: Point, target: Point, a: float, b: float) -> tuple[float, float, float]:
    """Line direction to the target, angle of link a off that line, and the middle bend."""
    d = max(1e-6, min(math.dist(root, target), (a + b) * 0.9999))
    cos_root = (a * a + d * d - b * b) / (2 * a * d)
    cos_mid = (a * a + b * b - d * d) / (2 * a * b)
    off = math.degrees(math.acos(max(-1.0, min(1.0, cos_root))))
    bend = 180 - math.degrees(math.acos(max(-1.0, min(1.0, cos_mid))))
    return heading(root, target), off, bend


def reach_arm(pose: Pose, near: bool, target: Point) -> Pose:
    """Set that arm's shoulder and elbow so the hand reaches `target` (elbow bends forward)."""
    arm = pose.near_arm if near else pose.far_arm
    joints = solve(pose)
    shoulder = (joints.near_arm if near else joints.far_arm)[0]
    b = pose.body
    line, off, bend = two_link(shoulder, target, b.upper_arm * arm.upper, b.forearm * arm.lower)
    new = replace(arm, shoulder=line - off - pose.trunk - 180, elbow=bend)
    return replace(pose, near_arm=new) if near else replace(pose, far_arm=new)


def reach_leg(pose: Pose, near: bool, target: Point, foot: float = 0.0) -> Pose:
    """Set that leg's hip and knee so the ankle reaches `target`, foot pointing `foot`."""
    leg = pose.near_leg if near else pose.far_leg
    b = pose.body
    line, off, bend = two_link(pose.pelvis, target, b.thigh * leg.upper, b.shin * leg.lower)
    shin = line + off - bend
    new = replace(leg, hip=line + off - pose.trunk - 180, knee=bend, ankle=foot - shin - 90)
    return replace(pose, near_leg=new) if near else replace(pose, far_leg=new)


def settle(pose: Pose, ground_y: float) -> Pose:
    """Move the pose vertically so its lowest limb point lies on `ground_y`."""
    j = solve(pose)
    low = max(y for _, y in j.near_leg + j.far_leg + j.near_arm + j.far_arm)
    return replace(pose, pelvis=(pose.pelvis[0], pose.pelvis[1] + ground_y - low))


def side_figure(pose: Pose, near: Tone = NEAR, far: Tone = FAR_SIDE, arch: float = 0.0) -> Body:
    """The body of a side-view pose: far limbs, torso, neck and head, then near limbs.

    Part names: torso, neck, head, {near,far}_{arm,leg}.{upper,lower}, {near,far}_{hand,foot}.
    """
    j, b = solve(pose), pose.body
    h = b.head_r
    body = Body(h)
    for side, tone, arm, leg in (("far", far, j.far_arm, j.far_leg),):
        _side_leg(body, side, leg, b, tone)
        _side_arm(body, side, arm, h, tone)
    body.add("torso", side_torso(j.pelvis, j.chest, -90, h, arch), near)
    # the waistband: where the pelvis meets the belly, so the pelvis reads as a part
    body.mark("torso", "line", [along(j.pelvis, j.chest, 0.3, 0.8 * h, -90),
                                along(j.pelvis, j.chest, 0.3, 0.62 * h, 90)], 0.1 * h)
    neck_dir = heading(j.chest, j.neck_top)
    body.add("neck", capsule(polar(j.chest, neck_dir, -0.2 * h), NECK_R * h, j.neck_top,
                             NECK_R * h * 0.9), near)
    side_head(body, "head", j.head, h, neck_dir - 90, neck_dir, near)
    _side_leg(body, "near", j.near_leg, b, near)
    _side_arm(body, "near", j.near_arm, h, near)
    return body


def _side_leg(body: Body, side: str, leg: list[Point], b: Proportions, tone: Tone) -> None:
    limb(body, f"{side}_leg", leg, LEG_R, b.head_r, tone)
    side_foot(body, f"{side}_foot", leg[2], heading(leg[2], leg[3]), b.foot, b.head_r, tone)


def _side_arm(body: Body, side: str, arm: list[Point], h: float, tone: Tone) -> None:
    limb(body, f"{side}_arm", arm, ARM_R, h, tone)
    hand(body, f"{side}_hand", arm[2], arm[1], h, tone)
