"""Benchmarks: warm in-process build time, cold processes as users run them, batch
throughput, per-row cost and memory, demo PDF size.

Run with ``make bench``. Prints one table; writes only into a temporary folder (the
layout cache included). Times are medians over repeated runs with their spread,
never a single timing. ``BENCH_QUICK=1`` runs fewer rounds and skips the 10,000 rows;
``BENCH_MEMORY_ROWS=1000,3000`` chooses the batch sizes of the memory figures.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from batches import batch_figures, memory_figures
from cold import cold_figures

from worksheet.content import load_library
from worksheet.layout import render_pdf
from worksheet.model import Request
from worksheet.resolve import resolve

BUILDS = 60


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


def main() -> None:
    median, p10, p90, size = warm_build_ms()
    lines = [("warm build, demo worksheet (ms/handout)",
              f"median {median:.1f}  (p10 {p10:.1f}, p90 {p90:.1f})"),
             ("warm build, a layout not seen before (ms)", f"median {new_layout_ms():.1f}"),
             ("demo PDF size", f"{size / 1024:.1f} KB")]
    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lines += cold_figures(folder, rounds=3 if quick else 7)
        lines += batch_figures(folder, rows=50 if quick else 200, runs=1 if quick else 3)
        sizes = os.environ.get("BENCH_MEMORY_ROWS", "200" if quick else "1000,10000")
        lines += memory_figures(folder, tuple(int(n) for n in sizes.split(",")))
    width = max(len(k) for k, _ in lines)
    sys.stdout.write(f"{'benchmark'.ljust(width)}  result\n{'-' * width}  {'-' * 40}\n")
    for key, value in lines:
        sys.stdout.write(f"{key.ljust(width)}  {value}\n")


if __name__ == "__main__":
    main()
