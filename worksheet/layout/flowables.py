"""Small drawn pieces: tick boxes, dose chips, boxed callouts and the step list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from worksheet.layout.fonts import string_width, to_markup
from worksheet.layout.reuse import Paragraph, Table
from worksheet.layout.theme import INK, Theme, table_style
from worksheet.model import Inline

TICK_SIZE = 12  # pt: about 4 mm, big enough to tick with a pen


class TickBox(Flowable):
    """An empty square to tick, drawn as a shape (no font has it)."""

    def __init__(self, size: float = TICK_SIZE) -> None:
        super().__init__()
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(1.1)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


class Chips(Flowable):
    """Dose labels as rounded chips that wrap onto more lines when needed."""

    def __init__(self, labels: Sequence[str], fill: colors.Color, edge: colors.Color,
                 font: str = "Atkinson-Bold", size: float = 11) -> None:
        super().__init__()
        self.labels = tuple(labels)
        self.fill, self.edge, self.font, self.size = fill, edge, font, size
        self.pad, self.gap, self.row = 6.0, 5.0, size + 9
        self._rows: list[list[tuple[str, float]]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._rows = [[]]
        used = 0.0
        for label in self.labels:
            width = string_width(label, self.font, self.size) + 2 * self.pad
            if self._rows[-1] and used + width > avail_width:
                self._rows.append([])
                used = 0.0
            self._rows[-1].append((label, width))
            used += width + self.gap
        self.width = avail_width
        self.height = len(self._rows) * (self.row + self.gap) - self.gap if self.labels else 0
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        for index, row in enumerate(self._rows):
            y = self.height - (index + 1) * self.row - index * self.gap
            x = 0.0
            for label, width in row:
                canvas.setFillColor(self.fill)
                canvas.setStrokeColor(self.edge)
                canvas.setLineWidth(0.8)
                canvas.roundRect(x, y, width, self.row, self.row / 2, stroke=1, fill=1)
                canvas.setFillColor(INK)
                canvas.drawString(x + self.pad, y + (self.row - self.size) / 2 + 1.5, label)
                x += width + self.gap


def step_list(steps: Sequence[Inline], theme: Theme, width: float) -> Table:
    """Numbered steps, each with an empty tick box in front."""
    style = theme.styles["step"]
    rows = [[TickBox(), Paragraph(f"<b>{n}.</b>", style), Paragraph(to_markup(step), style)]
            for n, step in enumerate(steps, start=1)]
    table = Table(rows, colWidths=[TICK_SIZE + 7, 18, width - TICK_SIZE - 25])
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (0, -1), 3.5),  # the box sits on the first line's x-height
    ]))
    return table


def boxed(content: Sequence[Flowable], width: float, *, border: colors.Color, fill: colors.Color | None,
          line: float = 1.0, dash: tuple[float, float] | None = None, pad: float = 8,
          bar: colors.Color | None = None) -> Table:
    """Content in a box: a border, an optional fill, an optional bar on the left."""
    table = Table([[list(content)]], colWidths=[width])
    commands: list[Any] = [
        ("BOX", (0, 0), (-1, -1), line, border, None, dash),
        ("LEFTPADDING", (0, 0), (-1, -1), pad + (4 if bar else 0)),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad - 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("ROUNDEDCORNERS", [5, 5, 5, 5]),
    ]
    if fill is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), fill))
    if bar is not None:
        commands.append(("LINEBEFORE", (0, 0), (0, -1), 4, bar))
    table.setStyle(table_style(commands))
    return table
