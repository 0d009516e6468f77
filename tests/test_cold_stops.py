"""A bug or a Ctrl-C during `worksheet build`: the same report whichever way the line is read
(without Typer for a plain line, by Typer for any other), and never a partial PDF."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

_STAND_IN = """
import sys, time
import worksheet.coldbuild as coldbuild

WHAT = sys.argv[1]

def build_file(*args, **kwargs):
    if WHAT == "crash":
        raise RuntimeError("a bug in the layout")
    sys.stderr.write("building\\n")
    sys.stderr.flush()
    time.sleep(60)

coldbuild.build_file = build_file
sys.argv = ["worksheet", *sys.argv[2:]]
from worksheet.cli import main
main()
"""

PLAIN = ["build", "--patient", "Ana Secretname", "-o", "out.pdf"]
"""Read without Typer (``cli_fastbuild``)."""
TYPER = ["build", "--patient", "Bo", "--patient", "Ana Secretname", "-o", "out.pdf"]
"""An option given twice: the plain reader leaves the line to Typer."""


def _start(tmp_path: Path, what: str, argv: list[str]) -> subprocess.Popen[str]:
    script = tmp_path / "stand_in.py"
    script.write_text(_STAND_IN, encoding="utf-8")
    env = {**os.environ, "WORKSHEET_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "80"}
    return subprocess.Popen([sys.executable, str(script), what, *argv], cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_the_two_ways_in_are_told_apart() -> None:
    from worksheet import cli_fastbuild

    assert cli_fastbuild.parse(PLAIN[1:]) is not None
    assert cli_fastbuild.parse(TYPER[1:]) is None


def test_a_bug_is_reported_alike_both_ways_without_the_locals(tmp_path: Path) -> None:
    reports = []
    for argv in (PLAIN, TYPER):
        process = _start(tmp_path, "crash", argv)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 1
        assert "─ Traceback (most recent call last) ─" in err  # Typer's short traceback box, not Python's
        assert err.rstrip().endswith("RuntimeError: a bug in the layout")
        assert "Secretname" not in out + err  # locals (the patient's name) are never shown
        reports.append(err.strip().splitlines()[-1])
    assert reports[0] == reports[1]
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("argv", [PLAIN, TYPER], ids=["plain", "typer"])
def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path, argv: list[str]) -> None:
    process = _start(tmp_path, "stop", argv)
    assert process.stderr is not None
    assert process.stderr.readline() == "building\n"  # the stop comes while the handout is made
    time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.strip() == "stopped (Ctrl-C)"
    assert "Traceback" not in err and "Aborted" not in err and out == ""
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*.wstmp"))


def test_ctrl_c_while_the_command_loads_exits_130(tmp_path: Path) -> None:
    script = tmp_path / "early.py"
    script.write_text("import sys\nimport worksheet.cli as cli\n"
                      "def stop(argv):\n    raise KeyboardInterrupt\n"
                      "cli._main = stop\ncli.main()\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr.strip(), done.stdout) == (130, "stopped (Ctrl-C)", "")
