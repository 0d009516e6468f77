"""ReportLab's platypus at less cost: two of its patterns are compiled when first used, not at import.

``reportlab.platypus.paragraph`` compiles a pattern for web addresses at import, with
``re.IGNORECASE`` over character ranges up to U+FFFF: Python case-folds every character
of them, and this one pattern is more than half of what importing platypus costs. It is
used only when a paragraph splits a long address (``uriWasteReduce``, which we never
set). ``reportlab.lib.textsplit`` compiles another range up to U+FFFF for ``cjkwrap``,
which we never call. So while platypus is imported, a pattern with such a range is
handed out as a ``LazyPattern``, which compiles the real one on first use and is
otherwise the same to its callers.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from typing import Any

_LOCK = threading.Lock()


class LazyPattern:
    """``re.compile(pattern, flags)``, compiled when an attribute (``match``…) is first read."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"


def _wide(pattern: object) -> bool:
    """A pattern with a character range up to U+FFFF (slow to compile: every character is looked at)."""
    return isinstance(pattern, str) and "\uffff" in pattern


@contextlib.contextmanager
def deferred_wide_patterns() -> Iterator[None]:
    """While this lasts, ``re.compile`` hands out slow-to-compile patterns as ``LazyPattern``."""
    with _LOCK:
        real = re.compile

        def compile_later(pattern: Any, flags: int = 0) -> Any:
            if _wide(pattern):
                return LazyPattern(pattern, int(flags))
            return real(pattern, flags)

        re.compile = compile_later
        try:
            yield
        finally:
            re.compile = real


def import_platypus() -> None:
    """Import ``reportlab.platypus`` (once) with its slow address pattern deferred."""
    import sys

    if "reportlab.platypus" in sys.modules:
        return
    with deferred_wide_patterns():
        import reportlab.platypus  # noqa: F401
