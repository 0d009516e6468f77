"""Dose changes from the command line or a batch row: ``bridge.reps=12``.

An exercise may be named by its id or a unique prefix of it; values are
checked with the same rules as the front matter. A posture tip takes a dose
only when its own file gives one, so a short prefix never lands on a tip.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from worksheet.errors import Problem, WorksheetError, field_hint
from worksheet.model import DOSE_FIELDS, DoseOverride

if TYPE_CHECKING:
    from pydantic import TypeAdapter


@functools.cache
def _adapter() -> TypeAdapter[DoseOverride]:
    from pydantic import TypeAdapter  # only when a dose is changed: the option parser stays light

    from worksheet.model import constraints

    constraints()
    return TypeAdapter(DoseOverride)


def parse_dose_option(text: str) -> tuple[str, str, str]:
    """``exercise.field=value`` → (exercise, field, value)."""
    key, sep, value = text.partition("=")
    name, dot, field = key.strip().rpartition(".")
    if not sep or not dot or not name or not field:
        raise WorksheetError(Problem(f"--dose must look like bridge.reps=12 (got {text!r})"))
    return name.strip(), field.strip(), value.strip()


def dose_overrides(changes: Sequence[tuple[str, str, str]], on_sheet: Iterable[str],
                   no_dose: Iterable[str] = ()) -> dict[str, DoseOverride]:
    """Validated overrides by exercise id, for the exercises on this sheet; ``no_dose``
    are the items (tips without a dose in their file) that take none."""
    ids = list(on_sheet)
    tips = set(no_dose)
    merged: dict[str, dict[str, str]] = {}
    typed: dict[tuple[str, str], str] = {}  # (id, field) → the option as given: a batch row's column
    for name, field, value in changes:
        option = f"dose.{name}.{field}"
        try:
            exercise_id = _match(name, ids, tips)
        except WorksheetError as exc:
            raise WorksheetError(replace(exc.problem, option=option)) from None
        label = f"dose.{exercise_id}.{field}"
        if field not in DOSE_FIELDS:
            raise WorksheetError(Problem(f"{label}: is not a known field",
                                         hint=field_hint(field, list(DOSE_FIELDS)), option=option))
        merged.setdefault(exercise_id, {})[field] = value
        typed[(exercise_id, field)] = option
    out: dict[str, DoseOverride] = {}
    for exercise_id, fields in merged.items():
        plain = _plain(fields)
        if plain is not None:
            out[exercise_id] = plain
            continue
        from pydantic import ValidationError

        try:
            out[exercise_id] = _adapter().validate_python(fields)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            field = str(err["loc"][-1]) if err["loc"] else "?"
            raise WorksheetError(Problem(f"dose.{exercise_id}.{field}: {_reason(err)}",
                                         option=typed.get((exercise_id, field)))) from None
    return out


_MOST = {"hold_seconds": 1000, "reps": 1000, "sets": 1000, "times_per_day": 24}  # as model.DoseOverride
_FLAGS = {"true": True, "false": False}


def _plain(fields: dict[str, str]) -> DoseOverride | None:
    """The override when every value is a whole number in range written plainly (``12``), or
    ``true``/``false``: what pydantic would give, without loading it; None for anything else
    (pydantic reads it then, with its own messages)."""
    values: dict[str, int | bool] = {}
    for field, value in fields.items():
        if field == "each_side" and value in _FLAGS:
            values[field] = _FLAGS[value]
        elif field in _MOST and value.isascii() and value.isdigit() and value[0] != "0" \
                and int(value) <= _MOST[field]:
            values[field] = int(value)
        else:
            return None
    return DoseOverride(**values)  # type: ignore[arg-type]


def _match(name: str, ids: list[str], tips: set[str]) -> str:
    takes = [i for i in ids if i not in tips]
    if name in tips:
        raise WorksheetError(Problem(f"dose: {name!r} is a tip without a dose, so it takes none",
                                     hint=f"exercises with a dose: {', '.join(takes)}"))
    if name in takes:
        return name
    found = [i for i in takes if i.startswith(name)]
    if len(found) == 1:
        return found[0]
    if found:
        raise WorksheetError(Problem(f"dose: {name!r} matches several exercises ({', '.join(found)})",
                                     hint="write more of the id"))
    raise WorksheetError(Problem(f"dose: no exercise {name!r} on this sheet",
                                 hint=f"exercises with a dose: {', '.join(takes)}"))


def _reason(err: object) -> str:
    from worksheet.validation import describe

    return describe(err)  # the same wording as the content checks
