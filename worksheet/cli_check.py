"""``worksheet check``: every problem in a content folder, each with its file and line."""

from __future__ import annotations

import typer

from worksheet.cli_common import ContentOpt


def check(content: ContentOpt = None) -> None:
    """Check every content file and print every problem (exit 2 if any)."""
    from worksheet.check import check_content

    library, problems, warnings = check_content(content)
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s) found", err=True)
        raise typer.Exit(2)
    assert library is not None
    typer.echo(f"ok: {len(library.exercises)} exercises, {len(library.worksheets)} worksheets, "
               f"{len(library.brands)} brands")
