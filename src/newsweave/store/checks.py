"""Refuse a store newsweave cannot use before anything is written to it or announced.

What is refused, each with one line that says what is wrong and what to do: a path that is not a
file, a file that is not SQLite, an SQLite database of some other program, a damaged store, a store
(or its folder) that cannot be written when writing is asked for, and one that cannot be read.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path

from ..errors import StoreError
from .sqlite_schema import MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"
_verified: set[tuple[int, int]] = set()  # (device, inode) of store files checked whole by this process


def check_path(path: str, read_only: bool) -> None:
    """Refuse ``path`` when it cannot be a store: not a regular file, not SQLite, or not writable when writing."""
    p = Path(path)
    if p.exists() and not p.is_file():
        raise StoreError(f"store {path} is not a file (a folder or a special file); pass --db the path of a store file, e.g. {p / 'newsweave.db'}")
    if not p.exists():
        if read_only:
            raise StoreError(f"no store at {path}; build one with `newsweave run INPUT --out DIR` and pass --db DIR/newsweave.db")
    else:
        with open(p, "rb") as f:
            header = f.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise StoreError(f"store {path} is not an SQLite database (it starts with {header[:8]!r}); pass --db a newsweave store, "
                             "or the name of a new file to create one")
    if not read_only:
        check_writable(p)


def check_writable(p: Path) -> None:
    """Refuse a store whose folder or file cannot be written (SQLite writes FILE-wal and FILE-shm beside the store)."""
    folder = p.parent
    if not _folder_writable(folder):
        raise StoreError(f"cannot write store {p}: its folder {folder} is read-only (or missing) and newsweave writes the store and its "
                         f"-wal and -shm files there; make the folder writable or pass --db a store in a writable folder")
    if p.exists() and not os.access(p, os.W_OK):
        raise StoreError(f"cannot write store {p}: the file is read-only; make it writable (chmod u+w) or copy it to a writable place")


def _folder_writable(folder: Path) -> bool:
    """True when a file can be made in ``folder`` (a probe file, removed at once: permission bits alone miss
    read-only mounts and immutable folders, and say yes to root)."""
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        return False
    try:
        fd, probe = tempfile.mkstemp(prefix=".newsweave-probe-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(probe)
    return True


@lru_cache(maxsize=None)
def expected_tables(version: int) -> frozenset[str]:
    """The tables of a newsweave store at schema ``version`` (the migrations applied to an empty database)."""
    db = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS[:version]:
            db.executescript(script)
        return frozenset(r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'"))
    finally:
        db.close()


def check_ours(db: sqlite3.Connection, path: str, schema_version: int) -> int:
    """The store's schema version after checking that the database is newsweave's (or empty); raise otherwise."""
    # one statement, so one snapshot: read apart, a store another process was creating could show its
    # tables beside the version from before that process committed ("schema 0", refused as foreign)
    rows = db.execute("SELECT (SELECT user_version FROM pragma_user_version), "
                      "(SELECT group_concat(name, char(0)) FROM sqlite_master WHERE type='table')").fetchone()
    version = int(rows[0])
    tables = set(rows[1].split("\0")) if rows[1] else set()
    if version == 0 and not tables:
        return 0  # a new, empty database
    if version > schema_version and (not tables or "articles" in tables):
        raise StoreError(f"{path} was written by a newer newsweave (schema {version} > {schema_version}); upgrade newsweave")
    missing = expected_tables(min(version, schema_version)) - tables
    if version == 0 or version > schema_version or missing:
        shown = ", ".join(sorted(tables)[:6]) + (", ..." if len(tables) > 6 else "")
        raise StoreError(f"{path} is an SQLite database but not a newsweave store (tables: {shown or 'none'}; "
                         f"schema {version}); pass --db a newsweave store, or the name of a new file to create one")
    return version


def verify_once(db: sqlite3.Connection, path: str) -> None:
    """SQLite's quick check of the whole file, once per process and file: a damaged store is refused before use."""
    try:
        st = os.stat(path)
    except OSError:
        return
    key = (st.st_dev, st.st_ino)
    if key in _verified:
        return
    rows = [r[0] for r in db.execute("PRAGMA quick_check(3)")]
    if rows != ["ok"]:
        raise StoreError(damaged(path, "; ".join(rows)))
    _verified.add(key)


def damaged(path: str, detail: str) -> str:
    detail = " ".join(detail.split())
    detail = detail if len(detail) <= 200 else detail[:200] + " …"
    return (f"store {path} is damaged ({detail}); nothing was written to it. Restore it from a backup, or move it aside "
            "and rebuild with `newsweave run INPUT --out DIR`")


def describe(exc: sqlite3.Error, path: str, read_only: bool) -> str:
    """One line for an SQLite error met while opening the store at ``path``."""
    text = str(exc)
    lowered = text.lower()
    if "malformed" in lowered or "corrupt" in lowered:
        return damaged(path, text)
    if "not a database" in lowered:
        return f"store {path} is not an SQLite database ({text}); pass --db a newsweave store, or the name of a new file to create one"
    if "readonly" in lowered or "unable to open" in lowered or "disk i/o" in lowered:
        if read_only:
            return (f"cannot read store {path} ({text}): SQLite needs to create {Path(path).name}-shm beside a store it reads, "
                    "and its folder is read-only; make the folder writable, or copy the store to a writable folder")
        return f"cannot write store {path} ({text}); check that the file and its folder are writable, or pass --db another store"
    if "locked" in lowered or "busy" in lowered:
        return f"store {path} is busy ({text}): another process held its write lock too long; try again when it has finished"
    return f"cannot open store {path}: {text}; is it a newsweave SQLite database?"
