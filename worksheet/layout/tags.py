"""Tagged PDF while drawing: marked content with MCIDs and the structure tree they belong to.

Every page starts as an artifact (``/Artifact BMC``): rules, frames, tick boxes,
chip outlines and the header band need no code of their own. Real content
(paragraphs, chip labels, figures) leaves that state for its own marked-content
sequence, ``/P <</MCID n>> BDC … EMC``, and the element it belongs to is added
to the document's tree (``Tree``) where it is drawn, which is reading order.
Groups (sections, lists, tables) are opened and closed by zero-size flowables
or a table's render callback. ``structure`` writes the tree into the file.
A canvas without a ``tags`` attribute (the ones that only measure or capture
operators) gets no marks at all.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

WIDGET_KEYS = 100_000  # parent-tree keys of form fields; pages take 0, 1, 2…


class Widget:
    """A form field's widget annotation as a structure element's kid (an OBJR)."""

    __slots__ = ("key", "name", "page")

    def __init__(self, name: str, page: int, key: int) -> None:
        self.name, self.page, self.key = name, page, key
        """ReportLab's object name for it, the page number, its /StructParent key."""


class Element:
    """One structure element: its role, children in reading order and attributes."""

    __slots__ = ("alt", "attrs", "bbox", "kids", "placeholder", "role")

    def __init__(self, role: str, alt: str | None = None, attrs: dict[str, str] | None = None,
                 placeholder: bool = False) -> None:
        self.role = role
        self.kids: list[Element | tuple[int, int] | Widget] = []
        """Child elements and marked content, as (page number, MCID), in reading order."""
        self.alt = alt
        self.attrs = attrs or {}
        """Table attributes (/O /Table): Scope, ColSpan."""
        self.placeholder = placeholder
        """Filled at save time (the name and date) and left out of the file while empty."""
        self.bbox: tuple[float, float, float, float] | None = None
        """A figure's box on its page (x0, y0, x1, y1 in points), its /Layout /BBox."""


class Tree:
    """The document's structure as it is drawn: a root and the stack of open groups."""

    def __init__(self) -> None:
        self.root = Element("Document")
        self.stack = [self.root]
        self.widgets = 0
        """Form fields so far (each takes the next parent-tree key)."""
        self.plans: dict[object, Any] = {}
        """The tree's PDF objects, planned once per set of filled fields (see ``structure``)."""

    def open(self, role: str, alt: str | None = None, attrs: dict[str, str] | None = None) -> Element:
        element = Element(role, alt, attrs)
        self.stack[-1].kids.append(element)
        self.stack.append(element)
        return element

    def close(self, heading_first: bool = False) -> None:
        element = self.stack.pop()
        if heading_first:  # a card draws its picture left of its title; the title is read first
            for index, kid in enumerate(element.kids):
                if isinstance(kid, Element) and kid.role in ("H1", "H2", "H3"):
                    element.kids.insert(0, element.kids.pop(index))
                    break


def begin_page(canvas: Canvas) -> None:
    """A new page: MCIDs start at 0 and whatever is not tagged is an artifact."""
    canvas._mcid = 0  # type: ignore[attr-defined]
    canvas._code.append("/Artifact BMC")  # type: ignore[attr-defined]


def end_page(canvas: Canvas) -> None:
    """Close the page's artifact state (call once, last, before the page is written)."""
    canvas._code.append("EMC")  # type: ignore[attr-defined]


def _tree(canvas: Canvas) -> Tree | None:
    if getattr(canvas, "_tag_off", 0) or getattr(canvas, "_tag_leaf", False):
        return None  # inside an artifact region, or content nested in content: part of it
    tree: Tree | None = getattr(canvas, "tags", None)
    return tree


def _mark(canvas: Canvas, element: Element, role: str) -> None:
    mcid: int = canvas._mcid  # type: ignore[attr-defined]
    canvas._mcid = mcid + 1  # type: ignore[attr-defined]
    element.kids.append((canvas.getPageNumber(), mcid))
    canvas._code.append(f"EMC\n/{role} <</MCID {mcid}>> BDC")  # type: ignore[attr-defined]


@contextlib.contextmanager
def leaf(canvas: Canvas, path: tuple[str, ...] | None, alt: str | None = None,
         size: tuple[float, float] | None = None) -> Iterator[None]:
    """Content drawn inside is one element's marked content. ``path`` names the groups to
    open around it and its role last (``("LI", "LBody")``); ``()`` gives the content to the
    open group itself (a table cell); ``None`` marks nothing. ``size``: the element's box
    (width, height) from the current origin, kept as its bounding box on the page."""
    tree = _tree(canvas) if path is not None else None
    if tree is None or path is None:
        yield
        return
    for role in path[:-1]:
        tree.open(role)
    element = tree.open(path[-1], alt) if path else tree.stack[-1]
    if size is not None:
        element.bbox = _page_box(canvas, *size)
    _mark(canvas, element, element.role)
    canvas._tag_leaf = True  # type: ignore[attr-defined]
    try:
        yield
    finally:
        canvas._tag_leaf = False  # type: ignore[attr-defined]
        canvas._code.append("EMC\n/Artifact BMC")  # type: ignore[attr-defined]
        for _ in path:
            tree.close()


def _page_box(canvas: Canvas, width: float, height: float) -> tuple[float, float, float, float]:
    """The box ``width`` by ``height`` at the current origin, in page coordinates."""
    a, b, c, d, e, f = canvas._currentMatrix  # type: ignore[attr-defined]
    xs = [a * x + c * y + e for x, y in ((0, 0), (width, 0), (0, height), (width, height))]
    ys = [b * x + d * y + f for x, y in ((0, 0), (width, 0), (0, height), (width, height))]
    return min(xs), min(ys), max(xs), max(ys)


def form_field(canvas: Canvas) -> None:
    """Call just after ``canvas.acroForm`` made a field: its widget goes into the tree,
    in a ``Form`` element where it is drawn, and points back with ``/StructParent``."""
    tree = _tree(canvas)
    if tree is None:
        return
    name = canvas.acroForm.fields[-1].name
    annotation = canvas._doc.idToObject[name]  # type: ignore[attr-defined]
    key = WIDGET_KEYS + tree.widgets
    tree.widgets += 1
    annotation["StructParent"] = key
    tree.open("Form").kids.append(Widget(name, canvas.getPageNumber(), key))
    tree.close()


def placeholder(canvas: Canvas, role: str = "P") -> Element | None:
    """An element in reading order whose content is drawn at save (the name, the date)."""
    tree = _tree(canvas)
    if tree is None:
        return None
    element = Element(role, placeholder=True)
    tree.stack[-1].kids.append(element)
    return element


@contextlib.contextmanager
def filled(canvas: Canvas, element: Element | None) -> Iterator[None]:
    """Content drawn at save time for a placeholder: the tree is not touched (a replayed
    layout shares it), the MCID goes into the canvas's ``tag_fields``."""
    fields: dict[Element, tuple[int, int]] | None = getattr(canvas, "tag_fields", None)
    if element is None or fields is None:
        yield
        return
    mcid: int = canvas._mcid  # type: ignore[attr-defined]
    canvas._mcid = mcid + 1  # type: ignore[attr-defined]
    fields[element] = (canvas.getPageNumber(), mcid)
    canvas._code.append(f"EMC\n/{element.role} <</MCID {mcid}>> BDC")  # type: ignore[attr-defined]
    yield
    canvas._code.append("EMC\n/Artifact BMC")  # type: ignore[attr-defined]


@contextlib.contextmanager
def artifact(canvas: Canvas, subtype: str) -> Iterator[None]:
    """A pagination artifact (``Header`` or ``Footer``); text in it is not tagged."""
    if getattr(canvas, "tags", None) is None:
        yield
        return
    canvas._code.append(f"EMC\n/Artifact <</Type /Pagination /Subtype /{subtype}>> BDC")  # type: ignore[attr-defined]
    canvas._tag_off = getattr(canvas, "_tag_off", 0) + 1  # type: ignore[attr-defined]
    try:
        yield
    finally:
        canvas._tag_off -= 1  # type: ignore[attr-defined]
        canvas._code.append("EMC\n/Artifact BMC")  # type: ignore[attr-defined]


def open_group(canvas: Canvas, role: str, attrs: dict[str, str] | None = None) -> bool:
    """Open a group element; False (and nothing to close) on an untagged canvas."""
    tree = _tree(canvas)
    if tree is None:
        return False
    tree.open(role, attrs=attrs)
    return True


def close_group(canvas: Canvas, heading_first: bool = False) -> None:
    tree = _tree(canvas)
    if tree is not None:
        tree.close(heading_first)


class Open(Flowable):
    """A zero-size mark in a story: the flowables after it belong to a new ``role`` group."""

    def __init__(self, role: str) -> None:
        super().__init__()
        self.role = role
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        open_group(self.canv, self.role)


class Close(Flowable):
    """A zero-size mark that ends the group the last ``Open`` began."""

    def __init__(self, heading_first: bool = False) -> None:
        super().__init__()
        self.heading_first = heading_first
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        close_group(self.canv, self.heading_first)


class Figure(Flowable):
    """A picture (or QR code, or placeholder) as a ``Figure`` with its alternative text."""

    def __init__(self, content: Flowable, alt: str) -> None:
        super().__init__()
        self.content, self.alt = content, alt

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.content.wrapOn(self.canv, avail_width, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        # the box tells a reflowing reader (and a test) where, and how large, the picture is
        with leaf(self.canv, ("Figure",), self.alt, (self.width, self.height)):
            self.content.drawOn(self.canv, 0, 0)


def _forms_into_body(canvas: Canvas) -> None:
    """An item may hold only Lbl and LBody: its tick-box field is read after the step."""
    tree = _tree(canvas)
    if tree is None:
        return
    item = tree.stack[-1]
    forms = [k for k in item.kids if isinstance(k, Element) and k.role == "Form"]
    bodies = [k for k in item.kids if isinstance(k, Element) and k.role == "LBody"]
    if forms and bodies:
        item.kids = [k for k in item.kids if k not in forms]
        bodies[-1].kids += forms


def table_callback(kind: str, header_rows: int = 1) -> Any:
    """A Table ``renderCB`` that tags a list (a row per ``LI``) or a data table (``TR`` rows,
    ``TH`` with a scope in the first ``header_rows`` rows and the first column)."""

    def callback(table: Any, event: str, *args: Any) -> None:
        canvas = table.canv
        if event == "startTable":
            table._tagged = open_group(canvas, "L" if kind == "list" else "Table")
        elif not getattr(table, "_tagged", False):
            return
        elif event == "startRow":
            open_group(canvas, "LI" if kind == "list" else "TR")
        elif event == "startCell" and kind == "table":
            row, col = args[0], args[1]
            attrs = {"O": "Table"}
            if row < header_rows:
                attrs["Scope"] = "Column"
            elif col == 0:
                attrs["Scope"] = "Row"
            spans = getattr(table, "_spanRanges", {}).get((col, row))
            if spans and spans[2] > spans[0]:
                attrs["ColSpan"] = str(spans[2] - spans[0] + 1)
            open_group(canvas, "TH" if "Scope" in attrs else "TD", attrs if len(attrs) > 1 else None)
        elif (event == "endCell" and kind == "table") or event in ("endRow", "endTable"):
            if event == "endRow" and kind == "list":
                _forms_into_body(canvas)
            close_group(canvas)

    return callback
