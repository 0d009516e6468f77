"""The seven exercise illustrations, each a function returning an SVG document string.

POSES maps the exercise id (also the SVG file stem) to its function.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from .draw import (
    FAINT,
    Canvas,
    Point,
    arc_arrow,
    arrow,
    chair,
    cushion,
    floor,
    mat,
    polar,
    step,
)
from .front import FrontPose, front_figure, reach_front
from .skeleton import Arm, Leg, Pose, Proportions, figure, plant, reach_arm, reach_leg, solve

FLOOR = 224.0
MAT_TOP = FLOOR - 6
GAP = 4.0  # body stroke half-width plus prop stroke half-width: "touching"
BACK = 11.0  # height of a lying figure's trunk line above the surface (body thickness)


def _rest_head(pose: Pose, surface: float) -> Pose:
    """Tilt the neck so a supine figure's head rests on `surface` (head to the left)."""
    chest = solve(pose).chest
    b = pose.body
    rise = chest[1] - (surface - b.head_r - GAP)
    direction = 180 - math.degrees(math.asin(rise / (b.neck + b.head_r)))
    return replace(pose, neck=direction - pose.trunk)


def _arms_on(pose: Pose, surface: float) -> Pose:
    """Lay both straight arms on `surface`, pointing toward the feet."""
    chest = solve(pose).chest
    length = pose.body.upper_arm + pose.body.forearm
    drop = math.degrees(math.asin((surface - GAP - chest[1]) / length))
    arm = Arm(shoulder=-drop - pose.trunk - 180)
    return replace(pose, near_arm=arm, far_arm=arm)


def _supine(chest: Point, trunk: float, surface: float, feet: Point, body: Proportions) -> Pose:
    """Lying on the back from `chest`, knees bent, feet flat at `feet` (ankle point)."""
    pelvis = polar(chest, trunk - 180, body.trunk)
    pose = Pose(pelvis=pelvis, trunk=trunk, body=body)
    pose = reach_leg(reach_leg(pose, True, feet), False, feet)
    return _arms_on(_rest_head(pose, surface), surface)


def _ground(c: Canvas) -> None:
    """Mat and floor, drawn last so figure halos never cut into them."""
    mat(c, 14, 306, FLOOR, FLOOR - MAT_TOP)
    floor(c, FLOOR)


def pelvic_tilt() -> str:
    c = Canvas("Pelvic tilt: lying on your back, knees bent, flatten your low back to the floor")
    body = Proportions().scaled(1.45)
    chest = (98.0, MAT_TOP - BACK)
    feet = (chest[0] + body.trunk + 95, MAT_TOP - GAP)
    j = figure(c, _supine(chest, 180, MAT_TOP, feet, body))
    px, py = j.pelvis
    arrow(c, (px + 10, py - 44), (px - 32, py - 11), bend=-22, size=13)
    _ground(c)
    return c.svg()


def bridge() -> str:
    c = Canvas("Bridge: lying on your back, knees bent, lift your hips")
    body = Proportions().scaled(1.6)
    chest = (64.0, MAT_TOP - BACK)
    lifted = Pose(pelvis=polar(chest, 30, body.trunk), trunk=210, body=body)
    lifted = plant(plant(lifted, True, MAT_TOP - GAP), False, MAT_TOP - GAP)
    lifted = _arms_on(_rest_head(lifted, MAT_TOP), MAT_TOP)
    feet = solve(lifted).near_leg[2]
    figure(c, _supine(chest, 180, MAT_TOP, feet, body), FAINT, 3.5, halo=False)
    j = figure(c, lifted)
    px, py = j.pelvis
    arrow(c, (px, MAT_TOP - GAP - 2), (px, py + 11), size=13)
    _ground(c)
    return c.svg()


def _seated(pelvis: Point, trunk: float, body: Proportions) -> Pose:
    """Sitting, thighs level, shins vertical, feet flat on the floor."""
    leg = Leg(hip=-trunk - 180)
    pose = Pose(pelvis=pelvis, trunk=trunk, near_leg=leg, far_leg=leg, body=body)
    return plant(plant(pose, True, FLOOR - GAP), False, FLOOR - GAP)


def _chair_under(c: Canvas, pose: Pose, pad: float = 0.0, behind: float = 16.0
                 ) -> tuple[float, float]:
    """Draw a chair under the thighs (`pad` = cushion thickness, `behind` = seat behind the hips).

    Returns the x of the chair back and the y of the seat top.
    """
    px, py = pose.pelvis
    seat = py + GAP + pad
    back = px - behind
    chair(c, back, px + pose.body.thigh * 0.8, seat, FLOOR, back_h=100)
    return back, seat


def seat_cushion() -> str:
    c = Canvas("Seat cushion: sit upright on a cushion, feet flat, thighs level")
    body = Proportions().scaled(1.4)
    pelvis = (130.0, FLOOR - GAP - body.shin)
    pose = _seated(pelvis, 90, body)
    knee = solve(pose).near_leg[1]
    pose = reach_arm(pose, True, (knee[0] - 22, knee[1] - 6))
    pose = reach_arm(pose, False, (knee[0] - 22, knee[1] - 6))
    back, seat = _chair_under(c, pose, 14)
    cushion(c, back + 8, knee[0] - 8, seat, 14)
    figure(c, pose)
    floor(c, FLOOR)
    return c.svg()


def piriformis_stretch() -> str:
    c = Canvas("Piriformis stretch: seated, ankle on the opposite knee, lean forward")
    body = Proportions().scaled(1.4)
    pelvis = (110.0, FLOOR - GAP - body.shin)
    pose = _seated(pelvis, 60, body)
    knee = solve(pose).far_leg[1]
    pose = replace(pose, near_leg=Leg(upper=0.45, lower=0.7, foot=0.8))
    pose = reach_leg(pose, True, (knee[0] + 4, knee[1] - 8), foot=-55)
    j = solve(pose)
    hands = (j.near_leg[2][0] - 10, j.near_leg[2][1] - 6)
    arm = Arm(upper=0.72, lower=0.72)  # elbows out to the sides: foreshortened
    pose = replace(pose, near_arm=arm, far_arm=arm)
    pose = reach_arm(reach_arm(pose, True, hands), False, hands)
    _chair_under(c, pose)
    j = figure(c, pose)
    radius = math.dist(pelvis, j.head) + 26
    arc_arrow(c, pelvis, radius, radius, 84, 56)
    floor(c, FLOOR)
    return c.svg()


def trunk_rotation() -> str:
    c = Canvas("Trunk rotation: seated, turn your upper body to one side")
    body = Proportions().scaled(1.4)
    pelvis = (136.0, FLOOR - GAP - body.shin)
    pose = replace(_seated(pelvis, 90, body), twist=12, far_arm_front=True)
    knee = solve(pose).near_leg[1]
    back, seat = _chair_under(c, pose, behind=44)
    pose = reach_arm(pose, False, (knee[0] - 4, knee[1] - 6))
    pose = reach_arm(pose, True, (back + 16, seat - GAP))
    j = figure(c, pose)
    arc_arrow(c, (j.chest[0], j.chest[1] + 26), 36, 11, 25, -125)
    floor(c, FLOOR)
    return c.svg()


def hamstring_stretch() -> str:
    c = Canvas("Hamstring stretch: heel on a low step, knee straight, lean forward from the hips")
    body = Proportions().scaled(1.26)
    length = body.thigh + body.shin
    pelvis = (92.0, FLOOR - GAP - length)
    top = FLOOR - 40
    drop = (top - GAP) - pelvis[1]
    thigh = -math.degrees(math.asin(drop / length))
    trunk = 38.0
    near = Leg(hip=thigh - trunk - 180, ankle=75 - thigh - 90)
    far = Leg(hip=-90 - trunk - 180)
    pose = Pose(pelvis=pelvis, trunk=trunk, near_leg=near, far_leg=far, body=body)
    ankle = solve(pose).near_leg[2]
    pose = reach_arm(reach_arm(pose, True, ankle), False, ankle)
    j = figure(c, pose)
    step(c, j.near_leg[2][0] - 28, 70, FLOOR - top, FLOOR)
    floor(c, FLOOR)
    return c.svg()


def _standing_leg(hip: Point, ankle: Point, side: int, body: Proportions) -> Leg:
    """A front-view leg from `hip` to `ankle` (shortened a little = soft knee), foot inward."""
    reach = math.dist(hip, ankle) / (body.thigh + body.shin)
    direction = math.degrees(math.atan2(hip[1] - ankle[1], ankle[0] - hip[0])) % 360
    return Leg(hip=side * (direction - 270), ankle=180, upper=reach, lower=reach, foot=0.55)


def it_band_ql_stretch() -> str:
    c = Canvas("IT band and side stretch: standing, legs crossed, arms overhead, bend to the side")
    body = Proportions().scaled(0.95)
    ankle_y = FLOOR - GAP
    px, py = 170.0, ankle_y - (body.thigh + body.shin) * 0.97
    # Hips pushed right of the feet; the right leg crosses behind the left one.
    left = _standing_leg((px - body.hip_half, py), (px - 4, ankle_y), -1, body)
    right = _standing_leg((px + body.hip_half, py), (px - 22, ankle_y), 1, body)
    pose = FrontPose(pelvis=(px, py), bend=30, neck=4, left_leg=left, right_leg=right, body=body)
    hands = polar(pose.pelvis, 90 + pose.bend * 0.75, 9 * pose.body.head_r)
    pose = reach_front(reach_front(pose, True, hands), False, hands)
    front_figure(c, pose)
    arc_arrow(c, pose.pelvis, 112, 112, 42, 84)
    floor(c, FLOOR)
    return c.svg()


POSES: dict[str, Callable[[], str]] = {
    "pelvic-tilt": pelvic_tilt,
    "bridge": bridge,
    "seat-cushion": seat_cushion,
    "piriformis-stretch": piriformis_stretch,
    "trunk-rotation": trunk_rotation,
    "hamstring-stretch": hamstring_stretch,
    "it-band-ql-stretch": it_band_ql_stretch,
}
