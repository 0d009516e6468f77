"""``worksheet check``: find every problem in the content, report them all."""

from __future__ import annotations

from pathlib import Path

from worksheet.content import Library, load_library
from worksheet.errors import Problem, WorksheetError
from worksheet.model import Request
from worksheet.resolve import resolve


def check_content(content: Path | None = None) -> tuple[Library | None, list[Problem]]:
    """Load and try every exercise and worksheet; return every problem found."""
    try:
        library = load_library(content)
    except WorksheetError as exc:
        return None, list(exc.problems)
    problems: list[Problem] = []  # exercise bodies were checked while loading
    for spec in library.worksheets.values():
        try:
            resolve(library, Request(worksheet=spec.id))
        except WorksheetError as exc:
            for problem in exc.problems:
                if problem.path is None:  # say which worksheet it came from
                    problem = Problem(problem.message, path=spec.path, field=problem.field,
                                      hint=problem.hint)
                if problem not in problems:
                    problems.append(problem)
    return library, problems
