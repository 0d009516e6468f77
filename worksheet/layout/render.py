"""Handout → PDF bytes: the story of flowables and the page templates around it."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Spacer

from worksheet.layout.card import disclosure_box, exercise_card, scan_me
from worksheet.layout.columns import ColumnPair
from worksheet.layout.flowables import boxed
from worksheet.layout.grid import log_grid
from worksheet.layout.marks import Bookmark, TextField
from worksheet.layout.pages import draw_footer, draw_header, numbered_canvas
from worksheet.layout.reuse import Paragraph, Table, reuse
from worksheet.layout.theme import INK, SAFE_EDGE, Theme, make_theme, table_style
from worksheet.model import Handout

COLUMN_GAP = 12  # points between the two columns of the compact layout
FIXED_DATE = "D:20000101000000+00'00'"  # for a handout without a date: same input, same bytes


def render_pdf(handout: Handout) -> bytes:
    """The finished PDF for ``handout``, byte-identical for identical input."""
    return render_document(handout)[0]


def render_document(handout: Handout) -> tuple[bytes, int]:
    """The PDF bytes for ``handout`` and its number of pages."""
    theme = make_theme(handout.brand, handout.options)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(theme.page_width, theme.page_height),
        leftMargin=theme.margin,
        rightMargin=theme.margin,
        # the band's room stays free without a band too: that is where letterhead prints
        topMargin=SAFE_EDGE + theme.header_height + 14,
        bottomMargin=SAFE_EDGE + theme.footer_height + 4,
        title=handout.title,
        author=handout.brand.clinic,
        subject=handout.subject,
        keywords=list(handout.keywords),
        creator="worksheet",
        producer="worksheet",
        lang=handout.lang,
        invariant=1,
        initialFontName=theme.fonts.regular,  # otherwise every page names Helvetica, a font we never embed
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
    title = reuse(("title", handout.title, handout.video, theme.key), lambda: _title(handout, theme))
    out: list[Flowable] = [title,
                           _name_and_date(handout, theme), Spacer(1, 8)]
    out += reuse(("preamble", handout.intro, handout.safety, theme.key), lambda: _preamble(handout, theme))
    width = (theme.frame_width - COLUMN_GAP) / 2 if theme.compact else theme.frame_width
    cards: list[Flowable] = []
    number = 0
    for item in handout.items:
        number += item.kind == "exercise"
        # compact: the disclosure goes full width at the end, where it costs no column room
        here = handout.disclosure if handout.disclosure_after == item.id and not theme.compact else None
        cards.append(exercise_card(item, number, theme, width, here))
    if theme.compact:
        if handout.disclosure:  # last in the columns, where the shortest column has room
            cards += [Spacer(1, 2), disclosure_box(handout.disclosure, theme, width)]
        out.append(ColumnPair(cards, COLUMN_GAP))
    else:
        out += cards
    out += reuse(("log", handout.log, theme.key), lambda: log_grid(handout.log, theme))
    if handout.disclosure and handout.disclosure_after is None and not theme.compact:
        out += [Spacer(1, 10), disclosure_box(handout.disclosure, theme)]
    return out


def _title(handout: Handout, theme: Theme) -> Flowable:
    """The worksheet title, with a QR code for the whole video beside it when there is one."""
    title = Paragraph(theme.text(handout.title), theme.styles["title"])
    if not handout.video:
        return title
    size = 0.8 * 72
    row = Table([[title, scan_me(handout.video, size, theme, "sheet.scan")]],
                colWidths=[theme.frame_width - size - 30, size + 30])
    row.setStyle(table_style(theme, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return row


def _name_and_date(handout: Handout, theme: Theme) -> Table:
    styles = theme.styles
    width = theme.frame_width
    label = styles["label"].fontSize * 4.6  # "Patient" plus a gap
    line_widths = (width * 0.55 - label - 18, width * 0.45 - label * 0.75)
    values: list[Flowable] = []
    texts = (handout.patient, handout.date)
    for key, value, room in zip(("patient", "date"), texts, line_widths, strict=True):
        if not value and theme.options.fillable:  # a field to type in, over the line to write on
            values.append(TextField(key, room, theme.size * 1.6, theme.size))
        else:
            values.append(Paragraph(theme.text(value), styles["field"]))
    name, date = values
    patient, day = (Paragraph(theme.text(theme.t(k)), styles["label"]) for k in ("patient", "date"))
    table = Table([[patient, name, day, date]],
                  colWidths=[label, width * 0.55 - label, label * 0.75, width * 0.45 - label * 0.75],
                  rowHeights=[theme.size * 2.3])
    table.setStyle(table_style(theme, [
        ("LINEBELOW", (1, 0), (1, 0), 0.9, INK),
        ("LINEBELOW", (3, 0), (3, 0), 0.9, INK),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (1, 0), (1, 0), 18),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _preamble(handout: Handout, theme: Theme) -> list[Flowable]:
    """The intro and the safety box: stacked, or side by side in the compact layout."""
    intro = [Paragraph(theme.markup(p.spans), theme.styles["intro"]) for p in handout.intro]
    if not theme.compact:
        safety = KeepTogether(_safety_box(handout, theme, theme.frame_width))
        return [*intro, Spacer(1, 4), safety, Spacer(1, 14)]
    half = (theme.frame_width - COLUMN_GAP) / 2
    pair = Table([[intro, _safety_box(handout, theme, half)]], colWidths=[half + COLUMN_GAP, half])
    pair.setStyle(table_style(theme, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (0, 0), COLUMN_GAP),
                                      ("RIGHTPADDING", (1, 0), (1, 0), 0),
                                      ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return [pair, Spacer(1, 10)]


def _safety_box(handout: Handout, theme: Theme, width: float) -> Flowable:
    styles = theme.styles
    heading = theme.t("safety.heading")
    parts: list[Flowable] = [Bookmark("safety", heading), Paragraph(theme.text(heading), styles["h3"]),
                             Spacer(1, 2)]
    bullet = styles["box"].clone("bullet", leftIndent=14, bulletIndent=2)
    parts += [Paragraph(theme.markup(p.spans), bullet, bulletText="•") if p.bullet
              else Paragraph(theme.markup(p.spans), styles["box"]) for p in handout.safety]
    return boxed(theme, parts, width, border=INK, fill=theme.safety_fill, line=1.6,
                 pad=7 if theme.compact else 10)


__all__ = ["render_document", "render_pdf", "story"]
