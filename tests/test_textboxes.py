"""Every piece of user text stays inside its box and on the page (issue 13, items 1 and 2).

Text of 1 to 5,000 characters in Latin, Cyrillic, CJK (through the fallback, with a warning
naming the characters no font has) and emoji goes into each place a user can fill: it is
printed with no character off the print-safe area and none drawn over another line, or it
is refused with one line naming the file or field, and no PDF.
"""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest
from conftest import run_cli, write_files

SAFE = 36  # points: 0.5 in, the print-safe edge every sheet keeps
SCRIPTS = {
    "latin": "Lorem ipsum dolor sit amet, consectetur adipiscing elit ",
    "cyrillic": "Съешь же ещё этих мягких французских булок да выпей чаю ",
    "cjk": "漢字仮名交じり文の例です",
    "emoji": "🙂👍🏽🏃 ",
}
PLACES = ("patient", "title", "exercise title", "step", "note", "clinic", "clinician", "footer",
          "contact", "disclosure")
EXERCISE = """---
id: wall-push
title: {title}
position: Standing
dose: {{hold_seconds: 10, reps: 4}}
---
Does something useful.

1. {step}
2. Hold for {{{{ dose.hold_seconds }}}} seconds.
3. Repeat {{{{ dose.reps }}}} times.

> **Caution:** Go gently.
"""


def text_of(script: str, length: int) -> str:
    unit = SCRIPTS[script]
    return (unit * (length // len(unit) + 1))[:length].strip() or unit.strip()[0]


def clinic(root: Path, place: str, value: str) -> Path:
    """A clinic folder whose sheet and brand carry ``value`` in ``place``."""
    sheet = {"title": value if place == "title" else "Tiny Sheet", "intro": "Short intro.",
             "items": ["bridge", {"id": "wall-push", **({"note": value} if place == "note" else {})},
                       "seat-cushion"],
             "safety": {"stop_if": ["Pain spreads down a leg."]}, "log": {"weeks": 2}}
    if place == "disclosure":
        sheet["disclosure"] = {"sponsor": value, "product": "a cushion", "commission": True}
    brand = {"clinic": value if place == "clinic" else "Tiny Clinic",
             "clinician": value if place == "clinician" else "Dr. Lee",
             "footer": value if place == "footer" else "Thanks.",
             "contact": [value, "Tel 555 0100"] if place == "contact" else ["Tel 555 0100"]}
    return write_files(root, {
        "exercises/wall-push.md": EXERCISE.format(
            title=json.dumps(value) if place == "exercise title" else "Wall Push",
            step=value if place == "step" else "Stand."),
        "worksheets/tiny.yaml": json.dumps(sheet, ensure_ascii=False),
        "brands/tiny.yaml": json.dumps(brand, ensure_ascii=False),
    })


def escapes(path: Path) -> list[str]:
    """Characters off the print-safe area, or drawn over a character of another line."""
    found: list[str] = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            chars = sorted((c for c in page.chars if c["text"].strip()), key=lambda c: c["top"])
            for c in chars:
                if (c["x0"] < SAFE - 1 or c["x1"] > page.width - SAFE + 1 or c["top"] < SAFE - 1
                        or c["bottom"] > page.height - SAFE + 1):
                    found.append(f"page {number}: {c['text']!r} off the page at {c['x0']:.0f},{c['top']:.0f}")
            for i, a in enumerate(chars):
                for b in chars[i + 1:]:
                    if b["top"] >= a["bottom"]:
                        break
                    across = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                    down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                    if across > 1 and down > 0.5 * min(a["size"], b["size"]) and abs(a["top"] - b["top"]) > 1:
                        found.append(f"page {number}: {a['text']!r} and {b['text']!r} drawn over each other")
            if len(found) > 5:
                break
    return found


def build(tmp_path: Path, place: str, value: str, *options: str) -> tuple[int, str, Path]:
    folder = clinic(tmp_path / "clinic", place, value)
    out = tmp_path / "out.pdf"
    args = ["build", "tiny", "--content", folder, "--brand", "tiny", "-o", out, *options]
    if place == "patient":
        args += ["--patient", value]
    result = run_cli(*args)
    return result.exit_code, result.stderr, out


# every script at a length that wraps, the longest a brand line may be, a long and the longest
# text (each case is a build: the machine is shared)
CASES = [*((s, 70) for s in SCRIPTS), ("latin", 190), ("cjk", 400), ("cjk", 5000)]


@pytest.mark.parametrize(("script", "length"), CASES)
@pytest.mark.parametrize("place", PLACES)
def test_user_text_stays_inside_its_box_or_is_refused(tmp_path: Path, place: str, script: str,
                                                      length: int) -> None:
    code, stderr, out = build(tmp_path, place, text_of(script, length))
    if code == 0:
        assert escapes(out) == []
    else:
        assert code == 2 and not out.exists()
        errors = [line for line in stderr.splitlines() if line.startswith("error:")]
        assert errors and "Traceback" not in stderr
        for line in errors:  # each names where: the file, or the name's own field
            assert "tiny.yaml" in line or "wall-push.md" in line or "patient:" in line, line


@pytest.mark.parametrize(("script", "length"), [("latin", 190), ("cjk", 400)])
@pytest.mark.parametrize("place", PLACES)
def test_large_print_text_stays_inside_and_at_16_pt(tmp_path: Path, place: str, script: str,
                                                     length: int) -> None:
    code, stderr, out = build(tmp_path, place, text_of(script, length), "--large-print")
    if code == 0:
        assert escapes(out) == []
        assert smallest(out) >= 16 - 0.01  # (pdfplumber works the size out of a matrix)
    else:
        assert code == 2 and not out.exists() and "Traceback" not in stderr


def smallest(path: Path) -> float:
    with pdfplumber.open(path) as pdf:
        return min(c["size"] for page in pdf.pages for c in page.chars if c["text"].strip())


@pytest.mark.parametrize("args", [(), ("--lang", "es"), ("--paper", "a4"), ("--layout", "compact")])
def test_every_text_in_large_print_is_16_pt_or_more(tmp_path: Path, args: tuple[str, ...]) -> None:
    out = tmp_path / "large.pdf"
    result = run_cli("build", "--large-print", "--patient", "Ana María Ruiz de la Fuente y Gómez",
                     "--date", "2026-11-25", *args, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert smallest(out) >= 16 - 0.01
    with pdfplumber.open(out) as pdf:
        first = "".join(c["text"] for c in pdf.pages[0].chars if c["size"] >= 16)
    assert "AnaMaríaRuizdelaFuenteyGómez" in first.replace(" ", "")


def test_a_long_name_is_refused_with_its_limit_and_no_pdf(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = run_cli("build", "--patient", "Ana " * 40, "-o", out)
    assert result.exit_code == 2 and not out.exists()
    assert "the name is too long for its line on this sheet (159 characters; about" in result.stderr


def test_a_long_name_fails_only_its_batch_row(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(f"patient,large_print\nAna Ruiz,true\n{'Bo ' * 60},true\nCy Lee,\n", encoding="utf-8")
    result = run_cli("batch", rows, "--out", tmp_path / "dist")
    assert result.exit_code == 1
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text(encoding="utf-8"))
    status = [row["status"] for row in manifest["rows"]]
    assert status.count("failed") == 1 and len(status) == 3
    failed = next(row for row in manifest["rows"] if row["status"] == "failed")
    assert "too long for its line" in failed["error"]
