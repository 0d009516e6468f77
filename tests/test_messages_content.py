"""Messages about content, through the CLI: the exact lines a user reads, exit 2, no PDF.

Each test runs in its own folder so paths print as the user typed them (``clinic/…``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import exercise, run_cli, write_files

from worksheet.starters import PLACEHOLDERS


@pytest.fixture(autouse=True)
def _here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def errors(*args: str) -> list[str]:
    """Run a command that must fail with exit 2; return its stderr lines."""
    result = run_cli(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stderr.strip().splitlines()


# --- item 5: starters -------------------------------------------------------------------------

def test_new_exercise_with_a_bundled_id_says_so_and_how_to_replace_it() -> None:
    assert errors("new", "exercise", "bridge", "--content", "clinic") == [
        "error: 'bridge' is already a bundled exercise: a file of that id in clinic would replace it "
        "on every sheet built with --content clinic (choose another id, or add --replace to replace "
        "it on purpose)"]
    assert not Path("clinic/exercises/bridge.md").exists()
    result = run_cli("new", "exercise", "bridge", "--content", "clinic", "--replace")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("note: this exercise replaces the bundled exercise 'bridge' when you build "
                             "with --content clinic\n")
    assert Path("clinic/exercises/bridge.md").is_file()


def test_starter_placeholders_are_refused_by_check_and_build() -> None:
    assert run_cli("new", "exercise", "neck-tilt", "--content", "clinic").exit_code == 0
    hint = " (write your own words for the patient)"
    expected = [f'error: clinic/exercises/neck-tilt.md:{line}: still the starter\'s placeholder text '
                f'("{sentence}"){hint}'
                for line, sentence in zip((14, 16, 17, 20), PLACEHOLDERS, strict=False)]
    assert errors("check", "--content", "clinic") == [*expected, "4 problem(s) found"]
    assert errors("build", "--only", "neck-tilt", "--content", "clinic", "-o", "n.pdf") == expected
    assert not Path("n.pdf").exists()
    assert run_cli("new", "worksheet", "neck", "--content", "clinic").exit_code == 0
    line = errors("build", "neck", "--content", "clinic", "-o", "n.pdf")[-1]
    assert line == (f'error: clinic/worksheets/neck.yaml:4: still the starter\'s placeholder text '
                    f'("{PLACEHOLDERS[4]}"){hint}')


# --- item 9: unknown fields -------------------------------------------------------------------

def test_unknown_field_lists_the_known_ones_at_the_key_line() -> None:
    write_files(Path("clinic"), {
        "brands/neck.yaml": 'clinic: Neck\ncolour: "#224466"\nfont:\n  regular: a.ttf\n  bld: b.ttf\n',
        "exercises/wall-push.md": exercise().replace("dose: {hold_seconds: 10, reps: 4}",
                                                     "dose:\n  hold_seconds: 10\n  repz: 4"),
    })
    assert errors("check", "--content", "clinic") == [
        "error: clinic/brands/neck.yaml:2: colour: is not a known field (did you mean primary? known "
        "fields: clinic, primary, accent, logo, contact, clinician, footer, font, chip_fill, chip_border, "
        "log_header, date_style)",
        "error: clinic/brands/neck.yaml:3: font.bold: is required",
        "error: clinic/brands/neck.yaml:5: font.bld: is not a known field (did you mean bold? known "
        "fields: regular, bold, italic)",
        "error: clinic/exercises/wall-push.md:7: dose.repz: is not a known field (did you mean reps? "
        "known fields: hold_seconds, reps, sets, times_per_day, each_side)",
        "4 problem(s) found",
    ]


def test_unknown_field_of_a_worksheet_item_names_its_line() -> None:
    sheet = "title: T\nintro: Hi.\nitems:\n  - wall-push\n  - id: wall-push\n    dos: {reps: 3}\n" \
            "safety: {stop_if: [Pain.]}\n"
    write_files(Path("clinic"), {"exercises/wall-push.md": exercise(), "worksheets/t.yaml": sheet})
    assert errors("check", "--content", "clinic") == [
        "error: clinic/worksheets/t.yaml:6: items.1.dos: is not a known field (did you mean dose? known "
        "fields: id, dose, note)",
        "1 problem(s) found",
    ]


# --- item 20: every problem of every file, each with its line --------------------------------

def test_check_reports_every_problem_of_every_file_with_its_line() -> None:
    seven = exercise("neck-tilt", "Neck Tilt").replace("> **Caution:** Go gently.\n", "") \
        .replace("3. Repeat", "4. Four.\n5. Five.\n6. Six.\n7. Seven.\n3. Repeat")
    write_files(Path("clinic"), {
        "exercises/neck-tilt.md": seven,
        "worksheets/neck.yaml": "title: Neck\nintro: Hi.\nitems:\n  - neck-tilt\n  - shoulder-squeeze\n"
                                "  - bridge\nsafety: {stop_if: [Pain.]}\n",
        "brands/neck.yaml": "clinic: Neck\nphone: 555\n",
    })
    assert errors("check", "--content", "clinic") == [
        "error: clinic/brands/neck.yaml:2: phone: is not a known field (did you mean contact? known "
        "fields: clinic, primary, accent, logo, contact, clinician, footer, font, chip_fill, chip_border, "
        "log_header, date_style)",
        "error: clinic/exercises/neck-tilt.md:7: needs at least one caution (a line starting with '> ')",
        "error: clinic/exercises/neck-tilt.md:15: needs 3 to 6 numbered steps (found 7; this is step 7)",
        "error: clinic/worksheets/neck.yaml:5: items.1: unknown exercise 'shoulder-squeeze' (known: bridge, "
        "hamstring-stretch, it-band-ql-stretch, neck-tilt, pelvic-tilt, piriformis-stretch, seat-cushion, "
        "trunk-rotation)",
        "4 problem(s) found",
    ]


def test_too_few_steps_points_at_the_steps() -> None:
    two = exercise().replace("3. Repeat {{ dose.reps }} times.\n", "")
    write_files(Path("clinic"), {"exercises/wall-push.md": two})
    assert errors("check", "--content", "clinic") == [
        "error: clinic/exercises/wall-push.md:9: needs 3 to 6 numbered steps (found 2)",
        "1 problem(s) found",
    ]


# --- item 21: plain words ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line"), [
    ("title: T\nsafety:\n  stop_if: [x]\n   pain_limit: 4\n",
     "t.yaml:4:4: invalid YAML: this line is indented differently from the one above"),
    ("title: T\n\tintro: x\n", "t.yaml:2:1: invalid YAML: a tab: indent with spaces"),
    ('title: "Neck\nintro: x\n', "t.yaml:1:8: invalid YAML: a quote is not closed"),
    ("title: Knee: bend\n", "t.yaml:1:12: invalid YAML: a colon (:) where it cannot be: put a value "
     "that holds ': ' in quotes, and check that the line above has its 'key:'"),
    ("items:\n  - a\n - b\n", "t.yaml:3:2: invalid YAML: this list is indented differently from the "
     "lines above"),
])
def test_yaml_parser_jargon_is_rewritten(text: str, line: str) -> None:
    write_files(Path("clinic"), {"worksheets/t.yaml": text})
    assert errors("check", "--content", "clinic") == [f"error: clinic/worksheets/{line}",
                                                      "1 problem(s) found"]


def test_pydantic_wording_is_rewritten() -> None:
    front = exercise().replace("position: Standing", "position: Standing\nkind: exrcise\n"
                               "video: ftp://example.org/v")
    sheet = "title: T\nintro: Hi.\nitems: [wall-push, 5]\nsafety: none\nlog: {weeks: 9}\n"
    write_files(Path("clinic"), {"exercises/wall-push.md": front, "worksheets/t.yaml": sheet,
                                 "brands/b.yaml": "clinic: B\nprimary: blue\n"})
    lines = errors("check", "--content", "clinic")
    assert lines == [
        'error: clinic/brands/b.yaml:2: primary: must be a colour like #1f5f8b (got "blue")',
        'error: clinic/exercises/wall-push.md:5: kind: must be exercise or tip (got "exrcise")',
        'error: clinic/exercises/wall-push.md:6: video: must be an http:// or https:// link '
        '(got "ftp://example.org/v")',
        "error: clinic/worksheets/t.yaml:3: items.1: must be a name, or key: value lines indented under "
        "it (got 5)",
        'error: clinic/worksheets/t.yaml:4: safety: must be key: value lines (indented under it) '
        '(got "none")',
        "error: clinic/worksheets/t.yaml:5: log.weeks: must be 6 or less (got 9)",
        "6 problem(s) found",
    ]


def test_an_image_that_is_not_a_picture_says_what_it_is() -> None:
    write_files(Path("clinic"), {"exercises/wall-push.md": exercise()})
    Path("clinic/illustrations").mkdir()
    Path("clinic/illustrations/wall-push.png").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert errors("check", "--content", "clinic") == [
        "error: clinic/illustrations/wall-push.png: this file is a PDF document, which worksheet cannot "
        "print: save or export it as PNG, JPEG, WebP or SVG",
        "1 problem(s) found",
    ]


def test_template_undefined_name_lists_the_names_it_may_use() -> None:
    body = exercise().replace("3. Repeat {{ dose.reps }}", "3. Repeat {{ dose.rep }}")
    write_files(Path("clinic"), {"exercises/wall-push.md": body,
                                 "templates/safety.j2": "Stop if:\n{{ safety.stop }}\n"})
    assert errors("check", "--content", "clinic") == [
        "error: clinic/exercises/wall-push.md:11: template error: {{ dose.rep }} is not a name this text "
        "can use (did you mean dose.reps? it may use: dose.hold_seconds, dose.reps, dose.sets, "
        "dose.times_per_day, dose.each_side, title, id)",
        "error: clinic/templates/safety.j2:2: template error: {{ safety.stop }} is not a name this text "
        "can use (did you mean safety.stop_if? it may use: safety.stop_if, safety.pain_limit, clinic)",
        "2 problem(s) found",
    ]


# --- item 22: a clinic id without --content ---------------------------------------------------

def test_an_id_only_in_a_clinic_folder_asks_about_content() -> None:
    write_files(Path("clinic"), {"exercises/wall-push.md": exercise(),
                                 "worksheets/neck.yaml": "title: N\nintro: Hi.\nitems: [wall-push]\n"
                                                         "safety: {stop_if: [Pain.]}\n"})
    assert errors("build", "neck", "-o", "n.pdf") == [
        "error: unknown worksheet 'neck' (it is in clinic: did you forget --content clinic?)"]
    assert errors("build", "--only", "wall-push", "-o", "n.pdf") == [
        "error: unknown exercise 'wall-push' (it is in clinic: did you forget --content clinic?)"]
    assert not Path("n.pdf").exists()


def test_every_problem_of_one_file_is_reported_at_once() -> None:
    front = exercise().replace("position: Standing", "position: Standing\nkind: exrcise") \
        .replace("Does something useful.", PLACEHOLDERS[0]).replace("3. Repeat {{ dose.reps }} times.\n", "")
    brand = 'clinic: B\nphone: 555\nlogo: gone.png\naccent: "#777777"\n'
    write_files(Path("clinic"), {"exercises/wall-push.md": front, "brands/b.yaml": brand})
    assert errors("check", "--content", "clinic") == [
        "error: clinic/brands/b.yaml:2: phone: is not a known field (did you mean contact? known fields: "
        "clinic, primary, accent, logo, contact, clinician, footer, font, chip_fill, chip_border, "
        "log_header, date_style)",
        "error: clinic/exercises/wall-push.md:5: kind: must be exercise or tip (got \"exrcise\")",
        "error: clinic/exercises/wall-push.md:8: still the starter's placeholder text (\"Say in one short "
        "line what this exercise does for the patient.\") (write your own words for the patient)",
        "error: clinic/exercises/wall-push.md:10: needs 3 to 6 numbered steps (found 2)",
        "4 problem(s) found",
    ]
    brand = 'clinic: B\nlogo: gone.png\naccent: "#777777"\n'
    write_files(Path("clinic"), {"exercises/wall-push.md": exercise(), "brands/b.yaml": brand})
    lines = errors("check", "--content", "clinic")
    assert lines[0].startswith("error: clinic/brands/b.yaml:2: logo: image file not found:")
    assert lines[1:] == [
        "error: clinic/brands/b.yaml:3: accent: text on #777777 has a contrast of 3.88:1; at least "
        "4.50:1 is needed (choose a darker or a lighter colour)",
        "2 problem(s) found",
    ]


def test_an_unknown_dose_field_on_the_command_line_names_the_closest() -> None:
    assert errors("build", "--dose", "bridge.rep=3", "-o", "x.pdf") == [
        "error: dose.bridge.rep: is not a known field (did you mean reps? known fields: hold_seconds, "
        "reps, sets, times_per_day, each_side)"]
    assert not Path("x.pdf").exists()


def test_an_unknown_key_holding_a_mapping_is_reported_at_its_own_line() -> None:
    # the value starts on the next line; the message once pointed there
    write_files(Path("clinic"), {"brands/b.yaml": 'clinic: B\ncolors:\n  primary: "#224466"\n'})
    assert errors("check", "--content", "clinic")[0].startswith(
        "error: clinic/brands/b.yaml:2: colors: is not a known field (did you mean primary? known fields: ")
