"""Run results in the PostgreSQL store: stories, briefs, analyses, entities, run state, and the story list.

The same queries as the SQLite store's (:mod:`newsweave.store.sqlite_results`), with PostgreSQL's orderings made
to match SQLite's: undated stories last in a latest-first list (``NULLS LAST``), keys compared byte by byte.
Story text search (:mod:`newsweave.store.postgres_text`) looks the words up in the articles' ``tsvector`` index
and keeps the stories whose articles hold every word, so it follows the stored articles and assignments at once
(the SQLite store rebuilds its story text index when results are written).
"""
from __future__ import annotations

import json
from contextlib import AbstractContextManager
from typing import Any, Iterable

from .base import ResultsUpdate, RunResults, StoryPage, StoryQuery, entity_counts
from .postgres_text import from_db, prefix_terms, to_db
from .shared import like_literal, utc_now

RESULT_TABLES = ("stories", "story_outlets", "briefs", "analyses", "entities", "entity_names", "entity_articles", "story_entities")
MAX_ENTITY_MATCHES = 200  # entities (most mentioned first) whose names a story-list entity filter matches

# the stories whose articles hold a word: the articles from the GIN index first (the planner, blind to the cost of
# reading each article's tsvector, would otherwise scan the whole table), then their stories
_STORIES_WITH_TERM = ("WITH hits AS MATERIALIZED (SELECT id FROM articles WHERE words @@ %s::tsquery)"
                      " SELECT DISTINCT sa.story_id FROM story_articles sa JOIN hits ON hits.id = sa.article_id")



def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class ResultsMixin:
    """Methods of :class:`~newsweave.store.postgres.PostgresStore` for run results (needs ``self.db``)."""

    db: Any

    def transaction(self) -> AbstractContextManager[None]:  # PostgresStore's
        raise NotImplementedError

    def _snapshot(self) -> AbstractContextManager[None]:  # PostgresStore's
        raise NotImplementedError

    def put_results(self, results: RunResults) -> None:
        totals: dict[str, int] = {}
        for analysis in results.analyses.values():
            for entity_id, n in entity_counts(analysis).items():
                totals[entity_id] = totals.get(entity_id, 0) + n
        update = ResultsUpdate(stories=results.stories.get("stories") or [], briefs=results.briefs, analyses=results.analyses,
                               entities=[e | {"mentions": totals.get(e["id"], 0)} for e in results.entities])
        with self.transaction():
            for table in RESULT_TABLES:  # DELETE, not TRUNCATE: readers keep reading the last run until this one commits
                self.db.execute(f"DELETE FROM {table}")
            self._apply(update)

    def update_results(self, update: ResultsUpdate) -> None:
        with self.transaction():
            self._apply(update)

    def _apply(self, update: ResultsUpdate) -> None:
        now = utc_now()
        db = self.db
        gone = [*update.removed_stories, *(s["id"] for s in update.stories)]
        for table, column in (("stories", "id"), ("story_outlets", "story_id"), ("briefs", "story_id")):
            db.execute(f"DELETE FROM {table} WHERE {column} = ANY(%s)", (gone,))
        db.execute("DELETE FROM story_entities WHERE story_id = ANY(%s)", ([*update.removed_stories, *update.story_entities],))
        analysed = [*update.removed_analyses, *update.analyses]
        db.execute("DELETE FROM analyses WHERE article_id = ANY(%s)", (analysed,))
        db.execute("DELETE FROM entity_articles WHERE article_id = ANY(%s)", (analysed,))
        named = [*update.removed_entities, *(e["id"] for e in update.entities)]
        db.execute("DELETE FROM entities WHERE id = ANY(%s)", (named,))
        db.execute("DELETE FROM entity_names WHERE entity_id = ANY(%s)", (named,))
        stories = update.stories
        with db.cursor() as cur:
            cur.executemany(
                "INSERT INTO stories (id, title, articles, independent_sources, first_published, last_published, record) VALUES (%s,%s,%s,%s,%s,%s,%s)",
                [(s["id"], to_db(s.get("title")), len(s["articles"]), s["independent_sources"], s.get("first_published"),
                  s.get("last_published"), _json(s)) for s in stories])
            outlets = dict.fromkeys((to_db(o), s["id"]) for s in stories for o in s.get("outlets") or [])
            cur.executemany("INSERT INTO story_outlets (outlet, story_id) VALUES (%s,%s)", list(outlets))
            cur.executemany("INSERT INTO briefs (story_id, brief, built_at) VALUES (%s,%s,%s)",
                            [(k, _json(b), now) for k, b in update.briefs.items()])
            cur.executemany("INSERT INTO analyses (article_id, analysis) VALUES (%s,%s)", [(k, _json(a)) for k, a in update.analyses.items()])
            cur.executemany("INSERT INTO entity_articles (entity_id, article_id, mentions) VALUES (%s,%s,%s)",
                            [(e, k, n) for k, a in update.analyses.items() for e, n in entity_counts(a).items()])
            cur.executemany("INSERT INTO story_entities (story_id, entity_id, record) VALUES (%s,%s,%s)",
                            [(k, e["id"], _json(e)) for k, records in update.story_entities.items() for e in records])
            cur.executemany("INSERT INTO entities (id, name, type, mentions, record) VALUES (%s,%s,%s,%s,%s)",
                            [(e["id"], to_db(e["name"]), e.get("type"), int(e.get("mentions") or 0),
                              _json({k: v for k, v in e.items() if k != "mentions"})) for e in update.entities])
            names = dict.fromkeys((to_db(name.lower()), e["id"]) for e in update.entities for name in {e["name"], *(e.get("variants") or [])})
            cur.executemany("INSERT INTO entity_names (name, entity_id) VALUES (%s,%s)", list(names))

    def story_entity_records(self, entity_ids: Iterable[str]) -> dict[str, dict[str, dict[str, Any]]]:
        out: dict[str, dict[str, dict[str, Any]]] = {}
        rows = self.db.execute("SELECT entity_id, story_id, record FROM story_entities WHERE entity_id = ANY(%s) ORDER BY entity_id, story_id",
                               (list(entity_ids),))
        for entity_id, story_id, record in rows:
            out.setdefault(entity_id, {})[story_id] = json.loads(record)
        return out

    def story_entity_ids(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        rows = self.db.execute("SELECT story_id, entity_id FROM story_entities WHERE story_id = ANY(%s) ORDER BY story_id, entity_id",
                               (list(story_ids),))
        for story_id, entity_id in rows:
            out.setdefault(story_id, []).append(entity_id)
        return out

    def get_state(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM run_state WHERE name = %s", (name,)).fetchone()
        return bytes(row[0]) if row else None

    def put_state(self, name: str, value: bytes) -> None:
        with self.transaction():
            self.db.execute("INSERT INTO run_state (name, value, saved_at) VALUES (%s,%s,%s)"
                            " ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, saved_at = EXCLUDED.saved_at", (name, value, utc_now()))

    def find_stories(self, query: StoryQuery) -> StoryPage:
        with self._snapshot():  # the count, the page and its records from one state of the store, even while a run writes
            return self._find_stories(query)

    def _find_stories(self, query: StoryQuery) -> StoryPage:
        where: list[str] = []
        params: list[Any] = []
        if query.text and query.text.strip():
            terms = prefix_terms(query.text)
            if not terms:  # words were asked for, none could be searched
                return StoryPage(0, [])
            matching = self._stories_with_terms(terms)
            if not matching:
                return StoryPage(0, [])
            where.append("s.id = ANY(%s)")
            params.append(matching)
        if query.entity:
            ids = [query.entity, *(e["id"] for e in self.find_entities(query.entity, limit=MAX_ENTITY_MATCHES))]
            where.append("s.id IN (SELECT sa.story_id FROM entity_articles ea JOIN story_articles sa ON sa.article_id = ea.article_id"
                         " WHERE ea.entity_id = ANY(%s))")
            params.append(ids)
        if query.outlet:
            where.append("s.id IN (SELECT story_id FROM story_outlets WHERE outlet = %s)")
            params.append(to_db(query.outlet))
        if query.since:
            where.append("s.last_published >= %s")
            params.append(query.since)
        if query.until:
            where.append("substr(s.first_published, 1, 10) <= %s")
            params.append(query.until)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        # undated stories come last, as in SQLite (where NULL sorts lowest); the recency order walks stories_last
        order = ("s.articles DESC, s.independent_sources DESC, s.last_published DESC NULLS LAST, s.id DESC" if query.sort == "size"
                 else "s.last_published DESC NULLS LAST, s.id DESC")
        limit, offset = max(0, query.limit), max(0, query.offset)
        if not where:
            total = self.db.execute("SELECT count(*) FROM stories").fetchone()[0]
            rows = self.db.execute(f"SELECT s.record FROM stories s ORDER BY {order} LIMIT %s OFFSET %s", (limit, offset))
            return StoryPage(int(total), [json.loads(r[0]) for r in rows])
        # filtered: one pass finds the matches, counts them and orders them; records are read for the page only
        page = self.db.execute(f"SELECT s.id, count(*) OVER () FROM stories s{clause} ORDER BY {order} LIMIT %s OFFSET %s",
                               [*params, limit, offset]).fetchall()
        if not page:
            total = self.db.execute(f"SELECT count(*) FROM stories s{clause}", params).fetchone()[0] if offset else 0
            return StoryPage(int(total), [])
        ids = [r[0] for r in page]
        records = dict(self.db.execute("SELECT id, record FROM stories WHERE id = ANY(%s)", (ids,)).fetchall())
        return StoryPage(int(page[0][1]), [json.loads(records[i]) for i in ids if i in records])

    def _stories_with_terms(self, terms: list[str]) -> list[str]:
        """Ids of the stories whose articles hold every term (each a prefix): one index look-up per term."""
        previous = self.db.execute("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)").fetchone()[0]
        try:
            found: set[str] | None = None
            for term in terms:
                stories = {r[0] for r in self.db.execute(_STORIES_WITH_TERM, (term,))}
                found = stories if found is None else found & stories
                if not found:
                    break
        finally:
            self.db.execute("SELECT set_config('enable_seqscan', %s, true)", (previous,))
        return sorted(found or ())

    def get_story(self, story_id: str) -> dict[str, Any] | None:
        return self._json_row("SELECT record FROM stories WHERE id = %s", story_id)

    def get_brief(self, story_id: str) -> dict[str, Any] | None:
        return self._json_row("SELECT brief FROM briefs WHERE story_id = %s", story_id)

    def get_analysis(self, article_id: str) -> dict[str, Any] | None:
        return self._json_row("SELECT analysis FROM analyses WHERE article_id = %s", article_id)

    def get_entity(self, entity_id: str) -> dict[str, Any] | None:
        entity = self._json_row("SELECT record FROM entities WHERE id = %s", entity_id)
        if entity is None:
            return None
        rows = self.db.execute(
            "SELECT ea.article_id, sa.story_id, ea.mentions FROM entity_articles ea LEFT JOIN story_articles sa ON sa.article_id = ea.article_id"
            " WHERE ea.entity_id = %s ORDER BY sa.story_id NULLS FIRST, ea.article_id", (entity_id,))
        entity["articles"] = [{"article": r[0], "story": r[1], "mentions": r[2]} for r in rows]
        return entity

    def find_entities(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT e.id, e.name, e.type, e.mentions FROM entities e WHERE e.id IN"
            " (SELECT entity_id FROM entity_names WHERE name LIKE %s ESCAPE '\\') ORDER BY e.mentions DESC, e.name LIMIT %s",
            ("%" + like_literal(to_db(text.lower()) or "") + "%", max(0, limit)))
        return [{"id": r[0], "name": from_db(r[1]), "type": r[2], "mentions": r[3]} for r in rows]

    def article_meta(self, article_ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = self.db.execute("SELECT id, title, outlet, published FROM articles WHERE id = ANY(%s)", (list(article_ids),))
        return {r[0]: {"id": r[0], "title": from_db(r[1]), "outlet": from_db(r[2]), "published": from_db(r[3])} for r in rows}

    def outlets(self) -> list[str]:
        rows = self.db.execute("SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY count(*) DESC, outlet")
        return [from_db(r[0]) or "" for r in rows]

    def _json_row(self, sql: str, key: str) -> dict[str, Any] | None:
        row = self.db.execute(sql, (key,)).fetchone()
        return json.loads(row[0]) if row else None
