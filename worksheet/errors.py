"""Errors a user can act on: each names the file, line or field, and what to do.

Every stage below the CLI raises a ``WorksheetError`` (or collects several in a
``ProblemList``); the CLI turns them into one line on stderr and exit code 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the user's input."""

    message: str
    """What is wrong, in the user's words."""
    path: Path | None = None
    """The file the problem is in, when there is one."""
    line: int | None = None
    """1-based line in ``path``, when known."""
    column: int | None = None
    """1-based column in ``path``, when known."""
    field: str | None = None
    """Dotted field name (``dose.reps``), when the problem is about one field."""
    hint: str | None = None
    """What the user can do about it."""
    option: str | None = None
    """The build option (a batch column: brand, only, dose.bridge.reps) whose value is wrong,
    when it is one; never printed (a batch row names that cell's line with it)."""

    def location(self) -> str:
        """``path:line:column`` as far as it is known (empty when nothing is)."""
        if self.path is None:
            return ""
        where = display_path(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        text = self.message
        if self.field and not text.startswith(self.field):
            text = f"{self.field}: {text}"
        where = self.location()
        if where:
            text = f"{where}: {text}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is below it (as given when the
    working directory is gone: a message must never fail on its way to the user)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


class WorksheetError(Exception):
    """A user error: bad input, unknown name, bad option. Never a bug."""

    def __init__(self, problem: Problem | str) -> None:
        if isinstance(problem, str):
            problem = Problem(problem)
        self.problem = problem
        super().__init__(str(problem))

    @property
    def problems(self) -> tuple[Problem, ...]:
        return (self.problem,)


class ProblemList(WorksheetError):  # noqa: N818 (it is a list of problems, raised as one)
    """Several problems found while checking everything; raised once at the end."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self._problems = tuple(problems)
        if not self._problems:
            raise ValueError("ProblemList needs at least one problem")
        super().__init__(self._problems[0])

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    def __str__(self) -> str:
        first = str(self._problems[0])
        more = len(self._problems) - 1
        return first if not more else f"{first} (and {more} more: run `worksheet check`)"


# what people type for a field that has another name here (offered when that field exists)
_SAME_AS = {"color": "primary", "colour": "primary", "colors": "primary", "colours": "primary",
            "secondary": "accent", "name": "clinic", "phone": "contact", "address": "contact",
            "email": "contact", "website": "contact", "exercises": "items", "steps": "items",
            "repetitions": "reps", "hold": "hold_seconds", "seconds": "hold_seconds",
            "per_day": "times_per_day", "image": "illustration", "picture": "illustration"}


def field_hint(typed: str, names: list[str]) -> str:
    """"did you mean reps? known fields: …" for a field name nothing has."""
    close = difflib.get_close_matches(typed, names, n=1, cutoff=0.6)
    if not close and _SAME_AS.get(typed.lower()) in names:
        close = [_SAME_AS[typed.lower()]]
    known = f"known fields: {', '.join(names)}"
    return f"did you mean {close[0]}? {known}" if close else known
