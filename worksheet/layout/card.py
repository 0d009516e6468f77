"""One exercise card: picture beside title, purpose and dose; steps and caution below.

Steps run the full width of the card so most fit on one line. A card moves
whole to the next page (or column), or splits between steps when it is taller
than a page or most of a page would stay empty (see ``split``). The compact
layout uses a smaller picture and tighter spacing for two columns; its caption sits
beside the picture, under the title, where it costs one line and no more.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from worksheet.errors import Problem, WorksheetError
from worksheet.layout.flowables import Chips, Unbreakable, boxed, step_list
from worksheet.layout.marks import Bookmark, qr_code
from worksheet.layout.pictures import Centered, Placeholder, aspect, captured, picture
from worksheet.layout.reuse import Paragraph, Table, reuse, tagged
from worksheet.layout.split import SplitCard
from worksheet.layout.tags import Close, Figure, Open
from worksheet.layout.theme import INK, MUTED, RULE, Theme, body_height, table_style
from worksheet.markup import plain
from worksheet.model import HandoutItem, Para

CAUTION_FILL = colors.HexColor("#f4f4f4")
# compact: card padding, space before the steps, the caution bar's space and padding, space
# after the card. Tight, so that a caption line per card keeps the handout on two pages.
COMPACT_PAD, COMPACT_BEFORE_STEPS, COMPACT_CAUTION, COMPACT_AFTER = 3, 2, 2, 4


def picture_box(theme: Theme, item: HandoutItem | None = None) -> tuple[float, float]:
    """The picture's box in a card, its caption not included: as wide as the title column beside
    it leaves room for, and as tall as the picture's shape asks at that width (up to a limit),
    so that the picture fills it whatever its aspect ratio. Large print: at least 2.5 in wide
    (two pictures stand one above the other). Compact: small boxes that keep the handout on its
    two pages."""
    if theme.compact:
        return (1.0 * inch, 0.8 * inch)
    width, tallest = (LARGE_WIDTH, LARGE_TALLEST) if theme.options.large_print else (DETAILED_WIDTH,
                                                                                   DETAILED_TALLEST)
    if item is None or not item.illustrations:
        return (width, PLACEHOLDER_HEIGHT * (1.25 if theme.options.large_print else 1.0))
    return (width, min(_stack_height(item, width, theme), tallest))


# the picture column: 2.6 in in large print (every picture 2.5 in wide or more, 4.4 in left for
# 16 pt text), 2.3 in in the detailed card. A picture is at most this tall: in the detailed
# card 1.9 in (2.0 puts the Spanish Letter sheet on 6 pages, 2.4 in wide does too), in large
# print 3.4 in (a standing 6:7 figure still 2.9 in wide); a narrower one is drawn narrower.
LARGE_WIDTH, LARGE_TALLEST = 2.6 * inch, 3.4 * inch
DETAILED_WIDTH, DETAILED_TALLEST = 2.3 * inch, 1.9 * inch
PLACEHOLDER_HEIGHT = 1.3 * inch
PAIR_GAP = 6


def _stack_height(item: HandoutItem, width: float, theme: Theme) -> float:
    """The height that shows every picture of ``item`` at full size in a column ``width`` wide:
    one, two side by side, or (large print) two one above the other."""
    shapes = [aspect(p) for p in item.illustrations]
    if len(shapes) == 1:
        return width / shapes[0]
    if theme.options.large_print:
        return sum(width / a for a in shapes) + PAIR_GAP
    half = (width - PAIR_GAP) / 2
    return max(half / a for a in shapes)


def exercise_card(item: HandoutItem, number: int, theme: Theme, width: float,
                  disclosure: tuple[Para, ...] | None = None) -> Flowable:
    """The card for ``item`` (with the disclosure box that belongs to it, kept with its
    last part); built once per process for the same item, number, theme and width."""
    def build() -> Flowable:
        parts = 1 + len(item.steps) + len(item.notes) + len(item.cautions)
        return SplitCard(lambda start, end: _build_card(item, number, theme, width, disclosure, start, end),
                         parts, 1 + len(item.steps), body_height(theme), lambda part: _too_tall(item, part))
    return reuse(("card", item, number, theme.key, width, disclosure), build)


def _too_tall(item: HandoutItem, part: int) -> WorksheetError:
    steps, notes = len(item.steps), len(item.notes)
    if part == 0:
        what = "the title and purpose"
    elif part <= steps:
        what = f"step {part} ({len(plain(item.steps[part - 1]))} characters)"
    elif part <= steps + notes:
        what = f"the note ({len(plain(item.notes[part - 1 - steps].spans))} characters)"
    else:
        what = f"the caution ({len(plain(item.cautions[part - 1 - steps - notes]))} characters)"
    return WorksheetError(Problem(f"{what} is too long to fit on one page of this sheet",
                                  path=Path(item.source), hint="shorten it, or make it two steps"))


def _build_card(item: HandoutItem, number: int, theme: Theme, width: float,
                disclosure: tuple[Para, ...] | None, start: int, end: int) -> Flowable:
    """The card's parts ``start`` to ``end``: 0 is the top (picture, title, purpose, dose), then each
    step, note and caution in turn. A part after the first starts under "Title (continued)"."""
    # large print: 8 pt, room for the next card
    pad = COMPACT_PAD if theme.compact else (8 if theme.options.large_print else 9)
    inner = width - 2 * pad
    mark = f"{number}. {item.title}" if item.kind == "exercise" else item.title
    body: list[Flowable] = [Open("Sect")]
    if start == 0:
        body += [Bookmark(f"item-{item.id}", mark), _top(item, number, theme, inner)]
    else:
        more = theme.text(theme.t("card.continued"))
        body.append(tagged(Paragraph(f"{_label(item, number, theme)} {theme.text(item.title)} {more}",
                                     theme.styles["h2"]), "H2"))
    steps = len(item.steps)
    first, last = max(start, 1), min(end, 1 + steps)
    if last > first:
        body += [Spacer(1, COMPACT_BEFORE_STEPS if theme.compact else 6),
                 step_list(item.steps[first - 1:last - 1], theme, inner, item.id, item.title, first=first)]
    notes = item.notes[max(start, 1 + steps) - 1 - steps:max(end, 1 + steps) - 1 - steps]
    for note in notes:
        body += [Spacer(1, 2), Paragraph(theme.markup(note.spans), theme.styles["body"])]
    skip = 1 + steps + len(item.notes)
    for caution in item.cautions[max(start, skip) - skip:max(end, skip) - skip]:
        text = Paragraph(f"<b>{theme.text(theme.t('card.caution'))}</b> {theme.markup(caution)}",
                         theme.styles["box"])
        if theme.compact:  # a bar, no box: the same warning in less room
            body += [Spacer(1, COMPACT_CAUTION), boxed(theme, [text], inner, border=colors.white, fill=None,
                                                       line=0, pad=COMPACT_CAUTION, bar=INK)]
        else:
            body += [Spacer(1, 4), boxed(theme, [text], inner, border=INK, fill=CAUTION_FILL, line=0.8, pad=5,
                                         bar=INK)]
    body.append(Close(heading_first=True))
    card = Table([[body]], colWidths=[width])
    card.setStyle(table_style(theme, [
        ("BOX", (0, 0), (-1, -1), 1, RULE),
        ("ROUNDEDCORNERS", [8, 8, 8, 8]),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ]))
    last = end == skip + len(item.cautions)
    after = [Spacer(1, 6), disclosure_box(disclosure, theme, width)] if disclosure and last else []
    # no gap at a page foot
    return Unbreakable([card, *after], space_after=COMPACT_AFTER if theme.compact else 10)


def _top(item: HandoutItem, number: int, theme: Theme, inner: float) -> Flowable:
    """Picture beside title, position, purpose and dose (and the video's QR code)."""
    pic_w, _ = picture_box(theme, item)
    qr = (0.7 if theme.compact else 0.85) * inch if item.video else 0.0
    gap = 8 if theme.compact else 10
    text_width = inner - pic_w - gap - (qr + 8 if qr else 0)
    row: list[object] = [_pictures(item, theme), _heading(item, number, theme, text_width)]
    widths = [pic_w + gap, text_width]
    if item.video:
        row.append(scan_me(item.video, qr, theme, "card.scan"))
        widths.append(qr + 8)
    top = Table([row], colWidths=widths)
    top.setStyle(table_style(theme, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return top


def _label(item: HandoutItem, number: int, theme: Theme) -> str:
    return theme.text(theme.t("card.tip")) if item.kind == "tip" else f"{number}."


def check_disclosure(paras: tuple[Para, ...], theme: Theme, width: float, source: str) -> None:
    """Refuse a disclosure box taller than a page (it is one box, read whole), naming the worksheet."""
    _, height = disclosure_box(paras, theme, width).wrapOn(Canvas(io.BytesIO()), width, 0xFFFFFF)
    if height > body_height(theme) * 0.9:  # its card, or a spacer, takes the rest of the page
        chars = sum(len(plain(p.spans)) for p in paras)
        raise WorksheetError(Problem(f"the disclosure is too long to fit on one page of this sheet ({chars} "
                                     "characters)", path=Path(source), field="disclosure",
                                     hint="shorten the sponsor, product or the disclosure template"))


def disclosure_box(paras: tuple[Para, ...], theme: Theme, width: float | None = None) -> Flowable:
    """The sponsor disclosure: dashed and gray, set apart from the clinical content."""
    style = theme.styles["small"]
    heading = f"<b>{theme.text(theme.t('disclosure.heading'))}</b> {theme.text(theme.t('disclosure.note'))}"
    parts: list[Flowable] = [Open("Sect"), Paragraph(heading, style)]
    parts += [Paragraph(theme.markup(p.spans), style) for p in paras]
    parts.append(Close())
    return boxed(theme, parts, width or theme.frame_width, border=MUTED, fill=None, line=0.9, dash=(3, 2),
                 pad=6 if theme.compact else 7)


def _caption(item: HandoutItem, theme: Theme) -> Paragraph | None:
    """The picture's caption, bold at body size: centred under it, or (compact) left beside it."""
    if not (item.caption and item.illustrations):
        return None
    compact = theme.compact
    style = theme.styles["body"].clone("caption", fontName=theme.fonts.bold, alignment=0 if compact else 1,
                                       leading=theme.size * (1.1 if compact else 1.15))
    return Paragraph(theme.text(item.caption), style)


def _pictures(item: HandoutItem, theme: Theme) -> list[Flowable]:
    """The picture, centred in its column, and its caption under it at body size (compact: the
    caption is beside it, see ``_heading``)."""
    pic_w, pic_h = picture_box(theme, item)
    caption = _caption(item, theme)
    figure = Centered(_figure(item, theme, pic_h), pic_w)
    if caption is None or theme.compact:
        return [figure]
    return [figure, Spacer(1, 3), Centered(caption, pic_w)]


def _figure(item: HandoutItem, theme: Theme, pic_h: float) -> Flowable:
    pic_w, _ = picture_box(theme, item)
    # the exercise file's (or the SVG's own) description; else the title and position
    alt = item.alt or (f"{item.title}: {item.position}" if item.position else item.title)
    if not item.illustrations:
        size = theme.size if theme.options.large_print else 11.0
        frame = Placeholder(item.title, pic_w, pic_h, theme.fonts.regular, size, theme.text(item.title))
        return Figure(frame, item.title)
    if len(item.illustrations) == 1:
        return Figure(picture(item.illustrations[0], pic_w, pic_h, theme.grayscale), alt)
    count = len(item.illustrations)
    figures = [Figure(picture(p, pic_w if theme.options.large_print else (pic_w - PAIR_GAP) / 2, pic_h,
                              theme.grayscale), f"{alt} ({n}/{count})")
               for n, p in enumerate(item.illustrations, start=1)]
    if theme.options.large_print:  # one above the other, each as wide as the column
        return Table([[Centered(f, pic_w)] for f in figures], colWidths=[pic_w],
                     style=table_style(theme, [("LEFTPADDING", (0, 0), (-1, -1), 0),
                                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                                               ("BOTTOMPADDING", (0, 0), (-1, -1), PAIR_GAP)]))
    half = (pic_w - PAIR_GAP) / 2
    pair = Table([figures], colWidths=[half + PAIR_GAP / 2, half + PAIR_GAP / 2])
    pair.setStyle(table_style(theme, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return pair


def _heading(item: HandoutItem, number: int, theme: Theme, width: float) -> list[Flowable]:
    styles = theme.styles
    parts: list[Flowable] = [tagged(Paragraph(f"{_label(item, number, theme)} {theme.text(item.title)}",
                                              styles["h2"]), "H2")]
    if theme.compact:  # what to do and how much; the picture shows the position
        caption = _caption(item, theme)
        if caption is not None:  # read right after the figure: the heading is read first
            parts.append(caption)
        if item.chips:
            parts += [Spacer(1, 2), Chips(item.short_chips, theme)]
    else:
        parts += [Paragraph(theme.text(item.position), styles["position"]), Spacer(1, 3),
                  Paragraph(theme.markup(item.purpose), styles["body"])]
    if item.chips and not theme.compact:
        parts += [Spacer(1, 4 if theme.options.large_print else 6), Chips(item.chips, theme)]
    if item.sponsored:
        parts += [Spacer(1, 4), Paragraph(theme.text(theme.t("card.sponsored")), styles["small"])]
    return parts


def scan_me(url: str, size: float, theme: Theme, caption_key: str) -> list[Flowable]:
    """A QR code with its short caption under it."""
    points = theme.size if theme.options.large_print else 11.0
    caption = theme.styles["small"].clone("scan", fontSize=points, leading=points * 1.1, alignment=1)
    # the code is encoded and drawn once; later handouts reuse its operators
    code = captured(qr_code(url, size, theme.fonts.regular))
    text = theme.t(caption_key)
    return [Figure(code, f"QR: {text} {url}"), Paragraph(theme.text(text), caption)]
