"""What a handout's bytes depend on, hashed: for skipping unchanged batch rows."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from worksheet import __version__
from worksheet.content import Library
from worksheet.model import Request


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
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def request_fingerprint(request: Request, content: str) -> str:
    """A hash of one row's request plus the content (and any files the row names)."""
    values = dataclasses.asdict(request)
    extra = []
    for name in (request.worksheet, request.brand):
        path = Path(name)
        if path.suffix in (".yaml", ".yml") and path.is_file():
            extra.append(hashlib.sha256(path.read_bytes()).hexdigest())
    payload = json.dumps([values, extra, content], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The sha256 of a file, or None when it is missing."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
