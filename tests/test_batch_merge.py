"""The merged PDF as one print job: checked before building, duplex, bookmarks per patient,
listed in the manifest; and rows rebuilt only when a file their handout uses changed."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pypdf
from conftest import flat, page_texts, run_cli

from worksheet.roots import bundled_root


def test_a_merge_target_that_cannot_be_written_is_refused_before_building(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,only\nAna,bridge\n", encoding="utf-8")
    (tmp_path / "handouts").write_text("a file, not a folder", encoding="utf-8")
    result = run_cli("batch", rows, "--out", tmp_path / "d", "--merge", tmp_path / "handouts" / "all.pdf")
    assert result.exit_code == 2
    assert "--merge cannot be written:" in flat(result.stderr) and "is a file, not a folder" in result.stderr
    assert not (tmp_path / "d").exists()  # nothing was built
    folder = tmp_path / "all.pdf"
    folder.mkdir()  # a folder with a .pdf name
    result = run_cli("batch", rows, "--out", tmp_path / "d", "--merge", folder)
    assert result.exit_code == 2 and "--merge names a folder" in flat(result.stderr)
    assert not (tmp_path / "d").exists()


def test_duplex_starts_every_handout_on_a_new_sheet(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"  # 5, 2 and 5 pages (the compact layout takes two)
    rows.write_text("patient,layout\nAna Ruiz,\nBo Li,compact\nCy Ng,\n", encoding="utf-8")
    out, merged = tmp_path / "d", tmp_path / "all.pdf"
    result = run_cli("batch", rows, "--out", out, "--jobs", "1", "--merge", merged, "--duplex")
    assert result.exit_code == 0, result.stderr
    counts = [len(pypdf.PdfReader(out / f"{n}.pdf").pages) for n in ("Ana-Ruiz", "Bo-Li", "Cy-Ng")]
    assert counts == [5, 2, 5]
    texts = page_texts(merged)
    assert len(texts) == 6 + 2 + 6
    starts = [0, 6, 8]
    for start, name in zip(starts, ("Ana Ruiz", "Bo Li", "Cy Ng"), strict=True):
        assert name in flat(texts[start])  # each handout begins on a front page
    assert texts[5].strip() == "" and texts[13].strip() == ""  # the empty backs
    reader = pypdf.PdfReader(merged)
    assert {tuple(p.mediabox) for p in reader.pages} == {tuple(reader.pages[0].mediabox)}
    outline = reader.outline  # the patient on top, the handout's sections below
    tops = [o for o in outline if not isinstance(o, list)]
    assert [(o.title, reader.get_destination_page_number(o)) for o in tops] == [
        ("Ana Ruiz", 0), ("Bo Li", 6), ("Cy Ng", 8)]
    sections = outline[1]
    assert isinstance(sections, list)
    assert [s.title for s in sections][:2] == ["Safety first", "1. Pelvic Tilt"]
    assert sections[-1].title == "Your exercise log" and reader.get_destination_page_number(sections[-1]) == 4
    listed = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["merged"]
    assert listed == {"path": str(merged), "pages": 14, "duplex": True, "handouts": 3,
                      "sha256": hashlib.sha256(merged.read_bytes()).hexdigest()}
    assert "merged 14 pages into" in flat(result.stdout)


def test_a_patients_handouts_in_a_row_share_one_bookmark(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,output,only\nAna,ana-1,bridge\nAna,ana-2,pelvic-tilt\nBo,,bridge\n",
                    encoding="utf-8")
    merged = tmp_path / "all.pdf"
    result = run_cli("batch", rows, "--out", tmp_path / "d", "--jobs", "1", "--merge", merged)
    assert result.exit_code == 0, result.stderr
    outline = outline_of(merged)
    assert [title for title, _ in outline] == ["Ana", "Bo"]
    ana = outline[0][1]
    assert [title for title, _ in ana] == ["Lower Back Worksheet", "Lower Back Worksheet"]
    assert "1. Bridge" in [t for t, _ in ana[0][1]] and "1. Pelvic Tilt" in [t for t, _ in ana[1][1]]


def outline_of(path: Path) -> list[tuple[str, list]]:  # type: ignore[type-arg]
    """The outline as (title, children) pairs."""
    def walk(entries: list) -> list[tuple[str, list]]:  # type: ignore[type-arg]
        found: list[tuple[str, list]] = []  # type: ignore[type-arg]
        for entry in entries:
            if isinstance(entry, list):
                found[-1] = (found[-1][0], walk(entry))
            else:
                found.append((str(entry.title), []))
        return found

    return walk(pypdf.PdfReader(path).outline)


def test_editing_one_exercise_rebuilds_only_the_rows_that_show_it(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    (clinic / "exercises").mkdir(parents=True)
    shutil.copy(bundled_root().exercises / "bridge.md", clinic / "exercises" / "bridge.md")
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,only\nAna,bridge\nBo,pelvic-tilt\nCy,pelvic-tilt\n", encoding="utf-8")
    out = tmp_path / "d"
    assert run_cli("batch", rows, "--out", out, "--jobs", "1", "--content", clinic).exit_code == 0
    bridge = clinic / "exercises" / "bridge.md"
    bridge.write_text(bridge.read_text(encoding="utf-8").replace("Lower slowly.", "Lower very slowly."),
                      encoding="utf-8")
    (clinic / "exercises" / "neck-roll.md").write_text(  # a new exercise no row uses
        "---\nid: neck-roll\ntitle: Neck Roll\nposition: Sitting\ndose: {reps: 5}\n---\nEases the neck.\n\n"
        "1. Sit tall.\n2. Roll slowly.\n3. Repeat {{ dose.reps }} times.\n\n"
        "> **Caution:** Stop if it hurts.\n",
        encoding="utf-8")
    again = run_cli("batch", rows, "--out", out, "--jobs", "1", "--content", clinic)
    assert again.exit_code == 0, again.stderr
    assert "built 1, skipped 2" in flat(again.stderr)
    assert "Lower very slowly" in flat(" ".join(page_texts(out / "Ana.pdf")))
    by_row = {r["row"]: r["status"] for r in json.loads((out / "manifest.json").read_text())["rows"]}
    assert by_row == {2: "built", 3: "skipped", 4: "skipped"}
