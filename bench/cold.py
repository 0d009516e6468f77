"""Cold-process figures: each command as a user runs it, a new process every time.

Every round runs each command once, in turn, so a noisy machine slows them alike;
figures are medians over the rounds with the range, plus the median of the rounds'
paired ratios against the naive ReportLab script of ``bench/naive_sheet.py``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROUNDS = 7
BENCH = Path(__file__).resolve().parent


def _worksheet() -> list[str]:
    script = Path(sys.executable).with_name("worksheet")
    return [str(script)] if script.exists() else [sys.executable, "-m", "worksheet"]


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one process (``os.wait4``: its own rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise subprocess.CalledProcessError(status, command)
    return wall, usage.ru_utime + usage.ru_stime


def cold_figures(folder: Path, rounds: int = ROUNDS) -> list[tuple[str, str]]:
    """One line per command: wall median (range), CPU median, ratio to the naive script."""
    ws = _worksheet()
    cache = folder / "cache"
    env = {**os.environ, "WORKSHEET_CACHE_DIR": str(cache), "WORKSHEET_NO_CACHE": "0"}
    out = str(folder / "cold.pdf")
    # the layout recorded, and the help and list kept, once before the rounds (as after a first use)
    for first in (["build", "-o", out], ["--help"], ["list"]):
        subprocess.run([*ws, *first], check=True, capture_output=True, env=env)

    def unseen(n: int) -> list[str]:
        shutil.rmtree(folder / "empty", ignore_errors=True)  # nothing recorded: a layout never seen
        return [*ws, "build", "--patient", f"Patient {n}", "-o", out]

    commands: dict[str, Callable[[int], list[str]]] = {
        "naive ReportLab script, same kind of sheet":
            lambda n: [sys.executable, str(BENCH / "naive_sheet.py"), out],
        "worksheet --help": lambda n: [*ws, "--help"],
        "worksheet list": lambda n: [*ws, "list"],
        "worksheet build, layout built before (cache)": lambda n: [*ws, "build", "--patient", f"Patient {n}",
                                                                    "--date", "2026-11-25", "-o", out],
        "worksheet build, layout never seen (empty cache)": unseen,
        "worksheet build, layout never seen (a new dose; pictures, digests kept)":
            lambda n: [*ws, "build", "--dose", f"bridge.reps={20 + n}", "--patient", f"P {n}", "-o", out],
        "worksheet build --no-cache": lambda n: [*ws, "build", "--no-cache", "--patient", f"Patient {n}",
                                                 "-o", out],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for n in range(rounds):
        for name, make in commands.items():
            run_env = {**env, "WORKSHEET_CACHE_DIR": str(folder / "empty")} if make is unseen else env
            wall, cpu = _timed(make(n), run_env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    naive = "naive ReportLab script, same kind of sheet"
    lines = []
    for name in commands:
        w, c = walls[name], cpus[name]
        ratio = statistics.median(a / b for a, b in zip(c, cpus[naive], strict=True))  # CPU: load-proof
        lines.append((f"cold: {name}", f"wall {statistics.median(w):.3f} s ({min(w):.3f}–{max(w):.3f}), "
                                       f"CPU {statistics.median(c):.3f} s ({min(c):.3f}–{max(c):.3f}), "
                                       f"CPU {ratio:.2f}× the naive script"))
    return lines


if __name__ == "__main__":  # python bench/cold.py [ROUNDS]: this table alone
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        for figure, value in cold_figures(Path(scratch), int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS):
            print(f"{figure}: {value}")
