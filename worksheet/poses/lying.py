"""Pictures of exercises done lying on the back, seen from the side: pelvic tilt and bridge.

The figure lies head to the left on a mat; its back, head, hands and feet rest on the mat
top (checked in tests through `Picture.contacts`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from .body import ANKLE_UP, HAND_R, START, Body, side_torso
from .draw import Canvas, arc_arrow, arrow, block, floor, polar
from .picture import Picture
from .skeleton import Arm, Pose, Proportions, reach_leg, side_figure, solve

FLOOR = 224.0
MAT_TOP = FLOOR - 7.0
BODY = Proportions()
H = BODY.head_r


def _rest_head(pose: Pose, surface: float) -> Pose:
    """Tilt the neck so the head (head to the left) rests on `surface`."""
    chest = solve(pose).chest
    rise = chest[1] - (surface - H)
    direction = 180 - math.degrees(math.asin(max(-1.0, min(1.0, rise / (BODY.neck + H)))))
    return replace(pose, neck=direction - pose.trunk)


def _arms_on(pose: Pose, surface: float) -> Pose:
    """Both straight arms along the body, hands resting on `surface`."""
    shoulder = solve(pose).near_arm[0]
    length = BODY.upper_arm + BODY.forearm
    drop = surface - HAND_R * H - shoulder[1]
    angle = -math.degrees(math.asin(max(-1.0, min(1.0, drop / length))))
    arm = Arm(shoulder=angle - pose.trunk - 180)
    return replace(pose, near_arm=arm, far_arm=arm)


def _lowest(pose: Pose, arch: float) -> float:
    j = solve(pose)
    return max(y for _, y in side_torso(j.pelvis, j.chest, -90, H, arch))


def lying(chest_x: float, trunk: float, feet_x: float, arch: float = 0.0) -> Pose:
    """On the back, head left, trunk at `trunk` degrees (180 = flat), knees bent, feet flat at
    `feet_x`; moved down until the back rests on the mat."""
    pose = Pose(pelvis=(0.0, 0.0), trunk=trunk, body=BODY)
    chest = (chest_x, MAT_TOP - 0.9 * H)
    for _ in range(2):  # the torso's outline is rigid: one correction lands it on the mat
        pose = replace(pose, pelvis=polar(chest, trunk - 180, BODY.trunk))
        chest = (chest[0], chest[1] + MAT_TOP - _lowest(pose, arch))
    pose = replace(pose, pelvis=polar(chest, trunk - 180, BODY.trunk))
    ankle = (feet_x, MAT_TOP - ANKLE_UP * H)
    pose = reach_leg(reach_leg(pose, True, ankle), False, ankle)
    return _arms_on(_rest_head(pose, MAT_TOP), MAT_TOP)


def _mat(*bodies: Body) -> tuple[float, float, list[Callable[[Canvas], None]]]:
    """A mat (on the floor) just longer than the figures lying on it: its ends and its drawing."""
    xs = [x for body in bodies for _, poly, _ in body.parts for x, _ in poly]
    x0, x1 = min(xs) - 0.3 * H, max(xs) + 0.3 * H

    def draw(c: Canvas) -> None:
        block(c, x0, x1, MAT_TOP, FLOOR, 3.5)
        floor(c, FLOOR, x0, x1)
    return x0, x1, [draw]


def _on_mat(pic: Picture, which: str, parts: list[str], x0: float, x1: float) -> None:
    for part in parts:
        pic.touch(f"{which}.{part}", ((x0, MAT_TOP), (x1, MAT_TOP)))


def pelvic_tilt() -> Picture:
    """Start (light): the waist lifted off the mat, a hollow low back; end: pressed flat."""
    end = lying(60.0, 180.0, 192.0)
    start = lying(60.0, 180.0, 192.0, arch=0.8)
    body, ghost = side_figure(end), side_figure(start, START, START, arch=0.8)
    x0, x1, mat = _mat(body, ghost)
    pic = Picture("Pelvic tilt: lying on your back with knees bent, tighten your belly and "
                  "press your low back flat on the floor", body, ghost, props=mat)
    j = solve(end)

    def press(c: Canvas) -> None:
        # the pelvis rolls: its head end goes down to the mat, so the arrow curls over the hip
        # and points down at the low back (an arrow from above the belly read as "push the belly")
        arc_arrow(c, j.pelvis, 2.3 * H, 1.9 * H, 10, 150, 1.2 * H, 0.38 * H)

    pic.marks.append(press)
    _on_mat(pic, "end", ["torso", "head", "near_foot", "far_foot", "near_hand"], x0, x1)
    return pic


def bridge() -> Picture:
    """Start: lying flat (light); end: hips lifted in a straight line from shoulders to knees."""
    feet = 200.0
    end = lying(70.0, 204.0, feet)
    start = lying(70.0, 180.0, feet)
    body, ghost = side_figure(end), side_figure(start, START, START)
    x0, x1, mat = _mat(body, ghost)
    pic = Picture("Bridge: lying on your back with knees bent and feet flat, lift your hips "
                  "off the floor", body, ghost, props=mat)
    px = solve(end).pelvis[0] - 0.3 * H
    hips = solve(end).pelvis[1] + 0.95 * H

    def lift(c: Canvas) -> None:
        arrow(c, (px, MAT_TOP - 0.2 * H), (px, hips - 1.0 * H), size=1.2 * H, width=0.38 * H)

    pic.marks.append(lift)
    _on_mat(pic, "end", ["torso", "head", "near_foot", "far_foot", "near_hand"], x0, x1)
    return pic
