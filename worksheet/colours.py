"""Colour arithmetic for readable print: WCAG contrast and gray conversion.

Plain numbers, no ReportLab: brand files are checked with it while loading.
"""

from __future__ import annotations

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


NON_TEXT_CONTRAST = 3.0  # WCAG 1.4.11: a border that must be seen against the paper
PAPER = WHITE
ACCENT_SHARE = 0.12  # a derived tint is 12 % of the brand colour on white: light enough for ink


def mix(colour: str, other: str, share: float) -> str:
    """``share`` of ``colour`` over ``other`` (0: all ``other``)."""
    a, b = rgb(colour), rgb(other)
    parts = (round((share * x + (1 - share) * y) * 255) for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{p:02x}" for p in parts)


def visible_edge(colour: str) -> str:
    """``colour``, darkened just enough to stand out from white paper (3:1)."""
    for step in range(21):
        edge = mix(colour, INK, 1 - step / 20)
        if contrast(edge, PAPER) >= NON_TEXT_CONTRAST:
            return edge
    return INK


def ratio_text(ratio: float) -> str:
    """``4.49:1``: cut, not rounded, to two decimals, so a refused ratio never reads as enough."""
    return f"{int(ratio * 100) / 100:.2f}:1"
