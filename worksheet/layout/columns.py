"""Two newspaper-style columns of whole cards, for the compact layout.

Cards fill the left column, then the right one; on the last page the split
point is chosen so the two columns end at about the same height. A card never
splits: one that does not fit goes to the next column or page.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable


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
        self._heights = [f.wrapOn(self.canv, column, 0xFFFFFF)[1] for f in self.items]
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
        self._measure(avail_width)
        index, placed = 0, []
        for _ in range(2):  # fill the left column, then the right one
            used = 0.0
            start = index
            while index < len(self.items) and used + self._heights[index] <= avail_height:
                used += self._heights[index]
                index += 1
            placed.append(index - start)
        if index == 0:
            return []  # not even one card fits here: the frame moves on
        if index == len(self.items):
            return [ColumnPair(self.items, self.gap)]
        first = ColumnPair(self.items[:index], self.gap, split_at=placed[0])
        return [first, ColumnPair(self.items[index:], self.gap)]

    def draw(self) -> None:
        column = (self.width - self.gap) / 2
        cut = self.split_at if self.split_at is not None else len(self.items)
        for side, chunk in ((0, range(cut)), (1, range(cut, len(self.items)))):
            y = self.height
            for index in chunk:
                y -= self._heights[index]
                self.items[index].drawOn(self.canv, side * (column + self.gap), y)
