"""``worksheet new exercise|worksheet ID``: a commented starting file to fill in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from worksheet.cli_common import fail
from worksheet.errors import WorksheetError


def new(
    kind: Annotated[str, typer.Argument(metavar="KIND", help="exercise or worksheet")],
    name: Annotated[str, typer.Argument(metavar="ID", help="The new id, like wall-push.")],
    content: Annotated[Path, typer.Option("--content", help="The content folder to write into.")]
    = Path("."),
) -> None:
    """Write a commented starting file that `worksheet check` accepts as it is."""
    from worksheet.errors import display_path
    from worksheet.starters import write_starter

    try:
        path = write_starter(kind, name, content)
    except WorksheetError as exc:
        fail(exc)
    typer.echo(f"wrote {display_path(path)}; edit it, then run: worksheet check --content {content}")
