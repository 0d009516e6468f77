"""Join finished PDFs into one, streaming: memory stays flat however many files there are.

pypdf's writer keeps every page of every file in memory until the end (10,000
handouts peaked at 3.3 GB). Here each file is read, its pages and everything
they use are copied out with new object numbers, and the file is let go; only
the byte offsets of the objects written so far (8 bytes each) and one outline
entry per file stay. The result has one bookmark per file, at its first page.
"""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import Any, BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

_CATALOG, _PAGES = 1, 2
_DROPPED = {"/Parent", "/StructParents"}  # the new page tree is the parent; source tag trees stay behind


class PdfJoiner:
    """Writes a PDF into ``handle`` from the pages of the files given to ``add``."""

    def __init__(self, handle: BinaryIO) -> None:
        self.out = handle
        self.offsets = array("Q", [0, 0, 0])  # by object number; 1 and 2 are written last
        self.kids = array("Q")
        self.marks: list[tuple[str, int]] = []
        self.lang: PdfObject | None = None
        self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    @property
    def pages(self) -> int:
        return len(self.kids)

    def add(self, path: Path, title: str) -> None:
        """Copy every page of ``path``; ``title`` names its bookmark."""
        reader = PdfReader(path)
        root = reader.trailer["/Root"].get_object()
        if self.lang is None and isinstance(root, DictionaryObject):
            self.lang = root.get("/Lang")
        mapping: dict[tuple[int, int], int] = {}
        queue: list[IndirectObject] = []

        def ref(indirect: IndirectObject) -> IndirectObject:
            key = (indirect.idnum, indirect.generation)
            if key not in mapping:
                mapping[key] = self._new_number()
                queue.append(indirect)
            return IndirectObject(mapping[key], 0, None)

        first = len(self.kids)
        for page in reader.pages:
            assert page.indirect_reference is not None  # pages of a file read from disk always have one
            self.kids.append(ref(page.indirect_reference).idnum)
        while queue:
            indirect = queue.pop()
            source = indirect.get_object()
            copied = _copy(source, ref)
            if isinstance(copied, DictionaryObject) and copied.get("/Type") == "/Page":
                copied[NameObject("/Parent")] = IndirectObject(_PAGES, 0, None)
            self._write(mapping[(indirect.idnum, indirect.generation)], copied)
        if len(self.kids) > first:
            self.marks.append((title, self.kids[first]))

    def finish(self) -> None:
        """The page tree, bookmarks, catalog, cross-reference table and trailer."""
        outline = self._outline()
        self._begin(_PAGES)
        self.out.write(b"<< /Type /Pages /Count %d /Kids [" % len(self.kids))
        for start in range(0, len(self.kids), 1000):
            self.out.write(b"".join(b"%d 0 R " % k for k in self.kids[start:start + 1000]))
        self.out.write(b"] >>\nendobj\n")
        catalog = DictionaryObject({NameObject("/Type"): NameObject("/Catalog"),
                                    NameObject("/Pages"): IndirectObject(_PAGES, 0, None)})
        if outline is not None:
            catalog[NameObject("/Outlines")] = IndirectObject(outline, 0, None)
        if self.lang is not None:
            catalog[NameObject("/Lang")] = self.lang
        self._write(_CATALOG, catalog)
        info = self._new_number()
        self._write(info, DictionaryObject({NameObject("/Producer"): TextStringObject("worksheet")}))
        start = self.out.tell()
        self.out.write(b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets))
        for number in range(1, len(self.offsets)):
            self.out.write(b"%010d 00000 n \n" % self.offsets[number])
        self.out.write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                       % (len(self.offsets), _CATALOG, info, start))

    def _outline(self) -> int | None:
        if not self.marks:
            return None
        root = self._new_number()
        numbers = [self._new_number() for _ in self.marks]
        for index, ((title, page), number) in enumerate(zip(self.marks, numbers, strict=True)):
            item = DictionaryObject({
                NameObject("/Title"): TextStringObject(title),
                NameObject("/Parent"): IndirectObject(root, 0, None),
                NameObject("/Dest"): ArrayObject([IndirectObject(page, 0, None), NameObject("/Fit")]),
            })
            if index:
                item[NameObject("/Prev")] = IndirectObject(numbers[index - 1], 0, None)
            if index + 1 < len(numbers):
                item[NameObject("/Next")] = IndirectObject(numbers[index + 1], 0, None)
            self._write(number, item)
        self._write(root, DictionaryObject({
            NameObject("/Type"): NameObject("/Outlines"),
            NameObject("/First"): IndirectObject(numbers[0], 0, None),
            NameObject("/Last"): IndirectObject(numbers[-1], 0, None),
            NameObject("/Count"): NumberObject(len(numbers)),
        }))
        return root

    def _new_number(self) -> int:
        self.offsets.append(0)
        return len(self.offsets) - 1

    def _begin(self, number: int) -> None:
        self.offsets[number] = self.out.tell()
        self.out.write(b"%d 0 obj\n" % number)

    def _write(self, number: int, obj: PdfObject) -> None:
        self._begin(number)
        obj.write_to_stream(self.out)
        self.out.write(b"\nendobj\n")


def _copy(obj: Any, ref: Any) -> Any:
    """``obj`` with every reference renumbered by ``ref`` (stream bytes stay as they are)."""
    if isinstance(obj, IndirectObject):
        return ref(obj)
    if isinstance(obj, StreamObject):
        stream = StreamObject()
        stream.update({k: _copy(v, ref) for k, v in obj.items() if k != "/Length"})
        stream._data = obj._data  # still encoded: the /Filter entry came along
        return stream
    if isinstance(obj, DictionaryObject):
        return DictionaryObject({k: _copy(v, ref) for k, v in obj.items() if k not in _DROPPED})
    if isinstance(obj, ArrayObject):
        return ArrayObject(_copy(v, ref) for v in obj)
    return obj

