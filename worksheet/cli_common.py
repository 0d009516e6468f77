"""What every ``worksheet`` command shares: the one-line error report and the --content option.

It imports only Typer, so a command module can use it without pulling in another command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from worksheet.cli import state
from worksheet.cli_fastbuild import fail as _fail
from worksheet.errors import WorksheetError

ContentOpt = Annotated[
    Optional[Path],  # noqa: UP045 (Typer reads the annotation at run time)
    typer.Option("--content", help="A clinic's own content folder (exercises/, worksheets/, brands/, "
                 "illustrations/, templates/); it adds to the bundled content and wins on the same id."),
]


__all__ = ["ContentOpt", "fail", "state"]


def fail(error: WorksheetError) -> NoReturn:
    """Report a user error the way every command does: one line on stderr, exit code 2
    (``--debug``: the traceback)."""
    _fail(error)
