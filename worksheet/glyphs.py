"""Characters no bundled font can print: found and named before they become empty boxes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from worksheet import safefile
from worksheet.errors import WorksheetError, display_path
from worksheet.model import Handout


def _report(where: str, chars: Iterable[str]) -> list[str]:
    return [f"{where}: character {c!r} (U+{ord(c):04X}) is not in the fonts and would print as an "
            "empty box" for c in chars]


def handout_glyph_warnings(handout: Handout) -> list[str]:
    """A warning for each character of the handout's text that no font covers."""
    from worksheet.layout.fonts import uncovered  # the fonts' character maps live with the layout
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
        warnings += _report(where, uncovered(text, font))
    return warnings


def patient_glyph_warnings(handout: Handout) -> list[str]:
    """A warning for each character of the patient's name that no font covers."""
    from worksheet.layout.fonts import uncovered

    return _report("patient name", uncovered(handout.patient, handout.brand.font))


def file_glyph_warnings(paths: Iterable[Path]) -> list[str]:
    """A warning for each character in these content files that no bundled font covers."""
    from worksheet.layout.fonts import uncovered
    from worksheet.yamlfile import MAX_FILE_BYTES

    warnings: list[str] = []
    for path in paths:
        try:
            text = safefile.read_text(path, MAX_FILE_BYTES)
        except WorksheetError:
            continue  # loading already reported it
        warnings += _report(display_path(path), uncovered(text))
    return warnings
