"""Shared helpers: run the CLI, read a built PDF the way a reader would."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from worksheet.cli import app


@pytest.fixture(autouse=True, scope="session")
def _no_layout_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every build in the tests (and in the processes they start) is a fresh one, and nothing is
    written to the user's cache folder; tests/test_layout_cache.py turns the cache on where it
    tests it."""
    import os

    os.environ["WORKSHEET_NO_CACHE"] = "1"
    os.environ["WORKSHEET_CACHE_DIR"] = str(tmp_path_factory.mktemp("layout-cache"))


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path) -> Run:
    """Run ``worksheet ARGS`` in-process and capture what a user sees."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def page_texts(path: Path) -> list[str]:
    """The extracted text of every page."""
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def flat(text: str) -> str:
    """Text with all runs of whitespace made single spaces (lines wrap anywhere)."""
    return " ".join(text.split())


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Build a handout once per set of arguments and return the PDF path."""
    cache: dict[tuple[str, ...], Path] = {}
    folder = tmp_path_factory.mktemp("built")

    def build(*args: str) -> Path:
        if args not in cache:
            out = folder / f"h{len(cache)}.pdf"
            result = run_cli("build", *args, "-o", out)
            assert result.exit_code == 0, result.stderr
            cache[args] = out
        return cache[args]

    return build


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write ``{relative path: text}`` under ``root`` (text is dedented)."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


EXERCISE = """
---
id: {id}
title: {title}
position: Standing
dose: {{hold_seconds: 10, reps: 4}}
---
Does something useful.

1. First step.
2. Hold for {{{{ dose.hold_seconds }}}} seconds.
3. Repeat {{{{ dose.reps }}}} times.

> **Caution:** Go gently.
"""


def exercise(id: str = "wall-push", title: str = "Wall Push") -> str:
    """A valid exercise file's text."""
    return EXERCISE.format(id=id, title=title)


WORKSHEET = """
title: Tiny Sheet
intro: Short intro.
items: [wall-push]
safety:
  stop_if: [Pain spreads down a leg.]
log: {weeks: 1, days: [mon, wed, fri], pain_row: false}
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="write the golden files anew from this build instead of comparing")
