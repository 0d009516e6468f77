"""A stop (Ctrl-C, SIGTERM) that lands while the run records a result never loses a row.

The run tells what it wrote by its manifest: a complete handout missing from it is taken by
the next run for a file the tool did not write. These tests send the real signal at the worst
moments of ``_Run.record`` (deterministically, from inside it), where the random-time tests
of ``test_batch_faults`` only hit them now and then.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import worksheet.batch as batch_module
import worksheet.manifest as manifest_module
from worksheet.manifest import Previous, RowResult
from worksheet.model import Request


def _job(out: Path, seq: int, tag: str) -> batch_module.Job:
    name = f"Person-{seq}.pdf"
    return batch_module.Job(seq, seq + 2, Request(patient=f"Person {seq}"), out / name, "in", tag)


def _built(out: Path, job: batch_module.Job) -> RowResult:
    """A finished row: its complete file is on disk, as a worker leaves it."""
    job.target.write_bytes(b"%PDF-1.7 a whole handout\n%%EOF\n")
    sha = manifest_module.sha_of_file(job.target)
    return RowResult(job.row, job.target.name, "built", sha, pages=1, inputs="in",
                     patient=job.request.patient)


def _interrupt_at(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, when: int) -> None:
    """Send this process SIGINT on the ``when``-th call of ``owner.name``, as a user's Ctrl-C
    would arrive: Python raises KeyboardInterrupt at the next instruction it runs."""
    original = getattr(owner, name)
    calls = [0]

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == when:
            os.kill(os.getpid(), signal.SIGINT)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapped)


@pytest.mark.parametrize(("owner", "name", "when"), [
    (manifest_module.ManifestWriter, "_row", 2),   # writing row 1, which came back before row 0
    (manifest_module.ManifestWriter, "_row", 1),   # writing row 0 itself
    (manifest_module.Journal, "result", 2),        # row 0's journal line
    (manifest_module, "asdict", 2),                # inside the manifest line of row 1
    (batch_module.BatchReport, "add", 2),          # after the manifest took row 0
])
def test_a_stop_while_a_result_is_recorded_keeps_every_row_listed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, when: int) -> None:
    with _another_thread():  # as the pool's threads are: the kernel may hand the signal to it
        _stop_while_recording(tmp_path, monkeypatch, owner, name, when)


@contextlib.contextmanager
def _another_thread() -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _stop_while_recording(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, owner: Any, name: str,
                          when: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    run = batch_module._Run(out, Previous(), force=False, on_result=None, keep_outputs=False)
    jobs = [_job(out, seq, run.tag) for seq in range(3)]
    for job in jobs:
        run.in_flight[job.seq] = job
    results = {job.seq: _built(out, job) for job in jobs[:2]}  # row 2 never came back
    run.record(1, results[1])  # rows come back out of order from two workers
    _interrupt_at(monkeypatch, owner, name, when)
    with contextlib.suppress(KeyboardInterrupt):
        run.record(0, results[0])  # also writes row 1, which waited for row 0
    monkeypatch.undo()
    run._finish(interrupted=True)

    listed = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["rows"]
    assert [(r["output"], r["status"]) for r in listed] == \
        [("Person-0.pdf", "built"), ("Person-1.pdf", "built"), ("Person-2.pdf", "failed")]
    assert {r["output"]: r["sha256"] for r in listed if r["sha256"]} == \
        {p.name: manifest_module.sha_of_file(p) for p in out.glob("*.pdf")}
