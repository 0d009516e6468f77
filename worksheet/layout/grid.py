"""The weekly log grid: a row per exercise, a column per day, one table per week."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Spacer

from worksheet.layout.fonts import text_markup
from worksheet.layout.reuse import Paragraph, Table
from worksheet.layout.theme import INK, RULE, Theme, table_style
from worksheet.model import LogGrid

DAY_NAMES = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat",
             "sun": "Sun"}
ROW_HEIGHT = 0.36 * inch  # about 9 mm: room for a tick or a number written by hand
MIN_CELL = 0.5 * inch


def log_grid(log: LogGrid, theme: Theme) -> list[Flowable]:
    """The heading, how to use it, and one table per week (each kept whole)."""
    styles = theme.styles
    heading: list[Flowable] = [
        Paragraph("Your exercise log", styles["h2"]),
        Paragraph("Put a tick in the box each day you do the exercise. "
                  "In the pain row, write your pain from 0 (none) to 10 (worst).", styles["body"]),
        Spacer(1, 8),
    ]
    out: list[Flowable] = []
    for week in range(1, log.weeks + 1):
        out.append(KeepTogether([*(heading if week == 1 else []), Paragraph(f"Week {week}", styles["h3"]),
                                 Spacer(1, 3), _week_table(log, theme), Spacer(1, 12)]))
    return out


def _week_table(log: LogGrid, theme: Theme) -> Table:
    styles = theme.styles
    width = theme.frame_width
    cell = max(MIN_CELL, min(0.7 * inch, (width * 0.62) / len(log.days)))
    name_width = width - cell * len(log.days)
    header = [Paragraph("Exercise", styles["cellhead"])] + [
        Paragraph(DAY_NAMES[d], styles["cellhead"]) for d in log.days]
    rows = [header] + [[Paragraph(text_markup(r), styles["cell"])] + [""] * len(log.days)
                       for r in log.rows]
    if log.pain_row:
        rows.append([Paragraph("<b>Pain (0-10)</b>", styles["cell"])] + [""] * len(log.days))
    table = Table(rows, colWidths=[name_width] + [cell] * len(log.days),
                  rowHeights=[None] + [ROW_HEIGHT] * (len(rows) - 1))
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.8, INK),
        ("BACKGROUND", (0, 0), (-1, 0), theme.accent),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if log.pain_row:
        commands.append(("BACKGROUND", (0, -1), (0, -1), colors.HexColor("#f4f4f4")))
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.6, INK))
    commands.append(("LINEBELOW", (0, 0), (-1, 0), 1.2, RULE))
    table.setStyle(table_style(commands))
    return table
