"""Turn parsed YAML into typed dataclasses, with errors that name file, line and field.

pydantic's own wording ("Input should be …", "Value error, …") is rewritten as
plain sentences; an unknown field lists the known ones, closest first.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from typing import Any, TypeVar, Union

from pydantic import TypeAdapter, ValidationError

from worksheet import model
from worksheet.errors import Problem, ProblemList, field_hint
from worksheet.yamlfile import Location, YamlDoc

model.constraints()  # pydantic reads the model's annotations in its module

T = TypeVar("T")
_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}
_SCALAR_BRANCHES = ("str", "int", "bool", "list", "function-after", "constrained-str", "tuple")
_NOT_A_MAPPING = ("dataclass_type", "model_type", "dict_type")
_SLUG_PATTERN = "^[a-z0-9][a-z0-9-]{0,47}$"



def _adapter(kind: type[Any]) -> TypeAdapter[Any]:
    if kind not in _ADAPTERS:
        _ADAPTERS[kind] = TypeAdapter(kind)
    return _ADAPTERS[kind]


def validate(kind: type[T], data: Any, doc: YamlDoc, at: Location = ()) -> T:
    """Validate ``data`` (found at ``at`` in ``doc``) as ``kind``; raise every problem."""
    try:
        return _adapter(kind).validate_python(data)  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise ProblemList(_problems(exc, kind, doc, at)) from None


def _is_branch(part: object) -> bool:
    """A union branch's tag in a pydantic location (a class name or a scalar kind)."""
    return isinstance(part, str) and (part[:1].isupper() or part in _SCALAR_BRANCHES)


def _problems(exc: ValidationError, kind: type[Any], doc: YamlDoc, at: Location) -> list[Problem]:
    errors = exc.errors(include_url=False)
    # where a union was tried branch by branch, a mapping was meant for the dataclass branch:
    # drop the "must be text" of the other branch, and keep that one alone when it is no mapping
    mapping_at = {_plain(e["loc"][:i]) for e in errors for i, p in enumerate(e["loc"])
                  if isinstance(p, str) and p[:1].isupper()}
    # "needs at least 1 entries (has 0)" only because every entry failed: the entries say why
    failed_below = {_plain(e["loc"])[:i] for e in errors for i in range(len(_plain(e["loc"])))}
    errors = [e for e in errors if not (e["type"] == "too_short" and _plain(e["loc"]) in failed_below)]
    problems: list[Problem] = []
    seen: set[str] = set()
    for err in errors:
        loc = _plain(err["loc"])
        branch = next((i for i, p in enumerate(err["loc"]) if _is_branch(p)), None)
        if branch is not None and _plain(err["loc"][:branch]) in mapping_at:
            value = _value_at(doc.data, (*at, *_plain(err["loc"][:branch])))
            tag = str(err["loc"][branch])
            went_dataclass = tag[:1].isupper()
            if isinstance(value, dict) != went_dataclass:
                continue
            if not isinstance(value, dict):
                loc = _plain(err["loc"][:branch])
                err = {**err, "type": "text_or_mapping"}
        name = ".".join(str(p) for p in (*at, *loc)) or "(top level)"
        if name in seen:
            continue
        seen.add(name)
        unknown = err["type"] in ("extra_forbidden", "unexpected_keyword_argument")
        where = (*at, *loc)
        if unknown:
            line = doc.key_line(where)
        elif err["type"] == "missing" and len(where) > 1:  # the line of the key that lacks it
            line = doc.key_line(where[:-1])
        else:
            line = doc.line_of(where)
        hint = _known_fields(kind, err["loc"]) if unknown else None
        problems.append(Problem(describe(err), path=doc.path, line=line, field=name, hint=hint))
    return sorted(problems, key=lambda p: p.line or 0)


def _plain(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    return tuple(p for p in loc if not _is_branch(p))


def _value_at(data: Any, loc: tuple[str | int, ...]) -> Any:
    for part in loc:
        listed = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if listed or (isinstance(data, dict) and part in data):
            data = data[part]
        else:
            return None
    return data


def _known_fields(kind: type[Any], loc: tuple[Any, ...]) -> str | None:
    """"did you mean …? known fields: …" for the dataclass holding the unknown key."""
    holder = _type_at(kind, loc[:-1])
    if holder is None or not dataclasses.is_dataclass(holder):
        return None
    return field_hint(str(loc[-1]), [f.name for f in dataclasses.fields(holder)])


def _type_at(kind: Any, loc: tuple[Any, ...]) -> Any:
    """The type found by following ``loc`` (field names, list indexes, union branch tags)."""
    for part in loc:
        kind = _unwrap(kind, part if isinstance(part, str) and part[:1].isupper() else None)
        if kind is None:
            return None
        if isinstance(part, str) and part[:1].isupper():
            continue
        if isinstance(part, int):
            args = typing.get_args(kind)
            kind = args[0] if args else None
        elif dataclasses.is_dataclass(kind):
            kind = typing.get_type_hints(kind, include_extras=True).get(part)
        elif part not in _SCALAR_BRANCHES:
            return None
    return _unwrap(kind, None)


def _unwrap(kind: Any, branch: str | None) -> Any:
    """``Annotated[X, …]`` → X; ``A | B | None`` → the branch named, or the one dataclass."""
    while True:
        origin = typing.get_origin(kind)
        if origin is typing.Annotated:
            kind = typing.get_args(kind)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in typing.get_args(kind) if a is not type(None)]
            named = [a for a in options if getattr(a, "__name__", None) == branch]
            classes = [a for a in options if dataclasses.is_dataclass(a)]
            pick = named or classes or [a for a in options if typing.get_origin(a) is tuple] or options
            kind = pick[0]
        else:
            return kind


def describe(err: Any) -> str:
    """One pydantic error in the words a clinician would use."""
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    got = f" (got {_show(value)})"
    simple = {
        "missing": "is required",
        "extra_forbidden": "is not a known field",
        "unexpected_keyword_argument": "is not a known field",
        "text_or_mapping": "must be a name, or key: value lines indented under it" + got,
        "string_type": "must be text" + got,
        "bool_parsing": "must be true or false" + got,
        "bool_type": "must be true or false" + got,
        "int_parsing": "must be a whole number" + got,
        "int_type": "must be a whole number" + got,
        "int_from_float": "must be a whole number" + got,
        "float_parsing": "must be a number" + got,
        "tuple_type": "must be a list (lines starting with '- ', or [a, b])" + got,
        "list_type": "must be a list (lines starting with '- ', or [a, b])" + got,
    }
    if kind in simple:
        return simple[kind]
    if kind in _NOT_A_MAPPING:
        return "must be key: value lines (indented under it)" + got
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"must be {_or_list(choices)}" + got
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else \
            f"must be at least {ctx.get('min_length')} characters long" + got
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters (this one has {len(str(value))})"
    if kind == "too_short":
        least, has = ctx.get("min_length"), ctx.get("actual_length")
        return f"needs at least {least} {'entry' if least == 1 else 'entries'} (has {has})"
    if kind == "too_long":
        return f"has too many entries: at most {ctx.get('max_length')} (has {ctx.get('actual_length')})"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == _SLUG_PATTERN:
        return "must be an id: lowercase letters, digits and dashes, like wall-push" + got
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ") + got
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _bound(kind, next(iter(ctx.values()), "")) + got
    message = str(err["msg"])
    message = re.sub(r"^Input should be", "must be", message)
    message = re.sub(r"^String should", "must", message)
    return message[:1].lower() + message[1:] + got


def _bound(kind: str, limit: Any) -> str:
    whole = isinstance(limit, int)
    if kind == "greater_than":
        return f"must be {limit + 1} or more" if whole else f"must be more than {limit}"
    if kind == "less_than":
        return f"must be {limit - 1} or less" if whole else f"must be less than {limit}"
    return f"must be {limit} or {'more' if kind == 'greater_than_equal' else 'less'}"


def _or_list(choices: list[str]) -> str:
    if len(choices) < 2:
        return "".join(choices)
    return ", ".join(choices[:-1]) + " or " + choices[-1]


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 40 else text[:37] + "..."
