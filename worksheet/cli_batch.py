"""``worksheet batch``: many handouts from one CSV/YAML/JSON file, with progress."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from worksheet.errors import WorksheetError

ROWS_HELP = ("CSV (, or ;), YAML or JSON list of rows. Columns: output, patient, date, worksheet, brand, "
             "only, exclude, paper, disclosure, grayscale, dose.<exercise>.<field>.")
PLAIN_EVERY = 2.0  # seconds between progress lines when stderr is not a terminal


def batch(
    rows_file: Annotated[Path, typer.Argument(metavar="FILE", help=ROWS_HELP)],
    out: Annotated[Path, typer.Option("--out", help="Folder for the PDFs and manifest.json.")],
    jobs: Annotated[int, typer.Option("--jobs", min=0, max=64, help="Worker processes (0: one per core).")]
    = 0,
    content: Annotated[Optional[Path], typer.Option("--content", help="A clinic's own content folder.")]  # noqa: UP045
    = None,
    merge: Annotated[Optional[Path], typer.Option("--merge", help="Also write every handout into this "  # noqa: UP045
                                                  "one PDF, in row order.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild rows even when nothing changed.")] = False,
) -> None:
    """Build one handout per row. Exit 0: all built; 1: some rows failed; 2: the file is unusable."""
    from worksheet.batch import merge_pdfs, run_batch
    from worksheet.cli import fail
    from worksheet.rows import read_rows

    workers = jobs or os.cpu_count() or 1
    try:
        total = sum(1 for _ in read_rows(rows_file))
        progress = _Progress(total)
        with progress:
            report = run_batch(rows_file, out, jobs=workers, content=content, force=force,
                               on_result=progress.update)
        if merge is not None and not report.interrupted:
            pages = merge_pdfs(out, report, merge)
            typer.echo(f"merged {pages} pages into {merge}")
    except WorksheetError as exc:
        fail(exc)
    _summary(report, out)
    if report.interrupted:
        raise typer.Exit(130)
    raise typer.Exit(1 if report.count("failed") else 0)


def _summary(report: object, out: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    from worksheet.batch import BatchReport

    assert isinstance(report, BatchReport)
    console = Console(stderr=True, highlight=False)
    built, skipped, failed = (report.count(s) for s in ("built", "skipped", "failed"))
    state = "stopped early; " if report.interrupted else ""
    console.print(f"{state}built {built}, skipped {skipped} (unchanged), failed {failed} → {out}")
    renamed = [r for r in report.results if r.renamed_from]
    for result in renamed:
        console.print(f"row {result.row}: {result.renamed_from!r} was taken, wrote {result.output}")
    if failed:
        table = Table("row", "output", "reason", title="Rows that failed")
        for result in report.results:
            if result.status == "failed":
                table.add_row(str(result.row), result.output, result.error or "")
        console.print(table)


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
