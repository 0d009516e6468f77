"""Language warnings where a sheet in that language is asked for, and nowhere else."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import exercise, run_cli, write_files

SHEET = "title: Neck\nintro: Hi.\nitems: [wall-push, bridge]\nsafety: {stop_if: [Pain.]}\n"
BRAND_WARNING = ("warning: clinic/brands/neck.yaml: no es brand lines (neck.es.yaml); its contact, "
                 "clinician and footer lines print in English on es sheets")


@pytest.fixture(autouse=True)
def _here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_an_english_only_clinic_gets_no_translation_warnings() -> None:
    write_files(Path("clinic"), {"exercises/wall-push.md": exercise(), "worksheets/neck.yaml": SHEET,
                                 "brands/neck.yaml": "clinic: Neck\ncontact: [555 0100]\nlogo: null\n"})
    checked = run_cli("check", "--content", "clinic")
    assert checked.exit_code == 0, checked.stderr
    assert checked.stderr == ""
    assert checked.stdout == "ok: 8 exercises, 2 worksheets, 3 brands\n"


def test_a_sheet_handed_out_in_spanish_warns_about_what_has_no_spanish() -> None:
    write_files(Path("clinic"), {"exercises/wall-push.md": exercise(),
                                 "worksheets/neck.yaml": SHEET + "languages: [en, es]\n",
                                 "brands/neck.yaml": "clinic: Neck\ncontact: [555 0100]\nlogo: null\n"})
    checked = run_cli("check", "--content", "clinic")
    assert checked.exit_code == 0, checked.stderr
    assert checked.stderr.splitlines() == [
        "warning: clinic/worksheets/neck.yaml: no es translation of this worksheet (neck.es.yaml); "
        "English is used",
        "warning: clinic/exercises/wall-push.md: no es translation of this exercise (wall-push.es.md); "
        "English is used",
        BRAND_WARNING,
    ]


def test_a_spanish_build_warns_when_the_brand_has_no_spanish_lines() -> None:
    write_files(Path("clinic"), {"brands/neck.yaml": "clinic: Neck\nfooter: Call us.\n"})
    built = run_cli("build", "--lang", "es", "--brand", "neck", "--content", "clinic", "-o", "n.pdf")
    assert built.exit_code == 0, built.stderr
    assert built.stderr.splitlines() == [BRAND_WARNING]
    english = run_cli("build", "--brand", "neck", "--content", "clinic", "-o", "n.pdf")
    assert english.exit_code == 0 and english.stderr == ""
    write_files(Path("clinic"), {"brands/neck.es.yaml": "footer: Llámenos.\n"})
    built = run_cli("build", "--lang", "es", "--brand", "neck", "--content", "clinic", "-o", "n.pdf")
    assert built.exit_code == 0 and built.stderr == ""
