"""Layouts with raster pictures replay too: a clinic's PNG logo and JPEG photos, and a QR code,
byte for byte the same as a fresh build in another process."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_files
from PIL import Image

from worksheet.content import load_library
from worksheet.layout import render_pdf, replay
from worksheet.model import Handout, Request
from worksheet.resolve import resolve


def _clinic(root: Path) -> Path:
    """A clinic with a PNG logo (with transparency) and a JPEG photo for each of two exercises,
    one of them with a video link (a QR code on its card)."""
    clinic = root / "clinic"
    write_files(clinic, {
        "brands/lakeside.yaml": 'clinic: Lakeside Physio\nlogo: logo.png\nprimary: "#1f5f8b"\n',
        "exercises/wall-push.md": """\
            ---
            id: wall-push
            title: Wall Push
            position: Standing
            dose: {reps: 10, times_per_day: 2}
            video: https://example.org/wall-push
            ---
            Makes your arms and upper back stronger.

            1. Stand facing a wall.
            2. Push away slowly.
            3. Do it {{ dose.reps }} times.

            > **Caution:** Stop if it hurts.
            """,
    })
    logo = Image.new("RGBA", (300, 300), (255, 255, 255, 0))
    logo.paste((31, 95, 139, 255), (30, 30, 270, 270))
    logo.save(clinic / "brands" / "logo.png")
    (clinic / "illustrations").mkdir()
    for name, colour in (("wall-push", (200, 80, 40)), ("bridge", (40, 120, 200))):
        photo = Image.new("RGB", (480, 360), colour)
        photo.paste((250, 250, 250), (100, 80, 380, 280))
        photo.save(clinic / "illustrations" / f"{name}.jpg", quality=85)
    return clinic


def _layout(handout: Handout) -> Handout:
    return dataclasses.replace(handout, patient="", date="", creation_date=None, warnings=())


@pytest.mark.parametrize("options", [(), ("--layout", "compact", "--paper", "a4"), ("--grayscale",)])
def test_raster_logo_photos_and_qr_replay_like_a_fresh_build(tmp_path: Path,
                                                             options: tuple[str, ...]) -> None:
    clinic = _clinic(tmp_path)
    library = load_library(clinic)
    settings = {"brand": "lakeside", "only": ("wall-push", "bridge")}
    if options:
        settings |= {"layout": "compact", "paper": "a4"} if "--layout" in options else {"grayscale": True}
    first = resolve(library, Request(patient="Ana Ruiz", **settings))  # type: ignore[arg-type]
    render_pdf(first)
    found = replay.recording(_layout(first))
    assert found is not None and found.images, "a layout with raster pictures was not recorded"
    replayed = render_pdf(resolve(library, Request(patient="Ольга Δημήτρης", **settings)))  # type: ignore[arg-type]
    out = tmp_path / "fresh.pdf"
    subprocess.run([sys.executable, "-m", "worksheet", "build", "--content", str(clinic),
                    "--brand", "lakeside", "--only", "wall-push,bridge", "--patient", "Ольга Δημήτρης",
                    *options, "-o", str(out)],
                   check=True, capture_output=True, env={**os.environ, "WORKSHEET_NO_CACHE": "1"})
    assert replayed == out.read_bytes()


def test_batch_rows_share_one_resolved_sheet_and_equal_single_builds(tmp_path: Path) -> None:
    """At --jobs 1 a row for another patient reuses the sheet resolved for the first (texts,
    doses), and every handout is still the one `worksheet build` makes for that patient."""
    from worksheet import batch

    rows = tmp_path / "rows.csv"
    rows.write_text("output,patient,date\na,Ana Ruiz,2026-11-25\nb,Zoë Ørsted,2026-11-25\n"
                    "c,Bo Li,2026-11-25\n", encoding="utf-8")
    batch._RESOLVED.clear()
    batch.run_batch(rows, tmp_path / "out", jobs=1)
    assert len(batch._RESOLVED) == 1
    for output, name in (("a", "Ana Ruiz"), ("b", "Zoë Ørsted"), ("c", "Bo Li")):
        single = tmp_path / "single.pdf"
        subprocess.run([sys.executable, "-m", "worksheet", "build", "--patient", name, "--date", "2026-11-25",
                        "-o", str(single)], check=True, capture_output=True)
        assert (tmp_path / "out" / f"{output}.pdf").read_bytes() == single.read_bytes()


def _fresh_build(tmp_path: Path, *args: str) -> bytes:
    out = tmp_path / "fresh.pdf"
    subprocess.run([sys.executable, "-m", "worksheet", "build", *args, "-o", str(out)], check=True,
                   capture_output=True, env={**os.environ, "WORKSHEET_NO_CACHE": "1"})
    return out.read_bytes()


FILLABLE = [({}, ()), ({"layout": "compact", "paper": "a4", "lang": "es"},
                       ("--layout", "compact", "--paper", "a4", "--lang", "es")),
            ({"large_print": True}, ("--large-print",))]


@pytest.mark.parametrize(("settings", "options"), FILLABLE, ids=["detailed", "compact-es-a4", "large-print"])
def test_a_fillable_sheet_replays_like_a_fresh_build(tmp_path: Path, settings: dict[str, object],
                                                     options: tuple[str, ...]) -> None:
    """Its fields, widgets and appearance streams are re-registered in the replayed document: the
    second patient's sheet is the one a fresh process builds, with and without a name given."""
    import datetime

    from worksheet.layout.render import _layout_key

    library = load_library()
    day = datetime.date(2026, 12, 2)
    first = resolve(library, Request(patient="Ana Ruiz", date=day, fillable=True, **settings))  # type: ignore[arg-type]
    render_pdf(first)
    found = replay.recording(_layout_key(first))
    assert found is not None and found.form is not None, "a fillable layout was not recorded"
    second = render_pdf(resolve(library, Request(patient="Zoë Ørsted", date=day, fillable=True, **settings)))  # type: ignore[arg-type]
    assert second == _fresh_build(tmp_path, "--fillable", "--patient", "Zoë Ørsted", "--date", "2026-12-02",
                                  *options)
    # no name or date given: another layout (they are fields), recorded apart and replayed alike
    render_pdf(resolve(library, Request(fillable=True, **settings)))  # type: ignore[arg-type]
    again = render_pdf(resolve(library, Request(fillable=True, **settings)))  # type: ignore[arg-type]
    assert again == _fresh_build(tmp_path, "--fillable", *options)
    assert again != second


def test_a_replayed_fillable_sheet_keeps_every_field(tmp_path: Path) -> None:
    """The replayed sheet has the fields of a fresh one, the name and date included when left out."""
    from pypdf import PdfReader

    library = load_library()
    render_pdf(resolve(library, Request(fillable=True)))
    path = tmp_path / "replayed.pdf"
    path.write_bytes(render_pdf(resolve(library, Request(fillable=True))))
    fields = PdfReader(path).get_fields() or {}
    assert {"patient", "date"} <= set(fields)
    assert sum(name.startswith("log.") for name in fields) > 20
