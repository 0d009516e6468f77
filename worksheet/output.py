"""Writing results: a PDF appears whole or not at all."""

from __future__ import annotations

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
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WorksheetError(Problem(f"cannot write: {exc.strerror}", path=path)) from None
        raise
