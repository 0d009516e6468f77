"""Handout → PDF bytes: the story of flowables, the page templates, and replayed layouts."""

from __future__ import annotations

import contextlib
import dataclasses
import io
from collections.abc import Iterator
from typing import Any

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from worksheet.layout import pages
from worksheet.layout import replay as replays
from worksheet.layout import reuse as reuses
from worksheet.layout.front import COLUMN_GAP, draw_fields, front_matter, given_values
from worksheet.layout.pages import band_height, check_furniture, draw_footer, draw_header, numbered_canvas
from worksheet.layout.replay import drawn_before, recording, remember, replay
from worksheet.layout.reuse import reuse
from worksheet.layout.savecache import saving_once
from worksheet.layout.theme import SAFE_EDGE, Theme, make_theme
from worksheet.model import Handout

FIXED_DATE = "D:20000101000000+00'00'"  # for a handout without a date: same input, same bytes


def render_pdf(handout: Handout) -> bytes:
    """The finished PDF for ``handout``, byte-identical for identical input."""
    return render_document(handout)[0]


def render_document(handout: Handout) -> tuple[bytes, int]:
    """The PDF bytes for ``handout`` and its number of pages."""
    theme = make_theme(handout.brand, handout.options)
    buffer = io.BytesIO()
    doc = _template(handout, theme, buffer)
    creation = FIXED_DATE
    if handout.creation_date is not None:
        creation = f"D:{handout.creation_date:%Y%m%d}000000+00'00'"
    values = {"patient": handout.patient, "date": handout.date}
    key = _layout_key(handout)
    found = recording(key)
    kept = None if found is None else drawn_before(found)  # footers drawn in earlier replays
    canvasmaker = numbered_canvas(lambda c, n, t: draw_footer(c, theme, n, t, handout.patient, kept),
                                  creation, lambda c, slots: draw_fields(c, slots, values, theme))
    canvasmaker = saving_once(canvasmaker)
    with _binary_streams():
        if found is not None:
            canvas = doc._makeCanvas(canvasmaker=canvasmaker)  # type: ignore[attr-defined]
            canvas._pages = replay(found, canvas)
            canvas.save()
            return _finished(handout, theme, buffer.getvalue()), len(found.pages)
        check_furniture(theme)  # (a replayed layout passed it when it was built)
        made: list[Canvas] = []

        def keep(*args: Any, **kwargs: Any) -> Canvas:
            made.append(canvasmaker(*args, **kwargs))
            return made[-1]

        doc.build(story(handout, theme), canvasmaker=keep)
    canvas = made[-1]
    remember(key, canvas.recorded_pages, canvas.fonts_at_save, canvas.objects_at_save,  # type: ignore[attr-defined]
             canvas.form_at_save)  # type: ignore[attr-defined]
    return _finished(handout, theme, buffer.getvalue()), doc.page


def forget() -> None:
    """Drop what this process kept of earlier builds whose keys name files by path (themes
    with their logos, header and footer pieces, measured flowables, recorded layouts): a
    long-lived process may meet a file changed under the same name since (a second batch run
    in the same process). Caches keyed by a file's bytes, size or time stay."""
    replays.forget()
    reuses._BUILT.clear()
    make_theme.cache_clear()
    for kept in (pages._furniture, pages._footer, pages._name_line):
        kept.cache_clear()


def _layout_key(handout: Handout) -> object:
    """What decides every byte but the name and the date (drawn at the end, and the date also
    set as the file's creation date when the canvas is saved). A fillable sheet prints a given
    name or date and makes a field for one left out: its layout also depends on which were given."""
    key = dataclasses.replace(handout, patient="", date="", creation_date=None, warnings=())
    return (key, given_values(handout)) if handout.options.fillable else key


def _finished(handout: Handout, theme: Theme, data: bytes) -> bytes:
    if not handout.options.fillable:
        return data
    from worksheet.layout.formfont import embed_form_font

    return embed_form_font(data, theme.fonts.regular)


def _template(handout: Handout, theme: Theme, buffer: io.BytesIO) -> BaseDocTemplate:
    doc = BaseDocTemplate(
        buffer,
        pagesize=(theme.page_width, theme.page_height),
        leftMargin=theme.margin,
        rightMargin=theme.margin,
        # the band's room stays free without a band too: that is where letterhead prints
        topMargin=SAFE_EDGE + theme.header_height + 14,  # theme.body_height knows these two
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

    if band_height(theme, first=False) == band_height(theme):
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
        return doc
    # later pages: a slim band, and the body frame grows into the room it leaves
    later = Frame(doc.leftMargin, doc.bottomMargin, doc.width, later_height(theme),
                  id="later", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def on_later_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        draw_header(canvas, theme, first=False)

    first = PageTemplate(id="first", frames=[frame], onPage=on_page, autoNextPageTemplate="later")
    doc.addPageTemplates([first, PageTemplate(id="later", frames=[later], onPage=on_later_page)])
    return doc


def later_height(theme: Theme) -> float:
    """The body's height on the pages after the first, under the slim band."""
    top = SAFE_EDGE + band_height(theme, first=False) + 8
    return theme.page_height - top - (SAFE_EDGE + theme.footer_height + 4)


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
    # the flowables load here, not at import: a replayed layout (disk cache) never needs them
    from worksheet.layout.card import check_disclosure, disclosure_box, exercise_card
    from worksheet.layout.columns import ColumnPair
    from worksheet.layout.grid import log_grid

    front_key = ("front", handout.title, handout.video, handout.intro, handout.safety, theme.key,
                 given_values(handout))
    out: list[Flowable] = list(reuse(front_key, lambda: front_matter(handout, theme)))
    width = (theme.frame_width - COLUMN_GAP) / 2 if theme.compact else theme.frame_width
    if handout.disclosure:
        check_disclosure(handout.disclosure, theme, width, handout.source)
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


__all__ = ["render_document", "render_pdf", "story"]
