"""Hostile and odd rows files (issue 16, items 6 and 9): one clear line each, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_cli

from worksheet.errors import WorksheetError
from worksheet.rows import MAX_CELL_CHARS, MAX_ROWS, ROW_PROBLEM, read_rows, request_from_row


def refused(path: Path) -> str:
    """The one-line message ``read_rows`` refuses ``path`` with."""
    with pytest.raises(WorksheetError) as caught:
        list(read_rows(path))
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_json_nested_100000_deep_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert "nested more than 20 levels deep" in refused(path)


def test_json_nested_past_the_limit_but_parseable_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text('[{"patient": ' + "[" * 30 + "]" * 30 + "}]")
    assert "nested more than 20 levels deep" in refused(path)


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000,
                                  "".join(" " * (2 * i) + "-\n" for i in range(5000))])
def test_yaml_nested_5000_deep_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "rows.yaml"
    path.write_text(text)
    assert "nested far too deeply" in refused(path)


@pytest.mark.parametrize(("name", "text"), [("rows.json", '[{"patient": ' + "9" * 100_000 + "}]"),
                                            ("rows.yaml", "- patient: " + "9" * 100_000 + "\n")])
def test_a_100000_digit_number_is_refused(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    assert "a number is too long" in refused(path)


def test_a_huge_csv_header_cell_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("x" * 140_000 + "\nAna\n")
    assert refused(path).endswith(f"a cell is longer than {MAX_CELL_CHARS:,} characters")


def test_a_long_cell_in_a_row_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("patient\n" + "A" * (MAX_CELL_CHARS + 1) + "\n")
    assert f"rows.csv:2: row 2: a cell is longer than {MAX_CELL_CHARS:,}" in refused(path)


def test_too_many_rows_is_refused_at_the_row_that_crosses(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("patient\n" + "Ana\n" * (MAX_ROWS + 5))
    message = refused(path)
    assert f"rows.csv:{MAX_ROWS + 2}: has more than {MAX_ROWS:,} rows" in message


def test_too_big_a_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("worksheet.rows.MAX_FILE_BYTES", 100)
    for name in ("rows.csv", "rows.json", "rows.yaml"):
        path = tmp_path / name
        path.write_text("patient\n" + "Ana\n" * 50)
        assert "batch file is too big" in refused(path)


def test_unreadable_rows_file_says_cannot_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("patient\nAna\n")
    real_open = os.open

    def denied(file: object, *args: object, **kwargs: object) -> int:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    assert refused(path).endswith("cannot read batch file: Permission denied")


@pytest.mark.parametrize("name", ["rows.csv", "rows.json", "rows.yaml"])
def test_fifo_and_dev_zero_are_named_as_special(tmp_path: Path, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    assert "is a named pipe (FIFO), not a batch file" in refused(fifo)
    zero = tmp_path / f"zero-{name}"
    zero.symlink_to("/dev/zero")
    assert "is a character device, not a batch file" in refused(zero)


def test_cli_fifo_rows_file_exits_2_with_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "rows.csv"
    os.mkfifo(fifo)
    run = run_cli("batch", fifo, "--out", tmp_path / "out")
    assert run.exit_code == 2
    assert "named pipe" in run.stderr and "not found" not in run.stderr


def test_duplicate_csv_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("patient,dose.bridge.reps,dose.bridge.reps\nAna,10,12\n")
    assert "column 'dose.bridge.reps' appears twice" in refused(path)
    run = run_cli("batch", path, "--out", tmp_path / "out")
    assert run.exit_code == 2 and "dose.bridge.reps" in run.stderr


def test_duplicate_json_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text('[{"patient": "Ana", "dose.bridge.reps": 10, "dose.bridge.reps": 12}]')
    assert "duplicate key 'dose.bridge.reps'" in refused(path)


def test_duplicate_yaml_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.yaml"
    path.write_text("- patient: Ana\n  patient: Bea\n")
    assert "duplicate key 'patient'" in refused(path)


def test_extra_cells_fail_their_row_and_blank_rows_keep_numbers(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("patient\nAna\n   \n\nRuiz, Ana\nBea,,\n")
    rows = list(read_rows(path))
    assert [n for n, _ in rows] == [2, 5, 6]  # the header is row 1; 3 and 4 are blank: skipped, counted
    assert ROW_PROBLEM not in rows[0][1] and ROW_PROBLEM not in rows[2][1]  # empty trailing cells
    with pytest.raises(WorksheetError, match="extra cell 'Ana'"):
        request_from_row(rows[1][1])


def test_batch_fails_the_row_with_extra_cells(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("patient\nAna\n\nRuiz, Ana\n")
    out = tmp_path / "out"
    run = run_cli("batch", path, "--out", out, "--jobs", "1")
    assert run.exit_code == 1
    import json
    manifest = json.loads((out / "manifest.json").read_text())
    by_row = {r["row"]: r for r in manifest["rows"]}
    assert by_row[2]["status"] == "built"
    assert by_row[4]["status"] == "failed" and "extra cell 'Ana'" in by_row[4]["error"]


def test_json_places_follow_the_parser_not_the_look_of_the_text() -> None:
    from worksheet.rowplaces import json_places

    # brackets, braces, quotes and an escaped line break inside strings, a row on one line
    # after another, a number and a nested list: only a real tokenizer gets these right
    text = ('[ {"patient": "A [b] {c}", "only": ["x", "y"]},{"patient": "say \\"hi\\"\\n"},\n'
            '\n  {\n    "dose.bridge.reps": 12,\n    "patient": "Ñandú"\n  }\n]')
    places = json_places(text)
    assert places.rows == [(1, 3), (1, 48), (3, 3)]
    assert places.keys[0] == {"patient": (1, 4), "only": (1, 28)}
    assert places.keys[2] == {"dose.bridge.reps": (4, 5), "patient": (5, 5)}
    assert json_places("[]").rows == [] and json_places(' [\n"a", 3 ]').rows == [(2, 1), (2, 6)]


def test_a_json_key_written_twice_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text('[\n {"patient": "Ana",\n  "only": "bridge",\n  "patient": "Bea"}\n]\n')
    assert refused(path).endswith("rows.json:4:3: duplicate key 'patient' in a row")


def test_a_yaml_row_that_is_not_a_mapping_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "rows.yaml"
    path.write_text("- patient: Ana\n\n- just a name\n")
    assert refused(path).endswith("rows.yaml:3:3: row 2 is not a mapping of column: value")


def test_a_column_named_twice_in_a_yaml_row_names_the_second(tmp_path: Path) -> None:
    path = tmp_path / "rows.yaml"
    path.write_text("- patient: Ana\n- patient: Bo\n  Large Print: yes\n  large_print: no\n")
    assert refused(path).endswith("rows.yaml:4:3: row 2 names column 'large_print' twice (in another case "
                                  "or spacing)")


def test_a_date_that_does_not_exist_fails_only_its_yaml_row(tmp_path: Path) -> None:
    path = tmp_path / "rows.yaml"  # PyYAML stops the whole file at 2026-02-31; its row alone fails
    path.write_text("- {patient: Ana, date: 2026-12-02}\n- {patient: Bo, date: 2026-02-31}\n")
    (_, ana), (_, bo) = list(read_rows(path))
    assert request_from_row(ana).date is not None and str(request_from_row(ana).date) == "2026-12-02"
    with pytest.raises(WorksheetError, match="no such date '2026-02-31'"):
        request_from_row(bo)


def test_a_merge_target_that_is_a_rows_handout_names_the_rows_line(tmp_path: Path) -> None:
    rows = tmp_path / "rows.yaml"
    rows.write_text("- patient: Ana\n  only: bridge\n- patient: Bo\n  output: all\n")
    out = tmp_path / "d"
    run = run_cli("batch", rows, "--out", out, "--merge", out / "all.pdf")
    assert run.exit_code == 2
    assert "--merge would overwrite the handout of row 2 (line 3)" in run.stderr
