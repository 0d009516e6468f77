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
    rows.write_text("patient,only\nAna 🦄,bridge\nBo,bridge\n", encoding="utf-8")
    out = tmp_path / "d"
    result = run_cli("batch", rows, "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert "row 2 (Ana-🦄.pdf): warning: patient name: character '🦄' (U+1F984) is not in the fonts" \
        in flat(result.stderr)
    by_row = manifest_rows(out)
    assert by_row[2]["patient"] == "Ana 🦄" and by_row[3]["patient"] == "Bo"
    assert by_row[2]["warnings"] == ["patient name: character '🦄' (U+1F984) is not in the fonts and would "
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


# A YAML and a JSON rows file with the same broken rows (issue 13, item 14): each failure names
# the line the user sees in the file: the wrong cell's line, whether the row is refused as it is
# read (a date, a flag, the paper) or when it is built (a brand, an exercise, a dose).
BROKEN_YAML = """\
# Monday's patients
- patient: Ana Ruiz
  only: bridge

- patient: Bo Li
  only: bridge
  brand: acme
- patient: Cy Diaz
  only: bridge
  date: 2026-02-31
- patient: Di Wu
  only: bridge
  large_print:
    - "yes"
- {patient: Ed Roe, only: bridge, paper: tabloid}
- patient: Flo Kim
  only:
    - bridge
    - brigde
- patient: Gus Ray
  only: bridge
  dose.bridge.reps: ten
"""
BROKEN_JSON = """\
[
  {"patient": "Ana Ruiz", "only": "bridge"},
  {
    "patient": "Bo Li",
    "only": "bridge",
    "brand": "acme"
  },
  {"patient": "Cy Diaz", "only": "bridge",
   "date": "2026-02-31"},
  {"patient": "Di Wu", "only": "bridge",

   "large_print": ["yes"]},
  {"patient": "Ed Roe", "only": "bridge", "paper": "tabloid"},
  {"patient": "Flo Kim",
   "only": ["bridge", "brigde"]},
  {"patient": "Gus Ray", "only": "bridge",
   "dose.bridge.reps": "ten"}
]
"""


@pytest.mark.parametrize(("name", "text", "lines"), [
    ("rows.yaml", BROKEN_YAML, {2: 7, 3: 10, 4: 13, 5: 15, 6: 17, 7: 22}),
    ("rows.json", BROKEN_JSON, {2: 6, 3: 9, 4: 12, 5: 13, 6: 15, 7: 17}),
])
def test_structured_rows_name_the_file_line_of_what_is_wrong(tmp_path: Path, name: str, text: str,
                                                             lines: dict[int, int]) -> None:
    rows = tmp_path / name
    rows.write_text(text, encoding="utf-8")
    out = tmp_path / "d"
    result = run_cli("batch", rows, "--out", out, "--jobs", "1")
    assert result.exit_code == 1
    by_row = manifest_rows(out)
    assert by_row[1]["status"] == "built"
    assert {n: by_row[n]["line"] for n in lines} == lines
    assert str(by_row[2]["error"]).startswith("unknown brand 'acme'")  # found when the row is built
    assert by_row[3]["error"] == ("date: no such date '2026-02-31': read as year-month-day, February 2026 "
                                  "has 28 days")  # the date's line; the rest of the file is still read
    assert by_row[4]["error"] == 'large_print must be one value, not a list (got ["yes"])'
    assert by_row[5]["error"] == "paper must be letter or a4 (got 'tabloid')"
    assert str(by_row[6]["error"]).startswith("unknown exercise 'brigde'")
    assert by_row[7]["error"] == 'dose.bridge.reps: must be a whole number (got "ten")'
    text_out = flat(result.stderr)
    for number, line in lines.items():
        assert f"{number} (line {line})" in text_out


@pytest.mark.parametrize(("name", "text", "where"), [
    ("rows.yaml", "- patient: Ana\n  only: bridge\n- patient: Bo\n  brnad: acme\n", "4:3"),
    ("rows.json", '[{"patient": "Ana"},\n {"patient": "Bo",\n  "brnad": "acme"}]\n', "3:3"),
])
def test_a_typo_column_in_yaml_or_json_names_its_line_and_column(tmp_path: Path, name: str, text: str,
                                                                 where: str) -> None:
    rows = tmp_path / name
    rows.write_text(text, encoding="utf-8")
    result = run_cli("batch", rows, "--out", tmp_path / "d")
    assert result.exit_code == 2
    assert flat(result.stderr).startswith(f"error: {rows}:{where}: unknown column 'brnad': did you mean "
                                          "'brand'?")
    assert not (tmp_path / "d").exists()


def clinic_brand(tmp_path: Path, extra: str) -> Path:
    """A clinic folder whose brand ``neck`` is the starter with ``extra`` lines added."""
    clinic = tmp_path / "clinic"
    made = run_cli("new", "brand", "neck", "--content", clinic)
    assert made.exit_code == 0, made.stderr
    brand = clinic / "brands" / "neck.yaml"
    brand.write_text(brand.read_text(encoding="utf-8") + extra + "logo: null\ncontact: [Call 555-0100]\n",
                     encoding="utf-8")
    return clinic


def test_a_brands_date_style_prints_day_first_and_the_cli_and_a_row_win(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clinic = clinic_brand(tmp_path, "date_style: day-first\n")
    monkeypatch.setenv("WORKSHEET_NO_CACHE", "0")
    monkeypatch.setenv("WORKSHEET_CACHE_DIR", str(tmp_path / "cache"))
    common = ("--brand", "neck", "--content", clinic, "--only", "bridge", "--date", "2026-12-02")
    for args, printed in (((), "2 December 2026"),  # Letter English, as the brand says
                          ((), "2 December 2026"),  # the same, replayed from the layout cache
                          (("--date-style", "month-first"), "December 2, 2026"),  # the flag wins
                          (("--lang", "es"), "2 de diciembre de 2026")):
        out = tmp_path / "a.pdf"
        result = run_cli("build", *common, *args, "-o", out)
        assert result.exit_code == 0, result.stderr
        assert printed in first_page(out), args
        assert list((tmp_path / "cache").iterdir())  # the layout was kept: the next one replays it
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,brand,date,date_style,only\nAna,neck,2026-12-02,,bridge\n"
                    "Bo,neck,2026-12-02,month-first,bridge\nCy,default,2026-12-02,,bridge\n",
                    encoding="utf-8")
    result = run_cli("batch", rows, "--out", tmp_path / "d", "--jobs", "1", "--content", clinic)
    assert result.exit_code == 0, result.stderr
    assert "2 December 2026" in first_page(tmp_path / "d" / "Ana.pdf")
    assert "December 2, 2026" in first_page(tmp_path / "d" / "Bo.pdf")  # the row's column wins
    assert "December 2, 2026" in first_page(tmp_path / "d" / "Cy.pdf")  # another brand: its own way


def test_a_brands_date_style_as_the_starter_writes_it_is_accepted(tmp_path: Path) -> None:
    clinic = clinic_brand(tmp_path, "")
    brand = clinic / "brands" / "neck.yaml"
    assert "# date_style: auto" in brand.read_text(encoding="utf-8")
    brand.write_text(brand.read_text(encoding="utf-8").replace("# date_style: auto", "date_style: auto"),
                     encoding="utf-8")
    assert run_cli("check", "--content", clinic).exit_code == 0


def test_a_bad_brand_date_style_is_one_message_with_file_and_line(tmp_path: Path) -> None:
    clinic = clinic_brand(tmp_path, "date_style: sideways\n")
    brand = clinic / "brands" / "neck.yaml"
    line = brand.read_text(encoding="utf-8").splitlines().index("date_style: sideways") + 1
    out = tmp_path / "a.pdf"
    result = run_cli("build", "--brand", "neck", "--content", clinic, "--date", "2026-12-02", "-o", out)
    assert result.exit_code == 2 and not out.exists()
    errors = [text for text in result.stderr.splitlines() if text.startswith("error:")]
    assert errors == [f"error: {brand}:{line}: date_style: must be auto, day-first or month-first "
                      "(got \"sideways\")"]
    checked = run_cli("check", "--content", clinic)
    assert checked.exit_code == 2 and f"{brand}:{line}: date_style: must be auto" in checked.stderr


def usage_error(result: object) -> str:
    """The "Error: …" line Click prints for a usage error."""
    lines = [line for line in str(getattr(result, "stderr", "")).splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, getattr(result, "stderr", "")
    return lines[0]


def test_a_build_option_given_to_batch_says_it_is_a_column(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("patient\nAna\n", encoding="utf-8")
    result = run_cli("batch", rows, "--out", tmp_path / "d", "--paper", "a4")
    assert result.exit_code == 2 and not (tmp_path / "d").exists()
    assert usage_error(result) == ("Error: --paper is a column of the rows file in batch: add the column "
                                   "'paper', or set it for every row with --set paper=a4")
    for args, told in ((("--large-print",), "--set large_print=yes"),
                       (("--no-header-band",), "--set header_band=no"),
                       (("--dose", "bridge.reps=12"), "add the column 'dose.bridge.reps', or set it for "
                                                      "every row with --set dose.bridge.reps=12"),
                       (("--brand=my clinic",), "--set 'brand=my clinic'"),
                       (("--patient", "Ana"), "add the column 'patient' (one for each row)"),
                       (("-o", "a.pdf"), "each row's PDF goes into --out DIR, named by its 'output' column")):
        result = run_cli("batch", rows, "--out", tmp_path / "d", *args)
        assert result.exit_code == 2 and told in usage_error(result), args
    result = run_cli("batch", rows, "--out", tmp_path / "d", "--jbos", "2")  # no column: Click's words
    assert result.exit_code == 2 and usage_error(result).startswith("Error: No such option: --jbos")


def test_every_build_option_that_is_a_batch_column_gets_the_hint(tmp_path: Path) -> None:
    import typer.main

    from worksheet.cli import app

    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    names = [n for p in commands["build"].params for n in (*p.opts, *p.secondary_opts) if n.startswith("-")]
    in_batch = {n for p in commands["batch"].params for n in (*p.opts, *p.secondary_opts)}
    rows = tmp_path / "rows.csv"
    rows.write_text("patient\nAna\n", encoding="utf-8")
    hinted = set()
    for name in (n for n in names if n not in in_batch):
        result = run_cli("batch", rows, "--out", tmp_path / "d", name, "x")
        assert result.exit_code == 2, name
        if "is a column of the rows file in batch" in usage_error(result):
            hinted.add(name)
    assert set(names) - in_batch - hinted == {"--no-cache"}  # the only build option that is no column
    assert {"--paper", "--lang", "--layout", "--large-print", "--grayscale", "--date-style"} <= hinted


def test_set_gives_every_row_a_value_it_leaves_empty(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,paper,only\nAna,,bridge\nBo,letter,bridge\n", encoding="utf-8")
    out = tmp_path / "d"
    result = run_cli("batch", rows, "--out", out, "--jobs", "1", "--set", "paper=a4",
                     "--set", "Grayscale=yes")
    assert result.exit_code == 0, result.stderr
    import pypdf

    ana, bo = (pypdf.PdfReader(out / f"{n}.pdf").pages[0].mediabox for n in ("Ana", "Bo"))
    assert (round(float(ana.width)), round(float(ana.height))) == (595, 842)  # A4, from --set
    assert (round(float(bo.width)), round(float(bo.height))) == (612, 792)  # the row's own letter wins


@pytest.mark.parametrize(("setting", "words"), [
    ("paper=b5", "--set paper=b5: paper must be letter or a4 (got 'b5')"),
    ("pateint=Ana", "--set pateint=Ana: 'pateint' is not a column (did you mean 'patient'?"),
    ("output=all.pdf", "--set output=all.pdf: output is different for every row, so it cannot be set for "
                       "all of them"),
    ("a4", "--set must look like COLUMN=VALUE, e.g. paper=a4 (got 'a4')"),
])
def test_a_bad_set_is_refused_before_anything_is_built(tmp_path: Path, setting: str, words: str) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("patient\nAna\n", encoding="utf-8")
    result = run_cli("batch", rows, "--out", tmp_path / "d", "--set", setting)
    assert result.exit_code == 2 and not (tmp_path / "d").exists()
    assert result.stderr.startswith(f"error: {words}") and len(result.stderr.splitlines()) == 1
