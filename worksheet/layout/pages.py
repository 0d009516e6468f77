"""What every page carries: the brand's header band and the footer with "Page X of Y".

"Page X of Y" is drawn in one pass: the canvas keeps each finished page's
state and draws the footers once the total is known, at save time.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from worksheet.layout.fonts import MAIN, text_markup
from worksheet.layout.pictures import picture
from worksheet.layout.reuse import Paragraph
from worksheet.layout.theme import MUTED, RULE, Theme

LOGO_SIZE = 0.62 * 72


@dataclass(frozen=True, eq=False)
class _Furniture:
    """Header and footer pieces for one theme, built and measured once."""

    logo: Flowable | None
    logo_y: float
    text_x: float
    lines: tuple[tuple[Paragraph, float], ...]
    """Clinic name and clinician, each with its baseline y."""
    footer: tuple[tuple[Paragraph, float], ...]


@functools.lru_cache(maxsize=64)
def _furniture(theme: Theme) -> _Furniture:
    brand = theme.key[0]
    top, band = theme.page_height, theme.header_height
    scratch = Canvas(io.BytesIO())  # only measures; nothing is drawn on it
    x, logo, logo_y = theme.margin, None, 0.0
    if brand.logo is not None:
        logo = picture(brand.logo, LOGO_SIZE, LOGO_SIZE, theme.grayscale)
        _, h = logo.wrapOn(scratch, LOGO_SIZE, LOGO_SIZE)
        logo_y = top - band / 2 - h / 2
        x += LOGO_SIZE + 12
    room = theme.page_width - theme.margin - x
    texts = [(brand.clinic, theme.styles["brand"]), (brand.clinician, theme.styles["brandsub"])]
    paras = [Paragraph(text_markup(t), style.clone(f"{style.name}-on", textColor=theme.on_primary))
             for t, style in texts if t]
    heights = [p.wrapOn(scratch, room, band)[1] for p in paras]
    y = top - band / 2 + sum(heights) / 2
    lines = []
    for para, height in zip(paras, heights, strict=True):
        y -= height
        lines.append((para, y))
    style = theme.styles["small"].clone("footer", fontSize=9.5, leading=12, textColor=MUTED)
    base = theme.margin * 0.75
    footer = []
    for index, text in enumerate((" · ".join(brand.contact), brand.footer)):
        if text:
            para = Paragraph(text_markup(text), style)
            para.wrapOn(scratch, theme.frame_width - 90, 24)
            footer.append((para, base + 13 - 12 * index))
    return _Furniture(logo, logo_y, x, tuple(lines), tuple(footer))


def draw_header(canvas: Canvas, theme: Theme) -> None:
    """The full-width band in the brand colour with logo and clinic name."""
    parts = _furniture(theme)
    canvas.saveState()
    canvas.setFillColor(theme.primary)
    canvas.rect(0, theme.page_height - theme.header_height, theme.page_width, theme.header_height,
                stroke=0, fill=1)
    if parts.logo is not None:
        parts.logo.drawOn(canvas, theme.margin, parts.logo_y)
    for para, y in parts.lines:
        para.drawOn(canvas, parts.text_x, y)
    canvas.restoreState()


def draw_footer(canvas: Canvas, theme: Theme, page: int, total: int) -> None:
    """Contact line, footer text and "Page X of Y" under a thin rule."""
    canvas.saveState()
    base = theme.margin * 0.75
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(theme.margin, base + 26, theme.page_width - theme.margin, base + 26)
    for para, y in _furniture(theme).footer:
        para.drawOn(canvas, theme.margin, y)
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
