"""ReportLab's platypus at less cost: two of its patterns are compiled when first used, not at import.

``reportlab.platypus.paragraph`` compiles a pattern for web addresses at import, with
``re.IGNORECASE`` over character ranges up to U+FFFF: Python case-folds every character
of them, and this one pattern is more than half of what importing platypus costs. It is
used only when a paragraph splits a long address (``uriWasteReduce``, which we never
set). ``reportlab.lib.textsplit`` compiles another range up to U+FFFF for ``cjkwrap``,
which we never call. So while platypus is imported, a pattern with such a range is
handed out as a ``LazyPattern``, which compiles the real one on first use and is
otherwise the same to its callers.

And ``reportlab.lib.utils`` imports Pillow's ``PIL.Image`` (with its EXIF tables) at
import, for raster images only: a sheet drawn in vector art never needs it. It gets a
``DeferredModule`` instead, which imports the real one on first use.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import re
import sys
import threading
import types
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


class DeferredModule(types.ModuleType):
    """Stands in ``sys.modules`` for a module not imported yet; its first attribute read or
    write imports the real module (once, under a lock: a web server has threads; the same
    thread may come back while the module imports itself), and every later one goes to it."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        object.__setattr__(self, "_deferred_lock", threading.RLock())
        object.__setattr__(self, "_deferred_real", None)

    def _real(self) -> types.ModuleType:
        real: types.ModuleType | None = object.__getattribute__(self, "_deferred_real")
        if real is not None:
            return real
        with object.__getattribute__(self, "_deferred_lock"):
            real = object.__getattribute__(self, "_deferred_real")
            if real is None:
                name = object.__getattribute__(self, "__name__")
                if sys.modules.get(name) is self:
                    del sys.modules[name]
                real = importlib.import_module(name)
                object.__setattr__(self, "_deferred_real", real)
        return real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._real(), name, value)


def defer_import(name: str) -> None:
    """Put a ``DeferredModule`` for ``name`` in ``sys.modules``, unless it is imported already
    or cannot be found (``find_spec`` imports its package, which may import it too)."""
    if name in sys.modules:
        return
    try:
        if importlib.util.find_spec(name) is None or name in sys.modules:
            return
    except ModuleNotFoundError:  # (its package is not there)
        return
    sys.modules[name] = DeferredModule(name)


def import_platypus() -> None:
    """Import ``reportlab.platypus`` (once) with its slow address pattern and Pillow deferred."""
    if "reportlab.platypus" in sys.modules:
        return
    defer_import("PIL.Image")
    with deferred_wide_patterns():
        import reportlab.platypus  # noqa: F401
