"""The writer lock of a store file: one run at a time, never beside an ingest.

A run (ingest, stories, outputs) holds the lock exclusively, so what it writes is computed from one
state of the store and its ``stories.json`` lists every stored article. Ingests and removals hold it
shared: their transactions keep them correct beside each other. Readers (``serve`` and the listing
commands) take no lock; WAL lets them read while a writer writes.

The lock is ``flock`` on ``STORE.lock`` beside the store, released by the kernel when its holder
exits, however it exits. The file stays (removing it would let two processes lock two files).
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from typing import Callable, Iterator

from ..errors import StoreError

Waiting = Callable[[str], None]


def lock_path(db_path: str) -> str:
    return db_path + ".lock"


@contextmanager
def writer_lock(db_path: str, exclusive: bool, waiting: Waiting | None = None) -> Iterator[None]:
    """Hold the writer lock of the store at ``db_path``; when another process holds it the other way,
    tell ``waiting`` once (who holds it) and wait until it is free."""
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise StoreError(f"cannot create the lock file {path} ({exc.strerror}); make the store's folder writable") from None
    try:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting(_waiting_line(fd))
            fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)  # releases the lock


def _waiting_line(fd: int) -> str:
    run, others = _holders(fd)
    if run:
        return f"waiting for another newsweave run on this store (pid {', '.join(map(str, run))}) to finish …"
    if others:
        return f"waiting for newsweave ingest or remove on this store (pid {', '.join(map(str, others))}) to finish …"
    return "waiting for another newsweave process writing this store to finish …"


def _holders(fd: int) -> tuple[list[int], list[int]]:
    """Pids holding the lock exclusively and shared, from /proc/locks (Linux); empty lists elsewhere."""
    st = os.fstat(fd)
    ident = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    exclusive: list[int] = []
    shared: list[int] = []
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return exclusive, shared
    me = os.getpid()
    for line in lines:
        fields = line.split()
        if len(fields) < 6 or "->" in fields or fields[1] != "FLOCK":  # "->": a waiter, not a holder
            continue
        kind, pid, where = fields[3], fields[4], fields[5]
        if where != ident or not pid.isdigit() or int(pid) == me:
            continue
        (exclusive if kind == "WRITE" else shared).append(int(pid))
    return sorted(set(exclusive)), sorted(set(shared))
