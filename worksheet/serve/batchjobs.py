"""Batch upload: the rows file goes through ``worksheet.batch`` (the CLI's engine) in a thread.

The upload and the PDFs live in a private temporary folder only while the batch runs; the
zip (PDFs + manifest) and the merged PDF are then kept in memory, for the last three batches.
An Excel ``.xlsx`` file is read with openpyxl and handed to the engine as CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from worksheet.errors import Problem, WorksheetError
from worksheet.serve.guard import read_body
from worksheet.serve.state import ServerState, new_secret

SUFFIXES = (".csv", ".yaml", ".yml", ".json", ".xlsx")
MAX_JOBS_KEPT = 3  # finished batches waiting to be downloaded; older ones are dropped
Handler = Callable[[Request], Awaitable[Response]]


@dataclass
class BatchJob:
    """One upload's progress and, when done, its results (in memory)."""

    total: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    finished: bool = False
    error: str = ""
    zip: bytes = b""
    merged: bytes = b""

    def summary(self) -> dict[str, Any]:
        return {"ok": not self.error, "total": self.total, "done": len(self.rows), "finished": self.finished,
                "error": self.error, "rows": sorted(self.rows, key=lambda r: r["row"]),
                "built": sum(r["status"] == "built" for r in self.rows),
                "failed": sum(r["status"] == "failed" for r in self.rows),
                "merged": bool(self.merged)}


def xlsx_to_csv(data: bytes, target: Path) -> None:
    """The first sheet of an Excel workbook as a CSV file the batch engine reads."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise WorksheetError(Problem("is not an Excel .xlsx workbook", path=Path(target.stem + ".xlsx"))) \
            from None
    sheet = book.worksheets[0]
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for row in sheet.iter_rows(values_only=True):
            writer.writerow([_cell(v) for v in row])
    book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def preflight(rows_file: Path, state: ServerState) -> int:
    """The number of rows; refuses more than the cap, and any worksheet or brand given as a file
    (the engine would open it: the browser never names a path on this machine)."""
    from worksheet.rows import read_rows, row_line

    library = state.current()
    count = 0
    for number, values in read_rows(rows_file):
        count += 1
        if count > state.settings.max_rows:
            raise WorksheetError(Problem(f"has more than {state.settings.max_rows} rows (the upload limit)",
                                         path=Path(rows_file.name)))
        for column, known in (("worksheet", library.worksheets), ("brand", library.brands)):
            value = str(values.get(column) or "").strip()
            if value and value not in known and ("/" in value or "\\" in value
                                                 or Path(value).suffix.lower() in (".yaml", ".yml")):
                raise WorksheetError(Problem(f"row {number}: {column} must be the id of one this app "
                                             f"knows; a file name cannot be used here (got {value!r})",
                                             path=Path(rows_file.name),
                                             line=row_line(values, number, column)))
    return count


def run_job(job: BatchJob, state: ServerState, data: bytes, filename: str) -> None:
    """Build every row; fill ``job`` as rows finish. Never raises."""
    from worksheet.batch import run_batch
    from worksheet.merge import merge_pdfs

    suffix = Path(filename).suffix.lower()
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in Path(filename).stem)[:60] or "rows"
    folder = Path(tempfile.mkdtemp(prefix="worksheet-serve-"))  # private (0700), removed below
    try:
        rows_file = folder / f"{stem}{'.csv' if suffix == '.xlsx' else suffix}"
        if suffix == ".xlsx":
            xlsx_to_csv(data, rows_file)
        else:
            rows_file.write_bytes(data)
        job.total = preflight(rows_file, state)
        out = folder / "out"

        def done(result: Any) -> None:
            job.rows.append({"row": result.row, "line": result.line, "output": result.output,
                             "status": result.status,
                             "pages": result.pages, "error": _local(result.error or "", folder)})

        report = run_batch(rows_file, out, jobs=1, content=state.settings.content, keep_outputs=True,
                           on_result=done)
        built = list(report.outputs or [])
        if built:
            merge_pdfs(out, built, folder / "merged.pdf")
            job.merged = (folder / "merged.pdf").read_bytes()
        job.zip = _zip(out, [name for name, _ in built])
    except WorksheetError as exc:
        job.error = _local(str(exc), folder)
    except Exception as exc:  # the server keeps serving; the page says the batch stopped
        job.error = f"internal error: the batch stopped ({type(exc).__name__})"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        job.finished = True


def _local(message: str, folder: Path) -> str:
    """A message without the private folder's name (the user knows only their file's)."""
    return message.replace(f"{folder}/out/", "").replace(f"{folder}/", "").replace(str(folder), "")


def _zip(out: Path, built: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in [*built, "manifest.json"]:
            if (out / name).is_file():
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # identical rows: identical zip
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, (out / name).read_bytes())
    return buffer.getvalue()


def routes(state: ServerState, guarded: Callable[[Handler], Handler]) -> list[Route]:
    """The batch endpoints: upload, progress, zip, merged PDF."""
    jobs: dict[str, BatchJob] = {}

    @guarded
    async def upload(request: Request) -> Response:
        name = Path(request.headers.get("x-filename", "")).name
        if Path(name).suffix.lower() not in SUFFIXES:
            return _refuse(f"choose a CSV, YAML, JSON or Excel .xlsx file (got {name or 'no name'!r})")
        limit = state.settings.max_upload_bytes
        data = await read_body(request, limit)
        if data is None:
            return _refuse(f"the upload is larger than {limit // 1_000_000} MB", 413)
        key, job = new_secret(), BatchJob()
        jobs[key] = job
        while len(jobs) > MAX_JOBS_KEPT:
            jobs.pop(next(iter(jobs)))
        threading.Thread(target=run_job, args=(job, state, data, name), daemon=True).start()
        return JSONResponse({"ok": True, "job": key})

    async def progress(request: Request) -> Response:
        job = jobs.get(request.path_params["job"])
        if job is None:
            return _refuse("this batch is no longer here: upload it again", 404)
        return JSONResponse(job.summary())

    async def download(request: Request) -> Response:
        job = jobs.get(request.path_params["job"])
        kind = request.path_params["kind"]
        if job is None or not job.finished or kind not in ("zip", "merged"):
            return _refuse("this batch is no longer here: upload it again", 404)
        if kind == "zip":
            return Response(job.zip, media_type="application/zip",
                            headers={"Content-Disposition": 'attachment; filename="handouts.zip"'})
        if not job.merged:
            return _refuse("no handout was built, so there is no merged PDF", 404)
        return Response(job.merged, media_type="application/pdf",
                        headers={"Content-Disposition": 'attachment; filename="handouts.pdf"'})

    return [Route("/api/batch", upload, methods=["POST"]),
            Route("/api/batch/{job}", progress),
            Route("/api/batch/{job}/{kind}", download)]


def _refuse(message: str, status: int = 400) -> Response:
    return JSONResponse({"ok": False, "problems": [{"field": "batch", "message": message}]},
                        status_code=status)
