"""A card that moves whole to the next page, or splits between its steps.

A card is a run of parts (the top with picture and title, each step, each note,
each caution), built by the card module for any range of them. It moves whole
when it fits the next page and the room it would leave here is small. It splits
when most of the page would otherwise stay empty (the rest goes on the next
page under its title and "(continued)"), or when it is taller than a whole
page. Each part keeps at least two steps (or log rows): no heading with one
step at a page's foot, no lone step under "(continued)". A single part taller
than a page is refused, naming the exercise file.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, FrameBreak

from worksheet.errors import WorksheetError

SPLIT_ROOM = 0.25
"""Split a card that fits the next page only when at least this share of a page would
stay empty here: a smaller gap costs less than a card read across two pages."""

MIN_STEPS = 2
"""A part of a split card holds at least this many steps (or log rows): a heading with one
step at a page's foot, or one step under "(continued)", reads as a mistake."""


class SplitCard(Flowable):
    """Parts ``start`` to the end of one card, drawn as one block."""

    def __init__(self, build: Callable[[int, int], Flowable], parts: int, steps_end: int, room: float,
                 refuse: Callable[[int], WorksheetError], start: int = 0, whole: Flowable | None = None
                 ) -> None:
        super().__init__()
        self.build, self.parts, self.steps_end, self.room = build, parts, steps_end, room
        """``build(start, end)``: the card for parts start to end; parts 1 to ``steps_end`` - 1 are
        the steps; ``room``: the height of an empty page's body."""
        self.refuse, self.start = refuse, start
        """``refuse(part)``: the error for a part that is taller than a page."""
        self.whole = whole or build(start, parts)
        self.heights: dict[tuple[int, int, float], float] = {}
        """Measured heights by (start, end, width), shared by every copy of this card."""

    def _copy(self, start: int, whole: Flowable | None = None) -> SplitCard:
        card = SplitCard(self.build, self.parts, self.steps_end, self.room, self.refuse, start, whole)
        card.heights = self.heights
        return card

    def measure(self, start: int, end: int, width: float) -> float:
        """The height of parts ``start`` to ``end`` at ``width``."""
        key = (start, end, round(width, 2))
        if key not in self.heights:
            flowable = self.whole if (start, end) == (self.start, self.parts) else self.build(start, end)
            self.heights[key] = flowable.wrapOn(self.canv, width, 0xFFFFFF)[1]
        return self.heights[key]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, self.height = self.whole.wrapOn(self.canv, avail_width, avail_height)
        self.width = min(width, avail_width)  # the frame's width, give or take a rounding
        return self.width, self.height

    def draw(self) -> None:
        self.whole.drawOn(self.canv, 0, 0)

    def getSpaceAfter(self) -> float:  # noqa: N802 (ReportLab's name)
        return float(self.whole.getSpaceAfter())

    def _next_frame(self) -> list[Flowable]:
        # a copy moves on: platypus marks a flowable it postpones, and this one is reused by
        # later handouts, where that mark would read as "already moved once, cannot fit"
        return [FrameBreak(), self._copy(self.start, self.whole)]

    def fits_a_page(self, width: float, start: int | None = None) -> bool:
        """Whether parts ``start`` (this one's) to the end fit an empty page."""
        return self.measure(self.start if start is None else start, self.parts, width) <= self.room

    def ends(self, width: float, start: int | None = None) -> range:
        """The parts that may end the part from ``start`` drawn here: at least ``MIN_STEPS`` steps
        under the top, and as many go on under "(continued)" (the caution never goes alone)."""
        start = self.start if start is None else start
        lowest = start + MIN_STEPS + (1 if start == 0 else 0)
        highest = self.steps_end - MIN_STEPS if self.fits_a_page(width, start) else self.parts - 1
        return range(lowest, highest + 1)

    def loose_ends(self, start: int | None = None) -> range:
        """For a card taller than a page: any step may end a part (the top never goes alone)."""
        start = self.start if start is None else start
        return range(start + (2 if start == 0 else 1), self.parts)

    def _best(self, ends: range, avail_width: float, avail_height: float) -> tuple[int, Flowable] | None:
        """The longest run of parts from ``start`` that ends in ``ends`` and fits."""
        best: tuple[int, Flowable] | None = None
        for end in ends:
            if self.measure(self.start, end, avail_width) > avail_height:
                break
            best = (end, self.build(self.start, end))
        return best

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fresh = avail_height >= self.room - 1  # an empty page: nowhere else to go
        fits_a_page = self.fits_a_page(avail_width)
        if fits_a_page and avail_height < SPLIT_ROOM * self.room:
            return self._next_frame()
        best = self._best(self.ends(avail_width), avail_width, avail_height)
        if best is None and not fits_a_page and fresh:  # taller than a page
            best = self._best(self.loose_ends(), avail_width, avail_height)
        if best is None:
            if fresh:
                raise self.refuse(self.loose_ends().start - 1)
            return self._next_frame()
        end, part = best
        return [part, self._copy(end)]


__all__ = ["MIN_STEPS", "SPLIT_ROOM", "SplitCard"]
