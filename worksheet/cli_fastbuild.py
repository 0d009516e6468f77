"""``worksheet build`` itself (``run``), and the plain command lines people type read without Typer.

Importing Typer and building its command costs more than a build replayed from the
layout cache does. So ``worksheet.cli`` hands a command line that starts with ``build``
to ``parse``, which reads only the plain forms: ``--name value``, ``--name=value``,
``-o value``, the flags, at most one worksheet, each option once (``--dose`` as often
as wanted), every choice as offered (any case). Anything else (``--help``, an unknown
or misspelt option, a missing value, a value that starts with ``-``, a choice not
offered) returns None and Typer reads the line as before, with its own messages.
``tests/test_fastbuild.py`` checks that both read every option the same, and that the
defaults here are the Typer command's.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NoReturn

from worksheet.errors import WorksheetError

if TYPE_CHECKING:
    import datetime as dt

VALUES = {"--output": "output", "-o": "output", "--patient": "patient", "--date": "date",
          "--date-format": "date_format", "--date-style": "date_style", "--brand": "brand",
          "--only": "only", "--exclude": "exclude", "--paper": "paper", "--lang": "lang",
          "--layout": "layout", "--content": "content"}
"""Options that take a value, and their parameter."""

MULTIPLE = {"--dose": "dose"}
"""Options that may be given more than once (their values in order)."""

FLAGS = {"--disclosure": ("disclosure", True), "--no-disclosure": ("disclosure", False),
         "--fillable": ("fillable", True), "--large-print": ("large_print", True),
         "--grayscale": ("grayscale", True), "--header-band": ("header_band", True),
         "--no-header-band": ("header_band", False), "--no-cache": ("no_cache", True)}
"""Flags, their parameter and the value they set."""

CHOICES = {"date_format": ("auto", "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD"),
           "date_style": ("auto", "day-first", "month-first"), "paper": ("letter", "a4"),
           "layout": ("detailed", "compact")}
"""Options with a fixed set of values (typed in any case)."""

PATHS = ("output", "content")


def parse(argv: list[str]) -> dict[str, object] | None:
    """The parameters of ``build`` for the arguments after ``build``; None when the line is
    not one of the plain forms (Typer reads it then)."""
    found: dict[str, object] = {}
    doses: list[str] = []
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if not arg.startswith("-"):
            if "worksheet" in found:
                return None
            found["worksheet"] = arg
            continue
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in FLAGS and not eq:
            param, flag = FLAGS[name]
            if param in found:
                return None
            found[param] = flag
            continue
        if name not in VALUES and name not in MULTIPLE:
            return None
        if not eq:
            if not rest or rest[0].startswith("-"):
                return None
            inline = rest.pop(0)
        if name in MULTIPLE:
            doses.append(inline)
            continue
        param = VALUES[name]
        value = _value(param, inline)
        if param in found or value is None:
            return None
        found[param] = value
    if doses:
        found["dose"] = doses
    return found


def _value(param: str, text: str) -> object | None:
    if param in CHOICES:
        offered = {choice.casefold(): choice for choice in CHOICES[param]}
        return offered.get(text.casefold())
    if param in PATHS:
        return Path(text) if text else None
    return text


def fail(error: WorksheetError) -> NoReturn:
    """Report a user error as every command does (``cli_common.fail``), without Typer."""
    from worksheet.cli import state

    if state["debug"]:
        raise error
    for problem in error.problems[:1] if len(error.problems) == 1 else error.problems:
        sys.stderr.write(f"error: {problem}\n")
    raise SystemExit(2)


def ids(value: str | None) -> tuple[str, ...] | None:
    """The ids of a comma-separated option (``a, b`` → ``("a", "b")``)."""
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


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


def run(worksheet: str = "lower-back", output: Path | None = None, patient: str = "",
        date: str | None = None, date_format: str = "auto",
        date_style: Literal["auto", "day-first", "month-first"] = "auto",
        brand: str = "default", only: str | None = None, exclude: str | None = None,
        paper: Literal["letter", "a4"] = "letter", disclosure: bool | None = None,
        dose: list[str] | None = None,
        lang: str = "en", fillable: bool = False, layout: Literal["detailed", "compact"] = "detailed",
        large_print: bool = False,
        grayscale: bool = False, header_band: bool = True, content: Path | None = None,
        no_cache: bool = False) -> None:
    """Build one handout PDF (the options of ``worksheet build``, choices as their values)."""
    from worksheet.coldbuild import build_file
    from worksheet.doses import parse_dose_option
    from worksheet.model import Request

    try:
        doses = tuple(parse_dose_option(d) for d in dose or ())
    except WorksheetError as exc:
        fail(exc)
    request = Request(
        worksheet=worksheet, patient=patient, brand=brand, only=ids(only),
        date=parse_date(date, date_format, lang.lower(), paper), date_style=date_style,
        exclude=ids(exclude) or (), paper=paper, disclosure=disclosure,
        grayscale=grayscale, doses=doses, layout=layout, large_print=large_print,
        header_band=header_band, lang=lang.lower(), fillable=fillable,
    )
    target = output or Path("out") / f"{Path(worksheet).stem}.pdf"
    if target.suffix.lower() != ".pdf":
        fail(WorksheetError(f"output must be a .pdf file (got {str(target)!r})"))
    try:
        written, warnings = build_file(request, target, content, use_cache=not no_cache)
    except WorksheetError as exc:
        fail(exc)
    except KeyboardInterrupt:  # Typer's "Aborted!" and exit 1 on both ways in: not for a stop
        from worksheet.cli import stopped

        stopped()
    for warning in warnings:
        sys.stderr.write(f"warning: {warning}\n")
    sys.stdout.write(f"wrote {written}\n")
