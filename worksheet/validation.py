"""Turn parsed YAML into typed dataclasses, with errors that name file, line and field."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from worksheet.errors import Problem, ProblemList
from worksheet.yamlfile import Location, YamlDoc

T = TypeVar("T")


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(kind: type[Any]) -> TypeAdapter[Any]:
    if kind not in _ADAPTERS:
        _ADAPTERS[kind] = TypeAdapter(kind)
    return _ADAPTERS[kind]


def validate(kind: type[T], data: Any, doc: YamlDoc, at: Location = ()) -> T:
    """Validate ``data`` (found at ``at`` in ``doc``) as ``kind``; raise every problem."""
    try:
        return _adapter(kind).validate_python(data)  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise ProblemList(_problems(exc, doc, at)) from None


def _problems(exc: ValidationError, doc: YamlDoc, at: Location) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for err in exc.errors(include_url=False):
        # unions report one error per branch; the dataclass-name parts are noise
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p[:1].isupper()))
        loc = tuple(p for p in loc if p not in ("str", "int", "bool", "list", "function-after"))
        name = ".".join(str(p) for p in (*at, *loc)) or "(top level)"
        if name in seen:
            continue
        seen.add(name)
        message = describe(err)
        problems.append(
            Problem(message, path=doc.path, line=doc.line_of((*at, *loc)), field=name)
        )
    return problems


def describe(err: Any) -> str:
    """One pydantic error in the words a clinician would use."""
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return "is required"
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return "is not a known field"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number (got {_show(value)})"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false (got {_show(value)})"
    if kind in ("string_type",):
        return f"must be text (got {_show(value)})"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"must be {err['msg'].lower().removeprefix('input should be ')} (got {_show(value)})"
    return f"{err['msg']} (got {_show(value)})"


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 40 else text[:37] + "..."
