"""Font families: Atkinson Hyperlegible (default), DejaVu Sans, or a clinic's own TTFs.

Fonts are registered on first use (never at import), once per process. Text
is escaped for ReportLab's paragraph mini-markup here, and each run of characters
the family has no glyph for switches to the first fallback that has them: DejaVu
Sans (most alphabets), then Noto Sans CJK (kana, common hanzi/kanji, Hangul),
then Noto Emoji. A fallback's file is read only when some text needs it.
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
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont

from worksheet.errors import Problem, WorksheetError
from worksheet.model import BrandFont, Inline
from worksheet.roots import bundled_root

FALLBACK = "DejaVu"
CJK = "NotoCJK"  # Noto Sans SC/JP/KR, subset (see worksheet.fontsubset); regular only
EMOJI = "NotoEmoji"  # monochrome Noto Emoji, subset
FALLBACK_FILES = {FALLBACK: ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
                  CJK: ("NotoSansCJK-Subset-Regular.ttf", None),
                  EMOJI: ("NotoEmoji-Subset-Regular.ttf", None)}
"""Each fallback's regular and bold file (None: bold text uses the regular face)."""
CJK_BLOCKS = ((0x1100, 0x11FF), (0x2E80, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA960, 0xA97F),
              (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))
BUNDLED = {
    "atkinson": ("AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf",
                 "AtkinsonHyperlegible-Italic.ttf", "AtkinsonHyperlegible-BoldItalic.ttf"),
    "dejavu": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", None, None),
}


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with a character beyond U+FFFF (an emoji, a rare
    ideograph) written as its UTF-16 pair: ReportLab writes <1F60A>, which no reader
    can use, so the emoji would not copy."""
    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be").hex().upper() if code > 0xFFFF else f"{code:04X}"

    head = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
            f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
            f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar"]
    tail = ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join([*head, *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)), *tail])


ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # the module looks it up by name when it saves a subset

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

    def text(self, text: str, fallback: Fallbacks | None = None) -> str:
        """Plain user text → escaped markup, each run of characters the family lacks in the
        first font of the ``fallback`` chain that has them (DejaVu, CJK, emoji)."""
        chain = fallback or CHAIN
        out: list[str] = []
        run: list[str] = []
        face: str | None = None  # None: the family's own
        for char in text:
            # a space is the family's own (Noto Emoji's is 1.3 em wide)
            wanted = None if ord(char) in self.covered else _face_for(char, chain)
            if wanted == "":
                continue  # a variation selector, skin-tone modifier or control character: dropped
            if wanted != face and run:
                out.append(_run("".join(run), face))
                run = []
            face = wanted
            run.append("\ufffd" if wanted == chain.missing else char)
        if run:
            out.append(_run("".join(run), face))
        return "".join(out)


@dataclass(frozen=True)
class Fallbacks:
    """The faces that print what a family lacks, in order: DejaVu Sans, CJK, emoji
    (a character none of them has prints as U+FFFD in ``missing``, DejaVu's)."""

    dejavu: str
    cjk: str
    emoji: str

    @property
    def missing(self) -> str:
        return self.dejavu + "\ufffd"  # a marker, never a font name


CHAIN = Fallbacks(FALLBACK, CJK, EMOJI)


def _face_for(char: str, chain: Fallbacks) -> str:
    """The fallback face for a character the family lacks ("" to drop it)."""
    code = ord(char)
    if unicodedata.category(char)[0] == "C" or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF:
        # ReportLab would write the empty .notdef box under code 0, mapped to U+0000: dropped.
        # A skin tone or emoji/text selector changes nothing on a black-and-white page.
        return ""
    if _in_cjk_blocks(code):  # DejaVu has nothing in these blocks, the CJK file nothing outside them
        return chain.cjk if code in _covered(CJK) else chain.missing
    if code in _covered(FALLBACK):
        return chain.dejavu
    return chain.emoji if code in _covered(EMOJI) else chain.missing


def _in_cjk_blocks(code: int) -> bool:
    return any(low <= code <= high for low, high in CJK_BLOCKS)


def _run(text: str, face: str | None) -> str:
    # xml.sax.saxutils.escape(text, {'"': "&quot;"}), without the urllib, http and email
    # modules that importing saxutils loads
    safe = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")
    if face is None:
        return safe
    face = face.removesuffix("\ufffd")  # what no font has prints as U+FFFD, in DejaVu
    _LAZY.get(face, _nothing)()  # a fallback's faces are read only when some text needs them
    return f'<font face="{face}">{safe}</font>'


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
    base = name.removesuffix("-Bold")
    if base in FALLBACK_FILES:
        _fallback(base)
    else:
        _LAZY.get(name, _nothing)()


@functools.cache
def _bundled(name: str) -> Family:
    folder = bundled_root().fonts
    files = BUNDLED[name]
    paths = tuple(folder / f if f else None for f in files)
    return _register(name.capitalize(), paths[0], paths[1], paths[2], paths[3])  # type: ignore[arg-type]


@functools.cache
def _fallback(name: str) -> None:
    """Register a fallback's faces (DejaVu, CJK or emoji) and its family mapping."""
    folder = bundled_root().fonts
    regular, bold = FALLBACK_FILES[name]
    pdfmetrics.registerFont(TTFont(name, str(folder / regular)))
    bold_face = name
    if bold:
        bold_face = name + "-Bold"
        pdfmetrics.registerFont(TTFont(bold_face, str(folder / bold)))
    addMapping(name, 0, 0, name)
    addMapping(name, 1, 0, bold_face)
    addMapping(name, 0, 1, name)  # no oblique shipped: upright stands in
    addMapping(name, 1, 1, bold_face)


for _name in FALLBACK_FILES:
    _LAZY[_name] = functools.partial(_fallback, _name)


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
def _covered(name: str) -> frozenset[int]:
    """The characters the fallback ``name`` has (read when a text first needs it)."""
    _fallback(name)
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)  # type: ignore[attr-defined]


def uncovered(text: str, font: str | BrandFont = "atkinson") -> list[str]:
    """Characters of ``text`` that neither the family nor any fallback can print, in order."""
    own = family(font).covered
    found: dict[str, None] = {}
    for char in text:
        if ord(char) not in own and not char.isspace():
            found[char] = None
    # the fallbacks' character maps are read only when the family lacks something
    return [char for char in found if _face_for(char, CHAIN) == CHAIN.missing]


@functools.cache
def field_fonts(regular: str, bold: str) -> tuple[str, Fallbacks]:
    """Second instances of a family's bold face and of the fallbacks, for the patient's
    name and the date only. Their glyphs then never share a subset with the rest of
    the page, so every other byte of a handout is the same whatever the name."""
    main = f"{bold}~field"  # replay.FIELD_SUFFIX
    _register_twin(main, pdfmetrics.getFont(bold))
    twins = Fallbacks(*(f"{face}~field" for face in ("DejaVu-Bold", CJK, EMOJI)))
    for twin, base, face in zip((twins.dejavu, twins.cjk, twins.emoji), FALLBACK_FILES,
                                ("DejaVu-Bold", CJK, EMOJI), strict=True):
        _LAZY[twin] = functools.cache(functools.partial(_fallback_twin, twin, base, face))
    return main, twins


def _fallback_twin(twin: str, base: str, face: str) -> None:
    _fallback(base)
    _register_twin(twin, pdfmetrics.getFont(face))


def _register_twin(name: str, base: object) -> None:
    """Register ``name`` as a second instance of the TrueType font ``base``: its own subsets
    (so its own bytes in the file), the face already read (reading a face is the slow part)."""
    twin = copy.copy(base)
    twin.fontName = name  # type: ignore[attr-defined]
    twin.state = weakref.WeakKeyDictionary()  # type: ignore[attr-defined]
    twin.encoding = TTEncoding()  # type: ignore[attr-defined]
    twin.face = copy.copy(base.face)  # type: ignore[attr-defined]
    twin.face.name = base.face.name + b"-Name"  # type: ignore[attr-defined]  # its own PDF font objects
    # the copies must not keep what layout/savecache.py bound to the originals (it would add
    # the original's objects a second time); savecache wraps the twin on its own
    twin.__dict__.pop("addObjects", None)
    twin.face.__dict__.pop("addSubsetObjects", None)  # type: ignore[attr-defined]
    # not registerFont: it files a second font of an already registered face under the
    # first one, so the "twin" was the page's own font and the name's glyphs went into its
    # subsets (and, through a replayed layout, into the next patient's file)
    pdfmetrics._fonts[name] = twin  # type: ignore[attr-defined]
    addMapping(name, 0, 0, name)
    addMapping(name, 1, 0, name)
    addMapping(name, 0, 1, name)
    addMapping(name, 1, 1, name)
