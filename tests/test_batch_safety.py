"""Batch never loses a file: failed rebuilds, foreign files, merges, locks, long names, signals."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
from conftest import flat, run_cli
from test_batch import manifest, write_csv

import worksheet.batch as batch_module
from worksheet.errors import WorksheetError
from worksheet.folderlock import folder_lock

PEOPLE = [{"patient": f"Person {n}", "only": "bridge"} for n in range(1, 6)]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def first_run(tmp_path: Path, rows: list[dict[str, str]] = PEOPLE) -> tuple[Path, Path, dict[str, str]]:
    rows_file = write_csv(tmp_path / "rows.csv", rows)
    out = tmp_path / "dist"
    result = run_cli("batch", rows_file, "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    return rows_file, out, {p.name: sha(p) for p in out.glob("*.pdf")}


def test_a_failed_rebuild_keeps_the_good_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows_file, out, before = first_run(tmp_path)

    def disk_full(target: Path, data: bytes, tmp_tag: str = "w") -> None:
        raise WorksheetError(f"{target.name}: cannot write: No space left on device")

    monkeypatch.setattr(batch_module, "write_atomic", disk_full)
    result = run_cli("batch", rows_file, "--out", out, "--jobs", "1", "--force")
    assert result.exit_code == 1
    assert {p.name: sha(p) for p in out.glob("*.pdf")} == before  # every good file is still there
    rows = manifest(out)["rows"]
    assert all(r["status"] == "failed" and r["kept_previous"] for r in rows)  # type: ignore[index]
    assert {r["output"]: r["sha256"] for r in rows} == before  # type: ignore[index]
    assert "No space left on device" in flat(result.stderr)
    assert "(the earlier file is kept)" in flat(result.stderr)
    monkeypatch.undo()
    again = run_cli("batch", rows_file, "--out", out, "--jobs", "1")  # the kept files are still trusted
    assert "built 0, skipped 5" in flat(again.stderr)


@pytest.mark.parametrize(("column", "value", "words"), [
    ("brand", "acme", "unknown brand 'acme'"),          # fails at resolve
    ("date", "someday", "date must look like"),         # fails while the cell is read
])
def test_a_row_that_now_fails_keeps_its_earlier_handout(tmp_path: Path, column: str, value: str,
                                                        words: str) -> None:
    rows_file, out, before = first_run(tmp_path)
    changed = [{**r, column: ""} for r in PEOPLE]
    changed[1][column] = value
    write_csv(rows_file, changed)
    result = run_cli("batch", rows_file, "--out", out, "--jobs", "2")
    assert result.exit_code == 1
    assert sha(out / "Person-2.pdf") == before["Person-2.pdf"]
    (row,) = [r for r in manifest(out)["rows"] if r["output"] == "Person-2.pdf"]  # type: ignore[index]
    assert row["status"] == "failed" and row["kept_previous"] is True and words in row["error"]
    assert row["sha256"] == before["Person-2.pdf"]


def test_ctrl_c_during_force_keeps_every_file(tmp_path: Path) -> None:
    rows_file, out, before = first_run(tmp_path)
    seen: list[object] = []

    def stop_after_two(result: object) -> None:
        seen.append(result)
        if len(seen) == 2:
            raise KeyboardInterrupt

    report = batch_module.run_batch(rows_file, out, jobs=1, force=True, on_result=stop_after_two)
    assert report.interrupted
    assert set(before) == {p.name for p in out.glob("*.pdf")}
    listed = {r["output"]: r["sha256"] for r in manifest(out)["rows"] + manifest(out)["kept"]}  # type: ignore[operator]
    assert listed == {p.name: sha(p) for p in out.glob("*.pdf")}
    assert not list(out.glob(".*"))


def test_a_file_the_tool_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    rows_file = write_csv(tmp_path / "rows.csv", PEOPLE[:2])
    out = tmp_path / "dist"
    out.mkdir()
    (out / "Person-1.pdf").write_bytes(b"my own notes")
    result = run_cli("batch", rows_file, "--out", out, "--jobs", "1")
    assert result.exit_code == 1
    assert (out / "Person-1.pdf").read_bytes() == b"my own notes"
    (row,) = [r for r in manifest(out)["rows"] if r["status"] == "failed"]  # type: ignore[index]
    assert row["error"].startswith("Person-1.pdf is already in the output folder and worksheet did not "
                                   "write it")
    assert "use --force to keep it as Person-1.pdf.~1~" in row["error"]
    assert "Person-1.pdf" in result.stderr and "--force" in flat(result.stderr)
    forced = run_cli("batch", rows_file, "--out", out, "--jobs", "1", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (out / "Person-1.pdf.~1~").read_bytes() == b"my own notes"  # set aside, not destroyed
    assert "it is kept as Person-1.pdf.~1~" in flat(forced.stderr)
    assert len(pypdf.PdfReader(out / "Person-1.pdf").pages) >= 1


def test_read_only_handout_and_its_mode_are_respected(tmp_path: Path) -> None:
    rows_file, out, before = first_run(tmp_path, PEOPLE[:2])
    (out / "Person-1.pdf").chmod(0o444)
    (out / "Person-2.pdf").chmod(0o640)
    result = run_cli("batch", rows_file, "--out", out, "--jobs", "1", "--force")
    assert result.exit_code == 1
    assert "Person-1.pdf is read-only" in flat(result.stderr)
    assert sha(out / "Person-1.pdf") == before["Person-1.pdf"]
    assert (out / "Person-1.pdf").stat().st_mode & 0o777 == 0o444
    assert (out / "Person-2.pdf").stat().st_mode & 0o777 == 0o640  # rebuilt, mode kept


@pytest.mark.parametrize("kind", ["foreign", "fifo", "deep", "zero"])
def test_a_manifest_that_is_not_ours_is_refused_and_left_alone(tmp_path: Path, kind: str) -> None:
    rows_file = write_csv(tmp_path / "rows.csv", PEOPLE[:1])
    out = tmp_path / "dist"
    out.mkdir()
    target = out / "manifest.json"
    if kind == "foreign":
        target.write_text('{"name": "another tool", "files": []}', encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "deep":
        target.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    else:
        target.symlink_to("/dev/zero")
    before = target.read_bytes() if kind in ("foreign", "deep") else None
    result = run_cli("batch", rows_file, "--out", out, "--jobs", "1")
    assert result.exit_code == 2
    message = {"foreign": "was not written by worksheet", "deep": "was not written by worksheet",
               "fifo": "is a named pipe (FIFO)", "zero": "is a character device"}[kind]
    assert message in flat(result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(out.glob("*.pdf"))
    if before is not None:
        assert target.read_bytes() == before


@pytest.mark.parametrize(("target", "words"), [
    ("rows.csv", "must name a .pdf file"),
    ("notes.txt", "must name a .pdf file"),
    ("dist/manifest.json", "must name a .pdf file"),
    ("dist/Person-2.pdf", "would overwrite the handout of row 3"),  # the header is row 1
    ("same.pdf", "would overwrite the rows file"),
])
def test_merge_targets_that_would_overwrite_something_are_refused(tmp_path: Path, target: str,
                                                                  words: str) -> None:
    rows_file = write_csv(tmp_path / "rows.csv", PEOPLE[:3])
    if target == "same.pdf":
        rows_file = write_csv(tmp_path / "same.pdf", PEOPLE[:3])  # a CSV saved under a .pdf name
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = run_cli("batch", rows_file, "--out", tmp_path / "dist", "--merge", tmp_path / target)
    assert result.exit_code == 2
    assert words in flat(result.stderr)
    assert not (tmp_path / "dist").exists()  # refused before anything was built
    assert {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_a_merge_of_nothing_writes_nothing(tmp_path: Path) -> None:
    rows_file = write_csv(tmp_path / "rows.csv", [{"patient": "A", "paper": "legal"}])
    result = run_cli("batch", rows_file, "--out", tmp_path / "dist", "--merge", tmp_path / "all.pdf")
    assert result.exit_code == 2
    assert "no handout was built, so no merged PDF was written" in flat(result.stderr)
    assert not (tmp_path / "all.pdf").exists()
    assert "failed 1" in flat(result.stderr)  # the row's own failure is still reported
    assert "Rows that failed" in result.stderr and "paper must be letter or a4" in flat(result.stderr)


def test_a_second_batch_into_a_held_folder_is_refused(tmp_path: Path) -> None:
    rows_file = write_csv(tmp_path / "rows.csv", PEOPLE[:1])
    out = tmp_path / "dist"
    out.mkdir()
    with folder_lock(out):
        result = run_cli("batch", rows_file, "--out", out, "--jobs", "1")
    assert result.exit_code == 2
    assert "is in use by another worksheet batch" in result.stderr and "--wait" in result.stderr
    assert not list(out.iterdir())


def test_two_batches_at_once_both_finish_with_wait_and_the_manifest_is_true(tmp_path: Path) -> None:
    rows = [{"patient": f"P{n}", "only": "bridge,pelvic-tilt", "dose.bridge.reps": str(n)}
            for n in range(1, 13)]
    first_file = write_csv(tmp_path / "a.csv", rows)
    others = [{**r, "dose.bridge.reps": str(int(r["dose.bridge.reps"]) + 20)} for r in rows]
    second_file = write_csv(tmp_path / "b.csv", others)
    out = tmp_path / "dist"
    # a relative --out, as a user types it
    command = [sys.executable, "-m", "worksheet", "batch", "--out", "dist", "--jobs", "1", "--wait"]
    runs = [subprocess.Popen([*command, f.name], stderr=subprocess.PIPE, text=True, cwd=tmp_path)
            for f in (first_file, second_file)]
    errors = [r.communicate(timeout=120)[1] for r in runs]
    assert [r.returncode for r in runs] == [0, 0], errors
    rows_listed = manifest(out)["rows"]
    assert {r["output"]: r["sha256"] for r in rows_listed} == {p.name: sha(p) for p in out.glob("*.pdf")}  # type: ignore[index]


def test_the_clean_up_leaves_other_peoples_temporary_files(tmp_path: Path) -> None:
    rows_file = write_csv(tmp_path / "rows.csv", PEOPLE[:1])
    out = tmp_path / "dist"
    out.mkdir()
    (out / ".my-notes.part").write_text("mine", encoding="utf-8")
    (out / ".report.pdf.x1.w.wstmp").write_text("a single build going on", encoding="utf-8")
    assert run_cli("batch", rows_file, "--out", out, "--jobs", "1").exit_code == 0
    assert (out / ".my-notes.part").read_text(encoding="utf-8") == "mine"
    assert (out / ".report.pdf.x1.w.wstmp").exists()


@pytest.mark.parametrize("name", ["😀" * 64, "😀" * 61, "患者" * 40, "é" * 300])
def test_names_too_long_for_the_file_system_are_shortened(tmp_path: Path, name: str) -> None:
    rows_file = tmp_path / "rows.json"
    rows_file.write_text(json.dumps([{"output": name, "patient": "Ana", "only": "bridge"}] * 2),
                         encoding="utf-8")
    out = tmp_path / "dist"
    result = run_cli("batch", rows_file, "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 2 and all(len(p.name.encode()) <= 140 for p in pdfs)


def test_a_name_that_would_cover_the_title_is_refused(tmp_path: Path) -> None:
    long_name = "Ana " + "Maria " * 49  # 298 characters: three lines and more, over the title
    out = tmp_path / "one.pdf"
    result = run_cli("build", "--patient", long_name, "-o", out)
    assert result.exit_code == 2 and not out.exists()
    assert "patient: the name is too long for its line on this sheet" in flat(result.stderr)
    two_lines = "Ana Maria Ruiz Lopez de la Cruz y Fernandez Garcia Ana Maria Ruiz"  # 66: still fits
    assert run_cli("build", "--patient", two_lines, "-o", out).exit_code == 0
    rows_file = write_csv(tmp_path / "rows.csv", [{"patient": long_name}, {"patient": "Bo"}])
    batch = run_cli("batch", rows_file, "--out", tmp_path / "dist", "--jobs", "1")
    assert batch.exit_code == 1 and "built 1, skipped 0 (unchanged), failed 1" in flat(batch.stderr)


def test_many_failed_rows_print_a_short_table(tmp_path: Path) -> None:
    rows = [{"patient": f"P{n}", "paper": "legal"} for n in range(2000)]
    rows_file = write_csv(tmp_path / "rows.csv", rows)
    result = run_cli("batch", rows_file, "--out", tmp_path / "dist", "--jobs", "1")
    assert result.exit_code == 1
    assert "… and 1980 more: see" in flat(result.stderr)
    assert len(result.stderr) < 20_000
    assert len(manifest(tmp_path / "dist")["rows"]) == 2000  # type: ignore[arg-type]


def _tree(pid: int) -> set[int]:
    """The pids whose parent is ``pid``."""
    children = set()
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.add(int(stat_file.parent.name))
    return children


def _start(tmp_path: Path, rows: int) -> tuple[subprocess.Popen[str], Path]:
    rows_file = write_csv(tmp_path / "rows.csv", [{"patient": f"P{n}"} for n in range(rows)])
    out = tmp_path / "dist"
    process = subprocess.Popen([sys.executable, "-m", "worksheet", "batch", str(rows_file), "--out", str(out),
                                "--jobs", "2"], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.pdf"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    return process, out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_stop_when_the_parent_is_killed(tmp_path: Path) -> None:
    process, out = _start(tmp_path, 300)
    workers = _tree(process.pid)
    assert workers  # the pool is running
    process.kill()
    process.communicate()
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{w}").exists() and "Z" not in Path(f"/proc/{w}/stat").read_text().split()[2]
              for w in workers if Path(f"/proc/{w}/stat").exists()) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [w for w in workers if Path(f"/proc/{w}/stat").exists()
             and Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
    assert not alive
    count = len(list(out.glob("*.pdf")))
    time.sleep(0.5)
    assert len(list(out.glob("*.pdf"))) == count  # nobody writes any more
    # the next run trusts the folder
    rerun = run_cli("batch", tmp_path / "rows.csv", "--out", out, "--jobs", "1")
    assert rerun.exit_code == 0, rerun.stderr
    assert {r["output"]: r["sha256"] for r in manifest(out)["rows"]} == \
        {p.name: sha(p) for p in out.glob("*.pdf")}  # type: ignore[index]
    assert not list(out.glob(".*"))


def test_sigterm_is_handled_like_ctrl_c(tmp_path: Path) -> None:
    process, out = _start(tmp_path, 300)
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 143, errors
    data = manifest(out)
    assert data["interrupted"] is True
    listed = {r["output"]: r["sha256"] for r in data["rows"] if r["sha256"]}  # type: ignore[index, union-attr]
    assert listed == {p.name: sha(p) for p in out.glob("*.pdf")}
    assert not list(out.glob(".*"))


def test_an_unwritable_manifest_still_reports_every_row_and_the_next_run_trusts_the_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import worksheet.manifest as manifest_module

    rows = [*PEOPLE[:3], {"patient": "Bad", "paper": "legal"}]
    rows_file = write_csv(tmp_path / "rows.csv", [{"paper": "", **r} for r in rows])
    out = tmp_path / "dist"

    def full(self: manifest_module.ManifestWriter, *args: object) -> None:
        self.discard()  # as finish() does when the disk is full
        raise WorksheetError(f"{out / 'manifest.json'}: cannot write: No space left on device")

    monkeypatch.setattr(manifest_module.ManifestWriter, "finish", full)
    result = run_cli("batch", rows_file, "--out", out, "--jobs", "1")
    assert result.exit_code == 3
    text = flat(result.stderr)
    assert "built 3, skipped 0 (unchanged), failed 1" in text and "paper must be letter or a4" in text
    assert "No space left on device" in text and "which the next run reads" in text
    assert not (out / "manifest.json").exists()
    assert len(list(out.glob(".worksheet-journal-*.jsonl"))) == 1  # the record of what is there
    monkeypatch.undo()
    again = run_cli("batch", rows_file, "--out", out, "--jobs", "1")
    assert "built 0, skipped 3 (unchanged), failed 1" in flat(again.stderr)  # trusted from the journal
    assert {r["output"]: r["sha256"] for r in manifest(out)["rows"] if r["sha256"]} == \
        {p.name: sha(p) for p in out.glob("*.pdf")}  # type: ignore[index]
    assert not list(out.glob(".*"))
