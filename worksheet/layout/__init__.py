"""The layout layer: the only place that imports ReportLab.

``render_pdf(handout)`` turns a resolved Handout into PDF bytes.
"""

from __future__ import annotations

from worksheet.layout.lazyre import import_platypus

import_platypus()  # first, so that platypus's slow address pattern is compiled only if used

from worksheet.layout.render import render_document, render_pdf  # noqa: E402

__all__ = ["render_document", "render_pdf"]
