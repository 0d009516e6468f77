"""Field types shared by the content files, and the rule for files they name."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from worksheet.errors import Problem, WorksheetError, display_path
from worksheet.images import check_image
from worksheet.roots import ContentRoot, inside
from worksheet.safefile import why_not_regular
from worksheet.yamlfile import YamlDoc

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,47}$")]
Text = Annotated[str, Field(min_length=1, max_length=200)]


def _http_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"']{3,500}", value):
        raise ValueError("must be an http:// or https:// link")
    return value


def _colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValueError("must be a colour like #1f5f8b")
    return value.lower()


Url = Annotated[str, AfterValidator(_http_url)]
Colour = Annotated[str, AfterValidator(_colour)]


def asset(root: ContentRoot, start: Path, name: str, doc: YamlDoc, field: str,
          suffixes: tuple[str, ...] = IMAGE_SUFFIXES) -> Path:
    """A file named in a content file: inside the content folder, of a known type, present."""
    def problem(message: str) -> WorksheetError:
        return WorksheetError(Problem(message, path=doc.path, line=doc.line_of((field,)), field=field))

    found = inside(root, start, name)
    if found is None:
        raise problem(f"{name!r} is outside the content folder")
    if found.suffix.lower() not in suffixes:
        kind = "image type" if suffixes == IMAGE_SUFFIXES else "file type"
        raise problem(f"{name!r}: unsupported {kind} (use {', '.join(suffixes)})")
    why = why_not_regular(found)
    if why is not None:
        what = "image file" if suffixes == IMAGE_SUFFIXES else "file"
        raise problem(f"{what} {why}: {display_path(found)}")
    if suffixes == IMAGE_SUFFIXES:
        check_image(found)
    return found


