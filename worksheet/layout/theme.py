"""Page geometry, colours and paragraph styles for one handout."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import TableStyle

from worksheet.layout.fonts import MAIN, register_fonts
from worksheet.model import Brand, Paper

PAGE_SIZES = {"letter": LETTER, "a4": A4}
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4a4a4a")
RULE = colors.HexColor("#9a9a9a")
WHITE = colors.white
BODY_SIZE = 11.5  # the issue asks for at least 11 pt; older readers like a little more


@dataclass(frozen=True, eq=False)
class Theme:
    """Everything about the look that is not content."""

    page_width: float
    page_height: float
    margin: float
    header_height: float
    footer_height: float
    primary: colors.Color
    accent: colors.Color
    on_primary: colors.Color
    safety_fill: colors.Color
    grayscale: bool
    styles: dict[str, ParagraphStyle]
    key: tuple[Brand, Paper, bool]
    """What the theme was made from: flowables built for it can be reused for it."""

    @property
    def frame_width(self) -> float:
        return self.page_width - 2 * self.margin


def relative_luminance(colour: colors.Color) -> float:
    """WCAG relative luminance of an sRGB colour."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else float(((c + 0.055) / 1.055) ** 2.4)

    return 0.2126 * channel(colour.red) + 0.7152 * channel(colour.green) + 0.0722 * channel(colour.blue)


def contrast(a: colors.Color, b: colors.Color) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def to_gray(colour: colors.Color) -> colors.Color:
    """The same lightness in gray (Rec. 601 luma), alpha kept."""
    level = 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue
    return colors.Color(level, level, level, alpha=colour.alpha)


@functools.lru_cache(maxsize=64)
def make_theme(brand: Brand, paper: Paper, grayscale: bool = False) -> Theme:
    """The theme for ``brand`` on ``paper`` (in gray for ink-saving printing)."""
    register_fonts()
    width, height = PAGE_SIZES[paper]
    primary = colors.HexColor(brand.primary)
    accent = colors.HexColor(brand.accent)
    safety_fill = colors.HexColor("#fff6e0")
    if grayscale:
        primary, accent, safety_fill = to_gray(primary), to_gray(accent), to_gray(safety_fill)
    on_primary = WHITE if contrast(primary, WHITE) >= contrast(primary, INK) else INK
    return Theme(
        page_width=width,
        page_height=height,
        margin=0.6 * inch,
        header_height=0.85 * inch,
        footer_height=0.55 * inch,
        primary=primary,
        accent=accent,
        on_primary=on_primary,
        safety_fill=safety_fill,
        grayscale=grayscale,
        styles=_styles(primary),
        key=(brand, paper, grayscale),
    )


def _styles(primary: colors.Color) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=MAIN, bulletFontName=MAIN, fontSize=BODY_SIZE,
                          leading=BODY_SIZE * 1.3, textColor=INK)

    def style(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)  # type: ignore[arg-type]

    return {
        "body": base,
        "title": style("title", fontName="Atkinson-Bold", fontSize=24, leading=28, textColor=primary,
                       spaceAfter=4),
        "intro": style("intro", spaceAfter=6),
        "label": style("label", fontSize=11, leading=14, textColor=MUTED),
        "field": style("field", fontName="Atkinson-Bold", fontSize=13, leading=16),
        "h2": style("h2", fontName="Atkinson-Bold", fontSize=16, leading=19, textColor=primary),
        "h3": style("h3", fontName="Atkinson-Bold", fontSize=12.5, leading=15),
        # upright, not italic: one font file fewer in every PDF (about 10 KB)
        "position": style("position", fontSize=11, leading=13.5, textColor=MUTED),
        "step": style("step", leading=BODY_SIZE * 1.28),
        "box": style("box", leading=BODY_SIZE * 1.3),
        "small": style("small", fontSize=11, leading=13.5, textColor=MUTED),
        "cell": style("cell", fontSize=11, leading=13),
        "cellhead": style("cellhead", fontName="Atkinson-Bold", fontSize=11, leading=13, alignment=1),
        "brand": style("brand", fontName="Atkinson-Bold", fontSize=17, leading=20),
        "brandsub": style("brandsub", fontSize=11, leading=13.5),
    }


def table_style(commands: list[Any]) -> TableStyle:
    """A TableStyle whose cells select our font: ReportLab's default is Helvetica,
    which every cell would otherwise name in the PDF without embedding it."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), MAIN), *commands])
