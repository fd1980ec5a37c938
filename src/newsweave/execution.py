"""The execution seam: how a function is mapped over work items.

Pipeline code only calls ``executor.map(fn, items)``; the in-process and multiprocessing
executors here, and Ray's (:mod:`newsweave.ray_executor`), implement that one method. The settings
``ingest.executor``, ``ingest.workers`` and ``ingest.ray_address`` choose one (:func:`make_executor`). ``fn`` must be a
module-level function and items picklable. Both executors take ``items`` lazily, a few at a time,
so a long stream of work (the records of a large collection) is never held whole.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any, Callable, ContextManager, Iterable, Iterator, Protocol, TypeVar

from .errors import ConfigError
from .options import Options
from .settings import Settings

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
            yield from _windowed(pool, fn, items, self.window)


def available_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class AutoExecutor:
    """``workers = 0``: in-process for a small map, else a pool of one process per CPU.

    A map of fewer than ``min_items`` items (a few files, or fewer than about a hundred records or articles
    to parse) runs in-process, where a pool's start-up (each process importing newsweave and loading its
    models) would cost more than it saves; a longer map runs in the pool, which stays open for the next map
    of the same run (its processes keep the models they loaded) until :meth:`close`. Results are the same
    either way, in input order.
    """

    def __init__(self, workers: int | None = None, min_items: int = 4) -> None:
        self.workers = workers or available_cpus()
        self.min_items = min_items
        self._pool: Any = None

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        items = iter(items)
        head = list(islice(items, self.min_items))
        if len(head) < self.min_items or self.workers <= 1:
            yield from map(fn, chain(head, items))
            return
        if self._pool is None:
            self._pool = multiprocessing.get_context("spawn").Pool(self.workers)
        yield from _windowed(self._pool, fn, chain(head, items), 3 * self.workers)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None


def batches(items: list[T], size: int) -> Iterator[list[T]]:
    """``items`` in consecutive lists of at most ``size``: the tasks a map hands to an executor."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _windowed(pool: Any, fn: Callable[[T], R], items: Iterable[T], window: int) -> Iterator[R]:
    """``fn`` over ``items`` in ``pool``, at most ``window`` items handed out and not yet returned, in order."""
    pending: deque = deque()
    for item in items:
        pending.append(pool.apply_async(fn, (item,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


EXECUTORS = ("local", "ray")  # the values of ingest.executor (--executor)


def check_executor(kind: str, address: str = "") -> None:
    """Refuse an ``ingest.executor`` (``kind``) other than :data:`EXECUTORS`, and a Ray address without Ray."""
    if kind not in EXECUTORS:
        raise ConfigError(f"ingest.executor must be one of {', '.join(map(repr, EXECUTORS))}, got {kind!r}; "
                          f"set it with --executor or --set ingest.executor=ray")
    if address and kind != "ray":
        raise ConfigError(f"a Ray address ({address!r}, ingest.ray_address or --address) needs the Ray executor: "
                          f"add --executor ray (ingest.executor = \"ray\")")


def executor_checked(settings: Settings) -> Settings:
    """``settings`` once :func:`check_executor` accepts their ingest section (so a command refuses a wrong executor
    before it opens anything)."""
    check_executor(settings.ingest.executor, settings.ingest.ray_address)
    return settings


def make_executor(workers: int, kind: str = "local", address: str = "") -> Executor:
    """The executor of the settings ``ingest.workers``, ``ingest.executor`` (``kind``) and ``ingest.ray_address``:
    ``"local"`` runs in-process with one worker, in a pool of ``workers`` processes above, and with 0
    (:class:`AutoExecutor`) in-process for small maps and in a pool of one process per CPU for larger ones; ``"ray"``
    runs Ray tasks over ``workers`` (0: one per CPU here) worker processes of a local Ray, or of the cluster at
    ``address`` ("auto", HOST:PORT). An executor that holds a pool between maps frees it on ``close()``."""
    check_executor(kind, address)
    if kind == "ray":
        from .ray_executor import RayExecutor

        return RayExecutor(address or None, workers or available_cpus())
    if workers == 0:
        return AutoExecutor()
    return InProcessExecutor() if workers <= 1 else ProcessPoolExecutor(workers)


def opened_executor(options: Options) -> ContextManager[Executor]:
    """The executor of ``options`` (the ``[ingest]`` settings) for a ``with`` block, closed at its end (a local Ray
    it started stops). Made at once, starting nothing (Ray starts at the first map)."""
    return _closing(make_executor(options.workers, options.executor, options.ray_address))


@contextmanager
def _closing(executor: Executor) -> Iterator[Executor]:
    try:
        yield executor
    finally:
        close = getattr(executor, "close", None)
        if close is not None:
            close()
