"""The PostgreSQL driver, loaded when a ``postgresql://`` store is opened, and its errors as StoreErrors.

psycopg is an optional extra (``pip install newsweave[postgres]``): the SQLite default never imports it. Every
driver error reaches callers as one :class:`~newsweave.errors.StoreError` that names the store (its URL without the
password) and says what to do (the interface's promise); the driver's own exceptions never leave the backend.
"""
from __future__ import annotations

import functools
import inspect
import re
from types import ModuleType
from typing import Any, Callable, Iterator

from ..errors import StoreError

INSTALL_HINT = "pip install 'newsweave[postgres]'"
_driver: ModuleType | None = None


def driver() -> ModuleType:
    """The psycopg module; a StoreError that says how to install it when it is missing."""
    global _driver
    if _driver is None:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(f"a postgresql:// store needs the psycopg driver, which is not installed ({exc}); install it with "
                             f"`{INSTALL_HINT}`, or pass --db an SQLite store file") from None
        _driver = psycopg
    return _driver


def is_driver_error(exc: BaseException) -> bool:
    return _driver is not None and isinstance(exc, _driver.Error)


_PASSWORD_IN_URL = re.compile(r"(://[^:/@?#]*:)[^@/?#]*@")
_PASSWORD_PARAM = re.compile(r"(password=)[^&\s]*", re.IGNORECASE)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return _PASSWORD_PARAM.sub(r"\1***", _PASSWORD_IN_URL.sub(r"\1***@", url))


def summary(exc: BaseException) -> str:
    """The driver's message in one line (no password: libpq does not repeat it)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:300] + " …"


def hint(exc: BaseException) -> str:
    """What to do about a driver error, from its SQLSTATE class."""
    state = getattr(exc, "sqlstate", None) or ""
    if state.startswith("08") or (not state and _driver is not None and isinstance(exc, _driver.OperationalError)):
        return "check that the PostgreSQL server is running and reachable, then run the command again"
    if state.startswith("53"):
        return "the server is out of disk space, memory or connections; free some and run the command again"
    if state == "42501":
        return "the database user lacks a privilege on the store's tables; ask the database owner to grant it"
    if state in ("55P03", "57014"):
        return "another process held the store's write lock too long; try again when it has finished"
    if state in ("40001", "40P01"):
        return "a concurrent transaction conflicted with this one; run the command again"
    if state == "22021" or "0x00" in str(exc):
        return "PostgreSQL text cannot hold this character; clean the input"
    return "run the command again; if it fails again, see the PostgreSQL server's log"


def in_use_error(exc: BaseException, name: str, writes: bool) -> StoreError:
    done = "; nothing of this transaction was stored" if writes else ""
    return StoreError(f"PostgreSQL store {name} failed ({summary(exc)}){done}: {hint(exc)}")


WRITES = frozenset({"put_articles", "update_cleaning", "remove_articles", "put_story_assignments", "put_cached", "put_results",
                    "update_results", "put_state"})


def driver_errors_as_store_errors(cls: type) -> type:
    """Wrap the public methods of ``cls`` so a driver error reaches the caller as one StoreError naming the store
    (``self.name``). ``transaction`` and ``writer_lock`` return context managers that turn their own errors."""
    for name in dir(cls):
        member = getattr(cls, name)
        if name.startswith("_") or name in ("transaction", "writer_lock") or not inspect.isfunction(member):
            continue
        setattr(cls, name, _generator_guard(member) if inspect.isgeneratorfunction(member) else _guard(member, name in WRITES))
    return cls


def _guard(method: Callable[..., Any], writes: bool) -> Callable[..., Any]:
    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            if is_driver_error(exc):
                raise in_use_error(exc, self.name, writes) from None
            raise
    return guarded


def _generator_guard(method: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        try:
            yield from method(self, *args, **kwargs)
        except Exception as exc:
            if is_driver_error(exc):
                raise in_use_error(exc, self.name, False) from None
            raise
    return guarded


def opening_error(exc: BaseException, name: str, read_only: bool) -> StoreError:
    """A StoreError for a driver error met while connecting to, checking or migrating the store."""
    text = summary(exc)
    lowered = text.lower()
    state = getattr(exc, "sqlstate", None) or ""
    if "does not exist" in lowered and "database" in lowered:
        return StoreError(f"cannot open PostgreSQL store {name}: {text}; create the database first (`createdb NAME` or CREATE DATABASE), "
                          "newsweave creates its tables in it")
    if "password" in lowered or "authentication" in lowered or state == "28P01" or state == "28000":
        return StoreError(f"cannot open PostgreSQL store {name}: {text}; check the user and password in the URL "
                          "(postgresql://USER:PASSWORD@HOST/DATABASE) or in ~/.pgpass")
    if state == "42501" or "permission denied" in lowered:
        return StoreError(f"cannot {'read' if read_only else 'create or migrate'} PostgreSQL store {name}: {text}; the database user needs "
                          "to own the database or have CREATE on its schema (GRANT CREATE ON SCHEMA public TO USER)")
    if "invalid" in lowered and ("dsn" in lowered or "connection" in lowered or "uri" in lowered):
        return StoreError(f"cannot open PostgreSQL store {name}: the URL is not valid ({text}); "
                          "use postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
    if state.startswith("08") or "connection" in lowered or "could not" in lowered or "timeout" in lowered:
        return StoreError(f"cannot connect to PostgreSQL store {name}: {text}; check that the server is running and that "
                          "the host, port and database in the URL are right")
    return StoreError(f"cannot open PostgreSQL store {name}: {text}; {hint(exc)}")
