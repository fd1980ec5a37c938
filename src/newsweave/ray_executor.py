"""Ray as the distributed engine: :class:`RayExecutor` maps the per-article stages over a Ray cluster.

It implements the one method of :class:`~newsweave.execution.Executor`: ``map(fn, items)`` yields ``fn(item)``
for every item, in input order. Items are taken lazily: at most ``window`` tasks (default three per worker)
are submitted and not yet returned, so a long stream of work (the record chunks of a large JSON Lines or WARC
file) is never drained into the cluster at once. ``fn`` (one object per ``map``, put in Ray's object store
once) and each item travel by pickle, as with the process pool.

Why plain Ray tasks, not Ray Data or an actor pool. The seam is an ordered, lazily fed map of one picklable
function; tasks with a bounded window give exactly that in a few lines and need only Ray's core package. Ray
Data (``map_batches``) needs pyarrow and pandas on top, buffers its own blocks, reorders unless told not to and
would run its own batching beside the pipeline's (32 records or articles per item). ``ray.util.ActorPool``'s
``map`` submits every value at once (it would drain the stream) and queues work on a busy actor while another
is idle. Models are still loaded once per worker process: Ray runs a task in a pooled worker process and keeps
that process for later tasks (``max_calls`` is unlimited for CPU tasks), so what a module caches, such as
spaCy in :func:`newsweave.nlp.load_nlp`, is loaded at the first task a worker runs and reused by the rest
(tests/test_ray_executor.py checks it by counting loads per worker process). Ray runs a task in its worker's
main thread, where the extraction budget's signals arrive (:mod:`newsweave.budget`).

Where the cluster comes from. ``address=None`` starts a local Ray for this machine with ``workers`` CPUs (a new one
on 127.0.0.1, usage statistics off unless ``RAY_USAGE_STATS_ENABLED`` says otherwise, its workers at the caller's
priority: at Ray's default, nice 15, each got about half a CPU on a busy 2-CPU machine, a parse batch taking twice
its CPU time), and :meth:`RayExecutor.close` shuts it down; ``"auto"`` joins the cluster started on this machine
(``ray start --head``); ``"HOST:PORT"`` joins the cluster whose head is there (Ray then needs
``RAY_AUTH_MODE=token`` and the cluster's token, as for any Ray client, when it uses token authentication). When
Ray is already initialised in this process (a notebook, a test), that runtime is used and left running. On a
cluster, ``workers`` bounds only the window (three tasks per worker in flight); every node needs newsweave
installed at the driver's version, and an input file other than a collection (JSON Lines, WARC, feed: read by the
driver and sent as records) is read by the worker at the driver's path, so it must lie on a file system every node
shares.

Ray is an optional extra (``pip install 'newsweave[ray]'``), imported only when a map starts.
"""
from __future__ import annotations

import importlib.util
import logging
import os
import signal
import threading
from collections import deque
from typing import Any, Callable, Iterable, Iterator, TypeVar

from .errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")
INSTALL_HINT = "pip install 'newsweave[ray]'"


def ray_installed() -> bool:
    """Whether the ``ray`` package can be imported here (without importing it)."""
    return importlib.util.find_spec("ray") is not None


def _apply(fn: Callable[[T], R], item: T) -> R:
    """The body of every Ray task: one item's work, in a worker process."""
    return fn(item)


class RayExecutor:
    """Spreads items over the workers of a Ray cluster; results come back in input order.

    ``address``: None starts a local Ray with ``workers`` CPUs (shut down by :meth:`close`), ``"auto"`` or
    ``"HOST:PORT"`` joins a running cluster. ``workers``: worker processes of a local Ray, and the window's unit.
    ``window``: tasks submitted and not yet returned (default three per worker)."""

    def __init__(self, address: str | None = None, workers: int = 2, window: int | None = None) -> None:
        if workers < 1:
            raise ConfigError(f"the Ray executor needs at least 1 worker, got {workers}")
        if not ray_installed():
            raise ConfigError(f"the Ray executor (--executor ray, ingest.executor = \"ray\") needs Ray, which is not "
                              f"installed: {INSTALL_HINT}")
        self.address = address or None
        self.workers = workers
        self.window = window or 3 * workers
        self._started = False  # whether this executor started or joined the Ray runtime (and so shuts it down)
        self._task: Any = None
        self._sigterm: Any = None

    def _connect(self) -> Any:
        """The ``ray`` module, its runtime started or joined, and the remote task made once."""
        import ray

        if not ray.is_initialized():
            self._sigterm = signal.getsignal(signal.SIGTERM)  # ray.init sets its own; close() puts this one back
            where = "a local Ray" if self.address is None else f"the Ray cluster at {self.address}"
            try:
                if self.address is None:
                    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # offline: Ray reports nothing home unless asked
                    # its default token authentication needs no notice on every run
                    logging.getLogger("ray._private.authentication.authentication_token_setup").setLevel(logging.ERROR)
                    # "local": a new Ray of its own, even where `ray start` left a cluster running on this machine;
                    # workers at the caller's priority (Ray's default, nice 15, starves them on a busy machine)
                    ray.init(address="local", num_cpus=self.workers, include_dashboard=False, logging_level=logging.WARNING,
                             _node_ip_address="127.0.0.1", _system_config={"worker_niceness": 0})
                else:
                    ray.init(address=self.address, logging_level=logging.WARNING)
            except (ConnectionError, ValueError, RuntimeError) as exc:
                raise ConfigError(f"cannot start or join {where} ({type(exc).__name__}: {exc}); for --address give "
                                  f"\"auto\" (a cluster started here with `ray start --head`) or HOST:PORT of its head (a "
                                  f"cluster with token authentication also needs RAY_AUTH_MODE=token and its token here)") from None
            self._started = True
        if self._task is None:
            self._task = ray.remote(_apply)
        return ray

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        ray = self._connect()
        shared_fn = ray.put(fn)
        pending: deque = deque()
        try:
            for item in items:
                pending.append(self._task.remote(shared_fn, item))
                if len(pending) >= self.window:
                    yield ray.get(pending.popleft())
            while pending:
                yield ray.get(pending.popleft())
        finally:  # a consumer that stops early (or an error) leaves no task running for nothing
            for ref in pending:
                ray.cancel(ref)

    def close(self) -> None:
        """Shut down the Ray runtime if this executor started or joined it (and put back the SIGTERM handler
        ``ray.init`` replaced); a runtime already initialised when it began stays up."""
        if self._started:
            import ray

            ray.shutdown()
            self._started = False
            self._task = None
            if self._sigterm is not None and threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGTERM, self._sigterm)

    def __enter__(self) -> RayExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
