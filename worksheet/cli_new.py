"""``worksheet new exercise|worksheet|brand ID``: a commented starting file to fill in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from worksheet.cli_common import fail
from worksheet.errors import WorksheetError


def new(
    kind: Annotated[str, typer.Argument(metavar="KIND", help="exercise, worksheet or brand")],
    name: Annotated[str, typer.Argument(metavar="ID", help="The new id, like wall-push.")],
    content: Annotated[Path, typer.Option("--content", metavar="DIR", help="The content folder to write "
                                          "into.")] = Path("."),
    replace: Annotated[bool, typer.Option("--replace", help="Write it even when the id is a bundled one: "
                                          "your file then replaces the bundled one.")] = False,
) -> None:
    """Write a commented starting file to fill in.

    `worksheet check` then says what is left to write.
    """
    from worksheet.errors import display_path
    from worksheet.starters import write_starter

    try:
        path, note = write_starter(kind, name, content, replace=replace)
    except WorksheetError as exc:
        fail(exc)
    if note:
        typer.echo(f"note: {note}", err=True)
    todo = "edit it" if kind == "brand" else "write your own words over its instructions"
    typer.echo(f"wrote {display_path(path)}; {todo}, then run: worksheet check --content {content}")
