"""The tagged-PDF objects written at save: structure tree, parent tree, MarkInfo and XMP.

``tags`` collects the tree while the pages are drawn; this module turns it into
ReportLab PDF objects in one deterministic walk (same tree, same object numbers,
so a replayed layout gives the same bytes as a fresh build), and gives every
page its ``/StructParents`` key and ``/Tabs /S``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas

from worksheet.layout.tags import Element, Tree, Widget

_PAGE_KEYS = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]


def mark_page(page: PDFPage, index: int) -> None:
    """The page's entry in the parent tree, and tab order by structure (for form fields)."""
    page.__NoDefault__ = _PAGE_KEYS  # the keys PDFPage writes when set
    page.StructParents = index  # type: ignore[attr-defined]
    page.Tabs = PDFName("S")  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Metadata:
    """What the XMP packet says about the document (the Info dictionary says the same)."""

    title: str
    lang: str
    author: str
    subject: str


Part = bytes | str
"""A literal piece of an object, or the name of an object whose reference goes there."""
Plan = tuple[tuple[str, tuple[Part, ...]], ...]
"""The tree's objects in the order they are registered: (name, parts)."""


class _Raw(PDFObject):
    """An object whose bytes are ready: formatting hundreds of small dictionaries the usual
    way costs more than the rest of a replayed handout."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


def write_structure(canvas: Canvas, tree: Tree, fields: dict[Element, tuple[int, int]], pages: int,
                    meta: Metadata) -> None:
    """Add the structure tree, the parent tree, MarkInfo and XMP to ``canvas``'s document."""
    doc = canvas._doc  # type: ignore[attr-defined]
    numbers = doc.idToObjectNumberAndVersion
    base = doc.objectcounter  # the tree's objects take the next numbers, in the plan's order
    key = (frozenset(fields.items()), base, tuple(numbers[f"Page{n}"][0] for n in range(1, pages + 1)))
    written = tree.plans.get(key)
    if written is None:  # the same layout, fields and numbering give the same bytes: made once
        plan = _plan(tree, fields, pages, doc)
        own = {name: base + 1 + index for index, (name, _) in enumerate(plan)}
        written = tuple((name, _Raw(b"".join(p if isinstance(p, bytes) else
                                             b"%d 0 R" % (own[p] if p in own else numbers[p][0])
                                             for p in parts)))
                        for name, parts in plan)
        if len(tree.plans) > 8:  # a layout meets few variants (name or not, date or not)
            tree.plans.clear()
        tree.plans[key] = written
    # registered as doc.Reference would, without its checks: the objects are ready, immutable
    # and shared by every handout of the layout
    for number, (name, obj) in enumerate(written, start=base + 1):
        numbers[name] = (number, 0)
        doc.numberToId[number] = name
        doc.idToObject[name] = obj
    doc.objectcounter = base + len(written)
    catalog = doc.Catalog
    catalog.StructTreeRoot = PDFObjectReference("StructTreeRoot")
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Metadata = doc.Reference(_xmp(meta))


def _plan(tree: Tree, fields: dict[Element, tuple[int, int]], pages: int, doc: Any) -> Plan:
    owners: dict[int, dict[int, str]] = {n: {} for n in range(1, pages + 1)}
    widgets: dict[int, str] = {}  # parent-tree key of a form field → its Form element
    objects: list[tuple[str, tuple[Part, ...]]] = [("StructTreeRoot", ())]  # filled in last
    top = _element(tree.root, "StructTreeRoot", fields, (owners, widgets), objects, doc)
    parent_tree: list[Part] = [b"<</Nums["]
    for number in range(1, pages + 1):
        found = owners[number]
        parent_tree.append(b"%d[" % (number - 1))
        for mcid in range(len(found)):
            parent_tree += [found[mcid], b" "]
        parent_tree.append(b"]")
    for key in sorted(widgets):
        parent_tree += [b"%d " % key, widgets[key], b" "]
    parent_tree.append(b"]>>")
    objects.append(("StructParentTree", tuple(parent_tree)))
    root: list[Part] = [b"<</Type/StructTreeRoot/ParentTree ", "StructParentTree",
                        b"/ParentTreeNextKey %d" % (max(widgets, default=pages - 1) + 1)]
    if top is not None:
        root += [b"/K ", *top]
    objects[0] = ("StructTreeRoot", (*root, b">>"))
    return tuple(objects)


def _element(element: Element, parent: str, fields: dict[Element, tuple[int, int]],
             where: tuple[dict[int, dict[int, str]], dict[int, str]],
             objects: list[tuple[str, tuple[Part, ...]]], doc: Any) -> tuple[Part, ...] | None:
    """The element's objects added to ``objects``; what its parent's /K lists for it."""
    owners, widgets = where
    kids = list(element.kids)
    if element.placeholder:
        if element not in fields:
            return None  # no name given: the line stays empty, and so does the tree
        kids = [fields[element]]
    name = f"StructElem{len(objects)}"
    index = len(objects)
    objects.append((name, ()))
    parts: list[Part] = [b"<</S/%s/P " % element.role.encode("ascii"), parent]
    parts.append(_attributes(element, doc))
    first_page = next((kid[0] for kid in kids if isinstance(kid, tuple)), None)
    if first_page is not None:
        parts += [b"/Pg ", f"Page{first_page}"]
    parts.append(b"/K[")
    for kid in kids:
        if isinstance(kid, Element):
            child = _element(kid, name, fields, where, objects, doc)
            if child is not None:
                parts += [*child, b" "]
            continue
        if isinstance(kid, Widget):
            widgets[kid.key] = name
            parts += [b"<</Type/OBJR/Obj ", kid.name, b"/Pg ", f"Page{kid.page}", b">> "]
            continue
        page, mcid = kid
        owners[page][mcid] = name
        if page == first_page:
            parts.append(b"%d " % mcid)
        else:  # content of one element on two pages: a marked-content reference names its page
            parts += [b"<</Type/MCR/Pg ", f"Page{page}", b"/MCID %d>> " % mcid]
    parts.append(b"]>>")
    objects[index] = (name, tuple(parts))
    return (name,)


def _attributes(element: Element, doc: Any) -> bytes:
    """/Alt and the table attributes (/A) of ``element``, ready to write."""
    out = b""
    if element.alt is not None:
        out += b"/Alt" + PDFString(element.alt).format(doc)
    if element.attrs:
        out += b"/A" + PDFDictionary({k: int(v) if k == "ColSpan" else PDFName(v)
                                      for k, v in element.attrs.items()}).format(doc)
    elif element.bbox is not None:  # a figure: where it is on its page
        out += b"/A<</O/Layout/BBox[%s]>>" % " ".join(fp_str(v) for v in element.bbox).encode("ascii")
    return out


def _xmp(meta: Metadata) -> PDFStream:
    def text(value: str) -> str:
        # xml.sax.saxutils.escape(value, {'"': "&quot;"}), without importing urllib, http and email
        return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")

    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(meta.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{text(meta.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(meta.subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{text(meta.lang)}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>worksheet</pdf:Producer>
<xmp:CreatorTool>worksheet</xmp:CreatorTool>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    dictionary = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    return PDFStream(dictionary, packet.encode("utf-8"), filters=[])  # plain, so any tool can read it
