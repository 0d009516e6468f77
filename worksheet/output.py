"""Writing results: a PDF appears whole or not at all.

The bytes go to a temporary file beside the target, which is then renamed over
it: a reader (or the next run) sees the old file or the complete new one, never
half of either. Temporary names carry a tag (a batch run's id) so that a
clean-up removes only what its own run made.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from worksheet.errors import Problem, WorksheetError

TMP_SUFFIX = ".wstmp"  # only this tool makes names that end so
_TMP_STEM_BYTES = 60  # keeps ".stem.XXXXXXXX.tag.wstmp" far below 255 bytes whatever the target's name


def tmp_glob(tag: str = "*") -> str:
    """The glob that matches the temporary files written with ``tag``."""
    return f".*.{tag}{TMP_SUFFIX}"


def write_atomic(path: Path, data: bytes, tmp_tag: str = "w") -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.
    A file it replaces keeps its permission bits."""
    with atomic_file(path, tmp_tag) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_file(path: Path, tmp_tag: str = "w") -> Iterator[BinaryIO]:
    """A file to write ``path`` through: it replaces ``path`` only when the block ends well."""
    folder = path.parent
    stem = path.name.encode("utf-8")[:_TMP_STEM_BYTES].decode("utf-8", errors="ignore")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=f".{tmp_tag}{TMP_SUFFIX}", dir=folder)
    except OSError as exc:
        raise WorksheetError(Problem(f"cannot write here: {exc.strerror}", path=path)) from None
    try:
        os.fchmod(fd, _mode_for(path))  # mkstemp makes 0600 files; a handout is an ordinary file
        with os.fdopen(fd, "wb") as handle:
            yield handle
            # no fsync: the rename already makes the file appear whole or not at all when a
            # process stops; fsync guards only against power loss and costs a disk flush per file
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WorksheetError(Problem(f"cannot write: {exc.strerror}", path=path)) from None
        raise


def _mode_for(path: Path) -> int:
    try:
        info = path.lstat()
    except OSError:
        return 0o666 & ~_umask()
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else 0o666 & ~_umask()


@functools.cache
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
