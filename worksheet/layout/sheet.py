"""A contact sheet of pose pictures at print size, for review (`python -m worksheet.poses --sheet`).

Each picture is drawn at the size of the detailed card's picture, with its caption under it at
body size. `bare=True` leaves only a number by each picture (no title, caption or file name),
for showing the pictures to someone who must guess the exercise.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from worksheet.layout.fonts import family
from worksheet.layout.pictures import picture

COLUMNS = 2
BOX = (2.3 * inch, 1.5 * inch)  # the picture box of a detailed card: seven fit on one page


@dataclass(frozen=True)
class SheetEntry:
    """One picture: its SVG file, the exercise title and its caption (may be empty)."""

    path: Path
    title: str
    caption: str


def contact_sheet(entries: list[SheetEntry], bare: bool = False, box: tuple[float, float] = BOX
                  ) -> bytes:
    """The PDF bytes of the sheet (Letter, two pictures a row, as many pages as needed)."""
    fonts = family()
    out = io.BytesIO()
    page_w, page_h = LETTER
    canvas = Canvas(out, pagesize=LETTER, invariant=True,
                    initialFontName=fonts.regular)  # type: ignore[arg-type]
    canvas.setTitle("worksheet pose pictures" + (" (numbers only)" if bare else ""))
    cell_w = (page_w - inch) / COLUMNS
    cell_h = box[1] + 0.75 * inch
    rows = int((page_h - inch) // cell_h)
    for index, entry in enumerate(entries):
        if index and index % (rows * COLUMNS) == 0:
            canvas.showPage()
        slot = index % (rows * COLUMNS)
        x = 0.5 * inch + (slot % COLUMNS) * cell_w
        top = page_h - 0.5 * inch - (slot // COLUMNS) * cell_h
        art = picture(entry.path, box[0], box[1])
        w, h = art.wrap(box[0], box[1])
        art.drawOn(canvas, x + (cell_w - w) / 2, top - 0.1 * inch - box[1] + (box[1] - h) / 2)
        canvas.setFont(fonts.bold, 14)
        canvas.drawString(x + 4, top - 0.25 * inch, f"{index + 1}")
        if not bare:
            canvas.setFont(fonts.bold, 13)
            canvas.drawCentredString(x + cell_w / 2, top - box[1] - 0.3 * inch, entry.caption or "-")
            canvas.setFont(fonts.regular, 10)
            canvas.drawCentredString(x + cell_w / 2, top - box[1] - 0.5 * inch,
                                     f"{entry.title} ({entry.path.name})")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def sheet_png(pdf: bytes, dpi: int = 110) -> list[bytes]:
    """Each page of a sheet as PNG bytes (needs pypdfium2, which the dev extra installs)."""
    import pypdfium2  # type: ignore[import-untyped]  # a reviewer's tool: only here

    pages = []
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        image = page.render(scale=dpi / 72).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pages.append(buffer.getvalue())
    return pages
