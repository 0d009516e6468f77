"""The batch's record of its output folder: ``manifest.json`` and the journal of a run.

The manifest lists the handouts this tool wrote, each with its sha256 and the
fingerprint of the inputs it was built from; a file it does not list is the
user's and is never replaced. While a run goes on, each row it is about to
write and each result is appended to a journal beside the manifest, so a run
that is killed leaves a record the next run reads: no file it wrote is ever
unaccounted for. The manifest itself is written row by row (memory stays flat)
into a temporary file that is renamed into place at the end.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from worksheet import __version__, safefile
from worksheet.errors import Problem, WorksheetError
from worksheet.folderlock import JOURNAL_PREFIX
from worksheet.output import TMP_SUFFIX

Status = Literal["built", "skipped", "failed"]
MANIFEST = "manifest.json"
FORMAT = 3  # 2: adds kept_previous, moved_aside and the "kept" list; 3: line, patient, warnings, merged
MAX_MANIFEST_BYTES = 256 * 1024 * 1024  # 100,000 rows take about 40 MB
MAX_HANDOUT_BYTES = 1024 * 1024 * 1024  # a file bigger than this in --out is no handout of ours


@dataclass(slots=True)
class RowResult:
    """What happened to one row; one entry of the manifest."""

    row: int
    """The row's number: in a CSV the spreadsheet's row (the header is row 1)."""
    output: str
    """The file name in the output folder."""
    status: Status
    sha256: str | None = None
    """The sha256 of the file on disk that this entry vouches for (None: no file of ours)."""
    pages: int | None = None
    error: str | None = None
    inputs: str | None = None
    """The fingerprint of the inputs that file was built from."""
    renamed_from: str | None = None
    kept_previous: bool = False
    """The row failed and the handout of an earlier run is still there, unchanged."""
    moved_aside: str | None = None
    """A file the tool did not write stood at ``output``; ``--force`` renamed it to this."""
    line: int | None = None
    """The file line to look at, when it is not ``row``: in a CSV the line the row starts on (a
    quoted line break came before it); in YAML or JSON the line of the wrong cell, or of the row."""
    patient: str = ""
    """The patient's name as the row gives it."""
    warnings: list[str] = field(default_factory=list)
    """What a single build would have warned about (a missing translation, a missing glyph)."""

    def where(self) -> str:
        """``row 23`` or, when the file line differs, ``row 23 (line 24)``."""
        return f"row {self.row}" + (f" (line {self.line})" if self.line is not None else "")

    @classmethod
    def from_json(cls, data: Any) -> RowResult:
        """An entry read back from a manifest or journal (ValueError when it is not one)."""
        if not isinstance(data, dict) or not isinstance(data.get("output"), str) \
                or data.get("status") not in ("built", "skipped", "failed"):
            raise ValueError("not a manifest row")
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(slots=True)
class Previous:
    """What earlier runs left in the folder, as far as this tool wrote it."""

    entries: dict[str, RowResult] = field(default_factory=dict)
    planned: set[str] = field(default_factory=set)
    """Files a stopped run was about to write: ours, though nothing vouches for their bytes."""
    journals: list[Path] = field(default_factory=list)
    """Journals of stopped runs, removed once the new manifest is written."""

    def owns(self, name: str) -> bool:
        entry = self.entries.get(name)
        return name in self.planned or (entry is not None and entry.sha256 is not None)


def load_previous(out_dir: Path) -> Previous:
    """The manifest and the journals of stopped runs; a manifest that is not ours is refused."""
    previous = Previous()
    path = out_dir / MANIFEST
    if os.path.lexists(path):
        for entry in _manifest_rows(path):
            previous.entries[entry.output] = entry
    for journal in sorted(out_dir.glob(f"{JOURNAL_PREFIX}*.jsonl")):
        _read_journal(journal, previous)
        previous.journals.append(journal)
    return previous


def _manifest_rows(path: Path) -> list[RowResult]:
    foreign = WorksheetError(Problem("was not written by worksheet (or is damaged), so it is left as it is",
                                     path=path, hint="move it away, or choose another --out folder"))
    text = safefile.read_text(path, MAX_MANIFEST_BYTES, "manifest")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise foreign from None
    if not isinstance(data, dict) or not str(data.get("tool", "")).startswith("worksheet ") \
            or not isinstance(data.get("rows"), list) or not isinstance(data.get("kept", []), list):
        raise foreign
    try:
        return [RowResult.from_json(r) for r in [*data["rows"], *data.get("kept", [])]]
    except (ValueError, TypeError):
        raise foreign from None


def _read_journal(path: Path, previous: Previous) -> None:
    try:
        handle = safefile.open_regular(path, MAX_MANIFEST_BYTES, "journal")
    except WorksheetError:
        return  # not ours after all (we only ever write regular files there)
    with handle:
        for line in handle:
            try:
                item = json.loads(line)
                if "plan" in item:
                    previous.planned.add(str(item["plan"]))
                elif "result" in item:
                    entry = RowResult.from_json(item["result"])
                    previous.entries[entry.output] = entry
            except (ValueError, TypeError, RecursionError):
                continue  # the line a killed run was writing


class Journal:
    """This run's journal: a line before each file is written and a line per result."""

    def __init__(self, out_dir: Path, run_id: str) -> None:
        self.path = out_dir / f"{JOURNAL_PREFIX}{run_id}.jsonl"
        self.broken: str | None = None
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        except OSError as exc:
            raise WorksheetError(Problem(f"cannot write in the output folder: {exc.strerror}",
                                         path=out_dir)) from None

    def plan(self, name: str) -> None:
        """Say that ``name`` is about to be written; raises when that cannot be recorded."""
        if not self._write({"plan": name}):
            raise WorksheetError(f"not built: the run's journal cannot be written ({self.broken})")

    def result(self, result: RowResult) -> None:
        self._write({"result": asdict(result)})

    def _write(self, item: dict[str, Any]) -> bool:
        if self.broken is not None:
            return False
        line = (json.dumps(item, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            written = os.write(self._fd, line)
        except OSError as exc:
            self.broken = exc.strerror or "write failed"
            return False
        if written != len(line):  # a short write: the disk is full; the next run skips that line
            self.broken = "the disk is full"
            return False
        return True

    def close(self, remove: bool) -> None:
        os.close(self._fd)
        if remove:
            self.path.unlink(missing_ok=True)


class ManifestWriter:
    """Writes ``manifest.json`` one row per line, in row order, as results arrive."""

    def __init__(self, out_dir: Path, tag: str) -> None:
        self.target = out_dir / MANIFEST
        self.error: str | None = None
        self._waiting: dict[int, RowResult] = {}
        self._next = 0
        self._rows = 0
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{MANIFEST}.", suffix=f".{tag}{TMP_SUFFIX}", dir=out_dir)
        except OSError as exc:
            raise WorksheetError(Problem(f"cannot write in the output folder: {exc.strerror}",
                                         path=out_dir)) from None
        self.tmp = Path(tmp)
        self._file = os.fdopen(fd, "w", encoding="utf-8")
        self._put(f'{{\n"tool": "worksheet {__version__}",\n"format": {FORMAT},\n"rows": [')

    def has(self, seq: int) -> bool:
        """Whether the ``seq``-th row's result was taken already."""
        return seq < self._next or seq in self._waiting

    def add(self, seq: int, result: RowResult) -> list[RowResult]:
        """Take the result of the ``seq``-th row; return the rows now written, in order."""
        self._waiting[seq] = result
        written = []
        while self._next in self._waiting:
            written.append(self._row(self._waiting.pop(self._next)))
            self._next += 1
        return written

    def _row(self, result: RowResult) -> RowResult:
        self._put(("\n" if not self._rows else ",\n") + json.dumps(asdict(result), ensure_ascii=False))
        self._rows += 1
        return result

    def finish(self, kept: list[RowResult], interrupted: bool, summary: dict[str, int],
               merged: dict[str, Any] | None = None) -> None:
        """Write the rest and rename the file into place (WorksheetError when it cannot be)."""
        for seq in sorted(self._waiting):  # rows a stop left without a result before them
            self._row(self._waiting.pop(seq))
        kept_text = ",\n".join(json.dumps(asdict(r), ensure_ascii=False) for r in kept)
        self._put(f'\n],\n"kept": [{kept_text}],\n"interrupted": {json.dumps(interrupted)},\n'
                  f'"merged": {json.dumps(merged, ensure_ascii=False)},\n'
                  f'"summary": {json.dumps(summary)}\n}}\n')
        try:
            self._file.close()
            if self.error is None:
                os.chmod(self.tmp, 0o644)
                os.replace(self.tmp, self.target)
        except OSError as exc:
            self.error = exc.strerror or "write failed"
        if self.error is not None:
            self.tmp.unlink(missing_ok=True)
            raise WorksheetError(Problem(f"cannot write: {self.error}", path=self.target))

    def discard(self) -> None:
        """Close and remove the unfinished file (the earlier manifest stays)."""
        with contextlib.suppress(OSError):
            self._file.close()
        self.tmp.unlink(missing_ok=True)

    def _put(self, text: str) -> None:
        if self.error is not None:
            return
        try:
            self._file.write(text)
        except OSError as exc:
            self.error = exc.strerror or "write failed"


def sha_of_file(path: Path) -> str | None:
    """The sha256 of a regular file, read in pieces (None when it is missing or not one)."""
    try:
        handle = safefile.open_regular(path, MAX_HANDOUT_BYTES)
    except WorksheetError:
        return None
    digest = hashlib.sha256()
    with handle:
        try:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        except OSError:
            return None
    return digest.hexdigest()
