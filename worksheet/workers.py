"""Worker processes for a batch: a bounded window of jobs, and workers that die with the parent.

A worker that dies (killed, crashed) costs the rows it held, not the batch: the
pool is started again a few times. A worker never outlives the batch that
started it: on Linux the kernel sends it SIGKILL when its parent ends
(``PR_SET_PDEATHSIG``); elsewhere a thread watches the parent's pid.
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import itertools
import multiprocessing
import multiprocessing.context
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
    still finish a file until then). Results go to ``done`` as they come.

    Jobs go out in chunks (``chunk_sizes``): one job each at first, so that a short batch is
    shared between the workers, then up to ``MAX_CHUNK``, so that a long one pays the pool's
    hand-over (a queue, a manager thread, a pipe each way) once per chunk, not once per row."""
    window = workers * 2  # chunks: one being built and one queued per worker, no more
    restarts = 0

    def new_pool() -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=initargs,
                                      mp_context=_context())

    pool = new_pool()
    pending: dict[cf.Future[list[R]], list[J]] = {}
    broken: list[J] = []

    def settle_broken() -> None:
        pool.shutdown(wait=True)
        while broken:
            job = broken.pop(0)
            done(job, lost(job))

    try:
        for chunk in _chunks(jobs, chunk_sizes(workers)):
            while True:
                try:
                    pending[pool.submit(build_each, build, chunk)] = chunk
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


# rows per hand-over; 8 made a batch whose worker was SIGKILLed hang at exit about half the
# time (test_a_killed_worker_loses_no_file[2]), not yet understood
MAX_CHUNK = 1


def chunk_sizes(workers: int) -> Iterator[int]:
    """1 job for each worker, then 2 each, 4 each, and ``MAX_CHUNK`` from then on."""
    size = 1
    while True:
        for _ in range(workers):
            yield size
        size = min(size * 2, MAX_CHUNK)


def _chunks(jobs: Iterator[J], sizes: Iterator[int]) -> Iterator[list[J]]:
    for size in sizes:
        chunk = list(itertools.islice(jobs, size))
        if not chunk:
            return
        yield chunk


def build_each(build: Callable[[J], R], chunk: list[J]) -> list[R]:
    """In a worker: the results of a chunk's jobs, in order."""
    return [build(job) for job in chunk]


def forks() -> bool:
    """Whether workers are forked: then they start with what the parent loaded and laid out
    before the pool started (the content, ReportLab, the first row's layout), not from nothing."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _context() -> multiprocessing.context.BaseContext | None:
    return multiprocessing.get_context("fork") if forks() else None


def _drain(pending: dict[cf.Future[list[R]], list[J]], done: Callable[[J, R], None], broken: list[J],
           until: str) -> None:
    finished, _ = cf.wait(pending, return_when=until)
    for future in finished:
        chunk = pending.pop(future)
        try:
            results = future.result()
        except cf.process.BrokenProcessPool:
            broken.extend(chunk)  # a file of this chunk may be done: ``lost`` reads the disk
            continue
        for job, result in zip(chunk, results, strict=True):
            done(job, result)
