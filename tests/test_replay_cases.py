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
