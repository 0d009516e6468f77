"""`--help` as a user reads it at 80 columns: nothing cut, flags without a value, every column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import flat
from typer.testing import CliRunner

from worksheet.cli import app
from worksheet.rows import OPTION_COLUMNS

README = Path(__file__).resolve().parent.parent / "README.md"


def help_text(*command: str) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=80, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", [(), ("build",), ("batch",), ("check",), ("new",), ("list",)])
def test_help_fits_80_columns_and_cuts_nothing(command: tuple[str, ...]) -> None:
    text = help_text(*command)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text and "..." not in text.replace("COMMAND [ARGS]...", "")
    assert "<bool>" not in text


def test_build_help_keeps_every_option_sentence_whole() -> None:
    text = flat(help_text("build"))
    assert "-o, --output <path> PDF to write (default: out/WORKSHEET.pdf)." in text
    assert ("Change a dose, e.g. bridge.reps=12 or piri.hold_seconds=30 (repeatable; an id or a unique "
            "prefix; fields: hold_seconds, reps, sets, times_per_day, each_side).") in text
    for flag in ("--fillable", "--large-print", "--grayscale", "--disclosure / --no-disclosure"):
        assert re.search(rf"{re.escape(flag)} [A-Z]", text), flag  # its help follows, no <bool>


def test_batch_help_lists_every_column_the_readme_lists() -> None:
    readme = flat(README.read_text(encoding="utf-8"))
    listed = readme.split("Every build option is a column with the same meaning:")[1]
    listed = listed.split("An empty cell")[0]
    columns = [c for c in re.findall(r"`([^`]+)`", listed) if c != "dose.bridge.reps"]  # an example
    assert set(OPTION_COLUMNS) <= set(columns)
    text = flat(help_text("batch"))
    missing = [c for c in columns if c.replace(" ", "") not in text.replace(" ", "")]
    assert missing == []
