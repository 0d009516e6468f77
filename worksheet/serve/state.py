"""What the running server holds: the library (reloaded in authoring mode), loaded worksheet files.

Everything lives in memory; nothing here is written to disk.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field

from worksheet.content import Library
from worksheet.errors import Problem
from worksheet.model import WorksheetSpec
from worksheet.serve.compose import with_uploads
from worksheet.serve.guard import Settings

MAX_UPLOADED_WORKSHEETS = 20  # a clinician loads a handful; older ones are forgotten first


@dataclass
class ServerState:
    """The library in use, its version (bumped on every reload) and the last check's problems."""

    settings: Settings
    library: Library
    version: int = 1
    problems: tuple[Problem, ...] = ()
    """Problems of the content as it is now on disk; the last good library stays in use."""
    uploads: dict[str, WorksheetSpec] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self) -> Library:
        """The library plus the worksheet files loaded in the browser."""
        with self.lock:
            return with_uploads(self.library, dict(self.uploads))

    def remember(self, key: str, spec: WorksheetSpec) -> None:
        with self.lock:
            self.uploads.pop(key, None)
            self.uploads[key] = spec
            while len(self.uploads) > MAX_UPLOADED_WORKSHEETS:
                self.uploads.pop(next(iter(self.uploads)))

    def reloaded(self, library: Library | None, problems: tuple[Problem, ...]) -> None:
        """After a content change: a new library when it is good, the problems otherwise."""
        with self.lock:
            if library is not None:
                self.library = library
            self.problems = problems
            self.version += 1


def new_secret() -> str:
    """A random key for CSRF tokens, access tokens and batch job ids."""
    return secrets.token_urlsafe(18)
