"""Dates as people type them (ISO, or a spreadsheet's 02/12/2026) and as the sheet prints them.

Reading: ISO (2026-12-02) is always understood. A date with the day and month as
numbers (02/12/2026, 2.12.26) is read in the order ``--date-format`` names; by
default day first on A4 or Spanish sheets and month first on Letter English ones.
A date that does not exist (2026-02-31) is "no such date", never a format error.

Printing: the long form of the sheet's language and paper, December 2, 2026 on
Letter English, 2 December 2026 on A4 English, 2 de diciembre de 2026 in Spanish,
unless ``--date-style`` (or a row's ``date_style``), or else the brand's
``date_style``, says day or month first.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
import json
import re
from typing import Any, Literal

from worksheet.errors import WorksheetError

DateFormat = Literal["auto", "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD"]
DATE_FORMATS: tuple[DateFormat, ...] = ("auto", "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD")
DateStyle = Literal["auto", "day-first", "month-first"]
DATE_STYLES: tuple[DateStyle, ...] = ("auto", "day-first", "month-first")

DATE_FORMAT_HELP = ("How to read a date such as 02/12/2026 (ISO 2026-12-02 always works). auto: day "
                    "first, except on Letter English sheets (month first).")


class DateFormatChoice(enum.StrEnum):
    """How a typed date is read (the choices of ``--date-format``)."""

    auto = "auto"
    day_first = "DD/MM/YYYY"
    month_first = "MM/DD/YYYY"
    iso = "YYYY-MM-DD"


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
# what spreadsheets save: 02/12/2026, 2.12.2026, 02-12-26 (a time of midnight may follow)
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?: 00:00(?::00)?)?")
_EXAMPLE = {"DD/MM/YYYY": "02/12/2026", "MM/DD/YYYY": "12/02/2026", "YYYY-MM-DD": "2026-12-02"}


def day_first_default(lang: str, paper: str) -> bool:
    """Whether ``02/12/2026`` means 2 December on this sheet: everywhere but Letter English."""
    return not (lang == "en" and paper == "letter")


def parse_date(value: Any, fmt: str = "auto", *, lang: str = "en", paper: str = "letter",
               name: str = "date") -> dt.date:
    """The date ``value`` names, read as ``fmt`` says (WorksheetError in plain words if none)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):  # YAML reads 2026-12-02 as a date already
        return value
    text = str(value).strip()
    if fmt not in DATE_FORMATS:
        raise WorksheetError(f"--date-format must be one of {', '.join(DATE_FORMATS)} (got {fmt!r})")
    iso = _ISO.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        return _real_date(year, month, day, text, name, "year-month-day")
    numeric = _NUMERIC.fullmatch(text)
    if numeric and fmt != "YYYY-MM-DD":
        first, _, second, year_text = numeric.groups()
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        day_first = day_first_default(lang, paper) if fmt == "auto" else fmt == "DD/MM/YYYY"
        day, month = (int(first), int(second)) if day_first else (int(second), int(first))
        order = "day/month/year" if day_first else "month/day/year"
        other = "MM/DD/YYYY" if day_first else "DD/MM/YYYY"
        return _real_date(year, month, day, text, name, order,
                          hint=f" (if it is {other}, use --date-format {other})" if fmt == "auto" else "")
    wanted = "2026-12-02" if fmt == "auto" else _EXAMPLE[fmt]
    also = " or 02/12/2026" if fmt == "auto" else ""
    raise WorksheetError(f"{name} must look like {wanted}{also} (got {text!r})")


def _real_date(year: int, month: int, day: int, text: str, name: str, order: str,
               hint: str = "") -> dt.date:
    if not 1 <= month <= 12:
        raise WorksheetError(f"{name}: no such date {text!r}: read as {order}, there is no month "
                             f"{month}{hint}")
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise WorksheetError(f"{name}: no such date {text!r}: there is no year {year}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        month_name = calendar.month_name[month]
        raise WorksheetError(f"{name}: no such date {text!r}: read as {order}, {month_name} {year} has "
                             f"{days} days{hint}")
    return dt.date(year, month, day)


def printed_date(day: dt.date, lang: str, paper: str, style: str = "auto", brand_style: str = "auto") -> str:
    """The date as the sheet's reader writes it: December 2, 2026 / 2 December 2026 /
    2 de diciembre de 2026. ``style`` (the build's or the row's) wins over ``brand_style``
    (the brand file's); auto leaves it to the next, and last to the language and paper."""
    if lang != "en":
        return long_date(day, lang)
    style = brand_style if style == "auto" else style
    day_first = paper != "letter" if style == "auto" else style == "day-first"
    return long_date(day, "en_GB" if day_first else "en_US")


_FIELD = re.compile(r"%\((\w+)\)s")
_FIELDS = {"d", "MMMM", "y"}  # what the long forms of our languages use: the day, the month's name, the year


def long_date(day: dt.date, locale: str) -> str:
    """Babel's long form of ``day`` in ``locale``; from its pattern and month names kept in the
    disk cache (loading Babel's locale data costs a cold build more than the rest of the date)."""
    pattern = _long_pattern(locale)
    if pattern is None:
        from babel.dates import format_date

        return format_date(day, format="long", locale=locale)
    text, months = pattern
    return text % {"d": str(day.day), "MMMM": months[day.month - 1], "y": str(day.year)}


@functools.cache
def _long_pattern(locale: str) -> tuple[str, list[str]] | None:
    """The long date pattern of ``locale`` as a %-format and its twelve month names; None when
    the pattern has a field other than the day, the month's name and the year."""
    from worksheet import stamps

    kept = stamps.remembered(f"long-date:{locale}", [], lambda: json.dumps(_babel_pattern(locale)))
    try:
        text, months = json.loads(kept) if kept is not None else _babel_pattern(locale)
    except (TypeError, ValueError):
        return None
    if not (isinstance(text, str) and isinstance(months, list) and len(months) == 12
            and all(isinstance(name, str) for name in months)
            and set(_FIELD.findall(text)) <= _FIELDS and "%" not in _FIELD.sub("", text).replace("%%", "")):
        return None
    return text, months


def _babel_pattern(locale: str) -> tuple[str, list[str]]:
    from babel.dates import get_date_format, get_month_names

    names = get_month_names("wide", context="format", locale=locale)
    return str(get_date_format("long", locale=locale).format), [names[month] for month in range(1, 13)]
