"""Pictures of exercises done standing: the hamstring stretch (side view, heel on a step)
and the IT band / side stretch (front view: one arm over the head, legs crossed)."""

from __future__ import annotations

import math

from .body import ANKLE_UP, HAND_R, LEG_R, START, Body, arc_along, hand, side_foot
from .draw import TALL, Canvas, arc_arrow, block, floor, polar
from .front import FrontFigure, FrontLimb, front_body, hips, reach, shoulders
from .picture import Picture
from .skeleton import Leg, Pose, Proportions, reach_arm, side_figure, solve

FLOOR = 224.0
BODY = Proportions()
H = BODY.head_r
ANKLE_Y = FLOOR - ANKLE_UP * H
FLOOR_LINE = ((-400.0, FLOOR), (800.0, FLOOR))


def lerp(a: tuple[float, float], b: tuple[float, float], t: float) -> tuple[float, float]:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
BEND, CURVE = 28.0, 36.0  # the side bend: lean of the hips-shoulders line, turn of the spine
WALL = 7.3  # the IT band stretch: the wall this far (head radii) to the side of the feet
HAND_Y = 100.0  # the support hand on the wall at this height, in both positions
STEP_H = 1.8 * H  # a low step: its top between the ankle and the middle of the shin
HANDS_ON = 0.62  # the hamstring stretch: hands this far down the thigh (hip 0, knee 1), not on the shin


def _heel_drop(ankle: tuple[float, float], toe: float) -> float:
    """How far below the ankle the lowest point of a foot pointing `toe` degrees reaches."""
    probe = Body(H)
    side_foot(probe, "foot", ankle, toe, BODY.foot, H, START)
    return max(y for _, y in probe.outline("foot")) - ankle[1]


def hamstring_stretch() -> Picture:
    """Heel on a low step, knee straight, toes up; lean forward from the hips, hands on the
    thigh. Start (light): standing tall in the same place."""
    length = BODY.thigh + BODY.shin
    pelvis = (100.0, ANKLE_Y - length * 0.995)
    top = FLOOR - STEP_H
    toe = 72.0
    ankle_y = top - _heel_drop((0.0, 0.0), toe)
    reach_x = math.sqrt(max(1.0, (length * 0.995) ** 2 - (ankle_y - pelvis[1]) ** 2))
    ankle = (pelvis[0] + reach_x, ankle_y)

    def pose(trunk: float) -> Pose:
        thigh = math.degrees(math.atan2(pelvis[1] - ankle[1], ankle[0] - pelvis[0]))
        near = Leg(hip=thigh - trunk - 180, ankle=toe - thigh - 90, upper=0.995, lower=0.995)
        far = Leg(hip=90 - trunk)
        p = Pose(pelvis=pelvis, trunk=trunk, near_leg=near, far_leg=far, body=BODY)
        j = solve(p)
        hip, knee = j.near_leg[0], j.near_leg[1]
        on = polar(hip, thigh, math.dist(hip, knee) * HANDS_ON)
        wrist = polar(on, thigh + 90, (LEG_R[1] + HAND_R) * H * 1.05)
        return reach_arm(reach_arm(p, True, wrist), False, polar(wrist, thigh, -0.7 * H))

    end, start = pose(48.0), pose(88.0)
    pic = Picture("Hamstring stretch: standing, heel on a low step with the knee straight, "
                  "lean forward from the hips", side_figure(end), side_figure(start, START, START),
                  aspect=TALL)
    step_x = ankle[0] - 1.6 * H

    def props(c: Canvas) -> None:
        block(c, step_x, step_x + 5.5 * H, top, FLOOR, 2.5)
        floor(c, FLOOR, pelvis[0] - 4 * H, step_x + 7 * H)

    pic.props.append(props)
    head = solve(start).head
    radius = math.dist(pelvis, head) + 1.25 * H
    pic.marks.append(lambda c: arc_arrow(c, pelvis, radius, radius, 86, 56, 1.2 * H, 0.38 * H))
    pic.touch("end.far_foot", FLOOR_LINE)
    pic.touch("end.near_foot", ((step_x, top), (step_x + 5.5 * H, top)))
    pic.touch("end.near_hand", "end.near_leg.upper")
    return pic


def it_band_ql_stretch() -> Picture:
    """Legs crossed (the back leg lighter), both feet flat; one hand flat on a wall beside
    the figure for support, the other arm over the head reaching toward the wall, the trunk
    bent to that side. Start (light): standing tall, the same hand on the wall."""
    cx = 150.0
    length = (BODY.thigh + BODY.shin) * 0.985
    pelvis = (cx, ANKLE_Y - math.sqrt(length**2 - (1.6 * H) ** 2))
    a, b = BODY.upper_arm, BODY.forearm
    wall = cx + WALL * H  # the wall's face, on the side the trunk bends to

    def straight(name: str, hip: tuple[float, float], x: float, far: bool, toe: float) -> FrontLimb:
        """A straight leg from `hip` to the floor at x (a little foreshortened if need be)."""
        ankle = (x, ANKLE_Y)
        knee = lerp(hip, ankle, BODY.thigh / (BODY.thigh + BODY.shin))
        return FrontLimb(name, (hip, knee, ankle), "leg", "front", toe, far)

    def on_wall(shoulder: tuple[float, float], y: float) -> FrontLimb:
        """The support arm: the hand flat on the wall at height y, the elbow a little down."""
        wrist = (wall - 0.86 * H, y)
        for _ in range(3):  # the hand's tip on the wall face, whatever the forearm's slope
            arm = FrontLimb("left_arm", reach(shoulder, wrist, a, b, False, low=True))
            probe = Body(H)
            hand(probe, "hand", arm.joints[2], arm.joints[1], H, START)
            wrist = (wrist[0] + wall - max(x for x, _ in probe.outline("hand")), y)
        return FrontLimb("left_arm", reach(shoulder, wrist, a, b, False, low=True))

    def figure(bend: float, stretched: bool, curve: float = 0.0) -> FrontFigure:
        # a side bend is a C-curve: the spine turns `curve` degrees from the hips up, so the
        # chest leans more than the waist (`bend`: the lean of the line hips-shoulders)
        top = polar(pelvis, 90 - bend, BODY.trunk)
        left_hip, right_hip = hips(pelvis, top, H)
        back = straight("right_leg", left_hip, cx + 0.9 * H, True, -1)
        front = straight("left_leg", right_hip, cx - 0.9 * H, False, 1)
        sh = shoulders(pelvis, top, H, curve=curve)
        support = on_wall(sh[1], HAND_Y)
        if stretched:
            head = polar(top, arc_along(pelvis, top, 1.0, curve)[1], 1.55 * H)
            over = (head[0] + 1.2 * H, head[1] - 1.6 * H)
            up = FrontLimb("right_arm", reach(sh[0], over, a, b, True))
            return FrontFigure(pelvis, top, H, (back, front, up, support), ("right_leg",), curve=curve)
        down = FrontLimb("right_arm", reach(sh[0], (sh[0][0] - 0.5 * H, sh[0][1] + 0.95 * (a + b)),
                                            a, b, True))
        return FrontFigure(pelvis, top, H, (back, front, down, support), ("right_leg",))

    pic = Picture("IT band and side stretch: standing with one leg crossed behind the other and "
                  "one hand on a wall, reach the other arm over your head and lean to the side",
                  front_body(figure(BEND, True, CURVE)), front_body(figure(0, False), START, START),
                  aspect=TALL)
    raised = pic.outline("end.right_hand")
    wall_top = min(y for _, y in raised) - 0.6 * H

    def props(c: Canvas) -> None:
        block(c, wall, wall + 1.2 * H, wall_top, FLOOR, 1.5)
        floor(c, FLOOR, cx - 3.6 * H, wall + 1.2 * H)

    pic.props.append(props)
    # between the head, the raised hand and the wall: the way the trunk bends, inside the
    # figure's height (an arrow above it would shrink the figure in its frame)
    head = pic.outline("end.head")
    centre = (sum(x for x, _ in head) / len(head), sum(y for _, y in head) / len(head))
    radius = math.dist(pelvis, centre) + 1.75 * H
    pic.marks.append(lambda c: arc_arrow(c, pelvis, radius, radius, 52, 30, 1.1 * H, 0.36 * H))
    pic.touch("end.left_foot", FLOOR_LINE)
    pic.touch("end.right_foot", FLOOR_LINE)
    wall_face = ((wall, wall_top), (wall, FLOOR))
    pic.touch("end.left_hand", wall_face)
    pic.touch("start.left_hand", wall_face)
    return pic
