"""Brand files: a clinic's name, logo, colours, contact lines, font and date style.

A field a brand leaves out falls back to the default brand's; a brand that
sets its own colours gets its tints (accent, chip fill and edge, log header)
made from them, not the default's. Colours are checked here, before any page
is drawn: every text on a fill keeps 4.5:1, a chip's edge 3:1 on the paper.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import Field

from worksheet import safefile
from worksheet.colours import ACCENT_SHARE, PAPER, check_colours, mix
from worksheet.dates import DateStyle
from worksheet.errors import Problem, ProblemList, WorksheetError, display_path
from worksheet.fields import Colour, Text, asset
from worksheet.model import FORBID_EXTRA, Brand, BrandFont
from worksheet.roots import ContentRoot
from worksheet.validation import validate
from worksheet.yamlfile import YamlDoc, parse_yaml, read_text

BUNDLED_FAMILIES = ("atkinson", "dejavu")
MAX_FONT_BYTES = 40_000_000  # a full CJK TrueType font is about 20 MB; ReportLab reads it whole
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FontFiles:
    """A brand's own TTF files, relative to the brand file."""

    __pydantic_config__ = FORBID_EXTRA

    regular: str
    bold: str
    italic: str | None = None


@dataclass(frozen=True, slots=True)
class BrandFile:
    """A brand YAML file; every field but the clinic name may be left out."""

    __pydantic_config__ = FORBID_EXTRA

    clinic: Text | None = None
    """Required, except in a translation (default.es.yaml), which takes it from its brand."""
    primary: Colour | None = None
    accent: Colour | None = None
    logo: str | None = None
    contact: Annotated[tuple[Text, ...], Field(max_length=4)] | None = None
    clinician: Annotated[str, Field(max_length=200)] | None = None
    footer: Annotated[str, Field(max_length=200)] | None = None
    font: str | FontFiles | None = None
    chip_fill: Colour | None = None
    chip_border: Colour | None = None
    log_header: Colour | None = None
    date_style: DateStyle | None = None
    """How the date is printed (auto, day-first, month-first); --date-style and a row's
    date_style column win over it."""


FALLBACK = Brand(id="", clinic="", logo=None, primary="#1f5f8b", accent="#e6f0f7", contact=(),
                 path=Path("."))


def load_brand(path: Path, root: ContentRoot, base: Brand | None = None, translation: bool = False) -> Brand:
    """Read and validate one brand file; fields it leaves out come from ``base``."""
    doc = parse_yaml(read_text(path), path)
    data = doc.data if isinstance(doc.data, dict) else None
    if data is None:
        raise WorksheetError(Problem("must be a YAML mapping (key: value lines)", path=path, line=1))
    problems: list[Problem] = []
    try:
        spec = validate(BrandFile, data, doc)
    except WorksheetError as exc:
        problems += exc.problems
        spec = BrandFile(clinic="")  # the rest is still checked: the colours, the bare ones
    _collect(problems, lambda: _refuse_bare_colours(data, doc))
    if spec.clinic is None and not translation:
        problems.append(Problem("is required", path=path, line=1, field="clinic"))
    base = base or FALLBACK
    own_colours = spec.primary is not None or spec.accent is not None
    accent = spec.accent or (mix(spec.primary, PAPER, ACCENT_SHARE) if spec.primary else base.accent)

    def tint(given: str | None, inherited: str) -> str:
        return given or ("" if own_colours else inherited)

    logo = base.logo if "logo" not in data else None
    if spec.logo is not None:
        logo = _collect(problems, lambda: asset(root, path.parent, spec.logo or "", doc, "logo"))
    brand = Brand(
        id=path.name.split(".")[0],
        clinic=_or(spec.clinic, base.clinic),
        logo=logo,
        primary=_or(spec.primary, base.primary),
        accent=accent,
        contact=_or(spec.contact, base.contact),
        path=path,
        clinician=_or(spec.clinician, base.clinician),
        footer=_or(spec.footer, base.footer),
        font=base.font,
        chip_fill=tint(spec.chip_fill, base.chip_fill),
        chip_border=tint(spec.chip_border, base.chip_border),
        log_header=tint(spec.log_header, base.log_header),
        date_style=_or(spec.date_style, base.date_style),
    )
    if spec.font is not None:
        font = spec.font
        brand = replace(brand, font=_collect(problems, lambda: _font(font, root, path, doc)) or base.font)
    _collect(problems, lambda: check_colours(brand, doc))
    if problems:
        raise ProblemList(dict.fromkeys(problems))
    return brand


def _collect(problems: list[Problem], step: Callable[[], T]) -> T | None:
    try:
        return step()
    except WorksheetError as exc:
        problems.extend(exc.problems)
        return None


COLOUR_FIELDS = ("primary", "accent", "chip_fill", "chip_border", "log_header")


def _refuse_bare_colours(data: dict[str, Any], doc: YamlDoc) -> None:
    """``primary: #224466`` without quotes is a YAML comment: the colour would be silently lost."""
    empty = [name for name in COLOUR_FIELDS if name in data and data[name] is None]
    if empty:
        raise ProblemList(Problem("is empty: put the colour in quotes, like \"#1f5f8b\" (a # without "
                                  "quotes starts a comment)", path=doc.path, line=doc.key_line((name,)),
                                  field=name) for name in empty)


def _or(value: T | None, fallback: T) -> T:
    return fallback if value is None else value


def _font(font: str | FontFiles, root: ContentRoot, path: Path, doc: YamlDoc) -> str | BrandFont:
    if isinstance(font, str):
        if font not in BUNDLED_FAMILIES:
            hint = f"use {' or '.join(BUNDLED_FAMILIES)}, or TTF files"
            raise WorksheetError(Problem(f"unknown font family {font!r}", path=path,
                                         line=doc.line_of(("font",)), field="font", hint=hint))
        return font
    files: dict[str, Any] = {}
    for face in ("regular", "bold", "italic"):
        name = getattr(font, face)
        if name is not None:
            files[face] = asset(root, path.parent, name, doc, f"font.{face}", suffixes=(".ttf",))
            # the layout hands this path to ReportLab: make sure now it is a bounded regular file
            safefile.open_regular(files[face], MAX_FONT_BYTES, "font file").close()
    return BrandFont(**files)


def brand_language_warning(brand: Brand, lang: str) -> str:
    """The warning for a brand whose contact and footer lines have no ``lang`` version."""
    return (f"{display_path(brand.path)}: no {lang} brand lines ({brand.id}.{lang}.yaml); its contact, "
            f"clinician and footer lines print in English on {lang} sheets")
