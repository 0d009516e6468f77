"""Small drawn pieces: tick boxes, dose chips, boxed callouts and the step list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from worksheet.layout.fonts import string_width
from worksheet.layout.marks import checkbox
from worksheet.layout.reuse import Paragraph, Table, tagged
from worksheet.layout.tags import close_group, leaf, open_group, table_callback
from worksheet.layout.theme import INK, Theme, table_style
from worksheet.model import Inline


class TickBox(Flowable):
    """An empty square to tick, drawn as a shape (no font has it)."""

    def __init__(self, size: float, field: str | None = None, tooltip: str = "") -> None:
        super().__init__()
        self.size = size
        self.field = field
        """The name of the check box laid over it on a fillable sheet (None: print only)."""
        self.tooltip = tooltip
        """What a screen reader says for the check box ("Bridge, step 3 done")."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(1.1)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)
        if self.field is not None:
            checkbox(self.canv, self.field, self.size, self.tooltip)


class Chips(Flowable):
    """Dose labels as rounded chips that wrap onto more lines when needed."""

    def __init__(self, labels: Sequence[str], theme: Theme) -> None:
        super().__init__()
        self.labels = tuple(labels)
        self.fill, self.edge = theme.chip_fill, theme.chip_edge
        self.font = theme.fonts.bold
        self.size = theme.size if theme.options.large_print else (11.0 if theme.compact else theme.size - 0.5)
        large = theme.options.large_print  # 16 pt labels: a little less air keeps a card on its page
        self.pad, self.gap = (4.0, 4.0) if theme.compact else (6.0, 5.0)
        self.line_gap = 2.5 if theme.compact else (3.0 if large else 5.0)
        self.row = self.size + (3.5 if theme.compact else (6 if large else 9))
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
        self.height = len(self._rows) * (self.row + self.line_gap) - self.line_gap if self.labels else 0
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        listed = open_group(canvas, "L")  # the dose, read chip by chip
        for index, row in enumerate(self._rows):
            y = self.height - (index + 1) * self.row - index * self.line_gap
            x = 0.0
            for label, width in row:
                canvas.setFillColor(self.fill)
                canvas.setStrokeColor(self.edge)
                canvas.setLineWidth(0.8)
                canvas.roundRect(x, y, width, self.row, self.row / 2, stroke=1, fill=1)
                canvas.setFillColor(INK)
                with leaf(canvas, ("LI", "LBody")):
                    canvas.drawString(x + self.pad, y + (self.row - self.size) / 2 + self.size * 0.13, label)
                x += width + self.gap
        if listed:
            close_group(canvas)


def step_list(steps: Sequence[Inline], theme: Theme, width: float, item_id: str = "",
              title: str = "", first: int = 1) -> Table:
    """Numbered steps from ``first`` on, each with an empty tick box in front (a check box on a
    fillable sheet)."""
    style = theme.styles["step"]
    tick = theme.tick
    number_width = theme.size * (1.1 if theme.compact else 1.6)
    def box(n: int) -> TickBox:
        if not theme.options.fillable:
            return TickBox(tick)
        return TickBox(tick, f"step.{item_id}.{n}", theme.t("field.step", title=title, n=n))

    rows = [[box(n), tagged(Paragraph(f"<b>{n}.</b>", style), "Lbl"),
             tagged(Paragraph(theme.markup(step), style), "LBody")]
            for n, step in enumerate(steps, start=first)]
    gap = 4 if theme.compact else 7
    large = theme.options.large_print  # 16 pt lines space themselves: less padding between them
    table = Table(rows, colWidths=[tick + gap, number_width, width - tick - gap - number_width],
                  renderCB=table_callback("list"))  # a row per item: number as label, step as body
    table.setStyle(table_style(theme, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5 if theme.compact or large else 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 if theme.compact else (2 if large else 3)),
        # the box sits on the first line (3.5 pt lower at 11.5 pt text, tried by eye)
        ("TOPPADDING", (0, 0), (0, -1), (3 if theme.compact else 3.5) * theme.size / 11.5),
    ]))
    return table


def boxed(theme: Theme, content: Sequence[Flowable], width: float, *, border: colors.Color,
          fill: colors.Color | None, line: float = 1.0, dash: tuple[float, float] | None = None,
          pad: float = 8, bar: colors.Color | None = None) -> Table:
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
    table.setStyle(table_style(theme, commands))
    return table


class Unbreakable(Flowable):
    """Flowables stacked as one block that moves whole to the next column or page.

    (KeepTogether does the same in a single frame, but inside balanced columns it
    emits frame breaks that the columns cannot place.)"""

    def __init__(self, content: Sequence[Flowable], space_after: float = 0.0) -> None:
        super().__init__()
        self.content = list(content)
        self.gap = space_after
        """The gap to what follows: left out at the foot of a page, so it never pushes a block on
        (nor a zero-height tag after it onto a page of its own)."""
        self.spaceAfter = space_after
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._sizes = [f.wrapOn(self.canv, avail_width, 0xFFFFFF) for f in self.content]
        self.width = max((w for w, _ in self._sizes), default=0)
        self.height = sum(h for _, h in self._sizes)
        self.spaceAfter = max(0.0, min(self.gap, avail_height - self.height))
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        y = self.height
        for flowable, (_, height) in zip(self.content, self._sizes, strict=True):
            y -= height
            flowable.drawOn(self.canv, 0, y)
