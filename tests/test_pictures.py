"""The pose pictures as a patient meets them: bodies resting on what they rest on, figures
filling their frames, tones that survive a photocopier, captions and descriptions."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pdfplumber
import pikepdf
import pytest
from conftest import exercise as exercise_file
from conftest import run_cli, write_files

from worksheet.content import load_library
from worksheet.poses import POSES
from worksheet.poses.draw import PAPER, PHOTOCOPY_FLOOR, luminance
from worksheet.poses.picture import TOUCH, gap, sinks

ROOT = Path(__file__).resolve().parent.parent
ART = ROOT / "assets" / "illustrations"
IDS = sorted(POSES)
# the least width (inches) of a picture in the detailed and compact layouts: the detailed
# card's picture (a standing figure as tall as 1.9 in allows) beside the title, position and dose; compact's
# two columns on two pages
DETAILED_LEAST, COMPACT_LEAST = 1.5, 0.65


@pytest.mark.parametrize("pose_id", IDS)
def test_every_contact_point_lies_on_its_surface(pose_id: str) -> None:
    pic = POSES[pose_id]()
    assert len(pic.contacts) >= 3, "feet, hands or back should rest on something"
    for part, surface in pic.contacts:
        outline = pic.outline(part)
        target = pic.outline(surface) if isinstance(surface, str) else surface
        assert gap(outline, target) <= TOUCH, f"{part} floats off {surface}"
        if not isinstance(surface, str) and surface[0][1] == surface[1][1]:
            assert sinks(outline, surface) <= TOUCH, f"{part} sinks into {surface}"


def _box(points: list[tuple[float, float]]) -> tuple[float, float]:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return max(xs) - min(xs), max(ys) - min(ys)


@pytest.mark.parametrize("pose_id", IDS)
def test_figure_fills_its_frame(pose_id: str) -> None:
    pic = POSES[pose_id]()
    _, _, frame_w, frame_h = pic.canvas().frame()
    bodies = [pic.end] + ([pic.start] if pic.start else [])
    figure = [p for body in bodies for _, poly, _ in body.parts for p in poly]
    width, height = _box(figure)
    assert width >= 0.85 * frame_w or height >= 0.85 * frame_h, (width / frame_w, height / frame_h)


def _colours(svg: str) -> set[str]:
    return set(re.findall(r'(?:fill|stroke)="(#[0-9A-Fa-f]{6})"', svg)) - {PAPER}


@pytest.mark.parametrize("name", sorted(p.name for p in ART.glob("*.svg")))
def test_no_stroke_or_fill_lighter_than_a_photocopier_keeps(name: str) -> None:
    colours = _colours((ART / name).read_text(encoding="utf-8"))
    assert colours
    light = [c for c in colours if luminance(c) > PHOTOCOPY_FLOOR]
    assert not light, f"{name}: {light} would vanish on a copy"


@pytest.mark.parametrize("pose_id", IDS)
def test_far_side_and_start_position_are_lighter_than_the_near_side(pose_id: str) -> None:
    pic = POSES[pose_id]()
    near = {tone.stroke for name, _, tone in pic.end.parts if name in ("torso", "head")}
    behind = {tone.stroke for name, _, tone in pic.end.parts
              if name.startswith("far_") or tone.stroke not in near}
    if pic.start:
        behind |= {tone.stroke for _, _, tone in pic.start.parts}
    assert behind, "something is behind: a far limb or the start position"
    assert min(luminance(c) for c in behind) > max(luminance(c) for c in near)


@pytest.mark.parametrize("pose_id", IDS)
def test_every_picture_shows_a_movement_or_a_check_mark(pose_id: str) -> None:
    pic = POSES[pose_id]()
    assert pic.marks, "an arrow on the moving part, or a check mark for a posture tip"
    kind = load_library().exercises[pose_id].kind
    assert (pic.start is None) == (kind == "tip")


def test_every_bundled_picture_is_described_in_each_language() -> None:
    library = load_library()
    for path in ART.glob("*.svg"):
        title = re.search(r"<title>(.+?)</title>", path.read_text(encoding="utf-8"))
        assert title and len(title.group(1).split()) >= 6, path.name
    exercises = [*library.exercises.values(), *library.translations.values()]
    for exercise in exercises:
        if getattr(exercise, "illustrations", ()):
            assert exercise.alt.endswith(".") and 6 <= len(exercise.alt.split()) <= 40, exercise.path
            assert 2 <= len(exercise.caption.split()) <= 4, exercise.path


def _figure_alts(path: Path) -> list[str]:
    alts = []
    with pikepdf.open(path) as pdf:
        def walk(element: pikepdf.Dictionary) -> None:
            if element.get("/S") == "/Figure" and "/Alt" in element:
                alts.append(str(element.Alt))
            kids = element.get("/K", pikepdf.Array())
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)
        walk(pdf.Root.StructTreeRoot)
    return alts


@pytest.mark.parametrize(("args", "exercise", "caption"), [
    ((), "pelvic-tilt", "Flatten your low back"),
    (("--lang", "es"), "bridge", "Levante la cadera"),
])
def test_pdf_carries_each_pictures_description_and_prints_its_caption(
        built: Callable[..., Path], args: tuple[str, ...], exercise: str, caption: str) -> None:
    pdf = built("--patient", "", *args)
    library = load_library()
    lang = args[1] if args else "en"
    source = library.exercises[exercise] if lang == "en" else library.translations[(exercise, lang)]
    assert source.alt in _figure_alts(pdf)
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            words = page.extract_words(extra_attrs=["size", "fontname"])
            text = " ".join(w["text"] for w in words)
            if caption in text:
                first = caption.split()[0]
                sizes = [w["size"] for w in words if w["text"] == first and "Bold" in w["fontname"]]
                body = max(set(w["size"] for w in words), key=[w["size"] for w in words].count)
                assert sizes and max(sizes) >= body >= 11, "the caption is printed at body size or larger"
                break
        else:
            pytest.fail(f"caption {caption!r} not printed")


def _picture_size(pdf: Path, title: str) -> tuple[float, float]:
    """The width and height (in inches) of the drawing left of a card's title on the page
    that has it."""
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            hits = [w for w in page.extract_words() if w["text"] == title]
            if not hits:
                continue
            left, top = hits[0]["x0"], hits[0]["top"]
            shapes = [o for o in page.curves + page.lines + page.rects
                      if o["x1"] < left and top - 20 < o["top"] < top + 200 and o["x0"] > 40]
            return ((max(o["x1"] for o in shapes) - min(o["x0"] for o in shapes)) / 72,
                    (max(o["bottom"] for o in shapes) - min(o["top"] for o in shapes)) / 72)
    raise AssertionError(title)


class Drawn(NamedTuple):
    """One exercise picture as printed: its description, page, tagged box and inked box."""

    alt: str
    page: int
    box: tuple[float, float, float, float]
    ink: tuple[float, float, float, float]

    @property
    def width(self) -> float:
        """The picture's printed width in inches."""
        return (self.box[2] - self.box[0]) / 72


def _figures(path: Path) -> list[Drawn]:
    """Every exercise picture on the pages: the /BBox of its Figure element and the extent of
    the paths drawn in its marked content (top-down, as pdfplumber measures)."""
    library = load_library()
    sources = [*library.exercises.values(), *library.translations.values()]
    described = {getattr(e, "alt", None) for e in sources}
    found: dict[tuple[int, int], tuple[str, tuple[float, ...]]] = {}
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: n for n, page in enumerate(pdf.pages)}

        def walk(element: pikepdf.Dictionary) -> None:
            kids = element.get("/K", pikepdf.Array())
            kids = kids if isinstance(kids, pikepdf.Array) else [kids]
            if element.get("/S") == "/Figure" and str(element.get("/Alt", "")) in described:
                assert "/A" in element, f"{element.Alt}: a figure without its box"
                box = tuple(float(v) for v in element.A.BBox)
                for kid in kids:
                    assert isinstance(kid, int), "a picture is one marked-content sequence"
                    found[(pages[element.Pg.objgen], kid)] = (str(element.Alt), box)
                return
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)
        walk(pdf.Root.StructTreeRoot)
    drawn = []
    with pdfplumber.open(path) as doc:
        for (page, mcid), (alt, box) in found.items():
            sheet = doc.pages[page]
            paths = [o for o in sheet.curves + sheet.lines + sheet.rects if o.get("mcid") == mcid]
            assert paths, f"{alt}: nothing drawn"
            top = float(sheet.height)
            x0, y0, x1, y1 = box
            drawn.append(Drawn(alt, page, (x0, top - y1, x1, top - y0),
                               (min(o["x0"] for o in paths), min(o["top"] for o in paths),
                                max(o["x1"] for o in paths), max(o["bottom"] for o in paths))))
    return drawn


def _check_drawn(pictures: list[Drawn], least: float) -> None:
    """Every bundled exercise's picture printed, ``least`` inches wide or more, its paths inside
    its box and filling it (the box is the picture, not an empty frame)."""
    assert len(pictures) == len(load_library().exercises), [p.alt for p in pictures]
    for pic in pictures:
        (x0, y0, x1, y1), (i0, j0, i1, j1) = pic.box, pic.ink
        assert x0 - 1 <= i0 and y0 - 1 <= j0 and i1 <= x1 + 1 and j1 <= y1 + 1, (pic.alt, pic.box, pic.ink)
        assert i1 - i0 >= 0.85 * (x1 - x0) or j1 - j0 >= 0.85 * (y1 - y0), (pic.alt, pic.box, pic.ink)
        assert pic.width >= least, f"{pic.alt[:40]}: {pic.width:.2f} in wide on page {pic.page + 1}"


@pytest.mark.parametrize(("paper", "lang"), [("letter", "en"), ("a4", "en"), ("a4", "es"), ("letter", "es")])
def test_large_print_pictures_are_at_least_two_and_a_half_inches_wide(
        built: Callable[..., Path], paper: str, lang: str) -> None:
    pdf = built("--patient", "", "--large-print", "--paper", paper, "--lang", lang)
    _check_drawn(_figures(pdf), 2.5)


@pytest.mark.parametrize("args", [(), ("--paper", "a4", "--lang", "es"), ("--grayscale",)])
def test_detailed_pictures_are_printed_large(built: Callable[..., Path], args: tuple[str, ...]) -> None:
    _check_drawn(_figures(built("--patient", "", *args)), DETAILED_LEAST)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_compact_pictures_stay_legible(built: Callable[..., Path], paper: str) -> None:
    _check_drawn(_figures(built("--patient", "", "--layout", "compact", "--paper", paper)), COMPACT_LEAST)


def test_contact_sheet_shows_every_picture_with_its_caption(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "worksheet.poses", "--sheet"]
    subprocess.run([*run, str(tmp_path / "sheet.pdf")], check=True, capture_output=True)
    subprocess.run([*run, str(tmp_path / "bare.png"), "--bare"], check=True, capture_output=True)
    with pdfplumber.open(tmp_path / "sheet.pdf") as doc:
        text = " ".join(page.extract_text() for page in doc.pages)
    for exercise in load_library().exercises.values():
        assert exercise.caption in text
    assert (tmp_path / "bare.png").read_bytes()[:4] == b"\x89PNG"


def test_a_caption_too_long_to_sit_under_a_picture_is_one_clear_line(tmp_path: Path) -> None:
    text = exercise_file().replace("position: Standing", "position: Standing\ncaption: " + "word " * 12)
    folder = write_files(tmp_path / "clinic", {"exercises/wall-push.md": text})
    result = run_cli("build", "--content", folder, "--only", "wall-push", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2 and not (tmp_path / "x.pdf").exists()
    line = result.stderr.strip()
    assert "\n" not in line and "wall-push.md:5: caption:" in line and "40 characters" in line


def test_an_exercise_without_alt_text_is_described_by_its_svg_title(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "clinic", {"exercises/wall-push.md": exercise_file()})
    art = folder / "illustrations" / "wall-push.svg"
    art.parent.mkdir()
    art.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><title>A person '
                   'pushes against a wall.</title><rect width="40" height="30" fill="#777777"/></svg>')
    out = tmp_path / "x.pdf"
    assert run_cli("build", "--content", folder, "--only", "wall-push", "-o", out).exit_code == 0
    assert "A person pushes against a wall." in _figure_alts(out)


def test_pelvic_tilt_shows_the_low_back_gap_and_then_the_back_flat() -> None:
    """Two rows: the start (above, on its own mat) arches its low back off the mat (a wide, high
    hollow); the end (below) lies flat, and its curved arrow comes down onto the low back
    where the hollow was, not onto the belly or the knees."""
    from worksheet.poses.lying import MAT_TOP, ROW, H, low_back_gap

    pic = POSES["pelvic-tilt"]()
    assert pic.start is not None
    mats = {surface for part, surface in pic.contacts if part.startswith("start.")}
    assert mats and all(not isinstance(mat, str) and mat[0][1] == MAT_TOP - ROW for mat in mats)
    assert max(y for _, poly, _ in pic.start.parts for _, y in poly) < MAT_TOP - ROW + TOUCH, \
        "the start lies on its own mat, above the end"
    hollow = low_back_gap(pic.start, MAT_TOP - ROW)
    assert hollow and max(MAT_TOP - ROW - y for _, y in hollow) >= 1.4 * H, "no visible hollow at the start"
    assert _box(list(hollow))[0] >= 3.0 * H, "the hollow is a wide arch"
    end_gap = low_back_gap(pic.end, MAT_TOP)
    assert max([MAT_TOP - y for _, y in end_gap] + [0.0]) <= 0.4 * H, "the end's low back is flat"
    svg = pic.svg()
    hatch = [line for line in re.findall(r"<polyline [^>]+>", svg)
             if f'stroke="{pic.start.parts[0][2].stroke}"' in line and "dasharray" not in line]
    assert len(hatch) >= 6, "the air under the start's low back is shaded"
    head = _polygons(svg)[-1]  # the arrow's head is the last thing drawn
    tip = max(head, key=lambda p: p[1])
    xs = [x for x, _ in hollow]
    assert min(xs) < tip[0] < max(xs) and MAT_TOP - 0.5 * H < tip[1] <= MAT_TOP, "arrow onto the low back"
    assert sum(1 for _, y in head if y > tip[1] - 1) == 1, "the arrow points down"


def _polygons(svg: str) -> list[list[tuple[float, float]]]:
    return [[(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", points)]
            for points in re.findall(r'<polygon points="([^"]+)"', svg)]


@pytest.mark.parametrize("pose_id", [p for p in IDS if POSES[p]().start is not None])
def test_start_position_is_a_dark_dashed_outline_a_copier_keeps(pose_id: str) -> None:
    """A black-ink copier keeps the start's outline (no lighter than the photocopy floor); it is
    dashed on a white body, so it never merges with the solid end figure."""
    pic = POSES[pose_id]()
    assert pic.start is not None
    end_tones = {tone for _, _, tone in pic.end.parts}
    for name, _, tone in pic.start.parts:
        assert luminance(tone.stroke) <= PHOTOCOPY_FLOOR, (name, tone.stroke)
        assert tone.dash and tone not in end_tones, f"{name}: drawn like the end figure"
        assert tone.fill in (PAPER, "none"), f"{name}: a white (or open) body"
    assert not any(tone.dash for _, _, tone in pic.end.parts)
    svg = pic.svg()
    dashed = re.findall(r'stroke="(#[0-9A-F]{6})"[^>]*stroke-dasharray', svg)
    assert len(dashed) >= len(pic.start.parts)
    assert all(luminance(c) <= PHOTOCOPY_FLOOR for c in dashed)


def test_bridge_lifts_clear_of_the_flat_start_in_one_straight_line() -> None:
    """Shoulder, hip and knee on one line; the flat start is drawn behind the end (white, so
    the lifted figure stands clear of it) and the arrow rises from the mat to the hips."""
    from worksheet.poses.draw import heading
    from worksheet.poses.lying import MAT_TOP, bridge_pose
    from worksheet.poses.skeleton import solve

    j = solve(bridge_pose())
    shoulder, hip, knee = j.near_arm[0], j.pelvis, j.near_leg[1]
    assert abs(heading(shoulder, hip) - heading(hip, knee)) <= 4.0
    assert hip[1] < MAT_TOP - 2.2 * j.head_r, "the hips are off the mat"
    pic = POSES["bridge"]()
    assert pic.start is not None
    svg = pic.svg()
    start_at = svg.index(" ".join(_points(pic.start.outline("torso"))))
    assert start_at < svg.index(" ".join(_points(pic.end.outline("torso")))), "start behind the end"
    head = _polygons(svg)[-1]
    tip = min(head, key=lambda p: p[1])
    assert abs(tip[0] - hip[0]) < j.head_r and abs(tip[1] - hip[1]) < j.head_r, "the arrow lifts the hips"


def _points(outline: tuple[tuple[float, float], ...]) -> list[str]:
    from worksheet.poses.draw import pts

    return pts(outline, fine=True).split()[:3]


def test_trunk_rotation_turns_the_shoulders_and_head_against_square_hips() -> None:
    pic = POSES["trunk-rotation"]()
    assert pic.start is not None

    def width(body: object, lo: float, hi: float) -> float:
        torso = body.outline("torso")  # type: ignore[attr-defined]
        ys = [y for _, y in torso]
        top, bottom = min(ys), max(ys)
        band = [x for x, y in torso if top + lo * (bottom - top) <= y <= top + hi * (bottom - top)]
        return max(band) - min(band)

    assert width(pic.end, 0.0, 0.3) <= 0.7 * width(pic.start, 0.0, 0.3), "the shoulder line turns"
    assert width(pic.end, 0.8, 1.0) >= 0.95 * width(pic.start, 0.8, 1.0), "the hips stay square"
    eyes = [[kind for kind, _, _ in body.marks["head"]].count("dot") for body in (pic.end, pic.start)]
    assert eyes == [1, 2], "the head turns with the shoulders (a profile, one eye); it faced ahead"


def test_figure_4_front_view_shows_the_ankle_on_the_other_knee_and_the_forward_lean() -> None:
    """Seen from the front: the crossed ankle rests on top of the other knee, its own knee
    dropped out to the side and lower; the hands stay clear of the ankle; the end's head
    comes down (leaning forward) from where the start sits tall."""
    from worksheet.poses.seated import LEAN, _figure_4

    end = _figure_4(LEAN)
    limbs = {limb.name: limb for limb in end.limbs}
    hip, out, ankle = limbs["left_leg"].joints
    knee = limbs["right_leg"].joints[1]
    h = end.head_r
    assert abs(ankle[0] - knee[0]) < h and ankle[1] < knee[1], "the ankle rests on the knee"
    assert out[0] - hip[0] >= 1.0 * h and out[1] > ankle[1] + h, "that knee dropped out and down"
    pic = POSES["piriformis-stretch"]()
    assert ("end.left_leg.lower", "end.right_leg.lower") in pic.contacts
    for hand in ("end.left_hand", "end.right_hand"):
        assert min(math.dist(p, ankle) for p in pic.outline(hand)) > h, f"{hand} covers the ankle"
    tops = [min(y for _, y in pic.outline(f"{which}.head")) for which in ("start", "end")]
    assert tops[1] - tops[0] >= h, "the end leans forward: its head comes down"


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_compact_prints_each_caption_beside_its_picture_on_two_pages(
        built: Callable[..., Path], lang: str, paper: str) -> None:
    pdf = built("--patient", "", "--layout", "compact", "--lang", lang, "--paper", paper)
    library = load_library()
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 2
        words = [w for page in doc.pages for w in page.extract_words(extra_attrs=["size", "fontname"])]
    text = " ".join(w["text"] for w in words)
    for exercise_id in POSES:
        source = library.exercises[exercise_id] if lang == "en" else library.translations[(exercise_id, lang)]
        assert source.caption in text, source.caption
        first = [w for w in words if w["text"] == source.caption.split()[0] and "Bold" in w["fontname"]]
        assert first and max(w["size"] for w in first) >= 11, "compact's captions at its body size"


def _picture_height(pdf: Path, title: str) -> float:
    return _picture_size(pdf, title)[1]


def test_standing_pictures_get_a_taller_box_in_the_detailed_card(built: Callable[..., Path]) -> None:
    pdf = built("--patient", "")
    seated = _picture_height(pdf, "Rotation")
    for title in ("Hamstring", "IT"):
        assert _picture_height(pdf, title) >= max(1.45, seated + 0.1), title
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 5


def test_it_band_stretch_stands_on_both_feet_with_one_hand_on_a_wall() -> None:
    """Safety: no one-leg standing. Both feet rest flat on the floor, one hand rests on a wall
    (a vertical surface), the other hand is over the head."""
    pic = POSES["it-band-ql-stretch"]()
    floors = {part for part, surface in pic.contacts
              if not isinstance(surface, str) and surface[0][1] == surface[1][1]}
    assert {"end.left_foot", "end.right_foot"} <= floors
    soles = [max(y for _, y in pic.outline(f"end.{foot}")) for foot in ("left_foot", "right_foot")]
    assert abs(soles[0] - soles[1]) <= TOUCH, "one foot is lifted"
    walls = {part for part, surface in pic.contacts
             if not isinstance(surface, str) and surface[0][0] == surface[1][0]}
    assert "end.left_hand" in walls and "start.left_hand" in walls, "a hand on the wall, start and end"
    head_top = min(y for _, y in pic.outline("end.head"))
    assert max(y for _, y in pic.outline("end.right_hand")) < head_top, "the other arm over the head"


def test_hamstring_stretch_hands_rest_on_the_thigh_not_down_the_shin() -> None:
    """Both hands on the raised thigh, clear of the shin: leaning from the hips, not reaching
    down the leg (a rounded back)."""
    pic = POSES["hamstring-stretch"]()
    h = pic.end.head_r
    for hand in ("end.near_hand", "end.far_hand"):
        assert gap(pic.outline(hand), pic.outline("end.near_leg.upper")) <= TOUCH, f"{hand} off the thigh"
        assert gap(pic.outline(hand), pic.outline("end.near_leg.lower")) >= 0.3 * h, f"{hand} on the shin"


@pytest.mark.parametrize("name", sorted(p.name for p in ART.glob("*.svg")))
def test_no_hairline_strokes_and_dashes_bold_enough_to_copy(name: str) -> None:
    """Every stroke is at least 0.4 % of the picture's larger side (about 0.6 pt in the detailed
    card), a dashed one (the start position) 0.7 %: a copier keeps both, dashes and all."""
    svg = (ART / name).read_text(encoding="utf-8")
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    assert box, name
    side = max(float(v) for v in box.groups())
    for element in re.findall(r"<(?:polyline|polygon|path)[^>]+>", svg):
        width = re.search(r'stroke-width="([\d.]+)"', element)
        if width is None:
            continue
        floor = 0.007 if "dasharray" in element else 0.004
        assert float(width.group(1)) >= floor * side, f"{name}: {element[:80]} is a hairline"
