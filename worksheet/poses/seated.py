"""Pictures of exercises done sitting: seat cushion (side view), trunk rotation and the
figure-4 piriformis stretch (front view, where a twist and a crossed ankle can be seen)."""

from __future__ import annotations

import math
from collections.abc import Callable

from .body import ANKLE_UP, HAND_R, LEG_R, START, front_torso, side_torso
from .draw import (
    CUSHION,
    PAPER,
    PROP_LINE,
    Canvas,
    Point,
    arc_arrow,
    arc_back,
    arrow,
    block,
    check_mark,
    floor,
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
LEAN = 0.66  # a trunk leaning forward looks this much shorter from the front
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


PIRI_X = 150.0  # the figure-4: the hips centre


def _figure_4(lean: float) -> FrontFigure:
    """Front view on a stool: the picture-left foot flat on the floor; the other ankle resting
    on top of that knee, its knee dropped out to the side and lower, the shin across the
    front; the trunk shortened by a forward `lean` (1: sitting tall); one hand on the dropped
    knee, the other on the middle of the shin, both clear of the ankle."""
    cx = PIRI_X
    pelvis = _sitting_on(cx, _seat(cx), lean)
    top = (cx, pelvis[1] - BODY.trunk * lean)
    planted = _sitting_legs(cx, pelvis[1])[0]
    knee = planted.joints[1]
    ankle = (knee[0] - 0.2 * H, knee[1] - (LEG_R[1] + LEG_R[2]) * H * 0.9)
    out = (ankle[0] + 0.96 * BODY.shin, KNEE_Y + 0.9 * H)  # the dropped knee
    crossed = FrontLimb("left_leg", ((cx + 0.8 * H, pelvis[1]), out, ankle), "leg", "side", 200.0)
    a, b = BODY.upper_arm, BODY.forearm
    sh = shoulders(pelvis, top, H)
    up = (LEG_R[1] + HAND_R) * H * 0.95
    # one hand presses the dropped knee down from above, the other rests on the seat beside
    # the hip: neither arm crosses the leg
    on_knee = (out[0] + 0.3 * H, out[1] - up)
    on_seat = (cx - 3.5 * H, _seat(cx) - HAND_R * H - 0.55 * H)
    def arm(name: str, root: Point, hand_at: Point, left: bool) -> FrontLimb:
        # the arm comes toward us: drawn foreshortened, just longer than the way to the hand,
        # so its elbow bends a little outward and not up
        k = 1.08 * math.dist(root, hand_at) / (a + b)
        return FrontLimb(name, reach(root, hand_at, a * k, b * k, left))

    arms = (arm("right_arm", sh[0], on_seat, True), arm("left_arm", sh[1], on_knee, False))
    return FrontFigure(pelvis, top, H, (planted, crossed, *arms))


def piriformis_stretch() -> Picture:
    """Figure-4 seen from the front: one ankle resting on the other knee, that knee dropped
    out to the side, hands on the crossed leg, leaning forward from the hips with a straight
    back (the trunk looks shorter, the head comes down). Start (dashed): sitting tall."""
    end, start = _figure_4(LEAN), _figure_4(1.0)
    pic = Picture("Piriformis stretch: sitting, rest one ankle on the other knee, let that knee "
                  "drop out to the side, and lean forward from the hips with a straight back",
                  front_body(end), front_body(start, START, START),
                  [_front_chair(PIRI_X, _seat(PIRI_X), None)])
    # beside the heads, from the tall one down to the leaning one
    tall, low = pic.outline("start.head"), pic.outline("end.head")
    left = min(x for x, _ in tall) - 0.7 * H
    frm = (left, min(y for _, y in tall))
    to = (left + 0.2 * H, max(y for _, y in low))
    pic.marks.append(lambda c: arrow(c, frm, to, -1.0 * H, 1.1 * H, 0.36 * H))
    seat = ((PIRI_X - 3 * H, _seat(PIRI_X)), (PIRI_X + 3 * H, _seat(PIRI_X)))
    pic.touch("end.right_foot", FLOOR_LINE)
    pic.touch("end.torso", seat)
    pic.touch("end.left_leg.lower", "end.right_leg.lower")
    pic.touch("end.left_hand", "end.left_leg.upper")
    pic.touch("end.right_hand", ((PIRI_X - 3.8 * H, _seat(PIRI_X)), (PIRI_X + 3.8 * H, _seat(PIRI_X))))
    return pic
