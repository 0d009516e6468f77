"""The weekly log grid: a row per exercise, a column per day, one table per week."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Spacer

from worksheet.errors import Problem, WorksheetError
from worksheet.layout.flowables import Unbreakable
from worksheet.layout.fonts import string_width
from worksheet.layout.marks import Bookmark, TextField
from worksheet.layout.reuse import Paragraph, Table, tagged
from worksheet.layout.split import SplitCard
from worksheet.layout.tags import Close, Open, table_callback
from worksheet.layout.theme import INK, RULE, Theme, body_height, table_style
from worksheet.model import LogGrid

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # babel's day numbers, Monday first
COMPACT_CELL = 0.38 * inch  # about 1 cm: enough for a tick or a pain number


def log_grid(log: LogGrid, theme: Theme) -> list[Flowable]:
    """The heading, how to use it, and one table per week (each kept whole)."""
    styles = theme.styles
    heading: list[Flowable] = [
        Open("Sect"),
        Bookmark("log", theme.t("log.heading")),
        tagged(Paragraph(theme.text(theme.t("log.heading")), styles["h2"]), "H2"),
        # without a pain row, the sentence about it would send the patient looking for one
        Paragraph(theme.text(theme.t("log.help" if log.pain_row else "log.help.no_pain")), styles["body"]),
        Spacer(1, 3 if theme.options.large_print else 6),  # large: the log's start fits under a card
    ]
    least = COMPACT_CELL * (1.6 if theme.options.large_print else 1.0)  # 16 pt day names need room
    if theme.compact and len(log.days) * log.weeks * least <= theme.frame_width * 0.8:
        return [KeepTogether([*heading, _weeks_side_by_side(log, theme), Close()])]
    out: list[Flowable] = []
    rows = len(log.rows) + log.pain_row
    for week in range(1, log.weeks + 1):
        # a week moves whole to the next page, or splits between rows (under its title and
        # "(continued)", the day names repeated) where most of a page would stay empty
        out.append(SplitCard(_week_part(log, theme, week, heading), 1 + rows, rows, body_height(theme),
                             lambda part: _too_tall(log, part)))
    out.append(Close())
    return out


def _week_part(log: LogGrid, theme: Theme, week: int, heading: list[Flowable]
               ) -> Callable[[int, int], Flowable]:
    def build(start: int, end: int) -> Flowable:
        title = theme.text(theme.t("log.week", n=week))
        if start:
            title += " " + theme.text(theme.t("card.continued"))
        first = heading if week == 1 and start == 0 else []
        table = _week_table(log, theme, week, max(start, 1) - 1, end - 1)
        return Unbreakable([*first, tagged(Paragraph(title, theme.styles["h3"]), "H3"), Spacer(1, 3), table],
                           space_after=8 if theme.compact else 12)
    return build


def _too_tall(log: LogGrid, part: int) -> WorksheetError:
    name = (*log.rows, "pain")[max(part, 1) - 1]
    return WorksheetError(Problem(f"the log row for {name!r} is too tall to fit on one page",
                                  hint="shorten the exercise title"))


def _week_table(log: LogGrid, theme: Theme, week: int, first: int = 0, last: int | None = None) -> Table:
    """The table of one week: the day names, then rows ``first`` to ``last`` (the pain row last)."""
    styles = theme.styles
    width = theme.frame_width
    # a day cell: at least 0.5 in (0.62 in in large print) to write a number in by hand
    least = (0.62 if theme.options.large_print else 0.5) * inch
    cell = max(least, min(0.8 * inch, (width * 0.62) / len(log.days)))
    name_width = width - cell * len(log.days)
    header = [_cell_text(theme.text(theme.t("log.exercise")), styles["cellhead"])] + [
        _cell_text(theme.text(theme.t(f"day.{d}")), styles["cellhead"]) for d in log.days]
    body = [[_cell_text(theme.text(r), styles["cell"]), *_cells(theme, log, week, i, cell)]
            for i, r in zip(log.ids or log.rows, log.rows, strict=True)]
    if log.pain_row:
        pain = _cell_text(f"<b>{theme.text(theme.t('log.pain'))}</b>", styles["cell"])
        body.append([pain, *_cells(theme, log, week, "pain", cell)])
    last = len(body) if last is None else last
    with_pain = log.pain_row and last == len(body)
    rows: list[list[Any]] = [header, *body[first:last]]
    # rows grow for a name on two lines; padding keeps one-line rows at the log row height
    table = Table(rows, colWidths=[name_width] + [cell] * len(log.days), renderCB=table_callback("table"))
    pad = max(2.0, (theme.log_row - styles["cell"].leading) / 2)
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.8, INK),
        ("BACKGROUND", (0, 0), (-1, 0), theme.log_header),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, 0), 2),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
        ("TOPPADDING", (0, 1), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 1), (-1, -1), pad),
        ("LEFTPADDING", (1, 1), (-1, -1), 1),  # a field fills its cell
        ("RIGHTPADDING", (1, 1), (-1, -1), 1),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, RULE),
    ]
    if with_pain:
        commands.append(("BACKGROUND", (0, -1), (0, -1), colors.HexColor("#f4f4f4")))
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.6, INK))
    table.setStyle(table_style(theme, commands))
    return table


def _weeks_side_by_side(log: LogGrid, theme: Theme) -> Table:
    """Every week in one table (compact layout): a week label over each run of days."""
    styles = theme.styles
    days = len(log.days)
    def widest(texts: list[str], style: str) -> float:
        font = styles[style]
        return max((string_width(t, font.fontName, font.fontSize) for t in texts), default=0.0)

    # the names stay on one line if day cells down to 0.34 in (or the widest day name) allow it
    names_width = widest(list(log.rows), "cell")
    day_width = widest([theme.t(f"day.{d}") for d in log.days], "cellhead")
    room = (theme.frame_width - names_width - 8) / (days * log.weeks)
    least = max(0.34 * inch, day_width + 2.5)  # the header cells have 1 pt padding a side
    cell = max(least, min(0.55 * inch, room, theme.frame_width * 0.71 / (days * log.weeks)))
    name_width = theme.frame_width - cell * days * log.weeks
    weeks: list[Paragraph | str] = [""]
    names: list[Paragraph | str] = [_cell_text(theme.text(theme.t("log.exercise")), styles["cellhead"])]
    for week in range(1, log.weeks + 1):
        weeks += [_cell_text(theme.text(theme.t("log.week", n=week)), styles["cellhead"])] + [""] * (days - 1)
        names += [_cell_text(theme.text(theme.t(f"day.{d}")), styles["cellhead"]) for d in log.days]
    def cells(row_id: str) -> list[Flowable | str]:
        return [c for week in range(1, log.weeks + 1) for c in _cells(theme, log, week, row_id, cell)]

    rows = [weeks, names] + [[_cell_text(theme.text(r), styles["cell"]), *cells(i)]
                             for i, r in zip(log.ids or log.rows, log.rows, strict=True)]
    if log.pain_row:
        rows.append([_cell_text(f"<b>{theme.text(theme.t('log.pain'))}</b>", styles["cell"]), *cells("pain")])
    # rows grow for a name on two lines; padding keeps one-line rows at the log row height
    table = Table(rows, colWidths=[name_width] + [cell] * (days * log.weeks),
                  renderCB=table_callback("table", header_rows=2))
    pad = max(2.0, (theme.log_row - styles["cell"].leading) / 2)
    commands: list[Any] = [
        ("GRID", (0, 1), (-1, -1), 0.8, INK),
        ("BACKGROUND", (0, 0), (-1, 1), theme.log_header),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (1, 0), (-1, 1), 1),
        ("RIGHTPADDING", (1, 0), (-1, 1), 1),
        ("TOPPADDING", (0, 0), (-1, 1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, 1), 3),
        ("TOPPADDING", (0, 2), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 2), (-1, -1), pad),
        ("LEFTPADDING", (1, 2), (-1, -1), 1),
        ("RIGHTPADDING", (1, 2), (-1, -1), 1),
        ("LEFTPADDING", (0, 2), (0, -1), 4),  # more room for a name on one line
        ("RIGHTPADDING", (0, 2), (0, -1), 2),
    ]
    for week in range(log.weeks):
        first = 1 + week * days
        commands += [("SPAN", (first, 0), (first + days - 1, 0)),
                     ("BOX", (first, 0), (first + days - 1, -1), 1.8, INK)]
    if log.pain_row:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.6, INK))
    table.setStyle(table_style(theme, commands))
    return table


def _cell_text(text: str, style: Any) -> Paragraph:
    """A cell's text: the content of its TH or TD element itself."""
    return tagged(Paragraph(text, style))


def _cells(theme: Theme, log: LogGrid, week: int, row_id: str, width: float) -> list[Flowable | str]:
    """The day cells of one row: empty, or invisible text fields on a fillable sheet."""
    if not theme.options.fillable:
        return [""] * len(log.days)
    height = theme.styles["cell"].leading
    row = dict(zip(log.ids or log.rows, log.rows, strict=True)).get(row_id, theme.t("log.pain"))
    from babel.dates import get_day_names  # Babel loads only where a log grid is laid out

    names = get_day_names("wide", locale=theme.options.lang)  # a tooltip is heard: "Monday", not "Mon"
    return [TextField(f"log.w{week}.{day}.{row_id}", width - 2, height, theme.size,
                      tooltip=theme.t("field.log", week=theme.t("log.week", n=week),
                                      day=names[DAYS.index(day)] if day in DAYS else theme.t(f"day.{day}"),
                                      row=row))
            for day in log.days]
