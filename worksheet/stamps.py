"""Answers remembered while the files they come from stay the same, checked by a stat of each file.

A cold command should not hash every bundled file (or load and validate the whole
library) to learn what it learned last time. A *stamp* is a digest of the path,
size, mtime, ctime and inode of every file under some folders: editing, replacing
or adding a file changes it (ctime moves on any write, even when a tool puts the
old mtime back). What was worked out from those files is kept in the signed disk
cache (``worksheet.diskcache``) under the stamp; a different stamp finds nothing.

One case a stat cannot see: a file written twice within one tick of the file
system's clock, the second time with the same size. So a file whose mtime or ctime
is less than ``RECENT_NS`` before the answer was kept (or in the future) is kept
with its sha256 too, and a later run hashes it again before it trusts the answer.
With ``WORKSHEET_NO_CACHE`` nothing is remembered or read back.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat as stat_mode
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from worksheet import __version__, diskcache

RECENT_NS = 3_000_000_000  # a file changed this shortly before an answer was kept is hashed again
MAX_FILES = 5_000  # folders bigger than this are not stamped (the caller works it out every time)


class Stamp(NamedTuple):
    """The stat digest of some folders, and the files changed too recently to trust a stat."""

    digest: str
    recent: tuple[str, ...]


def stamp(folders: Iterable[Path], now_ns: int | None = None) -> Stamp | None:
    """The stamp of every file under ``folders`` (``__pycache__`` aside); None when a folder
    cannot be read or holds more than ``MAX_FILES``."""
    now = time.time_ns() if now_ns is None else now_ns
    digest = hashlib.sha256(b"worksheet-stamp/1")
    recent: list[str] = []
    count = 0
    try:
        for folder in folders:
            digest.update(b"\0\0" + os.fsencode(folder))
            stack = [str(folder)] if os.path.isdir(folder) else []
            while stack:
                with os.scandir(stack.pop()) as found:
                    entries = sorted(found, key=lambda e: e.name)
                for entry in entries:
                    if entry.is_dir(follow_symlinks=True):
                        if entry.name != "__pycache__":
                            stack.append(entry.path)
                        continue
                    info = entry.stat(follow_symlinks=True)
                    count += 1
                    if count > MAX_FILES:
                        return None
                    line = (f"\0{entry.path}\0{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:"
                            f"{info.st_ino}:{info.st_dev}:{info.st_mode}")
                    digest.update(line.encode("utf-8", "surrogateescape"))
                    if max(info.st_mtime_ns, info.st_ctime_ns) > now - RECENT_NS:
                        recent.append(entry.path)
    except OSError:
        return None
    return Stamp(digest.hexdigest(), tuple(recent))


def package_folders() -> list[Path]:
    """The tool's own code and catalogues."""
    return [Path(__file__).resolve().parent]


def environment() -> str:
    """Python's version and the package folders on ``sys.path`` with their mtimes:
    installing, upgrading or removing a library adds and removes entries there."""
    parts = [sys.version]
    for entry in sys.path:
        if entry.endswith(("site-packages", "dist-packages")):
            try:
                parts.append(f"{entry}:{os.stat(entry).st_mtime_ns}")
            except OSError:
                parts.append(f"{entry}:-")
    return "\n".join(parts)


def _key(kind: str, parts: Iterable[str], found: Stamp, code: Stamp) -> str:
    return diskcache.make_key("stamped", kind, __version__, environment(), code.digest, found.digest, *parts)


def _sha256(path: str) -> str | None:
    """The sha256 of a regular file (opened without blocking: a FIFO is no file); None otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat_mode.S_ISREG(os.fstat(fd).st_mode):
            return None
        digest = hashlib.sha256()
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
        return digest.hexdigest()


Keep = Callable[[str], None]
"""Keeps an answer worked out from the files as they were stamped."""


def recall(kind: str, parts: Iterable[str], folders: Iterable[Path]) -> tuple[str | None, Keep]:
    """The answer kept for ``kind``/``parts`` over these folders (None when there is none,
    the cache is off, or a recent file's bytes changed), and a function that keeps a new one."""
    parts, folders = tuple(parts), tuple(folders)
    if not diskcache.enabled():
        return None, _ignore
    code, found = stamp(package_folders()), stamp(folders)
    if code is None or found is None:
        return None, _ignore
    key = _key(kind, parts, found, code)

    def keep(value: str) -> None:
        now = time.time_ns()
        code_after, after = stamp(package_folders(), now), stamp(folders, now)
        unchanged = code_after is not None and after is not None and (
            (code_after.digest, after.digest) == (code.digest, found.digest))
        if not unchanged or code_after is None or after is None:
            return  # something changed while the answer was worked out: keep nothing
        hashes = {path: _sha256(path) for path in (*code_after.recent, *after.recent)}
        diskcache.store(key, json.dumps({"hashes": hashes, "value": value}).encode(), diskcache.KEPT)

    answer, hashed = _verified(diskcache.load(key, diskcache.KEPT))
    if answer is not None and hashed != {*code.recent, *found.recent}:
        keep(answer)  # files that were recent are not any more: keep it without their hashes
    return answer, keep


def _ignore(value: str) -> None:
    """Keep nothing (the cache is off, or the folders cannot be stamped)."""


def _verified(body: bytes | None) -> tuple[str | None, set[str]]:
    """The kept answer, once every file kept with its hash still has it; and those files."""
    if body is None:
        return None, set()
    try:
        entry = json.loads(body)
        hashes, value = entry["hashes"], entry["value"]
        if not (isinstance(hashes, dict) and isinstance(value, str)):
            return None, set()
        if any(not isinstance(path, str) or _sha256(path) != sha for path, sha in hashes.items()):
            return None, set()
    except (ValueError, KeyError, TypeError):
        return None, set()
    return value, set(hashes)


def remembered(kind: str, folders: list[Path], work: Callable[[], str | None]) -> str | None:
    """``work()``, remembered while no file under ``folders`` (nor the tool's code) changes."""
    answer, keep = recall(kind, [str(folder) for folder in folders], folders)
    if answer is None:
        answer = work()
        if answer is not None:
            keep(answer)
    return answer


@functools.cache
def code_digest() -> str | None:
    """``diskcache.code_digest()`` (a sha256 of the tool's code), without reading the code
    again while no file of it changed (once per process: the code it runs is already loaded)."""
    return remembered("code", [], diskcache.code_digest)
