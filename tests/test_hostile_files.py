"""Input files that are not regular files (issue 16, item 7): refused by name, never hung on."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import run_cli

from worksheet import fingerprint, images, yamlfile
from worksheet.errors import WorksheetError


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "brand.yaml"
    os.mkfifo(path)
    return path


def test_fingerprint_does_not_hang_on_a_fifo(fifo: Path) -> None:
    assert fingerprint._hash_file(fifo).startswith("unreadable:")
    assert fingerprint.file_sha256(fifo) is None


def test_fingerprint_does_not_read_dev_zero(tmp_path: Path) -> None:
    zero = tmp_path / "logo.png"
    zero.symlink_to("/dev/zero")
    assert fingerprint._hash_file(zero).startswith("unreadable:")
    assert fingerprint.file_sha256(zero) is None


def test_fingerprint_of_a_regular_file_is_its_sha256(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    assert fingerprint.file_sha256(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_image_fifo_is_refused_by_name(tmp_path: Path) -> None:
    for name in ("pic.png", "pic.svg"):
        path = tmp_path / name
        os.mkfifo(path)
        with pytest.raises(WorksheetError, match="named pipe"):
            images.load_image(path, (1.0, 1.0))


def test_deep_yaml_content_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(WorksheetError, match="nested far too deeply"):
        yamlfile.parse_yaml("a: " + "[" * 5000 + "]" * 5000, tmp_path / "b.yaml")


def test_batch_row_with_a_fifo_brand_fails_that_row_only(tmp_path: Path, fifo: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(f"patient,brand\nAna,\nBea,{fifo}\n")
    out = tmp_path / "out"
    run = run_cli("batch", rows, "--out", out, "--jobs", "1")
    assert run.exit_code == 1
    by_row = {r["row"]: r for r in json.loads((out / "manifest.json").read_text())["rows"]}
    assert by_row[1]["status"] == "built"
    # the row fails (before the fix the fingerprint step hung here forever), naming the pipe
    assert by_row[2]["status"] == "failed"
    assert "brand.yaml: brand file is a named pipe (FIFO)" in by_row[2]["error"]


@pytest.mark.parametrize("where", ["exercises/fifo-stretch.md", "templates/safety.j2"])
def test_content_fifo_is_reported_by_name_not_skipped_or_hung_on(tmp_path: Path, where: str) -> None:
    from worksheet.content import load_library

    path = tmp_path / "clinic" / where
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    with pytest.raises(WorksheetError) as caught:
        load_library(tmp_path / "clinic")
    assert "is a named pipe (FIFO)" in str(caught.value)


def test_an_oversized_brand_font_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from worksheet.content import load_library

    monkeypatch.setattr("worksheet.brands.MAX_FONT_BYTES", 10)
    brands = tmp_path / "clinic" / "brands"
    brands.mkdir(parents=True)
    (brands / "big.ttf").write_bytes(b"\0" * 100)
    (brands / "big.yaml").write_text("clinic: Big\nfont: {regular: big.ttf, bold: big.ttf}\n")
    with pytest.raises(WorksheetError, match="font file is too big"):
        load_library(tmp_path / "clinic")


def test_a_logo_that_is_a_pipe_is_refused_by_name(tmp_path: Path) -> None:
    """(A link to /dev/zero is refused already: it leads outside the content folder.)"""
    clinic = tmp_path / "clinic" / "brands"
    clinic.mkdir(parents=True)
    os.mkfifo(clinic / "logo.png")
    (clinic / "zero.yaml").write_text("clinic: Zero Clinic\nlogo: logo.png\n", encoding="utf-8")
    run = run_cli("build", "--brand", str(clinic / "zero.yaml"), "-o", tmp_path / "x.pdf")
    assert run.exit_code == 2
    assert "image file is a named pipe (FIFO)" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


NOT_A_WORD = "invalid YAML: a key must be a word, not a list or a mapping"


@pytest.mark.parametrize(("text", "expected"), [
    ("title: T\nitems: [{? [a]: 1}]\n", f"t.yaml:2:12: {NOT_A_WORD}"),
    ("? {a: 1}\n: x\n", f"t.yaml:1:3: {NOT_A_WORD}"),
])
def test_a_list_or_mapping_as_a_key_is_one_line_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clinic" / "worksheets").mkdir(parents=True)
    (tmp_path / "clinic" / "worksheets" / "t.yaml").write_text(text, encoding="utf-8")
    result = run_cli("check", "--content", "clinic")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: clinic/worksheets/{expected}", "1 problem(s) found"]
