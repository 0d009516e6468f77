"""The on-disk cache of recorded layouts: a cold ``worksheet build`` replays one built before.

An entry is found by a key made of everything that decides a handout's bytes
except the patient's name and date: the cache format, the tool's version and a
digest of its own code, the engine's versions (given by the layout layer), the
request's other options, and the sha256 of every file under the content roots.
The name and date never enter a key or an entry.

Entries are treated as hostile input: each is signed with HMAC-SHA256 under a
secret kept beside them (created once, readable only by the user), and one whose
signature, size or key does not match is ignored and rebuilt. Writes are atomic
(temporary file + rename), so two processes writing the same entry at once both
leave a whole one. The folder is kept under ``MAX_BYTES`` by removing the least
recently used entries. ``WORKSHEET_NO_CACHE=1`` or ``--no-cache`` turn it off;
``WORKSHEET_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
from collections.abc import Iterable
from pathlib import Path

FORMAT = b"worksheet-layout-cache/1"
MAX_BYTES = 64 * 1024 * 1024  # about 300 recorded layouts of the bundled sheet (~200 KB each)
MAX_ENTRY_BYTES = 16 * 1024 * 1024  # a larger file in the folder is not one of ours
MAX_INPUT_FILES = 5_000  # a --content folder bigger than this is not hashed on every build: no cache
MAX_INPUT_BYTES = 512 * 1024 * 1024
SUFFIX = ".wslayout"
KEPT = ".wskept"  # answers worked out from files (``worksheet.stamps``): small, pruned with the layouts
_SIG = 32  # bytes of HMAC-SHA256 in front of every entry
_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path:
    """Where entries live: ``WORKSHEET_CACHE_DIR``, else the user's cache folder
    (``~/.cache/worksheet/layouts`` on Linux; ``platformdirs`` knows the others)."""
    forced = os.environ.get("WORKSHEET_CACHE_DIR")
    if forced:
        return Path(forced)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("worksheet", appauthor=False)) / "layouts"


_OFF = [False]


def turn_off() -> None:
    """No cache for the rest of this process (``--no-cache``)."""
    _OFF[0] = True


def enabled(no_cache: bool = False) -> bool:
    """False when ``--no-cache`` or ``WORKSHEET_NO_CACHE`` (any value but 0 or empty) says so."""
    return not (no_cache or _OFF[0]) and os.environ.get("WORKSHEET_NO_CACHE", "") in ("", "0")


@functools.cache
def code_digest() -> str:
    """sha256 over the tool's own files (code, catalogues): a changed layout rule is a new key,
    even before the version number moves."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".po") and "__pycache__" not in path.parts and path.is_file():
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def files_digest(folders: Iterable[Path]) -> str | None:
    """sha256 over the name and bytes of every file under ``folders``; None when they hold
    more than the limits (then a build does not use the cache) or cannot be read."""
    digest = hashlib.sha256()
    count = size = 0
    try:
        for folder in folders:
            digest.update(str(folder).encode() + b"\0\0")
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*")):
                if not path.is_file():
                    continue
                count += 1
                size += path.stat().st_size
                if count > MAX_INPUT_FILES or size > MAX_INPUT_BYTES:
                    return None
                digest.update(str(path.relative_to(folder)).encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        return None
    return digest.hexdigest()


def make_key(*parts: str) -> str:
    """The entry name for these parts (hex sha256; none of the parts can be read back from it)."""
    digest = hashlib.sha256(FORMAT)
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _secret(folder: Path) -> bytes | None:
    """The signing key of this cache folder, created on first use (mode 0600); None when the
    key there is not the user's own (another user could have planted it: then no cache)."""
    path = folder / "secret"
    try:
        with path.open("rb") as handle:
            if not _own(os.fstat(handle.fileno())):
                return None
            data = handle.read(64)
        if len(data) == 32:
            return data
    except FileNotFoundError:
        pass
    import secrets
    import tempfile

    data = secrets.token_bytes(32)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".secret-", suffix=".wstmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)  # the first writer wins; a second process uses the winner's key
        except FileExistsError:
            existing = path.read_bytes()
            if len(existing) == 32:
                return existing
            os.replace(tmp, path)  # a damaged key: a new one (entries signed with the old are ignored)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return data


def _own(info: os.stat_result) -> bool:
    """The file is this user's and nobody else may read or write it (always true off POSIX)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o077


def _sign(secret: bytes, key: str, body: bytes) -> bytes:
    return hmac.new(secret, FORMAT + key.encode() + b"\0" + body, hashlib.sha256).digest()


def load(key: str, suffix: str = SUFFIX) -> bytes | None:
    """The body stored under ``key``, or None when there is none or it does not verify."""
    folder = cache_dir()
    path = folder / f"{key}{suffix}"
    try:
        if path.stat().st_size > MAX_ENTRY_BYTES:
            return None
        data = path.read_bytes()
        secret = _secret(folder)
    except OSError:
        return None
    if secret is None:
        return None
    signature, body = data[:_SIG], data[_SIG:]
    if len(signature) != _SIG or not hmac.compare_digest(signature, _sign(secret, key, body)):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return body


def store(key: str, body: bytes, suffix: str = SUFFIX) -> None:
    """Keep ``body`` under ``key`` (whole or not at all); a cache that cannot be written is
    no error: the handout was built, the next build just builds it again."""
    if len(body) + _SIG > MAX_ENTRY_BYTES:
        return
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        secret = _secret(folder)
        if secret is None:
            return
        data = _sign(secret, key, body) + body
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{key[:16]}-", suffix=".wstmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, folder / f"{key}{suffix}")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        prune(folder)
    except OSError:
        return


def prune(folder: Path, limit: int = MAX_BYTES) -> None:
    """Remove the least recently used entries until the folder holds at most ``limit`` bytes."""
    entries = []
    for path in (*folder.glob(f"*{SUFFIX}"), *folder.glob(f"*{KEPT}")):
        with contextlib.suppress(OSError):
            info = path.stat()
            entries.append((info.st_mtime_ns, info.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            path.unlink()
        total -= size
