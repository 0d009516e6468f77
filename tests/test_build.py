"""The built Lower Back Worksheet, read back as a reader would: text, pages, fonts, metadata."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from conftest import WORKSHEET, exercise, flat, page_texts, run_cli, write_files

from worksheet.content import load_library
from worksheet.model import Request
from worksheet.resolve import resolve

BuildFn = Callable[..., Path]
ALL_IDS = ["pelvic-tilt", "bridge", "seat-cushion", "piriformis-stretch", "trunk-rotation",
           "hamstring-stretch", "it-band-ql-stretch"]


def test_every_title_and_step_is_in_the_pdf(built: BuildFn) -> None:
    text = flat(" ".join(page_texts(built())))
    handout = resolve(load_library(), Request())
    assert [item.id for item in handout.items] == ALL_IDS
    assert "Lower Back Worksheet" in text
    for item in handout.items:
        assert item.title in text
        for step in item.steps:
            assert flat("".join(s.text for s in step)) in text
        for caution in item.cautions:
            assert flat("".join(s.text for s in caution)) in text


def test_dose_variables_are_filled_in(built: BuildFn) -> None:
    text = flat(" ".join(page_texts(built())))
    assert "{{" not in text and "}}" not in text
    assert "Hold for 30 seconds" in text  # piriformis: hold_seconds 30
    assert "Hold 30 seconds" in text  # its dose chip


@pytest.mark.parametrize(("paper", "size"), [("letter", (612, 792)), ("a4", (595.28, 841.89))])
def test_page_size(built: BuildFn, paper: str, size: tuple[float, float]) -> None:
    reader = pypdf.PdfReader(built("--paper", paper))
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(size[0], abs=0.5)
        assert float(box.height) == pytest.approx(size[1], abs=0.5)


def test_patient_name_and_date_are_printed(built: BuildFn) -> None:
    first = flat(page_texts(built("--patient", "Ana Ruiz", "--date", "2026-11-25"))[0])
    assert "Patient Ana Ruiz" in first
    assert "November 25, 2026" in first


def test_blank_patient_gives_lines_to_write_on(built: BuildFn) -> None:
    first = flat(page_texts(built())[0])
    assert "Patient Date" in first  # labels with nothing between: empty lines follow them


def _title_order(path: Path, titles: list[str]) -> list[str]:
    text = flat(" ".join(page_texts(path)))
    text = text[: text.index("Your exercise log")]  # the cards, not the log grid rows
    found = [(text.find(t), t) for t in titles if t in text]
    return [t for _, t in sorted(found)]


def test_only_sets_which_cards_and_their_order(built: BuildFn) -> None:
    titles = ["Bridge", "Pelvic Tilt", "Seated Trunk Rotation", "Standing Hamstring Stretch"]
    path = built("--only", "trunk-rotation,bridge,pelvic-tilt")
    assert _title_order(path, titles) == ["Seated Trunk Rotation", "Bridge", "Pelvic Tilt"]


def test_exclude_removes_cards(built: BuildFn) -> None:
    path = built("--exclude", "bridge,hamstring-stretch")
    text = flat(" ".join(page_texts(path)))
    assert "Bridge" not in text
    assert "Standing Hamstring Stretch" not in text
    assert "Seated Piriformis Stretch" in text


def test_disclosure_shown_by_default_and_can_be_hidden(built: BuildFn) -> None:
    shown = flat(" ".join(page_texts(built())))
    hidden = flat(" ".join(page_texts(built("--no-disclosure"))))
    assert "Sponsor disclosure" in shown and "Comfort Seat Co." in shown
    assert "commission" in shown
    assert "Sponsor disclosure" not in hidden and "Comfort Seat" not in hidden


def test_disclosure_goes_with_its_item(built: BuildFn) -> None:
    text = flat(" ".join(page_texts(built("--exclude", "seat-cushion"))))
    assert "Sponsor disclosure" not in text  # nothing sponsored is left on the sheet


def test_log_grid_has_weekdays_and_a_row_per_exercise(built: BuildFn) -> None:
    path = built("--only", "bridge,pelvic-tilt")
    text = flat(" ".join(page_texts(path)))
    log = text[text.index("Your exercise log"):]
    assert "Week 1" in log and "Week 2" in log and "Week 3" not in log
    for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        assert log.count(day) == 2  # one header per week
    assert log.count("Bridge") == 2 and log.count("Pelvic Tilt") == 2
    assert log.count("Pain (0-10)") == 2
    assert "Standing Hamstring Stretch" not in log


def test_every_font_is_embedded_and_no_standard_font_is_used(built: BuildFn) -> None:
    reader = pypdf.PdfReader(built("--patient", "Zoë Łukasz Ørsted"))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
        assert "Helvetica" not in name and "Times" not in name


def test_metadata(built: BuildFn) -> None:
    reader = pypdf.PdfReader(built("--brand", "harbor"))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Lower Back Worksheet"
    assert meta.author == "Harbor Spine & Sports Clinic"
    assert meta.subject == "Home exercises for low back pain"
    assert "low back pain" in str(meta.get("/Keywords"))
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


def _page_numbers(path: Path) -> None:
    texts = page_texts(path)
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {number} of {total}"]


def test_page_x_of_y_on_the_demo(built: BuildFn) -> None:
    _page_numbers(built())


def test_page_x_of_y_on_a_one_page_sheet(tmp_path: Path) -> None:
    write_files(tmp_path, {"exercises/wall-push.md": exercise(), "worksheets/tiny.yaml": WORKSHEET})
    out = tmp_path / "tiny.pdf"
    assert run_cli("build", "tiny", "--content", tmp_path, "-o", out).exit_code == 0
    assert len(page_texts(out)) == 1
    _page_numbers(out)


def test_page_x_of_y_on_a_three_page_sheet(built: BuildFn) -> None:
    path = built("--only", "pelvic-tilt,bridge,piriformis-stretch")
    assert len(page_texts(path)) == 3
    _page_numbers(path)


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (a, b):
        assert run_cli("build", "--patient", "Ana", "--date", "2026-11-25", "-o", out).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_default_output_is_out_worksheet_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("build")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "lower-back.pdf").stat().st_size > 1000


def test_clinic_content_adds_and_wins(tmp_path: Path) -> None:
    write_files(tmp_path, {"exercises/bridge.md": exercise("bridge", "Clinic Bridge"),
                           "exercises/wall-push.md": exercise()})
    out = tmp_path / "x.pdf"
    result = run_cli("build", "--content", tmp_path, "--only", "bridge,wall-push", "-o", out)
    assert result.exit_code == 0, result.stderr
    text = flat(" ".join(page_texts(out)))
    assert "Clinic Bridge" in text and "Wall Push" in text


def test_list_shows_worksheets_and_exercises() -> None:
    result = run_cli("list")
    assert result.exit_code == 0
    for name in ("lower-back", "Lower Back Worksheet", *ALL_IDS, "Lying on your back", "harbor"):
        assert name in result.stdout


def test_check_passes_on_the_bundled_content() -> None:
    result = run_cli("check")
    assert result.exit_code == 0, result.stderr
    assert "7 exercises" in result.stdout


def test_reused_layout_gives_the_same_bytes_as_a_fresh_one(tmp_path: Path) -> None:
    """Cards are laid out once per process and reused: reuse must not change a byte."""
    import subprocess
    import sys

    from worksheet.layout import render_pdf

    library = load_library()
    first = Request(patient="Ana", brand="harbor", paper="a4", doses=(("bridge", "reps", "7"),))
    others = [Request(patient="Bo"), Request(patient="Cy", brand="harbor"), Request(patient="Di", paper="a4"),
              Request(patient="Ed", grayscale=True, doses=(("bridge", "reps", "8"),))]
    warm = [render_pdf(resolve(library, r)) for r in (first, *others, first)]
    assert warm[0] == warm[-1]
    assert len(set(warm[:-1])) == len(warm) - 1  # every variant really differs
    out = tmp_path / "fresh.pdf"
    command = [sys.executable, "-m", "worksheet", "build", "--patient", "Ana", "--brand", "harbor",
               "--paper", "a4", "--dose", "bridge.reps=7", "-o", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    assert out.read_bytes() == warm[0]


@pytest.mark.parametrize("second", ["Bo Li", "Zoë Ørsted-Łukasz", "Ольга Δημήτρης"])
def test_replayed_handout_equals_a_fresh_build(tmp_path: Path, second: str) -> None:
    """A second patient on the same layout replays the first one's pages: same bytes as a full build."""
    import subprocess
    import sys

    from worksheet.layout import render_pdf

    library = load_library()
    render_pdf(resolve(library, Request(patient="Ana Ruiz", brand="harbor")))
    replayed = render_pdf(resolve(library, Request(patient=second, brand="harbor")))
    out = tmp_path / "fresh.pdf"
    subprocess.run([sys.executable, "-m", "worksheet", "build", "--patient", second, "--brand", "harbor",
                    "-o", str(out)], check=True, capture_output=True)
    assert replayed == out.read_bytes()
    first_page = flat(page_texts(out)[0])
    assert f"Patient {second}" in first_page and "Ana Ruiz" not in first_page


def test_a_new_date_replays_the_layout_and_equals_a_fresh_build(tmp_path: Path) -> None:
    """The date is drawn at save time like the name: rows on other dates replay the same layout."""
    import datetime as dt
    import subprocess
    import sys

    from worksheet.layout import render_pdf, replay

    library = load_library()
    render_pdf(resolve(library, Request(patient="Ana", date=dt.date(2026, 11, 25), paper="a4")))
    layouts = len(replay._RECORDINGS)
    replayed = render_pdf(resolve(library, Request(patient="Bo", date=dt.date(2026, 12, 3), paper="a4")))
    assert len(replay._RECORDINGS) == layouts  # replayed, not laid out again
    out = tmp_path / "fresh.pdf"
    subprocess.run([sys.executable, "-m", "worksheet", "build", "--patient", "Bo", "--date", "2026-12-03",
                    "--paper", "a4", "-o", str(out)], check=True, capture_output=True)
    assert replayed == out.read_bytes()
    assert pypdf.PdfReader(out).metadata["/CreationDate"].startswith("D:20261203")
