"""Batch figures as users run them: a fresh process per batch, start-up and content load included.

Three kinds of batch: the demo sheet (a name and date per row), a clinic with its own
PNG logo and JPEG photo illustrations, and rows that each change a dose (a layout per
row). Per-row cost is (a long batch − a short one) / the rows between, at ``--jobs 1``,
against the warm in-process build. Peak memory is the parent's or the largest worker's.
"""

from __future__ import annotations

import csv
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def clinic_folder(folder: Path) -> Path:
    """A clinic's content folder: a PNG logo and a JPEG photo for every bundled exercise."""
    from PIL import Image

    clinic = folder / "clinic"
    if clinic.exists():
        return clinic
    for sub in ("brands", "illustrations", "exercises"):
        (clinic / sub).mkdir(parents=True)
    rng = random.Random(14)
    logo = Image.new("RGBA", (600, 600), (255, 255, 255, 0))
    logo.paste((31, 95, 139, 255), (60, 60, 540, 540))
    logo.save(clinic / "brands" / "logo.png")
    (clinic / "brands" / "lakeside.yaml").write_text(
        "clinic: Lakeside Physio\nlogo: logo.png\nprimary: \"#1f5f8b\"\naccent: \"#e6f0f7\"\n"
        "contact: [\"Tel: +1 555 0100\"]\n", encoding="utf-8")
    for source in sorted((ROOT / "content" / "exercises").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if not line.startswith("illustration:")]
        (clinic / "exercises" / source.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        if source.name.count(".") == 1:  # one photo per exercise (the Spanish file shares it)
            photo = Image.effect_noise((900, 700), 40).convert("RGB")
            photo.paste((rng.randrange(256), rng.randrange(256), rng.randrange(256)), (200, 150, 700, 550))
            photo.save(clinic / "illustrations" / f"{source.stem}.jpg", quality=85)
    return clinic


def rows_file(folder: Path, kind: str, rows: int) -> Path:
    path = folder / f"rows-{kind}-{rows}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["patient", "date", "brand", "dose.bridge.reps"])
        for n in range(rows):
            date = f"2026-{11 + n // 30 % 2:02d}-{1 + n % 30:02d}"
            brand = "lakeside" if kind == "clinic" else "default"
            reps = str(5 + n % 40) if kind == "varied" else ""  # 40 doses: a new layout for most rows
            writer.writerow([f"Patient {n:05d}", date, brand, reps])
    return path


def batch_run(folder: Path, kind: str, rows: int, jobs: int) -> tuple[float, float, float]:
    """Handouts per second, seconds and peak RSS (MB) of one batch in a new process."""
    source = rows_file(folder, kind, rows)
    out = folder / f"out-{kind}-{rows}-{jobs}"
    shutil.rmtree(out, ignore_errors=True)
    content = clinic_folder(folder) if kind == "clinic" else None
    code = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from worksheet.batch import run_batch\n"
        f"run_batch(Path({str(source)!r}), Path({str(out)!r}), jobs={jobs}, "
        f"content={None if content is None else f'Path({str(content)!r})'})\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "sys.stdout.write(f'{max(own, kids)}')\n"
    )
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return rows / elapsed, elapsed, int(result.stdout) / 1024


def batch_figures(folder: Path, rows: int = 200, runs: int = 3) -> list[tuple[str, str]]:
    """Throughput per kind and --jobs (median of ``runs``, with the range), interleaved."""
    cases = [(kind, jobs) for kind in ("demo", "clinic", "varied") for jobs in (1, 2)]
    rates: dict[tuple[str, int], list[float]] = {case: [] for case in cases}
    short: dict[str, list[float]] = {"demo": [], "clinic": []}
    long: dict[str, list[float]] = {"demo": [], "clinic": []}
    for _ in range(runs):
        for kind, jobs in cases:
            rate, seconds, _ = batch_run(folder, kind, rows, jobs)
            rates[(kind, jobs)].append(rate)
            if jobs == 1 and kind in short:
                long[kind].append(seconds)
                short[kind].append(batch_run(folder, kind, 10, 1)[1])
    lines = []
    for (kind, jobs), values in rates.items():
        lines.append((f"batch {rows} rows, {kind}, --jobs {jobs}",
                      f"median {statistics.median(values):.1f}/s ({min(values):.1f}–{max(values):.1f})"))
    for kind in short:
        per_row = [(b - a) / (rows - 10) * 1000 for a, b in zip(short[kind], long[kind], strict=True)]
        lines.append((f"per-row cost, {kind}, --jobs 1", f"median {statistics.median(per_row):.1f} ms "
                                                       f"({min(per_row):.1f}–{max(per_row):.1f})"))
    return lines


def memory_figures(folder: Path, sizes: tuple[int, ...] = (1_000, 10_000)) -> list[tuple[str, str]]:
    """Peak RSS of the demo batch at --jobs 2 for each size (one run each: memory is not noisy)."""
    lines = []
    for rows in sizes:
        rate, _, rss = batch_run(folder, "demo", rows, 2)
        lines.append((f"peak RSS, demo, {rows} rows, --jobs 2", f"{rss:.0f} MB ({rate:.1f}/s)"))
    return lines
