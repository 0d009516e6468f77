"""`worksheet build` read without Typer (`cli_fastbuild.parse`) gives the build exactly what
Typer gives it, for every option; a line it does not know is left to Typer."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from worksheet import cli_build, cli_fastbuild
from worksheet.cli_app import make_app


def _click_build() -> Any:
    """The click command Typer makes of ``build`` (Typer carries its own click)."""
    return typer.main.get_command(make_app(["build"])).commands["build"]  # type: ignore[attr-defined]


def test_the_tables_are_the_typer_commands_options() -> None:
    values, flags, multiple = set(), set(), set()
    for param in _click_build().params:
        if param.param_type_name != "option":
            assert param.name == "worksheet"
            continue
        names = {*param.opts, *param.secondary_opts}
        if param.is_flag:
            flags |= names
            assert all(cli_fastbuild.FLAGS[n][0] == param.name for n in names)
        elif param.multiple:
            multiple |= names
        else:
            values |= names
            assert all(cli_fastbuild.VALUES[n] == param.name for n in names)
            if hasattr(param.type, "choices"):
                assert tuple(str(c) for c in param.type.choices) == cli_fastbuild.CHOICES[str(param.name)]
    assert flags == set(cli_fastbuild.FLAGS)
    assert values == set(cli_fastbuild.VALUES)
    assert multiple == set(cli_fastbuild.MULTIPLE)


def _typer_reads(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    got: dict[str, Any] = {}
    monkeypatch.setattr(cli_build, "run", lambda **kwargs: got.update(kwargs))
    result = CliRunner().invoke(make_app(["build"]), ["build", *argv])
    assert result.exit_code == 0, result.output
    return got


LINES = [
    [],
    ["lower-back", "-o", "a.pdf", "--patient", "Ana Ruiz", "--date", "2026-12-02"],
    ["--patient=Zoë Ørsted", "--output=b.pdf", "--date-format", "dd/mm/yyyy", "--date", "02/12/2026"],
    ["--paper", "A4", "--layout", "COMPACT", "--lang", "ES", "--date-style", "Day-First"],
    ["--dose", "bridge.reps=12", "--dose=piri.hold_seconds=30", "--only", "bridge,piri", "--exclude", "x"],
    ["--fillable", "--large-print", "--grayscale", "--no-header-band", "--no-disclosure", "--no-cache"],
    ["--disclosure", "--header-band", "--brand", "harbor", "--content", "clinic", "sheet.yaml"],
    ["--patient", ""],
]


@pytest.mark.parametrize("argv", LINES)
def test_both_read_a_line_the_same(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = cli_fastbuild.parse(argv)
    assert fast is not None
    defaults = {name: p.default for name, p in inspect.signature(cli_fastbuild.run).parameters.items()}
    typer_side = _typer_reads(argv, monkeypatch)
    assert set(typer_side) == set(defaults)
    assert {**defaults, **fast} == typer_side


@pytest.mark.parametrize("argv", [
    ["--help"], ["--patient"], ["--patient", "--date", "x"], ["--paper", "a5"], ["--bogus"],
    ["a", "b"], ["--patient", "A", "--patient", "B"], ["--", "x"], ["-oa.pdf"], ["--grayscale=1"],
    ["--content="],
])
def test_a_line_it_does_not_know_is_left_to_typer(argv: list[str]) -> None:
    assert cli_fastbuild.parse(argv) is None


@pytest.mark.parametrize("argv", [["--date", "2026-02-31"], ["-o", "x.txt"], ["--dose", "nope"],
                                  ["nosuchsheet"], ["--only", "nosuch"]])
def test_errors_read_the_same_both_ways(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    options = cli_fastbuild.parse(argv)
    assert options is not None
    with pytest.raises(SystemExit) as stopped:
        cli_fastbuild.run(**options)  # type: ignore[arg-type]
    fast = capsys.readouterr()
    typer_side = CliRunner().invoke(make_app(["build"]), ["build", *argv])
    assert stopped.value.code == typer_side.exit_code == 2
    assert fast.err == typer_side.stderr and fast.err.startswith("error: ")
    assert fast.out == typer_side.stdout == ""
    assert not list(tmp_path.rglob("*.pdf"))
