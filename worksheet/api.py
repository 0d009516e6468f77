"""The public entry points: build a handout, list the library, check content.

The CLI is a thin shell over these; batch jobs call them too.
"""

from __future__ import annotations

from pathlib import Path

from worksheet.content import Library, load_library
from worksheet.glyphs import handout_glyph_warnings
from worksheet.model import Handout, Request
from worksheet.output import write_atomic
from worksheet.resolve import resolve


def build_handout(library: Library, request: Request) -> Handout:
    """Resolve ``request`` against ``library`` (no pages yet)."""
    return resolve(library, request)


def render(handout: Handout) -> bytes:
    """The PDF bytes for a resolved handout."""
    from worksheet.layout import render_pdf  # ReportLab loads only when a PDF is made

    return render_pdf(handout)


def build_pdf(request: Request, output: Path, content: Path | None = None,
              library: Library | None = None) -> tuple[Path, tuple[str, ...]]:
    """Load (unless given), resolve, lay out and write one handout atomically;
    return where it went and the warnings a user should see."""
    library = library or load_library(content)
    handout = resolve(library, request)
    data = render(handout)
    write_atomic(output, data)
    return output, (*handout.warnings, *handout_glyph_warnings(handout))
