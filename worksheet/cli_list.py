"""``worksheet list``: the worksheets, exercises and brands a user can name."""

from __future__ import annotations

from worksheet.cli_common import ContentOpt, fail
from worksheet.errors import WorksheetError


def list_content(content: ContentOpt = None) -> None:
    """List the worksheets and exercises you can use."""
    from rich.console import Console
    from rich.table import Table

    from worksheet.content import load_library

    try:
        library = load_library(content)
    except WorksheetError as exc:
        fail(exc)
    console = Console()
    sheets = Table("id", "title", "items", title="Worksheets")
    for spec in sorted(library.worksheets.values(), key=lambda s: s.id):
        sheets.add_row(spec.id, spec.title, ", ".join(i.id for i in spec.items))
    console.print(sheets)
    exercises = Table("id", "title", "position", "kind", title="Exercises")
    for ex in sorted(library.exercises.values(), key=lambda e: e.id):
        exercises.add_row(ex.id, ex.title, ex.position, ex.kind)
    console.print(exercises)
    brands = Table("id", "clinic", title="Brands")
    for b in sorted(library.brands.values(), key=lambda b: b.id):
        brands.add_row(b.id, b.clinic)
    console.print(brands)
