"""Colour arithmetic for readable print: WCAG contrast and gray conversion.

Plain numbers, no ReportLab: brand files are checked with it while loading, and
the layout checks a brand again (``check_colours``) without loading the validator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from worksheet.errors import Problem, ProblemList

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


def tints(brand: Brand) -> dict[str, str]:
    """Every colour the layout fills or edges with, as the brand gives or implies it."""
    return {
        "primary": brand.primary,
        "accent": brand.accent,
        "chip_fill": brand.chip_fill or brand.accent,
        "chip_border": brand.chip_border or visible_edge(brand.primary),
        "log_header": brand.log_header or brand.accent,
    }


# (colour, what is drawn on or around it, the field that sets it when the file leaves it out)
_PAIRS = (("primary", "text", "primary"), ("accent", "text", "accent"), ("chip_fill", "text", "accent"),
          ("log_header", "text", "accent"), ("chip_border", "paper", "primary"))


def check_colours(brand: Brand, doc: YamlDoc | None = None) -> None:
    """Refuse colours that leave text hard to read or a chip's edge hard to see."""
    colours, problems = tints(brand), []
    for name, against, fallback in _PAIRS:
        colour = colours[name]
        field = name if (name in ("primary", "accent") or getattr(brand, name)) else fallback
        for shade, how in ((colour, ""), (gray(colour), " in grayscale")):
            if against == "text":
                ink = text_on(shade) if name == "primary" else INK  # the layout's text colours
                ratio, need = contrast(shade, ink), MIN_CONTRAST
                what = f"text on {colour}{how} has a contrast of {ratio_text(ratio)}"
            else:
                ratio, need = contrast(shade, PAPER), NON_TEXT_CONTRAST
                what = f"the chip edge {colour}{how} has a contrast of {ratio_text(ratio)} on white paper"
            if ratio < need:
                problems.append(Problem(
                    f"{what}; at least {ratio_text(need)} is needed", path=brand.path,
                    line=doc.line_of((field,)) if doc else None,
                    field=field, hint="choose a darker colour" if against == "paper" else
                    "choose a darker or a lighter colour"))
                break
    if problems:
        raise ProblemList(dict.fromkeys(problems))  # accent gives several tints: say it once
