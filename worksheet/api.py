"""The public entry points: build a handout, list the library, check content.

The CLI is a thin shell over these; batch jobs call them too.
"""

from __future__ import annotations

from pathlib import Path

from worksheet.content import Library, load_library
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
              library: Library | None = None) -> Path:
    """Load (unless given), resolve, lay out and write one handout atomically."""
    library = library or load_library(content)
    data = render(resolve(library, request))
    write_atomic(output, data)
    return output
