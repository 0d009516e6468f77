"""Library + Request → Handout: selection, order, final doses, rendered text.

The result is plain data; nothing here knows about pages or ReportLab.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from worksheet import templating
from worksheet.body import render_body
from worksheet.brands import load_brand
from worksheet.content import Library, load_worksheet
from worksheet.doses import dose_overrides
from worksheet.errors import Problem, WorksheetError
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


def resolve(library: Library, request: Request) -> Handout:
    """Everything the layout needs for one handout."""
    spec = find_worksheet(library, request.worksheet)
    brand = find_brand(library, request.brand)
    chosen = select_items(library, spec, request)
    show_disclosure = spec.disclosure is not None and request.disclosure is not False
    disclosure = spec.disclosure if show_disclosure else None
    if disclosure is not None and disclosure.item not in (None, *(i.id for i in chosen)):
        disclosure = None  # its item is not on this sheet, so nothing is sponsored
    extra = dose_overrides(request.doses, [wi.id for wi in chosen])
    items = tuple(
        resolve_item(library, library.exercises[wi.id], wi, extra.get(wi.id),
                     sponsored=disclosure is not None and disclosure.item == wi.id)
        for wi in chosen
    )
    env = library.env
    safety = render_file(env, "safety.j2", {"safety": spec.safety, "clinic": brand.clinic})
    disclosure_text = None
    if disclosure is not None:
        disclosure_text = parse_paragraphs(render_file(env, disclosure.template, {
            "disclosure": disclosure, "clinic": brand.clinic, "worksheet": spec.title,
            "item": next((i.title for i in items if i.id == disclosure.item), None)}))
    return Handout(
        title=spec.title,
        intro=parse_paragraphs(spec.intro),
        patient=request.patient.strip(),
        date=format_date(request),
        brand=brand,
        items=items,
        safety=parse_paragraphs(safety),
        log=LogGrid(rows=tuple(i.title for i in items), days=spec.log.days,
                    weeks=spec.log.weeks, pain_row=spec.log.pain_row),
        disclosure=disclosure_text,
        disclosure_after=disclosure.item if disclosure is not None else None,
        options=PrintOptions(paper=request.paper, layout=request.layout, large_print=request.large_print,
                             grayscale=request.grayscale, header_band=request.header_band),
        subject=spec.subject or spec.title,
        keywords=spec.keywords,
        creation_date=request.date,
    )


def format_date(request: Request) -> str:
    """The date as printed on the sheet (empty: a line to write on)."""
    d = request.date
    return f"{d:%B} {d.day}, {d.year}" if d is not None else ""


def find_worksheet(library: Library, name: str) -> WorksheetSpec:
    """A worksheet by id, or a worksheet file given by path."""
    if name in library.worksheets:
        return library.worksheets[name]
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise WorksheetError(Problem("worksheet file not found", path=path))
        return load_worksheet(path)
    raise WorksheetError(_unknown("worksheet", name, library.worksheets))


def find_brand(library: Library, name: str) -> Brand:
    """A brand by id, or a brand file given by path."""
    if name in library.brands:
        return library.brands[name]
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise WorksheetError(Problem("brand file not found", path=path))
        return load_brand(path, clinic_root(path.parent), library.brands.get("default"))
    raise WorksheetError(_unknown("brand", name, library.brands))


def _unknown(kind: str, name: str, known: Iterable[str]) -> Problem:
    names = sorted(known)
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(names)}"
    return Problem(f"unknown {kind} {name!r}", hint=hint)


def select_items(library: Library, spec: WorksheetSpec, request: Request) -> tuple[WorksheetItem, ...]:
    """The worksheet's items after --only (which also sets the order) and --exclude."""
    by_id = {item.id: item for item in spec.items}
    for item in spec.items:
        if item.id not in library.exercises:
            raise WorksheetError(Problem(f"unknown exercise {item.id!r}", path=spec.path, field="items",
                                         hint=_unknown("exercise", item.id, library.exercises).hint))
    for name in (*(request.only or ()), *request.exclude):
        if name not in library.exercises:
            raise WorksheetError(_unknown("exercise", name, library.exercises))
    if request.only is not None:
        chosen = [by_id.get(name, WorksheetItem(id=name)) for name in dict.fromkeys(request.only)]
    else:
        chosen = list(spec.items)
    chosen = [item for item in chosen if item.id not in request.exclude]
    if not chosen:
        raise WorksheetError(Problem("no exercises left to show", hint="check --only and --exclude"))
    return tuple(chosen)


def resolve_item(library: Library, exercise: Exercise, item: WorksheetItem,
                 override: DoseOverride | None = None, sponsored: bool = False) -> HandoutItem:
    """One card: the final dose, the body rendered with it, and the chips."""
    dose = item.dose.apply(exercise.dose) if item.dose is not None else exercise.dose
    if override is not None:
        dose = override.apply(dose)
    body = render_body(library.env, exercise, dose)
    notes = tuple(Para(spans) for spans, _ in body.notes)
    if item.note:  # the clinician's own words for this patient, labelled as such
        notes += tuple(Para((Span("Note from your clinician: ", bold=True), *p.spans))
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
        chips=dose_chips(dose),
        short_chips=dose_chips(dose, short=True),
        illustrations=exercise.illustrations,
        video=exercise.video,
        sponsored=sponsored,
    )


def dose_chips(dose: Dose, short: bool = False) -> tuple[str, ...]:
    """The dose as labels for the chips on a card (``short``: for narrow columns)."""
    chips = []
    if dose.hold_seconds:
        seconds = f"{dose.hold_seconds} s" if short else _count(dose.hold_seconds, "second")
        chips.append(f"Hold {seconds}")
    if dose.reps:
        chips.append(_count(dose.reps, "time") if short else f"Repeat {_count(dose.reps, 'time')}")
    if dose.sets:
        chips.append(_count(dose.sets, "set"))
    if dose.each_side:
        chips.append("Each side")
    if dose.times_per_day:
        per_day = "Once a day" if dose.times_per_day == 1 else f"{dose.times_per_day} times a day"
        chips.append(f"{dose.times_per_day}x a day" if short and dose.times_per_day > 1 else per_day)
    return tuple(chips)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render_file(env: jinja2.Environment, name: str, values: Mapping[str, Any]) -> str:
    """A template file from the templates folders, rendered."""
    return templating.render(templating.load_template(env, name), values)
