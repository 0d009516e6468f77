"""The ``worksheet`` Typer app and the commands it registers (``worksheet.cli`` runs it).

``make_app(names)`` registers only the named commands: a run of ``worksheet build``
builds (and imports) the one command it runs, not all six; ``app`` has every command.

Each command lives in its own module (``cli_build``, ``cli_list``, …) that imports
only Typer at the top and its heavy parts inside the command, so ``--help`` and
a command that does not lay out pages never load ReportLab, pydantic or Babel.
User errors (``WorksheetError``) become one line on stderr and exit code 2
(``cli_common.fail``); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable
from typing import Annotated, Any

import typer

from worksheet.cli import COMMANDS
from worksheet.cli_common import state

_WHERE = {"build": ("cli_build", "build"), "list": ("cli_list", "list_content"),
          "check": ("cli_check", "check"), "batch": ("cli_batch", "batch"), "new": ("cli_new", "new"),
          "serve": ("cli_serve", "serve")}
"""Each command's module and function."""


def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback for errors.")] = False,
) -> None:
    """Build printable, branded exercise handouts (PDF) from Markdown content."""
    state["debug"] = debug


def make_app(names: Iterable[str] = COMMANDS) -> typer.Typer:
    """The app with these commands (in the order of ``COMMANDS``, which is the order of --help)."""
    made = typer.Typer(
        name="worksheet",
        help="Build printable, branded exercise handouts (PDF) from Markdown content.",
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,  # locals hold patient names
        add_completion=False,
        # click's plain help: rich's boxes cut option help short at 80 columns ("out/WORKSHEET.pdf…")
        # and show flags as `--fillable <bool>`, as if they took a value
        rich_markup_mode=None,
    )
    made.callback()(main_options)
    wanted = set(names)
    for name in COMMANDS:
        if name in wanted:
            module, function = _WHERE[name]
            loaded = importlib.import_module(f"worksheet.{module}")
            command: Any = getattr(loaded, function)
            extra: dict[str, Any] = {"cls": loaded.BatchCommand} if name == "batch" else {}  # a hint for
            made.command(name if name != function else None, **extra)(command)  # build options typed to batch
    return made


@functools.cache
def full_app() -> typer.Typer:
    """The app with every command."""
    return make_app()

