"""Storage behind one small interface (:class:`Store`); SQLite is the implementation today."""
from .base import PutResult, RunResults, Store, StoryPage, StoryQuery
from .sqlite import SCHEMA_VERSION, SQLiteStore, open_store

__all__ = ["PutResult", "RunResults", "Store", "StoryPage", "StoryQuery", "SQLiteStore", "open_store", "SCHEMA_VERSION"]
