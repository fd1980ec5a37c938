"""SQLite store: WAL journal, versioned schema with migrations, one transaction per batch."""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import StoreError
from ..record import Article
from ..repeats import paragraph_keys
from .base import PutResult
from .sqlite_results import RESULTS_MIGRATION, ResultsMixin

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
]
SCHEMA_VERSION = len(MIGRATIONS)
_META_FIELDS = ("source", "url", "outlet", "title", "published", "language")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _record_json(article: Article) -> str:
    data = article.to_dict()
    for key in ("raw", "id") + _META_FIELDS:
        data.pop(key, None)
    return json.dumps(data, ensure_ascii=False)


class SQLiteStore(ResultsMixin):
    """A newsweave store in one SQLite file (``:memory:`` for a throw-away one)."""

    def __init__(self, path: str | Path = "newsweave.db", read_only: bool = False) -> None:
        self.path = str(path)
        try:
            if read_only:
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"  # as_uri escapes '#', '?' and '%' in the path
                self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                self.db = sqlite3.connect(self.path, check_same_thread=False)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys=ON")
            if not read_only:
                self._migrate()
            elif self.schema_version() != SCHEMA_VERSION:
                raise StoreError(f"{self.path} has schema version {self.schema_version()}, this newsweave needs {SCHEMA_VERSION}; open it once read-write to migrate")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}; is it a newsweave SQLite database?") from None

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer newsweave (schema {current} > {SCHEMA_VERSION}); upgrade newsweave")
        for version in range(current, SCHEMA_VERSION):
            with self.db:
                self.db.executescript("BEGIN;" + MIGRATIONS[version] + f"PRAGMA user_version={version + 1};COMMIT;")

    def put_articles(self, articles: Iterable[Article]) -> list[PutResult]:
        results: list[PutResult] = []
        now = _now()
        try:
            with self.db:
                for article in articles:
                    digest = article.content_hash
                    row = self.db.execute("SELECT version, content_hash FROM articles WHERE id=?", (article.id,)).fetchone()
                    if row is not None and row["content_hash"] == digest:
                        results.append(PutResult(article.id, "unchanged", row["version"]))
                        continue
                    version = 1 if row is None else row["version"] + 1
                    values = (article.id, version, digest, *(getattr(article, f) for f in _META_FIELDS), article.raw_kind, article.raw, article.text, _record_json(article), now)
                    self.db.execute(
                        "INSERT OR REPLACE INTO articles (id, version, content_hash, source, url, outlet, title, published, language, raw_kind, raw, text, record, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        values,
                    )
                    self.db.execute(
                        "INSERT INTO article_versions (id, version, content_hash, raw, record, ingested_at) VALUES (?,?,?,?,?,?)",
                        (article.id, version, digest, article.raw, _record_json(article), now),
                    )
                    self._index_paragraphs(article)
                    results.append(PutResult(article.id, "new" if row is None else "changed", version))
        except sqlite3.Error as exc:
            raise StoreError(f"writing to {self.path} failed, nothing of this batch was stored: {exc}") from None
        return results

    def _index_paragraphs(self, article: Article) -> None:
        self.db.execute("DELETE FROM outlet_paragraphs WHERE article_id=?", (article.id,))
        if article.outlet:
            self.db.executemany(
                "INSERT OR IGNORE INTO outlet_paragraphs (outlet, key, article_id) VALUES (?,?,?)",
                [(article.outlet, key, article.id) for key in paragraph_keys(article)],
            )

    def update_cleaning(self, articles: Iterable[Article]) -> None:
        with self.db:
            for article in articles:
                self.db.execute("UPDATE articles SET text=?, record=? WHERE id=?", (article.text, _record_json(article), article.id))

    def _article(self, row: sqlite3.Row) -> Article:
        data = json.loads(row["record"])
        data.update({"id": row["id"], "raw": row["raw"], **{f: row[f] for f in _META_FIELDS}})
        return Article.from_dict(data)

    def get_article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return self._article(row) if row else None

    def iter_articles(self) -> Iterator[Article]:
        for row in self.db.execute("SELECT * FROM articles ORDER BY published, id"):
            yield self._article(row)

    def article_rows(self) -> list[dict]:
        rows = self.db.execute(
            "SELECT id, title, outlet, published, language, version, url, length(text) AS chars FROM articles ORDER BY published, id"
        )
        return [dict(r) for r in rows]

    def versions(self, article_id: str) -> list[dict]:
        rows = self.db.execute("SELECT id, version, content_hash, ingested_at FROM article_versions WHERE id=? ORDER BY version", (article_id,))
        return [dict(r) for r in rows]

    def paragraph_owners(self, outlet: str, keys: Iterable[str]) -> dict[str, set[str]]:
        owners: dict[str, set[str]] = {}
        for row in self._rows_with_keys("SELECT key, article_id FROM outlet_paragraphs WHERE outlet=? AND key IN ({keys})", keys, (outlet,)):
            owners.setdefault(row["key"], set()).add(row["article_id"])
        return owners

    def get_cached(self, kind: str, keys: Iterable[str]) -> dict[str, bytes]:
        """Key -> value of the cached ``kind`` results among ``keys`` (missing keys are left out)."""
        rows = self._rows_with_keys("SELECT key, value FROM parse_cache WHERE kind=? AND key IN ({keys})", keys, (kind,))
        return {r["key"]: bytes(r["value"]) for r in rows}

    def put_cached(self, kind: str, items: dict[str, bytes]) -> None:
        """Remember ``kind`` results by key (one transaction; a key already there is replaced)."""
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO parse_cache (kind, key, value) VALUES (?,?,?)",
                                    [(kind, k, v) for k, v in items.items()])
        except sqlite3.Error as exc:
            raise StoreError(f"cannot save cached results in {self.path}: {exc}") from None

    def story_assignments(self) -> dict[str, str]:
        """Article id -> story id, in the order the articles were assigned."""
        rows = self.db.execute("SELECT article_id, story_id FROM story_articles ORDER BY rowid")
        return {r["article_id"]: r["story_id"] for r in rows}

    def story_duplicates(self) -> dict[str, str | None]:
        return {r["article_id"]: r["duplicate_of"] for r in self.db.execute("SELECT article_id, duplicate_of FROM story_articles")}

    def story_membership(self, article_ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """Article id -> (story id, duplicate_of) for the given articles that are in a story."""
        rows = self._rows_with_keys("SELECT article_id, story_id, duplicate_of FROM story_articles WHERE article_id IN ({keys})", article_ids)
        return {r["article_id"]: (r["story_id"], r["duplicate_of"]) for r in rows}

    def put_story_assignments(self, assignments: dict[str, tuple[str, str | None]]) -> None:
        """Save article id -> (story id, duplicate_of) in one transaction; existing rows keep their order."""
        now = _now()
        try:
            with self.db:
                for article_id, (story_id, duplicate_of) in assignments.items():
                    self.db.execute(
                        "INSERT INTO story_articles (article_id, story_id, duplicate_of, assigned_at) VALUES (?,?,?,?) "
                        "ON CONFLICT(article_id) DO UPDATE SET story_id=excluded.story_id, duplicate_of=excluded.duplicate_of",
                        (article_id, story_id, duplicate_of, now),
                    )
        except sqlite3.Error as exc:
            raise StoreError(f"writing story assignments to {self.path} failed, nothing was stored: {exc}") from None

    def integrity_check(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        self.db.close()


def open_store(path: str | Path = "newsweave.db", read_only: bool = False) -> SQLiteStore:
    """Open (creating and migrating if needed) the store at ``path``."""
    return SQLiteStore(path, read_only=read_only)
