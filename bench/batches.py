"""Batch figures as users run them: a fresh process per batch, start-up and content load included.

Kinds of batch: the demo sheet (a name and date per row), a clinic with its own PNG logo
and JPEG photo illustrations, rows that each have a dose of their own (``varied``: a new
layout every row), rows that each leave out other exercises and have their own dose
(``choice``), and fillable sheets (a name and date per row). Per-row cost is (a long
batch − a short one) / the rows between, at ``--jobs 1``, in wall time and in CPU time
(user + system of the whole process tree, workers included). Peak memory is the parent's
or the largest worker's.
"""

from __future__ import annotations

import csv
import itertools
import os
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


KINDS = ("demo", "clinic", "varied", "choice", "fillable")
EXERCISES = ("pelvic-tilt", "bridge", "seat-cushion", "piriformis-stretch", "trunk-rotation",
             "hamstring-stretch", "it-band-ql-stretch")
# every row of "choice" leaves out one or two exercises and has its own bridge dose: no two rows alike
_CHOICES = [",".join(left) for size in (1, 2) for left in itertools.combinations(EXERCISES[2:], size)]


def rows_file(folder: Path, kind: str, rows: int) -> Path:
    path = folder / f"rows-{kind}-{rows}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["patient", "date", "brand", "fillable", "exclude", "dose.bridge.reps",
                         "dose.bridge.hold_seconds"])
        for n in range(rows):
            date = f"2026-{11 + n // 30 % 2:02d}-{1 + n % 30:02d}"
            brand = "lakeside" if kind == "clinic" else "default"
            reps = hold = exclude = ""
            if kind == "varied":  # a dose of its own on every row: a new layout every row
                reps, hold = str(5 + n % 20), str(3 + n // 20)
            elif kind == "choice":
                exclude, reps = _CHOICES[n % len(_CHOICES)], str(5 + n // len(_CHOICES))
            fillable = "yes" if kind == "fillable" else ""
            writer.writerow([f"Patient {n:05d}", date, brand, fillable, exclude, reps, hold])
    return path


def batch_run(folder: Path, kind: str, rows: int, jobs: int,
              env: dict[str, str] | None = None) -> tuple[float, float, float, float]:
    """Handouts per second, seconds, CPU seconds of the process tree and peak RSS (MB) of one
    batch in a new process (``env``: the environment it runs in, for another checkout)."""
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
    before = os.times()
    start = time.perf_counter()
    # from the bench's folder: ``python -c`` puts the working folder first on sys.path, and a
    # checkout's own folder would win over ``env``'s PYTHONPATH (the other checkout)
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                            env=env, cwd=folder)
    elapsed = time.perf_counter() - start
    after = os.times()  # the batch's process and its workers, reaped: all counted as children
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    shutil.rmtree(out, ignore_errors=True)
    return rows / elapsed, elapsed, cpu, int(result.stdout) / 1024


def _spread(values: list[float], unit: str, digits: int = 1) -> str:
    return (f"median {statistics.median(values):.{digits}f}{unit} "
            f"({min(values):.{digits}f}–{max(values):.{digits}f})")


def batch_figures(folder: Path, rows: int = 200, runs: int = 3,
                  kinds: tuple[str, ...] = KINDS) -> list[tuple[str, str]]:
    """Throughput per kind and --jobs (median of ``runs``, with the range), interleaved, and the
    per-row cost at --jobs 1 of the demo and the clinic (wall and CPU)."""
    cases = [(kind, jobs) for kind in kinds for jobs in (1, 2)]
    rates: dict[tuple[str, int], list[float]] = {case: [] for case in cases}
    cpu: dict[tuple[str, int], list[float]] = {case: [] for case in cases}
    per_row: dict[str, list[tuple[float, float]]] = {kind: [] for kind in ("demo", "clinic") if kind in kinds}
    for _ in range(runs):
        for kind, jobs in cases:
            rate, seconds, used, _ = batch_run(folder, kind, rows, jobs)
            rates[(kind, jobs)].append(rate)
            cpu[(kind, jobs)].append(used / rows * 1000)
            if jobs == 1 and kind in per_row:
                _, short, short_cpu, _ = batch_run(folder, kind, 10, 1)
                between = rows - 10
                per_row[kind].append(((seconds - short) / between * 1000,
                                      (used - short_cpu) / between * 1000))
    lines = []
    for case, values in rates.items():
        kind, jobs = case
        lines.append((f"batch {rows} rows, {kind}, --jobs {jobs}",
                      f"{_spread(values, '/s')}; CPU {statistics.median(cpu[case]):.1f} ms/row"))
    for kind, pairs in per_row.items():
        lines.append((f"per-row cost, {kind}, --jobs 1", f"wall {_spread([w for w, _ in pairs], ' ms')}, "
                                                       f"CPU {_spread([c for _, c in pairs], ' ms')}"))
    return lines


def memory_figures(folder: Path, sizes: tuple[int, ...] = (1_000, 10_000)) -> list[tuple[str, str]]:
    """Peak RSS of the demo batch at --jobs 2 for each size (one run each: memory is not noisy)."""
    lines = []
    for rows in sizes:
        rate, _, _, rss = batch_run(folder, "demo", rows, 2)
        lines.append((f"peak RSS, demo, {rows} rows, --jobs 2", f"{rss:.0f} MB ({rate:.1f}/s)"))
    return lines
