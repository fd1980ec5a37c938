"""Storage behind one interface (:class:`Store`), opened from a URL or a path (:func:`open_store`);
SQLite is the implementation today."""
from .base import PutResult, ResultsUpdate, RunResults, Store, StoryPage, StoryQuery
from .registry import open_store, register_backend, schemes
from .sqlite import SCHEMA_VERSION, SQLiteStore

__all__ = ["PutResult", "ResultsUpdate", "RunResults", "Store", "StoryPage", "StoryQuery", "SQLiteStore", "open_store", "register_backend", "schemes",
           "SCHEMA_VERSION"]
