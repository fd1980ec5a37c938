"""The PostgreSQL store's schema as a list of migrations, and the check that a database is newsweave's.

The tables live in the connection's current schema (``public`` unless the URL sets a search_path, e.g.
``?options=-csearch_path%3Dnews``), so one database can hold several stores. The schema version is the one
row of ``newsweave_schema``. Keys and sorted text are ``COLLATE "C"``: byte order, as SQLite compares, whatever
the database's locale. Text that is only matched for equality and may be long (outlets) has hash indexes (a
B-tree entry holds at most about 2,700 bytes).
"""
from __future__ import annotations

from typing import Any

from ..errors import StoreError

VERSION_TABLE = "newsweave_schema"

# Each entry migrates the schema from version i to i + 1; never edit a released entry, append one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE newsweave_schema (version integer NOT NULL);
    CREATE TABLE articles (
        id text COLLATE "C" PRIMARY KEY,
        version integer NOT NULL,
        content_hash text NOT NULL,
        source text, url text, outlet text COLLATE "C", title text, published text COLLATE "C", language text,
        raw_kind text NOT NULL,
        raw text NOT NULL,
        text text NOT NULL,
        chars integer NOT NULL,
        record text NOT NULL,
        words tsvector NOT NULL,
        ingested_at text NOT NULL
    );
    CREATE INDEX articles_order ON articles (published NULLS FIRST, id);
    CREATE INDEX articles_outlet ON articles USING hash (outlet);
    CREATE INDEX articles_words ON articles USING gin (words);
    CREATE TABLE article_versions (
        id text COLLATE "C" NOT NULL,
        version integer NOT NULL,
        content_hash text NOT NULL,
        raw text NOT NULL,
        record text NOT NULL,
        ingested_at text NOT NULL,
        PRIMARY KEY (id, version)
    );
    CREATE TABLE outlet_paragraphs (
        outlet text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        article_id text COLLATE "C" NOT NULL
    );
    CREATE INDEX outlet_paragraphs_key ON outlet_paragraphs USING hash (key);
    CREATE INDEX outlet_paragraphs_article ON outlet_paragraphs (article_id);
    CREATE TABLE story_articles (
        seq bigint GENERATED ALWAYS AS IDENTITY,
        article_id text COLLATE "C" PRIMARY KEY,
        story_id text COLLATE "C" NOT NULL,
        duplicate_of text COLLATE "C",
        assigned_at text NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles (story_id);
    CREATE INDEX story_articles_seq ON story_articles (seq);
    CREATE TABLE stories (
        id text COLLATE "C" PRIMARY KEY,
        title text,
        articles integer NOT NULL,
        independent_sources integer NOT NULL,
        first_published text COLLATE "C",
        last_published text COLLATE "C",
        record text NOT NULL
    );
    CREATE INDEX stories_last ON stories (last_published DESC NULLS LAST, id DESC);
    CREATE INDEX stories_size ON stories (articles);
    CREATE TABLE story_outlets (outlet text COLLATE "C" NOT NULL, story_id text COLLATE "C" NOT NULL);
    CREATE INDEX story_outlets_outlet ON story_outlets USING hash (outlet);
    CREATE INDEX story_outlets_story ON story_outlets (story_id);
    CREATE TABLE briefs (story_id text COLLATE "C" PRIMARY KEY, brief text NOT NULL, built_at text NOT NULL);
    CREATE TABLE analyses (article_id text COLLATE "C" PRIMARY KEY, analysis text NOT NULL);
    CREATE TABLE entities (id text COLLATE "C" PRIMARY KEY, name text COLLATE "C" NOT NULL, type text, mentions integer NOT NULL,
                           record text NOT NULL);
    CREATE TABLE entity_names (name text COLLATE "C" NOT NULL, entity_id text COLLATE "C" NOT NULL);
    CREATE INDEX entity_names_entity ON entity_names (entity_id);
    CREATE TABLE entity_articles (entity_id text COLLATE "C" NOT NULL, article_id text COLLATE "C" NOT NULL, mentions integer NOT NULL,
                                  PRIMARY KEY (entity_id, article_id));
    CREATE INDEX entity_articles_article ON entity_articles (article_id);
    CREATE TABLE story_entities (story_id text COLLATE "C" NOT NULL, entity_id text COLLATE "C" NOT NULL, record text NOT NULL,
                                 PRIMARY KEY (story_id, entity_id));
    CREATE INDEX story_entities_entity ON story_entities (entity_id);
    CREATE TABLE parse_cache (kind text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL, value bytea NOT NULL, PRIMARY KEY (kind, key));
    CREATE TABLE run_state (name text COLLATE "C" PRIMARY KEY, value bytea NOT NULL, saved_at text NOT NULL);
    """,
    # the user's outlets file (newsweave.outlets): one record per outlet, replaced as a whole by each load
    """
    CREATE TABLE outlets (key text COLLATE "C" PRIMARY KEY, record text NOT NULL, loaded_at text NOT NULL);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

# every table the migrations make (checked by tests/test_store_postgres.py against a migrated database)
TABLES = frozenset({VERSION_TABLE, "articles", "article_versions", "outlet_paragraphs", "story_articles", "stories", "story_outlets",
                    "briefs", "analyses", "entities", "entity_names", "entity_articles", "story_entities", "parse_cache", "run_state", "outlets"})


def current_schema(db: Any, name: str) -> str:
    """The schema the store's tables are in (the first existing one on the search_path)."""
    schema = db.execute("SELECT current_schema()").fetchone()[0]
    if schema is None:
        raise StoreError(f"PostgreSQL store {name}: no schema of the search_path exists, so there is nowhere to keep the store; "
                         "create one (CREATE SCHEMA ...) or set the search_path in the URL (?options=-csearch_path%3DSCHEMA)")
    return str(schema)


def stored_version(db: Any, schema: str, name: str) -> int:
    """The store's schema version: 0 for an empty schema; a StoreError when the schema holds another program's tables."""
    tables = {r[0] for r in db.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'f')", (schema,))}
    if not tables:
        return 0
    version = 0
    if VERSION_TABLE in tables:
        row = db.execute(f'SELECT max(version) FROM "{schema.replace(chr(34), chr(34) * 2)}".{VERSION_TABLE}').fetchone()
        version = int(row[0] or 0)
    if version > SCHEMA_VERSION and "articles" in tables:
        raise StoreError(f"PostgreSQL store {name} was written by a newer newsweave (schema {version} > {SCHEMA_VERSION}); upgrade newsweave")
    if version == 0 or version > SCHEMA_VERSION or "articles" not in tables:
        shown = ", ".join(sorted(tables)[:6]) + (", ..." if len(tables) > 6 else "")
        raise StoreError(f"PostgreSQL store {name}: schema {schema} holds tables that are not a newsweave store ({shown}); pass --db "
                         "an empty database, or put the store in its own schema (?options=-csearch_path%3DSCHEMA)")
    return version
