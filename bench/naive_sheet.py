"""The yardstick: a naive ReportLab script drawing a sheet comparable to the demo handout
(title, seven cards with numbered steps and a dose table, a two-week log grid, Atkinson
Hyperlegible embedded, three pages), with none of worksheet's content loading, checks or
tagging. ``bench/cold.py`` times it as a whole process next to ``worksheet build``."""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
STEPS = ["Lie on your back, knees bent, feet flat and hip-width apart.",
         "Tighten your belly and press your low back into the floor.",
         "Hold for 5 seconds, breathing the whole time.",
         "Relax slowly and rest for a moment before the next one."]


def main(out: str) -> None:
    pdfmetrics.registerFont(TTFont("Atkinson", str(FONTS / "AtkinsonHyperlegible-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("Atkinson-Bold", str(FONTS / "AtkinsonHyperlegible-Bold.ttf")))
    body = ParagraphStyle("body", fontName="Atkinson", fontSize=12, leading=16)
    head = ParagraphStyle("head", fontName="Atkinson-Bold", fontSize=16, leading=20, spaceAfter=6)
    title = ParagraphStyle("title", fontName="Atkinson-Bold", fontSize=24, leading=30, spaceAfter=12)
    story: list[object] = [Paragraph("Lower Back Worksheet", title),
                           Paragraph("Patient: Ana Ruiz &nbsp; Date: November 25, 2026", body), Spacer(1, 12)]
    for n in range(1, 8):
        dose = Table([["Hold 5 s", "10 times", "2 a day"]], colWidths=[110, 110, 110])
        dose.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Atkinson-Bold", 11),
                                  ("BOX", (0, 0), (-1, -1), 0.8, "#1f5f8b")]))
        card = [Paragraph(f"{n}. Exercise {n}", head), dose, Spacer(1, 6)]
        card += [Paragraph(f"{i}. {step}", body) for i, step in enumerate(STEPS, 1)]
        story += [KeepTogether(card), Spacer(1, 14)]
    rows = [["", *"MTWTFSS"]] + [[f"Exercise {n}", *[""] * 7] for n in range(1, 8)]
    for week in (1, 2):
        grid = Table(rows, colWidths=[150] + [44] * 7, rowHeights=26)
        grid.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Atkinson", 11),
                                  ("GRID", (0, 0), (-1, -1), 0.6, "#444444")]))
        story += [Paragraph(f"Week {week}", head), grid, Spacer(1, 12)]
    SimpleDocTemplate(out, pagesize=LETTER, invariant=1).build(story)


if __name__ == "__main__":
    main(sys.argv[1])
