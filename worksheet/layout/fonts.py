"""Bundled fonts: Atkinson Hyperlegible for text, DejaVu Sans for what it lacks.

Fonts are registered on first use (never at import), once per process.
``to_markup`` escapes user text for ReportLab's paragraph mini-markup and
switches to the fallback family for characters the main family has no glyph for.
"""

from __future__ import annotations

import functools
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from worksheet.model import Inline
from worksheet.roots import bundled_root

MAIN = "Atkinson"
FALLBACK = "DejaVu"
_FILES = {
    "Atkinson": "AtkinsonHyperlegible-Regular.ttf",
    "Atkinson-Bold": "AtkinsonHyperlegible-Bold.ttf",
    "Atkinson-Italic": "AtkinsonHyperlegible-Italic.ttf",
    "Atkinson-BoldItalic": "AtkinsonHyperlegible-BoldItalic.ttf",
    "DejaVu": "DejaVuSans.ttf",
    "DejaVu-Bold": "DejaVuSans-Bold.ttf",
}


@functools.cache
def register_fonts() -> frozenset[int]:
    """Register the bundled families; return the code points the main family covers."""
    folder = bundled_root().fonts
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    for family, normal, bold, italic, both in (
        (MAIN, "Atkinson", "Atkinson-Bold", "Atkinson-Italic", "Atkinson-BoldItalic"),
        (FALLBACK, "DejaVu", "DejaVu-Bold", "DejaVu", "DejaVu-Bold"),
    ):
        addMapping(family, 0, 0, normal)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, italic)
        addMapping(family, 1, 1, both)
    face = pdfmetrics.getFont(MAIN).face  # type: ignore[attr-defined]
    return frozenset(face.charToGlyph)


def to_markup(spans: Inline) -> str:
    """Spans → escaped paragraph markup with our own <b>/<i> tags only."""
    parts = []
    for span in spans:
        text = _with_fallback(span.text)
        if span.bold:
            text = f"<b>{text}</b>"
        if span.italic:
            text = f"<i>{text}</i>"
        parts.append(text)
    return "".join(parts)


def text_markup(text: str) -> str:
    """Plain user text → escaped markup (no emphasis)."""
    return _with_fallback(text)


def _with_fallback(text: str) -> str:
    covered = register_fonts()
    out: list[str] = []
    run: list[str] = []
    in_fallback = False
    for char in text:
        needs = ord(char) not in covered and not char.isspace()
        if needs != in_fallback and run:
            out.append(_run("".join(run), in_fallback))
            run = []
        in_fallback = needs
        run.append(char)
    if run:
        out.append(_run("".join(run), in_fallback))
    return "".join(out)


def _run(text: str, fallback: bool) -> str:
    safe = escape(text, {'"': "&quot;"})
    return f'<font face="{FALLBACK}">{safe}</font>' if fallback else safe


def string_width(text: str, font: str, size: float) -> float:
    """Width of plain text in points (for shapes we draw ourselves)."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font, size))
