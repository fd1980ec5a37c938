"""PostgreSQL store (``--db postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE``): a store a team shares on a server.

Needs the optional driver (``pip install 'newsweave[postgres]'``, psycopg 3), loaded only when such a store is
opened. The database must exist; newsweave creates its tables in the connection's current schema
(:mod:`newsweave.store.postgres_schema`, migrated like the SQLite store's: a version table and an append-only list).

Several processes on several machines may use one store at once. The connection runs in autocommit mode and
:meth:`PostgresStore.transaction` opens explicit transactions: writers take a transaction-level advisory lock,
so they follow one another as SQLite's ``BEGIN IMMEDIATE`` writers do, while readers never wait and see only
committed transactions; the story list reads in one ``REPEATABLE READ`` snapshot. The writer lock of a job is a
session-level advisory lock (:mod:`newsweave.store.postgres_lock`). Story text search uses PostgreSQL's text
search (``tsvector`` with a GIN index, prefix terms; :mod:`newsweave.store.postgres_text`).

No vectors are stored as columns (sentence vectors travel in the parse cache as opaque ``bytea`` blobs, like
every cached result), so pgvector is not needed; a store that keeps vectors to search them would add it here.
"""
from __future__ import annotations

import json
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Callable, Iterable, Iterator, Mapping

from ..errors import StoreError
from ..record import Article
from .base import PutResult
from .postgres_errors import driver, driver_errors_as_store_errors, in_use_error, is_driver_error, opening_error, redact
from .postgres_lock import TRANSACTION, WRITER, Waiting, application_name, lock_key, writer_lock
from .postgres_results import ResultsMixin
from .postgres_schema import MIGRATIONS, SCHEMA_VERSION, TABLES, VERSION_TABLE, current_schema, stored_version
from .postgres_text import from_db, lexemes, to_db
from .shared import utc_now

BUSY_TIMEOUT_S = 120.0  # how long a write waits for another process's transaction to commit (as the SQLite store)
CONNECT_TIMEOUT_S = 30  # unless the URL sets connect_timeout
CHUNK = 500             # articles read per statement by iter_articles

_META_FIELDS = ("source", "url", "outlet", "title", "published", "language")
_ARTICLE_COLUMNS = "id, raw, record, " + ", ".join(_META_FIELDS)



def _record_json(article: Article) -> str:
    data = article.to_dict()
    for key in ("raw", "id") + _META_FIELDS:
        data.pop(key, None)
    return json.dumps(data, ensure_ascii=False)


def _words(title: str | None, text: str) -> str:
    """The search words of an article, space-separated (one text value: much cheaper to send than an array)."""
    return " ".join(lexemes((title or "") + " " + text))


@driver_errors_as_store_errors
class PostgresStore(ResultsMixin):
    """A newsweave store in a PostgreSQL database (its current schema)."""

    def __init__(self, url: str, read_only: bool = False) -> None:
        self.url = url
        self.name = redact(url)  # for messages: never the password
        self.read_only = read_only
        self._depth = 0  # nesting of transaction(): only the outermost one begins and commits
        psycopg = driver()
        try:
            given = psycopg.conninfo.conninfo_to_dict(url)
            defaults: dict[str, Any] = {}
            if "connect_timeout" not in given:
                defaults["connect_timeout"] = CONNECT_TIMEOUT_S
            if "application_name" not in given:
                defaults["application_name"] = application_name()  # a waiting process names who holds the lock
            self.db = psycopg.connect(url, autocommit=True, **defaults)
        except psycopg.Error as exc:
            raise opening_error(exc, self.name, read_only) from None
        try:
            self._open()
        except BaseException:
            self.db.close()
            raise

    def _open(self) -> None:
        """Refuse a database of another program, then migrate (or, read-only, check the version)."""
        try:
            self.schema = current_schema(self.db, self.name)
            self._writer_key = lock_key(WRITER, self.schema)
            self._transaction_key = lock_key(TRANSACTION, self.schema)
            if not self.read_only:
                self._migrate()
                return
            self.db.execute("SET default_transaction_read_only = on")
            version = stored_version(self.db, self.schema, self.name)
            if version == 0:
                raise StoreError(f"no store in PostgreSQL database {self.name} (schema {self.schema}); build one with "
                                 "`newsweave run INPUT --out DIR --db URL`")
            if version != SCHEMA_VERSION:
                raise StoreError(f"PostgreSQL store {self.name} has schema version {version}, this newsweave needs {SCHEMA_VERSION}; "
                                 "open it once read-write (e.g. `newsweave ingest EMPTY_FOLDER --db URL`) to migrate")
        except Exception as exc:
            if is_driver_error(exc):
                raise opening_error(exc, self.name, self.read_only) from None
            raise

    def _migrate(self) -> None:
        """Bring the schema to :data:`SCHEMA_VERSION` in one transaction: a second process creating or migrating the
        same store waits for the transaction lock, then finds it done."""
        with self.transaction():
            current = stored_version(self.db, self.schema, self.name)
            for version in range(current, SCHEMA_VERSION):
                self.db.execute(MIGRATIONS[version])
                self.db.execute(f"DELETE FROM {VERSION_TABLE}")
                self.db.execute(f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s)", (version + 1,))

    def schema_version(self) -> int:
        return int(self.db.execute(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()[0])

    def _status(self) -> Any:
        return self.db.info.transaction_status

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
            raise StoreError(f"PostgreSQL store {self.name} was opened read-only and cannot be written; open it without read_only "
                             "(the web app and `newsweave serve` only read)")
        status = driver().pq.TransactionStatus
        try:
            self.db.execute("BEGIN")
            self.db.execute(f"SET LOCAL lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'")
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (self._transaction_key,))  # writers one after another
        except Exception as exc:
            self._rollback()
            if is_driver_error(exc):
                raise in_use_error(exc, self.name, True) from None
            raise
        self._depth = 1
        try:
            yield
            if self._status() == status.INERROR:  # a statement failed and its error was handled: COMMIT would roll back silently
                raise StoreError(f"writing to PostgreSQL store {self.name} failed inside a transaction; nothing of it was stored")
            self.db.execute("COMMIT")
        except Exception as exc:
            self._rollback()
            if is_driver_error(exc):
                raise in_use_error(exc, self.name, True) from None
            raise
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0

    def _rollback(self) -> None:
        try:
            if not self.db.closed and self._status() != driver().pq.TransactionStatus.IDLE:
                self.db.execute("ROLLBACK")
        except Exception as exc:
            if not is_driver_error(exc):  # the connection broke: the server rolled back with it
                raise

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Read in one snapshot (inside a write transaction: its own view)."""
        if self._status() != driver().pq.TransactionStatus.IDLE:
            yield
            return
        self.db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield
        finally:
            self._rollback()

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction around everything done inside (nested calls join the outer one): all of it is
        committed at the end, or none of it on an error or a crash. Other writers wait; readers see the state before."""
        return self._transaction()

    def writer_lock(self, exclusive: bool = False, waiting: Waiting | None = None) -> AbstractContextManager[None]:
        """Hold the store's writer lock (:mod:`newsweave.store.postgres_lock`): exclusive for a run, shared for ingest and remove."""
        return writer_lock(self.db, self._writer_key, exclusive, self.name, waiting)

    def put_articles(self, articles: Iterable[Article], paragraph_keys: Mapping[str, Iterable[str]] | None = None) -> list[PutResult]:
        batch = list(articles)
        results: list[PutResult] = []
        now = utc_now()
        with self.transaction():
            known = {r[0]: (r[1], r[2]) for r in self.db.execute(
                "SELECT id, version, content_hash FROM articles WHERE id = ANY(%s)", (list({a.id for a in batch}),))}
            rows, versions, changed = [], [], {}
            for article in batch:
                digest = article.content_hash
                prior = known.get(article.id)
                if prior is not None and prior[1] == digest:
                    results.append(PutResult(article.id, "unchanged", prior[0]))
                    continue
                version = 1 if prior is None else prior[0] + 1
                known[article.id] = (version, digest)
                record = _record_json(article)
                raw, text = to_db(article.raw), to_db(article.text)
                rows.append((article.id, version, digest, *(to_db(getattr(article, f)) for f in _META_FIELDS), article.raw_kind, raw, text,
                             len(article.text), record, _words(article.title, article.text), now))
                versions.append((article.id, version, digest, raw, record, now))
                changed[article.id] = article
                results.append(PutResult(article.id, "new" if prior is None else "changed", version))
            with self.db.cursor() as cur:
                cur.executemany(
                    "INSERT INTO articles (id, version, content_hash, source, url, outlet, title, published, language, raw_kind, raw, text,"
                    " chars, record, words, ingested_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,array_to_tsvector(string_to_array(%s, ' ')),%s)"
                    " ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, content_hash = EXCLUDED.content_hash,"
                    " source = EXCLUDED.source, url = EXCLUDED.url, outlet = EXCLUDED.outlet, title = EXCLUDED.title,"
                    " published = EXCLUDED.published, language = EXCLUDED.language, raw_kind = EXCLUDED.raw_kind, raw = EXCLUDED.raw,"
                    " text = EXCLUDED.text, chars = EXCLUDED.chars, record = EXCLUDED.record, words = EXCLUDED.words,"
                    " ingested_at = EXCLUDED.ingested_at", rows)
                cur.executemany("INSERT INTO article_versions (id, version, content_hash, raw, record, ingested_at) VALUES (%s,%s,%s,%s,%s,%s)",
                                versions)
                self._index_paragraphs(cur, list(changed.values()), paragraph_keys or {})
        return results

    def _index_paragraphs(self, cur: Any, articles: list[Article], keys: Mapping[str, Iterable[str]]) -> None:
        cur.execute("DELETE FROM outlet_paragraphs WHERE article_id = ANY(%s)", ([a.id for a in articles],))
        cur.executemany("INSERT INTO outlet_paragraphs (outlet, key, article_id) VALUES (%s,%s,%s)",
                        [(to_db(a.outlet), key, a.id) for a in articles if a.outlet for key in set(keys.get(a.id, ()))])

    def update_cleaning(self, articles: Iterable[Article]) -> None:
        batch = list(articles)
        with self.transaction():
            titles = dict(self.db.execute("SELECT id, title FROM articles WHERE id = ANY(%s)", ([a.id for a in batch],)).fetchall())
            with self.db.cursor() as cur:
                cur.executemany("UPDATE articles SET text = %s, chars = %s, record = %s, words = array_to_tsvector(string_to_array(%s, ' ')) WHERE id = %s",
                                [(to_db(a.text), len(a.text), _record_json(a), _words(from_db(titles.get(a.id)), a.text), a.id)
                                 for a in batch if a.id in titles])

    def _article(self, row: tuple) -> Article:
        data = json.loads(row[2])
        data.update({"id": row[0], "raw": from_db(row[1]), **{f: from_db(v) for f, v in zip(_META_FIELDS, row[3:])}})
        return Article.from_dict(data)

    def get_article(self, article_id: str) -> Article | None:
        row = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article_id,)).fetchone()
        return self._article(row) if row else None

    def iter_articles(self) -> Iterator[Article]:
        """Every current article in order, read CHUNK at a time (an article removed meanwhile is left out)."""
        order = [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY published NULLS FIRST, id")]
        for at in range(0, len(order), CHUNK):
            ids = order[at:at + CHUNK]
            rows = {r[0]: r for r in self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ANY(%s)", (ids,))}
            for article_id in ids:
                if article_id in rows:
                    yield self._article(rows[article_id])

    def article_rows(self) -> list[dict]:
        rows = self.db.execute("SELECT id, title, outlet, published, language, version, url, chars FROM articles"
                               " ORDER BY published NULLS FIRST, id")
        names = ("id", "title", "outlet", "published", "language", "version", "url", "chars")
        return [{k: from_db(v) if isinstance(v, str) else v for k, v in zip(names, r)} for r in rows]

    def versions(self, article_id: str) -> list[dict]:
        rows = self.db.execute("SELECT id, version, content_hash, ingested_at FROM article_versions WHERE id = %s ORDER BY version", (article_id,))
        return [{"id": r[0], "version": r[1], "content_hash": r[2], "ingested_at": r[3]} for r in rows]

    def paragraph_owners(self, outlet: str, keys: Iterable[str]) -> dict[str, set[str]]:
        owners: dict[str, set[str]] = {}
        for key, article_id in self.db.execute("SELECT key, article_id FROM outlet_paragraphs WHERE outlet = %s AND key = ANY(%s)",
                                               (to_db(outlet), list(keys))):
            owners.setdefault(key, set()).add(article_id)
        return owners

    def get_cached(self, kind: str, keys: Iterable[str]) -> dict[str, bytes]:
        """Key -> value of the cached ``kind`` results among ``keys`` (missing keys are left out)."""
        rows = self.db.execute("SELECT key, value FROM parse_cache WHERE kind = %s AND key = ANY(%s)", (kind, list(keys)))
        return {r[0]: bytes(r[1]) for r in rows}

    def put_cached(self, kind: str, items: dict[str, bytes]) -> None:
        """Remember ``kind`` results by key (one transaction; a key already there is replaced)."""
        with self.transaction(), self.db.cursor() as cur:
            cur.executemany("INSERT INTO parse_cache (kind, key, value) VALUES (%s,%s,%s) ON CONFLICT (kind, key) DO UPDATE SET value = EXCLUDED.value",
                            [(kind, k, v) for k, v in items.items()])

    def story_assignments(self) -> dict[str, str]:
        """Article id -> story id, in the order the articles were assigned."""
        return dict(self.db.execute("SELECT article_id, story_id FROM story_articles ORDER BY seq").fetchall())

    def story_duplicates(self) -> dict[str, str | None]:
        return dict(self.db.execute("SELECT article_id, duplicate_of FROM story_articles ORDER BY seq").fetchall())

    def story_membership(self, article_ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """Article id -> (story id, duplicate_of) for the given articles that are in a story."""
        rows = self.db.execute("SELECT article_id, story_id, duplicate_of FROM story_articles WHERE article_id = ANY(%s)", (list(article_ids),))
        return {r[0]: (r[1], r[2]) for r in rows}

    def put_story_assignments(self, assignments: dict[str, tuple[str, str | None]]) -> None:
        """Save article id -> (story id, duplicate_of) in one transaction; existing rows keep their order."""
        now = utc_now()
        with self.transaction(), self.db.cursor() as cur:
            cur.executemany("INSERT INTO story_articles (article_id, story_id, duplicate_of, assigned_at) VALUES (%s,%s,%s,%s)"
                            " ON CONFLICT (article_id) DO UPDATE SET story_id = EXCLUDED.story_id, duplicate_of = EXCLUDED.duplicate_of",
                            [(a, s, d, now) for a, (s, d) in assignments.items()])

    def remove_articles(self, article_ids: Iterable[str], cache_keys: Callable[[str], Iterable[tuple[str, str]]] | None = None) -> list[str]:
        """Remove articles in one transaction with everything kept for them: versions, paragraph index rows, story
        assignments, analyses and entity counts, and the cached results ``cache_keys(text)`` names ((kind, key)
        pairs) for each text any of their versions held. Return the ids that were not stored."""
        ids = list(dict.fromkeys(article_ids))
        with self.transaction():
            texts_of = {r[0]: {from_db(r[1])} for r in self.db.execute("SELECT id, text FROM articles WHERE id = ANY(%s)", (ids,))}
            unknown = [i for i in ids if i not in texts_of]
            present = [i for i in ids if i in texts_of]
            if cache_keys is not None:
                for article_id, record in self.db.execute("SELECT id, record FROM article_versions WHERE id = ANY(%s)", (present,)):
                    # a record holds the paragraphs, not the text they make (Article.text joins them)
                    texts_of[article_id].add("\n".join(p["text"] for p in json.loads(record).get("paragraphs") or []))
                pairs = list(dict.fromkeys(pair for texts in texts_of.values() for text in texts if text for pair in cache_keys(text)))
                with self.db.cursor() as cur:
                    cur.executemany("DELETE FROM parse_cache WHERE kind = %s AND key = %s", pairs)
            for table, column in (("articles", "id"), ("article_versions", "id"), ("outlet_paragraphs", "article_id"),
                                  ("story_articles", "article_id"), ("analyses", "article_id"), ("entity_articles", "article_id")):
                self.db.execute(f"DELETE FROM {table} WHERE {column} = ANY(%s)", (present,))
        return unknown

    def put_outlets(self, records: Iterable[dict]) -> None:
        now = utc_now()
        with self.transaction():
            self.db.execute("DELETE FROM outlets")
            with self.db.cursor() as cursor:
                cursor.executemany("INSERT INTO outlets (key, record, loaded_at) VALUES (%s,%s,%s)",
                                   [(r["key"], json.dumps(r, ensure_ascii=False), now) for r in records])

    def outlet_records(self) -> list[dict]:
        return [json.loads(r[0]) for r in self.db.execute("SELECT record FROM outlets ORDER BY key")]

    def integrity_check(self) -> str:
        """``"ok"`` when every table of the schema is there at this newsweave's version (PostgreSQL keeps its own
        files consistent: write-ahead log, page checksums where the cluster has them)."""
        tables = {r[0] for r in self.db.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", (self.schema,))}
        missing = sorted(TABLES - tables)
        if missing:
            return f"missing tables in schema {self.schema}: {', '.join(missing)}"
        version = self.schema_version()
        return "ok" if version == SCHEMA_VERSION else f"schema version {version}, expected {SCHEMA_VERSION}"

    def close(self) -> None:
        self.db.close()
