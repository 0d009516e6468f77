"""Handouts that differ only by the patient's name and date are laid out once.

A batch prints the same sheet for many patients. The first handout of a
layout is built normally while its pages are recorded (their content
operators and canvas state, and the fonts' final subsets); the next ones
skip the story and replay those pages, then draw what differs at save time:
the name and date (in font instances of their own, so no other byte moves),
the footers and the outline. The result is byte-identical to a full build,
which the tests check against a fresh process.

What the drawing added to the document itself (raster pictures, and a fillable
sheet's fields, widgets and their appearance streams) is registered again in the
replayed document under the same names and numbers, and the form is rebuilt
from its state when saving began (the name and date fields left empty are drawn
at save, as in a fresh build).
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFImageXObject, PDFObject, PDFStream
from reportlab.pdfgen.canvas import Canvas

from worksheet.layout.fonts import ensure_registered

# canvas attributes that belong to the document or the build, not to a page
_NOT_PAGE_STATE = frozenset({"_filename", "_doc", "_pages", "_doctemplate", "_onPage", "recorded_pages",
                             "fonts_at_save", "tag_fields", "_destinations", "_outlines", "_namedCB",
                             "_codeStack", "AcroForm", "first_free",
                             "objects_at_save", "form_at_save"})
KEEP = 64  # layouts remembered per process (a batch usually has a handful)


@dataclass(frozen=True)
class Recording:
    """The pages of one built handout and the font subsets they refer to."""

    pages: tuple[dict[str, Any], ...]
    fonts: tuple[tuple[str, Any], ...]
    """(font name, its final subset state), in the order the document registered them."""
    images: tuple[tuple[str, Any], ...] = ()
    """(name, object) of everything the drawing numbered in the document before it was saved, in
    that order: raster pictures and their masks, and a fillable sheet's fields, widgets and their
    appearance streams (``coldbuild`` keeps only layouts without any on disk)."""
    form: dict[str, Any] | None = None
    """The form (``canvas.acroForm``) as it stood when saving began: its fields, fonts and the
    appearance streams it shares; None: the sheet has no form."""


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


def object_snapshot(canvas: Canvas, first: int) -> tuple[tuple[str, Any], ...]:
    """The objects numbered after ``first`` (the document's own), in their order: the drawing's
    (pages are written at save, so nothing else is numbered between them). Call it as saving begins."""
    doc = canvas._doc  # type: ignore[attr-defined]
    names = [doc.numberToId[number] for number in range(first + 1, doc.objectcounter + 1)]
    return tuple((name, doc.idToObject[name]) for name in names)


_FORM_STATE = ("fields", "fonts", "_refMap", "_radios", "referenceMap", "extras")


def form_snapshot(canvas: Canvas) -> dict[str, Any] | None:
    """What ``canvas``'s form holds as saving begins (the fields drawn at save are added later)."""
    form = canvas.__dict__.get("AcroForm")
    if form is None:
        return None
    state = {name: copy.copy(getattr(form, name)) for name in _FORM_STATE}
    return {**state, "_pdfdocenc": form._pdfdocenc, "sigFlags": form.sigFlags}


def _form_for(canvas: Canvas, state: dict[str, Any]) -> None:
    """A form of ``canvas``'s own, holding the recorded fields, as ``canvas.acroForm`` makes it."""
    from reportlab.pdfbase.acroform import AcroForm

    form = AcroForm(canvas)
    for name, value in state.items():
        setattr(form, name, copy.copy(value))
    canvas.AcroForm = form  # type: ignore[attr-defined]
    canvas._doc._catalog.AcroForm = form  # type: ignore[attr-defined]


class _Written(PDFObject):
    """A recorded object that keeps its bytes: every replay numbers the objects it refers to
    alike (the tests check the whole file), and when they are not, it is formatted anew."""

    def __init__(self, obj: Any) -> None:
        self.obj = obj
        self.names = _references(obj)
        self.data: tuple[tuple[tuple[str, Any], ...], bytes] | None = None

    def format(self, document: Any) -> bytes:
        if self.names is None:  # (an object whose references are not known: never kept)
            return self.obj.format(document)  # type: ignore[no-any-return]
        numbers = document.idToObjectNumberAndVersion
        seen = tuple((name, numbers.get(name)) for name in self.names)
        if self.data is None or self.data[0] != seen:
            self.data = (seen, self.obj.format(document))
        return self.data[1]


def _references(obj: Any) -> tuple[str, ...] | None:
    """The names of the objects ``obj`` refers to; None if formatting it might do more than
    look their numbers up (number other objects, or read what the walk does not know)."""
    from reportlab.pdfbase.acroform import PDFFromString
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFObjectReference, PDFString

    found: list[str] = []
    todo = [obj]
    while todo:
        item = todo.pop()
        if isinstance(item, PDFObjectReference):
            found.append(item.name)
        elif isinstance(item, PDFImageXObject):
            todo.append(getattr(item, "smask", None))
        elif type(item) is PDFStream:
            todo.append(item.dictionary)
        elif type(item) is PDFDictionary:
            todo += item.dict.values()
        elif type(item) is PDFArray:
            todo += item.sequence
        elif isinstance(item, (list, tuple)):
            todo += item
        elif not isinstance(item, (str, bytes, int, float, type(None), PDFString, PDFFromString)):
            return None
        if item is not obj and getattr(item, "__RefOnly__", False):
            return None  # formatting would number it
    return tuple(sorted(set(found)))


def remember(key: object, pages: list[dict[str, Any]], fonts: tuple[tuple[str, Any], ...],
             objects: tuple[tuple[str, Any], ...] = (), form: dict[str, Any] | None = None) -> None:
    """Keep a finished build's pages, fonts and objects for replay under ``key``."""
    if form is None and any(page.get("_annotationrefs") for page in pages):
        return  # annotations of a kind not recorded here: build those in full
    from reportlab.pdfbase.acroform import PDFFromString

    # objects that formatting only reads: images, and a form's widgets and appearance streams
    readable = (PDFImageXObject, PDFDictionary, PDFStream, PDFFromString)
    if any(not isinstance(obj, readable) for _, obj in objects):
        return
    kept = tuple((name, _Written(obj)) for name, obj in objects)
    _RECORDINGS[key] = Recording(tuple(pages), fonts, kept, form)
    if len(_RECORDINGS) > KEEP:
        _RECORDINGS.popitem(last=False)


def forget() -> None:
    """Drop every recording: a key names files by path, and a long-lived process (a batch run
    in-process after another) may find a file changed under the same name since it recorded."""
    _RECORDINGS.clear()
    _DRAWN.clear()


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
    for name, obj in found.images:
        # what Document.Reference does for a new object, for an object another document
        # numbered first (its own Reference refuses those): the same number, the same name
        number = doc.objectcounter = doc.objectcounter + 1
        doc.idToObjectNumberAndVersion[name] = (number, 0)
        doc.numberToId[number] = name
        doc.idToObject[name] = obj
    if found.form is not None:
        _form_for(canvas, found.form)
    for name, state in found.fonts:
        ensure_registered(name)
        font = pdfmetrics.getFont(name)
        own = _font_state(state)
        font.state[doc] = own  # type: ignore[attr-defined]
        font.getSubsetInternalName(0, doc)  # type: ignore[attr-defined]  # takes the next F number
    fresh = {k: v for k, v in canvas.__dict__.items() if k in _NOT_PAGE_STATE or callable(v)}
    return [{**fresh, **{k: _copied(v) for k, v in page.items()}} for page in found.pages]


Drawn = tuple[list[str], dict[str, Any], dict[str, Any]]
"""Operators a drawing added to the page, and the canvas's and document's attributes it changed."""
_DRAWN: OrderedDict[int, tuple[Recording, dict[object, Drawn]]] = OrderedDict()
_UNCOMPARED = frozenset({"_code", "_pages", "recorded_pages"})  # (``_code`` is checked on its own)


def drawn_before(found: Recording) -> dict[object, Drawn]:
    """What was drawn at save in earlier replays of ``found`` (the footers), by what decides
    it: ``same_ops`` fills it."""
    entry = _DRAWN.get(id(found))
    if entry is None or entry[0] is not found:
        entry = _DRAWN[id(found)] = (found, {})
        if len(_DRAWN) > KEEP:
            _DRAWN.popitem(last=False)
    return entry[1]


def drawn_here(canvas: Canvas) -> dict[object, Drawn]:
    """What was drawn at save in this document (the name on each page's footer)."""
    return canvas._doc.__dict__.setdefault("drawn_here", {})  # type: ignore[attr-defined, no-any-return]


def same_ops(canvas: Canvas, kept: dict[object, Drawn] | None, key: object, draw: Callable[[], None],
             new_glyphs: bool = False) -> None:
    """``draw()`` on ``canvas``, or what it drew before under ``key`` in ``kept``: the same
    operators, and the canvas's and document's attributes it changed set to the same values.

    A drawing is kept only when that is all it did: the document numbered nothing and none
    of its lists or dicts grew, no list or dict of the canvas (nor its graphics states)
    changed, no attribute became a list or dict (it would be shared), and (unless
    ``new_glyphs``: ``kept`` belongs to this document) no font took a new glyph, so the
    operators' character codes mean the same in every document that starts from these states.
    ``key`` must hold everything else the drawing depends on."""
    if kept is None:
        draw()
        return
    found = kept.get(key)
    code = canvas._code  # type: ignore[attr-defined]
    doc = canvas._doc  # type: ignore[attr-defined]
    if found is not None:
        code.extend(found[0])
        canvas.__dict__.update(found[1])
        doc.__dict__.update(found[2])
        return
    before, held, doc_before = dict(canvas.__dict__), _held(canvas), dict(doc.__dict__)
    sizes = {k: len(v) for k, v in doc_before.items() if isinstance(v, (list, dict))}
    glyphs, start = _glyphs(doc), len(code)
    draw()
    changed = {k: v for k, v in canvas.__dict__.items() if k not in before or before[k] is not v}
    doc_changed = {k: v for k, v in doc.__dict__.items() if k not in doc_before or doc_before[k] is not v}
    if canvas.__dict__["_code"] is not code or before.keys() - canvas.__dict__.keys() \
            or _held(canvas) != held \
            or doc_before.keys() - doc.__dict__.keys() \
            or any(len(doc.__dict__[k]) != n for k, n in sizes.items()) \
            or any(isinstance(v, (list, dict, set)) for v in (*changed.values(), *doc_changed.values())) \
            or (not new_glyphs and _glyphs(doc) != glyphs):
        return
    kept[key] = (code[start:], changed, doc_changed)


def _held(canvas: Canvas) -> tuple[dict[str, Any], tuple[Any, ...]]:
    """Copies of the canvas's lists and dicts and of its graphics states' (all but the page's operators)."""
    state = canvas.__dict__.get("_extgstate")
    return ({k: copy.copy(v) for k, v in canvas.__dict__.items()
             if isinstance(v, (list, dict)) and k not in _UNCOMPARED},
            () if state is None else (dict(state._d), dict(state._c)))


def _glyphs(doc: Any) -> tuple[int, ...]:
    """How many characters each of the document's fonts has assigned so far."""
    out = []
    for font in doc.delayedFonts:
        state = getattr(font, "state", {}).get(doc)
        out.append(-1 if state is None else len(state.assignments))
    return tuple(out)
