"""What the printed page looks like, checked on rendered pixels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import exercise, run_cli, write_files
from PIL import Image

DPI = 72  # one pixel per point keeps the arithmetic readable


def render(path: Path, page: int = 0) -> Image.Image:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[page].render(scale=DPI / 72).to_pil().convert("RGB")
    finally:
        pdf.close()


def pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    data = image.convert("RGB").tobytes()
    return [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3)]


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 6) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize(("brand", "colour"),
                         [("default", (0x1F, 0x5F, 0x8B)), ("harbor", (0x7A, 0x2E, 0x12))])
def test_header_band_is_in_the_brand_colour_with_a_logo(built: Callable[..., Path], brand: str,
                                                          colour: tuple[int, int, int]) -> None:
    image = render(built("--brand", brand))
    width = image.width
    # the band: inside the print-safe area, 0.5 in (36 pt) from the top, 0.8 in tall, margin to margin
    for x in (40, width // 2, width - 40):
        assert close(image.getpixel((x, 38)), colour)
        assert close(image.getpixel((x, 91)), colour)
    for x, y in ((20, 60), (width // 2, 30), (width // 2, 100)):  # outside it: white paper
        assert close(image.getpixel((x, y)), (255, 255, 255))
    # the logo sits at the band's left end and is not band-coloured throughout
    logo = image.crop((48, 44, 88, 86))
    assert len(set(pixels(logo))) > 5
    assert any(not close(p, colour, 20) for p in pixels(logo))


def test_missing_illustration_gives_a_placeholder_frame(tmp_path: Path) -> None:
    write_files(tmp_path, {"exercises/wall-push.md": exercise()})
    out = tmp_path / "p.pdf"
    result = run_cli("build", "--content", tmp_path, "--only", "wall-push", "-o", out)
    assert result.exit_code == 0, result.stderr
    image = render(out)
    # the card's picture area starts at the page margin, below title block, intro and safety box
    gray = sum(1 for p in pixels(image) if 120 < p[0] < 200 and close(p, (p[0], p[0], p[0]), 3))
    assert gray > 200  # the dashed frame's strokes
