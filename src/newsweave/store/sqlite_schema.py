"""The SQLite store's schema as a list of migrations (its own module: the checks that open a store read it too)."""
from __future__ import annotations

from .sqlite_results import RESULTS_MIGRATION

# Each entry migrates the schema from version i to i + 1; never edit a released entry, append one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        source TEXT, url TEXT, outlet TEXT, title TEXT, published TEXT, language TEXT,
        raw_kind TEXT NOT NULL,
        raw TEXT NOT NULL,
        text TEXT NOT NULL,
        record TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE article_versions (
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        raw TEXT NOT NULL,
        record TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        PRIMARY KEY (id, version)
    );
    CREATE TABLE outlet_paragraphs (
        outlet TEXT NOT NULL,
        key TEXT NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (outlet, key, article_id)
    );
    """,
    """
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL,
        duplicate_of TEXT,
        assigned_at TEXT NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    """,
    RESULTS_MIGRATION,
    """
    CREATE TABLE parse_cache (kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (kind, key));
    """,
    # re-storing an article deletes its paragraph keys: without this, a scan of the table per article
    """
    CREATE INDEX outlet_paragraphs_article ON outlet_paragraphs(article_id);
    """,
    # incremental runs: each story's own entity records (entities are linked within a story), from which the
    # corpus-wide ``entities`` rows are merged; clustering state saved between runs
    """
    CREATE TABLE story_entities (story_id TEXT NOT NULL, entity_id TEXT NOT NULL, record TEXT NOT NULL,
                                 PRIMARY KEY (story_id, entity_id));
    CREATE INDEX story_entities_entity ON story_entities(entity_id);
    CREATE TABLE run_state (name TEXT PRIMARY KEY, value BLOB NOT NULL, saved_at TEXT NOT NULL);
    """,
    # the user's outlets file (newsweave.outlets): one record per outlet, replaced as a whole by each load
    """
    CREATE TABLE outlets (key TEXT PRIMARY KEY, record TEXT NOT NULL, loaded_at TEXT NOT NULL);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
