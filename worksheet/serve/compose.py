"""The compose form ↔ the engine: a form becomes the Request ``worksheet build`` would make.

Each field is checked with the batch engine's own rules (``request_from_row``), so the
messages are the CLI's; a worksheet, brand or exercise must be an id the library knows
(nothing the browser sends is ever used as a file-system path).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from worksheet.content import Library, parse_worksheet
from worksheet.doses import dose_overrides
from worksheet.errors import Problem, WorksheetError
from worksheet.i18n import LANGS
from worksheet.model import DOSE_FIELDS, Dose, Request, WorksheetItem, WorksheetSpec
from worksheet.rows import request_from_row

TEXT_FIELDS = ("patient", "date", "paper", "layout", "lang")
FLAG_FIELDS = ("large_print", "grayscale", "header_band", "fillable")
MAX_NOTE_CHARS = 1000  # a note is a sentence or two for one patient
UPLOAD_PREFIX = "upload:"  # the key of a worksheet file loaded in the browser (never a path)


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """A problem the page shows next to one control (``field`` empty: above the preview)."""

    field: str
    message: str


class FormError(Exception):
    """The form has problems; each names the control it belongs to."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(problems[0].message if problems else "bad form")
        self.problems = problems


def with_uploads(library: Library, uploads: Mapping[str, WorksheetSpec]) -> Library:
    """``library`` plus the worksheet files loaded in the browser (by their upload key)."""
    if not uploads:
        return library
    return replace(library, worksheets=MappingProxyType({**library.worksheets, **uploads}))


def item_rows(library: Library, worksheet: str, lang: str = "en") -> list[dict[str, Any]]:
    """The exercise list of the form: the worksheet's items (ticked, in order), then the rest."""
    spec = library.worksheets[worksheet]
    rows = [_row(library, item, True, lang) for item in spec.items if item.id in library.exercises]
    on_sheet = {item.id for item in spec.items}
    rows += [_row(library, WorksheetItem(id=ex_id), False, lang)
             for ex_id in sorted(library.exercises) if ex_id not in on_sheet]
    return rows


def _row(library: Library, item: WorksheetItem, on: bool, lang: str) -> dict[str, Any]:
    exercise = library.exercises[item.id]
    shown = library.translations.get((item.id, lang), exercise)
    dose = base_dose(library, item)
    return {"id": item.id, "on": on, "title": getattr(shown, "title", exercise.title),
            "picture": bool(exercise.illustrations), "note": item.note or "",
            "dose": {f: _text(getattr(dose, f)) for f in DOSE_FIELDS}}


def base_dose(library: Library, item: WorksheetItem) -> Dose:
    """The dose the worksheet gives this item before the form changes it."""
    dose = library.exercises[item.id].dose
    return item.dose.apply(dose) if item.dose is not None else dose


def _text(value: object) -> str | bool:
    if isinstance(value, bool):
        return value
    return "" if value is None else str(value)


def request_from_form(library: Library, form: Mapping[str, Any]) -> Request:
    """The Request for this form, or ``FormError`` naming every control that is wrong."""
    problems: list[FieldProblem] = []
    worksheet = _str(form.get("worksheet")) or "lower-back"
    brand = _str(form.get("brand")) or "default"
    if worksheet not in library.worksheets:
        problems.append(FieldProblem("worksheet", f"unknown worksheet {worksheet!r}"))
    if brand not in library.brands:
        problems.append(FieldProblem("brand", f"unknown brand {brand!r}"))
    row: dict[str, Any] = {"worksheet": worksheet, "brand": brand}
    for name in (*TEXT_FIELDS, *FLAG_FIELDS, "disclosure"):
        value = form.get(name)
        value = ("yes" if value else "no") if isinstance(value, bool) else _str(value)
        try:
            request_from_row({name: value})  # the batch engine's rules and words, one field at a time
        except WorksheetError as exc:
            problems.append(FieldProblem(name, str(exc)))
        row[name] = value
    if row["lang"] and row["lang"].lower() not in LANGS:
        problems.append(FieldProblem("lang", f"unknown language {row['lang']!r} (use {' or '.join(LANGS)})"))
    items = form.get("items")
    chosen, doses, notes = _items(library, worksheet, items if isinstance(items, list) else [], problems)
    if problems:
        raise FormError(problems)
    row["only"] = ",".join(chosen)
    request = request_from_row(row)
    return replace(request, doses=tuple(doses), notes=tuple(notes))


def _items(library: Library, worksheet: str, items: list[Any], problems: list[FieldProblem]
           ) -> tuple[list[str], list[tuple[str, str, str]], list[tuple[str, str]]]:
    spec = library.worksheets.get(worksheet)
    by_id = {item.id: item for item in spec.items} if spec is not None else {}
    chosen: list[str] = []
    doses: list[tuple[str, str, str]] = []
    notes: list[tuple[str, str]] = []
    for entry in items:
        if not isinstance(entry, Mapping) or not entry.get("on"):
            continue
        ex_id = _str(entry.get("id"))
        if ex_id not in library.exercises:
            problems.append(FieldProblem("items", f"unknown exercise {ex_id!r}"))
            continue
        chosen.append(ex_id)
        item = by_id.get(ex_id, WorksheetItem(id=ex_id))
        doses += _dose_changes(library, item, entry.get("dose"), problems)
        note = _str(entry.get("note"))
        if len(note) > MAX_NOTE_CHARS:
            problems.append(FieldProblem(f"note.{ex_id}", f"note: at most {MAX_NOTE_CHARS} characters"))
        elif note != (item.note or ""):
            notes.append((ex_id, note))
    if not chosen and spec is not None:
        problems.append(FieldProblem("items", "no exercises left to show: tick at least one"))
    return chosen, doses, notes


def _dose_changes(library: Library, item: WorksheetItem, given: Any, problems: list[FieldProblem]
                  ) -> list[tuple[str, str, str]]:
    """The fields the form changed, as ``--dose`` would give them; an empty box means the default."""
    if not isinstance(given, Mapping):
        return []
    base = base_dose(library, item)
    changes = []
    for field in DOSE_FIELDS:
        value = given.get(field)
        text = ("true" if value else "false") if isinstance(value, bool) else _str(value)
        if text == "" or text == str(_text(getattr(base, field))).lower():
            continue
        try:
            dose_overrides([(item.id, field, text)], [item.id])
        except WorksheetError as exc:
            problems.append(FieldProblem(f"dose.{item.id}.{field}", str(exc)))
            continue
        changes.append((item.id, field, text))
    return changes


def _str(value: Any) -> str:
    return "" if value is None else str(value).strip()


def worksheet_yaml(library: Library, form: Mapping[str, Any]) -> str:
    """The form's choices as a worksheet file a clinic can keep and ``worksheet build``."""
    request = request_from_form(library, form)
    spec = library.worksheets[request.worksheet]
    by_id = {item.id: item for item in spec.items}
    changed = dose_overrides(request.doses, request.only or ())
    notes = dict(request.notes)
    items: list[Any] = []
    for ex_id in request.only or ():
        item = by_id.get(ex_id, WorksheetItem(id=ex_id))
        dose = {f: getattr(item.dose, f) for f in DOSE_FIELDS
                if item.dose is not None and getattr(item.dose, f) is not None}
        if ex_id in changed:
            dose |= {f: getattr(changed[ex_id], f) for f in DOSE_FIELDS
                     if getattr(changed[ex_id], f) is not None}
        note = notes.get(ex_id, item.note or "")
        entry: dict[str, Any] = {"id": ex_id}
        if dose:
            entry["dose"] = dose
        if note:
            entry["note"] = note
        items.append(entry if len(entry) > 1 else ex_id)
    data: dict[str, Any] = {"title": spec.title, "intro": spec.intro, "items": items,
                            "safety": {"stop_if": list(spec.safety.stop_if),
                                       "pain_limit": spec.safety.pain_limit},
                            "log": {"weeks": spec.log.weeks, "days": list(spec.log.days),
                                    "pain_row": spec.log.pain_row}}
    if spec.disclosure is not None and request.disclosure is not False:
        d = spec.disclosure
        data["disclosure"] = {k: v for k, v in (("sponsor", d.sponsor), ("product", d.product),
                                                ("commission", d.commission), ("item", d.item),
                                                ("template", d.template)) if v is not None}
    for key in ("subject", "keywords", "video"):
        value = getattr(spec, key)
        if value:
            data[key] = list(value) if isinstance(value, tuple) else value
    head = (f"# A worksheet saved from `worksheet serve` (based on {spec.id}).\n"
            "# Keep it in your content folder's worksheets/ and build it with:\n"
            "#   worksheet build worksheets/THIS-FILE.yaml --content YOUR-FOLDER\n")
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def load_upload(library: Library, text: str, filename: str) -> tuple[str, WorksheetSpec]:
    """A worksheet file sent by the browser, checked like one in a content folder.

    ``filename`` only names it in messages; nothing is read from or written to disk."""
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in Path(filename).stem)[:60] or "upload"
    spec = parse_worksheet(text, Path(f"{stem}.yaml"))
    unknown = [item.id for item in spec.items if item.id not in library.exercises]
    if unknown:
        raise WorksheetError(Problem(f"unknown exercise {unknown[0]!r}", path=spec.path, field="items"))
    return UPLOAD_PREFIX + stem, spec
