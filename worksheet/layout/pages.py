"""What every page carries: the brand's header band and the footer with "Page X of Y".

"Page X of Y" is drawn in one pass: the canvas keeps each finished page's
state and draws the footers once the total is known, at save time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from worksheet.layout.fonts import MAIN, text_markup
from worksheet.layout.pictures import picture
from worksheet.layout.theme import MUTED, RULE, Theme
from worksheet.model import Brand

LOGO_SIZE = 0.62 * 72


def draw_header(canvas: Canvas, theme: Theme, brand: Brand) -> None:
    """The full-width band in the brand colour with logo and clinic name."""
    top = theme.page_height
    band = theme.header_height
    canvas.saveState()
    canvas.setFillColor(theme.primary)
    canvas.rect(0, top - band, theme.page_width, band, stroke=0, fill=1)
    x = theme.margin
    if brand.logo is not None:
        logo = picture(brand.logo, LOGO_SIZE, LOGO_SIZE, theme.grayscale)
        _, h = logo.wrapOn(canvas, LOGO_SIZE, LOGO_SIZE)
        logo.drawOn(canvas, x, top - band / 2 - h / 2)
        x += LOGO_SIZE + 12
    name_style = theme.styles["brand"].clone("brand-on", textColor=theme.on_primary)
    sub_style = theme.styles["brandsub"].clone("brandsub-on", textColor=theme.on_primary)
    room = theme.page_width - theme.margin - x
    name = Paragraph(text_markup(brand.clinic), name_style)
    _, name_h = name.wrapOn(canvas, room, band)
    sub = Paragraph(text_markup(brand.clinician), sub_style) if brand.clinician else None
    sub_h = sub.wrapOn(canvas, room, band)[1] if sub else 0
    y = top - band / 2 + (name_h + sub_h) / 2 - name_h
    name.drawOn(canvas, x, y)
    if sub is not None:
        sub.drawOn(canvas, x, y - sub_h)
    canvas.restoreState()


def draw_footer(canvas: Canvas, theme: Theme, brand: Brand, page: int, total: int) -> None:
    """Contact line, footer text and "Page X of Y" under a thin rule."""
    canvas.saveState()
    base = theme.margin * 0.75
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(theme.margin, base + 26, theme.page_width - theme.margin, base + 26)
    style = theme.styles["small"].clone("footer", fontSize=9.5, leading=12, textColor=MUTED)
    room = theme.frame_width - 90
    lines = [" · ".join(brand.contact), brand.footer]
    y = base + 13
    for text in lines:
        if text:
            para = Paragraph(text_markup(text), style)
            para.wrapOn(canvas, room, 24)
            para.drawOn(canvas, theme.margin, y)
        y -= 12
    canvas.setFont(MAIN, 11)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(theme.page_width - theme.margin, base + 8, f"Page {page} of {total}")
    canvas.restoreState()


def numbered_canvas(footer: Callable[[Canvas, int, int], None], creation: str) -> type[Canvas]:
    """A Canvas class that draws ``footer(canvas, page, total)`` on every page at save."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            # the same input gives the same bytes: the date comes from the request
            self.setDateFormatter(lambda *_: creation)

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas
