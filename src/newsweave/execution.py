"""The execution seam: how a function is mapped over work items.

Pipeline code only calls ``executor.map(fn, items)``; the in-process and multiprocessing
executors here, and a distributed engine later, implement that one method. ``fn`` must be a
module-level function and items picklable.
"""
from __future__ import annotations

import multiprocessing
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
    """Spreads items over ``workers`` processes (each loads its models once)."""

    def __init__(self, workers: int, chunksize: int = 4) -> None:
        self.workers = workers
        self.chunksize = chunksize

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        context = multiprocessing.get_context("spawn")
        with context.Pool(self.workers) as pool:
            yield from pool.imap(fn, items, chunksize=self.chunksize)


def make_executor(workers: int) -> Executor:
    return InProcessExecutor() if workers <= 1 else ProcessPoolExecutor(workers)
