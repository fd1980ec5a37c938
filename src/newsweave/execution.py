"""The execution seam: how a function is mapped over work items.

Pipeline code only calls ``executor.map(fn, items)``; the in-process and multiprocessing
executors here, and a distributed engine later, implement that one method. ``fn`` must be a
module-level function and items picklable. Both executors take ``items`` lazily, a few at a time,
so a long stream of work (the records of a large collection) is never held whole.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from typing import Callable, Iterable, Iterator, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Apply ``fn`` to every item; results come back in input order."""


class InProcessExecutor:
    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return map(fn, items)


class ProcessPoolExecutor:
    """Spreads items over ``workers`` processes (each loads its models once).

    At most ``window`` items (default: three per worker) are handed out and not yet returned:
    ``Pool.imap`` would drain ``items`` into its queue at once, holding a whole collection in memory.
    Each worker runs its items in its main thread, where the extraction budget's signals arrive.
    """

    def __init__(self, workers: int, window: int | None = None) -> None:
        self.workers = workers
        self.window = window or 3 * workers

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        context = multiprocessing.get_context("spawn")
        with context.Pool(self.workers) as pool:
            pending: deque = deque()
            for item in items:
                pending.append(pool.apply_async(fn, (item,)))
                if len(pending) >= self.window:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()


def make_executor(workers: int) -> Executor:
    return InProcessExecutor() if workers <= 1 else ProcessPoolExecutor(workers)
