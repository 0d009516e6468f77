"""Two newspaper-style columns of whole cards, for the compact layout.

Cards fill the left column, then the right one; on the last page the split
point is chosen so the two columns end at about the same height. A card that
does not fit goes to the next column or page; only one taller than an empty
column splits (between its steps, see ``split``).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import ActionFlowable


class ColumnPair(Flowable):
    """Whole flowables in two columns of width ``(avail - gap) / 2``."""

    def __init__(self, items: Sequence[Flowable], gap: float, split_at: int | None = None) -> None:
        super().__init__()
        self.items = list(items)
        self.gap = gap
        self.split_at = split_at
        """Index of the first item in the right column; None: balance them."""
        self._heights: list[float] = []

    def _measure(self, avail_width: float) -> float:
        column = (avail_width - self.gap) / 2
        self._heights = [f.wrapOn(self.canv, column, 0xFFFFFF)[1] + f.getSpaceAfter() for f in self.items]
        return column

    def _balanced(self) -> int:
        total = sum(self._heights)
        best, best_height = len(self.items), total
        left = 0.0
        for index, height in enumerate(self._heights):
            taller = max(left, total - left)
            if taller < best_height:
                best, best_height = index, taller
            left += height
        return best

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._measure(avail_width)
        if self.split_at is None:
            self.split_at = self._balanced()
        cut = self.split_at
        self.width = avail_width
        self.height = max(sum(self._heights[:cut]), sum(self._heights[cut:]))
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        column = self._measure(avail_width)
        items, heights = list(self.items), list(self._heights)
        index, placed = 0, []
        for _ in range(2):  # fill the left column, then the right one
            used = 0.0
            start = index
            while index < len(items):
                if used + heights[index] > avail_height and (
                        used or not self._split_into(items, heights, index, column, avail_height)):
                    break
                used += heights[index]
                index += 1
            placed.append(index - start)
        if index == 0:
            return []  # not even one card fits here: the frame moves on
        if index == len(items):
            return [ColumnPair(items, self.gap)]
        first = ColumnPair(items[:index], self.gap, split_at=placed[0])
        return [first, ColumnPair(items[index:], self.gap)]

    def _split_into(self, items: list[Flowable], heights: list[float], index: int, column: float,
                    room: float) -> bool:
        """Split a card taller than the empty column it starts, in place; False if it cannot
        split here (it may on the next, emptier page)."""
        parts = items[index].splitOn(self.canv, column, room)
        if not parts or isinstance(parts[0], ActionFlowable):
            return False
        items[index:index + 1] = parts
        heights[index:index + 1] = [part.wrapOn(self.canv, column, 0xFFFFFF)[1] + part.getSpaceAfter()
                                    for part in parts]
        return heights[index] <= room

    def draw(self) -> None:
        column = (self.width - self.gap) / 2
        cut = self.split_at if self.split_at is not None else len(self.items)
        for side, chunk in ((0, range(cut)), (1, range(cut, len(self.items)))):
            y = self.height
            for index in chunk:
                y -= self._heights[index]
                self.items[index].drawOn(self.canv, side * (column + self.gap), y)
