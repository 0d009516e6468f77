"""The top of page 1: title (with a QR code for the whole video), name and date, intro, safety.

The patient's name and the date are not laid out with the rest: their places
are marked, and the text is drawn when the page is finished, in font
instances of their own. Everything else on the sheet is then the same for
every patient, which lets a batch replay the pages (see ``replay``).
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Spacer

from worksheet.errors import Problem, WorksheetError
from worksheet.layout.fonts import Fallbacks, field_fonts
from worksheet.layout.marks import Bookmark, TextField
from worksheet.layout.reuse import Paragraph, Table, tagged
from worksheet.layout.tags import Close, Element, Open, filled, placeholder
from worksheet.layout.theme import INK, Theme, table_style
from worksheet.model import Handout

COLUMN_GAP = 12  # points between the two columns of the compact layout
Slot = tuple[str, float, int, Element | None]
"""(field key, width, where in the page's operators the text goes, its structure element)."""


class FieldSlot(Flowable):
    """Marks where a name or date goes; the text is drawn when the page is finished."""

    def __init__(self, key: str, width: float, height: float) -> None:
        super().__init__()
        self.key, self.width, self.height = key, width, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        at = len(self.canv._code)  # type: ignore[attr-defined]
        element = placeholder(self.canv)
        self.canv.field_slots.append((self.key, self.width, at, element))  # type: ignore[attr-defined]


def draw_fields(canvas: Canvas, slots: list[Slot], values: dict[str, str], theme: Theme) -> None:
    """The name and date in their slots, on one line each (smaller type if it must).

    Their operators go where the slot was in the page's content, so text comes out in
    reading order (Patient, the name, Date, the date) for copy-paste and screen readers."""
    main, fallback = field_fonts(theme.fonts.regular, theme.fonts.bold)
    page_code = canvas._code  # type: ignore[attr-defined]
    for key, width, at, element in sorted(slots, key=lambda slot: -slot[2]):  # later slots first
        text = values.get(key, "")
        if not text:
            continue
        style = theme.styles["field"].clone(f"{key}-value", fontName=main)
        floor = theme.size  # never under the sheet's body text: 11 or 11.5 pt, 16 in large print
        for _ in range(8):  # a long name shrinks rather than wrap or overflow the line
            para = Paragraph(theme.fonts.text(text, fallback), style)
            para.tag = None  # its marks come from the slot's element (the tree is shared by replays)
            _, height = para.wrapOn(canvas, width, 1000)
            if height <= style.leading * 1.05 or style.fontSize - 1 < floor:
                break
            style = style.clone(style.name, fontSize=style.fontSize - 1, leading=style.leading - 1.1)
        if height > style.leading * 2.1:  # two lines fit below the title; a third would cover it
            raise _too_long(key, text, _fitting(canvas, theme, text, style, width, fallback))
        canvas._code = []  # type: ignore[attr-defined]
        # the operators run where the slot was drawn, inside its own coordinates
        with filled(canvas, element):
            para.drawOn(canvas, 0, 0)
        page_code[at:at] = canvas._code  # type: ignore[attr-defined]
        canvas._code = page_code  # type: ignore[attr-defined]


def _fitting(canvas: Canvas, theme: Theme, text: str, style: Any, width: float,
             fallback: Fallbacks) -> int:
    """How many characters of ``text`` fit on the slot's two lines (the message's limit)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        _, height = Paragraph(theme.fonts.text(text[:middle], fallback), style).wrapOn(canvas, width, 1000)
        low, high = (middle, high) if height <= style.leading * 2.1 else (low, middle - 1)
    return max(low, 1)


def _too_long(key: str, text: str, fits: int) -> WorksheetError:
    what = "name" if key == "patient" else key
    return WorksheetError(Problem(
        f"the {what} is too long for its line on this sheet ({len(text)} characters; about {fits} fit)",
        field=key, hint="shorten it, or leave it out and write it on the line by hand"))


def title(handout: Handout, theme: Theme, width: float | None = None) -> Flowable:
    """The worksheet title, with a QR code for the whole video beside it when there is one."""
    width = width or theme.frame_width
    heading = tagged(Paragraph(theme.text(handout.title), theme.styles["title"]), "H1")
    if not handout.video:
        return heading
    size = 0.8 * 72
    from worksheet.layout.card import scan_me  # pictures and QR codes load only for a layout

    row = Table([[heading, scan_me(handout.video, size, theme, "sheet.scan")]],
                colWidths=[width - size - 30, size + 30])
    row.setStyle(table_style(theme, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return row


def name_and_date(theme: Theme, width: float | None = None, given: frozenset[str] = frozenset()) -> Table:
    """Labels and lines to write on, with slots (or form fields) for the values: side by
    side across the page, or one under the other in a narrow column.

    ``given``: which of "patient" and "date" have a value. On a fillable sheet those are
    printed like on any other (a form field would drop what the clinic typed); only the
    empty ones become fields to type in. (Fillable layouts are never replayed, so the
    layout may depend on this.)"""
    styles = theme.styles
    width = width or theme.frame_width
    label = styles["label"].fontSize * 4.6  # "Patient" plus a gap
    # one under the other in a narrow column, and in large print, where 16 pt and up needs the room
    stacked = width < theme.frame_width * 0.75 or theme.options.large_print
    if stacked:
        rooms = (width - label - 6, width - label - 6)
    else:
        rooms = (width * 0.55 - label - 18, width * 0.45 - label * 0.75)
    values: list[Flowable] = []
    for key, room in zip(("patient", "date"), rooms, strict=True):
        if theme.options.fillable and key not in given:  # a field to type in, over the line
            values.append(TextField(key, room, theme.size * 1.6, theme.size, tooltip=theme.t(key)))
        else:
            values.append(FieldSlot(key, room, styles["field"].leading))
    patient, day = (Paragraph(theme.text(theme.t(k)), styles["label"]) for k in ("patient", "date"))
    if stacked:
        # a name on two lines stays inside its row (large print: 2 lines of 16 pt and more)
        row = theme.size * (2.5 if theme.options.large_print else 2.1)
        table = Table([[patient, values[0]], [day, values[1]]], colWidths=[label, width - label],
                      rowHeights=[row] * 2)
        lines: list[Any] = [("LINEBELOW", (1, 0), (1, 1), 0.9, INK)]
    else:
        table = Table([[patient, values[0], day, values[1]]],
                      colWidths=[label, width * 0.55 - label, label * 0.75, width * 0.45 - label * 0.75],
                      rowHeights=[theme.size * 2.3])
        lines = [("LINEBELOW", (1, 0), (1, 0), 0.9, INK), ("LINEBELOW", (3, 0), (3, 0), 0.9, INK),
                 ("RIGHTPADDING", (1, 0), (1, 0), 18)]
    table.setStyle(table_style(theme, [
        *lines,
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def given_values(handout: Handout) -> frozenset[str]:
    """Which of the name and date have a value (only a fillable sheet's layout asks)."""
    if not handout.options.fillable:
        return frozenset()  # the printed sheet's layout never depends on them (replay)
    return frozenset(key for key in ("patient", "date") if getattr(handout, key))


def front_matter(handout: Handout, theme: Theme) -> list[Flowable]:
    """Title, name and date, intro and safety box: stacked, or in the compact layout the
    title across the page and under it two columns (name, date and intro beside the
    safety box)."""
    intro = [Paragraph(theme.markup(p.spans), theme.styles["intro"]) for p in handout.intro]
    if not theme.compact:
        safety = KeepTogether(safety_box(handout, theme, theme.frame_width))
        names = name_and_date(theme, given=given_values(handout))
        return [title(handout, theme), Open("Div"), names, Close(), Spacer(1, 8), *intro,
                Spacer(1, 4), safety, Spacer(1, 14)]
    half = (theme.frame_width - COLUMN_GAP) / 2
    left = [Open("Div"), name_and_date(theme, half, given_values(handout)), Close(), Spacer(1, 6), *intro]
    pair = Table([[left, safety_box(handout, theme, half)]], colWidths=[half + COLUMN_GAP, half])
    pair.setStyle(table_style(theme, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (0, 0), COLUMN_GAP),
                                      ("RIGHTPADDING", (1, 0), (1, 0), 0),
                                      ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return [title(handout, theme), pair, Spacer(1, 10)]


def safety_box(handout: Handout, theme: Theme, width: float) -> Flowable:
    """Warning signs to stop for, and when to ease off."""
    from worksheet.layout.flowables import boxed

    styles = theme.styles
    heading = theme.t("safety.heading")
    parts: list[Flowable] = [Open("Sect"), Bookmark("safety", heading),
                             tagged(Paragraph(theme.text(heading), styles["h3"]), "H2"), Spacer(1, 2)]
    bullet = styles["box"].clone("bullet", leftIndent=14, bulletIndent=2)
    in_list = False
    for p in handout.safety:
        if p.bullet != in_list:  # a run of bullets is one list
            parts.append(Open("L") if p.bullet else Close())
            in_list = p.bullet
        if p.bullet:
            parts.append(tagged(Paragraph(theme.markup(p.spans), bullet, bulletText="•"), "LI", "LBody"))
        else:
            parts.append(Paragraph(theme.markup(p.spans), styles["box"]))
    parts += [Close()] * (1 + in_list)
    return boxed(theme, parts, width, border=INK, fill=theme.safety_fill, line=1.6,
                 pad=7 if theme.compact else 10)



