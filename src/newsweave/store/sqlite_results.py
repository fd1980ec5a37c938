"""The SQLite store's side for run results: stories, briefs, analyses, entities, and the queries the web app makes."""
from __future__ import annotations

import json
import re
import sqlite3
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Iterable, Iterator

from ..errors import StoreError
from .base import ResultsUpdate, RunResults, StoryPage, StoryQuery, entity_counts
from .shared import chunks, like_literal, utc_now

RESULTS_MIGRATION = """
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT,
    articles INTEGER NOT NULL,
    independent_sources INTEGER NOT NULL,
    first_published TEXT,
    last_published TEXT,
    record TEXT NOT NULL
);
CREATE INDEX stories_last ON stories(last_published, id);
CREATE INDEX stories_size ON stories(articles);
CREATE TABLE story_outlets (outlet TEXT NOT NULL, story_id TEXT NOT NULL, PRIMARY KEY (outlet, story_id));
CREATE TABLE briefs (story_id TEXT PRIMARY KEY, brief TEXT NOT NULL, built_at TEXT NOT NULL);
CREATE TABLE analyses (article_id TEXT PRIMARY KEY, analysis TEXT NOT NULL);
CREATE TABLE entities (id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT, mentions INTEGER NOT NULL, record TEXT NOT NULL);
CREATE TABLE entity_names (name TEXT NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY (name, entity_id));
CREATE TABLE entity_articles (entity_id TEXT NOT NULL, article_id TEXT NOT NULL, mentions INTEGER NOT NULL,
                              PRIMARY KEY (entity_id, article_id));
CREATE INDEX entity_articles_article ON entity_articles(article_id);
CREATE VIRTUAL TABLE story_search USING fts5(text, tokenize='unicode61 remove_diacritics 2');
"""

# The text index of stories: one row per story (sharing the story row's rowid) with the titles and
# bodies of all its articles, so a search is one index look-up, however many articles a word is in.
FILL_STORY_SEARCH = """
INSERT INTO story_search (rowid, text)
SELECT s.rowid, group_concat(coalesce(a.title, '') || ' ' || a.text, ' ')
FROM stories s JOIN story_articles sa ON sa.story_id = s.id JOIN articles a ON a.id = sa.article_id
GROUP BY s.rowid
"""

RESULT_TABLES = ("stories", "story_search", "story_outlets", "briefs", "analyses", "entities", "entity_names",
                 "entity_articles", "story_entities")

_WORD = re.compile(r"\w+")
MAX_SEARCH_WORDS = 12
MAX_ENTITY_MATCHES = 200  # entities (most mentioned first) whose names a story-list entity filter matches



def fts_query(text: str) -> str | None:
    """User text as an FTS5 query that cannot be a syntax error: every word quoted, as a prefix, all required."""
    words = _WORD.findall(text)[:MAX_SEARCH_WORDS]
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words) or None


class ResultsMixin:
    """Methods of :class:`~newsweave.store.sqlite.SQLiteStore` for run results (needs ``self.db`` and ``self.path``)."""

    db: sqlite3.Connection
    path: str

    def transaction(self) -> AbstractContextManager[None]:  # SQLiteStore's
        raise NotImplementedError

    def put_results(self, results: RunResults) -> None:
        totals: dict[str, int] = {}
        for analysis in results.analyses.values():
            for entity_id, n in entity_counts(analysis).items():
                totals[entity_id] = totals.get(entity_id, 0) + n
        update = ResultsUpdate(stories=results.stories.get("stories") or [], briefs=results.briefs, analyses=results.analyses,
                               entities=[e | {"mentions": totals.get(e["id"], 0)} for e in results.entities])
        try:
            with self.transaction():
                for table in RESULT_TABLES:
                    self.db.execute(f"DELETE FROM {table}")
                self._apply(update)
        except sqlite3.Error as exc:
            raise StoreError(f"writing run results to {self.path} failed, the previous run's results are kept: {exc}") from None

    def update_results(self, update: ResultsUpdate) -> None:
        try:
            with self.transaction():
                self._apply(update)
        except sqlite3.Error as exc:
            raise StoreError(f"writing run results to {self.path} failed, the previous run's results are kept: {exc}") from None

    def _apply(self, update: ResultsUpdate) -> None:
        now = utc_now()
        db = self.db
        gone = [*update.removed_stories, *(s["id"] for s in update.stories)]
        for chunk in chunks(gone):
            marks = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM story_search WHERE rowid IN (SELECT rowid FROM stories WHERE id IN ({marks}))", chunk)
            for table, column in (("stories", "id"), ("story_outlets", "story_id"), ("briefs", "story_id")):
                db.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)
        for chunk in chunks([*update.removed_stories, *update.story_entities]):
            db.execute(f"DELETE FROM story_entities WHERE story_id IN ({','.join('?' * len(chunk))})", chunk)
        for chunk in chunks([*update.removed_analyses, *update.analyses]):
            marks = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM analyses WHERE article_id IN ({marks})", chunk)
            db.execute(f"DELETE FROM entity_articles WHERE article_id IN ({marks})", chunk)
        for chunk in chunks([*update.removed_entities, *(e["id"] for e in update.entities)]):
            marks = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM entities WHERE id IN ({marks})", chunk)
            db.execute(f"DELETE FROM entity_names WHERE entity_id IN ({marks})", chunk)
        stories = update.stories
        db.executemany(
            "INSERT INTO stories (id, title, articles, independent_sources, first_published, last_published, record) VALUES (?,?,?,?,?,?,?)",
            [(s["id"], s.get("title"), len(s["articles"]), s["independent_sources"], s.get("first_published"),
              s.get("last_published"), json.dumps(s, ensure_ascii=False)) for s in stories])
        for chunk in chunks([s["id"] for s in stories]):
            db.execute(FILL_STORY_SEARCH.replace("GROUP BY", f"WHERE s.id IN ({','.join('?' * len(chunk))}) GROUP BY"), chunk)
        db.executemany("INSERT OR IGNORE INTO story_outlets (outlet, story_id) VALUES (?,?)",
                       [(o, s["id"]) for s in stories for o in s.get("outlets") or []])
        db.executemany("INSERT INTO briefs (story_id, brief, built_at) VALUES (?,?,?)",
                       [(k, json.dumps(b, ensure_ascii=False), now) for k, b in update.briefs.items()])
        db.executemany("INSERT INTO analyses (article_id, analysis) VALUES (?,?)",
                       [(k, json.dumps(a, ensure_ascii=False)) for k, a in update.analyses.items()])
        db.executemany("INSERT INTO entity_articles (entity_id, article_id, mentions) VALUES (?,?,?)",
                       [(e, k, n) for k, a in update.analyses.items() for e, n in entity_counts(a).items()])
        db.executemany("INSERT INTO story_entities (story_id, entity_id, record) VALUES (?,?,?)",
                       [(k, e["id"], json.dumps(e, ensure_ascii=False)) for k, records in update.story_entities.items() for e in records])
        db.executemany("INSERT INTO entities (id, name, type, mentions, record) VALUES (?,?,?,?,?)",
                       [(e["id"], e["name"], e.get("type"), int(e.get("mentions") or 0),
                         json.dumps({k: v for k, v in e.items() if k != "mentions"}, ensure_ascii=False)) for e in update.entities])
        db.executemany("INSERT OR IGNORE INTO entity_names (name, entity_id) VALUES (?,?)",
                       [(name.lower(), e["id"]) for e in update.entities for name in {e["name"], *(e.get("variants") or [])}])

    def story_entity_records(self, entity_ids: Iterable[str]) -> dict[str, dict[str, dict[str, Any]]]:
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for row in self._rows_with_keys("SELECT entity_id, story_id, record FROM story_entities WHERE entity_id IN ({keys})"
                                        " ORDER BY entity_id, story_id", entity_ids):
            out.setdefault(row[0], {})[row[1]] = json.loads(row[2])
        return out

    def story_entity_ids(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for row in self._rows_with_keys("SELECT story_id, entity_id FROM story_entities WHERE story_id IN ({keys})"
                                        " ORDER BY story_id, entity_id", story_ids):
            out.setdefault(row[0], []).append(row[1])
        return out

    def get_state(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM run_state WHERE name=?", (name,)).fetchone()
        return bytes(row[0]) if row else None

    def put_state(self, name: str, value: bytes) -> None:
        try:
            with self.transaction():
                self.db.execute("INSERT OR REPLACE INTO run_state (name, value, saved_at) VALUES (?,?,?)", (name, value, utc_now()))
        except sqlite3.Error as exc:
            raise StoreError(f"saving run state to {self.path} failed: {exc}") from None

    def find_stories(self, query: StoryQuery) -> StoryPage:
        with self._snapshot():  # the count, the page and its records from one state of the store, even while a run writes
            return self._find_stories(query)

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            self.db.execute("COMMIT")

    def _find_stories(self, query: StoryQuery) -> StoryPage:
        where, params = [], []
        match = fts_query(query.text or "")
        if query.text and query.text.strip() and match is None:  # words were asked for, none could be searched
            return StoryPage(0, [])
        if match:
            where.append("s.rowid IN (SELECT rowid FROM story_search WHERE story_search MATCH ?)")
            params.append(match)
        if query.entity:
            ids = [query.entity, *(e["id"] for e in self.find_entities(query.entity, limit=MAX_ENTITY_MATCHES))]
            where.append("s.id IN (SELECT sa.story_id FROM entity_articles ea JOIN story_articles sa ON sa.article_id = ea.article_id"
                         f" WHERE ea.entity_id IN ({','.join('?' * len(ids))}))")
            params += ids
        if query.outlet:
            where.append("s.id IN (SELECT story_id FROM story_outlets WHERE outlet = ?)")
            params.append(query.outlet)
        if query.since:
            where.append("s.last_published >= ?")
            params.append(query.since)
        if query.until:
            where.append("substr(s.first_published, 1, 10) <= ?")
            params.append(query.until)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        # NULL sorts lowest, so undated stories come last; the recency order walks the stories_last index
        order = ("s.articles DESC, s.independent_sources DESC, s.last_published DESC, s.id DESC" if query.sort == "size"
                 else "s.last_published DESC, s.id DESC")
        if not where:  # the whole list: counting is an index look-up
            total = self.db.execute("SELECT count(*) FROM stories").fetchone()[0]
            rows = self.db.execute(f"SELECT s.record FROM stories s ORDER BY {order} LIMIT ? OFFSET ?",
                                   (max(0, query.limit), max(0, query.offset)))
            return StoryPage(int(total), [json.loads(r[0]) for r in rows])
        # filtered: one pass finds the matches, counts them and orders them; records are read for the page only
        page = self.db.execute(f"SELECT s.id, count(*) OVER () FROM stories s{clause} ORDER BY {order} LIMIT ? OFFSET ?",
                               [*params, max(0, query.limit), max(0, query.offset)]).fetchall()
        if not page:
            total = self.db.execute(f"SELECT count(*) FROM stories s{clause}", params).fetchone()[0] if query.offset else 0
            return StoryPage(int(total), [])
        ids = [r[0] for r in page]
        records = dict(self.db.execute(f"SELECT id, record FROM stories WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall())
        return StoryPage(int(page[0][1]), [json.loads(records[i]) for i in ids if i in records])

    def get_story(self, story_id: str) -> dict[str, Any] | None:
        return self._json("SELECT record FROM stories WHERE id=?", story_id)

    def get_brief(self, story_id: str) -> dict[str, Any] | None:
        return self._json("SELECT brief FROM briefs WHERE story_id=?", story_id)

    def get_analysis(self, article_id: str) -> dict[str, Any] | None:
        return self._json("SELECT analysis FROM analyses WHERE article_id=?", article_id)

    def get_entity(self, entity_id: str) -> dict[str, Any] | None:
        entity = self._json("SELECT record FROM entities WHERE id=?", entity_id)
        if entity is None:
            return None
        rows = self.db.execute(
            "SELECT ea.article_id, sa.story_id, ea.mentions FROM entity_articles ea LEFT JOIN story_articles sa ON sa.article_id = ea.article_id"
            " WHERE ea.entity_id=? ORDER BY sa.story_id, ea.article_id", (entity_id,))
        entity["articles"] = [{"article": r[0], "story": r[1], "mentions": r[2]} for r in rows]
        return entity

    def find_entities(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT e.id, e.name, e.type, e.mentions FROM entities e WHERE e.id IN"
            " (SELECT entity_id FROM entity_names WHERE name LIKE ? ESCAPE '\\') ORDER BY e.mentions DESC, e.name LIMIT ?",
            ("%" + like_literal(text.lower()) + "%", max(0, limit)))
        return [{"id": r[0], "name": r[1], "type": r[2], "mentions": r[3]} for r in rows]

    def article_meta(self, article_ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = self._rows_with_keys("SELECT id, title, outlet, published FROM articles WHERE id IN ({keys})", article_ids)
        return {row[0]: {"id": row[0], "title": row[1], "outlet": row[2], "published": row[3]} for row in rows}

    def _rows_with_keys(self, sql: str, keys: Iterable[str], params: tuple = ()) -> Iterator[sqlite3.Row]:
        """Rows of ``sql`` whose ``IN ({keys})`` takes the keys 500 at a time (SQLite limits the parameters of a statement)."""
        for chunk in chunks(keys):
            yield from self.db.execute(sql.format(keys=",".join("?" * len(chunk))), (*params, *chunk))

    def outlets(self) -> list[str]:
        rows = self.db.execute("SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY count(*) DESC, outlet")
        return [r[0] for r in rows]

    def _json(self, sql: str, key: str) -> dict[str, Any] | None:
        row = self.db.execute(sql, (key,)).fetchone()
        return json.loads(row[0]) if row else None
