"""``worksheet check``: find every problem in the content, report them all.

Problems (exit 2) are what would stop a build; warnings are what a build
would quietly work around: a missing translation (for the languages a sheet is
handed out in), a character no font has. Every file is checked, whatever
another file's problems, and every problem names its line.
"""

from __future__ import annotations

from pathlib import Path

from worksheet.brands import brand_language_warning
from worksheet.content import Library, gather_library
from worksheet.errors import Problem, WorksheetError, display_path
from worksheet.glyphs import file_glyph_warnings
from worksheet.i18n import LANGS
from worksheet.model import Brand, Request, WorksheetSpec
from worksheet.yamlfile import parse_yaml, read_text


def check_content(content: Path | None = None) -> tuple[Library | None, list[Problem], list[str]]:
    """Load and try every exercise and worksheet; return every problem and warning."""
    try:
        library, problems = gather_library(content)
    except WorksheetError as exc:  # the folder itself is missing
        return None, list(exc.problems), []
    broken: set[tuple[str, str]] = set()  # (sheet, language) with an unknown item: not built
    for spec, lang in _sheets(library):
        unknown = _unknown_items(library, spec)
        problems += unknown
        if unknown:  # the build would stop there: the rest of the sheet waits for the fix
            broken.add((spec.id, lang))
    for spec in library.worksheets.values():
        for lang in LANGS:
            if not {(spec.id, lang), (spec.id, "en")} & broken:  # (English stands in for a missing .es)
                _try_resolve(library, spec, lang, problems)
    warnings = (_translation_warnings(library) + _brand_line_warnings(library) + _sample_lines(library)
                + _glyph_warnings(library))
    by_file = sorted(dict.fromkeys(problems), key=lambda p: (str(p.path or ""), p.line or 0))
    return library, by_file, warnings


def _sheets(library: Library) -> list[tuple[WorksheetSpec, str]]:
    """Every worksheet file, English and translated, with its language."""
    sheets = [(spec, "en") for spec in library.worksheets.values()]
    sheets += [(t, lang) for (_, lang), t in library.translations.items() if isinstance(t, WorksheetSpec)]
    return sheets


def _try_resolve(library: Library, spec: WorksheetSpec, lang: str, problems: list[Problem]) -> None:
    from worksheet.resolve import resolve

    if spec.id not in library.worksheets:
        return  # a translation without its English file, reported while loading
    try:
        resolve(library, Request(worksheet=spec.id, lang=lang))
    except WorksheetError as exc:
        for problem in exc.problems:
            if problem.path is None:  # say which worksheet it came from
                problem = Problem(problem.message, path=spec.path, field=problem.field, hint=problem.hint)
            problems.append(problem)


def _unknown_items(library: Library, spec: WorksheetSpec) -> list[Problem]:
    """Every item of ``spec`` that names no exercise, at its own line."""
    from worksheet.resolve import unknown_name

    missing = [(i, item.id) for i, item in enumerate(spec.items) if item.id not in library.exercises]
    if not missing:
        return []
    try:
        doc = parse_yaml(read_text(spec.path), spec.path)
    except WorksheetError:
        doc = None
    found = []
    for index, name in missing:
        hint = unknown_name("exercise", name, library.exercises).hint
        line = doc.line_of(("items", index)) if doc is not None else None
        found.append(Problem(f"unknown exercise {name!r}", path=spec.path, line=line,
                             field=f"items.{index}", hint=hint))
    return found


def sheet_languages(library: Library, spec: WorksheetSpec) -> tuple[str, ...]:
    """The languages a worksheet is handed out in: as its file says, else English and
    every language it has a file for."""
    if spec.languages:
        return spec.languages
    return ("en", *(lang for lang in LANGS if (spec.id, lang) in library.translations))


def _translation_warnings(library: Library) -> list[str]:
    """A missing translation, only for a language one of its sheets is handed out in."""
    warnings = []
    for spec in sorted(library.worksheets.values(), key=lambda s: s.id):
        for lang in sheet_languages(library, spec):
            if lang == "en":
                continue
            if (spec.id, lang) not in library.translations:
                warnings.append(_missing(spec.path, spec.id, lang, "worksheet"))
            for item in spec.items:
                exercise = library.exercises.get(item.id)
                if exercise is not None and (item.id, lang) not in library.translations:
                    warnings.append(_missing(exercise.path, item.id, lang, "exercise"))
    return list(dict.fromkeys(warnings))


def _missing(path: Path, item_id: str, lang: str, kind: str) -> str:
    return (f"{display_path(path)}: no {lang} translation of this {kind} ({item_id}.{lang}{path.suffix}); "
            f"English is used")


def _brand_line_warnings(library: Library) -> list[str]:
    """A clinic brand with contact or footer lines but none in a language its sheets use."""
    clinic_sheets = [s for s in library.worksheets.values() if not _bundled(library, s.path)]
    used = sorted({lang for s in clinic_sheets for lang in sheet_languages(library, s)} - {"en"})
    brands = sorted(library.brands.values(), key=lambda b: b.id)
    return [brand_language_warning(brand, lang) for brand in brands for lang in used
            if not _bundled(library, brand.path) and _lacks_lines(library, brand, lang)]


def _sample_lines(library: Library) -> list[str]:
    """A clinic brand that would print the default brand's sample contact lines or logo."""
    default = library.brands.get("default")
    if default is None:
        return []
    warnings = []
    for brand in sorted(library.brands.values(), key=lambda b: b.id):
        if brand.id == "default" or _bundled(library, brand.path):
            continue
        pairs = (("contact", brand.contact, default.contact), ("logo", brand.logo, default.logo))
        taken = [name for name, mine, theirs in pairs if mine and mine == theirs]
        if taken:
            warnings.append(f"{display_path(brand.path)}: no {' or '.join(taken)} of its own: its sheets "
                            f"print the default brand's sample {' and '.join(taken)} (set "
                            f"{', '.join(t + ':' for t in taken)} in this file; logo: null for none)")
    return warnings


def _lacks_lines(library: Library, brand: Brand, lang: str) -> bool:
    has_lines = bool(brand.contact or brand.footer or brand.clinician)
    return has_lines and (brand.id, lang) not in library.translations


def _bundled(library: Library, path: Path) -> bool:
    clinic = library.roots[-1]
    return clinic.bundled or not path.resolve().is_relative_to(clinic.base)


def _glyph_warnings(library: Library) -> list[str]:
    paths = [e.path for e in library.exercises.values()]
    paths += [w.path for w in library.worksheets.values()]
    paths += [t.path for t in library.translations.values()]
    paths += [b.path for b in library.brands.values()]
    return file_glyph_warnings(sorted(set(paths)))
