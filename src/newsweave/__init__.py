"""newsweave: read the news from many outlets at once.

Public API::

    from newsweave import Options, extract_paths, ingest_paths, open_store, run
    summary = extract_paths(["articles/"])          # clean, store nothing
    store = open_store("newsweave.db")
    summary = ingest_paths(["articles/"], store)     # clean and store
    report = run(["articles/"], store, out="out/")   # the whole job: ingest, stories, analyses, briefs, outputs
"""
from .errors import ConfigError, DecodeError, InputError, MalformedInput, NewsweaveError, NotFetched, StoreError, UnsupportedInput
from .options import Options
from .pipeline import Summary, extract_paths, ingest_paths
from .record import Article, Paragraph, Removed
from .runner import RunReport, run
from .store import SQLiteStore, Store, open_store

from .version import __version__

__all__ = [
    "Article", "Paragraph", "Removed", "Options", "Summary", "extract_paths", "ingest_paths", "run", "RunReport",
    "Store", "SQLiteStore", "open_store",
    "NewsweaveError", "InputError", "UnsupportedInput", "DecodeError", "MalformedInput", "NotFetched", "StoreError", "ConfigError",
]
