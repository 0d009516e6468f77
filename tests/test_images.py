"""The image pipeline: what clinics bring comes out right, and hostile files are refused."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from conftest import exercise, page_texts, run_cli, write_files
from PIL import Image

import worksheet.layout.pictures as pictures


def clinic_with_image(tmp_path: Path, name: str, image: Image.Image | bytes | str, **save: object) -> Path:
    folder = tmp_path / "clinic"
    text = exercise().replace("position: Standing", f"position: Standing\nillustration: {name}")
    write_files(folder, {"exercises/wall-push.md": text})
    target = folder / "illustrations" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(image, Image.Image):
        image.save(target, **save)  # type: ignore[arg-type]
    elif isinstance(image, bytes):
        target.write_bytes(image)
    else:
        target.write_text(image, encoding="utf-8")
    return folder


def build(folder: Path, tmp_path: Path, *extra: str) -> tuple[int, str, Path]:
    out = tmp_path / "out" / "x.pdf"
    result = run_cli("build", "--content", folder, "--only", "wall-push", *extra, "-o", out)
    return result.exit_code, result.stderr, out


def embedded_images(path: Path) -> list[Image.Image]:
    reader = pypdf.PdfReader(path)
    found = []
    for page in reader.pages:
        for image in page.images:
            found.append(Image.open(io.BytesIO(image.data)).convert("RGB"))
    return found


def only_image(folder: Path, tmp_path: Path) -> Image.Image:
    code, err, out = build(folder, tmp_path)
    assert code == 0, err
    images = [im for im in embedded_images(out) if im.size != (1, 1)]
    assert len(images) == 1
    return images[0]


def near(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 24) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


BUNDLED = ["pelvic-tilt", "bridge", "seat-cushion", "piriformis-stretch", "trunk-rotation",
           "hamstring-stretch", "it-band-ql-stretch"]


@pytest.mark.parametrize("exercise_id", BUNDLED)
def test_every_bundled_exercise_has_its_drawing_on_its_card(built: Callable[..., Path],
                                                            exercise_id: str) -> None:
    from worksheet.content import load_library

    (illustration,) = load_library().exercises[exercise_id].illustrations
    assert illustration.name == f"{exercise_id}.svg"
    page = pdfium.PdfDocument(str(built("--only", exercise_id)))[0].render(scale=1).to_pil().convert("L")
    # a lone card on page 1 has its picture at x 52-190 pt, y 325-440 pt from the top;
    # the figure's strokes are near-black (#222), unlike a placeholder's gray text
    area = page.crop((52, 325, 190, 440)).tobytes()
    assert sum(1 for value in area if value < 60) > 150


def test_big_photo_is_downscaled_to_print_size(tmp_path: Path) -> None:
    gradient = Image.linear_gradient("L").resize((6000, 4000)).convert("RGB")
    folder = clinic_with_image(tmp_path, "photo.jpg", gradient, quality=92)
    image = only_image(folder, tmp_path)
    # the card's picture is 2.3 in wide and as tall as its 3:2 shape asks (1.53 in): 300 dpi is
    # at most 690 x 460 pixels
    assert image.size[0] <= 690 and image.size[1] <= 460
    assert image.size[0] / image.size[1] == pytest.approx(1.5, rel=0.01)
    _, _, out = build(folder, tmp_path)
    assert out.stat().st_size < 150_000  # fonts, vectors and a 675x450 JPEG; the source is ~400 KB


def test_exif_rotation_is_applied(tmp_path: Path) -> None:
    image = Image.new("RGB", (400, 200), (220, 0, 0))
    image.paste((0, 0, 220), (200, 0, 400, 200))  # left red, right blue
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    folder = clinic_with_image(tmp_path, "turned.jpg", image, exif=exif.tobytes(), quality=95)
    shown = only_image(folder, tmp_path)
    assert shown.size[0] < shown.size[1]  # portrait once turned
    width, height = shown.size
    assert near(shown.getpixel((width // 2, height // 4)), (220, 0, 0))  # red now on top
    assert near(shown.getpixel((width // 2, 3 * height // 4)), (0, 0, 220))


def test_cmyk_jpeg_comes_out_in_the_right_colours(tmp_path: Path) -> None:
    cmyk = Image.new("CMYK", (300, 200), (255, 0, 0, 0))  # pure cyan ink
    folder = clinic_with_image(tmp_path, "cmyk.jpg", cmyk, quality=95)
    shown = only_image(folder, tmp_path)
    assert near(shown.getpixel((150, 100)), (0, 255, 255), 40)


def test_transparent_png_is_flattened_onto_white(tmp_path: Path) -> None:
    image = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    image.paste((10, 120, 10, 255), (0, 0, 150, 200))
    folder = clinic_with_image(tmp_path, "clear.png", image)
    shown = only_image(folder, tmp_path)
    assert near(shown.getpixel((225, 100)), (255, 255, 255), 3)
    assert near(shown.getpixel((75, 100)), (10, 120, 10), 3)


def test_palette_png_keeps_its_colours(tmp_path: Path) -> None:
    image = Image.new("RGB", (300, 200), (200, 30, 30))
    image.paste((30, 30, 200), (150, 0, 300, 200))
    folder = clinic_with_image(tmp_path, "pal.png", image.convert("P", palette=Image.Palette.ADAPTIVE))
    shown = only_image(folder, tmp_path)
    assert near(shown.getpixel((75, 100)), (200, 30, 30), 6)
    assert near(shown.getpixel((225, 100)), (30, 30, 200), 6)


def test_16_bit_gray_png_is_not_white(tmp_path: Path) -> None:
    image = Image.new("I;16", (300, 200), 16384)  # a quarter of full scale: dark gray
    folder = clinic_with_image(tmp_path, "deep.png", image)
    shown = only_image(folder, tmp_path)
    assert near(shown.getpixel((150, 100)), (64, 64, 64), 4)


def test_thin_strip_does_not_break_the_page(tmp_path: Path) -> None:
    folder = clinic_with_image(tmp_path, "strip.png", Image.new("L", (1, 100000), 0))
    code, err, out = build(folder, tmp_path)
    assert code == 0, err
    page = pypdf.PdfReader(out).pages[0]
    assert float(page.mediabox.height) == pytest.approx(792)
    assert "Wall Push" in page_texts(out)[0]


def test_webp_is_accepted(tmp_path: Path) -> None:
    folder = clinic_with_image(tmp_path, "pic.webp", Image.new("RGB", (300, 200), (0, 128, 0)))
    assert near(only_image(folder, tmp_path).getpixel((150, 100)), (0, 128, 0), 8)


def test_grayscale_turns_pictures_gray(tmp_path: Path) -> None:
    folder = clinic_with_image(tmp_path, "red.png", Image.new("RGB", (300, 200), (220, 0, 0)))
    code, err, out = build(folder, tmp_path, "--grayscale")
    assert code == 0, err
    (shown,) = [im for im in embedded_images(out) if im.size != (1, 1)]
    r, g, b = shown.getpixel((150, 100))
    assert r == g == b


def expect_refused(tmp_path: Path, name: str, content: Image.Image | bytes | str, words: str,
                   **save: object) -> None:
    folder = clinic_with_image(tmp_path, name, content, **save)
    code, err, out = build(folder, tmp_path)
    assert code == 2, err
    assert not out.exists()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and words in lines[0], lines


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_truncated_png_is_refused(tmp_path: Path) -> None:
    data = png_bytes(Image.linear_gradient("L").resize((400, 400)))
    expect_refused(tmp_path, "cut.png", data[: len(data) // 2], "corrupt or truncated")


def test_truncated_jpeg_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((400, 400)).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    expect_refused(tmp_path, "cut.jpg", data[: len(data) // 2], "corrupt or truncated")


def test_garbage_with_an_image_name_is_refused(tmp_path: Path) -> None:
    expect_refused(tmp_path, "junk.png", b"this is not an image at all", "this file is a text file, "
                   "which worksheet cannot print: save or export it as PNG, JPEG, WebP or SVG")


def test_unsupported_format_is_refused(tmp_path: Path) -> None:
    expect_refused(tmp_path, "anim.png", Image.new("RGB", (10, 10)),
                   "this file is a GIF picture, which worksheet cannot print",
                   format="GIF")
    folder = clinic_with_image(tmp_path, "pic.bmp", Image.new("RGB", (10, 10)))
    code, err, _ = build(folder, tmp_path)
    assert code == 2 and "unsupported image type" in err


def test_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    expect_refused(tmp_path, "bomb.png", Image.new("1", (8000, 6000)), "megapixels")


@pytest.mark.parametrize(("svg", "words"), [
    ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>', "DOCTYPE"),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" '
     'height="10"><image xlink:href="file:///etc/passwd" width="5" height="5"/></svg>', "outside file"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><use href="http://example.org/a.svg#x"/>'
     "</svg>", "outside file"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect style="fill:url(http://x/y)" '
     'width="5" height="5"/></svg>', "url("),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect', "not valid XML"),
    ("<html><body>hi</body></html>", "not an SVG"),
])
def test_hostile_svgs_are_refused(tmp_path: Path, svg: str, words: str) -> None:
    expect_refused(tmp_path, "evil.svg", svg, words)


def test_svg_that_svglib_cannot_convert_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
           '<rect width="5" height="5"/></svg>')
    real = pictures.svg2rlg

    def convert_all_but_odd(source: io.BytesIO) -> object:
        # only the clinic's odd.svg fails: the brand's logo is drawn too, and when this test runs
        # alone no earlier test has drawn that logo for it
        return None if source.getvalue() == svg.encode() else real(source)

    monkeypatch.setattr(pictures, "svg2rlg", convert_all_but_odd)
    pictures._drawing.cache_clear()
    try:
        expect_refused(tmp_path, "odd.svg", svg, "could not be converted")
    finally:
        pictures._drawing.cache_clear()


def test_two_images_show_side_by_side(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    text = exercise().replace("position: Standing", "position: Standing\nillustration: [a.png, b.png]")
    write_files(folder, {"exercises/wall-push.md": text})
    (folder / "illustrations").mkdir()
    Image.new("RGB", (300, 200), (200, 0, 0)).save(folder / "illustrations" / "a.png")
    Image.new("RGB", (300, 200), (0, 0, 200)).save(folder / "illustrations" / "b.png")
    code, err, out = build(folder, tmp_path)
    assert code == 0, err
    page = pdfium.PdfDocument(str(out))[0].render(scale=1).to_pil().convert("RGB")
    reds = [x for x in range(page.width) for y in range(300, 460, 4) if page.getpixel((x, y)) == (200, 0, 0)]
    blues = [x for x in range(page.width) for y in range(300, 460, 4) if page.getpixel((x, y)) == (0, 0, 200)]
    assert reds and blues and max(reds) < min(blues)  # start on the left, end on the right


def test_an_image_is_decoded_once_per_process(tmp_path: Path) -> None:
    from worksheet.images import load_image

    path = tmp_path / "once.png"
    Image.new("RGB", (50, 50), (1, 2, 3)).save(path)
    first = load_image(path, (1.0, 1.0))
    assert load_image(path, (1.0, 1.0)) is first
    Image.new("RGB", (60, 50), (1, 2, 3)).save(path)  # changed file: decoded again
    assert load_image(path, (1.0, 1.0)) is not first


def picture_area(folder: Path, tmp_path: Path) -> Image.Image:
    """The rendered picture area of the lone card on page 1 (x 52-190 pt, y 325-440 pt)."""
    code, err, out = build(folder, tmp_path)
    assert code == 0, err
    page = pdfium.PdfDocument(str(out))[0].render(scale=2).to_pil().convert("RGB")
    return page.crop((104, 650, 380, 880))


def rows_with(image: Image.Image, colour: tuple[int, int, int]) -> list[int]:
    return [y for y in range(image.height) for x in range(0, image.width, 3)
            if near(image.getpixel((x, y)), colour, 40)]


def test_exif_rotation_on_the_rendered_page(tmp_path: Path) -> None:
    image = Image.new("RGB", (400, 200), (220, 0, 0))
    image.paste((0, 0, 220), (200, 0, 400, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    area = picture_area(clinic_with_image(tmp_path, "turned.jpg", image, exif=exif.tobytes(), quality=95),
                        tmp_path)
    red, blue = rows_with(area, (220, 0, 0)), rows_with(area, (0, 0, 220))
    assert red and blue and max(red) <= min(blue) + 2  # red on top, blue below: turned upright


def test_cmyk_on_the_rendered_page(tmp_path: Path) -> None:
    area = picture_area(clinic_with_image(tmp_path, "cmyk.jpg", Image.new("CMYK", (300, 200), (255, 0, 0, 0)),
                                          quality=95), tmp_path)
    assert len(rows_with(area, (0, 255, 255))) > 50
