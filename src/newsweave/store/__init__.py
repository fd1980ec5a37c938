"""Storage behind one interface (:class:`Store`), opened from a URL or a path (:func:`open_store`): SQLite (the
default, a file) or PostgreSQL (``postgresql://...``, :mod:`newsweave.store.postgres`, with ``newsweave[postgres]``)."""
from .base import PutResult, ResultsUpdate, RunResults, Store, StoryPage, StoryQuery
from .registry import open_existing_store, open_store, register_backend, schemes
from .sqlite import SCHEMA_VERSION, SQLiteStore

__all__ = ["PutResult", "ResultsUpdate", "RunResults", "Store", "StoryPage", "StoryQuery", "SQLiteStore", "open_existing_store", "open_store", "register_backend", "schemes",
           "SCHEMA_VERSION"]
