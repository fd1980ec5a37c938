"""Storage behind one small interface (:class:`Store`); SQLite is the implementation today."""
from .base import PutResult, Store
from .sqlite import SCHEMA_VERSION, SQLiteStore, open_store

__all__ = ["PutResult", "Store", "SQLiteStore", "open_store", "SCHEMA_VERSION"]
