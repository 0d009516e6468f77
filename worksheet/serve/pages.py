"""One handout for the browser: the PDF ``worksheet build`` writes, and its pages as images.

The PDF comes from ``worksheet.api`` (no second rendering path); the preview rasterises
that very PDF with pypdfium2, in memory: nothing is written to disk.
"""

from __future__ import annotations

import base64
import io
import threading
from dataclasses import dataclass

from worksheet.api import build_handout, render
from worksheet.content import Library
from worksheet.glyphs import handout_glyph_warnings
from worksheet.model import Request

# pdfium is not thread-safe, and one clinician at a time is the use: one build at a time
_LOCK = threading.Lock()
PREVIEW_SCALE = 1.25  # 90 dpi: the page reads well at a laptop's width
# JPEG, not PNG: encoding five pages takes ~60 ms instead of ~350 ms, at about the same size
JPEG_QUALITY = 85


@dataclass(frozen=True, slots=True)
class Built:
    """A handout's PDF and what the person who asked for it should be told."""

    pdf: bytes
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PageImage:
    """One page of the preview: an image as a data URL, and the page's text (its alt text)."""

    src: str
    text: str


def build(library: Library, request: Request) -> Built:
    """The same bytes as ``worksheet build`` for the same request."""
    with _LOCK:
        handout = build_handout(library, request)
        pdf = render(handout)
    return Built(pdf, (*handout.warnings, *handout_glyph_warnings(handout)))


def page_images(pdf: bytes, scale: float = PREVIEW_SCALE) -> list[PageImage]:
    """Every page of ``pdf`` as an image data URL with its text (in memory only)."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    pages = []
    with _LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            for index in range(len(document)):
                page = document[index]
                image = page.render(scale=scale).to_pil()
                text_page = page.get_textpage()
                text = text_page.get_text_range()
                text_page.close()
                page.close()
                buffer = io.BytesIO()
                image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
                data = base64.b64encode(buffer.getvalue()).decode("ascii")
                pages.append(PageImage(f"data:image/jpeg;base64,{data}", " ".join(text.split())))
        finally:
            document.close()
    return pages
