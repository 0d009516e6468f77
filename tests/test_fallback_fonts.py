"""Names in any script print with a real glyph (issue 13, item 1): CJK and emoji fallbacks,
read only when a text needs them, and a clear warning for what the sheet cannot print as written."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from conftest import flat, page_texts, run_cli

from worksheet.content import load_library
from worksheet.layout import render_pdf
from worksheet.model import Request
from worksheet.resolve import resolve

NAMES = ["王小明", "山田太郎", "김민준", "Zoë 😊", "Ana 👍 Lee", "さくら カタカナ"]
COMMON_HANZI = "".join(bytes([0xB0 + i // 94, 0xA1 + i % 94]).decode("gb2312") for i in range(60))
"""The first 60 hanzi of GB 2312 level 1 (啊阿埃…): 60 common ideographs."""


def fonts_of(path: Path) -> list[str]:
    """The font names ``pdffonts`` lists, each with its emb and sub columns."""
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return [" ".join((line.split()[0], *line.split()[-5:-3])) for line in lines.splitlines()[2:]]


@pytest.mark.parametrize("name", NAMES)
def test_a_name_in_cjk_hangul_or_emoji_prints_and_copies_as_typed(tmp_path: Path, name: str) -> None:
    out = tmp_path / "x.pdf"
    result = run_cli("build", "--patient", name, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "not in the fonts" not in result.stderr
    assert f"Patient {name} Date" in flat(page_texts(out)[0])
    with pdfplumber.open(out) as pdf:
        drawn = "".join(c["text"] for c in pdf.pages[0].chars)
    assert "\ufffd" not in drawn and all(char in drawn for char in name)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler's pdffonts is not installed")
def test_a_fallback_is_embedded_as_a_subset_only_where_used(tmp_path: Path) -> None:
    found = {}
    for key, name in {"latin": "Ana Ruiz", "cjk": "王小明", "emoji": "Bo 👍"}.items():
        out = tmp_path / f"{key}.pdf"
        assert run_cli("build", "--patient", name, "-o", out).exit_code == 0
        found[key] = fonts_of(out)
    assert found["latin"] and not any("Noto" in f for f in found["latin"])
    assert [f.split("+")[1] for f in found["cjk"] if "Noto" in f] == \
        ["NotoSansCJKSubsetWorksheet-Regular-Name yes yes"]
    assert [f.split("+")[1] for f in found["emoji"] if "Noto" in f] == ["NotoEmoji-Regular-Name yes yes"]


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler's pdffonts is not installed")
def test_a_replayed_layout_carries_no_glyph_of_the_previous_name(tmp_path: Path) -> None:
    library = load_library()
    render_pdf(resolve(library, Request(patient="王小明", brand="harbor")))
    out = tmp_path / "next.pdf"  # the same layout, replayed for the next patient
    out.write_bytes(render_pdf(resolve(library, Request(patient="Ana", brand="harbor"))))
    assert not any("Noto" in f for f in fonts_of(out))
    assert "王" not in "".join(page_texts(out))


def test_an_english_build_never_reads_the_fallback_fonts(tmp_path: Path) -> None:
    code = ("import sys; from worksheet.cli import app; from reportlab.pdfbase import pdfmetrics\n"
            "try: app(['build', '--patient', 'Ana Ruiz', '-o', sys.argv[1]])\n"
            "except SystemExit: pass\n"
            "print(sorted(n for n in pdfmetrics._fonts if 'Noto' in n or 'DejaVu' in n))")
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.pdf")], capture_output=True,
                         text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("args", [(), ("--large-print",)])
def test_a_long_cjk_name_wraps_inside_its_box_or_is_refused(tmp_path: Path, args: tuple[str, ...]) -> None:
    out = tmp_path / "x.pdf"
    result = run_cli("build", *args, "--patient", COMMON_HANZI[:30], "-o", out)
    assert result.exit_code == 0, result.stderr
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        name = [c for c in page.chars if "Noto" in c["fontname"]]
        title = [c for c in page.chars if c["text"] == "W" and c["size"] > 20]
        date = next(c for c in page.extract_words() if c["text"] == "Date")
        page_height = page.height
    assert "".join(c["text"] for c in name) == COMMON_HANZI[:30]
    baseline = max(page_height - c["matrix"][5] for c in title)
    assert min(c["top"] for c in name) > baseline  # under the title's letters (it has no descenders)
    if not args:
        assert max(c["x1"] for c in name) < date["x0"]  # left of the date
    assert max(c["x1"] for c in name) < page.width - 36
    refused = run_cli("build", *args, "--patient", COMMON_HANZI * 2, "-o", tmp_path / "y.pdf")
    assert refused.exit_code == 2 and "the name is too long for its line" in refused.stderr
    assert not (tmp_path / "y.pdf").exists()


def test_a_batch_row_with_a_cjk_name_prints_it(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,only\n王小明,bridge\n김민준,bridge\n", encoding="utf-8")
    result = run_cli("batch", rows, "--out", tmp_path / "d", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    for name in ("王小明", "김민준"):
        pdf = next((tmp_path / "d").glob(f"{name}*.pdf"))
        assert f"Patient {name}" in flat(page_texts(pdf)[0])


def test_a_skin_tone_prints_the_plain_emoji(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = run_cli("build", "--patient", "Bo 👍🏽 ❤️", "-o", out)
    assert result.exit_code == 0 and "warning" not in result.stderr, result.stderr
    assert "Patient Bo 👍 ❤ Date" in flat(page_texts(out)[0])


def test_right_to_left_and_unsupported_scripts_are_named(tmp_path: Path) -> None:
    arabic = run_cli("build", "--patient", "محمد علي", "-o", tmp_path / "a.pdf")
    assert arabic.exit_code == 0
    assert "patient name: Arabic text is not printed right to left" in flat(arabic.stderr)
    assert "not in the fonts" not in arabic.stderr  # DejaVu has the letters
    hebrew = run_cli("build", "--patient", "דוד כהן", "-o", tmp_path / "h.pdf")
    assert "Hebrew text is not printed right to left" in flat(hebrew.stderr)
    hindi = run_cli("build", "--patient", "अमित", "-o", tmp_path / "d.pdf")
    assert "character 'अ' (U+0905) is not in the fonts and would print as �" in flat(hindi.stderr)
    assert "Devanagari text" not in hindi.stderr  # what prints as � needs no second warning
