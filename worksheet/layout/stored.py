"""A recorded layout as bytes for the on-disk cache, and back, trusting nothing in them;
and vector pictures kept there as the PDF operators they draw.

The body is a pickle of (layout, recording, warnings), read with an unpickler that
builds only the few plain classes a recording holds: the model's dataclasses, the
structure tree, ReportLab's font-subset state and graphics states, paths. Anything
else (or anything malformed) makes the entry unusable and it is built again. The
bytes are signed by ``worksheet.diskcache`` before they are ever unpickled.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sys
import zlib

import reportlab

from worksheet.layout.replay import Recording
from worksheet.model import Handout
from worksheet.safepickle import restricted_loads

_ALLOWED = {
    ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "PurePosixPath"),
    ("pathlib", "PureWindowsPath"), ("datetime", "date"), ("collections", "OrderedDict"),
    ("reportlab.pdfbase.ttfonts", "TTFont.State"), ("reportlab.pdfgen.canvas", "ExtGState"),
    ("reportlab.lib.colors", "Color"), ("reportlab.lib.colors", "CMYKColor"),
    ("reportlab.lib.colors", "CMYKColorSep"), ("worksheet.layout.replay", "Recording"),
    ("worksheet.layout.structure", "_Raw"), ("worksheet.layout.tags", "Element"),
    ("worksheet.layout.tags", "Tree"), ("worksheet.layout.tags", "Widget"),
}


def engine_versions() -> str:
    """What, besides our code, decides the bytes: Python, ReportLab, its accelerator, zlib, Pillow."""
    import PIL

    try:
        import _rl_accel  # type: ignore[import-not-found]

        accel = str(getattr(_rl_accel, "version", "?"))
    except ImportError:
        accel = "none"
    return (f"python {sys.version}; reportlab {reportlab.Version}; rl_accel {accel}; "
            f"zlib {zlib.ZLIB_RUNTIME_VERSION}; pillow {PIL.__version__}")


Warnings = tuple[tuple[str, ...], tuple[str, ...]]
"""What resolving the layout warned about, and the characters no font has (the name aside)."""


def dump(layout: Handout, found: Recording, warnings: Warnings) -> bytes:
    """The bytes to store for a recorded layout (``layout``: the handout without name and date)."""
    return pickle.dumps((layout, found, warnings), protocol=5)


def load(body: bytes) -> tuple[Handout, Recording, Warnings] | None:
    """The layout, its recording and its warnings; None when ``body`` is not one."""
    try:
        value = restricted_loads(body, _ALLOWED, "a recorded layout")
    except Exception:  # any malformed entry is a cache miss, never an error
        return None
    if not (isinstance(value, tuple) and len(value) == 3):
        return None
    layout, found, warnings = value
    if not (isinstance(layout, Handout) and isinstance(found, Recording) and _warnings(warnings)
            and isinstance(found.pages, tuple) and all(isinstance(page, dict) for page in found.pages)
            and isinstance(found.fonts, tuple)):
        return None
    if layout.patient or layout.date or layout.creation_date is not None or layout.warnings:
        return None  # an entry never carries a patient's name or date
    return layout, found, warnings


def _warnings(value: object) -> bool:
    return (isinstance(value, tuple) and len(value) == 2
            and all(isinstance(part, tuple) and all(isinstance(w, str) for w in part) for part in value))


Art = tuple[float, float, str]
"""A vector picture drawn once: its width and height (points) and its PDF operators."""


def _art_key(data: bytes, box: tuple[float, float], grayscale: bool, font: str) -> str | None:
    from worksheet import __version__, diskcache, stamps

    code = stamps.code_digest() if diskcache.enabled() else None
    if code is None:
        return None
    return diskcache.make_key("art", __version__, code, engine_versions(), hashlib.sha256(data).hexdigest(),
                              repr(box), repr(grayscale), font)


def kept_art(data: bytes, box: tuple[float, float], grayscale: bool, font: str) -> Art | None:
    """The operators an SVG (``data``) drew in a box this size before on this machine, if kept:
    a layout never seen skips parsing and drawing its pictures (svglib) again."""
    from worksheet import diskcache

    key = _art_key(data, box, grayscale, font)
    body = diskcache.load(key, diskcache.KEPT) if key is not None else None
    if body is None:
        return None
    try:
        width, height, code = json.loads(body)
    except (ValueError, TypeError):
        return None
    if not (isinstance(width, float) and isinstance(height, float) and isinstance(code, str)):
        return None
    return width, height, code


def keep_art(data: bytes, box: tuple[float, float], grayscale: bool, font: str, art: Art) -> None:
    """Keep what ``kept_art`` reads back."""
    from worksheet import diskcache

    key = _art_key(data, box, grayscale, font)
    if key is not None:
        diskcache.store(key, json.dumps([float(art[0]), float(art[1]), art[2]]).encode(), diskcache.KEPT)


def _aspect_key(data: bytes) -> str | None:
    from worksheet import __version__, diskcache, stamps

    code = stamps.code_digest() if diskcache.enabled() else None
    if code is None:
        return None
    digest = hashlib.sha256(data).hexdigest()
    return diskcache.make_key("aspect", __version__, code, engine_versions(), digest)


def kept_aspect(data: bytes) -> float | None:
    """Width over height of the SVG ``data`` as svglib measured it before on this machine, if kept."""
    from worksheet import diskcache

    key = _aspect_key(data)
    body = diskcache.load(key, diskcache.KEPT) if key is not None else None
    if body is None:
        return None
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, float) and value > 0 else None


def keep_aspect(data: bytes, value: float) -> None:
    """Keep what ``kept_aspect`` reads back (a float survives JSON exactly: it is written as its repr)."""
    from worksheet import diskcache

    key = _aspect_key(data)
    if key is not None:
        diskcache.store(key, json.dumps(value).encode(), diskcache.KEPT)
