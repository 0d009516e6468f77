"""Things on the page that are not print: outline entries, form fields, and QR codes.

Outline (bookmark) entries let a reader jump to each exercise. Form fields
sit exactly over the drawn boxes and lines, with no border or fill of their
own, so a fillable sheet prints like the plain one. QR codes are drawn with
ReportLab's own encoder, with the standard quiet zone so phones can read them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.platypus import Flowable

from worksheet.layout.tags import form_field

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

CLEAR = colors.Color(1, 1, 1, alpha=0)


class Bookmark(Flowable):
    """A zero-size mark: an outline entry pointing at where it lands."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        marks = getattr(self.canv, "outline_marks", None)
        if marks is None:  # an ordinary canvas: the page is the current one
            place_mark(self.canv, (self.key, self.title, self.level, x, y))
        else:  # pages are finished later (for "Page X of Y"): the mark waits for its page
            marks.append((self.key, self.title, self.level, x, y))


Mark = tuple[str, str, int, float, float]


def place_mark(canvas: object, mark: Mark) -> None:
    """Bookmark the current page at the mark's position and add it to the outline."""
    key, title, level, x, y = mark
    canvas.bookmarkPage(key, fit="XYZ", left=x, top=y + 14)  # type: ignore[attr-defined]
    canvas.addOutlineEntry(title, key, level, closed=False)  # type: ignore[attr-defined]


class TextField(Flowable):
    """An invisible text field over a drawn cell or line."""

    def __init__(self, name: str, width: float, height: float, font_size: float = 11,
                 tooltip: str = "") -> None:
        super().__init__()
        self.name, self.width, self.height, self.font_size = name, width, height, font_size
        self.tooltip = tooltip
        """What a screen reader says for the field ("Week 1, Monday, Bridge"); default: its name."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        # (the stubs want int sizes; ReportLab takes any number)
        self.canv.acroForm.textfieldRelative(
            name=self.name, x=0, y=0, width=self.width, height=self.height,  # type: ignore[arg-type]
            borderWidth=0,
            fillColor=CLEAR, borderColor=CLEAR, textColor=colors.black, fontSize=self.font_size,
            maxlen=200, tooltip=self.tooltip or self.name)
        form_field(self.canv)


def checkbox(canvas: object, name: str, size: float, tooltip: str = "") -> None:
    """An invisible check box over a drawn tick box (at the current origin)."""
    canvas.acroForm.checkboxRelative(  # type: ignore[attr-defined]
        name=name, x=0, y=0, size=size, borderWidth=0, fillColor=CLEAR, borderColor=CLEAR,
        textColor=colors.black, buttonStyle="check", tooltip=tooltip or name)
    form_field(canvas)  # type: ignore[arg-type]


def qr_code(url: str, size: float, font: str) -> Drawing:
    """A QR code for ``url``, ``size`` points square, quiet zone included."""
    from reportlab.graphics.barcode.qr import QrCodeWidget  # loads only where a sheet has a QR code
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M", barBorder=4, barWidth=size, barHeight=size)
    drawing = Drawing(size, size)
    drawing.initialFontName = font  # type: ignore[attr-defined]  # else Helvetica, never embedded
    drawing.add(widget)
    return drawing
