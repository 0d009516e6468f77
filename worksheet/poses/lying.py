"""Pictures of exercises done lying on the back, seen from the side: pelvic tilt and bridge.

The figure lies head to the left on a mat; its back, head, hands and feet rest on the mat
top (checked in tests through `Picture.contacts`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from .body import ANKLE_UP, HAND_R, START, Body, Polygon, side_torso
from .draw import PAPER, PROP_W, Canvas, Point, arc_arrow, arrow, block, floor, polar
from .picture import TOUCH, Picture
from .skeleton import Arm, Pose, Proportions, reach_leg, side_figure, solve

FLOOR = 224.0
MAT_TOP = FLOOR - 7.0
BODY = Proportions()
H = BODY.head_r
TILT = (30.0, 195.0)  # the pelvic tilt's arrow: from, to on its ellipse round the pelvis (degrees)
ROW = 4.75 * H  # the pelvic tilt's start lies this far above the end, on its own mat
ARCH = 1.6  # how far (head radii) the pelvic tilt's start lifts the low back off the mat
# the bridge's trunk slope and feet: shoulder, hip and knee on one straight line (the legs
# are too short for a steeper line with the feet flat)
BRIDGE = (202.0, 174.0)
FEET_X = 180.0  # feet near the buttocks: knees high, a figure less long and so larger
PELVIC_ASPECT = (1.45, 1.58)  # two low rows, start above end: the frame stays near its old shape


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


def _mat(*bodies: Body, top: float = MAT_TOP) -> tuple[float, float, list[Callable[[Canvas], None]]]:
    """A mat (on the floor) just longer than the figures lying on it: its ends and its drawing."""
    xs = [x for body in bodies for _, poly, _ in body.parts for x, _ in poly]
    x0, x1 = min(xs) - 0.3 * H, max(xs) + 0.3 * H

    def draw(c: Canvas) -> None:
        block(c, x0, x1, top, top + FLOOR - MAT_TOP, 3.5)
        floor(c, top + FLOOR - MAT_TOP, x0, x1)
    return x0, x1, [draw]


def _on_mat(pic: Picture, which: str, parts: list[str], x0: float, x1: float, dy: float = 0.0
            ) -> None:
    for part in parts:
        pic.touch(f"{which}.{part}", ((x0, MAT_TOP + dy), (x1, MAT_TOP + dy)))


def underside(outline: Polygon, x: float) -> float:
    """The lowest point of an outline (y grows down) on the vertical line at x."""
    ys = [y1 + (x - x1) * (y2 - y1) / (x2 - x1)
          for (x1, y1), (x2, y2) in zip(outline, outline[1:] + outline[:1], strict=True)
          if (x1 - x) * (x2 - x) < 0]
    return max(ys, default=MAT_TOP)


def low_back_gap(body: Body, mat_top: float) -> Polygon:
    """The open space between the torso's underside and the mat (empty if it lies flat)."""
    torso = body.outline("torso")
    left, right = min(x for x, _ in torso), max(x for x, _ in torso)
    xs = [left + i for i in range(int(right - left))]
    under = [(x, underside(torso, x)) for x in xs if underside(torso, x) < mat_top - TOUCH]
    if len(under) < 2:
        return ()
    longest: list[Point] = []
    run: list[Point] = []
    for point in under:
        run = [*run, point] if run and point[0] - run[-1][0] <= 1.5 else [point]
        longest = run if len(run) > len(longest) else longest
    return (*longest, (longest[-1][0], mat_top - PROP_W), (longest[0][0], mat_top - PROP_W))


def hatch(outline: Polygon, spacing: float) -> list[tuple[Point, Point]]:
    """Diagonal lines (rising to the right) `spacing` apart, clipped to a closed outline:
    the shading of an open space, as in a technical drawing."""
    lows = [x + y for x, y in outline]
    segments = []
    c = min(lows) + spacing / 2
    while c < max(lows):
        cuts = []
        for (x1, y1), (x2, y2) in zip(outline, outline[1:] + outline[:1], strict=True):
            s1, s2 = x1 + y1 - c, x2 + y2 - c
            if (s1 < 0) != (s2 < 0):
                t = s1 / (s1 - s2)
                cuts.append((x1 + t * (x2 - x1), y1 + t * (y2 - y1)))
        cuts.sort()
        segments += [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
        c += spacing
    return segments


def pelvic_tilt() -> Picture:
    """Two rows: the start (dashed, above, on its own mat) lies with the low back arched off
    the mat, the air under it shaded; the end (solid, below) lies with the low back flat on
    the mat, and one curved arrow at its pelvis rocks it: the low back down."""
    pose = lying(60.0, 180.0, FEET_X)
    body = side_figure(pose)
    whole = side_figure(pose, START, START, arch=ARCH).moved(0.0, -ROW)
    # its arms lie on the mat beside it, drawn first: the shaded air under its back hides
    # them, so nothing crosses the gap
    arms = Body(H, [part for part in whole.parts if "_arm" in part[0]])
    arched = Body(H, [part for part in whole.parts if "_arm" not in part[0]],
                  {"head": whole.marks["head"]})  # no waistband: it would cross the gap
    hollow = low_back_gap(arched, MAT_TOP - ROW)
    x0, x1, mat = _mat(body)
    upper = _mat(arched, top=MAT_TOP - ROW)[2]
    pic = Picture("Pelvic tilt: lying on your back with knees bent, tighten your belly and "
                  "press your low back flat on the floor", body, arched, props=upper + mat,
                  aspect=PELVIC_ASPECT, under=("near_arm",))
    j = solve(pose)
    back = list(hollow[:-2])
    space = (*back, *[(x, MAT_TOP - ROW - PROP_W / 2) for x, _ in back[::-1]])

    def air(c: Canvas) -> None:
        arms.draw(c)
        c.shape(space, PAPER, None)
        for a, b in hatch(space, 0.45 * H):
            c.line([a, b], START.stroke, 0.12 * H)

    def rock(c: Canvas) -> None:
        center = (j.pelvis[0] - 0.7 * H, j.pelvis[1] + 0.4 * H)
        arc_arrow(c, center, 1.7 * H, 2.0 * H, TILT[0], TILT[1], 1.1 * H, 0.36 * H)

    pic.props.append(air)
    pic.marks.append(rock)
    _on_mat(pic, "end", ["torso", "head", "near_foot", "far_foot", "near_hand"], x0, x1)
    _on_mat(pic, "start", ["head", "near_foot", "far_foot", "near_hand"], x0, x1, -ROW)
    return pic


def bridge_pose() -> Pose:
    """The bridge's end: hips lifted, shoulders on the mat, feet flat."""
    return lying(70.0, *BRIDGE)


def bridge() -> Picture:
    """Start (dashed): lying flat; end: hips lifted in a straight line from shoulders to knees.

    The flat start is drawn behind the lifted end figure, white, so it shows only in the space
    under the hips: its trunk and near leg (head, arms and feet stay put). The arms lie along
    the mat behind both trunks, so that nothing crosses that space but the arrow."""
    end = bridge_pose()
    body, flat = side_figure(end), side_figure(lying(70.0, 180.0, BRIDGE[1]), START, START)
    ghost = Body(H, [part for part in flat.parts if part[0].startswith(("torso", "near_leg"))])
    x0, x1, mat = _mat(body, ghost)
    pic = Picture("Bridge: lying on your back with knees bent and feet flat, lift your hips "
                  "off the floor", body, ghost, props=mat, under=("far_arm", "far_hand", "near_arm"))
    px, py = solve(end).pelvis
    px -= 0.3 * H

    def lift(c: Canvas) -> None:  # from the mat, where the hips were, up to the hip joint
        arrow(c, (px, MAT_TOP - 0.25 * H), (px, py + 0.1 * H), size=1.1 * H, width=0.36 * H)

    pic.marks.append(lift)
    _on_mat(pic, "end", ["torso", "head", "near_foot", "far_foot", "near_hand"], x0, x1)
    _on_mat(pic, "start", ["torso"], x0, x1)
    return pic
