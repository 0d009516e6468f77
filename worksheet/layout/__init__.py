"""The layout layer: the only place that imports ReportLab.

``render_pdf(handout)`` turns a resolved Handout into PDF bytes.
"""

from __future__ import annotations

from worksheet.layout.render import render_document, render_pdf

__all__ = ["render_document", "render_pdf"]
