"""One sandboxed Jinja environment; template errors point at the template's file:line.

Templates come from clinics as well as from us, so rendering is sandboxed,
undefined variables are errors, and no render may produce more than
``MAX_OUTPUT`` characters (loops, ``*`` and padding filters are capped).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import types
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from worksheet.errors import Problem, WorksheetError

MAX_OUTPUT = 50_000  # characters; a card or a box holds a few hundred
MAX_NUMBER_ARG = 10_000  # widths, repeats and counts passed to calls and filters


class _CappedSandbox(SandboxedEnvironment):
    """A sandbox where no single operation can build a huge string."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        for side in (left, right):
            if isinstance(side, int) and abs(side) > MAX_NUMBER_ARG:
                raise SecurityError(f"number {side} is too large for '{operator}'")
        return super().call_binop(context, operator, left, right)

    def call(self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_args(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


def _check_args(args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and abs(value) > MAX_NUMBER_ARG:
            raise SecurityError(f"number {value} is too large")


def _capped(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _check_args(args[1:], kwargs)
        return func(*args, **kwargs)

    return wrapper


@functools.cache
def environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """The environment for one set of template folders (first folder wins)."""
    env = _CappedSandbox(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.filters = {name: _capped(f) for name, f in env.filters.items()}
    env.globals.pop("lipsum", None)
    return env


def compile_text(env: jinja2.Environment, source: str, path: Path, first_line: int) -> jinja2.Template:
    """Compile a template found inside a content file, starting at ``first_line``."""
    try:
        code = env.compile(source, name=path.name, filename=_tag(path, first_line))
    except jinja2.TemplateSyntaxError as exc:
        raise WorksheetError(
            Problem(f"template error: {exc.message}", path=path, line=first_line + (exc.lineno or 1) - 1)
        ) from None
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def load_template(env: jinja2.Environment, name: str) -> jinja2.Template:
    """A template file by name from the environment's folders."""
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound:
        raise WorksheetError(Problem(f"template {name!r} not found")) from None
    except jinja2.TemplateSyntaxError as exc:
        where = Path(exc.filename) if exc.filename else None
        raise WorksheetError(
            Problem(f"template error: {exc.message}", path=where, line=exc.lineno)
        ) from None


def render(template: jinja2.Template, values: Mapping[str, Any]) -> str:
    """Render with the output cap; errors name the template file and line."""
    out: list[str] = []
    size = 0
    try:
        for chunk in template.generate(values):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise SecurityError(f"output is longer than {MAX_OUTPUT} characters")
            out.append(chunk)
    except jinja2.UndefinedError as exc:
        path, line = _where(template, exc.__traceback__)
        plain, hint = undefined_message(exc.message or "", values)
        raise WorksheetError(Problem(f"template error: {plain}", path=path, line=line, hint=hint)) from None
    except (jinja2.TemplateError, SecurityError, TypeError, ValueError, ArithmeticError) as exc:
        path, line = _where(template, exc.__traceback__)
        message = exc.message if isinstance(exc, jinja2.TemplateError) else str(exc)
        raise WorksheetError(Problem(f"template error: {message}", path=path, line=line)) from None
    return "".join(out)


def template_names(values: Mapping[str, Any]) -> list[str]:
    """Every name a template given ``values`` may use: ``dose.reps``, ``title``, …"""
    names = []
    for key, value in values.items():
        if isinstance(value, Mapping):
            names += [f"{key}.{sub}" for sub in value]
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            names += [f"{key}.{f.name}" for f in dataclasses.fields(value)]
        else:
            names.append(key)
    return names


def undefined_message(said: str, values: Mapping[str, Any]) -> tuple[str, str]:
    """Jinja's "'dict object' has no attribute 'hold'" as the name the author wrote, and a hint
    with the closest name and every name the template may use."""
    names = template_names(values)
    top = re.fullmatch(r"'([^']+)' is undefined", said)
    attr = re.search(r"has no attribute '([^']+)'", said)
    if top:
        wrote = top.group(1)
    elif attr:
        parents = [k for k, v in values.items() if isinstance(v, Mapping) or dataclasses.is_dataclass(v)]
        missing = attr.group(1)
        owners = [p for p in parents if f"{p}.{missing}" not in names]
        wrote = f"{owners[0]}.{missing}" if len(owners) == 1 else missing
    else:
        return said, f"names it may use: {', '.join(names)}"
    close = difflib.get_close_matches(wrote, names, n=1, cutoff=0.6)
    known = f"it may use: {', '.join(names)}"
    return (f"{{{{ {wrote} }}}} is not a name this text can use",
            f"did you mean {close[0]}? {known}" if close else known)


def _tag(path: Path, first_line: int) -> str:
    # the compiled code's filename carries the offset of the template in its file
    return f"{path}@{first_line}"


def _where(template: jinja2.Template, tb: types.TracebackType | None) -> tuple[Path | None, int | None]:
    filename = template.filename or ""
    base, _, offset = filename.rpartition("@")
    if not base or not offset.isdigit():
        base, offset = filename, "1"
    line: int | None = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    path = Path(base) if base else None
    return path, (int(offset) + line - 1) if line is not None else None
