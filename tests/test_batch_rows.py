"""Batch rows as a spreadsheet saves them: extra columns, its dates, its row numbers, warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import flat, page_texts, run_cli


def manifest_rows(out: Path) -> dict[int, dict[str, object]]:
    return {r["row"]: r for r in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["rows"]}


def first_page(pdf: Path) -> str:
    return flat(page_texts(pdf)[0])


def test_extra_columns_are_left_out_with_one_warning(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("Patient,only,notes,Phone,Patient ID\nAna Ruiz,bridge,call back,555-0100,A17\n"
                    "Bo Li,bridge,,,B20\n", encoding="utf-8")
    result = run_cli("batch", rows, "--out", tmp_path / "d", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "left out" in line]
    assert len(warnings) == 1  # one warning for the file, not one per row
    assert "notes, phone, patient_id" in warnings[0] and "--strict" in warnings[0]
    assert "Ana Ruiz" in first_page(tmp_path / "d" / "Ana-Ruiz.pdf")  # "Patient" is the patient column
    assert "call back" not in " ".join(page_texts(tmp_path / "d" / "Ana-Ruiz.pdf"))


def test_strict_refuses_any_unknown_column(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,notes\nAna,call back\n", encoding="utf-8")
    result = run_cli("batch", rows, "--out", tmp_path / "d", "--strict")
    assert result.exit_code == 2
    assert "rows.csv:1: unknown column 'notes' (--strict" in flat(result.stderr)
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize(("header", "meant"), [("pateint", "patient"), ("brnad", "brand"),
                                                ("large-print", "large_print")])
def test_a_column_that_looks_like_a_typo_is_still_refused(tmp_path: Path, header: str, meant: str) -> None:
    rows = tmp_path / "rows.yaml" if header == "brnad" else tmp_path / "rows.csv"
    yaml, csv = f"- {{patient: Ana, {header}: x}}\n", f"patient,{header}\nAna,x\n"
    rows.write_text(yaml if header == "brnad" else csv, encoding="utf-8")
    result = run_cli("batch", rows, "--out", tmp_path / "d")
    assert result.exit_code == 2
    assert f"unknown column {header!r}: did you mean {meant!r}?" in flat(result.stderr)
    assert not (tmp_path / "d").exists()


def test_spreadsheet_dates_in_batch_rows(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,date,paper,lang,only\n"
                    "Ana,02/12/2026,a4,,bridge\n"       # a European sheet: day first
                    "Bo,12/02/2026,letter,,bridge\n"    # Letter English: month first
                    "Cy,02/12/26,,es,bridge\n"          # Spanish: day first, a two-digit year
                    "Di,2026-02-31,,,bridge\n"          # no such day
                    "Ed,13/02/2026,,,bridge\n",         # month first, so no month 13
                    encoding="utf-8")
    out = tmp_path / "d"
    result = run_cli("batch", rows, "--out", out, "--jobs", "1")
    assert result.exit_code == 1
    assert "2 December 2026" in first_page(out / "Ana.pdf")
    assert "December 2, 2026" in first_page(out / "Bo.pdf")
    assert "2 de diciembre de 2026" in first_page(out / "Cy.pdf")
    by_row = manifest_rows(out)
    assert by_row[5]["error"] == ("date: no such date '2026-02-31': read as year-month-day, February 2026 "
                                  "has 28 days")
    assert by_row[6]["error"] == ("date: no such date '13/02/2026': read as month/day/year, there is no "
                                  "month 13 (if it is DD/MM/YYYY, use --date-format DD/MM/YYYY)")


def test_date_format_option_reads_every_row_the_same_way(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,date,only\nAna,02/12/2026,bridge\nBo,25.11.2026,bridge\n", encoding="utf-8")
    out = tmp_path / "d"
    result = run_cli("batch", rows, "--out", out, "--jobs", "1", "--date-format", "DD/MM/YYYY")
    assert result.exit_code == 0, result.stderr
    assert "December 2, 2026" in first_page(out / "Ana.pdf")  # read day first, printed US style
    assert "November 25, 2026" in first_page(out / "Bo.pdf")


def test_row_numbers_are_the_spreadsheets_and_the_line_when_it_differs(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text('patient,notes,only\nAna,"call back\nafter 5",bridge\n\nBo,,bridge\nCy,,nope\n',
                    encoding="utf-8")
    out = tmp_path / "d"
    result = run_cli("batch", rows, "--out", out, "--jobs", "1")
    assert result.exit_code == 1
    by_row = manifest_rows(out)
    assert sorted(by_row) == [2, 4, 5]  # the header is row 1; row 3 is blank
    assert by_row[2]["line"] is None  # starts on line 2
    assert by_row[4]["line"] == 5 and by_row[5]["line"] == 6  # the quoted line break moved them down
    assert by_row[5]["status"] == "failed"
    assert "5 (line 6)" in result.stderr and "unknown exercise 'nope'" in result.stderr


def test_each_rows_warnings_are_shown_and_kept_in_the_manifest(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,only\nAna अ,bridge\nBo,bridge\n", encoding="utf-8")
    out = tmp_path / "d"
    result = run_cli("batch", rows, "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert "row 2 (Ana-अ.pdf): warning: patient name: character 'अ' (U+0905) is not in the fonts" \
        in flat(result.stderr)
    by_row = manifest_rows(out)
    assert by_row[2]["patient"] == "Ana अ" and by_row[3]["patient"] == "Bo"
    assert by_row[2]["warnings"] == ["patient name: character 'अ' (U+0905) is not in the fonts and would "
                                     "print as �"]
    assert by_row[3]["warnings"] == []
    again = run_cli("batch", rows, "--out", out, "--jobs", "1")  # skipped: the warning still stands
    assert "skipped 2" in flat(again.stderr) and "warning: patient name" in again.stderr


def test_a_row_that_failed_is_never_said_to_be_written(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,date,only\nMaría García,,bridge\nMaría García,2026-02-31,bridge\n"
                    "María García,,bridge\n", encoding="utf-8")
    out = tmp_path / "d"
    result = run_cli("batch", rows, "--out", out, "--jobs", "1")
    assert result.exit_code == 1
    assert "wrote María-García-2.pdf" not in flat(result.stderr)
    assert not (out / "María-García-2.pdf").exists()
    assert "row 4: 'María García' was taken, wrote María-García-3.pdf" in flat(result.stderr)
    assert (out / "María-García-3.pdf").exists()


@pytest.mark.parametrize(("args", "printed"), [
    (("--date", "2026-12-02"), "December 2, 2026"),
    (("--date", "2026-12-02", "--paper", "a4"), "2 December 2026"),
    (("--date", "2026-12-02", "--lang", "es"), "2 de diciembre de 2026"),
    (("--date", "02/12/2026", "--paper", "a4"), "2 December 2026"),
    (("--date", "12/02/2026"), "December 2, 2026"),
    (("--date", "02/12/2026", "--date-format", "DD/MM/YYYY"), "December 2, 2026"),
    (("--date", "2026-12-02", "--date-style", "day-first"), "2 December 2026"),
    (("--date", "2026-12-02", "--paper", "a4", "--date-style", "month-first"), "December 2, 2026"),
])
def test_a_single_build_reads_and_prints_dates_as_the_sheet_does(tmp_path: Path, args: tuple[str, ...],
                                                                  printed: str) -> None:
    out = tmp_path / "a.pdf"
    result = run_cli("build", "--only", "bridge", *args, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert printed in first_page(out)


@pytest.mark.parametrize(("value", "words"), [
    ("2026-02-31", "--date: no such date '2026-02-31': read as year-month-day, February 2026 has 28 days"),
    ("31/04/2026", "--date: no such date '31/04/2026': read as month/day/year, there is no month 31"),
    ("next week", "--date must look like 2026-12-02 or 02/12/2026 (got 'next week')"),
])
def test_a_single_build_refuses_a_date_that_does_not_exist(tmp_path: Path, value: str, words: str) -> None:
    out = tmp_path / "a.pdf"
    result = run_cli("build", "--date", value, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {words}")
    assert len(result.stderr.splitlines()) == 1 and not out.exists()


def test_a_rows_date_style_column(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,date,date_style,only\nAna,2026-12-02,day-first,bridge\nBo,2026-12-02,sideways,"
                    "bridge\n", encoding="utf-8")
    out = tmp_path / "d"
    result = run_cli("batch", rows, "--out", out, "--jobs", "1")
    assert result.exit_code == 1
    assert "2 December 2026" in first_page(out / "Ana.pdf")
    error = str(manifest_rows(out)[3]["error"])
    assert "date_style must be auto, day-first, month-first (got 'sideways')" in error


def test_a_missing_translation_is_warned_about_per_row(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    (clinic / "exercises").mkdir(parents=True)
    (clinic / "exercises" / "neck-roll.md").write_text(
        "---\nid: neck-roll\ntitle: Neck Roll\nposition: Sitting\ndose: {reps: 5}\n---\nEases the neck.\n\n"
        "1. Sit tall.\n2. Roll slowly.\n3. Repeat {{ dose.reps }} times.\n\n"
        "> **Caution:** Stop if it hurts.\n", encoding="utf-8")
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,lang,only\nAna,es,neck-roll\nBo,en,neck-roll\n", encoding="utf-8")
    out = tmp_path / "d"
    result = run_cli("batch", rows, "--out", out, "--jobs", "1", "--content", clinic)
    assert result.exit_code == 0, result.stderr
    assert "row 2 (Ana.pdf): warning: " in result.stderr and "no es translation" in flat(result.stderr)
    by_row = manifest_rows(out)
    assert [w for w in by_row[2]["warnings"] if "no es translation (neck-roll.es.md)" in w]  # type: ignore[union-attr]
    assert by_row[3]["warnings"] == []


def test_a_build_replayed_from_the_layout_cache_prints_the_date_the_same_way(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "WORKSHEET_NO_CACHE": "0", "WORKSHEET_CACHE_DIR": str(tmp_path / "cache")}
    for name, extra in (("first", ()), ("hit", ()), ("styled", ("--date-style", "month-first"))):
        subprocess.run([sys.executable, "-m", "worksheet", "build", "--only", "bridge", "--paper", "a4",
                        "--date", "02/12/2026", *extra, "-o", str(tmp_path / f"{name}.pdf")],
                       capture_output=True, text=True, env=env, check=True)
    assert list((tmp_path / "cache").iterdir())  # the second build came from the cache
    assert "2 December 2026" in first_page(tmp_path / "hit.pdf")
    assert "December 2, 2026" in first_page(tmp_path / "styled.pdf")
