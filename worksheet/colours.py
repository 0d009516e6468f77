"""Colour arithmetic for readable print: WCAG contrast and gray conversion.

Plain numbers, no ReportLab: brand files are checked with it while loading, and
the layout checks a brand again (``check_colours``) without loading the validator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from worksheet.errors import Problem, WorksheetError

if TYPE_CHECKING:
    from worksheet.model import Brand
    from worksheet.yamlfile import YamlDoc

INK = "#1a1a1a"
WHITE = "#ffffff"
MIN_CONTRAST = 4.5  # WCAG AA for body-size text


def rgb(hex_colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` → channels from 0 to 1."""
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else float(((c + 0.055) / 1.055) ** 2.4)

    r, g, b = rgb(hex_colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(fill: str) -> str:
    """White or ink, whichever reads better on ``fill``."""
    return WHITE if contrast(fill, WHITE) >= contrast(fill, INK) else INK


def gray(hex_colour: str) -> str:
    """The same lightness in gray (Rec. 601 luma)."""
    r, g, b = rgb(hex_colour)
    level = round((0.299 * r + 0.587 * g + 0.114 * b) * 255)
    return f"#{level:02x}{level:02x}{level:02x}"


def check_colours(brand: Brand, doc: YamlDoc | None = None) -> None:
    """Refuse colours that leave text hard to read."""
    pairs = (("primary", brand.primary, text_on(brand.primary)), ("accent", brand.accent, INK))
    for field, fill, against in pairs:
        ratio = contrast(fill, against)
        if ratio < MIN_CONTRAST:
            raise WorksheetError(Problem(
                f"text on {fill} has a contrast of {ratio:.1f}:1; at least {MIN_CONTRAST}:1 is needed",
                path=brand.path, line=doc.line_of((field,)) if doc else None, field=field,
                hint="choose a darker or a lighter colour"))
