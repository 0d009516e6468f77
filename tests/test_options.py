"""Making it theirs: doses, clinic worksheets, brands, layouts, large print, grayscale, margins.

Each option is checked through the CLI and through a batch row, on the built PDF.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from conftest import exercise, flat, page_texts, run_cli, write_files

from worksheet.starters import PLACEHOLDERS

BuildFn = Callable[..., Path]
INCH = 72.0


def batch_one(tmp_path: Path, row: dict[str, object]) -> Path:
    """Build one row through `worksheet batch` and return its PDF."""
    rows = tmp_path / "rows.json"
    rows.write_text(json.dumps([{"output": "row", **row}]), encoding="utf-8")
    result = run_cli("batch", rows, "--out", tmp_path / "dist", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    return tmp_path / "dist" / "row.pdf"


def text_of(path: Path) -> str:
    return flat(" ".join(page_texts(path)))


# --- doses -----------------------------------------------------------------------------------

def test_dose_override_changes_chips_and_step_text(built: BuildFn, tmp_path: Path) -> None:
    for path in (built("--dose", "bridge.reps=12", "--dose", "piri.hold_seconds=45"),
                 batch_one(tmp_path, {"dose.bridge.reps": 12, "dose.piri.hold_seconds": "45"})):
        text = text_of(path)
        assert "Repeat 12 times" in text  # the bridge's chip
        assert "Lower slowly. Repeat 12 times." in text  # its step text
        assert "Hold 45 seconds" in text and "Hold for 45 seconds" in text  # piriformis, by prefix
        assert "Repeat 10 times. Repeat" not in text


def test_dose_the_text_does_not_mention_still_shows_as_a_chip(built: BuildFn) -> None:
    text = text_of(built("--dose", "bridge.sets=2", "--only", "bridge"))
    assert "2 sets" in text


@pytest.mark.parametrize(("option", "message"), [
    ("bridge.reps=-3", "dose.bridge.reps: must be 1 or more"),
    ("bridge.reps=0", "dose.bridge.reps: must be 1 or more"),
    ("bridge.reps=ten", 'dose.bridge.reps: must be a whole number (got "ten")'),
    ("bridge.speed=3", "dose.bridge.speed: is not a known field"),
    ("p.reps=3", "matches several exercises"),
    ("nope.reps=3", "no exercise 'nope' on this sheet"),
    ("bridge.reps", "--dose must look like bridge.reps=12"),
])
def test_bad_dose_is_one_line_and_exit_2(tmp_path: Path, option: str, message: str) -> None:
    out = tmp_path / "x.pdf"
    result = run_cli("build", "--dose", option, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and message in result.stderr
    assert not out.exists()


# --- a clinic's worksheet file ---------------------------------------------------------------

CLINIC_SHEET = """
title: Ana's Back Plan
intro: Do these after your walk.
items:
  - hamstring-stretch
  - id: wall-push
    note: Do this one on your left side only.
  - id: bridge
    dose: {reps: 6}
safety:
  stop_if: [Pain spreads down a leg.]
log: {weeks: 3, days: [mon, wed, fri], pain_row: false}
"""


def test_clinic_worksheet_file_sets_order_notes_and_grid(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "clinic", {"exercises/wall-push.md": exercise(),
                                               "worksheets/ana.yaml": CLINIC_SHEET})
    by_path = tmp_path / "p.pdf"
    result = run_cli("build", folder / "worksheets" / "ana.yaml", "--content", folder, "-o", by_path)
    assert result.exit_code == 0, result.stderr
    text = text_of(by_path)
    assert "Ana's Back Plan" in text and "Do these after your walk." in text
    cards = text[: text.index("Your exercise log")]
    assert cards.index("Standing Hamstring Stretch") < cards.index("Wall Push") < cards.index("Bridge")
    assert "Note from your clinician: Do this one on your left side only." in text
    assert "Repeat 6 times" in text
    log = text[text.index("Your exercise log"):]
    assert "Week 3" in log and "Week 4" not in log
    assert "Mon" in log and "Wed" in log and "Fri" in log and "Tue" not in log and "Sun" not in log
    assert "Pain (0-10)" not in log


def test_clinic_worksheet_from_a_batch_row(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "clinic", {"exercises/wall-push.md": exercise(),
                                               "worksheets/ana.yaml": CLINIC_SHEET})
    rows = tmp_path / "rows.json"
    rows.write_text(json.dumps([{"output": "a", "worksheet": "ana"}]), encoding="utf-8")
    result = run_cli("batch", rows, "--out", tmp_path / "d", "--content", folder, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert "Note from your clinician" in text_of(tmp_path / "d" / "a.pdf")


def test_new_files_pass_check_and_are_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    assert run_cli("new", "exercise", "wall-slide", "--content", folder).exit_code == 0
    assert run_cli("new", "worksheet", "my-sheet", "--content", folder).exit_code == 0
    assert "placeholder" in run_cli("check", "--content", folder).stderr  # until they are written
    for path in (folder / "exercises" / "wall-slide.md", folder / "worksheets" / "my-sheet.yaml"):
        text = path.read_text(encoding="utf-8")
        for sentence in PLACEHOLDERS:
            text = text.replace(sentence, "Our own words.")
        path.write_text(text, encoding="utf-8")
    checked = run_cli("check", "--content", folder)
    assert checked.exit_code == 0, checked.stderr
    assert "8 exercises" in checked.stdout
    before = (folder / "exercises" / "wall-slide.md").read_bytes()
    again = run_cli("new", "exercise", "wall-slide", "--content", folder)
    assert again.exit_code == 2 and "already exists; not overwritten" in again.stderr
    assert (folder / "exercises" / "wall-slide.md").read_bytes() == before
    assert run_cli("new", "exercise", "Bad Name", "--content", folder).exit_code == 2
    out = tmp_path / "s.pdf"
    assert run_cli("build", "my-sheet", "--content", folder, "-o", out).exit_code == 0
    assert "My Sheet" in text_of(out)


# --- brands ----------------------------------------------------------------------------------

def render_page(path: Path, page: int = 0) -> object:
    pdf = pdfium.PdfDocument(str(path))
    return pdf[page].render(scale=1).to_pil().convert("RGB")


def test_clinic_brand_name_colour_logo_and_fallbacks(tmp_path: Path) -> None:
    from PIL import Image

    folder = tmp_path / "clinic"
    write_files(folder, {"brands/acme.yaml": 'clinic: Acme Physio\nprimary: "#2d6a2d"\nlogo: acme.png\n'})
    logo = Image.new("RGB", (200, 200), (250, 250, 250))
    logo.paste((200, 30, 30), (50, 50, 150, 150))
    logo.save(folder / "brands" / "acme.png")
    for path in (tmp_path / "b.pdf", None):
        if path is None:
            rows = tmp_path / "rows.json"
            rows.write_text(json.dumps([{"output": "acme", "brand": "acme"}]), encoding="utf-8")
            assert run_cli("batch", rows, "--out", tmp_path / "d", "--content", folder, "--jobs", "1"
                           ).exit_code == 0
            path = tmp_path / "d" / "acme.pdf"
        else:
            assert run_cli("build", "--brand", "acme", "--content", folder, "-o", path).exit_code == 0
        image = render_page(path)
        assert image.getpixel((image.width // 2, 40)) == pytest.approx((0x2D, 0x6A, 0x2D), abs=3)  # type: ignore[attr-defined]
        reds = sum(1 for x in range(45, 90) for y in range(40, 90) if image.getpixel((x, y))[0] > 150  # type: ignore[attr-defined]
                   and image.getpixel((x, y))[1] < 80)  # type: ignore[attr-defined]
        assert reds > 100  # the logo's red square
        text = text_of(path)
        assert "Acme Physio" in text
        assert "Phone: (555) 010-0100" in text  # contact lines fall back to the default brand's


@pytest.mark.parametrize(("colour", "field"), [("#ffe14d", "primary"), ("#777777", "primary")])
def test_low_contrast_brand_colour_is_refused(tmp_path: Path, colour: str, field: str) -> None:
    folder = write_files(tmp_path / "clinic", {"brands/pale.yaml": f'clinic: Pale\n{field}: "{colour}"\n'})
    out = tmp_path / "x.pdf"
    result = run_cli("build", "--brand", "pale", "--content", folder, "-o", out)
    if colour == "#ffe14d":  # yellow: dark text on it reads well, so it is accepted
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 2
    assert "brands/pale.yaml:2: primary: text on #777777 has a contrast of" in result.stderr
    assert not out.exists()


def test_light_accent_is_required_for_chip_text(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "clinic", {"brands/dim.yaml": 'clinic: Dim\naccent: "#555555"\n'})
    result = run_cli("check", "--content", folder)
    assert result.exit_code == 2 and "accent: text on #555555" in result.stderr


def test_brand_with_its_own_font(tmp_path: Path) -> None:
    import shutil

    from worksheet.roots import bundled_root

    folder = tmp_path / "clinic"
    (folder / "brands" / "fonts").mkdir(parents=True)
    for face in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        shutil.copy(bundled_root().fonts / face, folder / "brands" / "fonts" / face)
    brand = ("clinic: Own Font Clinic\nfont:\n"
             "  regular: fonts/DejaVuSans.ttf\n  bold: fonts/DejaVuSans-Bold.ttf\n")
    write_files(folder, {"brands/own.yaml": brand})
    out = tmp_path / "f.pdf"
    result = run_cli("build", "--brand", "own", "--content", folder, "-o", out)
    assert result.exit_code == 0, result.stderr
    with pdfplumber.open(out) as pdf:
        names = {c["fontname"].split("+")[-1] for c in pdf.pages[0].chars}
    assert names and all(n.startswith("DejaVuSans") for n in names), names


def test_missing_brand_font_file_names_it(tmp_path: Path) -> None:
    brand = "clinic: X\nfont:\n  regular: a.ttf\n  bold: b.ttf\n"
    folder = write_files(tmp_path / "clinic", {"brands/own.yaml": brand})
    result = run_cli("check", "--content", folder)
    assert result.exit_code == 2
    assert "font.regular: file not found" in result.stderr and "a.ttf" in result.stderr


# --- layouts and print options ---------------------------------------------------------------

CARD_TITLES = ("Pelvic Tilt", "Bridge", "Seat Cushion", "Piriformis", "Trunk Rotation", "Hamstring",
               "QL Side")


def title_lefts(page: pdfplumber.page.Page) -> dict[str, float]:
    """Where each card title on the page starts (its first word's x0)."""
    words = page.extract_words(extra_attrs=["size"])
    found = {}
    for title in CARD_TITLES:
        first, *rest = title.split()
        for index, word in enumerate(words):
            following = [w["text"] for w in words[index + 1:index + 1 + len(rest)]]
            if word["text"] == first and following == rest and word["size"] > 11.5:  # a heading, not a row
                found[title] = word["x0"]
    return found


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_compact_fits_the_seven_and_the_log_on_two_pages(built: BuildFn, paper: str) -> None:
    compact = built("--layout", "compact", "--paper", paper)
    assert len(page_texts(compact)) == 2 < len(page_texts(built("--paper", paper)))
    with pdfplumber.open(compact) as pdf:
        placed = [title_lefts(page) for page in pdf.pages]
        assert sorted(t for page in placed for t in page) == sorted(CARD_TITLES)  # each card once, whole
        for page, titles in zip(pdf.pages, placed, strict=True):  # cards in both columns of each page
            assert min(titles.values()) < page.width / 2 < max(titles.values())
        last = pdf.pages[-1].extract_text()
        assert "Your exercise log" in last and "Sponsor disclosure" in last
        body = [c for page in pdf.pages for c in page.chars
                if c["text"].strip() and c["top"] < page.height - 90]  # above the footer
        assert min(round(c["size"], 2) for c in body) >= 11  # two pages, still at least 11 pt


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_compact_in_spanish_is_two_pages_too(built: BuildFn, paper: str) -> None:
    compact = built("--layout", "compact", "--paper", paper, "--lang", "es")
    pages = page_texts(compact)
    assert len(pages) == 2 and "Su registro de ejercicios" in pages[1]
    with pdfplumber.open(compact) as pdf:
        words = [w["text"] for w in pdf.pages[1].extract_words()]
    assert words.count("Dom") == 2  # the widest day name fits its cell, in both weeks
    assert "Estiramiento de banda IT y CL" in flat(pages[1])  # a log row name on one line


def test_compact_later_pages_have_a_slim_band(built: BuildFn) -> None:
    compact = built("--layout", "compact")
    first, second = (render_page(compact, n) for n in (0, 1))
    # 0.55 in into the band: the full band on page 1, paper under the slim one on page 2
    x, y = first.width // 2, round((0.5 + 0.55) * INCH)  # type: ignore[attr-defined]
    assert first.getpixel((x, y)) != (255, 255, 255)  # type: ignore[attr-defined]
    assert second.getpixel((x, y)) == (255, 255, 255)  # type: ignore[attr-defined]
    pages = page_texts(compact)
    assert all("Worksheet Physical Therapy" in text for text in pages)
    assert "Your physical therapist" in pages[0] and "Your physical therapist" not in pages[1]


def test_compact_from_a_batch_row(tmp_path: Path) -> None:
    assert len(page_texts(batch_one(tmp_path, {"layout": "compact"}))) == 2


def font_sizes(path: Path) -> set[float]:
    with pdfplumber.open(path) as pdf:
        return {round(c["size"], 1) for page in pdf.pages for c in page.chars if c["text"].strip()}


def test_large_print_has_no_text_under_16_pt(built: BuildFn, tmp_path: Path) -> None:
    for path in (built("--large-print"), batch_one(tmp_path, {"large_print": "yes"})):
        assert min(font_sizes(path)) >= 16
    assert min(font_sizes(built())) >= 9.5  # the normal sheet: footer 9.5, body 11 and up


def test_normal_body_text_is_at_least_11_pt(built: BuildFn) -> None:
    with pdfplumber.open(built()) as pdf:
        body = [c for page in pdf.pages for c in page.chars
                if c["text"].strip() and c["top"] < page.height - 90]  # above the footer
    assert min(round(c["size"], 2) for c in body) >= 11  # (pdfplumber reads 10.99999…)


def coloured_pixels(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    count = 0
    for index in range(len(pdf)):
        data = pdf[index].render(scale=0.5).to_pil().convert("RGB").tobytes()
        count += sum(1 for i in range(0, len(data), 3)
                     if max(data[i:i + 3]) - min(data[i:i + 3]) > 12)
    return count


def test_grayscale_has_no_coloured_pixels(built: BuildFn, tmp_path: Path) -> None:
    assert coloured_pixels(built()) > 1000  # the normal sheet is in colour
    assert coloured_pixels(built("--grayscale", "--brand", "harbor")) == 0
    assert coloured_pixels(batch_one(tmp_path, {"grayscale": True})) == 0


def test_no_header_band_leaves_the_band_out(built: BuildFn, tmp_path: Path) -> None:
    for path in (built("--no-header-band"), batch_one(tmp_path, {"header_band": "no"})):
        image = render_page(path)
        assert image.getpixel((image.width // 2, 40)) == (255, 255, 255)  # type: ignore[attr-defined]
        assert "Worksheet Physical Therapy" not in page_texts(path)[0].split("Page 1")[0][:40]


@pytest.mark.parametrize("args", [("--paper", "letter"), ("--paper", "a4"), ("--large-print",),
                                  ("--paper", "a4", "--large-print"), ("--layout", "compact")])
def test_no_text_or_drawing_in_the_half_inch_margin(built: BuildFn, args: tuple[str, ...]) -> None:
    edge = 0.5 * INCH
    with pdfplumber.open(built(*args)) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                assert char["x0"] >= edge and char["x1"] <= page.width - edge, char["text"]
                assert char["top"] >= edge and char["bottom"] <= page.height - edge, char["text"]
            for shape in (*page.rects, *page.lines, *page.curves):
                assert shape["x0"] >= edge - 0.5 and shape["x1"] <= page.width - edge + 0.5
                assert shape["top"] >= edge - 0.5 and shape["bottom"] <= page.height - edge + 0.5


def test_print_hint_in_the_footer(built: BuildFn) -> None:
    for text in page_texts(built()):
        assert "Print at 100% (actual size)" in text
