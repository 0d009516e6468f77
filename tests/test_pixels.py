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


def dark_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    return sum(1 for value in image.crop(box).convert("L").tobytes() if value < 100)


def test_name_and_date_are_visible_on_the_line(tmp_path: Path) -> None:
    """The name is drawn when the page is finished: it must land on its line, not elsewhere."""
    from worksheet.content import load_library
    from worksheet.layout import render_pdf
    from worksheet.model import Request
    from worksheet.resolve import resolve

    library = load_library()
    images = []
    for patient in ("", "Ana Ruiz", "Bo Li"):  # the last two reuse the first one's pages
        path = tmp_path / f"{len(images)}.pdf"
        path.write_bytes(render_pdf(resolve(library, Request(patient=patient))))
        images.append(render(path))
    line = (90, 148, 300, 164)  # above the line after "Patient", where the name is written
    assert dark_pixels(images[0], line) < 20  # a blank line to write on
    assert dark_pixels(images[1], line) > 150 and dark_pixels(images[2], line) > 100
    assert images[1].crop(line).tobytes() != images[2].crop(line).tobytes()
