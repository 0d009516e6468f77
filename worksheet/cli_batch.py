"""``worksheet batch``: many handouts from one CSV/YAML/JSON file, with progress."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from worksheet.cli_common import fail
from worksheet.errors import WorksheetError

# every column of rows.OPTION_COLUMNS (tests/test_messages_help.py keeps them the same): the
# list is written out so that `--help` does not import the rows reader
ROWS_HELP = ("CSV (, or ;), YAML or JSON list of rows. Columns (each a build option; an empty cell "
             "means the default): output, patient, date, worksheet, brand, only, exclude, paper, layout, "
             "large_print, grayscale, header_band, lang, fillable, disclosure, dose.<exercise>.<field>.")
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
) -> None:
    """Build one handout per row, and manifest.json.

    One PDF per row of FILE goes into --out; manifest.json lists every row.

    Exit 0: all built (or unchanged); 1: some rows failed; 2: bad input, or the folder is in use;
    3: the batch could not finish; 130: Ctrl-C; 143: SIGTERM.
    """
    from worksheet.batch import BatchReport, BatchStopped, run_batch
    from worksheet.merge import check_merge_target, merge_pdfs
    from worksheet.rows import read_rows

    workers = jobs or os.cpu_count() or 1
    stop = _Signals()
    report: BatchReport | None = None

    def merge_into(done: BatchReport) -> None:
        if merge is not None and not done.interrupted:
            pages = merge_pdfs(out, done.outputs or [], merge)
            typer.echo(f"merged {pages} pages into {merge}")

    try:
        with stop:
            total = sum(1 for _ in read_rows(rows_file))
            if merge is not None:
                check_merge_target(merge, rows_file, out)
            with _Progress(total) as progress:
                report = run_batch(rows_file, out, jobs=workers, content=content, force=force, wait=wait,
                                   keep_outputs=merge is not None, on_result=progress.update, then=merge_into)
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
    if report.interrupted:
        raise typer.Exit(143 if stop.terminated else 130)
    raise typer.Exit(1 if report.count("failed") else 0)


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
        if result.renamed_from:
            console.print(f"row {result.row}: {result.renamed_from!r} was taken, wrote {result.output}")
        if result.moved_aside:
            console.print(f"row {result.row}: {result.output} was not written by worksheet; "
                          f"it is kept as {result.moved_aside}")
    if failed:
        table = Table("row", "output", "reason", title="Rows that failed")
        for result in report.failed:
            kept = " (the earlier file is kept)" if result.kept_previous else ""
            table.add_row(str(result.row), result.output, (result.error or "") + kept)
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
