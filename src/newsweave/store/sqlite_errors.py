"""SQLite errors met while a store is in use reach its callers as one StoreError naming the store.

The interface promises StoreErrors only (:mod:`newsweave.store.base`): callers never import the driver.
"""
from __future__ import annotations

import functools
import inspect
import sqlite3
from typing import Any, Callable, Iterator

from ..errors import StoreError


def _in_use(exc: sqlite3.Error, path: str) -> StoreError:
    return StoreError(f"{path} failed while in use ({exc}); check it with `sqlite3 STORE 'PRAGMA integrity_check'` and restore "
                      "or rebuild it if it is damaged")


def driver_errors_as_store_errors(cls: type) -> type:
    """Wrap the public methods of ``cls`` so an SQLite error met while the store is in use reaches the caller as one
    StoreError naming the store (the interface's promise), not as the driver's exception. ``transaction`` and
    ``writer_lock`` return context managers and turn their own errors into StoreErrors."""
    for name in dir(cls):
        member = getattr(cls, name)
        if name.startswith("_") or name in ("transaction", "writer_lock") or not inspect.isfunction(member):
            continue
        setattr(cls, name, _generator_guard(member) if inspect.isgeneratorfunction(member) else _guard(member))
    return cls


def _guard(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise _in_use(exc, self.path) from None
    return guarded


def _generator_guard(method: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        try:
            yield from method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise _in_use(exc, self.path) from None
    return guarded
