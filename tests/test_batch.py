"""Batch builds: many rows, one command, nothing lost."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from conftest import flat, page_texts, run_cli

import worksheet.batch as batch_module
from worksheet.batch import run_batch

PATIENTS = [f"Patient {n:02d}" for n in range(1, 31)]
BAD = {7: ("only", "bridge,nope-stretch"), 15: ("dose.bridge.reps", "ten"), 23: ("brand", "acme")}


def thirty_rows() -> list[dict[str, str]]:
    rows = []
    for n, name in enumerate(PATIENTS, start=1):
        row = {"patient": name, "date": "2026-11-25", "brand": "harbor" if n % 2 else "default",
               "only": "bridge,pelvic-tilt" if n % 3 == 0 else "",
               "dose.bridge.reps": "12" if n % 5 == 0 else ""}
        if n in BAD:
            column, value = BAD[n]
            row[column] = value
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",", bom: bool = False) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")
    return path


def manifest(folder: Path) -> dict[str, object]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_thirty_rows_three_bad(tmp_path: Path) -> None:
    rows_file = write_csv(tmp_path / "rows.csv", thirty_rows())
    out = tmp_path / "dist"
    result = run_cli("batch", rows_file, "--out", out, "--jobs", "2")
    assert result.exit_code == 1, result.stderr
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert len(pdfs) == 27
    data = manifest(out)
    rows = data["rows"]
    assert isinstance(rows, list) and len(rows) == 30
    failed = {r["row"] - 1: r["error"] for r in rows if r["status"] == "failed"}  # the header is row 1
    assert set(failed) == set(BAD)
    assert "unknown exercise 'nope-stretch'" in failed[7]
    assert "dose.bridge.reps: must be a whole number" in failed[15]
    assert "unknown brand 'acme'" in failed[23]
    for number in BAD:  # the failed-rows table on stderr names each row and its reason
        assert f"Patient-{number:02d}.pdf" in result.stderr
    assert "built 27, skipped 0 (unchanged), failed 3" in flat(result.stderr)
    for row in rows:  # the manifest matches the files on disk
        path = out / row["output"]
        if row["status"] == "built":
            assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"]
            assert len(pypdf.PdfReader(path).pages) == row["pages"]
        else:
            assert not path.exists()
    text = flat(" ".join(page_texts(out / "Patient-10.pdf")))
    assert "Patient 10" in text and "Repeat 12 times" in text  # its dose override
    assert "Seated Piriformis Stretch" not in flat(" ".join(page_texts(out / "Patient-09.pdf")))


def test_second_run_skips_unchanged_rows_and_force_rebuilds(tmp_path: Path) -> None:
    rows = [r for n, r in enumerate(thirty_rows(), start=1) if n not in BAD][:8]
    rows_file = write_csv(tmp_path / "rows.csv", rows)
    out = tmp_path / "dist"
    assert run_cli("batch", rows_file, "--out", out, "--jobs", "1").exit_code == 0
    again = run_cli("batch", rows_file, "--out", out, "--jobs", "1")
    assert again.exit_code == 0
    assert "built 0, skipped 8" in flat(again.stderr)
    (out / "Patient-01.pdf").write_bytes(b"%PDF-damaged")  # a damaged output is rebuilt
    rows[1]["patient"] = rows[1]["patient"]  # unchanged
    rows[2]["dose.bridge.reps"] = "9"  # a changed row is rebuilt
    write_csv(rows_file, rows)
    third = run_cli("batch", rows_file, "--out", out, "--jobs", "1")
    assert "built 2, skipped 6" in flat(third.stderr)
    forced = run_cli("batch", rows_file, "--out", out, "--jobs", "1", "--force")
    assert "built 8, skipped 0" in flat(forced.stderr)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_changed_logo_of_a_brand_file_rebuilds_its_rows(tmp_path: Path, jobs: str) -> None:
    """Also when the runs share a process (the parent lays out too): nothing laid out with the
    old logo, under the same file name and size, is used again."""
    from PIL import Image

    brand = tmp_path / "clinic" / "acme.yaml"
    brand.parent.mkdir()
    brand.write_text('clinic: Acme Physio\nprimary: "#2d6a2d"\nlogo: acme.png\n', encoding="utf-8")
    Image.new("RGB", (60, 60), (200, 30, 30)).save(brand.parent / "acme.png")
    rows_file = write_csv(tmp_path / "rows.csv", [{"patient": "Ana", "brand": str(brand)},
                                                  {"patient": "Bo", "brand": "default"}])
    out = tmp_path / "dist"
    assert run_cli("batch", rows_file, "--out", out, "--jobs", jobs).exit_code == 0
    first = (out / "Ana.pdf").read_bytes()
    assert "built 0, skipped 2" in flat(run_cli("batch", rows_file, "--out", out, "--jobs", jobs).stderr)
    Image.new("RGB", (60, 60), (30, 30, 200)).save(brand.parent / "acme.png")  # same name, new logo
    again = run_cli("batch", rows_file, "--out", out, "--jobs", jobs)
    assert "built 1, skipped 1" in flat(again.stderr)
    assert (out / "Ana.pdf").read_bytes() != first


def test_identical_rows_give_identical_bytes(tmp_path: Path) -> None:
    row = {"patient": "Ana Ruiz", "date": "2026-11-25", "output": "a"}
    undated = {**row, "date": ""}
    rows = [row, {**row, "output": "b"}, {**undated, "output": "c"}, {**undated, "output": "d"}]
    rows_file = write_csv(tmp_path / "rows.csv", rows)
    out = tmp_path / "dist"
    assert run_cli("batch", rows_file, "--out", out, "--jobs", "2").exit_code == 0
    assert (out / "a.pdf").read_bytes() == (out / "b.pdf").read_bytes()
    assert (out / "c.pdf").read_bytes() == (out / "d.pdf").read_bytes()  # no date: a fixed one


def test_csv_dialects_and_yaml_give_the_same_handouts(tmp_path: Path) -> None:
    rows = [{"output": "one", "patient": "Ana\nRuiz", "only": "bridge,pelvic-tilt", "dose.bridge.reps": "7"},
            {"output": "two", "patient": "Bo; Li", "only": "", "dose.bridge.reps": ""}]
    plain = write_csv(tmp_path / "plain.csv", rows)
    fancy = write_csv(tmp_path / "fancy.csv", rows, delimiter=";", bom=True)
    yaml_file = tmp_path / "rows.yaml"
    yaml_file.write_text(
        '- {output: one, patient: "Ana\\nRuiz", only: [bridge, pelvic-tilt], dose.bridge.reps: 7}\n'
        '- {output: two, patient: "Bo; Li"}\n', encoding="utf-8")
    json_file = tmp_path / "rows.json"
    json_file.write_text(json.dumps([{**r, "patient": r["patient"]} for r in rows]), encoding="utf-8")
    hashes = []
    for source in (plain, fancy, yaml_file, json_file):
        out = tmp_path / source.name.replace(".", "-")
        result = run_cli("batch", source, "--out", out, "--jobs", "1")
        assert result.exit_code == 0, result.stderr
        hashes.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.glob("*.pdf")})
    assert hashes[0].keys() == {"one.pdf", "two.pdf"}
    assert hashes[0] == hashes[1] == hashes[2] == hashes[3]


@pytest.mark.parametrize("name", ["../escape", "/etc/passwd", "..", "a/../../b", "con", "x" * 300,
                                  "tab\tand\x00nul", "C:\\Windows\\evil", ".hidden"])
def test_hostile_output_names_stay_inside(tmp_path: Path, name: str) -> None:
    rows_file = tmp_path / "rows.yaml"
    rows_file.write_text(json.dumps([{"output": name, "patient": "P"}]), encoding="utf-8")
    out = tmp_path / "dist"
    assert run_cli("batch", rows_file, "--out", out, "--jobs", "1").exit_code == 0
    made = [p for p in tmp_path.rglob("*.pdf")]
    assert len(made) == 1
    (pdf,) = made
    assert pdf.parent == out
    assert not pdf.name.startswith(".") and len(pdf.name) <= 90
    assert all(ord(c) >= 32 for c in pdf.name)


def test_same_names_get_distinct_files(tmp_path: Path) -> None:
    rows_file = write_csv(tmp_path / "rows.csv", [{"patient": "Ana"}, {"patient": "ana"}, {"patient": "Ana"}])
    result = run_cli("batch", rows_file, "--out", tmp_path / "d", "--jobs", "1")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "d").glob("*.pdf")) == ["Ana-3.pdf", "Ana.pdf", "ana-2.pdf"]
    assert "'ana' was taken, wrote ana-2.pdf" in result.stderr


def test_interrupted_batch_leaves_no_partial_pdf(tmp_path: Path) -> None:
    rows_file = write_csv(tmp_path / "rows.csv", [{"patient": p} for p in PATIENTS[:10]])
    out = tmp_path / "dist"
    seen = []

    def stop_after_three(result: object) -> None:
        seen.append(result)
        if len(seen) == 3:
            raise KeyboardInterrupt

    report = run_batch(rows_file, out, jobs=1, on_result=stop_after_three)
    assert report.interrupted
    assert sorted(p.name for p in out.iterdir()) == ["Patient-01.pdf", "Patient-02.pdf", "Patient-03.pdf",
                                                     "manifest.json"]
    assert [r["output"] for r in manifest(out)["rows"]] == ["Patient-01.pdf", "Patient-02.pdf",  # type: ignore[index]
                                                            "Patient-03.pdf"]
    for pdf in out.glob("*.pdf"):
        assert len(pypdf.PdfReader(pdf).pages) == 5


def test_a_killed_worker_costs_only_its_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = batch_module.write_atomic

    def dies_on_patient_04(target: Path, data: bytes, tmp_tag: str = "w") -> None:
        if target.name == "Patient-04.pdf":  # a temporary file of the kind the tool makes, half written
            (target.parent / f".Patient-04.pdf.half.{tmp_tag}.wstmp").write_bytes(data[:100])
            os._exit(1)  # as if the process were killed mid-write
        real_write(target, data, tmp_tag=tmp_tag)

    monkeypatch.setattr(batch_module, "write_atomic", dies_on_patient_04)  # workers are forked: they see it
    rows_file = write_csv(tmp_path / "rows.csv", [{"patient": p} for p in PATIENTS[:8]])
    out = tmp_path / "dist"
    report = run_batch(rows_file, out, jobs=2)
    failed = [r.output for r in report.failed]
    assert "Patient-04.pdf" in failed
    assert report.count("built") >= 8 - 2 * 4  # rows queued with it may be lost; the rest are built
    assert not list(out.glob(".*"))  # no temporary or partial file
    for pdf in out.glob("*.pdf"):
        assert len(pypdf.PdfReader(pdf).pages) == 5
    assert {r["output"] for r in manifest(out)["rows"] if r["status"] == "built"} == \
        {p.name for p in out.glob("*.pdf")}  # type: ignore[index]


def test_merge_has_every_page_in_row_order(tmp_path: Path) -> None:
    rows = [{"patient": "A", "only": "bridge"}, {"patient": "B", "only": ""},
            {"patient": "C", "only": "bridge"}]
    rows_file = write_csv(tmp_path / "rows.csv", rows)
    merged = tmp_path / "all.pdf"
    result = run_cli("batch", rows_file, "--out", tmp_path / "d", "--jobs", "2", "--merge", merged)
    assert result.exit_code == 0, result.stderr
    counts = [len(pypdf.PdfReader(tmp_path / "d" / f"{p}.pdf").pages) for p in "ABC"]
    texts = page_texts(merged)
    assert len(texts) == sum(counts)
    firsts = [flat(t) for t in (texts[0], texts[counts[0]], texts[counts[0] + counts[1]])]
    assert [("Patient A" in t, "Patient B" in t, "Patient C" in t) for t in firsts] == [
        (True, False, False), (False, True, False), (False, False, True)]
    reader = pypdf.PdfReader(merged)  # one bookmark per patient, at the handout's first page
    tops = [o for o in reader.outline if not isinstance(o, list)]
    assert [(o.title, reader.get_destination_page_number(o)) for o in tops] == [
        ("A", 0), ("B", counts[0]), ("C", counts[0] + counts[1])]
    check = subprocess.run(["qpdf", "--check", str(merged)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    for page, (name, index) in ((counts[0], ("B", 0)), (len(texts) - 1, ("C", counts[2] - 1))):
        assert _png(merged, page) == _png(tmp_path / "d" / f"{name}.pdf", index)  # the very same page


def _png(pdf: Path, index: int) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[index].render(scale=0.5).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()
    finally:
        document.close()


@pytest.mark.parametrize(("content", "words"), [
    ("patient,pateint\nAna,red\n", "unknown column 'pateint': did you mean 'patient'?"),
    ("", "has no header row"),
    ("patient\n", "has no rows"),
])
def test_unusable_batch_file_exits_2(tmp_path: Path, content: str, words: str) -> None:
    rows_file = tmp_path / "rows.csv"
    rows_file.write_text(content, encoding="utf-8")
    result = run_cli("batch", rows_file, "--out", tmp_path / "d")
    assert result.exit_code == 2
    assert words in result.stderr
    assert "known columns: output, patient" in result.stderr or "pateint" not in words
    assert not list((tmp_path / "d").glob("*.pdf")) if (tmp_path / "d").exists() else True


def test_missing_and_non_utf8_batch_files(tmp_path: Path) -> None:
    assert "batch file not found" in run_cli("batch", tmp_path / "no.csv", "--out", tmp_path / "d").stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes("patient\nJos\xe9\n".encode("latin-1"))
    result = run_cli("batch", latin, "--out", tmp_path / "d")
    assert result.exit_code == 2 and "not UTF-8" in result.stderr


def test_progress_lines_when_not_a_terminal(tmp_path: Path) -> None:
    rows_file = write_csv(tmp_path / "rows.csv", [{"patient": "A"}, {"patient": "B"}])
    result = run_cli("batch", rows_file, "--out", tmp_path / "d", "--jobs", "1")
    assert "batch: 2/2 rows, failed 0" in result.stderr


def test_a_row_stopped_after_writing_is_kept_and_recorded(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch_module.build_job

    def stop_on_row_4(job: batch_module.Job, library: object = None) -> batch_module.RowResult:
        result = real(job, library)  # type: ignore[arg-type]
        if job.row == 5:  # Patient-04 (the header is row 1): written, then stopped before it is recorded
            raise KeyboardInterrupt
        return result

    monkeypatch.setattr(batch_module, "build_job", stop_on_row_4)
    rows_file = write_csv(tmp_path / "rows.csv", [{"patient": p} for p in PATIENTS[:6]])
    out = tmp_path / "dist"
    report = run_batch(rows_file, out, jobs=1)
    assert report.interrupted
    rows = {r["output"]: r for r in manifest(out)["rows"]}  # type: ignore[index]
    recorded = {name for name, r in rows.items() if r["status"] == "built"}
    # the file of row 4 was complete (files appear only whole): it is kept and vouched for
    assert recorded == {p.name for p in out.glob("*.pdf")} == {f"Patient-0{n}.pdf" for n in (1, 2, 3, 4)}
    for name in recorded:
        assert rows[name]["sha256"] == hashlib.sha256((out / name).read_bytes()).hexdigest()


REUSE_ROWS = [  # each row is a layout of its own that shares cards, front matter or log with another
    {"output": "reps10", "patient": "Ana Ruiz", "dose.bridge.reps": "10"},
    {"output": "reps12", "patient": "Ana Ruiz", "dose.bridge.reps": "12"},  # differs only in one dose
    {"output": "hold8", "patient": "Bo Li", "dose.bridge.reps": "12", "dose.bridge.hold_seconds": "8"},
    {"output": "fewer", "patient": "Bo Li", "exclude": "seat-cushion,trunk-rotation"},
    {"output": "es-a4", "patient": "Zoë Ørsted", "lang": "es", "paper": "a4", "dose.bridge.reps": "12"},
    {"output": "fill-a", "patient": "Ana Ruiz", "fillable": "yes", "dose.bridge.reps": "12"},
    {"output": "fill-b", "patient": "Bo Li", "fillable": "yes", "dose.bridge.reps": "12"},
    {"output": "fill-none", "fillable": "yes"},
]
_FLAGS = {"patient": "--patient", "exclude": "--exclude", "lang": "--lang", "paper": "--paper"}


def _single_build_args(row: dict[str, str]) -> list[str]:
    """The `worksheet build` options that make the handout of ``row``."""
    args: list[str] = []
    for key, value in row.items():
        if key == "fillable":
            args.append("--fillable")
        elif key.startswith("dose."):
            args += ["--dose", f"{key.removeprefix('dose.')}={value}"]
        elif key in _FLAGS:
            args += [_FLAGS[key], value]
    return args


@pytest.mark.parametrize("jobs", [1, 2])
def test_rows_of_new_layouts_that_share_pieces_equal_single_builds(tmp_path: Path, jobs: int) -> None:
    """Varied doses, another exercise choice, one dose apart, Spanish A4 and fillable rows: each
    handout is byte for byte what `worksheet build` makes for that row in a process of its own."""
    rows = write_csv(tmp_path / "rows.csv", [{k: row.get(k, "") for k in _columns()} for row in REUSE_ROWS])
    report = run_batch(rows, tmp_path / "out", jobs=jobs)
    assert report.count("built") == len(REUSE_ROWS)
    for row in REUSE_ROWS:
        single = tmp_path / f"single-{row['output']}.pdf"
        command = [sys.executable, "-m", "worksheet", "build", *_single_build_args(row), "-o", str(single)]
        env = {**os.environ, "WORKSHEET_NO_CACHE": "1"}
        subprocess.run(command, check=True, capture_output=True, env=env)
        assert (tmp_path / "out" / f"{row['output']}.pdf").read_bytes() == single.read_bytes(), row["output"]


def _columns() -> list[str]:
    return list(dict.fromkeys(key for row in REUSE_ROWS for key in row))


def test_a_row_one_dose_apart_prints_its_own_dose(tmp_path: Path) -> None:
    """Two rows that differ only in the bridge's reps: nothing of the first row's card leaks into
    the second (its step says 12, never the 10 of the row before, and back)."""
    rows = write_csv(tmp_path / "rows.csv", [
        {"output": "a", "patient": "Ana Ruiz", "dose.bridge.reps": "10"},
        {"output": "b", "patient": "Ana Ruiz", "dose.bridge.reps": "12"},
        {"output": "c", "patient": "Ana Ruiz", "dose.bridge.reps": "10"},
    ])
    run_batch(rows, tmp_path / "out", jobs=1)
    for name, reps, other in (("a", 10, 12), ("b", 12, 10), ("c", 10, 12)):
        text = flat(" ".join(page_texts(tmp_path / "out" / f"{name}.pdf")))
        assert f"Lower slowly. Repeat {reps} times" in text, name
        assert f"Lower slowly. Repeat {other} times" not in text, name


def test_a_long_batch_in_chunks_lists_each_row_with_its_own_file(tmp_path: Path) -> None:
    """Enough rows at --jobs 2 for the workers to take them several at a time: every row is
    listed once, in order, with the sha256 of the file that carries its own patient's name,
    and each file equals the one a --jobs 1 batch makes for that row."""
    names = [f"Chunk Person {n:02d}" for n in range(40)]
    rows = write_csv(tmp_path / "rows.csv", [{"patient": name, "date": f"2026-11-{1 + n % 28:02d}",
                                              "dose.bridge.reps": "12" if n in (5, 30) else ""}
                                             for n, name in enumerate(names)])
    report = run_batch(rows, tmp_path / "two", jobs=2)
    assert report.count("built") == len(names)
    run_batch(rows, tmp_path / "one", jobs=1)
    listed = manifest(tmp_path / "two")["rows"]  # type: ignore[index]
    assert [r["patient"] for r in listed] == names
    for row in listed:
        path = tmp_path / "two" / row["output"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"]
        assert row["patient"] in flat(page_texts(path)[0])
        assert path.read_bytes() == (tmp_path / "one" / row["output"]).read_bytes(), row["output"]
