"""Authoring mode: when a content file changes, check it and reload the library.

The page polls ``/api/status``; a new version refreshes the preview, problems are shown
with file and line in place of it, and the last good library stays in use until fixed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool

from worksheet.check import check_content
from worksheet.serve.state import ServerState


def watched_folders(state: ServerState) -> list[Path]:
    """The clinic's content folder, and the bundled content when asked (a source checkout)."""
    folders = [root.base for root in state.library.roots if not root.bundled or state.settings.watch_bundled]
    if state.settings.watch_bundled:  # the bundled base is the checkout: watch only its content folders
        folders = [f for f in folders if f != state.library.roots[0].base]
        base = state.library.roots[0]
        folders += [base.exercises, base.worksheets, base.brands, base.illustrations, base.templates]
    return [f for f in folders if f.is_dir()]


def reload(state: ServerState) -> None:
    """Check the content as it is now; keep the new library only when it has no problems."""
    library, problems, _ = check_content(state.settings.content)
    state.reloaded(library if not problems else None, tuple(problems))


async def _watch(state: ServerState, stop: asyncio.Event) -> None:
    from watchfiles import awatch

    folders = watched_folders(state)
    if not folders:
        return
    async for _ in awatch(*folders, stop_event=stop, debounce=200, step=50):
        await run_in_threadpool(reload, state)


def lifespan(state: ServerState) -> Callable[[Any], contextlib.AbstractAsyncContextManager[None]]:
    """Starlette's lifespan: the watcher runs while the server does."""
    @contextlib.asynccontextmanager
    async def run(app: Any) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = asyncio.create_task(_watch(state, stop))
        try:
            yield
        finally:
            stop.set()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=2)
    return run
