"""What every handout of a layout writes the same, compressed once per process.

Writing the file is most of a replayed handout's time, and most of that is zlib:
each page's content stream is the layout's operators (the same for every patient)
followed by the footer, name and date (drawn at save). Deflate's output does not
depend on how its input is fed, so the compressor's state after the layout's part is
kept and a copy of it takes only the rest: the bytes are exactly ``zlib.compress`` of
the whole stream. Font subsets are a pure function of the face and the glyphs used,
so their file (subset and compressed) is made once for each.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from typing import Any

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFontFace
from reportlab.pdfgen.canvas import Canvas

from worksheet.layout.objectbytes import fonts_once, write_file
from worksheet.layout.replay import form_snapshot, object_snapshot

PREFIXES = 24  # page prefixes kept (a compressor's state is about 270 KB): a few layouts' pages
SUBSETS = 64  # font subset files kept

_PREFIXES: OrderedDict[str, tuple[bytes, Any]] = OrderedDict()
_SUBSETS: OrderedDict[tuple[int, tuple[int, ...]], tuple[int, bytes]] = OrderedDict()


class _FlateAfter:
    """A FlateDecode filter that starts from a compressor which has already taken ``prefix``."""

    pdfname = "FlateDecode"

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        head = self.prefix.encode("utf8")
        if not data.startswith(head):  # (never, unless ReportLab changes how a page is joined)
            return zlib.compress(data)
        found = _PREFIXES.get(self.prefix)
        if found is None:
            compressor = zlib.compressobj()
            found = (compressor.compress(head), compressor)
            _PREFIXES[self.prefix] = found
            if len(_PREFIXES) > PREFIXES:
                _PREFIXES.popitem(last=False)
        else:
            _PREFIXES.move_to_end(self.prefix)
        rest = found[1].copy()
        return found[0] + rest.compress(data[len(head):]) + rest.flush()


def prepare_save(canvas: Canvas, pages: list[dict[str, Any]]) -> None:
    """Before ``canvas`` writes ``pages`` (their states, each with the layout's ``_code``):
    compress each page's layout part once per process, and each font subset once."""
    doc = canvas._doc  # type: ignore[attr-defined]
    # the layout's part ends where the name or date will be put into the page (``draw_fields``)
    layout_lengths = [min([len(state["_code"]), *(slot[2] for slot in state.get("field_slots", ()))])
                      for state in pages]
    add_page = doc.addPage

    def add(page: Any) -> None:
        number = len(doc.Pages.pages)
        if page.compression and not rl_a85() and number < len(layout_lengths):
            code = canvas._code[:layout_lengths[number]]  # type: ignore[attr-defined]
            head = [*canvas._psCommandsBeforePage, canvas._preamble, *code]  # type: ignore[attr-defined]
            prefix = "\n".join(head) + "\n"
            stream = pdfdoc.PDFStream()
            stream.filters = [_FlateAfter(prefix)]
            stream.content = page.stream
            stream.__Comment__ = "page stream"  # type: ignore[attr-defined]
            page.Contents = stream
        add_page(page)

    doc.addPage = add
    for name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(name)
        face = getattr(font, "face", None)
        if not isinstance(face, TTFontFace):
            continue
        # a copied font or face (the name's twins, layout/fonts.py) carries its original's
        # wrappers in its __dict__: each object gets wrappers bound to itself
        if getattr(face.__dict__.get("addSubsetObjects"), "owner", None) is not face:
            face.addSubsetObjects = _subset_objects(face)  # type: ignore[method-assign]
        if getattr(font.__dict__.get("addObjects"), "owner", None) is not font:
            font.addObjects = fonts_once(font, _widths_once(font))  # type: ignore[method-assign]
    doc.format = lambda: write_file(doc)


class _Numbers(pdfdoc.PDFArray):
    """An array of plain numbers (a subset's glyph widths), formatted once per process."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:  # noqa: N803 (ReportLab's name)
        key = tuple(self.sequence)
        found = _WIDTHS.get(key)
        if found is None:
            found = _WIDTHS[key] = super().format(document, IND)
            if len(_WIDTHS) > SUBSETS:
                _WIDTHS.pop(next(iter(_WIDTHS)))
        return found


_WIDTHS: dict[tuple[object, ...], bytes] = {}


def _widths_once(font: Any) -> Any:
    """``font.addObjects`` whose subsets' width arrays are formatted once per process."""

    def add(doc: Any) -> None:
        type(font).addObjects(font, doc)
        for value in doc.idToObject["BasicFonts"].dict.values():
            widths = getattr(value, "Widths", None)
            if type(widths) is pdfdoc.PDFArray and all(type(n) is int for n in widths.sequence):
                value.Widths = _Numbers(widths.sequence)

    add.owner = font  # type: ignore[attr-defined]
    return add


def rl_a85() -> bool:
    from reportlab import rl_config

    return bool(rl_config.useA85)


def _subset_objects(face: TTFontFace) -> Any:
    """``face.addSubsetObjects`` (ReportLab's, line for line) with its font file made and
    compressed once per subset."""

    def add(doc: Any, fontname: str, subset: list[int]) -> Any:
        if not doc.compression:
            return TTFontFace.addSubsetObjects(face, doc, fontname, subset)  # type: ignore[no-untyped-call]
        key = (id(face), tuple(subset))
        found = _SUBSETS.get(key)
        if found is None:
            data = face.makeSubset(subset)
            found = (len(data), zlib.compress(data))
            _SUBSETS[key] = found
            if len(_SUBSETS) > SUBSETS:
                _SUBSETS.popitem(last=False)
        else:
            _SUBSETS.move_to_end(key)
        font_file = pdfdoc.PDFStream()
        font_file.content = found[1]
        font_file.dictionary["Length1"] = found[0]
        font_file.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])  # already applied
        reference = doc.Reference(font_file, f"fontFile:{face.filename}({fontname})")
        flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight,
            "Descent": face.descent, "Flags": flags, "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(fontname), "ItalicAngle": face.italicAngle, "StemV": face.stemV,
            "FontFile2": reference, "MissingWidth": face.defaultWidth,
        })
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)

    add.owner = face  # type: ignore[attr-defined]
    return add


def saving_once(maker: type[Canvas]) -> type[Canvas]:
    """``maker`` (a canvas that keeps its pages' states in ``_pages`` until it saves) with
    ``prepare_save`` run as it saves, and what its drawing added to the document kept for
    replay (``objects_at_save``, ``form_at_save``)."""

    class SavesOnce(maker):  # type: ignore[valid-type, misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.first_free = self._doc.objectcounter  # the document's own objects end here
            self.objects_at_save: tuple[tuple[str, Any], ...] = ()
            self.form_at_save: dict[str, Any] | None = None

        def save(self) -> None:
            objects, form = object_snapshot(self, self.first_free), form_snapshot(self)
            prepare_save(self, self._pages)
            super().save()  # (which puts each page's state back, these attributes included)
            self.objects_at_save, self.form_at_save = objects, form

    return SavesOnce
