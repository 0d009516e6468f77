"""What every page carries: the brand's header band and the footer with "Page X of Y".

Pages after the first carry a slim band (logo and clinic name on one line), which
leaves the room for the cards: a card and the start of the next fit one page.

Both stay inside the print-safe area (0.5 in from every edge). "Page X of Y"
is drawn in one pass: the canvas keeps each finished page's state and draws
the footers once the total is known, at save time.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from worksheet.errors import Problem, WorksheetError
from worksheet.layout.fonts import field_fonts
from worksheet.layout.marks import Mark, place_mark
from worksheet.layout.replay import Drawn, drawn_here, font_snapshot, page_snapshot, same_ops
from worksheet.layout.reuse import Paragraph
from worksheet.layout.structure import Metadata, mark_page, write_structure
from worksheet.layout.tags import Tree, artifact, begin_page, end_page, leaf
from worksheet.layout.theme import MUTED, RULE, SAFE_EDGE, Theme, footer_lines, footer_width


@dataclass(frozen=True, eq=False)
class _Furniture:
    """Header and footer pieces for one theme, built and measured once."""

    logo: Flowable | None
    logo_y: float
    text_x: float
    lines: tuple[tuple[Paragraph, float], ...]
    """Clinic name and clinician, each with the y it is drawn at."""


@dataclass(frozen=True, eq=False)
class _Footer:
    """The footer's contact lines with the y of each, the page number's size, and the width
    free for the patient's name right of the last line."""

    lines: tuple[tuple[Paragraph, float], ...]
    page_size: float
    name_room: float


SLIM_BAND = 0.4 * 72  # points: the band on every layout's later pages (a 16 pt name fits)


def band_height(theme: Theme, first: bool = True) -> float:
    """Height of the header band on the first page, or on the pages after it."""
    if not first:
        return SLIM_BAND
    return theme.header_height


def band_box(theme: Theme, first: bool = True) -> tuple[float, float, float, float]:
    """x, y, width, height of the header band: inside the print-safe area."""
    left = max(SAFE_EDGE, theme.margin - 6)
    height = band_height(theme, first)
    return (left, theme.page_height - SAFE_EDGE - height, theme.page_width - 2 * left, height)


@functools.lru_cache(maxsize=64)
def _furniture(theme: Theme, first: bool = True) -> _Furniture:
    brand = theme.key[0]
    scratch = Canvas(io.BytesIO())  # only measures; nothing is drawn on it
    bx, by, bw, bh = band_box(theme, first)
    slim = bh < theme.header_height
    logo_size = bh - (8 if slim else 14)
    x, logo, logo_y = bx + 10, None, 0.0
    if brand.logo is not None:
        from worksheet.layout.pictures import picture  # svglib loads only where a band is drawn

        logo = picture(brand.logo, logo_size, logo_size, theme.grayscale)
        _, h = logo.wrapOn(scratch, logo_size, logo_size)
        logo_y = by + (bh - h) / 2
        x += logo_size + 10
    room = bx + bw - 10 - x
    texts = [(brand.clinic, theme.styles["brand"])] if theme.options.header_band else []
    if not slim and theme.options.header_band:
        texts.append((brand.clinician, theme.styles["brandsub"]))
    paras, heights = _band_lines(theme, scratch, [(t, s) for t, s in texts if t], room, bh - 4, slim)
    y = by + bh / 2 + sum(heights) / 2
    lines = []
    for para, height in zip(paras, heights, strict=True):
        y -= height
        lines.append((para, y))
    return _Furniture(logo, logo_y, x, tuple(lines))


def _band_lines(theme: Theme, scratch: Canvas, texts: list[tuple[str, Any]], room: float, height: float,
                slim: bool) -> tuple[list[Paragraph], list[float]]:
    """The clinic's lines in the band: smaller (down to the body size) until they fit; the slim
    band of later pages cuts the name short with "…" (page 1 shows it whole), the full band
    refuses a name that cannot fit."""
    brand = theme.key[0]
    steps = 0
    while True:
        paras = []
        for text, style in texts:
            size = max(style.fontSize - steps, min(theme.size, style.fontSize))
            on = style.clone(f"{style.name}-on", textColor=theme.on_primary, fontSize=size,
                             leading=style.leading * size / style.fontSize)
            paras.append(Paragraph(theme.text(text), on))
        heights = [p.wrapOn(scratch, room, height)[1] for p in paras]
        if sum(heights) <= height:
            return paras, heights
        if all(s.fontSize - steps <= min(theme.size, s.fontSize) for _, s in texts):
            break
        steps += 1
    if slim:
        text, style = texts[0]
        while len(text) > 1 and sum(heights) > height:
            text = text[:max(1, int(len(text) * 0.9))]
            para = Paragraph(theme.text(text.rstrip() + "…"), paras[0].style)
            paras, heights = [para], [para.wrapOn(scratch, room, height)[1]]
        return paras, heights
    raise WorksheetError(Problem(
        f"the clinic name and clinician ({sum(len(t) for t, _ in texts)} characters) do not fit in the "
        "header band of this sheet", path=brand.path, field="clinic",
        hint="shorten them, or print without the band (--no-header-band)"))


def check_furniture(theme: Theme) -> None:
    """Lay out the band and footer before the pages (ReportLab rewrites the message of an error
    raised while it starts a page): a clinic name that cannot fit is refused here."""
    _furniture(theme)
    _furniture(theme, first=False)


@functools.lru_cache(maxsize=64)
def _footer(theme: Theme) -> _Footer:
    """The footer's pieces (apart from the band: a replayed page draws only its footer, and
    needs no logo for it)."""
    brand = theme.key[0]
    scratch = Canvas(io.BytesIO())
    style = theme.styles["footer"]
    footer: list[tuple[Paragraph, float]] = []
    y = SAFE_EDGE + 3  # descenders of the last line stay clear of the 0.5 in edge
    used = 0.0
    for text in reversed(footer_lines(brand)):
        line = Paragraph(theme.text(text), style)
        _, h = line.wrapOn(scratch, footer_width(theme), 0xFFFFFF)
        if not footer:  # the last line shares its row with the name
            used = max(line.getActualLineWidths0()[-1:] or [0.0])
        footer.append((line, y))
        y += h
    name_room = theme.frame_width - used - 12  # at least the 8 font sizes footer_width keeps free
    return _Footer(tuple(footer), style.fontSize, name_room)


def draw_header(canvas: Canvas, theme: Theme, first: bool = True) -> None:
    """The band in the brand colour with logo and clinic name (none on letterhead)."""
    if not theme.options.header_band:
        return
    parts = _furniture(theme, first)
    box = band_box(theme, first)
    # the logo is read once, as the sheet's first figure; on later pages it is page furniture
    figure = canvas.getPageNumber() == 1 and parts.logo is not None
    with artifact(canvas, "Header"):
        _draw_band(canvas, theme, parts, box, logo=not figure)
    if figure and parts.logo is not None:
        with leaf(canvas, ("Figure",), theme.t("figure.logo", clinic=theme.key[0].clinic)):
            parts.logo.drawOn(canvas, box[0] + 10, parts.logo_y)


def _draw_band(canvas: Canvas, theme: Theme, parts: _Furniture,
               box: tuple[float, float, float, float], logo: bool) -> None:
    canvas.saveState()
    canvas.setFillColor(theme.primary)
    canvas.roundRect(*box, radius=6, stroke=0, fill=1)
    if parts.logo is not None and logo:
        parts.logo.drawOn(canvas, box[0] + 10, parts.logo_y)
    for para, y in parts.lines:
        para.drawOn(canvas, parts.text_x, y)
    canvas.restoreState()


def draw_footer(canvas: Canvas, theme: Theme, page: int, total: int, patient: str = "",
                kept: dict[object, Drawn] | None = None) -> None:
    """Contact lines and footer text on the left; page number on the right, and under it the
    print hint on page 1 and the patient's name on the pages after it (page 1 has the name
    in its title block), so loose pages find their owner. ``kept``: what earlier replays of
    this layout drew (``replay.drawn_before``), for the part without the name."""
    with artifact(canvas, "Footer"):
        _draw_footer(canvas, theme, page, total, patient if page > 1 else "", kept)


def _draw_footer(canvas: Canvas, theme: Theme, page: int, total: int, patient: str,
                 kept: dict[object, Drawn] | None) -> None:
    parts = _footer(theme)
    canvas.saveState()
    same_ops(canvas, kept, ("footer", theme, page, total, bool(patient)),
             lambda: _footer_text(canvas, theme, parts, page, total, bool(patient)))
    if patient:
        same_ops(canvas, drawn_here(canvas), ("name", theme, patient, parts.name_room),
                 lambda: _draw_name(canvas, theme, patient, parts.name_room), new_glyphs=True)
    canvas.restoreState()


def _footer_text(canvas: Canvas, theme: Theme, parts: _Footer, page: int, total: int, named: bool) -> None:
    """The footer but the name: the rule, contact lines, "Page X of Y" and (no name) the hint."""
    footer, size = parts.lines, parts.page_size
    top = SAFE_EDGE + theme.footer_height - 6
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(theme.margin, top, theme.page_width - theme.margin, top)
    for para, y in footer:
        para.drawOn(canvas, theme.margin, y)
    right = theme.page_width - theme.margin
    canvas.setFillColor(MUTED)
    canvas.setFont(theme.fonts.bold, max(size, 11))
    canvas.drawRightString(right, SAFE_EDGE + 3 + size * 1.35, theme.t("page_x_of_y", page=page, total=total))
    if not named:
        canvas.setFont(theme.fonts.regular, size)
        canvas.drawRightString(right, SAFE_EDGE + 3 + size * 0.25, theme.t("print_hint"))


def _draw_name(canvas: Canvas, theme: Theme, patient: str, room: float) -> None:
    """The name at the right of the footer's last line."""
    para = _name_line(theme, patient, room)
    para.drawOn(canvas, theme.page_width - theme.margin - room, SAFE_EDGE + 3 + para.style.fontSize * 0.25
                - (para.style.leading - para.style.fontSize))


@functools.lru_cache(maxsize=8)  # laid out once per handout, drawn on each of its pages
def _name_line(theme: Theme, patient: str, room: float) -> Paragraph:
    """The name in the name's own font instances (see ``field_fonts``), cut short with "…"
    where it would reach the contact line."""
    main, fallback = field_fonts(theme.fonts.regular, theme.fonts.bold)
    style = theme.styles["footer"].clone("footer-name", fontName=main, alignment=2)
    text = patient
    para = Paragraph(theme.fonts.text(text, fallback), style)
    while para.wrap(room, 0xFFFFFF)[1] > style.leading * 1.05 and len(text) > 1:
        text = text[:max(1, int(len(text) * 0.9))].rstrip()
        para = Paragraph(theme.fonts.text(text + "…", fallback), style)
    para.tag = None  # page furniture: no structure element of its own
    return para


def numbered_canvas(footer: Callable[[Canvas, int, int], None], creation: str,
                    fields: Callable[[Canvas, list[Any]], None]) -> type[Canvas]:
    """A Canvas class that finishes every page at save, once the page count is known:
    outline entries, ``footer(canvas, page, total)`` and ``fields(canvas, slots)``."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.recorded_pages: list[dict[str, Any]] = []
            self.outline_marks: list[Mark] = []
            self.field_slots: list[Any] = []
            self.fonts_at_save: tuple[tuple[str, Any], ...] = ()
            self.tags = Tree()  # the same tree on every page; a replayed layout brings its own
            self.tag_fields: dict[Any, tuple[int, int]] = {}
            # the same input gives the same bytes: the date comes from the request
            self.setDateFormatter(lambda *_: creation)
            self.showOutline()  # viewers open the bookmarks (exercises, safety, log) beside the page
            begin_page(self)

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self.recorded_pages.append(page_snapshot(self))
            self._pages.append(dict(self.__dict__))
            self.outline_marks = []
            self.field_slots = []
            self._startPage()  # type: ignore[attr-defined]
            begin_page(self)

        def _setAnnotations(self, page: Any) -> None:  # noqa: N802 (ReportLab's name)
            super()._setAnnotations(page)  # type: ignore[misc]
            mark_page(page, self._pageNumber - 1)  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            self.tag_fields = {}
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                for mark in state["outline_marks"]:  # now this is the page being written
                    place_mark(self, mark)
                footer(self, number, total)
                fields(self, state["field_slots"])
                end_page(self)
                super().showPage()
            info = self._doc.info  # type: ignore[attr-defined]
            meta = Metadata(info.title, self._doc.Catalog.Lang.s, info.author, info.subject)  # type: ignore[attr-defined]
            write_structure(self, self.tags, self.tag_fields, total, meta)
            self.fonts_at_save = font_snapshot(self)
            super().save()

    return NumberedCanvas
