"""Locks of a PostgreSQL store: advisory locks, named per store (database and schema).

The writer lock (:func:`writer_lock`) is a session-level advisory lock held by the store's connection for a whole
job: exclusive for a run, shared for ingest and remove, as the SQLite store's ``flock``
(:mod:`newsweave.store.lock`). The server releases it when the connection ends, however the process ends.
Write transactions take a second, transaction-level lock (:data:`TRANSACTION`), so writers follow one another
as SQLite's ``BEGIN IMMEDIATE`` makes them: each one's reads see every earlier commit.
"""
from __future__ import annotations

import hashlib
import os
import socket
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from ..errors import StoreError
from .postgres_errors import is_driver_error, summary

Waiting = Callable[[str], None]
WRITER = "writer"
TRANSACTION = "transaction"


def lock_key(purpose: str, schema: str) -> int:
    """The advisory lock key (a signed 64-bit number) of ``purpose`` for the store in ``schema`` (locks are per database)."""
    digest = hashlib.blake2b(f"newsweave {purpose} {schema}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def application_name() -> str:
    """How this process shows in pg_stat_activity, so a waiting process can say who holds the lock (at most 63 bytes)."""
    return f"newsweave pid {os.getpid()} on {socket.gethostname()}"[:63]


@contextmanager
def writer_lock(db: Any, key: int, exclusive: bool, name: str, waiting: Waiting | None = None) -> Iterator[None]:
    """Hold the advisory writer lock ``key`` on connection ``db``; when another session holds it the other way, tell
    ``waiting`` once (who holds it) and wait until it is free."""
    suffix = "" if exclusive else "_shared"
    try:
        got = db.execute(f"SELECT pg_try_advisory_lock{suffix}(%s)", (key,)).fetchone()[0]
        if not got:
            if waiting is not None:
                waiting(_waiting_line(db, key))
            db.execute(f"SELECT pg_advisory_lock{suffix}(%s)", (key,))
    except Exception as exc:
        if is_driver_error(exc):
            raise StoreError(f"cannot take the writer lock of PostgreSQL store {name} ({summary(exc)}); check that the server is "
                             "running and reachable, then run the command again") from None
        raise
    try:
        yield
    finally:
        try:
            db.execute(f"SELECT pg_advisory_unlock{suffix}(%s)", (key,))
        except Exception as exc:
            if not is_driver_error(exc):
                raise
            # the connection is gone: the server released the lock with it


def _waiting_line(db: Any, key: int) -> str:
    run, others = _holders(db, key)
    if run:
        return f"waiting for another newsweave run on this store ({', '.join(run)}) to finish …"
    if others:
        return f"waiting for newsweave ingest or remove on this store ({', '.join(others)}) to finish …"
    return "waiting for another newsweave process writing this store to finish …"


def _holders(db: Any, key: int) -> tuple[list[str], list[str]]:
    """Who holds the lock exclusively and shared: their application names (``newsweave pid N on HOST``), else the server pid."""
    rows = db.execute(
        "SELECT l.mode, l.pid, a.application_name FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.pid <> pg_backend_pid()"
        " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        " AND l.classid::bigint = %s AND l.objid::bigint = %s",
        ((key >> 32) & 0xFFFFFFFF, key & 0xFFFFFFFF)).fetchall()
    exclusive: list[str] = []
    shared: list[str] = []
    for mode, pid, app in rows:
        who = str(app)[len("newsweave "):] if app and str(app).startswith("newsweave pid ") else f"server pid {pid}"
        (exclusive if mode == "ExclusiveLock" else shared).append(who)
    return sorted(set(exclusive)), sorted(set(shared))
