"""Batches of this checkout against another one, paired: each round runs every case once with
each checkout in turn (alternating which goes first), so both see the same load.

    python bench/paired.py OTHER_CHECKOUT [--rows 200] [--rounds 5] [--kinds demo,varied] [--jobs 1,2]

Prints, per case, the median rate and CPU time per row (user + system of the whole process
tree) of each checkout and the median of the rounds' ratios (this ÷ other).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from batches import ROOT, batch_run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("other", type=Path)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--kinds", default="demo,varied")
    parser.add_argument("--jobs", default="1,2")
    args = parser.parse_args()
    envs = {"this": {**os.environ, "PYTHONPATH": str(ROOT)},
            "other": {**os.environ, "PYTHONPATH": str(args.other.resolve())}}
    cases = [(kind, int(jobs)) for kind in args.kinds.split(",") for jobs in args.jobs.split(",")]
    cpu: dict[tuple[str, int, str], list[float]] = {}
    rate: dict[tuple[str, int, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for number in range(args.rounds):
            for kind, jobs in cases:
                order = ("this", "other") if number % 2 == 0 else ("other", "this")
                for who in order:
                    per_second, _, used, _ = batch_run(Path(tmp), kind, args.rows, jobs, envs[who])
                    rate.setdefault((kind, jobs, who), []).append(per_second)
                    cpu.setdefault((kind, jobs, who), []).append(used / args.rows * 1000)
    out = sys.stdout
    out.write("case | this: rate, CPU ms/row | other: rate, CPU ms/row | CPU ratio (range) | rate ratio\n")
    for kind, jobs in cases:
        mine, theirs = (kind, jobs, "this"), (kind, jobs, "other")
        ratios = [a / b for a, b in zip(cpu[mine], cpu[theirs], strict=True)]
        speed = [a / b for a, b in zip(rate[mine], rate[theirs], strict=True)]
        out.write(f"{kind} --jobs {jobs} | {statistics.median(rate[mine]):.1f}/s, "
                  f"{statistics.median(cpu[mine]):.1f} | {statistics.median(rate[theirs]):.1f}/s, "
                  f"{statistics.median(cpu[theirs]):.1f} | {statistics.median(ratios):.2f} "
                  f"({min(ratios):.2f}–{max(ratios):.2f}) | {statistics.median(speed):.2f}\n")


if __name__ == "__main__":
    main()
