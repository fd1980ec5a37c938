"""Open a store from a URL or a path: one opener per URL scheme.

``--db`` and :func:`open_store` take either a plain file path (an SQLite store) or a URL:

- ``sqlite:///news.db`` (relative path), ``sqlite:////var/lib/news.db`` (absolute path; the part after
  ``sqlite:///`` is the path, taken literally), ``sqlite://`` (a throw-away store in memory);
- ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE`` (or ``postgres://``): a PostgreSQL store
  (:mod:`newsweave.store.postgres`; needs ``pip install 'newsweave[postgres]'``, loaded only when used).

Each backend is one :func:`register_backend` call: the CLI, the web app and the pipeline open stores only
through here and use only :class:`~newsweave.store.base.Store`.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from ..errors import StoreError
from .base import Store
from .sqlite import SQLiteStore

Opener = Callable[[str, bool], Store]  # (the URL, read_only) -> an open store

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_BACKENDS: dict[str, tuple[Opener, str]] = {}  # scheme -> (opener, the form of its URLs for messages)


def register_backend(scheme: str, opener: Opener, form: str) -> None:
    """Open ``scheme://...`` URLs with ``opener``; ``form`` shows a user what such a URL looks like."""
    _BACKENDS[scheme.lower()] = (opener, form)


def schemes() -> list[str]:
    """The URL schemes stores can be opened from, in the order they were registered."""
    return list(_BACKENDS)


def url_scheme(target: str | Path) -> str | None:
    """The scheme of a store URL (lower case), or None for a plain path."""
    if isinstance(target, Path):
        return None
    match = _SCHEME.match(target)
    return match.group(1).lower() if match else None


def open_store(target: str | Path = "newsweave.db", read_only: bool = False) -> Store:
    """Open (creating and migrating if needed, unless ``read_only``) the store at ``target``: a URL of a
    registered scheme, or a plain path of an SQLite store. :class:`StoreError` when it cannot be used."""
    scheme = url_scheme(target)
    if scheme is None:
        return _open_sqlite_file(str(target), read_only)
    if scheme not in _BACKENDS:
        known = "; ".join(f"{name}:// ({form})" for name, (_, form) in _BACKENDS.items())
        # the URL itself is not repeated: it may hold a password
        raise StoreError(f"no store backend for {scheme}:// URLs; this newsweave opens {known}, or a plain path of an SQLite store file")
    return _BACKENDS[scheme][0](str(target), read_only)


def open_existing_store(target: str | Path = "newsweave.db", read_only: bool = False) -> Store:
    """:func:`open_store` for readers: a store file that does not exist is never created but refused, with a
    :class:`StoreError` naming the ``--db`` to pass (the stores found nearby, such as ``OUT/newsweave.db`` that
    ``newsweave run --out OUT`` made)."""
    scheme = url_scheme(target)
    path = str(target) if scheme is None else sqlite_path(str(target)) if scheme == "sqlite" else None
    if path is not None and path != ":memory:" and not Path(path).exists():
        raise StoreError(missing_store_message(path))
    return open_store(target, read_only)


MAX_SUGGESTED_STORES = 3


def missing_store_message(path: str) -> str:
    """One line: no store at ``path``, and which ``--db`` to pass instead."""
    folder = Path(path).parent
    try:  # the stores `newsweave run --out DIR` leaves in the folders beside the one asked for, newest first
        found = sorted((p for p in folder.glob("*/newsweave.db") if p.is_file()), key=lambda p: -p.stat().st_mtime)
    except OSError:
        found = []
    if found:
        choices = " or ".join(f"--db {p}" for p in found[:MAX_SUGGESTED_STORES])
        return f"no store at {path}; pass {choices} (`newsweave run INPUT --out DIR` keeps its store in DIR/newsweave.db)"
    return f"no store at {path}; pass --db the store a run made (`newsweave run INPUT --out DIR` keeps it in DIR/newsweave.db), or build one"


def sqlite_path(url: str) -> str:
    """The file path of an ``sqlite:`` URL (``:memory:`` for ``sqlite://`` and ``sqlite:///:memory:``)."""
    rest = url[len("sqlite://"):]
    if rest in ("", "/:memory:"):
        return ":memory:"
    if not rest.startswith("/") or rest == "/":
        raise StoreError(f"an sqlite URL names a file after three slashes, not a host: sqlite:///news.db (relative), "
                         f"sqlite:////var/lib/news.db (absolute), or pass --db the plain path")
    return rest[1:]


def _open_sqlite_file(path: str, read_only: bool) -> Store:
    return SQLiteStore(path, read_only=read_only)


def _open_sqlite(url: str, read_only: bool) -> Store:
    return _open_sqlite_file(sqlite_path(url), read_only)


register_backend("sqlite", _open_sqlite, "sqlite:///RELATIVE/PATH, sqlite:////ABSOLUTE/PATH, sqlite:// in memory")


def _open_postgres(url: str, read_only: bool) -> Store:
    from .postgres import PostgresStore  # psycopg is loaded only when a PostgreSQL store is opened

    return PostgresStore(url, read_only=read_only)


register_backend("postgresql", _open_postgres, "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE, with newsweave[postgres]")
register_backend("postgres", _open_postgres, "postgres://..., the same")
