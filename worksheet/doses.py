"""Dose changes from the command line or a batch row: ``bridge.reps=12``.

An exercise may be named by its id or a unique prefix of it; values are
checked with the same rules as the front matter.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from worksheet.errors import Problem, WorksheetError, field_hint
from worksheet.model import DOSE_FIELDS, DoseOverride

if TYPE_CHECKING:
    from pydantic import TypeAdapter


@functools.cache
def _adapter() -> TypeAdapter[DoseOverride]:
    from pydantic import TypeAdapter  # only when a dose is changed: the option parser stays light

    return TypeAdapter(DoseOverride)


def parse_dose_option(text: str) -> tuple[str, str, str]:
    """``exercise.field=value`` → (exercise, field, value)."""
    key, sep, value = text.partition("=")
    name, dot, field = key.strip().rpartition(".")
    if not sep or not dot or not name or not field:
        raise WorksheetError(Problem(f"--dose must look like bridge.reps=12 (got {text!r})"))
    return name.strip(), field.strip(), value.strip()


def dose_overrides(changes: Sequence[tuple[str, str, str]], on_sheet: Iterable[str]
                   ) -> dict[str, DoseOverride]:
    """Validated overrides by exercise id, for the exercises on this sheet."""
    ids = list(on_sheet)
    merged: dict[str, dict[str, str]] = {}
    for name, field, value in changes:
        exercise_id = _match(name, ids)
        label = f"dose.{exercise_id}.{field}"
        if field not in DOSE_FIELDS:
            raise WorksheetError(Problem(f"{label}: is not a known field",
                                         hint=field_hint(field, list(DOSE_FIELDS))))
        merged.setdefault(exercise_id, {})[field] = value
    from pydantic import ValidationError

    out: dict[str, DoseOverride] = {}
    for exercise_id, fields in merged.items():
        try:
            out[exercise_id] = _adapter().validate_python(fields)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            field = str(err["loc"][-1]) if err["loc"] else "?"
            raise WorksheetError(Problem(f"dose.{exercise_id}.{field}: {_reason(err)}")) from None
    return out


def _match(name: str, ids: list[str]) -> str:
    if name in ids:
        return name
    found = [i for i in ids if i.startswith(name)]
    if len(found) == 1:
        return found[0]
    if found:
        raise WorksheetError(Problem(f"dose: {name!r} matches several exercises ({', '.join(found)})"))
    raise WorksheetError(Problem(f"dose: no exercise {name!r} on this sheet",
                                 hint=f"on it: {', '.join(ids)}"))


def _reason(err: object) -> str:
    from worksheet.validation import describe

    return describe(err)  # the same wording as the content checks
