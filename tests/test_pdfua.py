"""Every kind of sheet is a tagged PDF that veraPDF's PDF/UA-1 profile passes.

The sheets are built once and validated by one Java process per test session
(its start-up takes seconds); each test reads its sheet's verdict.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from conftest import exercise, run_cli, write_files
from pdfua_tools import Verdict, validate
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from worksheet.content import load_library
from worksheet.layout import render_pdf
from worksheet.model import Request
from worksheet.resolve import resolve

SHEETS = {
    "detailed-letter-en": ["--patient", "Ana Ruiz", "--date", "2026-11-25"],
    "compact-a4-es": ["--lang", "es", "--layout", "compact", "--paper", "a4", "--patient", "Zoë Ørsted"],
    "large-print": ["--large-print"],
    "grayscale": ["--grayscale", "--brand", "harbor", "--no-disclosure"],
    "no-band": ["--no-header-band", "--only", "bridge,pelvic-tilt"],
    "fillable": ["--fillable"],
    "cjk-emoji-name": ["--patient", "王小明 Zoë 😊👍", "--date", "2026-11-25"],
    "fillable-compact-es": ["--fillable", "--lang", "es", "--layout", "compact", "--paper", "a4",
                            "--patient", "Ana", "--date", "2026-11-25"],
}


def _clinic(root: Path) -> list[str]:
    """A clinic folder with a PNG logo and a photo-like PNG illustration."""
    folder = root / "clinic"
    text = exercise().replace("position: Standing", "position: Standing\nillustration: wall-push.png")
    write_files(folder, {"exercises/wall-push.md": text,
                         "brands/acme.yaml": 'clinic: Acme Physio\nprimary: "#2d6a2d"\nlogo: acme.png\n'})
    Image.new("RGB", (60, 60), (200, 30, 30)).save(folder / "brands" / "acme.png")
    (folder / "illustrations").mkdir()
    Image.linear_gradient("L").convert("RGB").save(folder / "illustrations" / "wall-push.png")
    return ["--content", str(folder), "--brand", "acme", "--only", "wall-push,bridge"]


def _untagged(path: Path) -> None:
    """A plain ReportLab page: what every sheet was before tagging (the validator must fail it)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "Hello")
    canvas.save()
    path.write_bytes(buffer.getvalue())


@pytest.fixture(scope="session")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Verdict]:
    folder = tmp_path_factory.mktemp("pdfua")
    paths: dict[str, Path] = {}
    for name, args in {**SHEETS, "clinic-png": _clinic(folder)}.items():
        paths[name] = folder / f"{name}.pdf"
        result = run_cli("build", *args, "-o", paths[name])
        assert result.exit_code == 0, result.stderr
    library = load_library()
    render_pdf(resolve(library, Request(patient="Ana", brand="harbor", paper="a4")))
    paths["replayed"] = folder / "replayed.pdf"  # the second patient on a layout: pages replayed
    paths["replayed"].write_bytes(render_pdf(resolve(library, Request(patient="Bo Li", brand="harbor",
                                                                      paper="a4"))))
    rows = folder / "rows.csv"  # batch rows (the second replays the first's layout) and their merge
    rows.write_text("patient,lang,fillable,layout\nAna,,,\nBo,,,\nCy,es,yes,compact\n", encoding="utf-8")
    merged = folder / "merged.pdf"
    result = run_cli("batch", rows, "--out", folder / "batch", "--jobs", "1", "--merge", merged)
    assert result.exit_code == 0, result.stderr
    paths["batch-row"] = folder / "batch" / "Bo.pdf"
    paths["merged"] = folder / "merged.pdf"
    paths["merged-duplex"] = folder / "merged-duplex.pdf"  # the rows are unchanged: only merged again
    result = run_cli("batch", rows, "--out", folder / "batch", "--jobs", "1",
                     "--merge", paths["merged-duplex"], "--duplex")
    assert result.exit_code == 0, result.stderr
    assert len(pypdf.PdfReader(paths["merged-duplex"]).pages) > len(pypdf.PdfReader(merged).pages)  # blanks
    paths["untagged"] = folder / "untagged.pdf"
    _untagged(paths["untagged"])
    found = validate(list(paths.values()))
    return {name: found[path] for name, path in paths.items()}


@pytest.mark.parametrize("sheet", [*SHEETS, "clinic-png", "replayed", "batch-row", "merged",
                                   "merged-duplex"])
def test_sheet_passes_pdf_ua_1(verdicts: dict[str, Verdict], sheet: str) -> None:
    verdict = verdicts[sheet]
    assert verdict.rules == {}
    assert verdict.compliant


def test_the_validator_fails_an_untagged_pdf(verdicts: dict[str, Verdict]) -> None:
    """The check can fail: no MarkInfo (6.2-1), untagged content (7.1-3), no XMP (7.1-8)."""
    verdict = verdicts["untagged"]
    assert not verdict.compliant
    assert {"6.2-1", "7.1-3", "7.1-8"} <= set(verdict.rules)


def test_a_merged_batch_reads_each_handout_in_its_own_language(
        verdicts: dict[str, Verdict], tmp_path_factory: pytest.TempPathFactory) -> None:
    import pikepdf

    merged = next(tmp_path_factory.getbasetemp().glob("pdfua*/merged.pdf"))
    with pikepdf.open(merged) as pdf:
        document = pdf.Root.StructTreeRoot.K
        assert document.S == "/Document"
        parts = list(document.K)
        assert [str(p.S) for p in parts] == ["/Part"] * 3
        assert [str(p.get("/Lang")) for p in parts] == ["en-US", "en-US", "es-ES"]
        tree = pdf.Root.StructTreeRoot
        assert int(tree.ParentTreeNextKey) == len(tree.ParentTree.Nums) // 2
