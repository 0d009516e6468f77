"""One exercise card: picture beside title, purpose and dose; steps and caution below.

Steps run the full width of the card so most fit on one line. A card is kept
whole: it moves to the next page rather than split.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Spacer

from worksheet.layout.flowables import Chips, boxed, step_list
from worksheet.layout.fonts import text_markup, to_markup
from worksheet.layout.pictures import Placeholder, picture
from worksheet.layout.reuse import Paragraph, Table, reuse
from worksheet.layout.theme import INK, MUTED, RULE, Theme, table_style
from worksheet.model import HandoutItem, Para

PICTURE_WIDTH = 1.9 * inch
PICTURE_HEIGHT = 1.4 * inch  # the bundled drawings are 4:3
PAD = 9
CAUTION_FILL = colors.HexColor("#f4f4f4")


def exercise_card(item: HandoutItem, number: int, theme: Theme,
                  disclosure: tuple[Para, ...] | None = None) -> Flowable:
    """The card for ``item`` (with the disclosure box that belongs to it, kept on the
    same page); built once per process for the same item, number and theme."""
    return reuse(("card", item, number, theme.key, disclosure),
                 lambda: _build_card(item, number, theme, disclosure))


def _build_card(item: HandoutItem, number: int, theme: Theme, disclosure: tuple[Para, ...] | None
                ) -> Flowable:
    inner = theme.frame_width - 2 * PAD
    text_width = inner - PICTURE_WIDTH - 12
    top = Table([[_pictures(item, theme), _heading(item, number, theme, text_width)]],
                colWidths=[PICTURE_WIDTH + 12, text_width])
    top.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    body: list[Flowable] = [top, Spacer(1, 6), step_list(item.steps, theme, inner)]
    for note in item.notes:
        body += [Spacer(1, 2), Paragraph(to_markup(note.spans), theme.styles["body"])]
    for caution in item.cautions:
        text = Paragraph(f"<b>Caution:</b> {to_markup(caution)}", theme.styles["box"])
        body += [Spacer(1, 4), boxed([text], inner, border=INK, fill=CAUTION_FILL, line=0.8, pad=5,
                                     bar=INK)]
    card = Table([[body]], colWidths=[theme.frame_width])
    card.setStyle(table_style([
        ("BOX", (0, 0), (-1, -1), 1, RULE),
        ("ROUNDEDCORNERS", [8, 8, 8, 8]),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
    ]))
    after = [Spacer(1, 6), disclosure_box(disclosure, theme)] if disclosure else []
    return KeepTogether([card, *after, Spacer(1, 10)])


def disclosure_box(paras: tuple[Para, ...], theme: Theme) -> Flowable:
    """The sponsor disclosure: dashed and gray, set apart from the clinical content."""
    style = theme.styles["small"]
    parts: list[Flowable] = [Paragraph("<b>Sponsor disclosure</b> (not medical advice)", style)]
    parts += [Paragraph(to_markup(p.spans), style) for p in paras]
    return boxed(parts, theme.frame_width, border=MUTED, fill=None, line=0.9, dash=(3, 2), pad=7)


def _pictures(item: HandoutItem, theme: Theme) -> Flowable:
    if not item.illustrations:
        return Placeholder(item.title, PICTURE_WIDTH, PICTURE_HEIGHT)
    if len(item.illustrations) == 1:
        return picture(item.illustrations[0], PICTURE_WIDTH, PICTURE_HEIGHT, theme.grayscale)
    half = (PICTURE_WIDTH - 6) / 2
    pair = Table([[picture(p, half, PICTURE_HEIGHT, theme.grayscale) for p in item.illustrations]],
                 colWidths=[half + 3, half + 3])
    pair.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return pair


def _heading(item: HandoutItem, number: int, theme: Theme, width: float) -> list[Flowable]:
    styles = theme.styles
    label = "Tip:" if item.kind == "tip" else f"{number}."
    parts: list[Flowable] = [
        Paragraph(f"{label} {text_markup(item.title)}", styles["h2"]),
        Paragraph(text_markup(item.position), styles["position"]),
        Spacer(1, 3),
        Paragraph(to_markup(item.purpose), styles["body"]),
    ]
    if item.chips:
        parts += [Spacer(1, 6), Chips(item.chips, fill=theme.accent, edge=theme.primary)]
    if item.sponsored:
        parts += [Spacer(1, 4), Paragraph("Sponsored: see the disclosure below.", styles["small"])]
    return parts
