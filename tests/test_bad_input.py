"""Bad and hostile input: one clear line naming file and line or field, exit 2, no PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import WORKSHEET, exercise, flat, page_texts, run_cli, write_files


def build_fails(tmp_path: Path, *args: str | Path) -> str:
    """Build into tmp_path, expect exit 2 and no PDF; return the error line."""
    out = tmp_path / "out" / "x.pdf"
    result = run_cli("build", *args, "-o", out)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert not out.exists()
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ")
    return lines[0]


def clinic(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_files(tmp_path / "clinic", files)


@pytest.mark.parametrize(("option", "typo", "hint"), [
    ("--only", "brige,pelvic-tilt", "did you mean bridge"),
    ("--exclude", "hamstring", "hamstring-stretch"),
])
def test_unknown_exercise_names_the_closest(tmp_path: Path, option: str, typo: str, hint: str) -> None:
    line = build_fails(tmp_path, option, typo)
    assert "unknown exercise" in line and hint in line


def test_unknown_worksheet_and_brand_list_the_known(tmp_path: Path) -> None:
    assert "known: lower-back" in build_fails(tmp_path, "nope")
    line = build_fails(tmp_path, "--brand", "acme")
    assert "unknown brand 'acme'" in line and "default" in line and "harbor" in line


def test_malformed_yaml_gives_file_line_column(tmp_path: Path) -> None:
    folder = clinic(tmp_path, {"exercises/wall-push.md": exercise(),
                               "worksheets/tiny.yaml": "title: T\nintro: [oops\n"})
    line = build_fails(tmp_path, "tiny", "--content", folder)
    assert line.endswith("worksheets/tiny.yaml:2:8: invalid YAML: a list opened with [ is not closed with ]")


def test_wrong_type_names_file_line_and_field(tmp_path: Path) -> None:
    text = exercise().replace("reps: 4", "reps: ten")
    folder = clinic(tmp_path, {"exercises/wall-push.md": text})
    line = build_fails(tmp_path, "--content", folder, "--only", "wall-push")
    assert "exercises/wall-push.md:5: dose.reps: must be a whole number (got \"ten\")" in line


def test_missing_required_field(tmp_path: Path) -> None:
    text = exercise().replace("title: Wall Push\n", "")
    folder = clinic(tmp_path, {"exercises/wall-push.md": text})
    line = build_fails(tmp_path, "--content", folder, "--only", "wall-push")
    assert "exercises/wall-push.md" in line and "title: is required" in line


def test_unknown_field_is_an_error(tmp_path: Path) -> None:
    text = exercise().replace("position: Standing", "position: Standing\nrepz: 3")
    folder = clinic(tmp_path, {"exercises/wall-push.md": text})
    assert "repz: is not a known field" in build_fails(tmp_path, "--content", folder)


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    text = exercise().replace("position: Standing", "position: Standing\ntitle: Again")
    folder = clinic(tmp_path, {"exercises/wall-push.md": text})
    line = build_fails(tmp_path, "--content", folder)
    assert "wall-push.md:5:1: invalid YAML: duplicate key 'title'" in line


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    bomb = 'title: T\nintro: &a ["x","x","x"]\nitems: [*a, *a]\nsafety: {stop_if: [x]}\n'
    folder = clinic(tmp_path, {"worksheets/bomb.yaml": bomb})
    assert "aliases" in build_fails(tmp_path, "bomb", "--content", folder)


def test_template_undefined_variable_names_template_line(tmp_path: Path) -> None:
    text = exercise().replace("3. Repeat", "3. Do {{ dose.nope }} now. Repeat")
    folder = clinic(tmp_path, {"exercises/wall-push.md": text})
    line = build_fails(tmp_path, "--content", folder, "--only", "wall-push")
    assert "exercises/wall-push.md:11: template error:" in line and "nope" in line


def test_template_syntax_error_names_template_line(tmp_path: Path) -> None:
    text = exercise().replace("3. Repeat", "3. {% if %} Repeat")
    folder = clinic(tmp_path, {"exercises/wall-push.md": text})
    line = build_fails(tmp_path, "--content", folder, "--only", "wall-push")
    assert "exercises/wall-push.md:11: template error:" in line


def test_broken_template_file_names_it(tmp_path: Path) -> None:
    folder = clinic(tmp_path, {"templates/safety.j2": "line one\n{{ safety.nothing_here }}\n"})
    line = build_fails(tmp_path, "--content", folder)
    assert "safety.j2:2: template error:" in line


@pytest.mark.parametrize("body", [
    '{{ "a" * 100000000 }}',
    '{{ "a" | center(900000000) }}',
    '{{ "a".ljust(900000000) }}',
    "{% for i in range(90000) %}{% for j in range(90000) %}xxxx{% endfor %}{% endfor %}",
])
def test_template_cannot_blow_up_memory(tmp_path: Path, body: str) -> None:
    folder = clinic(tmp_path, {"templates/safety.j2": body})
    assert "template error" in build_fails(tmp_path, "--content", folder)


def test_missing_logo_names_its_path(tmp_path: Path) -> None:
    brand = 'clinic: X\nprimary: "#224466"\naccent: "#eeeeee"\nlogo: gone.png\n'
    folder = clinic(tmp_path, {"brands/x.yaml": brand})
    line = build_fails(tmp_path, "--content", folder, "--brand", "x")
    assert "brands/x.yaml:4: logo: image file not found:" in line and "gone.png" in line


def test_missing_illustration_names_its_path(tmp_path: Path) -> None:
    text = exercise().replace("position: Standing", "position: Standing\nillustration: nope.svg")
    folder = clinic(tmp_path, {"exercises/wall-push.md": text})
    line = build_fails(tmp_path, "--content", folder)
    assert "wall-push.md:5: illustration: image file not found:" in line and "nope.svg" in line


@pytest.mark.parametrize("name", ["../../etc/passwd.png", "/etc/hostname.png"])
def test_illustration_outside_the_content_folder(tmp_path: Path, name: str) -> None:
    text = exercise().replace("position: Standing", f"position: Standing\nillustration: {name}")
    folder = clinic(tmp_path, {"exercises/wall-push.md": text})
    assert "outside the content folder" in build_fails(tmp_path, "--content", folder)


def test_missing_content_folder(tmp_path: Path) -> None:
    assert "content folder not found" in build_fails(tmp_path, "--content", tmp_path / "nope")


def test_bad_date_and_bad_output(tmp_path: Path) -> None:
    assert "--date must look like 2026-12-02 or 02/12/2026" in build_fails(tmp_path, "--date", "25 Nov")
    # a Letter English sheet reads 25/11/2026 month first: the message says how to read it day first
    assert "no month 25 (if it is DD/MM/YYYY, use --date-format DD/MM/YYYY)" in \
        build_fails(tmp_path, "--date", "25/11/2026")
    result = run_cli("build", "-o", tmp_path / "x.txt")
    assert result.exit_code == 2 and "must be a .pdf" in result.stderr


def test_bad_paper_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("build", "--paper", "a5", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert not (tmp_path / "x.pdf").exists()


def test_too_few_steps_and_no_caution(tmp_path: Path) -> None:
    short = exercise().replace("2. Hold", "Hold").replace("3. Repeat", "Repeat")
    folder = clinic(tmp_path, {"exercises/wall-push.md": short})
    assert "needs 3 to 6 numbered steps (found 1)" in build_fails(tmp_path, "--content", folder)
    no_caution = exercise().replace("> **Caution:** Go gently.", "")
    folder = clinic(tmp_path, {"exercises/wall-push.md": no_caution})
    assert "needs at least one caution" in build_fails(tmp_path, "--content", folder)


def test_failed_build_keeps_an_existing_pdf(tmp_path: Path) -> None:
    out = tmp_path / "keep.pdf"
    out.write_bytes(b"%PDF-old")
    assert run_cli("build", "--only", "nope", "-o", out).exit_code == 2
    assert out.read_bytes() == b"%PDF-old"


def test_markup_in_user_text_is_printed_not_obeyed(tmp_path: Path) -> None:
    hostile = '<img src="/etc/passwd"/> <font name="Courier">x</font> &amp; <b>'
    text = exercise(title="Wall <b>Push</b>").replace("First step.", hostile)
    folder = clinic(tmp_path, {"exercises/wall-push.md": text})
    out = tmp_path / "h.pdf"
    result = run_cli("build", "--content", folder, "--only", "wall-push", "--patient", "<i>Ana</i> & Co",
                     "-o", out)
    assert result.exit_code == 0, result.stderr
    printed = flat(" ".join(page_texts(out)))
    assert '<img src="/etc/passwd"/>' in printed
    assert "<font name=\"Courier\">x</font> & <b>" in printed  # Markdown reads &amp; as &
    assert "Wall <b>Push</b>" in printed and "<i>Ana</i> & Co" in printed


def test_check_reports_every_problem_with_its_file(tmp_path: Path) -> None:
    folder = clinic(tmp_path, {
        "exercises/wall-push.md": exercise().replace("reps: 4", "reps: -1"),
        "exercises/step-up.md": exercise("step-up").replace("title: Wall Push\n", ""),
        "worksheets/tiny.yaml": WORKSHEET.replace("weeks: 1", "weeks: 9"),
    })
    result = run_cli("check", "--content", folder)
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 3, result.stderr
    assert any("wall-push.md:5: dose.reps" in ln for ln in lines)
    assert any("step-up.md" in ln and "title: is required" in ln for ln in lines)
    assert any("tiny.yaml:6: log.weeks" in ln for ln in lines)


def test_check_finds_template_errors_in_bodies(tmp_path: Path) -> None:
    text = exercise().replace("3. Repeat", "3. Do {{ dose.nope }} now. Repeat")
    folder = clinic(tmp_path, {"exercises/wall-push.md": text})
    result = run_cli("check", "--content", folder)
    assert result.exit_code == 2
    assert "wall-push.md:11: template error" in result.stderr


def test_a_message_is_still_told_when_the_working_folder_is_gone(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch failed to write its manifest and then its message raised FileNotFoundError from
    os.getcwd(), because the folder the user stood in had been removed meanwhile."""
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    out = tmp_path / "out" / "x.pdf"
    result = run_cli("build", "--only", "brige", "-o", out)
    assert result.exit_code == 2 and "did you mean bridge" in flat(result.stderr)
    assert "Traceback" not in result.stderr and not out.exists()
