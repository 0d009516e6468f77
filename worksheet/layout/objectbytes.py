"""Writing a handout's objects whose bytes are known already, without formatting them again.

ReportLab writes a file one object at a time, and formats every object anew: about 440
objects for the demo sheet, 400 of them the structure tree (whose bytes ``structure``
makes once per layout) and a dozen font objects that are the same for every patient.
This module writes the same file with less work:

- ``write_file`` is ReportLab's ``PDFDocument.format`` step for step (same numbering,
  same side effects, same bytes), but an object whose bytes are ready (``Ready``) is put
  into the file as it is, with its ``n 0 obj`` wrapper kept for its number.
- ``fonts_once`` makes a font's subset objects (the ToUnicode map, the descriptor, the
  font file and the font dictionary) once for each face, subset and first object number:
  these are a pure function of those, so the next document that numbers them alike gets
  the same bytes without building and formatting them.

A piece is reused only under a key that holds everything its bytes depend on; anything
else goes through ReportLab as before (the tests compare whole files with fresh builds).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc

KEEP_FONTS = 256  # font subsets whose objects are kept (layouts' fonts and names' fonts)


class Ready(pdfdoc.PDFObject):
    """An object whose bytes are made: formatting returns them (``wrapped`` keeps the
    whole ``n 0 obj … endobj`` for the number it was last written under)."""

    def __init__(self, data: bytes, name: str | None = None, ref_only: bool = False) -> None:
        self.data = data
        self.wrapped: tuple[int, bytes] | None = None
        if name is not None:
            self.__InternalName__ = name  # what Document.Reference looks for: "already registered"
        if ref_only:
            self.__RefOnly__ = 1  # inside another object: written as a reference (a font in BasicFonts)

    def format(self, document: Any) -> bytes:
        return self.data


def _wrapped(number: int, data: bytes) -> bytes:
    """``PDFIndirectObject.format`` for ready bytes (version 0, no encryption)."""
    return b"%d 0 obj\n" % number + data + (b"" if data.endswith(b"\n") else b"\n") + b"endobj\n"


def write_file(doc: Any) -> bytes:
    """``doc.format()`` (ReportLab's ``PDFDocument.format``) with ready objects written as
    they are. Objects formatted here may number new ones, which are written in turn."""
    commented = rl_config.pdfComments and not rl_config.invariant
    if commented or not isinstance(doc.encrypt, pdfdoc.NoEncryption):
        return type(doc).format(doc)  # type: ignore[no-any-return]  # (never, for our handouts)
    from worksheet.layout.structure import _Raw  # the structure tree's objects: bytes made once

    doc.encrypt.prepare(doc)
    cat, info = doc.Catalog, doc.info
    doc.Reference(cat)
    doc.Reference(info)
    numbers, objects, offsets = doc.numberToId, doc.idToObject, doc.idToOffset
    versions = doc.idToObjectNumberAndVersion
    out = pdfdoc.PDFFile(doc._pdfVersion)
    doc.__accum__ = out
    chunks, offset = out.strings, out.offset
    ids: list[str] = []
    wanted = {name for _, names, _ in doc.__dict__.get("fonts_to_keep", ()) for name in names}
    written: dict[str, bytes] = {}
    counter = 0
    while True:
        counter += 1
        if counter not in numbers:
            break
        oid = numbers[counter]
        obj = objects[oid]
        if type(obj) is Ready or type(obj) is _Raw:
            kept = getattr(obj, "wrapped", None)
            if kept is not None and kept[0] == counter:
                data = kept[1]
            else:
                data = _wrapped(counter, obj.data)
                obj.wrapped = (counter, data)  # type: ignore[union-attr]  # (only the number may change)
        else:
            data = pdfdoc.PDFIndirectObject(oid, obj).format(doc)
        if oid in wanted:
            written[oid] = data
        offsets[oid] = offset
        offset += len(data)
        chunks.append(data)
        ids.append(oid)
    out.offset = offset
    del doc.__accum__
    _keep_fonts(doc, written)
    if counter - 1 != len(numbers):
        raise ValueError(f"counter {counter} doesn't match number to id dictionary {len(numbers)}")
    if any(versions[oid] != (n, 0) for n, oid in enumerate(ids, start=1)):
        raise ValueError("object numbers out of order")
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % (len(ids) + 1) + \
        b"".join(b"%010d 00000 n \n" % offsets[oid] for oid in ids)
    at = out.add(xref)
    trailer = pdfdoc.PDFTrailer(startxref=at, Size=len(numbers) + 1, Root=doc.Reference(cat),
                                Info=doc.Reference(info), Encrypt=None, ID=doc.ID())
    out.add(trailer.format(doc))
    for signature in getattr(doc, "_digiSigs", []):
        signature.sign(out)
    return out.format(doc)


_FONTS: OrderedDict[tuple[object, ...], tuple[tuple[str, int, bytes, bool], ...]] = OrderedDict()
_REFERENCE = re.compile(rb"(\d+) 0 R")


def fonts_once(font: Any, add: Any) -> Any:
    """``font.addObjects`` (``add``: the one it had) that registers the bytes kept for a subset
    written before under the same first object number; a subset seen first is made by ``add``
    and its bytes are kept once the file is written (``write_file``)."""

    def objects(doc: Any) -> None:
        state = font.state.get(doc)
        face = font.face
        if state is None or not doc.compression or state.internalName is None:
            return add(doc)  # type: ignore[no-any-return]
        key = (type(font), face.filename, face.name, face.subfontNameX, state.internalName,
               tuple(tuple(subset) for subset in state.subsets), doc.objectcounter, rl_config.useA85)
        kept = _FONTS.get(key)
        if kept is None:
            first, before = doc.objectcounter, dict(doc.idToObject["BasicFonts"].dict)
            add(doc)
            names = tuple(doc.numberToId[n] for n in range(first + 1, doc.objectcounter + 1))
            basic = doc.idToObject["BasicFonts"].dict
            fonts = {k for k, v in basic.items() if before.get(k) is not v}
            if fonts <= set(names) and all(basic[k] is v for k, v in before.items()):
                doc.__dict__.setdefault("fonts_to_keep", []).append((key, names, fonts))
            return None
        _FONTS.move_to_end(key)
        basic = doc.idToObject["BasicFonts"].dict
        for name, number, data, is_font in kept:
            obj = Ready(data[len(b"%d 0 obj\n" % number):-len(b"endobj\n")], name, ref_only=is_font)
            obj.wrapped = (number, data)
            doc.objectcounter += 1  # what Document.Reference does for a new object
            doc.idToObjectNumberAndVersion[name] = (doc.objectcounter, 0)
            doc.numberToId[doc.objectcounter] = name
            doc.idToObject[name] = obj
            if is_font:
                basic[name] = obj
        font.state.pop(doc, None)  # as ReportLab's addObjects leaves it
        return None

    objects.owner = font  # type: ignore[attr-defined]
    return objects


def _keep_fonts(doc: Any, written: dict[str, bytes]) -> None:
    """Keep the written bytes of the font blocks this file made, when they refer only to
    each other (then they come out the same wherever they are numbered alike)."""
    for key, names, fonts in doc.__dict__.pop("fonts_to_keep", ()):
        numbers = {doc.idToObjectNumberAndVersion[name][0] for name in names}
        kept = []
        for name in names:
            data = written[name]
            head = data.split(b"stream\n", 1)[0]  # a stream's own bytes are not references
            if any(int(n) not in numbers for n in _REFERENCE.findall(head)):
                break
            kept.append((name, doc.idToObjectNumberAndVersion[name][0], data, name in fonts))
        else:
            _FONTS[key] = tuple(kept)
            if len(_FONTS) > KEEP_FONTS:
                _FONTS.popitem(last=False)
