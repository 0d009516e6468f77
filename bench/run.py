"""Benchmarks: warm in-process build time, batch throughput and memory, demo PDF size.

Run with ``make bench``. Prints one table; writes only into a temporary folder.
Times are medians over repeated runs (with the 10th-90th percentile spread),
never a single timing.
"""

from __future__ import annotations

import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from worksheet.content import load_library
from worksheet.layout import render_pdf
from worksheet.model import Request
from worksheet.resolve import resolve

BUILDS = 60
ROWS = 500


def warm_build_ms() -> tuple[float, float, float, int]:
    library = load_library()
    request = Request(patient="Ana Ruiz")
    for _ in range(5):  # warm: fonts registered, images decoded, templates compiled
        render_pdf(resolve(library, request))
    times = []
    for n in range(BUILDS):
        start = time.perf_counter()
        data = render_pdf(resolve(library, Request(patient=f"Patient {n}")))
        times.append((time.perf_counter() - start) * 1000)
    q = statistics.quantiles(times, n=10)
    return statistics.median(times), q[0], q[-1], len(data)


def new_layout_ms() -> float:
    """Each handout with a layout not seen before (another dose), so nothing is replayed."""
    library = load_library()
    for n in range(3):
        render_pdf(resolve(library, Request(doses=(("bridge", "reps", str(100 + n)),))))
    times = []
    for n in range(BUILDS // 2):
        request = Request(patient=f"Patient {n}", doses=(("bridge", "reps", str(n + 1)),))
        start = time.perf_counter()
        render_pdf(resolve(library, request))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def batch_run(folder: Path, rows: int, jobs: int, dated: bool = False) -> tuple[float, float]:
    """``dated``: every row has its own date, as a clinic's week of appointments has."""
    rows_file = folder / f"rows-{rows}-{dated}.csv"
    with rows_file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["patient", "date", "brand"])
        for n in range(rows):
            date = f"2026-{11 + n // 30 % 2:02d}-{1 + n % 30:02d}" if dated else "2026-11-25"
            writer.writerow([f"Patient {n:05d}", date, "harbor" if n % 2 else "default"])
    out = folder / f"out-{rows}-{jobs}-{dated}"
    start = time.perf_counter()
    # a fresh process per run, so each run's peak memory is its own
    code = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from worksheet.batch import run_batch\n"
        f"run_batch(Path({str(rows_file)!r}), Path({str(out)!r}), jobs={jobs})\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "sys.stdout.write(f'{max(own, kids)}')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    return rows / elapsed, int(result.stdout) / 1024


def main() -> None:
    median, p10, p90, size = warm_build_ms()
    lines = [("warm build, demo worksheet (ms/handout)", f"median {median:.1f}  (p10 {p10:.1f}, p90 {p90:.1f})"),
             ("warm build, a layout not seen before (ms)", f"median {new_layout_ms():.1f}"),
             ("demo PDF size", f"{size / 1024:.1f} KB")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rows, jobs, dated in ((100, 2, False), (ROWS, 1, False), (ROWS, 2, False), (ROWS, 2, True)):
            rate, rss = batch_run(folder, rows, jobs, dated)
            label = f"batch {rows} rows, --jobs {jobs}" + (", a date per row" if dated else "")
            lines.append((label, f"{rate:.1f} handouts/s, peak RSS {rss:.0f} MB"))
    width = max(len(k) for k, _ in lines)
    sys.stdout.write(f"{'benchmark'.ljust(width)}  result\n{'-' * width}  {'-' * 40}\n")
    for key, value in lines:
        sys.stdout.write(f"{key.ljust(width)}  {value}\n")


if __name__ == "__main__":
    main()
