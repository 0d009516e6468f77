"""worksheet: turn exercise content into printable, branded PDF handouts.

Stages: load content → validate → resolve a request into a Handout → lay out
with ReportLab → write the PDF atomically. See ``worksheet.api``.
"""

from __future__ import annotations

__version__ = "0.1.0"
