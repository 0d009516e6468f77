"""A replayed row writes what an earlier row wrote where it can (objects whose bytes are ready,
font subsets kept by subset, footers kept as operators): every file is still byte for byte the
one a fresh build makes, and nothing of one patient reaches the next one's file."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from worksheet.content import load_library
from worksheet.layout import objectbytes, render_pdf, replay, savecache
from worksheet.model import Handout, Request
from worksheet.resolve import resolve

NAMES = ["Ana Ruiz", "Maximiliana Guadalupe Fernández-Oyarzábal de la Torre", "王小明 Zoë 😊", "",
         "Zoë Ørsted", "Bo", "김민준", "Ana Ruiz"]
DATES = [datetime.date(2026, 12, 2), None, datetime.date(2027, 1, 31)]
SETTINGS = [{}, {"lang": "es", "paper": "a4"}, {"layout": "compact", "lang": "es", "paper": "a4"},
            {"large_print": True, "grayscale": True}, {"brand": "harbor"}]


def _forget() -> None:
    """As a new process: no recorded layout, no kept bytes."""
    replay._RECORDINGS.clear()
    replay._DRAWN.clear()
    objectbytes._FONTS.clear()
    savecache._PREFIXES.clear()
    savecache._SUBSETS.clear()


def _fresh(handout: Handout) -> bytes:
    _forget()
    return render_pdf(handout)


@pytest.mark.parametrize("settings", SETTINGS,
                         ids=["letter", "es-a4", "compact-es-a4", "large-gray", "harbor"])
def test_rows_of_one_layout_are_the_files_a_fresh_build_makes(settings: dict[str, object]) -> None:
    """Names long and short, in other scripts (a name that needs the CJK or emoji font numbers
    more objects: what was kept for another count is not used), with and without a date."""
    library = load_library()
    rows = [resolve(library, Request(patient=name, date=DATES[n % len(DATES)], **settings))  # type: ignore[arg-type]
            for n, name in enumerate(NAMES)]
    _forget()
    replayed = [render_pdf(row) for row in rows]
    again = [render_pdf(row) for row in rows]  # every piece kept by now
    assert replayed == again
    for row, data in zip(rows, replayed, strict=True):
        assert data == _fresh(row), f"{row.patient!r}: a replayed row differs from a fresh build"


def test_a_replayed_row_equals_a_build_in_another_process(tmp_path: Path) -> None:
    library = load_library()
    _forget()
    for name in ("Ana Ruiz", "Zoë Ørsted", "王小明 Zoë 😊"):
        data = render_pdf(resolve(library, Request(patient=name, date=datetime.date(2026, 12, 2))))
    out = tmp_path / "fresh.pdf"
    subprocess.run([sys.executable, "-m", "worksheet", "build", "--patient", "王小明 Zoë 😊", "--date",
                    "2026-12-02", "-o", str(out)], check=True, capture_output=True,
                   env={**os.environ, "WORKSHEET_NO_CACHE": "1"})
    assert data == out.read_bytes()


def _name_font_characters(data: bytes, path: Path) -> set[str]:
    """Every character beyond ASCII the name's own fonts (``…-Name``) map to, from their ToUnicode
    maps (ReportLab gives every first subset the printable ASCII range, used or not)."""
    path.write_bytes(data)
    found: set[str] = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "-Name" not in str(font["/BaseFont"]):
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for code in re.findall(r"<[0-9A-F]{2}> <([0-9A-F]{4,})>", cmap):
                character = bytes.fromhex(code).decode("utf-16-be")
                if ord(character[0]) > 127:
                    found.add(character)
    return found


def test_nothing_of_the_previous_patient_reaches_the_next_file(tmp_path: Path) -> None:
    """The next row's name fonts hold its own name's and date's characters only, and its text
    never shows the previous name: the kept footers and font objects are not the previous row's."""
    library = load_library()
    _forget()
    day = datetime.date(2026, 12, 2)
    render_pdf(resolve(library, Request(patient="Quxjz Ørsted", date=day)))
    first = render_pdf(resolve(library, Request(patient="Quxjz Ørsted", date=day)))  # the pieces are kept now
    for name in ("Ana Bo", "Ana Bo"):
        handout = resolve(library, Request(patient=name, date=day))
        data = render_pdf(handout)
        assert _name_font_characters(data, tmp_path / "next.pdf") <= set(name + handout.date)
        assert "Ø" in _name_font_characters(first, tmp_path / "first.pdf")  # (the check can fail)
        text = "".join(page.extract_text() for page in PdfReader(tmp_path / "next.pdf").pages)
        assert "Quxjz" not in text and "Ørsted" not in text
        assert text.count("Ana Bo") >= 4  # the title block and the footers of pages 2 on


def test_a_clinic_with_raster_pictures_and_a_fillable_sheet_replay_alike(tmp_path: Path) -> None:
    from test_replay_cases import _clinic

    library = load_library(_clinic(tmp_path))
    settings = {"brand": "lakeside", "only": ("wall-push", "bridge")}
    rows = [resolve(library, Request(patient=name, **settings)) for name in NAMES[:4]]  # type: ignore[arg-type]
    _forget()
    replayed = [render_pdf(row) for row in [*rows, *rows]]
    for row, data in zip(rows * 2, replayed, strict=True):
        assert data == _fresh(row)
    library = load_library()
    rows = [resolve(library, Request(patient=name, fillable=True, date=datetime.date(2026, 12, 2)))
            for name in ("Ana Ruiz", "Zoë Ørsted", "Bo")]
    _forget()
    replayed = [render_pdf(row) for row in [*rows, *rows]]
    for row, data in zip(rows * 2, replayed, strict=True):
        assert data == _fresh(row)


def test_kept_footers_are_used_and_belong_to_their_layout() -> None:
    """The footers of a replayed layout are kept with its recording, and another layout (another
    paper) keeps its own."""
    library = load_library()
    _forget()
    for paper in ("letter", "a4"):
        for name in ("Ana", "Bo", "Cy"):
            render_pdf(resolve(library, Request(patient=name, paper=paper)))  # type: ignore[arg-type]
    assert len(replay._DRAWN) == 2
    kept = [drawn for _, drawn in replay._DRAWN.values()]
    assert all(any(key[0] == "footer" for key in drawn) for drawn in kept)
    letter, a4 = ({key[1].page_width for key in drawn} for drawn in kept)
    assert letter != a4
