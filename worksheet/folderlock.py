"""One batch at a time per output folder: an OS lock on the folder itself.

The lock is ``flock`` on the folder's own descriptor, so no lock file is left
behind, and the kernel drops it when the process ends however it ends. The
holder is named from its journal (``.worksheet-journal-<pid>-….jsonl``).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from worksheet.errors import Problem, WorksheetError

JOURNAL_PREFIX = ".worksheet-journal-"


@contextlib.contextmanager
def folder_lock(folder: Path, wait: bool = False) -> Iterator[None]:
    """Hold the output folder for this run; a second run is refused (or waits)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise WorksheetError(Problem(f"cannot open the output folder: {exc.strerror}", path=folder)) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise WorksheetError(Problem(f"is in use by another worksheet batch{_holder(folder)}",
                                         path=folder, hint="wait for it to finish, or add --wait")) from None
        yield
    finally:
        os.close(fd)


def _holder(folder: Path) -> str:
    for journal in folder.glob(f"{JOURNAL_PREFIX}*.jsonl"):
        pid = journal.name[len(JOURNAL_PREFIX):].split("-")[0]
        if pid.isdigit() and _alive(int(pid)):
            return f" (process {pid})"
    return ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
