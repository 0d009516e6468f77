"""Brand files: a clinic's name, logo, colours, contact lines and font.

A field a brand leaves out falls back to the default brand's. Colours are
checked here, before any page is drawn: text on the brand colour and on the
accent colour must keep a contrast of at least 4.5:1.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import Field

from worksheet import safefile
from worksheet.colours import check_colours
from worksheet.errors import Problem, WorksheetError
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


FALLBACK = Brand(id="", clinic="", logo=None, primary="#1f5f8b", accent="#e6f0f7", contact=(),
                 path=Path("."))


def load_brand(path: Path, root: ContentRoot, base: Brand | None = None, translation: bool = False) -> Brand:
    """Read and validate one brand file; fields it leaves out come from ``base``."""
    doc = parse_yaml(read_text(path), path)
    data = doc.data if isinstance(doc.data, dict) else None
    if data is None:
        raise WorksheetError(Problem("must be a YAML mapping (key: value lines)", path=path, line=1))
    spec = validate(BrandFile, data, doc)
    if spec.clinic is None and not translation:
        raise WorksheetError(Problem("is required", path=path, line=1, field="clinic"))
    base = base or FALLBACK
    logo = base.logo if "logo" not in data else None
    if spec.logo is not None:
        logo = asset(root, path.parent, spec.logo, doc, "logo")
    brand = Brand(
        id=path.name.split(".")[0],
        clinic=_or(spec.clinic, base.clinic),
        logo=logo,
        primary=_or(spec.primary, base.primary),
        accent=_or(spec.accent, base.accent),
        contact=_or(spec.contact, base.contact),
        path=path,
        clinician=_or(spec.clinician, base.clinician),
        footer=_or(spec.footer, base.footer),
        font=base.font,
    )
    if spec.font is not None:
        brand = replace(brand, font=_font(spec.font, root, path, doc))
    check_colours(brand, doc)
    return brand


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


