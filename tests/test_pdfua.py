"""veraPDF's PDF/UA-1 profile runs in the tests: one Java process per test session."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pdfua_tools import Verdict, validate
from reportlab.pdfgen.canvas import Canvas


def _untagged(path: Path) -> None:
    """A plain ReportLab page: what every sheet is before tagging (the validator must fail it)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "Hello")
    canvas.save()
    path.write_bytes(buffer.getvalue())


@pytest.fixture(scope="session")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Verdict]:
    folder = tmp_path_factory.mktemp("pdfua")
    paths = {"untagged": folder / "untagged.pdf"}
    _untagged(paths["untagged"])
    found = validate(list(paths.values()))
    return {name: found[path] for name, path in paths.items()}


def test_the_validator_fails_an_untagged_pdf(verdicts: dict[str, Verdict]) -> None:
    """The check can fail: no MarkInfo (6.2-1), untagged content (7.1-3), no XMP (7.1-8)."""
    verdict = verdicts["untagged"]
    assert not verdict.compliant
    assert {"6.2-1", "7.1-3", "7.1-8"} <= set(verdict.rules)
