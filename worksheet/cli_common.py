"""What every ``worksheet`` command shares: the one-line error report and the --content option.

It imports only Typer, so a command module can use it without pulling in another command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from worksheet.errors import WorksheetError

state = {"debug": False}
"""Options of the main callback that the commands read (``--debug``)."""

ContentOpt = Annotated[
    Optional[Path],  # noqa: UP045 (Typer reads the annotation at run time)
    typer.Option("--content", help="A clinic's own content folder (exercises/, worksheets/, brands/, "
                 "illustrations/, templates/); it adds to the bundled content and wins on the same id."),
]


def fail(error: WorksheetError) -> NoReturn:
    """Report a user error the way every command does."""
    if state["debug"]:
        raise error
    for problem in error.problems[:1] if len(error.problems) == 1 else error.problems:
        typer.echo(f"error: {problem}", err=True)
    raise typer.Exit(2)
