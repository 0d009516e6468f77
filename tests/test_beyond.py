"""Beyond the printer: Spanish edition, QR codes, fillable PDF, bookmarks, missing glyphs."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp
from conftest import exercise, flat, page_texts, run_cli, write_files

from worksheet.i18n import catalogue

BuildFn = Callable[..., Path]


def all_text(path: Path) -> str:
    return flat(" ".join(page_texts(path)))


# --- languages -------------------------------------------------------------------------------

def test_spanish_sheet_has_no_english_label(built: BuildFn) -> None:
    text = all_text(built("--lang", "es", "--date", "2026-11-25"))
    english, spanish = catalogue("en"), catalogue("es")
    for key, label in english.items():
        if spanish[key] == label:
            continue  # the same word in both (none today)
        words = re.sub(r"\{\w+\}", "", label).strip()
        assert words not in text, f"English label {key!r} ({words!r}) on the Spanish sheet"
    for day in ("Lun", "Mar", "Mié", "Jue", "Vie", "Sáb", "Dom"):
        assert day in text
    for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        assert not re.search(rf"\b{day}\b", text)
    assert "25 de noviembre de 2026" in text
    assert "Hoja de ejercicios para la zona lumbar" in text
    assert "Inclinación pélvica" in text and "Precaución:" in text


def test_spanish_pdf_language_and_metadata(built: BuildFn) -> None:
    reader = pypdf.PdfReader(built("--lang", "es"))
    assert reader.trailer["/Root"]["/Lang"] == "es-ES"
    assert reader.metadata is not None and reader.metadata.title == "Hoja de ejercicios para la zona lumbar"


def test_lang_from_a_batch_row(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("output,lang\nuno,es\n", encoding="utf-8")
    assert run_cli("batch", rows, "--out", tmp_path / "d", "--jobs", "1").exit_code == 0
    assert "Su registro de ejercicios" in all_text(tmp_path / "d" / "uno.pdf")


def test_missing_translation_falls_back_to_english_with_a_warning(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "clinic", {"exercises/wall-push.md": exercise()})
    out = tmp_path / "x.pdf"
    result = run_cli("build", "--lang", "es", "--content", folder, "--only", "wall-push,bridge",
                     "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "warning: " in result.stderr
    assert "wall-push.md: no es translation (wall-push.es.md)" in result.stderr
    text = all_text(out)
    assert "Wall Push" in text and "Puente" in text  # English where missing, Spanish where there
    checked = run_cli("check", "--content", folder)  # no sheet hands it out in Spanish: no warning
    assert checked.exit_code == 0 and "translation" not in checked.stderr
    write_files(folder, {"worksheets/both.yaml": "title: B\nintro: Hi.\nitems: [wall-push]\n"
                                                 "safety: {stop_if: [Pain.]}\nlanguages: [en, es]\n"})
    checked = run_cli("check", "--content", folder)
    assert checked.exit_code == 0
    expected = "wall-push.md: no es translation of this exercise (wall-push.es.md); English is used"
    assert expected in checked.stderr


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    result = run_cli("build", "--lang", "fr", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2 and "unknown language 'fr'" in result.stderr


def test_translation_without_english_file_is_an_error(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "clinic", {"exercises/wall-push.es.md": exercise()})
    result = run_cli("check", "--content", folder)
    assert result.exit_code == 2 and "has no English file" in result.stderr


def test_character_outside_every_font_is_reported(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = run_cli("build", "--patient", "Ana 乊", "-o", out)
    assert result.exit_code == 0
    assert "patient name: character '乊' (U+4E4A) is not in the fonts" in result.stderr
    folder = write_files(tmp_path / "clinic", {"exercises/wall-push.md": exercise(title="Wall Push ☯ 乊")})
    checked = run_cli("check", "--content", folder)
    assert "wall-push.md: character '乊' (U+4E4A)" in checked.stderr
    assert "☯" not in checked.stderr  # DejaVu Sans has this one: it prints


def test_text_in_other_scripts_renders_through_the_fallback(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = run_cli("build", "--patient", "Ольга Δημήτρης", "-o", out)
    assert result.exit_code == 0 and "warning" not in result.stderr
    assert "Ольга Δημήτρης" in page_texts(out)[0]


# --- QR codes --------------------------------------------------------------------------------

def decoded(path: Path, page: int = 0) -> list[str]:
    image = pdfium.PdfDocument(str(path))[page].render(scale=2).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_qr_code_on_the_card_decodes_to_the_video(tmp_path: Path) -> None:
    url = "https://example.org/videos/lower-back#t=30"
    text = exercise().replace("position: Standing", f"position: Standing\nvideo: {url}")
    folder = write_files(tmp_path / "clinic", {"exercises/wall-push.md": text})
    out = tmp_path / "v.pdf"
    assert run_cli("build", "--content", folder, "--only", "wall-push,bridge", "-o", out).exit_code == 0
    assert decoded(out) == [url]
    assert "Scan to watch" in all_text(out)


def test_worksheet_video_gets_a_qr_by_the_title(tmp_path: Path) -> None:
    sheet = ("title: T\nintro: I\nitems: [bridge]\nsafety: {stop_if: [x]}\n"
             "video: https://example.org/whole?list=7&t=0\n")
    folder = write_files(tmp_path / "clinic", {"worksheets/t.yaml": sheet})
    out = tmp_path / "q.pdf"
    assert run_cli("build", "t", "--content", folder, "-o", out).exit_code == 0
    assert decoded(out) == ["https://example.org/whole?list=7&t=0"]
    assert "Scan to watch the whole video" in all_text(out)


@pytest.mark.parametrize("url", ["ftp://example.org/x", "javascript:alert(1)", "file:///etc/passwd"])
def test_only_http_video_links(tmp_path: Path, url: str) -> None:
    text = exercise().replace("position: Standing", f"position: Standing\nvideo: {url}")
    folder = write_files(tmp_path / "clinic", {"exercises/wall-push.md": text})
    result = run_cli("check", "--content", folder)
    assert result.exit_code == 2 and "video" in result.stderr and "http" in result.stderr


# --- fillable PDF ----------------------------------------------------------------------------

def test_fillable_fields_are_named_and_keep_values(built: BuildFn, tmp_path: Path) -> None:
    path = built("--fillable", "--only", "bridge,pelvic-tilt")
    reader = pypdf.PdfReader(path)
    fields = reader.get_fields() or {}
    names = set(fields)
    assert {"patient", "date"} <= names
    assert {f"step.bridge.{n}" for n in range(1, 6)} <= names
    for week in (1, 2):
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
            assert {f"log.w{week}.{day}.bridge", f"log.w{week}.{day}.pelvic-tilt",
                    f"log.w{week}.{day}.pain"} <= names
    assert fields["step.bridge.1"].get("/FT") == "/Btn" and fields["patient"].get("/FT") == "/Tx"
    writer = pypdf.PdfWriter(clone_from=reader)
    for page in writer.pages:
        writer.update_page_form_field_values(page, {"patient": "Ana Ruiz", "log.w1.mon.bridge": "x",
                                                    "log.w2.sun.pain": "3"}, auto_regenerate=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    again = pypdf.PdfReader(io.BytesIO(buffer.getvalue())).get_fields() or {}
    assert again["patient"]["/V"] == "Ana Ruiz"
    assert again["log.w1.mon.bridge"]["/V"] == "x" and again["log.w2.sun.pain"]["/V"] == "3"


@pytest.mark.parametrize("args", [(), ("--layout", "compact", "--lang", "es"), ("--large-print",)])
def test_a_fillable_sheet_prints_the_name_and_date_it_was_given(built: BuildFn,
                                                                args: tuple[str, ...]) -> None:
    """A name typed for a fillable sheet used to vanish (its field stayed empty): it is printed
    as on the plain sheet, and only what was left out stays a field to type in."""
    path = built("--fillable", "--patient", "Ольга Ruiz", *args)
    reader = pypdf.PdfReader(path)
    assert "Ольга Ruiz" in (reader.pages[0].extract_text() or "")
    fields = reader.get_fields() or {}
    assert "patient" not in fields and "date" in fields
    both = pypdf.PdfReader(built("--fillable", "--patient", "Ana", "--date", "2026-11-25", *args))
    assert {"patient", "date"}.isdisjoint(both.get_fields() or {})
    assert "Ana" in (both.pages[0].extract_text() or "")


def test_fillable_prints_like_the_plain_sheet(built: BuildFn) -> None:
    plain, fillable = built(), built("--fillable")
    a, b = pdfium.PdfDocument(str(plain)), pdfium.PdfDocument(str(fillable))
    b.init_forms()  # draw the form fields as a viewer would
    assert len(a) == len(b)
    for index in range(len(a)):
        one = a[index].render(scale=1).to_pil().convert("L").tobytes()
        two = b[index].render(scale=1, may_draw_forms=True).to_pil().convert("L").tobytes()
        differing = sum(1 for x, y in zip(one, two, strict=True) if abs(x - y) > 40)
        assert differing < 50, (index, differing)


# --- navigation and structure ----------------------------------------------------------------

def test_bookmarks_match_the_sheet(built: BuildFn) -> None:
    reader = pypdf.PdfReader(built())
    entries = [(o["/Title"], reader.get_destination_page_number(o)) for o in reader.outline]
    titles = [t for t, _ in entries]
    assert titles == ["Safety first", "1. Pelvic Tilt", "2. Bridge", "Sit on a Seat Cushion",
                      "3. Seated Piriformis Stretch", "4. Seated Trunk Rotation",
                      "5. Standing Hamstring Stretch", "6. IT Band and QL Side Stretch", "Your exercise log"]
    texts = page_texts(built())
    for title, page in entries:
        assert title.split(". ")[-1] in flat(texts[page])  # each points at the page it is on


@pytest.mark.parametrize("args", [("--lang", "es"), ("--fillable",),
                                  ("--fillable", "--lang", "es", "--layout", "compact")])
def test_qpdf_finds_no_structural_problem(built: BuildFn, args: tuple[str, ...]) -> None:
    qpdf = shutil.which("qpdf")
    assert qpdf, "qpdf is installed by `make test` (Debian package qpdf)"
    result = subprocess.run([qpdf, "--check", str(built(*args))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_brand_lines_in_spanish_and_the_clinic_name_kept(built: BuildFn, tmp_path: Path) -> None:
    first = flat(page_texts(built("--lang", "es"))[0])
    assert "Worksheet Physical Therapy" in first  # a name is not translated
    assert "Su fisioterapeuta" in first and "¿Tiene preguntas?" in first and "Teléfono:" in first
    folder = write_files(tmp_path / "clinic", {"brands/nameless.yaml": 'primary: "#224466"\n'})
    result = run_cli("check", "--content", folder)
    assert result.exit_code == 2 and "nameless.yaml:1: clinic: is required" in result.stderr


# --- text that follows the settings (issue 13, items 6 to 8) ------------------------------------

@pytest.mark.parametrize("lang", ["en", "es"])
def test_without_a_pain_row_the_log_never_mentions_one(tmp_path: Path, lang: str) -> None:
    sheet = """
    title: Tiny Sheet
    intro: Short intro.
    items: [bridge]
    safety:
      stop_if: [Pain spreads down a leg.]
    log: {weeks: 1, pain_row: false}
    """
    folder = write_files(tmp_path / "clinic", {"worksheets/tiny.yaml": sheet})
    out = tmp_path / "x.pdf"
    result = run_cli("build", "tiny", "--content", folder, "--lang", lang, "-o", out)
    assert result.exit_code == 0, result.stderr
    text = all_text(out).lower()
    assert ("pain row" if lang == "en" else "fila del dolor") not in text
    assert ("tick each day" if lang == "en" else "marque cada día") in text
    with_row = all_text(run_built(tmp_path, lang)).lower()
    assert ("pain row" if lang == "en" else "fila del dolor") in with_row


def run_built(tmp_path: Path, lang: str) -> Path:
    out = tmp_path / f"full-{lang}.pdf"
    assert run_cli("build", "--lang", lang, "-o", out).exit_code == 0
    return out


@pytest.mark.parametrize(("lang", "words"), [("en", "quadratus lumborum"), ("es", "cuadrado lumbar")])
def test_the_ql_is_named_once_in_plain_words(built: BuildFn, lang: str, words: str) -> None:
    assert all_text(built("--lang", lang)).lower().count(words) == 1


def test_a_dose_prefix_never_lands_on_a_tip(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = run_cli("build", "--dose", "s.reps=3", "-o", out)
    assert result.exit_code == 2 and not out.exists()
    assert "no exercise 's' on this sheet" in result.stderr and "seat-cushion" not in result.stderr
    named = run_cli("build", "--dose", "seat-cushion.reps=3", "-o", out)
    assert named.exit_code == 2 and "'seat-cushion' is a tip without a dose" in named.stderr
    both = run_cli("build", "--dose", "p.reps=3", "-o", out)
    assert both.exit_code == 2
    assert "matches several exercises (pelvic-tilt, piriformis-stretch)" in both.stderr


def test_a_tip_with_a_dose_of_its_own_takes_a_change(tmp_path: Path) -> None:
    tip = exercise().replace("position: Standing", "position: Standing\nkind: tip")
    folder = write_files(tmp_path / "clinic", {"exercises/wall-push.md": tip})
    out = tmp_path / "x.pdf"
    result = run_cli("build", "--content", folder, "--only", "wall-push,bridge", "--dose", "w.reps=7",
                     "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "Repeat 7 times" in all_text(out)


# --- fonts of form fields and text maps (issue 12) ----------------------------------------------

def unembedded_fonts(path: Path) -> list[str]:
    """Lines of ``pdffonts`` for fonts the file does not carry."""
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return [line for line in lines.splitlines()[2:] if line.split()[-5] != "yes"]


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler's pdffonts is not installed")
@pytest.mark.parametrize("args", [("--fillable",), ("--fillable", "--lang", "es", "--layout", "compact")])
def test_a_fillable_sheet_carries_every_font_its_form_uses(built: BuildFn, tmp_path: Path,
                                                             args: tuple[str, ...]) -> None:
    path = built(*args)
    assert unembedded_fonts(path) == []
    reader = pypdf.PdfReader(path)
    writer = pypdf.PdfWriter(clone_from=reader)
    for page in writer.pages:  # filled in as a viewer would: appearances drawn with the form's font
        writer.update_page_form_field_values(page, {"patient": "Ana Ruiz", "log.w1.mon.bridge": "x"})
    filled = tmp_path / "filled.pdf"
    with filled.open("wb") as handle:
        writer.write(handle)
    assert unembedded_fonts(filled) == []
    assert pypdf.PdfReader(filled).get_fields()["patient"]["/V"] == "Ana Ruiz"


@pytest.mark.parametrize("args", [(), ("--lang", "es", "--layout", "compact", "--paper", "a4"),
                                  ("--large-print",), ("--fillable",),
                                  ("--patient", "Ana 漢字 🙂 Ольга", "--date", "2026-11-25")])
def test_no_used_glyph_maps_to_u0000(built: BuildFn, args: tuple[str, ...]) -> None:
    import pdfplumber

    with pdfplumber.open(built(*args)) as pdf:
        nul = [(n, c["fontname"]) for n, page in enumerate(pdf.pages, start=1) for c in page.chars
               if "\x00" in c["text"]]
    assert nul == []
