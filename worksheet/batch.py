"""Batch builds: many rows → one PDF each, in a process pool, with a manifest.

Stages per row, as in a single build: request → resolve → layout → write.
Rows stream through a bounded window of pending jobs, so memory stays flat
however long the file is; each worker loads the content once. A failing row
is recorded and the rest go on. Rows whose inputs and output are unchanged
since the last run are skipped (``force`` rebuilds them).
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from worksheet import __version__
from worksheet.content import Library, load_library
from worksheet.errors import Problem, WorksheetError
from worksheet.fingerprint import content_fingerprint, file_sha256, request_fingerprint
from worksheet.model import Request
from worksheet.naming import NameBook, safe_stem
from worksheet.output import write_atomic
from worksheet.resolve import resolve
from worksheet.rows import read_rows, request_from_row

Status = Literal["built", "skipped", "failed"]
MANIFEST = "manifest.json"


@dataclass(slots=True)
class RowResult:
    """What happened to one row; one entry of the manifest."""

    row: int
    output: str
    status: Status
    sha256: str | None = None
    pages: int | None = None
    error: str | None = None
    inputs: str | None = None
    renamed_from: str | None = None


@dataclass(slots=True)
class BatchReport:
    """The whole run: every row's result, in row order, and the totals."""

    results: list[RowResult] = field(default_factory=list)
    interrupted: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)


@dataclass(frozen=True, slots=True)
class Job:
    """One row to build, as sent to a worker."""

    row: int
    request: Request
    target: Path
    inputs: str
    renamed_from: str | None = None


_WORKER_LIBRARY: list[Library] = []  # the content, loaded once in each worker process


def _init_worker(content: Path | None) -> None:
    _WORKER_LIBRARY.append(load_library(content))


def build_job(job: Job, library: Library | None = None) -> RowResult:
    """Resolve, render and write one row; never raises for a bad row."""
    from worksheet.layout import render_document

    result = RowResult(job.row, job.target.name, "failed", inputs=job.inputs, renamed_from=job.renamed_from)
    try:
        library = library or _WORKER_LIBRARY[0]
        data, pages = render_document(resolve(library, job.request))
        write_atomic(job.target, data)
    except WorksheetError as exc:
        result.error = str(exc)
        return result
    except Exception as exc:  # a bug must not stop the other rows; the manifest keeps it
        result.error = f"internal error: {type(exc).__name__}: {exc}"
        return result
    result.status, result.sha256, result.pages = "built", hashlib.sha256(data).hexdigest(), pages
    return result


def run_batch(rows_file: Path, out_dir: Path, *, jobs: int = 1, content: Path | None = None,
              force: bool = False, on_result: Callable[[RowResult], None] | None = None) -> BatchReport:
    """Build every row of ``rows_file`` into ``out_dir``; write ``manifest.json``."""
    rows = read_rows(rows_file)  # file-level problems raise before anything is built
    library = load_library(content)
    fingerprint = content_fingerprint(library)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorksheetError(Problem(f"cannot create output folder: {exc.strerror}", path=out_dir)) from None
    previous = {} if force else _previous(out_dir)
    report = BatchReport()

    def record(result: RowResult) -> None:
        report.results.append(result)
        if on_result is not None:
            on_result(result)

    submitted: set[Path] = set()

    def tracked(jobs: Iterator[Job]) -> Iterator[Job]:
        for job in jobs:
            submitted.add(job.target)
            yield job

    jobs_iter = tracked(_plan(rows, out_dir, library, fingerprint, previous, record))
    try:
        if jobs <= 1:
            for job in jobs_iter:
                record(build_job(job, library))
        else:
            _run_pool(jobs_iter, jobs, content, record)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        _remove_partials(out_dir)
        # a row whose result never came back (stopped mid-way) is not in the manifest:
        # its file may be whole, but nothing vouches for it, so it does not stay
        done = {out_dir / r.output for r in report.results if r.status in ("built", "skipped")}
        for target in submitted - done:
            target.unlink(missing_ok=True)
        report.results.sort(key=lambda r: r.row)
        write_manifest(out_dir, report)
    if not report.results and not report.interrupted:
        raise WorksheetError(Problem("has no rows to build", path=rows_file))
    return report


def _plan(rows: Iterator[tuple[int, dict[str, object]]], out_dir: Path, library: Library, fingerprint: str,
          previous: dict[str, RowResult], record: Callable[[RowResult], None]) -> Iterator[Job]:
    """Turn rows into jobs; bad rows and unchanged rows are recorded, not yielded."""
    names = NameBook()
    for number, values in rows:
        wanted = str(values.get("output") or values.get("patient") or "").strip()
        stem = safe_stem(wanted, f"row-{number}")
        name = names.claim(stem)
        renamed = wanted if wanted and name.lower() != f"{stem}.pdf".lower() else None
        try:
            request = request_from_row(values)
        except WorksheetError as exc:
            record(RowResult(number, name, "failed", error=str(exc), renamed_from=renamed))
            continue
        inputs = request_fingerprint(request, fingerprint, library)
        old = previous.get(name)
        if old and old.status in ("built", "skipped") and old.inputs == inputs \
                and old.sha256 == file_sha256(out_dir / name):
            record(RowResult(number, name, "skipped", old.sha256, old.pages, inputs=inputs,
                             renamed_from=renamed))
            continue
        yield Job(number, request, out_dir / name, inputs, renamed)


MAX_POOL_RESTARTS = 3  # a worker that dies (killed, crashed) costs its rows, not the batch


def _run_pool(jobs: Iterator[Job], workers: int, content: Path | None,
              record: Callable[[RowResult], None]) -> None:
    window = workers * 4  # enough queued work to keep every worker busy, no more
    restarts = 0
    pool = _new_pool(workers, content)
    pending: dict[cf.Future[RowResult], Job] = {}
    try:
        for job in jobs:
            while True:
                try:
                    pending[pool.submit(build_job, job)] = job
                    break
                except cf.process.BrokenProcessPool:
                    _drain(pending, record, cf.ALL_COMPLETED)
                    pool.shutdown(wait=True)
                    restarts += 1
                    if restarts > MAX_POOL_RESTARTS:
                        message = "worker processes keep stopping; batch stopped"
                        raise WorksheetError(Problem(message)) from None
                    pool = _new_pool(workers, content)
            if len(pending) >= window:
                _drain(pending, record, cf.FIRST_COMPLETED)
        _drain(pending, record, cf.ALL_COMPLETED)
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _new_pool(workers: int, content: Path | None) -> cf.ProcessPoolExecutor:
    return cf.ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(content,))


def _drain(pending: dict[cf.Future[RowResult], Job], record: Callable[[RowResult], None],
           until: str) -> None:
    done, _ = cf.wait(pending, return_when=until)
    for future in done:
        job = pending.pop(future)
        try:
            result = future.result()
        except cf.process.BrokenProcessPool:
            result = RowResult(job.row, job.target.name, "failed", error="a worker process stopped",
                               inputs=job.inputs)
        record(result)


def _previous(out_dir: Path) -> dict[str, RowResult]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return {r["output"]: RowResult(**r) for r in data["rows"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no usable manifest: everything is built


def write_manifest(out_dir: Path, report: BatchReport) -> None:
    """``manifest.json``: every row with its output, sha256, pages, status, error."""
    data = {
        "tool": f"worksheet {__version__}",
        "interrupted": report.interrupted,
        "summary": {s: report.count(s) for s in ("built", "skipped", "failed")},
        "rows": [asdict(r) for r in report.results],
    }
    write_atomic(out_dir / MANIFEST, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


def _remove_partials(out_dir: Path) -> None:
    """Temporary files a stopped worker left behind (finished files stay)."""
    for path in out_dir.glob(".*.part"):
        path.unlink(missing_ok=True)


def merge_pdfs(out_dir: Path, report: BatchReport, target: Path) -> int:
    """Every built or skipped handout, in row order, as one PDF; returns its pages."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for result in report.results:
        if result.status in ("built", "skipped"):
            writer.append(str(out_dir / result.output))
    buffer = io.BytesIO()
    writer.write(buffer)
    write_atomic(target, buffer.getvalue())
    return len(writer.pages)
