"""Flowables that remember their last layout, so a batch lays out each card once.

A card for the same exercise, dose and theme is identical in every handout of
a batch. ReportLab re-breaks every paragraph's lines and re-measures every
table each time a flowable is wrapped (several times per build); these
subclasses skip that when asked again for the width they last computed.
Only flowables that are never split use them (cards and boxes move whole).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus import Table as _Table

from worksheet.layout.tags import leaf

T = TypeVar("T")


class _KeepsLastWrap:
    """Skips re-measuring when wrapped again at the width it last measured."""

    _last: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._last is not None and self._last[0] == availWidth:
            return self._last[1]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)  # type: ignore[misc]
        self._last = (availWidth, size)
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        self._last = None  # splitting measures again: the remembered layout is stale
        parts: list[Any] = super().split(availWidth, availHeight)  # type: ignore[misc]
        return parts


class Paragraph(_KeepsLastWrap, _Paragraph):
    """A Paragraph that keeps its line breaks for a width it has seen last, tagged as it is drawn."""

    tag: tuple[str, ...] | None = ("P",)
    """Its structure: the groups around it and its role last (see ``tags.leaf``); None: untagged."""

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        with leaf(canvas, self.tag):
            super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]


def tagged(para: Paragraph, *path: str) -> Paragraph:
    """``para`` with the structure ``path`` (``tagged(p, "H2")``; no path: the open group's content)."""
    para.tag = path
    return para


class Table(_KeepsLastWrap, _Table):
    """A Table that keeps its measured rows and columns for a width it has seen last."""


_BUILT: OrderedDict[tuple[object, ...], Any] = OrderedDict()
KEEP = 1024  # flowable groups kept per process: exercises x doses x brands x papers, with room


def reuse(key: tuple[object, ...], build: Callable[[], T]) -> T:
    """The flowables built for ``key`` before, or ``build()`` now (least recently used
    go first). ``key`` must hold everything the flowables depend on."""
    if key in _BUILT:
        _BUILT.move_to_end(key)
        return _BUILT[key]  # type: ignore[no-any-return]
    value = build()
    _BUILT[key] = value
    if len(_BUILT) > KEEP:
        _BUILT.popitem(last=False)
    return value
