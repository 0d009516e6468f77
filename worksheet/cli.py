"""The ``worksheet`` command: thin, it parses options and calls ``worksheet.api``.

User errors (``WorksheetError``) become one line on stderr and exit code 2;
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from worksheet.errors import WorksheetError

app = typer.Typer(
    name="worksheet",
    help="Build printable, branded exercise handouts (PDF) from Markdown content.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals hold patient names
    add_completion=False,
)
_state = {"debug": False}


class PaperChoice(enum.StrEnum):
    """Paper sizes a user can type."""

    letter = "letter"
    a4 = "a4"


class LayoutChoice(enum.StrEnum):
    """Page layouts a user can type."""

    detailed = "detailed"
    compact = "compact"


ContentOpt = Annotated[
    Optional[Path],  # noqa: UP045 (Typer reads the annotation at run time)
    typer.Option("--content", help="A clinic's own content folder (exercises/, worksheets/, brands/, "
                 "illustrations/, templates/); it adds to the bundled content and wins on the same id."),
]


def fail(error: WorksheetError) -> NoReturn:
    """Report a user error the way every command does."""
    if _state["debug"]:
        raise error
    for problem in error.problems[:1] if len(error.problems) == 1 else error.problems:
        typer.echo(f"error: {problem}", err=True)
    raise typer.Exit(2)


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback for errors.")] = False,
) -> None:
    """Build printable, branded exercise handouts (PDF) from Markdown content."""
    _state["debug"] = debug


def _ids(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(WorksheetError(f"--date must look like 2026-11-25 (got {value!r})"))


@app.command()
def build(
    worksheet: Annotated[str, typer.Argument(help="Worksheet id, or a path to a worksheet .yaml file.")]
    = "lower-back",
    output: Annotated[Optional[Path], typer.Option("-o", "--output",  # noqa: UP045
                                                   help="PDF to write (default: out/WORKSHEET.pdf).")] = None,
    patient: Annotated[str, typer.Option(help="Patient name printed on the sheet.")] = "",
    date: Annotated[Optional[str], typer.Option(help="Date printed on the sheet, YYYY-MM-DD.")] = None,  # noqa: UP045
    brand: Annotated[str, typer.Option(help="Brand id, or a path to a brand .yaml file.")] = "default",
    only: Annotated[Optional[str], typer.Option(help="Only these exercise ids, in this order (a,b,c).")]  # noqa: UP045
    = None,
    exclude: Annotated[Optional[str], typer.Option(help="Leave out these exercise ids (a,b).")] = None,  # noqa: UP045
    paper: Annotated[PaperChoice, typer.Option(case_sensitive=False, help="Paper size.")]
    = PaperChoice.letter,
    disclosure: Annotated[Optional[bool], typer.Option("--disclosure/--no-disclosure",  # noqa: UP045
                                                       help="Show the sponsor disclosure "
                                                       "(default: as the worksheet says).")] = None,
    dose: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--dose", metavar="EXERCISE.FIELD=VALUE",
        help="Change a dose, e.g. bridge.reps=12 or piri.hold_seconds=30 (repeatable; an id or a "
             "unique prefix; fields: hold_seconds, reps, sets, times_per_day, each_side).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the sheet: en or es.")] = "en",
    fillable: Annotated[bool, typer.Option("--fillable", help="Tick boxes, log cells, name and date become "
                                           "PDF form fields, to fill in on a phone or tablet.")] = False,
    layout: Annotated[LayoutChoice, typer.Option(case_sensitive=False, help="detailed: a large card per "
                                                 "exercise; compact: two columns and small pictures "
                                                 "(the Lower Back Worksheet fits on two pages).")]
    = LayoutChoice.detailed,
    large_print: Annotated[bool, typer.Option("--large-print", help="Body text 16 pt or more, bigger tick "
                                              "boxes and log cells.")] = False,
    grayscale: Annotated[bool, typer.Option("--grayscale", help="Print every colour and picture in "
                                            "gray (saves ink).")] = False,
    header_band: Annotated[bool, typer.Option("--header-band/--no-header-band", help="Leave out the band "
                                              "with logo and clinic name (for your own letterhead).")] = True,
    content: ContentOpt = None,
) -> None:
    """Build one handout PDF."""
    from worksheet.api import build_pdf
    from worksheet.doses import parse_dose_option
    from worksheet.model import Request

    try:
        doses = tuple(parse_dose_option(d) for d in dose or ())
    except WorksheetError as exc:
        fail(exc)

    request = Request(
        worksheet=worksheet, patient=patient, date=_date(date), brand=brand, only=_ids(only),
        exclude=_ids(exclude) or (), paper=paper.value, disclosure=disclosure,
        grayscale=grayscale, doses=doses, layout=layout.value, large_print=large_print,
        header_band=header_band, lang=lang.lower(), fillable=fillable,
    )
    target = output or Path("out") / f"{Path(worksheet).stem}.pdf"
    if target.suffix.lower() != ".pdf":
        fail(WorksheetError(f"output must be a .pdf file (got {str(target)!r})"))
    try:
        written, warnings = build_pdf(request, target, content)
    except WorksheetError as exc:
        fail(exc)
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"wrote {written}")


@app.command("list")
def list_content(content: ContentOpt = None) -> None:
    """List the worksheets and exercises you can use."""
    from rich.console import Console
    from rich.table import Table

    from worksheet.content import load_library

    try:
        library = load_library(content)
    except WorksheetError as exc:
        fail(exc)
    console = Console()
    sheets = Table("id", "title", "items", title="Worksheets")
    for spec in sorted(library.worksheets.values(), key=lambda s: s.id):
        sheets.add_row(spec.id, spec.title, ", ".join(i.id for i in spec.items))
    console.print(sheets)
    exercises = Table("id", "title", "position", "kind", title="Exercises")
    for ex in sorted(library.exercises.values(), key=lambda e: e.id):
        exercises.add_row(ex.id, ex.title, ex.position, ex.kind)
    console.print(exercises)
    brands = Table("id", "clinic", title="Brands")
    for b in sorted(library.brands.values(), key=lambda b: b.id):
        brands.add_row(b.id, b.clinic)
    console.print(brands)


@app.command()
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


from worksheet.cli_batch import batch  # noqa: E402 (registered after the shared helpers exist)
from worksheet.cli_new import new  # noqa: E402
from worksheet.cli_serve import serve  # noqa: E402

app.command()(batch)
app.command()(new)
app.command()(serve)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="worksheet")


if __name__ == "__main__":
    main()
