"""``worksheet check``: find every problem in the content, report them all.

Problems (exit 2) are what would stop a build; warnings are what a build
would quietly work around: a missing translation, a character no font has.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from worksheet.content import Library, load_library
from worksheet.errors import Problem, WorksheetError, display_path
from worksheet.glyphs import file_glyph_warnings
from worksheet.i18n import LANGS
from worksheet.model import Exercise, Request, WorksheetSpec


def check_content(content: Path | None = None) -> tuple[Library | None, list[Problem], list[str]]:
    """Load and try every exercise and worksheet; return every problem and warning."""
    try:
        library = load_library(content)
    except WorksheetError as exc:
        return None, list(exc.problems), []
    problems: list[Problem] = []  # exercise bodies were checked while loading
    for spec in library.worksheets.values():
        for lang in LANGS:
            try:
                from worksheet.resolve import resolve

                resolve(library, Request(worksheet=spec.id, lang=lang))
            except WorksheetError as exc:
                for problem in exc.problems:
                    if problem.path is None:  # say which worksheet it came from
                        problem = Problem(problem.message, path=spec.path, field=problem.field,
                                          hint=problem.hint)
                    if problem not in problems:
                        problems.append(problem)
    return library, problems, _translation_warnings(library) + _glyph_warnings(library)


def _translation_warnings(library: Library) -> list[str]:
    languages = sorted({lang for _, lang in library.translations})
    warnings = []
    everything: list[tuple[str, Mapping[str, Exercise | WorksheetSpec]]] = [
        ("exercise", library.exercises), ("worksheet", library.worksheets)]
    for lang in languages:
        for kind, items in everything:
            for item_id, item in sorted(items.items()):
                if (item_id, lang) not in library.translations:
                    warnings.append(f"{display_path(item.path)}: no {lang} translation of this {kind} "
                                    f"({item_id}.{lang}{item.path.suffix}); English is used")
    return warnings


def _glyph_warnings(library: Library) -> list[str]:
    paths = [e.path for e in library.exercises.values()]
    paths += [w.path for w in library.worksheets.values()]
    paths += [t.path for t in library.translations.values()]
    paths += [b.path for b in library.brands.values()]
    return file_glyph_warnings(sorted(set(paths)))



