"""``worksheet build``: one handout PDF from the options (the layout code loads only when it runs)."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from worksheet.cli_common import ContentOpt, fail
from worksheet.dates import DATE_FORMAT_HELP, DateFormatChoice
from worksheet.errors import WorksheetError

if TYPE_CHECKING:
    import datetime as dt


class PaperChoice(enum.StrEnum):
    """Paper sizes a user can type."""

    letter = "letter"
    a4 = "a4"


class LayoutChoice(enum.StrEnum):
    """Page layouts a user can type."""

    detailed = "detailed"
    compact = "compact"


def ids(value: str | None) -> tuple[str, ...] | None:
    """The ids of a comma-separated option (``a, b`` → ``("a", "b")``)."""
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


class DateStyleChoice(enum.StrEnum):
    """How the date is printed."""

    auto = "auto"
    day_first = "day-first"
    month_first = "month-first"


def parse_date(value: str | None, fmt: str = "auto", lang: str = "en",
               paper: str = "letter") -> dt.date | None:
    """The --date option as a date, read as --date-format says (auto: day first unless the
    sheet is Letter English); a user error when it is no date, or a day that does not exist."""
    from worksheet import dates

    if value is None:
        return None
    try:
        return dates.parse_date(value, fmt, lang=lang, paper=paper, name="--date")
    except WorksheetError as exc:
        fail(exc)


def build(
    worksheet: Annotated[str, typer.Argument(help="Worksheet id, or a path to a worksheet .yaml file.")]
    = "lower-back",
    output: Annotated[Optional[Path], typer.Option("-o", "--output",  # noqa: UP045
                                                   help="PDF to write (default: out/WORKSHEET.pdf).")] = None,
    patient: Annotated[str, typer.Option(help="Patient name printed on the sheet.")] = "",
    date: Annotated[Optional[str], typer.Option(help="Date printed on the sheet: 2026-12-02, or "  # noqa: UP045
                                                "02/12/2026 as --date-format says.")] = None,
    date_format: Annotated[DateFormatChoice, typer.Option("--date-format", case_sensitive=False,
                                                          help=DATE_FORMAT_HELP)] = DateFormatChoice.auto,
    date_style: Annotated[DateStyleChoice, typer.Option(
        "--date-style", case_sensitive=False,
        help="How the date is printed. auto: as the brand's date_style says, else December 2, 2026 "
             "on Letter, 2 December 2026 on A4, 2 de diciembre de 2026 in Spanish.")] = DateStyleChoice.auto,
    brand: Annotated[str, typer.Option(help="Brand id, or a path to a brand .yaml file.")] = "default",
    only: Annotated[Optional[str], typer.Option(help="Only these exercise ids, in this order (a,b,c).")]  # noqa: UP045
    = None,
    exclude: Annotated[Optional[str], typer.Option(help="Leave out these exercise ids (a,b).")] = None,  # noqa: UP045
    paper: Annotated[PaperChoice, typer.Option(case_sensitive=False, help="Paper size.")]
    = PaperChoice.letter,
    disclosure: Annotated[Optional[bool], typer.Option("--disclosure/--no-disclosure",  # noqa: UP045
                                                       help="Show the sponsor disclosure "
                                                       "(default: as the worksheet says).")] = None,
    dose: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--dose", metavar="EXERCISE.FIELD=VALUE",
        help="Change a dose, e.g. bridge.reps=12 or piri.hold_seconds=30 (repeatable; an id or a "
             "unique prefix; fields: hold_seconds, reps, sets, times_per_day, each_side).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the sheet: en or es.")] = "en",
    fillable: Annotated[bool, typer.Option("--fillable", help="Tick boxes, log cells, name and date become "
                                           "PDF form fields, to fill in on a phone or tablet.")] = False,
    layout: Annotated[LayoutChoice, typer.Option(case_sensitive=False, help="detailed: a large card per "
                                                 "exercise; compact: two columns and small pictures "
                                                 "(the Lower Back Worksheet fits on two pages).")]
    = LayoutChoice.detailed,
    large_print: Annotated[bool, typer.Option("--large-print", help="Body text 16 pt or more, bigger tick "
                                              "boxes and log cells.")] = False,
    grayscale: Annotated[bool, typer.Option("--grayscale", help="Print every colour and picture in "
                                            "gray (saves ink).")] = False,
    header_band: Annotated[bool, typer.Option("--header-band/--no-header-band", help="The band with logo and "
                                              "clinic name; --no-header-band leaves its room free for "
                                              "your own letterhead.")] = True,
    content: ContentOpt = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Lay the sheet out anew instead of "
                                           "replaying a layout built before on this machine (also: "
                                           "WORKSHEET_NO_CACHE=1).")] = False,
) -> None:
    """Build one handout PDF."""
    from worksheet.coldbuild import build_file
    from worksheet.doses import parse_dose_option
    from worksheet.model import Request

    try:
        doses = tuple(parse_dose_option(d) for d in dose or ())
    except WorksheetError as exc:
        fail(exc)

    request = Request(
        worksheet=worksheet, patient=patient, brand=brand, only=ids(only),
        date=parse_date(date, date_format.value, lang.lower(), paper.value), date_style=date_style.value,
        exclude=ids(exclude) or (), paper=paper.value, disclosure=disclosure,
        grayscale=grayscale, doses=doses, layout=layout.value, large_print=large_print,
        header_band=header_band, lang=lang.lower(), fillable=fillable,
    )
    target = output or Path("out") / f"{Path(worksheet).stem}.pdf"
    if target.suffix.lower() != ".pdf":
        fail(WorksheetError(f"output must be a .pdf file (got {str(target)!r})"))
    try:
        written, warnings = build_file(request, target, content, use_cache=not no_cache)
    except WorksheetError as exc:
        fail(exc)
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"wrote {written}")
