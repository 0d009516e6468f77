"""``worksheet batch``: many handouts from one CSV/YAML/JSON file, with progress."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperCommand

from worksheet.cli_common import fail
from worksheet.dates import DATE_FORMAT_HELP, DateFormatChoice
from worksheet.errors import WorksheetError

# every column of rows.OPTION_COLUMNS (tests/test_messages_help.py keeps them the same): the
# list is written out so that `--help` does not import the rows reader
ROWS_HELP = ("CSV (, or ;), YAML or JSON list of rows. Columns (each a build option; an empty cell "
             "means the default; other columns are left out, with a warning): output, patient, date, "
             "date_style, worksheet, brand, only, exclude, paper, layout, large_print, grayscale, "
             "header_band, lang, fillable, disclosure, dose.<exercise>.<field>.")
PLAIN_EVERY = 2.0  # seconds between progress lines when stderr is not a terminal


def batch(
    rows_file: Annotated[Path, typer.Argument(metavar="FILE", help=ROWS_HELP)],
    out: Annotated[Path, typer.Option("--out", help="Folder for the PDFs and manifest.json.")],
    jobs: Annotated[int, typer.Option("--jobs", min=0, max=64, help="Worker processes (0: one per core).")]
    = 0,
    content: Annotated[Optional[Path], typer.Option("--content", help="A clinic's own content folder.")]  # noqa: UP045
    = None,
    merge: Annotated[Optional[Path], typer.Option("--merge", help="Also write every handout into this "  # noqa: UP045
                                                  "one .pdf, in row order (not inside --out under a "
                                                  "handout's name).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild rows even when nothing changed; a file in "
                                        "--out that worksheet did not write is renamed NAME.~1~, not "
                                        "replaced.")] = False,
    wait: Annotated[bool, typer.Option("--wait", help="If another batch is writing into --out, wait for it "
                                       "instead of stopping.")] = False,
    duplex: Annotated[bool, typer.Option("--duplex", help="With --merge: every handout starts on a new "
                                         "sheet (an empty back page after an odd page count).")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse the file if a column is not one of "
                                         "ours (by default such columns are left out, with a warning).")]
    = False,
    date_format: Annotated[DateFormatChoice, typer.Option("--date-format", case_sensitive=False,
                                                          help=DATE_FORMAT_HELP)] = DateFormatChoice.auto,
    set_: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--set", metavar="COLUMN=VALUE",
        help="A value for every row that leaves COLUMN empty or has no such column, e.g. --set paper=a4 "
             "(repeatable; a row's own value wins).")] = None,
) -> None:
    """Build one handout per row, and manifest.json.

    One PDF per row of FILE goes into --out; manifest.json lists every row.

    Exit 0: all built (or unchanged); 1: some rows failed; 2: bad input, or the folder is in use;
    3: the batch could not finish; 130: Ctrl-C; 143: SIGTERM.
    """
    from worksheet.batch import BatchReport, BatchStopped, run_batch
    from worksheet.merge import check_merge_target, merge_pdfs
    from worksheet.rows import parse_defaults, read_rows

    workers = jobs or os.cpu_count() or 1
    stop = _Signals()
    report: BatchReport | None = None

    def merge_into(done: BatchReport) -> dict[str, object] | None:
        if merge is None or done.interrupted:
            return None
        return merge_pdfs(out, done.outputs or [], merge, duplex=duplex)

    try:
        if duplex and merge is None:
            raise WorksheetError("--duplex is for the merged PDF: add --merge FILE.pdf")
        defaults = parse_defaults(set_ or [])
        with stop:
            rows = read_rows(rows_file, strict)
            total = sum(1 for _ in rows)
            if rows.ignored:
                typer.echo(f"warning: {rows_file}: column(s) left out, not options of worksheet: "
                           f"{', '.join(rows.ignored)} (--strict refuses them)", err=True)
            if merge is not None:
                check_merge_target(merge, rows_file, out)
            with _Progress(total) as progress:
                report = run_batch(rows_file, out, jobs=workers, content=content, force=force, wait=wait,
                                   keep_outputs=merge is not None, on_result=progress.update, then=merge_into,
                                   strict=strict, date_format=date_format.value, defaults=defaults)
    except KeyboardInterrupt:  # before the run held the folder: nothing was written
        typer.echo("stopped before anything was built", err=True)
        raise typer.Exit(143 if stop.terminated else 130) from None
    except BatchStopped as exc:
        if isinstance(exc.report, BatchReport):
            _summary(exc.report, out)
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(3) from None
    except WorksheetError as exc:
        if report is not None:
            _summary(report, out)
        fail(exc)
    _summary(report, out)
    if report.merge_error is not None:
        fail(report.merge_error)
    if report.merged is not None:  # said only once the file is there
        typer.echo(f"merged {report.merged['pages']} pages into {merge}")
    if report.interrupted:
        raise typer.Exit(143 if stop.terminated else 130)
    raise typer.Exit(1 if report.count("failed") else 0)


FLAG_COLUMNS = ("disclosure", "grayscale", "large_print", "header_band", "fillable")


class BatchCommand(TyperCommand):
    """``worksheet batch``; a build option typed to it (``--paper a4``) is answered with the
    column (or ``--set``) that does the same for a batch, instead of "No such option"."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        typed = list(args)  # Click's parser consumes the list it is given
        try:
            return super().parse_args(ctx, args)
        except _no_such_option() as exc:
            hint = column_hint(str(getattr(exc, "option_name", "")), typed)
            if hint is None:
                raise
            ctx.fail(hint)  # Click's usage error: "Usage: …", then "Error: <hint>", exit 2
            raise


def _no_such_option() -> type[Exception]:
    """Click's NoSuchOption, from the Click this Typer runs on (typer 0.28 has its own copy of
    Click; earlier ones use click): the module that holds Typer's BadParameter holds it too."""
    found: type[Exception] = sys.modules[typer.BadParameter.__module__].NoSuchOption
    return found


def column_hint(option: str, args: list[str]) -> str | None:
    """What to do instead of ``option`` in a batch, when a build option by that name is a
    column of the rows file (None when it is not one)."""
    import shlex

    from worksheet.rows import NOT_FOR_EVERY_ROW, OPTION_COLUMNS

    name = option.lstrip("-")
    negated = name.startswith("no-")
    column = "output" if name == "o" else name.removeprefix("no-").replace("-", "_")
    if column == "output":
        return (f"{option} is a column of the rows file in batch: each row's PDF goes into --out DIR, "
                "named by its 'output' column (else by its patient)")
    if column not in OPTION_COLUMNS and column != "dose":
        return None
    value = _typed_value(option, args)
    if column == "dose":  # --dose bridge.reps=12 is the column dose.bridge.reps
        exercise_field, _, dose = (value or "").partition("=")
        column, value = (f"dose.{exercise_field}", dose) if exercise_field and dose \
            else ("dose.<exercise>.<field>", None)
    elif column in FLAG_COLUMNS:
        value = "no" if negated else "yes"
    where = f"{option} is a column of the rows file in batch: add the column {column!r}"
    if column in NOT_FOR_EVERY_ROW:
        return f"{where} (one for each row)"
    setting = shlex.quote(f"{column}={value or 'VALUE'}")
    return f"{where}, or set it for every row with --set {setting}"


def _typed_value(option: str, args: list[str]) -> str | None:
    """The value typed after ``option`` (``--paper a4`` or ``--paper=a4``), if any."""
    for index, arg in enumerate(args):
        if arg.startswith(f"{option}="):
            return arg.partition("=")[2]
        if arg == option and index + 1 < len(args) and not args[index + 1].startswith("-"):
            return args[index + 1]
    return None


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: finished files kept, manifest written."""


class _Signals:
    """SIGTERM stops the batch the way Ctrl-C does, for the time of the run."""

    def __init__(self) -> None:
        self.terminated = False
        self._saved: object = None

    def _handle(self, _signum: int, _frame: object) -> None:
        self.terminated = True
        raise _Terminated

    def __enter__(self) -> _Signals:
        self._saved = signal.signal(signal.SIGTERM, self._handle)
        return self

    def __exit__(self, *_: object) -> None:
        signal.signal(signal.SIGTERM, self._saved)  # type: ignore[arg-type]


def _summary(report: object, out: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    from worksheet.batch import BatchReport

    assert isinstance(report, BatchReport)
    console = Console(stderr=True, highlight=False)
    built, skipped, failed = (report.count(s) for s in ("built", "skipped", "failed"))
    state = "stopped early; " if report.interrupted else ""
    console.print(f"{state}built {built}, skipped {skipped} (unchanged), failed {failed} → {out}")
    for result in report.notices:
        if result.renamed_from and result.status != "failed":  # a failed row wrote nothing
            done = "wrote" if result.status == "built" else "kept"
            console.print(f"{result.where()}: {result.renamed_from!r} was taken, {done} {result.output}")
        if result.moved_aside:
            console.print(f"{result.where()}: {result.output} was not written by worksheet; "
                          f"it is kept as {result.moved_aside}")
    for result in report.warned:
        for warning in result.warnings:
            console.print(f"{result.where()} ({result.output}): warning: {warning}")
    warned = report.count_warned
    if warned > len(report.warned):
        console.print(f"… and {warned - len(report.warned)} more rows with warnings: see "
                      f"{out / 'manifest.json'}")
    if failed:
        table = Table("row", "output", "reason", title="Rows that failed")
        for result in report.failed:
            kept = " (the earlier file is kept)" if result.kept_previous else ""
            table.add_row(result.where().removeprefix("row "), result.output, (result.error or "") + kept)
        console.print(table)
        if failed > len(report.failed):
            console.print(f"… and {failed - len(report.failed)} more: see {out / 'manifest.json'}")


class _Progress:
    """A rich progress bar on a terminal; a plain line every few seconds otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = self.failed = 0
        self.start = self.last = time.monotonic()
        self.bar = None
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[status]}"), TimeRemainingColumn(), transient=True)
            self.task = self.bar.add_task("batch", total=total, status="")

    def __enter__(self) -> _Progress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def update(self, result: object) -> None:
        self.done += 1
        self.failed += getattr(result, "status", "") == "failed"
        now = time.monotonic()
        rate = self.done / max(now - self.start, 1e-6)
        status = f"failed {self.failed} · {rate:.1f}/s"
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, status=status)
        elif now - self.last >= PLAIN_EVERY or self.done == self.total:
            self.last = now
            typer.echo(f"batch: {self.done}/{self.total} rows, {status}", err=True)
