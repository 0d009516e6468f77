"""Worker processes for a batch: a bounded window of jobs, and workers that die with the parent.

A worker that dies (killed, crashed) costs the rows it held, not the batch: the
pool is started again a few times. A worker never outlives the batch that
started it: on Linux the kernel sends it SIGKILL when its parent ends
(``PR_SET_PDEATHSIG``); elsewhere a thread watches the parent's pid.
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar

from worksheet.errors import Problem, WorksheetError

MAX_POOL_RESTARTS = 3
_PR_SET_PDEATHSIG = 1


class BatchStopped(WorksheetError):  # noqa: N818 (it says what happened, like KeyboardInterrupt)
    """The batch could not go on or could not record its results (exit code 3)."""

    def __init__(self, problem: Problem | str, report: object | None = None) -> None:
        super().__init__(problem)
        self.report = report
        """What was done before it stopped, when there is something to tell."""


class HasSeq(Protocol):
    @property
    def seq(self) -> int: ...


J = TypeVar("J", bound=HasSeq)
R = TypeVar("R")


def die_with_parent(parent: int) -> None:
    """Make this (worker) process end when ``parent`` does."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # it was gone before the line above took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def run_pool(jobs: Iterator[J], workers: int, build: Callable[[J], R], lost: Callable[[J], R],
             done: Callable[[J, R], None], initializer: Callable[..., None],
             initargs: tuple[Any, ...]) -> None:
    """Build every job in ``workers`` processes; ``lost(job)`` stands in for a result a dead
    worker never sent, asked only once every worker of that pool has stopped (a survivor may
    still finish a file until then). Results go to ``done`` as they come."""
    window = workers * 4  # enough queued work to keep every worker busy, no more
    restarts = 0

    def new_pool() -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=initargs)

    pool = new_pool()
    pending: dict[cf.Future[R], J] = {}
    broken: list[J] = []

    def settle_broken() -> None:
        pool.shutdown(wait=True)
        while broken:
            job = broken.pop(0)
            done(job, lost(job))

    try:
        for job in jobs:
            while True:
                try:
                    pending[pool.submit(build, job)] = job
                    break
                except cf.process.BrokenProcessPool:
                    _drain(pending, done, broken, cf.ALL_COMPLETED)
                    settle_broken()
                    restarts += 1
                    if restarts > MAX_POOL_RESTARTS:
                        raise BatchStopped(Problem("worker processes keep stopping; batch stopped")) from None
                    pool = new_pool()
            if len(pending) >= window:
                _drain(pending, done, broken, cf.FIRST_COMPLETED)
        _drain(pending, done, broken, cf.ALL_COMPLETED)
        settle_broken()
    finally:  # on the way out of a stop, unsettled jobs are the caller's (it reads the disk later)
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _drain(pending: dict[cf.Future[R], J], done: Callable[[J, R], None], broken: list[J],
           until: str) -> None:
    finished, _ = cf.wait(pending, return_when=until)
    for future in finished:
        job = pending.pop(future)
        try:
            result = future.result()
        except cf.process.BrokenProcessPool:
            broken.append(job)
            continue
        done(job, result)
