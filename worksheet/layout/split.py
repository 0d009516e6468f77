"""A card that moves whole to the next page, or splits between its steps.

A card is a run of parts (the top with picture and title, each step, each note,
each caution), built by the card module for any range of them. It moves whole
when it fits the next page and the room it would leave here is small. It splits
when most of the page would otherwise stay empty (the rest goes on the next
page under its title and "(continued)"), or when it is taller than a whole
page. A single part taller than a page is refused, naming the exercise file.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, FrameBreak

from worksheet.errors import WorksheetError

SPLIT_ROOM = 0.25
"""Split a card that fits the next page only when at least this share of a page would
stay empty here: a smaller gap costs less than a card read across two pages."""


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

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, self.height = self.whole.wrapOn(self.canv, avail_width, avail_height)
        self.width = min(width, avail_width)  # the frame's width, give or take a rounding
        return self.width, self.height

    def draw(self) -> None:
        self.whole.drawOn(self.canv, 0, 0)

    def _next_frame(self) -> list[Flowable]:
        # a copy moves on: platypus marks a flowable it postpones, and this one is reused by
        # later handouts, where that mark would read as "already moved once, cannot fit"
        return [FrameBreak(), SplitCard(self.build, self.parts, self.steps_end, self.room, self.refuse,
                                        self.start, self.whole)]

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fresh = avail_height >= self.room - 1  # an empty page: nowhere else to go
        _, whole = self.whole.wrapOn(self.canv, avail_width, 0xFFFFFF)
        fits_a_page = whole <= self.room
        if fits_a_page and avail_height < SPLIT_ROOM * self.room:
            return self._next_frame()
        # the top never goes alone, and a card that fits a page keeps a step for its second part
        lowest = self.start + (2 if self.start == 0 else 1)
        highest = self.steps_end - 1 if fits_a_page else self.parts - 1
        best: tuple[int, Flowable] | None = None
        for end in range(lowest, highest + 1):
            part = self.build(self.start, end)
            if part.wrapOn(self.canv, avail_width, avail_height)[1] > avail_height:
                break
            best = (end, part)
        if best is None:
            if fresh:
                raise self.refuse(lowest - 1)
            return self._next_frame()
        end, part = best
        return [part, SplitCard(self.build, self.parts, self.steps_end, self.room, self.refuse, end)]


__all__ = ["SPLIT_ROOM", "SplitCard"]
