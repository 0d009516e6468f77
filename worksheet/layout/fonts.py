"""Font families: Atkinson Hyperlegible (default), DejaVu Sans, or a clinic's own TTFs.

Fonts are registered on first use (never at import), once per process. Text
is escaped for ReportLab's paragraph mini-markup here, and characters the
family has no glyph for switch to DejaVu Sans, which covers far more scripts.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import unicodedata
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont

from worksheet.errors import Problem, WorksheetError
from worksheet.model import BrandFont, Inline
from worksheet.roots import bundled_root

FALLBACK = "DejaVu"
BUNDLED = {
    "atkinson": ("AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf",
                 "AtkinsonHyperlegible-Italic.ttf", "AtkinsonHyperlegible-BoldItalic.ttf"),
    "dejavu": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", None, None),
}


_LAZY: dict[str, Callable[[], None]] = {}
"""Fallback face names and what registers them, called the first time a text needs one."""


@dataclass(frozen=True)
class Family:
    """Registered font names for the four faces, and the characters the family covers."""

    name: str
    regular: str
    bold: str
    italic: str
    bold_italic: str
    covered: frozenset[int]

    def markup(self, spans: Inline) -> str:
        """Spans → escaped paragraph markup with our own <b>/<i> tags only."""
        parts = []
        for span in spans:
            text = self.text(span.text)
            if span.bold:
                text = f"<b>{text}</b>"
            if span.italic:
                text = f"<i>{text}</i>"
            parts.append(text)
        return "".join(parts)

    def text(self, text: str, fallback: str = FALLBACK) -> str:
        """Plain user text → escaped markup, with fallback runs (in ``fallback``) for missing glyphs."""
        out: list[str] = []
        run: list[str] = []
        in_fallback = False
        for char in text:
            needs = ord(char) not in self.covered and not char.isspace()
            if needs != in_fallback and run:
                out.append(_run("".join(run), in_fallback, fallback))
                run = []
            in_fallback = needs
            run.append(char)
        if run:
            out.append(_run("".join(run), in_fallback, fallback))
        return "".join(out)


def _run(text: str, use_fallback: bool, fallback: str) -> str:
    # xml.sax.saxutils.escape(text, {'"': "&quot;"}), without the urllib, http and email
    # modules that importing saxutils loads
    safe = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")
    if not use_fallback:
        return safe
    _LAZY.get(fallback, _nothing)()  # the fallback faces are read only when some text needs them
    return f'<font face="{fallback}">{safe}</font>'


def family(font: str | BrandFont = "atkinson") -> Family:
    """The registered family for a brand's ``font`` setting."""
    if isinstance(font, str):
        return _bundled(font)
    return _clinic(font.regular, font.bold, font.italic)


def _nothing() -> None:
    return None


def ensure_registered(name: str) -> None:
    """Register the fallback face ``name`` now if it is one that loads on first use
    (a replayed layout names its fonts before any text asks for them)."""
    if name in ("DejaVu", "DejaVu-Bold"):
        _bundled_fallback()
    else:
        _LAZY.get(name, _nothing)()


@functools.cache
def _bundled(name: str) -> Family:
    folder = bundled_root().fonts
    files = BUNDLED[name]
    paths = tuple(folder / f if f else None for f in files)
    return _register(name.capitalize(), paths[0], paths[1], paths[2], paths[3])  # type: ignore[arg-type]


@functools.cache
def _bundled_fallback() -> None:
    folder = bundled_root().fonts
    for face, file in (("DejaVu", "DejaVuSans.ttf"), ("DejaVu-Bold", "DejaVuSans-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(face, str(folder / file)))
    addMapping(FALLBACK, 0, 0, "DejaVu")
    addMapping(FALLBACK, 1, 0, "DejaVu-Bold")
    addMapping(FALLBACK, 0, 1, "DejaVu")  # no oblique shipped: upright stands in
    addMapping(FALLBACK, 1, 1, "DejaVu-Bold")


_LAZY[FALLBACK] = _bundled_fallback


@functools.cache
def _clinic(regular: Path, bold: Path, italic: Path | None) -> Family:
    tag = hashlib.sha256(f"{regular}|{bold}|{italic}".encode()).hexdigest()[:8]
    return _register(f"Clinic{tag}", regular, bold, italic, None)


def _register(name: str, regular: Path, bold: Path, italic: Path | None, bold_italic: Path | None) -> Family:
    faces = {"": regular, "-Bold": bold, "-Italic": italic or regular, "-BoldItalic": bold_italic or bold}
    for suffix, path in faces.items():
        try:
            pdfmetrics.registerFont(TTFont(name + suffix, str(path)))
        except (TTFError, OSError, ValueError, KeyError) as exc:
            raise WorksheetError(Problem(f"cannot use this font file ({exc})", path=path)) from None
    addMapping(name, 0, 0, name)
    addMapping(name, 1, 0, name + "-Bold")
    addMapping(name, 0, 1, name + "-Italic")
    addMapping(name, 1, 1, name + "-BoldItalic")
    face = pdfmetrics.getFont(name).face  # type: ignore[attr-defined]
    return Family(name, name, name + "-Bold", name + "-Italic", name + "-BoldItalic",
                  frozenset(face.charToGlyph))


def string_width(text: str, font: str, size: float) -> float:
    """Width of plain text in points (for shapes we draw ourselves)."""
    return float(pdfmetrics.stringWidth(text, font, size))


@functools.cache
def _fallback_covered() -> frozenset[int]:
    _bundled_fallback()
    return frozenset(pdfmetrics.getFont("DejaVu").face.charToGlyph)  # type: ignore[attr-defined]


def uncovered(text: str, font: str | BrandFont = "atkinson") -> list[str]:
    """Characters of ``text`` that neither the family nor the fallback can print, in order."""
    own = family(font).covered
    found: dict[str, None] = {}
    for char in text:
        if ord(char) not in own and not char.isspace() and unicodedata.category(char)[0] != "C":
            found[char] = None
    if not found:
        return []  # the fallback's character map is read only when the family lacks something
    fallback = _fallback_covered()
    return [char for char in found if ord(char) not in fallback]


@functools.cache
def field_fonts(regular: str, bold: str) -> tuple[str, str]:
    """Second instances of a family's bold face and of the fallback, for the patient's
    name and the date only. Their glyphs then never share a subset with the rest of
    the page, so every other byte of a handout is the same whatever the name."""
    main, fallback = f"{bold}~field", "DejaVu-Bold~field"  # replay.FIELD_SUFFIX
    _register_twin(main, pdfmetrics.getFont(bold))

    def register_fallback() -> None:
        _bundled_fallback()
        _register_twin(fallback, pdfmetrics.getFont("DejaVu-Bold"))

    _LAZY[fallback] = functools.cache(register_fallback)
    return main, fallback


def _register_twin(name: str, base: object) -> None:
    """Register ``name`` as a second instance of the TrueType font ``base``: its own subsets
    (so its own bytes in the file), the face already read (reading a face is the slow part)."""
    twin = copy.copy(base)
    twin.fontName = name  # type: ignore[attr-defined]
    twin.state = weakref.WeakKeyDictionary()  # type: ignore[attr-defined]
    twin.encoding = TTEncoding()  # type: ignore[attr-defined]
    pdfmetrics.registerFont(twin)
    addMapping(name, 0, 0, name)
    addMapping(name, 1, 0, name)
    addMapping(name, 0, 1, name)
    addMapping(name, 1, 1, name)
