"""What ``worksheet list`` shows, without Typer: its folders, its rows kept as text, its tables.

``worksheet.cli`` prints kept rows from here without loading the app; ``cli_list``
works them out and keeps them. Both draw them with ``print_rows``.
"""

from __future__ import annotations

import json
from pathlib import Path

Rows = dict[str, list[list[str]]]
"""The three tables, as rows of cells."""


def list_folders(content: Path | None) -> list[Path]:
    """Every folder whose files decide what ``list`` shows (the bundled ones, the clinic's)."""
    from worksheet.roots import data_dir

    base = data_dir()
    folders = [base / "content", base / "assets", base / "templates"]
    return [*folders, content.resolve()] if content is not None else folders


def list_key(content: Path | None) -> list[str]:
    """What names the kept answer besides the files: the clinic folder as given."""
    return ["" if content is None else str(content.resolve())]


def rows_from(text: str) -> Rows | None:
    """Kept rows read back; None when they are not three tables of strings."""
    try:
        rows = json.loads(text)
    except ValueError:
        return None
    names = ("worksheets", "exercises", "brands")
    if not (isinstance(rows, dict) and sorted(rows) == sorted(names)
            and all(isinstance(rows[t], list) for t in names)
            and all(isinstance(r, list) and all(isinstance(c, str) for c in r)
                    for t in names for r in rows[t])):
        return None
    return rows


def print_rows(rows: Rows) -> None:
    """The three tables, as rich draws them."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for key, title, headers in (("worksheets", "Worksheets", ("id", "title", "items")),
                                ("exercises", "Exercises", ("id", "title", "position", "kind")),
                                ("brands", "Brands", ("id", "clinic"))):
        table = Table(*headers, title=title)
        for row in rows[key]:
            table.add_row(*row)
        console.print(table)
