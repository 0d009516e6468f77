"""Page geometry, colours, type sizes and paragraph styles for one handout.

A theme is made from the brand and the print options (paper, layout, large
print, grayscale, header band) and cached: flowables built for a theme can be
reused for every handout with the same theme.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import TableStyle

from worksheet.colours import INK as INK_HEX
from worksheet.colours import MIN_CONTRAST, check_colours, contrast, gray, text_on, tints
from worksheet.colours import WHITE as WHITE_HEX
from worksheet.i18n import label
from worksheet.layout.fonts import Family, family
from worksheet.model import Brand, Inline, PrintOptions

PAGE_SIZES = {"letter": LETTER, "a4": A4}
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4a4a4a")
RULE = colors.HexColor("#9a9a9a")
WHITE = colors.white
SAFE_EDGE = 0.5 * inch  # office printers cannot print closer to the edge than this
BODY_SIZE = 11.5  # the issue asks for at least 11 pt; older readers like a little more
LARGE_BODY = 16.0


@dataclass(frozen=True, eq=False)
class Theme:
    """Everything about the look that is not content."""

    page_width: float
    page_height: float
    margin: float
    header_height: float
    footer_height: float
    primary: colors.Color
    """The brand colour as fill (header band, chips' edge)."""
    heading: colors.Color
    """The colour of headings on white: the brand colour when it reads well, else ink."""
    accent: colors.Color
    on_primary: colors.Color
    safety_fill: colors.Color
    chip_fill: colors.Color
    chip_edge: colors.Color
    log_header: colors.Color
    """Tints from the brand's own colours (or its file), checked with them."""
    fonts: Family
    options: PrintOptions
    size: float
    """Body text size in points."""
    tick: float
    """Tick box side in points."""
    log_row: float
    """Log grid row height in points."""
    styles: dict[str, ParagraphStyle]
    key: tuple[Brand, PrintOptions]
    """What the theme was made from: flowables built for it can be reused for it."""

    @property
    def frame_width(self) -> float:
        return self.page_width - 2 * self.margin

    @property
    def grayscale(self) -> bool:
        return self.options.grayscale

    @property
    def compact(self) -> bool:
        return two_columns(self.options)

    def markup(self, spans: Inline) -> str:
        """Escaped paragraph markup for user text with emphasis."""
        return self.fonts.markup(spans)

    def text(self, text: str) -> str:
        """Escaped paragraph markup for plain user text."""
        return self.fonts.text(text)

    def t(self, key: str, **values: object) -> str:
        """A fixed label in the handout's language, from the message catalogue."""
        return label(self.options.lang, key, **values)


def to_gray(colour: colors.Color) -> colors.Color:
    """The same lightness in gray (Rec. 601 luma), alpha kept."""
    level = 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue
    return colors.Color(level, level, level, alpha=colour.alpha)


@functools.lru_cache(maxsize=64)
def make_theme(brand: Brand, options: PrintOptions) -> Theme:
    """The theme for ``brand`` printed with ``options``."""
    fonts = family(brand.font)
    width, height = PAGE_SIZES[options.paper]
    check_colours(brand)  # a brand given by path, or built in code, is checked here too
    paint = gray if options.grayscale else (lambda c: c)
    primary, accent, safety = paint(brand.primary), paint(brand.accent), paint("#fff6e0")
    tint = {name: colors.HexColor(paint(value)) for name, value in tints(brand).items()}
    # headings print in the brand colour only where it reads on white paper
    heading = primary if contrast(primary, WHITE_HEX) >= MIN_CONTRAST else INK_HEX
    compact = two_columns(options)
    size = LARGE_BODY if options.large_print else (11.0 if compact else BODY_SIZE)
    scale = size / BODY_SIZE
    footer = (3 if options.large_print else 2) * size * 1.1 + 16
    return Theme(
        page_width=width,
        page_height=height,
        # compact: 2 pt inside the print-safe edge, so two columns get the room
        margin=SAFE_EDGE + 2 if compact else 0.6 * inch,
        header_height=(0.62 if compact else 0.8) * inch * (1.15 if options.large_print else 1.0),
        footer_height=footer,
        primary=colors.HexColor(primary),
        heading=colors.HexColor(heading),
        accent=colors.HexColor(accent),
        on_primary=colors.HexColor(text_on(primary)),
        safety_fill=colors.HexColor(safety),
        chip_fill=tint["chip_fill"],
        chip_edge=tint["chip_border"],
        log_header=tint["log_header"],
        fonts=fonts,
        options=options,
        size=size,
        tick=(10.5 if compact else 12) * scale,
        log_row=(0.25 if compact else 0.36) * inch * scale,  # 0.25 in ≈ 6.4 mm: still room for a number
        styles=_styles(fonts, colors.HexColor(heading), size, compact=compact),
        key=(brand, options),
    )


def two_columns(options: PrintOptions) -> bool:
    """The compact layout's two columns; large print reflows into one instead (16 pt text
    in a 3.5 in column leaves three or four words a line)."""
    return options.layout == "compact" and not options.large_print


def _styles(fonts: Family, heading: colors.Color, size: float, compact: bool
            ) -> dict[str, ParagraphStyle]:
    small = max(size - 0.5, 11.0) if size < LARGE_BODY else size  # never under 11 pt, or 16 in large print
    base = ParagraphStyle("body", fontName=fonts.regular, bulletFontName=fonts.regular, bulletFontSize=size,
                          fontSize=size,
                          leading=size * (1.22 if compact else 1.3), textColor=INK)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    def bold(name: str, points: float, **kw: Any) -> ParagraphStyle:
        return style(name, fontName=fonts.bold, fontSize=points, leading=points * 1.18, **kw)

    h2 = size * (1.1 if compact else 1.4)  # compact: a title stays on one line beside the picture
    footer = size if size >= LARGE_BODY else 9.5  # contact lines, not body text
    return {
        "body": base,
        "title": bold("title", size * 2.1, textColor=heading, spaceAfter=4),
        "intro": style("intro", spaceAfter=6),
        "label": style("label", fontSize=small, leading=small * 1.25, textColor=MUTED),
        "field": bold("field", size * 1.13),
        "h2": bold("h2", h2, textColor=heading),
        "h3": bold("h3", size * 1.09),
        "position": style("position", fontSize=small, leading=small * 1.22, textColor=MUTED),
        "step": style("step", leading=size * (1.12 if compact else 1.28)),
        "box": style("box", leading=size * (1.22 if compact else 1.3)),
        "small": style("small", fontSize=small, leading=small * 1.22, textColor=MUTED),
        "cell": style("cell", fontSize=small, leading=small * 1.18),
        "cellhead": bold("cellhead", small, alignment=1),
        "brand": bold("brand", size * 1.48),
        "brandsub": style("brandsub", fontSize=small, leading=small * 1.22),
        "footer": style("footer", fontSize=footer, leading=footer * 1.2, textColor=MUTED),
    }


def table_style(theme: Theme, commands: list[Any]) -> TableStyle:
    """A TableStyle whose cells select the theme's font: ReportLab's default is
    Helvetica, which every cell would otherwise name in the PDF without embedding it."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), theme.fonts.regular), *commands])
