"""Characters no bundled font can print: found and named before they become empty boxes."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

from worksheet import safefile
from worksheet.errors import WorksheetError, display_path
from worksheet.model import BrandFont, Handout

SHAPED = (("Arabic", 0x0600, 0x08FF), ("Hebrew", 0x0590, 0x05FF), ("Syriac", 0x0700, 0x074F),
          ("Thaana", 0x0780, 0x07BF), ("Arabic", 0xFB1D, 0xFDFF), ("Arabic", 0xFE70, 0xFEFF),
          ("Devanagari", 0x0900, 0x097F), ("Bengali", 0x0980, 0x09FF), ("Tamil", 0x0B80, 0x0BFF),
          ("Thai", 0x0E00, 0x0E7F), ("Khmer", 0x1780, 0x17FF), ("Myanmar", 0x1000, 0x109F))
"""Scripts whose letters join, reorder or run right to left: the PDF has their letters in
the order typed, one by one, unjoined and left to right (ReportLab's shaping needs
uharfbuzz and its right-to-left order rlbidi, which PyPI does not carry)."""


def _report(where: str, chars: Iterable[str]) -> list[str]:
    return [f"{where}: character {c!r} (U+{ord(c):04X}) is not in the fonts and would print as "
            "\N{REPLACEMENT CHARACTER}" for c in chars]


def _warnings(where: str, text: str, font: str | BrandFont = "atkinson") -> list[str]:
    """Warnings for the characters of ``text`` no font has, and for the scripts it prints
    letter by letter."""
    from worksheet.layout.fonts import uncovered  # the fonts' character maps live with the layout

    missing = uncovered(text, font)
    return [*_report(where, missing), *_script_report(where, text, set(missing))]


def _script_report(where: str, text: str, missing: set[str]) -> list[str]:
    """A warning for each script in ``text`` that the sheet prints, but not as it is written."""
    found = dict.fromkeys(name for char in text for name, low, high in SHAPED
                          if low <= ord(char) <= high and char not in missing)
    out = []
    for name in found:
        rtl = any(unicodedata.bidirectional(c) in ("R", "AL") for c in text if _in(c, name))
        how = "right to left, with its letters joined" if rtl else "with its letters combined"
        out.append(f"{where}: {name} text is not printed {how}: it comes out letter by letter, "
                   "left to right (check the printout, or write it on the sheet by hand)")
    return out


def _in(char: str, script: str) -> bool:
    return any(name == script and low <= ord(char) <= high for name, low, high in SHAPED)


def handout_glyph_warnings(handout: Handout) -> list[str]:
    """A warning for each character of the handout's text that no font covers."""
    from worksheet.markup import plain  # markdown-it loads only where the handout was resolved

    font, brand = handout.brand.font, handout.brand
    sources: list[tuple[str, str]] = [
        ("patient name", handout.patient),
        (handout.source,
         " ".join([handout.title, *(plain(p.spans) for p in (*handout.intro, *handout.safety))])),
        (display_path(brand.path), " ".join([brand.clinic, brand.clinician, brand.footer, *brand.contact])),
    ]
    for item in handout.items:
        texts = [item.title, item.position, plain(item.purpose), *map(plain, item.steps),
                 *map(plain, item.cautions), *(plain(n.spans) for n in item.notes)]
        sources.append((item.source, " ".join(texts)))
    warnings: list[str] = []
    for where, text in sources:
        warnings += _warnings(where, text, font)
    return warnings


def patient_glyph_warnings(handout: Handout) -> list[str]:
    """A warning for each character of the patient's name that no font covers."""
    return _warnings("patient name", handout.patient, handout.brand.font)


def file_glyph_warnings(paths: Iterable[Path]) -> list[str]:
    """A warning for each character in these content files that no bundled font covers."""
    from worksheet.yamlfile import MAX_FILE_BYTES

    warnings: list[str] = []
    for path in paths:
        try:
            text = safefile.read_text(path, MAX_FILE_BYTES)
        except WorksheetError:
            continue  # loading already reported it
        warnings += _warnings(display_path(path), text)
    return warnings
