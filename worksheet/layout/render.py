"""Handout → PDF bytes: the story of flowables and the page templates around it."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Spacer

from worksheet.layout.card import disclosure_box, exercise_card
from worksheet.layout.flowables import boxed
from worksheet.layout.fonts import MAIN, text_markup, to_markup
from worksheet.layout.grid import log_grid
from worksheet.layout.pages import draw_footer, draw_header, numbered_canvas
from worksheet.layout.reuse import Paragraph, Table, reuse
from worksheet.layout.theme import INK, Theme, make_theme, table_style
from worksheet.model import Handout

FIXED_DATE = "D:20000101000000+00'00'"  # for a handout without a date: same input, same bytes


def render_pdf(handout: Handout) -> bytes:
    """The finished PDF for ``handout``, byte-identical for identical input."""
    return render_document(handout)[0]


def render_document(handout: Handout) -> tuple[bytes, int]:
    """The PDF bytes for ``handout`` and its number of pages."""
    theme = make_theme(handout.brand, handout.paper, handout.grayscale)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(theme.page_width, theme.page_height),
        leftMargin=theme.margin,
        rightMargin=theme.margin,
        topMargin=theme.header_height + 0.3 * 72,
        bottomMargin=theme.margin + theme.footer_height,
        title=handout.title,
        author=handout.brand.clinic,
        subject=handout.subject,
        keywords=list(handout.keywords),
        creator="worksheet",
        producer="worksheet",
        lang=handout.lang,
        invariant=1,
        initialFontName=MAIN,  # otherwise every page names Helvetica, a font we never embed
        pageCompression=1,
        displayDocTitle=1,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def on_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        draw_header(canvas, theme)

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    creation = FIXED_DATE
    if handout.creation_date is not None:
        creation = f"D:{handout.creation_date:%Y%m%d}000000+00'00'"
    canvasmaker = numbered_canvas(lambda c, n, t: draw_footer(c, theme, n, t), creation)
    with _binary_streams():
        doc.build(story(handout, theme), canvasmaker=canvasmaker)
    return buffer.getvalue(), doc.page


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Compressed streams without the ASCII85 layer (ReportLab's default): smaller
    files and less work. ReportLab reads this setting only from its config module,
    so it is set for the duration of one build and put back."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def story(handout: Handout, theme: Theme) -> list[Flowable]:
    """Every flowable of the handout, in reading order."""
    styles = theme.styles
    title = reuse(("title", handout.title, theme.key),
                  lambda: Paragraph(text_markup(handout.title), styles["title"]))
    out: list[Flowable] = [title,
                           _name_and_date(handout, theme), Spacer(1, 8)]
    out += reuse(("preamble", handout.intro, handout.safety, theme.key), lambda: [
        *(Paragraph(to_markup(p.spans), styles["intro"]) for p in handout.intro),
        Spacer(1, 4), _safety_box(handout, theme), Spacer(1, 14)])
    number = 0
    for item in handout.items:
        number += item.kind == "exercise"
        here = handout.disclosure if handout.disclosure_after == item.id else None
        out.append(exercise_card(item, number, theme, here))
    out += reuse(("log", handout.log, theme.key), lambda: log_grid(handout.log, theme))
    if handout.disclosure and handout.disclosure_after is None:
        out += [Spacer(1, 10), disclosure_box(handout.disclosure, theme)]
    return out


def _name_and_date(handout: Handout, theme: Theme) -> Table:
    styles = theme.styles
    name = Paragraph(text_markup(handout.patient), styles["field"])
    date = Paragraph(text_markup(handout.date), styles["field"])
    width = theme.frame_width
    table = Table([[Paragraph("Patient", styles["label"]), name, Paragraph("Date", styles["label"]), date]],
                  colWidths=[52, width * 0.55 - 52, 40, width * 0.45 - 40], rowHeights=[26])
    table.setStyle(table_style([
        ("LINEBELOW", (1, 0), (1, 0), 0.9, INK),
        ("LINEBELOW", (3, 0), (3, 0), 0.9, INK),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (1, 0), (1, 0), 18),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _safety_box(handout: Handout, theme: Theme) -> Flowable:
    styles = theme.styles
    parts: list[Flowable] = [Paragraph("Safety first", styles["h3"]), Spacer(1, 2)]
    bullet = styles["box"].clone("bullet", leftIndent=14, bulletIndent=2)
    parts += [Paragraph(to_markup(p.spans), bullet, bulletText="•") if p.bullet
              else Paragraph(to_markup(p.spans), styles["box"]) for p in handout.safety]
    return KeepTogether(boxed(parts, theme.frame_width, border=INK, fill=theme.safety_fill,
                              line=1.6, pad=10))


__all__ = ["render_document", "render_pdf", "story"]
