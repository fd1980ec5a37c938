"""SQLite store: WAL journal, versioned schema with migrations, explicit write transactions.

Several processes may open one store: every write is a ``BEGIN IMMEDIATE`` transaction (a second
writer waits up to :data:`BUSY_TIMEOUT_S` for the first to commit), and readers never wait (WAL).
A store that is not a file, not SQLite, not newsweave's, damaged or unwritable is refused when it
is opened (:mod:`newsweave.store.checks`), before anything is written.
"""
from __future__ import annotations

import json
import sqlite3
import time
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from ..errors import StoreError
from ..record import Article
from .base import PutResult
from .checks import check_ours, check_path, describe, verify_once
from .sqlite_errors import driver_errors_as_store_errors
from .lock import Waiting, writer_lock
from .sqlite_results import ResultsMixin
from .sqlite_schema import MIGRATIONS, SCHEMA_VERSION
from .shared import utc_now

BUSY_TIMEOUT_S = 120.0  # how long a write waits for another process's transaction to commit

_META_FIELDS = ("source", "url", "outlet", "title", "published", "language")



def _record_json(article: Article) -> str:
    data = article.to_dict()
    for key in ("raw", "id") + _META_FIELDS:
        data.pop(key, None)
    return json.dumps(data, ensure_ascii=False)


@driver_errors_as_store_errors
class SQLiteStore(ResultsMixin):
    """A newsweave store in one SQLite file (``:memory:`` for a throw-away one)."""

    def __init__(self, path: str | Path = "newsweave.db", read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._depth = 0  # nesting of transaction(): only the outermost one begins and commits
        memory = self.path == ":memory:"
        if memory and read_only:
            raise StoreError("a store in memory (sqlite:// or :memory:) starts empty, so there is nothing to read; open it read-write, "
                             "or pass a store file to read")
        if not memory:
            check_path(self.path, read_only)
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self._open(memory)
                return
            except sqlite3.OperationalError as exc:
                # changing the journal mode of a new store does not wait for another process opening it: try again
                if "locked" in str(exc).lower() and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                raise StoreError(describe(exc, self.path, read_only)) from None
            except sqlite3.Error as exc:
                raise StoreError(describe(exc, self.path, read_only)) from None

    def _open(self, memory: bool) -> None:
        """Connect, refuse a damaged or foreign database, then set WAL and migrate; the connection is closed on error."""
        read_only = self.read_only
        if read_only:
            uri = Path(self.path).resolve().as_uri() + "?mode=ro"  # as_uri escapes '#', '?' and '%' in the path
            db = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        else:
            db = sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            self.db = db
            db.row_factory = sqlite3.Row
            if not memory:
                verify_once(db, self.path)  # a damaged file is refused before anything is written to it
            version = check_ours(db, self.path, SCHEMA_VERSION)  # and a database of another program before it is changed
            if not read_only:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            if not read_only:
                self._migrate()
            elif version != SCHEMA_VERSION:
                raise StoreError(f"{self.path} has schema version {version}, this newsweave needs {SCHEMA_VERSION}; open it once read-write "
                                 "(e.g. `newsweave ingest EMPTY_FOLDER --db STORE`) to migrate")
        except BaseException:
            db.close()
            raise

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        """Bring the schema to :data:`SCHEMA_VERSION` in one write transaction: a second process creating or
        migrating the same store waits, then finds it done."""
        with self.transaction():
            current = check_ours(self.db, self.path, SCHEMA_VERSION)
            for version in range(current, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[version]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={version + 1}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        if self.read_only:
            raise StoreError(f"store {self.path} was opened read-only and cannot be written; open it without read_only "
                             "(the web app and `newsweave serve` only read)")
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(describe(exc, self.path, self.read_only)) from None
        self._depth = 1
        try:
            yield
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(f"writing to {self.path} failed, nothing of this transaction was stored ({exc}); fix the cause "
                             "(disk space, permissions) and run the command again: what was committed before stays") from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0

    def _rollback(self) -> None:
        if self.db.in_transaction:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:  # SQLite rolled back by itself (e.g. disk full): nothing left to undo
                pass

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction around everything done inside (nested calls join the outer one): all of it is
        committed at the end, or none of it on an error or a crash. Other writers wait; readers see the state before."""
        return self._transaction()

    def writer_lock(self, exclusive: bool = False, waiting: Waiting | None = None) -> AbstractContextManager[None]:
        """Hold the store's writer lock (:mod:`newsweave.store.lock`): exclusive for a run, shared for ingest and remove."""
        if self.path == ":memory:":
            return _nothing()
        return writer_lock(self.path, exclusive, waiting)

    def put_articles(self, articles: Iterable[Article], paragraph_keys: Mapping[str, Iterable[str]] | None = None) -> list[PutResult]:
        results: list[PutResult] = []
        now = utc_now()
        try:
            with self.transaction():
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
                    self._index_paragraphs(article, (paragraph_keys or {}).get(article.id, ()))
                    results.append(PutResult(article.id, "new" if row is None else "changed", version))
        except sqlite3.Error as exc:
            raise StoreError(f"writing to {self.path} failed, nothing of this batch was stored: {exc}") from None
        return results

    def _index_paragraphs(self, article: Article, keys: Iterable[str]) -> None:
        self.db.execute("DELETE FROM outlet_paragraphs WHERE article_id=?", (article.id,))
        if article.outlet:
            self.db.executemany(
                "INSERT OR IGNORE INTO outlet_paragraphs (outlet, key, article_id) VALUES (?,?,?)",
                [(article.outlet, key, article.id) for key in set(keys)],
            )

    def update_cleaning(self, articles: Iterable[Article]) -> None:
        try:
            with self.transaction():
                for article in articles:
                    self.db.execute("UPDATE articles SET text=?, record=? WHERE id=?", (article.text, _record_json(article), article.id))
        except sqlite3.Error as exc:
            raise StoreError(f"writing cleaned articles to {self.path} failed, nothing of this batch was stored: {exc}") from None

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
            with self.transaction():
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
        now = utc_now()
        try:
            with self.transaction():
                for article_id, (story_id, duplicate_of) in assignments.items():
                    self.db.execute(
                        "INSERT INTO story_articles (article_id, story_id, duplicate_of, assigned_at) VALUES (?,?,?,?) "
                        "ON CONFLICT(article_id) DO UPDATE SET story_id=excluded.story_id, duplicate_of=excluded.duplicate_of",
                        (article_id, story_id, duplicate_of, now),
                    )
        except sqlite3.Error as exc:
            raise StoreError(f"writing story assignments to {self.path} failed, nothing was stored: {exc}") from None

    def remove_articles(self, article_ids: Iterable[str], cache_keys: Callable[[str], Iterable[tuple[str, str]]] | None = None) -> list[str]:
        """Remove articles in one transaction with everything kept for them: versions, paragraph index rows, story
        assignments, analyses and entity counts, and the cached results ``cache_keys(text)`` names ((kind, key)
        pairs) for each text any of their versions held. Return the ids that were not stored."""
        ids = list(dict.fromkeys(article_ids))
        unknown: list[str] = []
        try:
            with self.transaction():
                for article_id in ids:
                    row = self.db.execute("SELECT text FROM articles WHERE id=?", (article_id,)).fetchone()
                    if row is None:
                        unknown.append(article_id)
                        continue
                    texts = {row["text"]}
                    for version in self.db.execute("SELECT record FROM article_versions WHERE id=?", (article_id,)):
                        # a record holds the paragraphs, not the text they make (Article.text joins them)
                        texts.add("\n".join(p["text"] for p in json.loads(version["record"]).get("paragraphs") or []))
                    if cache_keys is not None:
                        self.db.executemany("DELETE FROM parse_cache WHERE kind=? AND key=?",
                                            [pair for text in texts if text for pair in cache_keys(text)])
                    for table, column in (("articles", "id"), ("article_versions", "id"), ("outlet_paragraphs", "article_id"),
                                          ("story_articles", "article_id"), ("analyses", "article_id"), ("entity_articles", "article_id")):
                        self.db.execute(f"DELETE FROM {table} WHERE {column}=?", (article_id,))
        except sqlite3.Error as exc:
            raise StoreError(f"removing articles from {self.path} failed, nothing was removed: {exc}") from None
        return unknown

    def put_outlets(self, records: Iterable[dict]) -> None:
        now = utc_now()
        try:
            with self.transaction():
                self.db.execute("DELETE FROM outlets")
                self.db.executemany("INSERT INTO outlets (key, record, loaded_at) VALUES (?,?,?)",
                                    [(r["key"], json.dumps(r, ensure_ascii=False), now) for r in records])
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"the outlets were not stored in {self.path}: two records share a key ({exc})") from None

    def outlet_records(self) -> list[dict]:
        return [json.loads(r["record"]) for r in self.db.execute("SELECT record FROM outlets ORDER BY key")]

    def integrity_check(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        self.db.close()


def _statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, one at a time (``executescript`` would commit the open transaction)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip().strip(";").strip():
                yield pending.strip()
            pending = ""
    if pending.strip():
        yield pending.strip()


@contextmanager
def _nothing() -> Iterator[None]:
    yield
