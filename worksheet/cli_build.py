"""``worksheet build``: its options as Typer reads them (and shows in --help); ``cli_fastbuild.run``
builds the handout (the layout code loads only when it runs)."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from worksheet.cli_common import ContentOpt
from worksheet.cli_fastbuild import run
from worksheet.dates import DATE_FORMAT_HELP, DateFormatChoice


class PaperChoice(enum.StrEnum):
    """Paper sizes a user can type."""

    letter = "letter"
    a4 = "a4"


class LayoutChoice(enum.StrEnum):
    """Page layouts a user can type."""

    detailed = "detailed"
    compact = "compact"


class DateStyleChoice(enum.StrEnum):
    """How the date is printed."""

    auto = "auto"
    day_first = "day-first"
    month_first = "month-first"


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
    run(worksheet=worksheet, output=output, patient=patient, date=date, date_format=date_format.value,
        date_style=date_style.value, brand=brand, only=only, exclude=exclude, paper=paper.value,
        disclosure=disclosure, dose=dose, lang=lang, fillable=fillable, layout=layout.value,
        large_print=large_print, grayscale=grayscale, header_band=header_band, content=content,
        no_cache=no_cache)
