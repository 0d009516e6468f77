"""The Library (everything loaded from the content folders), and a validated one kept on disk.

Loading the content (YAML, pydantic validation, every template and picture checked) is
most of what a cold build of a layout never seen spends before it lays anything out.
A Library that loaded without a problem is kept in the signed disk cache
(``worksheet.diskcache``) under a key of the tool's version and code, the installed
packages, and the sha256 of every file under the content roots (``coldbuild.layout_key``
works that digest out), so any changed, added or removed file is a new key. The body is
a pickle read back with an unpickler that builds only the model's dataclasses, content
roots and paths; anything else, or anything malformed, is a miss and the content is
loaded again.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from worksheet.model import FORBID_EXTRA, Brand, Exercise, WorksheetSpec
from worksheet.roots import ContentRoot
from worksheet.safepickle import restricted_loads

if TYPE_CHECKING:
    import jinja2


@dataclass(frozen=True, slots=True)
class Library:
    """Everything loaded: exercises, worksheets and brands by id, and templates."""

    __pydantic_config__ = FORBID_EXTRA

    exercises: Mapping[str, Exercise]
    worksheets: Mapping[str, WorksheetSpec]
    brands: Mapping[str, Brand]
    roots: tuple[ContentRoot, ...]
    """Bundled first, then the clinic's folder (which wins on the same id)."""
    translations: Mapping[tuple[str, str], Exercise | WorksheetSpec | Brand]
    """Exercises, worksheets and brands in other languages, by (id, language)."""

    @property
    def env(self) -> jinja2.Environment:
        """The sandboxed Jinja environment over every templates folder."""
        from worksheet import templating

        dirs = tuple(r.templates for r in reversed(self.roots) if r.templates.is_dir())
        return templating.environment(dirs)


_ALLOWED = {
    ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "PurePosixPath"),
    ("pathlib", "PureWindowsPath"), ("datetime", "date"), ("worksheet.roots", "ContentRoot"),
}
_PARTS = ("exercises", "worksheets", "brands", "translations")


def library_key(files: str, content: str) -> str | None:
    """The cache key of the Library loaded from content files whose digest is ``files``
    (``content``: the --content folder as given, or "")."""
    from worksheet import __version__, diskcache, stamps

    code = stamps.code_digest()
    if code is None or not diskcache.enabled():
        return None
    # (the packages' folders: another pydantic or PyYAML could read the same files otherwise)
    return diskcache.make_key("library", __version__, code, stamps.environment(), files, content)


def keep_library(key: str, library: Library) -> None:
    """Keep ``library`` (loaded without a problem) under ``key``; one pickle, so an object the
    mappings share (a brand and its translation's base) is still one object when read back."""
    from worksheet import diskcache

    plain = tuple(dict(getattr(library, name)) for name in _PARTS)
    diskcache.store(key, pickle.dumps((plain, library.roots), protocol=5), diskcache.KEPT)


def kept_library(key: str) -> Library | None:
    """The Library kept under ``key``, or None when there is none or it is not one."""
    from worksheet import diskcache

    body = diskcache.load(key, diskcache.KEPT)
    if body is None:
        return None
    try:
        value = restricted_loads(body, _ALLOWED, "a library")
        (exercises, worksheets, brands, translations), roots = value
    except Exception:  # any malformed entry is a miss, never an error
        return None
    kinds = ((exercises, Exercise), (worksheets, WorksheetSpec), (brands, Brand),
             (translations, (Exercise, WorksheetSpec, Brand)))
    if not all(isinstance(part, dict) and all(isinstance(v, kind) for v in part.values())
               for part, kind in kinds):
        return None
    if not (isinstance(roots, tuple) and roots and all(isinstance(r, ContentRoot) for r in roots)):
        return None
    return Library(exercises=MappingProxyType(exercises), worksheets=MappingProxyType(worksheets),
                   brands=MappingProxyType(brands), roots=roots,
                   translations=MappingProxyType(translations))
