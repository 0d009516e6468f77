"""What ``worksheet list`` shows, without Typer: its folders, its rows kept as text, its tables.

``worksheet.cli`` prints kept rows from here without loading the app; ``cli_list``
works them out and keeps them. Both draw them with ``print_rows``, which returns what
rich wrote: ``worksheet.cli`` keeps that too, per ``screen_key`` (everything rich reads
to decide the width, the colours and the characters), so an unchanged ``list`` on the
same terminal prints it again without importing rich (most of its time otherwise).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

_SCREEN_VARIABLES = ("COLUMNS", "LINES", "JUPYTER_COLUMNS", "JUPYTER_LINES", "NO_COLOR", "FORCE_COLOR",
                     "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLORTERM", "TERM", "DATABRICKS_RUNTIME_VERSION")
"""The environment variables rich's ``Console`` reads (rich 15, ``console.py``)."""

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


def screen_key() -> list[str] | None:
    """What decides the bytes rich writes for the same tables (None on Windows, where the
    console itself decides more: nothing is kept there)."""
    if sys.platform == "win32":
        return None
    parts = [f"{name}={os.environ.get(name)!r}" for name in _SCREEN_VARIABLES]
    for fd in (0, 1, 2):
        try:
            size = os.get_terminal_size(fd)
        except (OSError, ValueError):
            parts.append(f"{fd}:-")
        else:
            parts.append(f"{fd}:{size.columns}x{size.lines}")
    stdout = sys.stdout
    parts += [f"tty={stdout.isatty()}", f"encoding={getattr(stdout, 'encoding', None)}"]
    return parts


class _Copied:
    """Standard output for rich, that keeps a copy of what it writes (rich asks it all the
    rest, ``isatty`` and ``encoding`` among them, as it would ask standard output)."""

    def __init__(self, out: TextIO) -> None:
        self._out, self.text = out, [""]

    def write(self, text: str) -> int:
        self.text.append(text)
        return self._out.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._out, name)


def print_rows(rows: Rows) -> str:
    """The three tables, as rich draws them; returns what it wrote."""
    from rich.console import Console
    from rich.table import Table

    out = _Copied(sys.stdout)
    console = Console(file=out)  # type: ignore[arg-type]
    for key, title, headers in (("worksheets", "Worksheets", ("id", "title", "items")),
                                ("exercises", "Exercises", ("id", "title", "position", "kind")),
                                ("brands", "Brands", ("id", "clinic"))):
        table = Table(*headers, title=title)
        for row in rows[key]:
            table.add_row(*row)
        console.print(table)
    out.flush()
    return "".join(out.text)
