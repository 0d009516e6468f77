"""Writing results: a PDF appears whole or not at all."""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

from worksheet.errors import Problem, WorksheetError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise WorksheetError(Problem(f"cannot write here: {exc.strerror}", path=path)) from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600 files; a handout is an ordinary file
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            # no fsync: the rename already makes the file appear whole or not at all when a
            # process stops; fsync guards only against power loss and costs a disk flush per file
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WorksheetError(Problem(f"cannot write: {exc.strerror}", path=path)) from None
        raise


@functools.cache
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
