"""The plain data that flows between the stages: library items, a request, a handout.

Everything here is a frozen, slotted dataclass of tuples and scalars, with no
ReportLab or Jinja object inside, so tests can compare it and batch can hash it.
Field constraints (``Annotated[int, Gt(0)]``, from ``annotated_types``, which
pydantic reads) are read by the content validator; they mean nothing at run time,
so a build that replays a cached layout never imports pydantic. Nor annotated_types:
the annotations stay text until pydantic reads them, and ``constraints()`` (which every
validator calls first) puts the names they use into this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

if TYPE_CHECKING:
    from annotated_types import Ge, Gt, Le
    from pydantic import ConfigDict

    PositiveInt = Annotated[int, Gt(0), Le(1000)]

FORBID_EXTRA: ConfigDict = {"extra": "forbid", "str_strip_whitespace": True, "str_max_length": 2000}


def constraints() -> None:
    """Give this module the names its field constraints use (``Gt``, ``PositiveInt``…), for
    pydantic and ``typing.get_type_hints`` to read the annotations; call it before either."""
    if "PositiveInt" in globals():
        return
    from annotated_types import Ge, Gt, Le

    globals().update(Ge=Ge, Gt=Gt, Le=Le, PositiveInt=Annotated[int, Gt(0), Le(1000)])

Paper = Literal["letter", "a4"]
Layout = Literal["detailed", "compact"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DOSE_FIELDS = ("hold_seconds", "reps", "sets", "times_per_day", "each_side")


@dataclass(frozen=True, slots=True)
class Dose:
    """How much of an exercise: every field optional, shown as chips on the card."""

    __pydantic_config__ = FORBID_EXTRA

    hold_seconds: PositiveInt | None = None
    """Seconds to hold each repetition."""
    reps: PositiveInt | None = None
    """Repetitions per set."""
    sets: PositiveInt | None = None
    """Sets per session."""
    times_per_day: Annotated[int, Gt(0), Le(24)] | None = None
    """Sessions per day."""
    each_side: bool = False
    """Done one side at a time, so the dose counts for each side."""


@dataclass(frozen=True, slots=True)
class DoseOverride:
    """A worksheet's or clinician's change to a dose: only the fields given."""

    __pydantic_config__ = FORBID_EXTRA

    hold_seconds: PositiveInt | None = None
    reps: PositiveInt | None = None
    sets: PositiveInt | None = None
    times_per_day: Annotated[int, Gt(0), Le(24)] | None = None
    each_side: bool | None = None

    def apply(self, dose: Dose) -> Dose:
        """``dose`` with the fields given here replaced."""
        changes = {k: getattr(self, k) for k in DOSE_FIELDS if getattr(self, k) is not None}
        return replace(dose, **changes) if changes else dose


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one emphasis; the layout escapes ``text`` before use."""

    __pydantic_config__ = FORBID_EXTRA

    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of a box or intro; ``bullet`` when it was a list item."""

    __pydantic_config__ = FORBID_EXTRA

    spans: Inline
    bullet: bool = False


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise (or posture tip) as loaded from its Markdown file."""

    __pydantic_config__ = FORBID_EXTRA

    id: str
    title: str
    position: str
    kind: Literal["exercise", "tip"]
    dose: Dose
    illustrations: tuple[Path, ...]
    """Resolved image files (0, 1 or 2: start and end position)."""
    video: str | None
    body: str
    """The Markdown body, still a Jinja template (``{{ dose.reps }}``)."""
    path: Path
    body_line: int
    """Line in ``path`` where the body starts (for error messages)."""
    caption: str = ""
    """2-4 words under the picture saying the key action ("Press your low back down")."""
    alt: str = ""
    """One sentence describing the picture for screen readers (the file's or the SVG's)."""


@dataclass(frozen=True, slots=True)
class WorksheetItem:
    """One entry of a worksheet's list: which exercise, and what is changed for it."""

    __pydantic_config__ = FORBID_EXTRA

    id: str
    dose: DoseOverride | None = None
    """Overrides: fields set here replace the exercise's own."""
    note: str | None = None
    """A note from the clinician shown on the card."""


@dataclass(frozen=True, slots=True)
class Safety:
    """The safety box on page 1."""

    __pydantic_config__ = FORBID_EXTRA

    stop_if: tuple[str, ...]
    """Warning signs: stop and call the clinician."""
    pain_limit: Annotated[int, Ge(0), Le(10)] = 5
    """Ease off when pain rises above this level (0–10)."""


@dataclass(frozen=True, slots=True)
class LogGridSpec:
    """The weekly log grid the patient fills in."""

    __pydantic_config__ = FORBID_EXTRA

    weeks: Annotated[int, Ge(1), Le(6)] = 2
    days: tuple[Weekday, ...] = WEEKDAYS
    pain_row: bool = True


@dataclass(frozen=True, slots=True)
class Disclosure:
    """Sponsor / affiliate facts; the wording comes from a template."""

    __pydantic_config__ = FORBID_EXTRA

    sponsor: str
    product: str
    commission: bool
    item: str | None = None
    """The item it belongs with (its box follows that card); None: at the end."""
    template: str = "disclosure.j2"


@dataclass(frozen=True, slots=True)
class WorksheetSpec:
    """A worksheet file: title, intro, items in order, safety, log, disclosure."""

    __pydantic_config__ = FORBID_EXTRA

    id: str
    title: str
    intro: str
    items: tuple[WorksheetItem, ...]
    safety: Safety
    log: LogGridSpec
    disclosure: Disclosure | None
    path: Path
    subject: str = ""
    keywords: tuple[str, ...] = ()
    video: str | None = None
    languages: tuple[str, ...] = ()
    """Languages the sheet is handed out in, as its file says (empty: not said)."""


@dataclass(frozen=True, slots=True)
class BrandFont:
    """A clinic's own font family: TTF files (italic optional)."""

    __pydantic_config__ = FORBID_EXTRA

    regular: Path
    bold: Path
    italic: Path | None = None


@dataclass(frozen=True, slots=True)
class Brand:
    """A clinic's look: name, logo, colours, contact lines, font."""

    __pydantic_config__ = FORBID_EXTRA

    id: str
    clinic: str
    logo: Path | None
    primary: str
    """Header band colour, ``#rrggbb``."""
    accent: str
    """Light tint for boxes and chips, ``#rrggbb``."""
    contact: tuple[str, ...]
    path: Path
    clinician: str = ""
    footer: str = ""
    font: str | BrandFont = "atkinson"
    """A bundled family (atkinson, dejavu) or the clinic's own TTF files."""
    chip_fill: str = ""
    """Fill of the dose chips; empty: the accent colour."""
    chip_border: str = ""
    """Edge of the dose chips; empty: the brand colour, darkened until it shows on white."""
    log_header: str = ""
    """Fill of the log grid's day row; empty: the accent colour."""
    date_style: Literal["auto", "day-first", "month-first"] = "auto"
    """How this clinic's sheets print the date, unless a build or row says (auto: as the
    sheet's language and paper write it)."""


@dataclass(frozen=True, slots=True)
class Request:
    """What one handout should be: the CLI's options or one batch row."""

    __pydantic_config__ = FORBID_EXTRA

    worksheet: str = "lower-back"
    patient: str = ""
    date: dt.date | None = None
    brand: str = "default"
    only: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    paper: Paper = "letter"
    disclosure: bool | None = None
    """None: as the worksheet says (shown when it has one)."""
    grayscale: bool = False
    """Every colour and image in gray, for ink-saving printing."""
    layout: Layout = "detailed"
    """detailed: a large card per exercise; compact: two columns, two pages."""
    large_print: bool = False
    """Body text at least 16 pt, bigger tick boxes and log cells."""
    header_band: bool = True
    """False for clinics printing on their own letterhead."""
    lang: str = "en"
    """Language of the labels and, where translated, of the content (en, es)."""
    fillable: bool = False
    """Tick boxes, log cells, name and date as PDF form fields."""
    doses: tuple[tuple[str, str, str], ...] = ()
    """Dose changes as (exercise id or unique prefix, field, value as typed)."""
    date_style: Literal["auto", "day-first", "month-first"] = "auto"
    """How the date is printed; auto: as the sheet's language and paper write it."""
    notes: tuple[tuple[str, str], ...] = ()
    """Clinician's notes as (exercise id, note): replace the worksheet's note ("" removes it)."""


@dataclass(frozen=True, slots=True)
class PrintOptions:
    """How the handout is printed: paper, layout, type size, colour, letterhead."""

    __pydantic_config__ = FORBID_EXTRA

    paper: Paper = "letter"
    layout: Layout = "detailed"
    large_print: bool = False
    grayscale: bool = False
    header_band: bool = True
    lang: str = "en"
    fillable: bool = False


@dataclass(frozen=True, slots=True)
class HandoutItem:
    """One card, fully resolved: rendered text, final dose, image files."""

    __pydantic_config__ = FORBID_EXTRA

    id: str
    title: str
    position: str
    kind: Literal["exercise", "tip"]
    purpose: Inline
    steps: tuple[Inline, ...]
    cautions: tuple[Inline, ...]
    notes: tuple[Para, ...]
    dose: Dose
    chips: tuple[str, ...]
    short_chips: tuple[str, ...]
    """The same dose in fewer letters, for the compact layout."""
    illustrations: tuple[Path, ...]
    video: str | None
    sponsored: bool = False
    source: str = ""
    """The file this card's text came from (for warnings)."""
    caption: str = ""
    """Printed under the picture ("" = none)."""
    alt: str = ""
    """The picture's description for screen readers ("" = title and position)."""


@dataclass(frozen=True, slots=True)
class LogGrid:
    """The log grid as drawn: row labels, days, weeks."""

    __pydantic_config__ = FORBID_EXTRA

    rows: tuple[str, ...]
    days: tuple[Weekday, ...]
    weeks: int
    pain_row: bool
    ids: tuple[str, ...] = ()
    """The exercise id of each row (names the form fields of a fillable sheet)."""


@dataclass(frozen=True, slots=True)
class Handout:
    """Everything the layout needs, and nothing it has to look up."""

    __pydantic_config__ = FORBID_EXTRA

    title: str
    intro: tuple[Para, ...]
    patient: str
    date: str
    brand: Brand
    items: tuple[HandoutItem, ...]
    safety: tuple[Para, ...]
    log: LogGrid
    disclosure: tuple[Para, ...] | None
    disclosure_after: str | None
    """Id of the card the disclosure box follows; None: after the log grid."""
    options: PrintOptions
    subject: str
    keywords: tuple[str, ...]
    lang: str = "en-US"
    creation_date: dt.date | None = field(default=None)
    video: str | None = None
    """A link to the whole video, shown as a QR code by the title."""
    warnings: tuple[str, ...] = ()
    source: str = ""
    """The worksheet file (for warnings)."""
    """Things the reader of the build should know (a missing translation, a missing glyph)."""
