"""Pictures of exercises done sitting: seat cushion (side view), trunk rotation and the
figure-4 piriformis stretch (front view, where a twist and a crossed ankle can be seen)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from .body import ANKLE_UP, HAND_R, LEG_R, START, front_torso, side_torso
from .draw import (
    CUSHION,
    PAPER,
    PROP_LINE,
    Canvas,
    arc_arrow,
    arc_back,
    block,
    check_mark,
    floor,
    heading,
    post,
)
from .front import FrontFigure, FrontLimb, front_body, reach, shoulders
from .picture import Picture
from .skeleton import Leg, Pose, Proportions, plant, reach_arm, side_figure, solve

FLOOR = 224.0
BODY = Proportions()
H = BODY.head_r
ANKLE_Y = FLOOR - ANKLE_UP * H
KNEE_Y = ANKLE_Y - BODY.shin  # shins upright: the knee this high
FLOOR_LINE = ((-400.0, FLOOR), (800.0, FLOOR))
LEAN = 0.74  # a trunk leaning forward looks this much shorter from the front
NARROW, SHIFT = 0.55, 0.75  # trunk rotation: the turned chest this much narrower, shifted (H)


def seat_cushion() -> Picture:
    """Good posture: upright against the backrest on a cushion, thighs level, feet flat."""
    hip = (120.0, KNEE_Y)
    pose = Pose(pelvis=hip, trunk=92, near_leg=Leg(hip=-272), far_leg=Leg(hip=-272), body=BODY)
    pose = plant(plant(pose, True, ANKLE_Y), False, ANKLE_Y)
    knee = solve(pose).near_leg[1]
    wrist = (knee[0] - 1.4 * H, knee[1] - (LEG_R[1] + HAND_R) * H)
    pose = reach_arm(reach_arm(pose, True, wrist), False, (wrist[0] - 0.5 * H, wrist[1]))
    body = side_figure(pose)
    torso = side_torso(pose.pelvis, solve(pose).chest, -90, H)
    cushion_top = hip[1] + LEG_R[0] * H
    seat_top = cushion_top + 1.1 * H
    back_x = min(x for x, _ in torso)
    front_x = knee[0] - 0.2 * H
    pic = Picture("Sitting tall on a seat cushion: back against the chair, thighs level, "
                  "feet flat on the floor", body)

    def chair(c: Canvas) -> None:
        # the chair in outline (paper), the cushion dark and puffy: nothing else on the chair
        # looks like it, so the cushion is what the eye finds
        block(c, back_x - 1.0 * H, back_x, seat_top - 6.2 * H, seat_top, 2.5, PAPER)
        for x in (back_x - 0.4 * H, front_x - 0.5 * H):
            post(c, (x, seat_top + 0.5 * H), (x, FLOOR), 0.35 * H)
        block(c, back_x - 1.0 * H, front_x + 0.2 * H, seat_top, seat_top + 0.6 * H, 2.0, PAPER)
        block(c, back_x + 0.2 * H, front_x - 0.4 * H, cushion_top, seat_top, 0.55 * H, CUSHION)
        floor(c, FLOOR, back_x - 3 * H, knee[0] + 4 * H)

    pic.props.append(chair)
    head = solve(pose).head
    pic.marks.append(lambda c: check_mark(c, (knee[0] + 2.6 * H, head[1]), 1.5 * H))
    pic.touch("end.near_foot", FLOOR_LINE)
    pic.touch("end.far_foot", FLOOR_LINE)
    pic.touch("end.near_leg.upper", ((back_x, cushion_top), (front_x, cushion_top)))
    pic.touch("end.torso", ((back_x, seat_top - 6 * H), (back_x, seat_top)))
    pic.touch("end.near_hand", "end.near_leg.upper")
    return pic


def _seat(cx: float) -> float:
    """The seat top under a front-view seated figure whose hips are at x = cx."""
    return KNEE_Y + 0.55 * H


def _sitting_on(cx: float, seat: float, lean: float = 1.0) -> tuple[float, float]:
    """The hips centre that puts the bottom of a front-view torso (its height shortened by a
    forward `lean`) on the seat."""
    bottom = max(y for _, y in front_torso((cx, 0.0), (cx, -BODY.trunk * lean), H))
    return (cx, seat - bottom)


def _front_chair(cx: float, seat: float, back_top: float | None) -> Callable[[Canvas], None]:
    def draw(c: Canvas) -> None:
        if back_top is not None:
            block(c, cx - 2.6 * H, cx + 2.6 * H, back_top, seat, 2.5)
        for x in (cx - 3.3 * H, cx + 3.3 * H):
            post(c, (x, seat), (x, FLOOR), 0.4 * H)
        block(c, cx - 3.8 * H, cx + 3.8 * H, seat, seat + 0.7 * H, 2.0)
        floor(c, FLOOR, cx - 6 * H, cx + 6 * H)
        c.line([(cx - 3.8 * H, seat + 0.7 * H), (cx + 3.8 * H, seat + 0.7 * H)], PROP_LINE, 1.0)
    return draw


def _sitting_legs(cx: float, hip_y: float) -> tuple[FrontLimb, FrontLimb]:
    """Both feet flat, knees a little apart, thighs coming toward the viewer."""
    legs = []
    for side, name in ((-1, "right_leg"), (1, "left_leg")):
        hip = (cx + side * 0.8 * H, hip_y)
        knee = (cx + side * 1.35 * H, KNEE_Y)
        legs.append(FrontLimb(name, (hip, knee, (knee[0] + side * 0.1 * H, ANKLE_Y)), "leg",
                              "front", side))
    return legs[0], legs[1]


def trunk_rotation() -> Picture:
    """Hips square on the seat, knees ahead; arms crossed over the chest, shoulders and head
    turned to one side. Start (light): shoulders square, facing ahead."""
    cx = 150.0
    seat = _seat(cx)
    pelvis = _sitting_on(cx, seat)
    top = (cx, pelvis[1] - BODY.trunk)
    right, left = _sitting_legs(cx, pelvis[1])
    a, b = BODY.upper_arm, BODY.forearm
    sh = shoulders(pelvis, top, H, NARROW, SHIFT)
    # turned to the picture's left: the far shoulder goes back and out (its arm behind the
    # chest, lighter), the near one comes forward to the middle, its forearm across the chest
    arms = (FrontLimb("right_arm", reach(sh[0], (sh[1][0] - 0.2 * H, sh[1][1] + 1.3 * H), a * 0.8, b,
                                         True, low=True), far=True),
            FrontLimb("left_arm", reach(sh[1], (sh[0][0] + 0.7 * H, sh[0][1] + 0.5 * H), a * 0.8, b,
                                        False, low=True)))
    end = FrontFigure(pelvis, top, H, (right, left, *arms), ("right_arm",), turn=-1.0, narrow=NARROW,
                      shift=SHIFT)
    start = FrontFigure(pelvis, top, H, (right, left))  # square shoulders, facing ahead
    pic = Picture("Trunk rotation: sitting with your knees facing forward and arms crossed over "
                  "your chest, turn your shoulders and head to one side", front_body(end),
                  front_body(start, START, START), [_front_chair(cx, seat, None)])
    # one loop round the chest, the way the face turns (to the picture's left): its far half
    # goes behind the body (lighter, hidden in the middle), its near half is the bold arrow
    chest = (cx, top[1] + 2.3 * H)
    rx, ry = 3.8 * H, 1.1 * H
    pic.props.append(lambda c: arc_back(c, chest, rx, ry, 195, -15, 0.38 * H))
    pic.marks.append(lambda c: arc_arrow(c, chest, rx, ry, -15, -172, 1.2 * H, 0.38 * H))
    _touch_seated(pic, cx, seat)
    pic.touch("end.right_foot", FLOOR_LINE)
    pic.touch("end.left_hand", "end.torso")
    pic.touch("end.right_hand", "end.torso")
    return pic


def _touch_seated(pic: Picture, cx: float, seat: float) -> None:
    pic.touch("end.left_foot", FLOOR_LINE)
    pic.touch("end.torso", ((cx - 3 * H, seat), (cx + 3 * H, seat)))


PIRI_LEAN = 62.0  # the figure-4's trunk leans forward from the hips to this angle (90: upright)


def _figure_4(trunk: float) -> Pose:
    """Side view, facing right, on a stool: the far foot flat on the floor; the near ankle on
    the far knee, the near knee dropped out toward the viewer (its thigh looks short); the
    back straight at `trunk` degrees, hands on the crossed knee and shin."""
    hip = (118.0, KNEE_Y)
    pose = Pose(pelvis=hip, trunk=trunk, far_leg=Leg(hip=-180 - trunk), body=BODY)
    pose = plant(pose, False, ANKLE_Y)
    knee = solve(pose).far_leg[1]
    ankle = (knee[0] - 0.3 * H, knee[1] - (LEG_R[1] + LEG_R[2]) * H * 0.95)
    out_knee = (hip[0] + 0.45 * BODY.thigh, hip[1] + 0.9 * H)
    thigh, shin = heading(hip, out_knee), heading(out_knee, ankle)
    near = Leg(hip=thigh - trunk - 180, knee=thigh - shin, ankle=-25 - shin - 90,
               upper=math.dist(hip, out_knee) / BODY.thigh, lower=math.dist(out_knee, ankle) / BODY.shin)
    pose = replace(pose, near_leg=near)
    up = (LEG_R[1] + HAND_R) * H * 0.95
    # both hands press the dropped knee down, clear of the shin and the ankle on the knee
    pose = reach_arm(pose, True, (out_knee[0] - 0.1 * H, out_knee[1] - up))
    return reach_arm(pose, False, (out_knee[0] - 0.8 * H, out_knee[1] - up * 1.05))


def piriformis_stretch() -> Picture:
    """Figure-4, side view: one ankle resting on the other knee, that knee dropped out, hands
    on the crossed leg, leaning forward from the hips with a straight back. Start (dashed):
    sitting tall in the same position."""
    end, start = _figure_4(PIRI_LEAN), _figure_4(90.0)
    pic = Picture("Piriformis stretch: sitting, rest one ankle on the other knee, let that knee "
                  "drop out to the side, and lean forward from the hips with a straight back",
                  side_figure(end), side_figure(start, START, START))
    hip = end.pelvis
    seat = hip[1] + LEG_R[0] * H
    x0, x1 = hip[0] - 2.4 * H, hip[0] + 2.2 * H

    def stool(c: Canvas) -> None:
        for x in (x0 + 0.6 * H, x1 - 0.6 * H):
            post(c, (x, seat + 0.5 * H), (x, FLOOR), 0.4 * H)
        block(c, x0, x1, seat, seat + 0.7 * H, 2.0)
        floor(c, FLOOR, x0 - 0.5 * H, solve(end).far_leg[3][0] + 1.0 * H)

    pic.props.append(stool)
    head = solve(start).head
    radius = math.dist(hip, head) + 0.6 * H
    pic.marks.append(lambda c: arc_arrow(c, hip, radius, radius, 84, PIRI_LEAN + 8, 1.2 * H, 0.38 * H))
    pic.touch("end.far_foot", FLOOR_LINE)
    pic.touch("end.far_leg.upper", ((x0, seat), (x1, seat)))
    pic.touch("end.near_leg.lower", "end.far_leg.upper")
    pic.touch("end.near_hand", "end.near_leg.upper")
    pic.touch("end.far_hand", "end.near_leg.upper")
    return pic
