"""What a handout's bytes depend on, hashed: for skipping unchanged batch rows."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from pathlib import Path

from worksheet import __version__, safefile
from worksheet.content import Library
from worksheet.errors import WorksheetError
from worksheet.model import BrandFont, Request
from worksheet.resolve import find_brand


def content_fingerprint(library: Library) -> str:
    """A hash of every content, template, image and font file the library can use."""
    digest = hashlib.sha256(__version__.encode())
    for root in library.roots:
        for folder in (root.exercises, root.worksheets, root.brands, root.illustrations, root.templates,
                       root.fonts):
            if not folder.is_dir():
                continue
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                digest.update(str(path.relative_to(root.base)).encode())
                digest.update(_sha256_or_marker(path).encode())
    return digest.hexdigest()


def request_fingerprint(request: Request, content: str, library: Library) -> str:
    """A hash of one row's request plus the content, and any files the row names: a
    worksheet or brand file given by path, and that brand's logo and font files."""
    values = dataclasses.asdict(request)
    extra = []
    for name in (request.worksheet, request.brand):
        path = Path(name)
        if path.suffix in (".yaml", ".yml") and path.is_file():
            extra.append(_hash_file(path))
    if Path(request.brand).suffix in (".yaml", ".yml"):
        extra += [_hash_file(p) for p in _brand_files(library, request.brand)]
    payload = json.dumps([values, extra, content], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


_BRAND_FILES: dict[tuple[str, str], list[Path]] = {}


def _brand_files(library: Library, name: str) -> list[Path]:
    """The logo and font files of a brand file, read once per version of the file (none
    if it cannot be read: the row fails when it is built, and its message says why)."""
    key = (name, _hash_file(Path(name)))
    if key not in _BRAND_FILES:
        try:
            brand = find_brand(library, name)
        except WorksheetError:
            return []
        files = [brand.logo] if brand.logo is not None else []
        if isinstance(brand.font, BrandFont):
            files += [f for f in (brand.font.regular, brand.font.bold, brand.font.italic) if f is not None]
        _BRAND_FILES[key] = files
    return _BRAND_FILES[key]


MAX_HASHED_BYTES = 200_000_000  # beyond any content, font or handout file: hash no further


def _sha256_or_marker(path: Path) -> str:
    """The sha256 of a regular file, streamed; a marker when it is missing, special (a FIFO
    would hang the read, ``/dev/zero`` would never end) or too big. The row then fails at
    build time, where the same file is refused with the real message."""
    try:
        with safefile.open_regular(path, MAX_HASHED_BYTES) as handle:
            digest = hashlib.sha256()
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
            return digest.hexdigest()
    except (WorksheetError, OSError) as exc:
        return f"unreadable:{path}:{exc}"


def _hash_file(path: Path) -> str:
    """The sha256 of a file, remembered while its size and mtime stay the same."""
    try:
        stat = path.stat()
    except OSError:
        return f"missing:{path}"
    return _hash_bytes_of(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _hash_bytes_of(path: str, size: int, mtime_ns: int) -> str:
    return _sha256_or_marker(Path(path))


def file_sha256(path: Path) -> str | None:
    """The sha256 of a regular file, or None when it is missing or not a regular file."""
    digest = _sha256_or_marker(path)
    return None if digest.startswith("unreadable:") else digest
