"""Join finished PDFs into one, streaming: memory stays flat however many files there are.

pypdf's writer keeps every page of every file in memory until the end (10,000
handouts peaked at 3.3 GB). Here each file is read, its pages and everything
they use are copied out with new object numbers, and the file is let go; only
the byte offsets of the objects written so far (8 bytes each) and the outline
entries stay. The bookmarks are grouped per patient: the name on top (at the
handout's first page), the handout's own bookmarks (its sections) below; a patient
with several handouts in a row gets one entry, with each handout's title between.
For duplex printing, ``blank_to_even`` ends a handout of odd length with an empty
page, so that the next one starts on a new sheet.

Tagged files stay tagged: each file's structure tree becomes a ``Part`` of one
``Document``, and the parent-tree keys of its pages and widgets are renumbered
into one parent tree, so the joined file is a tagged PDF (PDF/UA-1) too.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

_CATALOG, _PAGES, _TREE, _DOCUMENT = 1, 2, 3, 4
_KEYS = ("/StructParents", "/StructParent")  # a page's or an annotation's key into the parent tree


@dataclass(slots=True)
class _Mark:
    """One bookmark: its title, where it points (a page's object number and the rest of the
    destination) and the bookmarks below it."""

    title: str
    page: int
    view: list[Any] = field(default_factory=list)
    kids: list[_Mark] = field(default_factory=list)


class PdfJoiner:
    """Writes a PDF into ``handle`` from the pages of the files given to ``add``."""

    def __init__(self, handle: BinaryIO) -> None:
        self.out = handle
        self.offsets = array("Q", [0] * 5)  # by object number; 1 to 4 are written last
        self.kids = array("Q")
        self.marks: list[_Mark] = []
        self._patient: str | None = None  # whose entry the last file went under
        self._grouped = False  # whether that entry lists handouts (not one handout's sections)
        self._first_title = ""
        self._last_box: list[float] = [0, 0, 612, 792]
        self.lang: PdfObject | None = None
        self.title = ""
        self.tagged = True  # until a file without a structure tree comes
        self.parts = array("Q")
        self.parent_tree = array("Q")  # key, object number, key, object number, …
        self.role_map: PdfObject | None = None
        self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    @property
    def pages(self) -> int:
        return len(self.kids)

    def add(self, path: Path, title: str, patient: str = "") -> None:
        """Copy every page of ``path``; its bookmarks go under ``patient`` (when given;
        else under ``title``)."""
        reader = PdfReader(path)
        root = reader.trailer["/Root"].get_object()
        info = reader.metadata
        if not self.title and info is not None and info.title:
            self.title = str(info.title)
        lang = root.get("/Lang") if isinstance(root, DictionaryObject) else None
        if self.lang is None:
            self.lang = lang
        tree = root.get("/StructTreeRoot") if isinstance(root, DictionaryObject) else None
        tree = tree.get_object() if tree is not None else None
        if not isinstance(tree, DictionaryObject):
            self.tagged = False
        mapping: dict[tuple[int, int], int] = {}
        queue: list[IndirectObject] = []

        def ref(indirect: IndirectObject) -> IndirectObject:
            key = (indirect.idnum, indirect.generation)
            if key not in mapping:
                mapping[key] = self._new_number()
                queue.append(indirect)
            return IndirectObject(mapping[key], 0, None)

        keys: dict[int, int] = {}
        first_part = len(self.parts)
        entries = _number_tree(tree["/ParentTree"]) if self.tagged and tree is not None else []
        if self.tagged and tree is not None:
            tree_ref = tree.indirect_reference
            if tree_ref is not None:  # the parts' parent is the joined Document
                mapping[(tree_ref.idnum, tree_ref.generation)] = _DOCUMENT
            for old, _ in entries:
                keys[old] = len(self.parent_tree) // 2 + len(keys)
            top = tree.raw_get("/K")  # (plain indexing would resolve the reference)
            for part in top if isinstance(top, ArrayObject) else [top]:
                if isinstance(part, IndirectObject):
                    self.parts.append(ref(part).idnum)
            if self.role_map is None and "/RoleMap" in tree:
                self.role_map = _copy(tree["/RoleMap"], ref, keys)
        first = len(self.kids)
        if reader.pages:
            self._last_box = [float(v) for v in reader.pages[-1].mediabox]
        for page in reader.pages:
            assert page.indirect_reference is not None  # pages of a file read from disk always have one
            self.kids.append(ref(page.indirect_reference).idnum)
        for old, value in entries:
            if isinstance(value, IndirectObject):
                number = ref(value).idnum
            else:
                number = self._new_number()
                self._write(number, _copy(value, ref, keys))
            self.parent_tree.extend((keys[old], number))
        parts = set(self.parts[first_part:])
        while queue:
            indirect = queue.pop()
            number = mapping[(indirect.idnum, indirect.generation)]
            copied = _copy(indirect.get_object(), ref, keys)
            if isinstance(copied, DictionaryObject) and copied.get("/Type") == "/Page":
                copied[NameObject("/Parent")] = IndirectObject(_PAGES, 0, None)
            if number in parts and isinstance(copied, DictionaryObject) and copied.get("/S") == "/Document":
                copied[NameObject("/S")] = NameObject("/Part")
                if lang is not None:  # a Spanish handout among English ones is read in Spanish
                    copied[NameObject("/Lang")] = lang
            self._write(number, copied)
        if len(self.kids) > first:
            sections = [_Mark(str(d.title), mapping[(d.dest_array[0].idnum, d.dest_array[0].generation)],
                              list(d.dest_array[1:]))
                        for d in _flat_outline(reader.outline)
                        if isinstance(d.dest_array[0], IndirectObject)
                        and (d.dest_array[0].idnum, d.dest_array[0].generation) in mapping]
            self._mark(patient or title, patient != "", (info.title if info else None) or title,
                       self.kids[first], sections)

    def _mark(self, name: str, is_patient: bool, title: str, page: int, sections: list[_Mark]) -> None:
        last = self.marks[-1] if self.marks else None
        if is_patient and last is not None and self._patient == name:  # the same patient's next handout
            if not self._grouped:
                last.kids = [_Mark(self._first_title, last.page, [], last.kids)]
                self._grouped = True
            last.kids.append(_Mark(title, page, [], sections))
            return
        self.marks.append(_Mark(name, page, [], sections))
        self._patient, self._first_title, self._grouped = (name if is_patient else None), title, False

    def blank_to_even(self) -> None:
        """An empty page after a file of odd length, the size of its last page (duplex printing:
        the next file starts on the front of a sheet). It holds no content, so it needs no tags."""
        if len(self.kids) % 2 == 0:
            return
        number = self._new_number()
        self._begin(number)
        last = self._last_box
        self.out.write(b"<< /Type /Page /Parent %d 0 R /MediaBox [%s] /Resources << >> >>\nendobj\n"
                       % (_PAGES, " ".join(_number(v) for v in last).encode()))
        self.kids.append(number)
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
        if self.tagged and self.parts:
            self._write_tree(catalog)
        self._write(_CATALOG, catalog)
        info = self._new_number()
        self._write(info, DictionaryObject({NameObject("/Producer"): TextStringObject("worksheet"),
                                            NameObject("/Title"): TextStringObject(self.title)}))
        start = self.out.tell()
        self.out.write(b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets))
        for number in range(1, len(self.offsets)):
            self.out.write(b"%010d 00000 n \n" % self.offsets[number])
        self.out.write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                       % (len(self.offsets), _CATALOG, info, start))

    def _write_tree(self, catalog: DictionaryObject) -> None:
        """One Document of the files' parts, one parent tree, and what marks the file as tagged."""
        def at(number: int) -> IndirectObject:
            return IndirectObject(number, 0, None)

        self._write(_DOCUMENT, DictionaryObject({
            NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document"),
            NameObject("/P"): at(_TREE), NameObject("/K"): ArrayObject(at(n) for n in self.parts)}))
        nums = self._new_number()
        self._begin(nums)
        self.out.write(b"<< /Nums [")
        pairs = self.parent_tree
        for start in range(0, len(pairs), 2000):
            chunk = pairs[start:start + 2000]
            self.out.write(b"".join(b"%d %d 0 R " % (chunk[i], chunk[i + 1])
                                    for i in range(0, len(chunk), 2)))
        self.out.write(b"] >>\nendobj\n")
        tree = DictionaryObject({
            NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): at(_DOCUMENT),
            NameObject("/ParentTree"): at(nums),
            NameObject("/ParentTreeNextKey"): NumberObject(len(pairs) // 2)})
        if self.role_map is not None:
            tree[NameObject("/RoleMap")] = self.role_map
        self._write(_TREE, tree)
        metadata = self._new_number()
        xmp = StreamObject()
        xmp.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
        xmp._data = _xmp(self.title, str(self.lang or "en-US")).encode("utf-8")
        self._write(metadata, xmp)
        catalog.update({
            NameObject("/StructTreeRoot"): at(_TREE), NameObject("/Metadata"): at(metadata),
            NameObject("/MarkInfo"): DictionaryObject({NameObject("/Marked"): BooleanObject(True)}),
            NameObject("/ViewerPreferences"): DictionaryObject(
                {NameObject("/DisplayDocTitle"): BooleanObject(True)})})

    def _outline(self) -> int | None:
        if not self.marks:
            return None
        root = self._new_number()
        first, last, count = self._outline_level(self.marks, root, open_=False)
        self._write(root, DictionaryObject({
            NameObject("/Type"): NameObject("/Outlines"),
            NameObject("/First"): IndirectObject(first, 0, None),
            NameObject("/Last"): IndirectObject(last, 0, None),
            NameObject("/Count"): NumberObject(count),
        }))
        return root

    def _outline_level(self, marks: list[_Mark], parent: int, open_: bool) -> tuple[int, int, int]:
        """Write ``marks`` (and below them) as the children of ``parent``; returns the first and
        last object numbers and how many entries show. A patient's entry starts closed (a long
        print job lists its names); what is below it starts open."""
        numbers = [self._new_number() for _ in marks]
        shown = len(marks)
        for index, (mark, number) in enumerate(zip(marks, numbers, strict=True)):
            view = mark.view or [NameObject("/Fit")]
            item = DictionaryObject({
                NameObject("/Title"): TextStringObject(mark.title),
                NameObject("/Parent"): IndirectObject(parent, 0, None),
                NameObject("/Dest"): ArrayObject([IndirectObject(mark.page, 0, None), *view]),
            })
            if mark.kids:
                first, last, below = self._outline_level(mark.kids, number, open_=True)
                item.update({NameObject("/First"): IndirectObject(first, 0, None),
                             NameObject("/Last"): IndirectObject(last, 0, None),
                             NameObject("/Count"): NumberObject(below if open_ else -below)})
                shown += below if open_ else 0
            if index:
                item[NameObject("/Prev")] = IndirectObject(numbers[index - 1], 0, None)
            if index + 1 < len(numbers):
                item[NameObject("/Next")] = IndirectObject(numbers[index + 1], 0, None)
            self._write(number, item)
        return numbers[0], numbers[-1], shown

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


def _copy(obj: Any, ref: Any, keys: dict[int, int]) -> Any:
    """``obj`` with every reference renumbered by ``ref`` and every parent-tree key by ``keys``
    (stream bytes stay as they are)."""
    if isinstance(obj, IndirectObject):
        return ref(obj)
    if isinstance(obj, StreamObject):
        stream = StreamObject()
        stream.update({k: _copy(v, ref, keys) for k, v in obj.items() if k != "/Length"})
        stream._data = obj._data  # still encoded: the /Filter entry came along
        return stream
    if isinstance(obj, DictionaryObject):
        copied = DictionaryObject()
        for key, value in obj.items():
            if key == "/Parent":  # the new page tree is the parent; form field trees stay behind
                continue
            if key in _KEYS:
                if int(value) not in keys:
                    continue  # a key the file's parent tree never named
                value = NumberObject(keys[int(value)])
            copied[NameObject(key)] = _copy(value, ref, keys)
        return copied
    if isinstance(obj, ArrayObject):
        return ArrayObject(_copy(v, ref, keys) for v in obj)
    return obj


def _flat_outline(outline: Any) -> list[Any]:
    """Every bookmark of a file's outline (pypdf gives lists for the ones below another)."""
    found: list[Any] = []
    for entry in outline:
        found += _flat_outline(entry) if isinstance(entry, list) else [entry]
    return found


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.4f}"


def _number_tree(node: Any) -> list[tuple[int, Any]]:
    """The (key, value) pairs of a number tree, in key order."""
    node = node.get_object()
    pairs: list[tuple[int, Any]] = []
    nums = node.get("/Nums", [])
    pairs += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in node.get("/Kids", []):
        pairs += _number_tree(kid)
    return sorted(pairs, key=lambda pair: pair[0])


def _xmp(title: str, lang: str) -> str:
    from xml.sax.saxutils import escape

    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f'<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>'
        '<pdf:Producer>worksheet</pdf:Producer><pdfuaid:part>1</pdfuaid:part>'
        '</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end="r"?>'
    )
