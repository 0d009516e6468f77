"""Batch builds: many rows → one PDF each, in a process pool, with a manifest.

Stages per row, as in a single build: request → resolve → layout → write.
Rows stream through a bounded window of pending jobs, so memory stays flat
however long the file is; each worker loads the content once. A failing row
is recorded and the rest go on. Rows whose inputs and output are unchanged
since the last run are skipped (``force`` rebuilds them).

Nothing is lost: a handout is replaced only by a complete new one, a failed or
stopped row leaves the earlier file in place (``kept_previous``), a file the
tool did not write is never replaced (``--force`` renames it aside), and one
run at a time holds the folder (see ``manifest`` and ``folderlock``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import stat
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from worksheet.content import Library, load_library
from worksheet.errors import Problem, WorksheetError
from worksheet.fingerprint import Fingerprints
from worksheet.folderlock import folder_lock
from worksheet.manifest import (
    MANIFEST,
    Journal,
    ManifestWriter,
    Previous,
    RowResult,
    Status,
    load_previous,
    sha_of_file,
)
from worksheet.model import Handout, Request
from worksheet.naming import NameBook, safe_stem
from worksheet.output import tmp_glob, write_atomic
from worksheet.resolve import resolve
from worksheet.rows import cell_lines, read_rows, request_from_row, row_line
from worksheet.safefile import special_kind
from worksheet.workers import BatchStopped, die_with_parent, forks, run_pool

__all__ = ["MANIFEST", "BatchReport", "BatchStopped", "Job", "RowResult", "build_job", "run_batch"]
MAX_LISTED = 20  # failed or renamed rows kept for the report; the manifest has them all


@dataclass(slots=True)
class BatchReport:
    """The run in numbers, the first rows worth telling, and what was written, in row order."""

    counts: dict[str, int] = field(default_factory=lambda: {"built": 0, "skipped": 0, "failed": 0})
    failed: list[RowResult] = field(default_factory=list)
    notices: list[RowResult] = field(default_factory=list)
    """Rows renamed because their name was taken, or whose place held a file set aside."""
    warned: list[RowResult] = field(default_factory=list)
    """Rows built with warnings (a missing translation, a character no font has)."""
    count_warned: int = 0
    interrupted: bool = False
    outputs: list[tuple[str, str]] | None = None
    """Built and skipped files and their patients, in row order (kept only for a merge)."""
    merged: dict[str, Any] | None = None
    """The merged PDF, as the manifest lists it (None: no merge)."""
    merge_error: WorksheetError | None = None
    """Why the merge could not be written (the rows are built and listed all the same)."""

    def count(self, status: Status) -> int:
        return self.counts[status]

    def add(self, result: RowResult) -> None:
        self.counts[result.status] += 1
        if result.status == "failed" and len(self.failed) < MAX_LISTED:
            self.failed.append(result)
        if (result.renamed_from or result.moved_aside) and len(self.notices) < MAX_LISTED:
            self.notices.append(result)
        if result.warnings and result.status != "failed":
            self.count_warned += 1
            if len(self.warned) < MAX_LISTED:
                self.warned.append(result)


@dataclass(frozen=True, slots=True)
class Job:
    """One row to build, as sent to a worker."""

    seq: int
    row: int
    request: Request
    target: Path
    inputs: str
    tag: str
    renamed_from: str | None = None
    moved_aside: str | None = None
    line: int | None = None
    cell_lines: tuple[tuple[str, int | None], ...] = ()
    """(column, file line to name when its value is wrong), in a YAML or JSON file."""


_WORKER_LIBRARY: list[Library] = []  # the content, loaded once in each worker process
_RESOLVED: OrderedDict[Request, tuple[Library, Handout]] = OrderedDict()
KEEP_RESOLVED = 64  # sheets per worker; a batch usually has a handful


def _resolve(library: Library, request: Request) -> Handout:
    """``resolve``, once per sheet in a worker: rows that differ only by the patient's name or
    the date share the rendered texts (Jinja, Markdown, doses) and get their own name and date
    (which nothing else uses: ``coldbuild`` fills a kept layout the same way)."""
    from worksheet.dates import printed_date

    key = replace(request, patient="", date=None)
    found = _RESOLVED.get(key)
    if found is None or found[0] is not library:
        found = (library, resolve(library, key))
        _RESOLVED[key] = found
        if len(_RESOLVED) > KEEP_RESOLVED:
            _RESOLVED.popitem(last=False)
    else:
        _RESOLVED.move_to_end(key)
    sheet = found[1]
    date = ""
    if request.date:
        date = printed_date(request.date, request.lang, request.paper, request.date_style,
                            sheet.brand.date_style)
    return replace(sheet, patient=request.patient.strip(), date=date, creation_date=request.date)


def _init_worker(content: Path | None, parent: int) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's own handler is not for workers
    die_with_parent(parent)
    if not _WORKER_LIBRARY:  # a forked worker has the parent's (see ``_warmed``)
        _WORKER_LIBRARY.append(load_library(content))


def _warmed(jobs: Iterator[Job], library: Library) -> Iterator[Job]:
    """``jobs``, after the parent has laid out the first one's sheet without writing it, so
    that workers forked from it start with the content, ReportLab and that layout loaded
    (each worker did all of it again: about half a second of CPU each). Nothing of it is
    written or recorded: a row's file and result still come from a worker."""
    first = next(jobs, None)
    if first is None:
        return
    if not forks():  # spawned workers start from nothing whatever the parent did
        yield first
        yield from jobs
        return
    _WORKER_LIBRARY[:] = [library]
    with contextlib.suppress(Exception):  # a bad first row fails in its worker, as any row does
        from worksheet.layout import render_document

        render_document(_resolve(library, first.request))
    yield first
    yield from jobs


def build_job(job: Job, library: Library | None = None) -> RowResult:
    """Resolve, render and write one row; never raises for a bad row."""
    import hashlib

    from worksheet.layout import render_document

    result = _result(job, "failed")
    try:
        library = library or _WORKER_LIBRARY[0]
        handout = _resolve(library, job.request)
        data, pages = render_document(handout)
        warnings = list(dict.fromkeys((*handout.warnings, *_glyph_warnings(handout))))
        write_atomic(job.target, data, tmp_tag=job.tag)
    except WorksheetError as exc:
        result.error = str(exc)
        result.line = dict(job.cell_lines).get(exc.problem.option or "", job.line)
        return result
    except Exception as exc:  # a bug must not stop the other rows; the manifest keeps it
        result.error = f"internal error: {type(exc).__name__}: {exc}"
        return result
    return replace(result, status="built", sha256=hashlib.sha256(data).hexdigest(), pages=pages,
                   inputs=job.inputs, warnings=warnings)


_CONTENT_GLYPHS: dict[Handout, list[str]] = {}  # by handout without the name: rows share their content
MAX_GLYPH_KEYS = 64


def _glyph_warnings(handout: Handout) -> list[str]:
    """What a single build warns about missing characters; the content's part is found once
    per worker for all rows that share it (it costs about as much as resolving a row)."""
    from worksheet.glyphs import handout_glyph_warnings, patient_glyph_warnings

    key = replace(handout, patient="", date="", creation_date=None, warnings=())
    if key not in _CONTENT_GLYPHS:
        if len(_CONTENT_GLYPHS) >= MAX_GLYPH_KEYS:
            _CONTENT_GLYPHS.clear()
        _CONTENT_GLYPHS[key] = handout_glyph_warnings(key)
    return [*patient_glyph_warnings(handout), *_CONTENT_GLYPHS[key]]


def _result(job: Job, status: Status, **values: Any) -> RowResult:
    return RowResult(job.row, job.target.name, status, renamed_from=job.renamed_from,
                     moved_aside=job.moved_aside, line=job.line, patient=job.request.patient.strip(),
                     **values)


def run_batch(rows_file: Path, out_dir: Path, *, jobs: int = 1, content: Path | None = None,
              force: bool = False, wait: bool = False, keep_outputs: bool = False,
              on_result: Callable[[RowResult], None] | None = None,
              then: Callable[[BatchReport], dict[str, Any] | None] | None = None,
              strict: bool = False, date_format: str = "auto",
              defaults: Mapping[str, str] | None = None) -> BatchReport:
    """Build every row of ``rows_file`` into ``out_dir`` and write ``manifest.json``;
    ``then(report)`` runs once every row is done, while the folder is still held (a merge),
    and what it returns is listed in the manifest as ``merged``."""
    _forget_earlier_runs()
    library = load_library(content)
    fingerprints = Fingerprints(library)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorksheetError(Problem(f"cannot create output folder: {exc.strerror}", path=out_dir)) from None
    with folder_lock(out_dir, wait):
        previous = load_previous(out_dir)
        _remove_temporaries(out_dir, "wsbatch-*")  # of stopped runs: the lock says no other run is going
        run = _Run(out_dir, previous, force, on_result, keep_outputs)
        try:
            # file-level problems raise before anything is built; ``defaults`` fill empty cells (--set)
            rows = read_rows(rows_file, strict, defaults)
        except BaseException:
            run.abandon()
            raise
        report = run.go(_plan(rows, run, fingerprints, date_format), jobs, library, content, then)
        if report.counts == {"built": 0, "skipped": 0, "failed": 0} and not report.interrupted:
            raise WorksheetError(Problem("has no rows to build", path=rows_file))
    return report


def _forget_earlier_runs() -> None:
    """What this process kept from an earlier run (sheets, layouts) may name files changed
    since: a run starts afresh (its forked workers inherit what it lays out itself)."""
    import sys

    _RESOLVED.clear()
    _CONTENT_GLYPHS.clear()
    render = sys.modules.get("worksheet.layout.render")  # (not imported: nothing to forget)
    if render is not None:
        render.forget()


class _Run:
    """One run's state: what it planned, what came back, and its records on disk."""

    def __init__(self, out_dir: Path, previous: Previous, force: bool,
                 on_result: Callable[[RowResult], None] | None, keep_outputs: bool) -> None:
        self.out_dir, self.previous, self.force, self.on_result = out_dir, previous, force, on_result
        run_id = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.tag = f"wsbatch-{run_id}"
        self.names = NameBook()
        self.in_flight: dict[int, Job] = {}
        self.recorded: set[str] = set()
        """Files this run has a result for; an earlier file of any other name stays listed."""
        self.report = BatchReport(outputs=[] if keep_outputs else None)

        self.journal = Journal(out_dir, run_id)
        try:
            self.writer = ManifestWriter(out_dir, self.tag)
        except BaseException:
            self.journal.close(remove=True)
            raise

    def abandon(self) -> None:
        """Leave no trace of a run that never started."""
        self.journal.close(remove=True)
        self.writer.discard()

    def record(self, seq: int, result: RowResult) -> None:
        """Take a row's result (once: a stop before it may bring the same row again). A stop
        waits until the journal, the manifest and ``in_flight`` agree: the manifest writes the
        rows that waited for this one, and a stop between taking one of them off its queue and
        writing it lost that row from the manifest (its file stayed, disowned)."""
        with _signals_held():
            taken = self._take(seq, result)
        if taken is not None and self.on_result is not None:  # the progress bar: may be stopped
            self.on_result(taken)

    def _take(self, seq: int, result: RowResult) -> RowResult | None:
        if self.writer.has(seq):
            self.in_flight.pop(seq, None)
            return None
        if result.status == "failed":
            result = self._keep_previous(result)
        self.journal.result(result)
        for written in self.writer.add(seq, result):
            if self.report.outputs is not None and written.status != "failed":
                self.report.outputs.append((written.output, written.patient))
        self.recorded.add(result.output)
        self.in_flight.pop(seq, None)  # last: until here, a stop settles the row from the disk
        self.report.add(result)
        return result

    def _keep_previous(self, result: RowResult) -> RowResult:
        old = self.previous.entries.get(result.output)
        if old is None or old.sha256 is None or result.sha256 is not None:
            return result
        if sha_of_file(self.out_dir / result.output) != old.sha256:
            return result
        return replace(result, sha256=old.sha256, pages=old.pages, inputs=old.inputs, kept_previous=True)

    def settle(self, job: Job) -> RowResult:
        """The result of a row whose worker never answered, read off the disk: the earlier
        file (kept), the complete new one (built: files appear only whole), or nothing."""
        lost = _result(job, "failed", error="stopped before it was built")
        sha = sha_of_file(job.target)
        old = self.previous.entries.get(job.target.name)
        if sha is None or (old is not None and sha == old.sha256):
            return lost
        if old is not None and old.sha256 is None:  # a stopped run's file: ours, of unknown inputs
            return replace(lost, sha256=sha, kept_previous=True)
        return replace(lost, status="built", error=None, sha256=sha, pages=_pages(job.target),
                       inputs=job.inputs)

    def go(self, jobs_iter: Iterator[Job], workers: int, library: Library, content: Path | None,
           then: Callable[[BatchReport], dict[str, Any] | None] | None) -> BatchReport:
        done = False
        try:
            if workers <= 1:
                for job in jobs_iter:
                    self.record(job.seq, build_job(job, library))
            else:
                run_pool(_warmed(jobs_iter, library), workers, build_job, self.settle,
                         lambda job, r: self.record(job.seq, r), _init_worker, (content, os.getpid()))
            for seq, job in sorted(self.in_flight.items()):
                self.record(seq, self.settle(job))
            done = True
            if then is not None and any(self.report.counts.values()):
                try:  # before the manifest is finished, so that it lists the merged file
                    self.report.merged = then(self.report)
                except WorksheetError as exc:
                    self.report.merge_error = exc
        except KeyboardInterrupt:
            self.report.interrupted = True
        finally:
            with _signals_held():
                self._finish(interrupted=not done)
        return self.report

    def _finish(self, interrupted: bool) -> None:
        for seq, job in sorted(self.in_flight.items()):
            self.record(seq, self.settle(job))
        kept = self._kept()
        _remove_temporaries(self.out_dir, self.tag, keep=self.writer.tmp)
        try:
            self.writer.finish(kept, interrupted, dict(self.report.counts), self.report.merged)
        except WorksheetError as exc:
            self.journal.close(remove=False)  # the next run reads the results from it
            raise BatchStopped(Problem(f"{exc} (the results are kept in {self.journal.path.name}, "
                                       "which the next run reads)"), self.report) from None
        self.journal.close(remove=True)
        for journal in self.previous.journals:
            journal.unlink(missing_ok=True)

    def _kept(self) -> list[RowResult]:
        """Files of earlier runs that this run did not touch: still ours, still listed."""
        kept = [e for name, e in self.previous.entries.items()
                if name not in self.recorded and e.sha256 is not None and _is_regular(self.out_dir / name)]
        for name in sorted(self.previous.planned):
            entry = self.previous.entries.get(name)
            if name in self.recorded or (entry is not None and entry.sha256 is not None):
                continue
            sha = sha_of_file(self.out_dir / name)
            if sha is not None and _is_regular(self.out_dir / name):
                kept.append(RowResult(0, name, "failed", sha, error="a stopped run wrote it; not yet rebuilt",
                                      kept_previous=True))
        return kept


def _plan(rows: Iterator[tuple[int, dict[str, Any]]], run: _Run, fingerprints: Fingerprints,
          date_format: str) -> Iterator[Job]:
    """Turn rows into jobs; bad rows and unchanged rows are recorded, not yielded."""
    for seq, (number, values) in enumerate(rows):
        name, renamed = row_name(run.names, number, values)
        target = run.out_dir / name
        old = run.previous.entries.get(name)
        line = row_line(values, number)
        patient = str(values.get("patient") or "").strip()
        try:
            request = request_from_row(values, date_format)
            inputs = fingerprints.of(request)
            if not run.force and old is not None and old.inputs == inputs and old.sha256 is not None \
                    and _is_regular(target) and old.sha256 == sha_of_file(target):
                run.record(seq, replace(old, row=number, status="skipped", error=None, renamed_from=renamed,
                                        kept_previous=False, moved_aside=None, line=line, patient=patient))
                continue
            moved = _clear_target(target, run.previous.owns(name), run.force)
        except WorksheetError as exc:  # at the line of the cell that is wrong, when the file says
            run.record(seq, RowResult(number, name, "failed", error=str(exc), renamed_from=renamed,
                                      line=row_line(values, number, exc.problem.option), patient=patient))
            continue
        job = Job(seq, number, request, target, inputs, run.tag, renamed, moved, line,
                  cell_lines(values, number))
        run.in_flight[seq] = job  # before the journal line: a stop from here on settles it
        try:
            run.journal.plan(name)
        except WorksheetError as exc:
            run.record(seq, _result(job, "failed", error=str(exc)))
            continue
        yield job


def row_name(names: NameBook, number: int, values: dict[str, Any]) -> tuple[str, str | None]:
    """The file a row writes (distinct within the run) and what it asked for, when that was taken."""
    wanted = str(values.get("output") or values.get("patient") or "").strip()
    stem = safe_stem(wanted, f"row-{number}")
    name = names.claim(stem)
    return name, (wanted if wanted and name.lower() != f"{stem}.pdf".lower() else None)


def _clear_target(target: Path, owned: bool, force: bool) -> str | None:
    """Make sure ``target`` may be replaced; returns the name a file was set aside as."""
    try:
        info = target.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WorksheetError(f"cannot look at {target.name}: {exc.strerror}") from None
    name = target.name
    if stat.S_ISREG(info.st_mode):
        if not info.st_mode & 0o222:
            raise WorksheetError(f"{name} is read-only, so it is left as it is "
                                 "(make it writable to rebuild it)")
        if owned:
            return None
        what = "is already in the output folder and worksheet did not write it"
    else:
        kind = "a symbolic link" if stat.S_ISLNK(info.st_mode) else special_kind(info.st_mode)
        what = f"in the output folder is {kind}, not a handout"
    if not force:
        raise WorksheetError(Problem(f"{name} {what}, so it is left as it is",
                                     hint=f"move it away, or use --force to keep it as {name}.~1~ and build"))
    return _move_aside(target)


def _move_aside(target: Path) -> str:
    number = 1
    while os.path.lexists(aside := target.with_name(f"{target.name}.~{number}~")):
        number += 1
    try:
        os.rename(target, aside)
    except OSError as exc:
        raise WorksheetError(f"cannot set {target.name} aside: {exc.strerror}") from None
    return aside.name


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _pages(path: Path) -> int | None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return len(PdfReader(path).pages)
    except (OSError, PdfReadError):
        return None


def _remove_temporaries(out_dir: Path, tag: str, keep: Path | None = None) -> None:
    """Temporary files a stopped run or worker left (only names this tool makes)."""
    for path in out_dir.glob(tmp_glob(tag)):
        if keep is not None and path.name == keep.name:
            continue
        with contextlib.suppress(OSError):
            path.unlink()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while the run writes its records (they act right after).

    Blocking the signals with ``pthread_sigmask`` is not enough: the pool's threads do not
    block them, the kernel hands the signal to one of those, and Python then runs the handler
    in the main thread all the same. So the handlers themselves wait: while held, a signal is
    noted, and the handler it would have met runs when the hold ends."""
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers can only be set (and only run) in the main thread
        return
    caught: list[int] = []

    def later(signum: int, _frame: object) -> None:
        caught.append(signum)

    previous = {signum: signal.signal(signum, later) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if caught:
            first = signal.Signals(caught[0])
            _deliver(first, previous[first])


def _deliver(signum: int, handler: Callable[[int, Any], Any] | int | None) -> None:
    """What a signal held back would have done when it came."""
    if callable(handler):
        handler(signum, None)
    elif handler == signal.SIG_DFL:
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        signal.raise_signal(signum)
