"""Opening a user's file safely: a regular file of bounded size, or a clear error.

A FIFO, a device (``/dev/zero``), a folder or a socket named where a file is
expected must never hang a build or fill memory, so every input goes through
``open_regular``: it opens without blocking, checks the opened file (not the
name, which could change in between) and refuses what is not a regular file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from worksheet.errors import Problem, WorksheetError

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def special_kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def why_not_regular(path: Path) -> str | None:
    """None for a regular file; else why not, in words ("not found", "is a named pipe (FIFO)")."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "not found"
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    kind = special_kind(info.st_mode)
    return None if kind is None else f"is {kind}"


def open_regular(path: Path, limit: int, what: str = "file") -> BinaryIO:
    """``path`` opened for reading, if it is a regular file of at most ``limit`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise WorksheetError(Problem(f"{what} not found", path=path)) from None
    except OSError as exc:
        raise WorksheetError(Problem(f"cannot read {what}: {exc.strerror}", path=path)) from None
    try:
        info = os.fstat(fd)
        kind = special_kind(info.st_mode)
        if kind is not None:
            raise WorksheetError(Problem(f"is {kind}, not a {what}", path=path))
        if info.st_size > limit:
            raise WorksheetError(Problem(f"{what} is too big ({info.st_size:,} bytes; the limit is "
                                         f"{limit:,})", path=path))
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    # fdopen owns fd: a stop (SIGTERM raised in it) closes it there; closing it here too was EBADF
    return os.fdopen(fd, "rb")


def read_bytes(path: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (it may not grow past it either)."""
    with open_regular(path, limit, what) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise WorksheetError(Problem(f"cannot read {what}: {exc.strerror}", path=path)) from None
    if len(data) > limit:
        raise WorksheetError(Problem(f"{what} is too big (over {limit:,} bytes)", path=path))
    return data


def read_text(path: Path, limit: int, what: str = "file") -> str:
    """A UTF-8 text file (a BOM is dropped) of at most ``limit`` bytes."""
    data = read_bytes(path, limit, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorksheetError(Problem(f"not UTF-8 text ({exc.reason})", path=path)) from None
