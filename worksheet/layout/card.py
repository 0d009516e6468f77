"""One exercise card: picture beside title, purpose and dose; steps and caution below.

Steps run the full width of the card so most fit on one line. A card moves
whole to the next page (or column), or splits between steps when it is taller
than a page or most of a page would stay empty (see ``split``). The compact
layout uses a smaller picture and tighter spacing for two columns.
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
from worksheet.layout.pictures import Centered, Placeholder, captured, picture
from worksheet.layout.reuse import Paragraph, Table, reuse, tagged
from worksheet.layout.split import SplitCard
from worksheet.layout.tags import Close, Figure, Open
from worksheet.layout.theme import INK, MUTED, RULE, Theme, body_height, table_style
from worksheet.markup import plain
from worksheet.model import HandoutItem, Para

CAUTION_FILL = colors.HexColor("#f4f4f4")


def picture_box(theme: Theme) -> tuple[float, float]:
    """The picture area of a card (the bundled drawings are 4:3 to 2.2:1): as large as the
    title column beside it leaves room for; at least 2.5 in wide in large print; in the
    compact columns as large as keeps the handout on its two pages."""
    if theme.options.large_print:
        return (2.7 * inch, 2.0 * inch)
    return (0.95 * inch, 0.64 * inch) if theme.compact else (2.3 * inch, 1.5 * inch)


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
    pad = 5 if theme.compact else (8 if theme.options.large_print else 9)  # large: room for the next card
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
        body += [Spacer(1, 4 if theme.compact else 6),
                 step_list(item.steps[first - 1:last - 1], theme, inner, item.id, item.title, first=first)]
    notes = item.notes[max(start, 1 + steps) - 1 - steps:max(end, 1 + steps) - 1 - steps]
    for note in notes:
        body += [Spacer(1, 2), Paragraph(theme.markup(note.spans), theme.styles["body"])]
    skip = 1 + steps + len(item.notes)
    for caution in item.cautions[max(start, skip) - skip:max(end, skip) - skip]:
        text = Paragraph(f"<b>{theme.text(theme.t('card.caution'))}</b> {theme.markup(caution)}",
                         theme.styles["box"])
        if theme.compact:  # a bar, no box: the same warning in less room
            body += [Spacer(1, 3), boxed(theme, [text], inner, border=colors.white, fill=None, line=0, pad=3,
                                         bar=INK)]
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
    return Unbreakable([card, *after], space_after=5 if theme.compact else 10)  # no gap at a page foot


def _top(item: HandoutItem, number: int, theme: Theme, inner: float) -> Flowable:
    """Picture beside title, position, purpose and dose (and the video's QR code)."""
    pic_w, _ = picture_box(theme)
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


def _pictures(item: HandoutItem, theme: Theme) -> list[Flowable]:
    """The picture, centred in its column, and its caption under it at body size."""
    pic_w, pic_h = picture_box(theme)
    if not (item.caption and item.illustrations) or theme.compact:
        # compact: two columns on two pages leave no line to spare; the title says it
        return [Centered(_figure(item, theme, pic_h), pic_w)]
    style = theme.styles["body"].clone("caption", fontName=theme.fonts.bold, alignment=1,
                                       leading=theme.size * 1.15)
    caption = Paragraph(theme.text(item.caption), style)
    _, text_h = caption.wrap(pic_w, pic_h)
    # picture and caption share the box, so the card grows no taller for its caption
    return [Centered(_figure(item, theme, pic_h - text_h - 3), pic_w), Spacer(1, 3),
            Centered(caption, pic_w)]


def _figure(item: HandoutItem, theme: Theme, pic_h: float) -> Flowable:
    pic_w, _ = picture_box(theme)
    # the exercise file's (or the SVG's own) description; else the title and position
    alt = item.alt or (f"{item.title}: {item.position}" if item.position else item.title)
    if not item.illustrations:
        size = theme.size if theme.options.large_print else 11.0
        frame = Placeholder(item.title, pic_w, pic_h, theme.fonts.regular, size, theme.text(item.title))
        return Figure(frame, item.title)
    if len(item.illustrations) == 1:
        return Figure(picture(item.illustrations[0], pic_w, pic_h, theme.grayscale), alt)
    half = (pic_w - 6) / 2
    count = len(item.illustrations)
    pair = Table([[Figure(picture(p, half, pic_h, theme.grayscale), f"{alt} ({n}/{count})")
                   for n, p in enumerate(item.illustrations, start=1)]],
                 colWidths=[half + 3, half + 3])
    pair.setStyle(table_style(theme, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return pair


def _heading(item: HandoutItem, number: int, theme: Theme, width: float) -> list[Flowable]:
    styles = theme.styles
    parts: list[Flowable] = [tagged(Paragraph(f"{_label(item, number, theme)} {theme.text(item.title)}",
                                              styles["h2"]), "H2")]
    if theme.compact:  # what to do and how much; the picture shows the position
        if item.chips:
            parts += [Spacer(1, 3), Chips(item.short_chips, theme)]
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
