"""The ``worksheet`` command's entry point: answers it kept, or the Typer app (``cli_app``).

Importing Typer and building its commands is most of the time of ``worksheet --help``
and of a ``worksheet list`` whose content did not change. So ``main`` first looks for
the answer kept by the last run (``worksheet.stamps``: signed, in the disk cache, for
as long as no content file and no code changes) and prints it without loading Typer;
otherwise it runs the app, which keeps the answer for next time. Only these exact
command lines are answered so: ``--help``, ``COMMAND --help``, ``list`` and
``list --content DIR``; ``WORKSHEET_NO_CACHE=1`` turns it off. And ``build`` with its
options in their plain forms runs without Typer too (``cli_fastbuild``).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import typer

    app: typer.Typer
    """The app with every command (built on first use: ``tests`` and ``worksheet.serve`` use it)."""

COMMANDS = ("build", "list", "check", "batch", "new", "serve")
"""The commands of the app, in its order (``tests/test_cold_answers.py`` keeps the two in step)."""

PROG = "worksheet"

state = {"debug": False}
"""Options of the main callback that the commands read (``--debug``)."""


def main() -> None:
    """Console-script entry point. Ctrl-C ends any command with exit code 130, no traceback
    (``build`` says so itself; ``batch`` keeps what it finished and says what it kept)."""
    try:
        _main(sys.argv[1:])
    except KeyboardInterrupt:  # (while Python loads the command's modules)
        stopped()


def stopped() -> NoReturn:
    """End the process as a Ctrl-C ends a command: a line on stderr and exit code 130."""
    sys.stderr.write("\nstopped (Ctrl-C)\n")
    raise SystemExit(130)


def _main(argv: list[str]) -> None:
    if _help(argv) or _list(argv) or _build(argv):
        return
    from worksheet.cli_app import full_app, make_app

    # a command named first: only it is registered (group options such as --debug come before it)
    (make_app(argv[:1]) if argv[:1] and argv[0] in COMMANDS else full_app())(prog_name=PROG)


def __getattr__(name: str) -> Any:
    if name == "app":
        from worksheet.cli_app import full_app

        return full_app()
    raise AttributeError(name)


def _help(argv: list[str]) -> bool:
    """``--help`` or ``COMMAND --help``: click's help text, kept per terminal width."""
    if not (argv == ["--help"] or (len(argv) == 2 and argv[0] in COMMANDS and argv[1] == "--help")):
        return False
    from worksheet import stamps

    # click wraps help at the terminal's width, at most 80 columns (click.formatting.HelpFormatter)
    width = min(shutil.get_terminal_size().columns, 80)
    typer_folder = _package_folder("typer")
    if typer_folder is None:
        return False
    text, keep = stamps.recall("help", [*argv, str(width)], [typer_folder])
    if text is None:
        text = _help_text(argv)
        if text is None:
            return False
        keep(text)
    sys.stdout.write(text)
    sys.stdout.flush()
    return True


def _help_text(argv: list[str]) -> str | None:
    """What the app prints for ``argv``; None when it does not end as help does (exit 0)."""
    import contextlib
    import io

    from worksheet.cli_app import full_app

    app = full_app()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = app(prog_name=PROG, args=argv, standalone_mode=False)
    return out.getvalue() if code == 0 else None


def _package_folder(name: str) -> Path | None:
    """An installed package (Typer's files decide the help text, rich's the tables of ``list``),
    found without importing it."""
    for entry in sys.path:
        folder = Path(entry or ".") / name
        if (folder / "__init__.py").is_file():
            return folder.resolve()
    return None


def _build(argv: list[str]) -> bool:
    """``build`` with options in their plain forms: read without Typer (``cli_fastbuild``)."""
    if argv[:1] != ["build"]:
        return False
    from worksheet.cli_fastbuild import parse, run

    options = parse(argv[1:])
    if options is None:
        return False
    try:
        run(**options)  # type: ignore[arg-type]
    except Exception as exc:  # a bug: reported as the Typer app reports it
        _crashed(exc)
    return True


def _crashed(exc: Exception) -> NoReturn:
    """Raise ``exc`` to be shown as the Typer app shows an unexpected error (its short traceback,
    without the locals: they hold patient names); exit code 1."""
    try:
        from typer.main import _typer_developer_exception_attr_name, except_hook
        from typer.models import DeveloperExceptionConfig

        from worksheet.cli_app import make_app

        app = make_app(())
        config = DeveloperExceptionConfig(pretty_exceptions_enable=app.pretty_exceptions_enable,
                                          pretty_exceptions_show_locals=app.pretty_exceptions_show_locals,
                                          pretty_exceptions_short=app.pretty_exceptions_short)
    except Exception:  # (without Typer's report: Python's own traceback)
        raise exc from None
    setattr(exc, _typer_developer_exception_attr_name, config)
    sys.excepthook = except_hook
    raise exc


def _list(argv: list[str]) -> bool:
    """``list`` or ``list --content DIR`` when nothing changed since the last run listed it."""
    if argv[:1] != ["list"] or len(argv) > 3:
        return False
    content: Path | None = None
    if len(argv) == 2 and argv[1].startswith("--content=") and len(argv[1]) > 10:
        content = Path(argv[1][10:])
    elif len(argv) == 3 and argv[1] == "--content" and argv[2] and not argv[2].startswith("-"):
        content = Path(argv[2])
    elif len(argv) != 1:
        return False
    if content is not None and not os.path.isdir(content):
        return False  # the app says what is wrong with it
    from worksheet import stamps
    from worksheet.cli_listing import list_folders, list_key, print_rows, rows_from, screen_key

    screen, rich_folder = screen_key(), _package_folder("rich")
    keep_shown = None
    if screen is not None and rich_folder is not None:
        shown, keep_shown = stamps.recall("list-shown", [*list_key(content), *screen],
                                          [*list_folders(content), rich_folder])
        if shown is not None:
            sys.stdout.write(shown)
            sys.stdout.flush()
            return True
    text, _ = stamps.recall("list", list_key(content), list_folders(content))
    rows = rows_from(text) if text is not None else None
    if rows is None:
        return False
    shown = print_rows(rows)
    if keep_shown is not None:
        keep_shown(shown)
    return True


if __name__ == "__main__":
    main()
