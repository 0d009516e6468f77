"""The ``worksheet`` command: the Typer app and one line per command it registers.

Each command lives in its own module (``cli_build``, ``cli_list``, …) that imports
only Typer at the top and its heavy parts inside the command, so ``--help`` and
a command that does not lay out pages never load ReportLab, pydantic or Babel.
User errors (``WorksheetError``) become one line on stderr and exit code 2
(``cli_common.fail``); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

from typing import Annotated

import typer

from worksheet.cli_batch import BatchCommand, batch
from worksheet.cli_build import build
from worksheet.cli_check import check
from worksheet.cli_common import state
from worksheet.cli_list import list_content
from worksheet.cli_new import new
from worksheet.cli_serve import serve

app = typer.Typer(
    name="worksheet",
    help="Build printable, branded exercise handouts (PDF) from Markdown content.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals hold patient names
    add_completion=False,
    # click's plain help: rich's boxes cut option help short at 80 columns ("out/WORKSHEET.pdf…")
    # and show flags as `--fillable <bool>`, as if they took a value
    rich_markup_mode=None,
)


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback for errors.")] = False,
) -> None:
    """Build printable, branded exercise handouts (PDF) from Markdown content."""
    state["debug"] = debug


# the order here is the order of --help
app.command()(build)
app.command("list")(list_content)
app.command()(check)
app.command(cls=BatchCommand)(batch)  # a build option typed to batch gets a hint
app.command()(new)
app.command()(serve)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="worksheet")


if __name__ == "__main__":
    main()
