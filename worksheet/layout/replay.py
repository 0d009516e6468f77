"""Handouts that differ only by the patient's name and date are laid out once.

A batch prints the same sheet for many patients. The first handout of a
layout is built normally while its pages are recorded (their content
operators and canvas state, and the fonts' final subsets); the next ones
skip the story and replay those pages, then draw what differs at save time:
the name and date (in font instances of their own, so no other byte moves),
the footers and the outline. The result is byte-identical to a full build,
which the tests check against a fresh process.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfgen.canvas import Canvas

from worksheet.layout.fonts import ensure_registered

# canvas attributes that belong to the document or the build, not to a page
_NOT_PAGE_STATE = frozenset({"_filename", "_doc", "_pages", "_doctemplate", "_onPage", "recorded_pages",
                             "fonts_at_save", "tag_fields", "_destinations", "_outlines", "_namedCB",
                             "_codeStack"})
KEEP = 64  # layouts remembered per process (a batch usually has a handful)


@dataclass(frozen=True)
class Recording:
    """The pages of one built handout and the font subsets they refer to."""

    pages: tuple[dict[str, Any], ...]
    fonts: tuple[tuple[str, Any], ...]
    """(font name, its final subset state), in the order the document registered them."""
    images: tuple[tuple[str, Any], ...] = ()
    """(XObject name, image object) of the raster pictures, in the order the document numbered them."""


_RECORDINGS: OrderedDict[object, Recording] = OrderedDict()


def page_snapshot(canvas: Canvas) -> dict[str, Any]:
    """A copy of the canvas's state for the page it is finishing."""
    return {k: _copied(v) for k, v in canvas.__dict__.items()
            if k not in _NOT_PAGE_STATE and not callable(v)}


def _copied(value: Any) -> Any:
    return copy.copy(value) if isinstance(value, (list, dict)) else value


FIELD_SUFFIX = "~field"  # the name and date fonts, drawn anew in every handout


def font_snapshot(canvas: Canvas) -> tuple[tuple[str, Any], ...]:
    """The document's fonts and their subsets as they stand (call it just before saving:
    saving hands the subsets over to the file and forgets them)."""
    doc = canvas._doc  # type: ignore[attr-defined]
    fonts = []
    for font in doc.delayedFonts:
        if font.fontName.endswith(FIELD_SUFFIX):
            continue
        state = _font_state(font.state[doc])
        state.internalName, state.frozen = None, 0
        fonts.append((font.fontName, state))
    return tuple(fonts)


def _font_state(state: Any) -> Any:
    """A copy of a TrueType font's subset state for another document: its assignments
    (a dict of ints) and subsets (lists of ints) are its only mutable parts, so this is a
    deep copy at a fraction of ``copy.deepcopy``'s cost."""
    own = copy.copy(state)
    own.assignments = dict(state.assignments)
    own.subsets = [list(subset) for subset in state.subsets]
    return own


def image_snapshot(canvas: Canvas) -> tuple[tuple[str, Any], ...]:
    """The document's raster images (and their soft masks), in the order they were numbered:
    they are drawn before the pages are written, so nothing else is numbered between them."""
    doc = canvas._doc  # type: ignore[attr-defined]
    found = [(doc.idToObjectNumberAndVersion[name][0], name, obj)
             for name, obj in doc.idToObject.items() if isinstance(obj, PDFImageXObject)]
    return tuple((name, obj) for _, name, obj in sorted(found, key=lambda f: f[0]))


def remember(key: object, pages: list[dict[str, Any]], fonts: tuple[tuple[str, Any], ...],
             images: tuple[tuple[str, Any], ...] = ()) -> None:
    """Keep a finished build's pages, fonts and images for replay under ``key``."""
    if any(page.get("_annotationrefs") for page in pages):
        return  # form fields are objects of their document: build those in full
    _RECORDINGS[key] = Recording(tuple(pages), fonts, images)
    if len(_RECORDINGS) > KEEP:
        _RECORDINGS.popitem(last=False)


def install(key: object, found: Recording) -> None:
    """Take a recording read from the on-disk cache as if this process had built it."""
    _RECORDINGS[key] = found
    if len(_RECORDINGS) > KEEP:
        _RECORDINGS.popitem(last=False)


def recording(key: object) -> Recording | None:
    """The recording for ``key``, if this process has built that layout before."""
    found = _RECORDINGS.get(key)
    if found is not None:
        _RECORDINGS.move_to_end(key)
    return found


def replay(found: Recording, canvas: Canvas) -> list[dict[str, Any]]:
    """Register the recorded fonts in ``canvas``'s document in the same order and return
    the pages' states, ready for the canvas's deferred save."""
    doc = canvas._doc  # type: ignore[attr-defined]
    for name, image in found.images:
        # what Document.Reference does for a new object, for an object another document
        # numbered first (its own Reference refuses those): the same number, the same name
        number = doc.objectcounter = doc.objectcounter + 1
        doc.idToObjectNumberAndVersion[name] = (number, 0)
        doc.numberToId[number] = name
        doc.idToObject[name] = image
    for name, state in found.fonts:
        ensure_registered(name)
        font = pdfmetrics.getFont(name)
        own = _font_state(state)
        font.state[doc] = own  # type: ignore[attr-defined]
        font.getSubsetInternalName(0, doc)  # type: ignore[attr-defined]  # takes the next F number
    fresh = {k: v for k, v in canvas.__dict__.items() if k in _NOT_PAGE_STATE or callable(v)}
    return [{**fresh, **{k: _copied(v) for k, v in page.items()}} for page in found.pages]
