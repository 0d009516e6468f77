"""Where content lives: the bundled folders and a clinic's own content folder.

In a source checkout the bundled files are the repository's top-level
``content/``, ``assets/`` and ``templates/``; in an installed wheel they travel
inside the package as ``worksheet/_data/…``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class ContentRoot:
    """One source of content; paths inside it may not leave ``base``."""

    base: Path
    exercises: Path
    worksheets: Path
    brands: Path
    illustrations: Path
    templates: Path
    fonts: Path
    bundled: bool


def data_dir() -> Path:
    """The folder holding ``content/``, ``assets/`` and ``templates/``."""
    installed = _PACKAGE / "_data"
    return installed if installed.is_dir() else _PACKAGE.parent


def bundled_root() -> ContentRoot:
    """The content that ships with worksheet."""
    base = data_dir()
    return ContentRoot(
        base=base,
        exercises=base / "content" / "exercises",
        worksheets=base / "content" / "worksheets",
        brands=base / "assets" / "brands",
        illustrations=base / "assets" / "illustrations",
        templates=base / "templates",
        fonts=base / "assets" / "fonts",
        bundled=True,
    )


def clinic_root(folder: Path) -> ContentRoot:
    """A clinic's content folder: ``exercises/``, ``worksheets/``, ``brands/``,
    ``illustrations/`` and ``templates/``, each optional."""
    base = folder.resolve()
    return ContentRoot(
        base=base,
        exercises=base / "exercises",
        worksheets=base / "worksheets",
        brands=base / "brands",
        illustrations=base / "illustrations",
        templates=base / "templates",
        fonts=base / "fonts",
        bundled=False,
    )


def inside(root: ContentRoot, start: Path, name: str) -> Path | None:
    """``name`` relative to ``start``, or None when it is absolute or leaves the root."""
    if not name or Path(name).is_absolute() or "\x00" in name:
        return None
    candidate = (start / name).resolve()
    if not candidate.is_relative_to(root.base):
        return None
    return candidate
