"""An exercise body: its Jinja text rendered with a dose, split and checked.

Used when content is loaded (with the exercise's own dose, so a broken body
fails before anything is drawn) and again for every handout's final dose.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import jinja2

from worksheet import templating
from worksheet.errors import Problem, ProblemList
from worksheet.markup import Body, parse_body
from worksheet.model import Dose, Exercise

MIN_STEPS, MAX_STEPS = 3, 6
_TEMPLATES: dict[tuple[int, Path, int, str], jinja2.Template] = {}


def render_body(env: jinja2.Environment, exercise: Exercise, dose: Dose) -> Body:
    """The exercise body rendered with ``dose`` and checked for its parts."""
    key = (id(env), exercise.path, exercise.body_line, exercise.body)
    template = _TEMPLATES.get(key)
    if template is None:
        template = templating.compile_text(env, exercise.body, exercise.path, exercise.body_line)
        _TEMPLATES[key] = template
    values = {"dose": dataclasses.asdict(dose), "title": exercise.title, "id": exercise.id}
    body = parse_body(templating.render(template, values))
    _check_body(body, exercise)
    return body


def _check_body(body: Body, exercise: Exercise) -> None:
    """Every problem of the body at once, each at the line it is about."""
    problems: list[Problem] = []

    def problem(message: str, line: int = 0) -> None:
        problems.append(Problem(message, path=exercise.path, line=exercise.body_line + line))

    for message, line in body.unsupported:
        problem(message, line)
    if len(body.purpose) != 1:
        where = body.purpose[1][1] if len(body.purpose) > 1 else 0
        problem("start the body with one short paragraph saying what the exercise does", where)
    found = len(body.steps)
    if found > MAX_STEPS:  # the first step too many
        problem(f"needs {MIN_STEPS} to {MAX_STEPS} numbered steps (found {found}; this is step "
                f"{MAX_STEPS + 1})", body.steps[MAX_STEPS][1])
    elif found < MIN_STEPS:  # where the list is, or where it should start
        where = body.steps[0][1] if body.steps else (body.purpose[0][1] if body.purpose else 0)
        problem(f"needs {MIN_STEPS} to {MAX_STEPS} numbered steps (found {found})", where)
    if not body.cautions:
        problem("needs at least one caution (a line starting with '> ')")
    if problems:
        raise ProblemList(problems)
