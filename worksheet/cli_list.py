"""``worksheet list``: the worksheets, exercises and brands a user can name.

What it prints is kept (``worksheet.stamps``) while no content file and no code
changes, so the next ``worksheet list`` shows it without loading and validating the
library (``worksheet.cli`` looks there first). A library with problems is never kept:
listing it again reports them again.
"""

from __future__ import annotations

import json

from worksheet.cli_common import ContentOpt, fail
from worksheet.cli_listing import Rows, list_folders, list_key, print_rows
from worksheet.errors import WorksheetError


def list_content(content: ContentOpt = None) -> None:
    """List the worksheets and exercises you can use."""
    from worksheet import stamps
    from worksheet.content import load_library

    _, keep = stamps.recall("list", list_key(content), list_folders(content))
    try:
        library = load_library(content)
    except WorksheetError as exc:
        fail(exc)
    rows: Rows = {
        "worksheets": [[s.id, s.title, ", ".join(i.id for i in s.items)]
                       for s in sorted(library.worksheets.values(), key=lambda s: s.id)],
        "exercises": [[e.id, e.title, e.position, e.kind]
                      for e in sorted(library.exercises.values(), key=lambda e: e.id)],
        "brands": [[b.id, b.clinic] for b in sorted(library.brands.values(), key=lambda b: b.id)],
    }
    keep(json.dumps(rows))
    print_rows(rows)
