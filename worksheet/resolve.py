"""Library + Request → Handout: selection, order, final doses, rendered text.

The result is plain data; nothing here knows about pages or ReportLab.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from worksheet import templating
from worksheet.body import render_body
from worksheet.dates import printed_date
from worksheet.doses import dose_overrides
from worksheet.errors import Problem, WorksheetError, display_path
from worksheet.i18n import LANGS, PDF_LANG, counted, label
from worksheet.library import Library
from worksheet.markup import parse_paragraphs
from worksheet.model import (
    Brand,
    Dose,
    DoseOverride,
    Exercise,
    Handout,
    HandoutItem,
    LogGrid,
    Para,
    PrintOptions,
    Request,
    Span,
    WorksheetItem,
    WorksheetSpec,
)
from worksheet.roots import clinic_root
from worksheet.safefile import why_not_regular

T = TypeVar("T", Exercise, WorksheetSpec, Brand)


def resolve(library: Library, request: Request) -> Handout:
    """Everything the layout needs for one handout."""
    lang = request.lang
    if lang not in LANGS:
        raise WorksheetError(Problem(f"unknown language {lang!r}", hint=f"use {' or '.join(LANGS)}"))
    warnings: list[str] = []
    spec = translated(library, find_worksheet(library, request.worksheet), lang, warnings)
    brand = translated(library, find_brand(library, request.brand), lang, warnings, warn=False)
    if lang != "en" and brand is not library.translations.get((brand.id, lang)) and \
            (brand.contact or brand.footer or brand.clinician):
        from worksheet.brands import brand_language_warning

        warnings.append(brand_language_warning(brand, lang))
    chosen = select_items(library, spec, request)
    if request.notes:  # (the browser's note box; the CLI has none)
        notes = dict(request.notes)
        chosen = tuple(replace(wi, note=notes[wi.id]) if wi.id in notes else wi for wi in chosen)
    show_disclosure = spec.disclosure is not None and request.disclosure is not False
    disclosure = spec.disclosure if show_disclosure else None
    if disclosure is not None and disclosure.item not in (None, *(i.id for i in chosen)):
        disclosure = None  # its item is not on this sheet, so nothing is sponsored
    extra = dose_overrides(request.doses, [wi.id for wi in chosen],
                           [wi.id for wi in chosen if _takes_no_dose(library.exercises[wi.id], wi)])
    items = tuple(
        resolve_item(library, translated(library, library.exercises[wi.id], lang, warnings), wi,
                     extra.get(wi.id), sponsored=disclosure is not None and disclosure.item == wi.id,
                     lang=lang)
        for wi in chosen
    )
    env = library.env
    safety = render_file(env, "safety.j2", {"safety": spec.safety, "clinic": brand.clinic}, lang)
    disclosure_text = None
    if disclosure is not None:
        disclosure_text = parse_paragraphs(render_file(env, disclosure.template, {
            "disclosure": disclosure, "clinic": brand.clinic, "worksheet": spec.title,
            "item": next((i.title for i in items if i.id == disclosure.item), None)}, lang))
    return Handout(
        title=spec.title,
        intro=parse_paragraphs(spec.intro),
        patient=request.patient.strip(),
        date=(printed_date(request.date, lang, request.paper, request.date_style, brand.date_style)
              if request.date else ""),
        brand=brand,
        items=items,
        safety=parse_paragraphs(safety),
        log=LogGrid(rows=tuple(i.title for i in items), days=spec.log.days, weeks=spec.log.weeks,
                    pain_row=spec.log.pain_row, ids=tuple(i.id for i in items)),
        disclosure=disclosure_text,
        disclosure_after=disclosure.item if disclosure is not None else None,
        options=PrintOptions(paper=request.paper, layout=request.layout, large_print=request.large_print,
                             grayscale=request.grayscale, header_band=request.header_band, lang=lang,
                             fillable=request.fillable),
        subject=spec.subject or spec.title,
        keywords=spec.keywords,
        creation_date=request.date,
        lang=PDF_LANG[lang],
        video=spec.video,
        warnings=tuple(dict.fromkeys(warnings)),
        source=display_path(spec.path),
    )


def translated(library: Library, item: T, lang: str, warnings: list[str], warn: bool = True) -> T:
    """``item`` in ``lang`` when a translation exists; else English (with a warning)."""
    if lang == "en":
        return item
    found = library.translations.get((item.id, lang))
    if isinstance(found, type(item)):
        return found
    if warn:  # (a brand without a translation is no surprise: its name is a name)
        warnings.append(f"{display_path(item.path)}: no {lang} translation ({item.id}.{lang}"
                        f"{item.path.suffix}); English is used")
    return item


def find_worksheet(library: Library, name: str) -> WorksheetSpec:
    """A worksheet by id, or a worksheet file given by path."""
    if name in library.worksheets:
        return library.worksheets[name]
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        why = why_not_regular(path)
        if why is not None:
            raise WorksheetError(Problem(f"worksheet file {why}", path=path))
        from worksheet.content import load_worksheet  # (pydantic and YAML: only for a file)

        return load_worksheet(path)
    raise WorksheetError(replace(unknown_name("worksheet", name, library.worksheets, library),
                                 option="worksheet"))


def find_brand(library: Library, name: str) -> Brand:
    """A brand by id, or a brand file given by path."""
    if name in library.brands:
        return library.brands[name]
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        why = why_not_regular(path)
        if why is not None:
            raise WorksheetError(Problem(f"brand file {why}", path=path))
        from worksheet.brands import load_brand

        return load_brand(path, clinic_root(path.parent), library.brands.get("default"))
    raise WorksheetError(replace(unknown_name("brand", name, library.brands, library), option="brand"))


def unknown_name(kind: str, name: str, known: Iterable[str], library: Library | None = None) -> Problem:
    """"unknown exercise 'x'" with the closest names, or the clinic folder that has it."""
    from worksheet.content import forgotten_folder

    names = sorted(known)
    folder = forgotten_folder(kind, name) if library is not None and len(library.roots) == 1 else None
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    if folder is not None:
        hint = f"it is in {display_path(folder)}: did you forget --content {display_path(folder)}?"
    elif close:
        hint = f"did you mean {', '.join(close)}?"
    else:
        hint = f"known: {', '.join(names)}"
    return Problem(f"unknown {kind} {name!r}", hint=hint)


def select_items(library: Library, spec: WorksheetSpec, request: Request) -> tuple[WorksheetItem, ...]:
    """The worksheet's items after --only (which also sets the order) and --exclude."""
    by_id = {item.id: item for item in spec.items}
    for item in spec.items:
        if item.id not in library.exercises:
            raise WorksheetError(Problem(f"unknown exercise {item.id!r}", path=spec.path, field="items",
                                         hint=unknown_name("exercise", item.id, library.exercises,
                                                           library).hint))
    for option, names in (("only", request.only or ()), ("exclude", request.exclude)):
        for name in names:
            if name not in library.exercises:
                raise WorksheetError(replace(unknown_name("exercise", name, library.exercises, library),
                                             option=option))
    if request.only is not None:
        chosen = [by_id.get(name, WorksheetItem(id=name)) for name in dict.fromkeys(request.only)]
    else:
        chosen = list(spec.items)
    chosen = [item for item in chosen if item.id not in request.exclude]
    if not chosen:
        raise WorksheetError(Problem("no exercises left to show", hint="check --only and --exclude"))
    return tuple(chosen)


def _takes_no_dose(exercise: Exercise, item: WorksheetItem) -> bool:
    """A tip whose file (and worksheet entry) gives no dose: a --dose never lands on it."""
    return exercise.kind == "tip" and exercise.dose == Dose() and item.dose is None


def resolve_item(library: Library, exercise: Exercise, item: WorksheetItem,
                 override: DoseOverride | None = None, sponsored: bool = False,
                 lang: str = "en") -> HandoutItem:
    """One card: the final dose, the body rendered with it, and the chips."""
    dose = item.dose.apply(exercise.dose) if item.dose is not None else exercise.dose
    if override is not None:
        dose = override.apply(dose)
    body = render_body(library.env, exercise, dose)
    notes = tuple(Para(spans) for spans, _ in body.notes)
    if item.note:  # the clinician's own words for this patient, labelled as such
        notes += tuple(Para((Span(label(lang, "card.clinician_note") + " ", bold=True), *p.spans))
                       for p in parse_paragraphs(item.note))
    return HandoutItem(
        id=exercise.id,
        title=exercise.title,
        position=exercise.position,
        kind=exercise.kind,
        purpose=body.purpose[0][0],
        steps=tuple(spans for spans, _ in body.steps),
        cautions=tuple(spans for spans, _ in body.cautions),
        notes=notes,
        dose=dose,
        chips=dose_chips(dose, lang),
        short_chips=dose_chips(dose, lang, short=True),
        illustrations=exercise.illustrations,
        video=exercise.video,
        sponsored=sponsored,
        source=display_path(exercise.path),
        caption=exercise.caption,
        alt=exercise.alt,
    )


def dose_chips(dose: Dose, lang: str = "en", short: bool = False) -> tuple[str, ...]:
    """The dose as labels for the chips on a card (``short``: for narrow columns)."""
    chips = []
    if dose.hold_seconds:
        n = dose.hold_seconds
        chips.append(label(lang, "chip.hold.short", n=n) if short else counted(lang, "chip.hold", n))
    if dose.reps:
        n = dose.reps
        chips.append(label(lang, "chip.reps.short", n=n) if short else counted(lang, "chip.reps", n))
    if dose.sets:
        chips.append(counted(lang, "chip.sets", dose.sets))
    if dose.each_side:
        chips.append(label(lang, "chip.each_side"))
    if dose.times_per_day:
        n = dose.times_per_day
        per_day = counted(lang, "chip.per_day", n)
        chips.append(label(lang, "chip.per_day.short", n=n) if short and n > 1 else per_day)
    return tuple(chips)


def render_file(env: jinja2.Environment, name: str, values: Mapping[str, Any], lang: str = "en") -> str:
    """A template file from the templates folders, rendered (``name.<lang>.j2`` when there is one)."""
    if lang != "en":
        stem, _, suffix = name.rpartition(".")
        try:
            env.get_template(f"{stem}.{lang}.{suffix}")
            name = f"{stem}.{lang}.{suffix}"
        except jinja2.TemplateNotFound:
            pass
    return templating.render(templating.load_template(env, name), values)
