"""SQLite store: versions, no-op re-ingest, migrations, read-only access, outlet furniture across batches."""
from __future__ import annotations

import json
import sqlite3
import zlib

import pytest

from newsweave import Options, ingest_paths, open_store
from newsweave.errors import StoreError
from newsweave.store.sqlite import SCHEMA_VERSION

BODY = "The council approved the new bridge on Monday after a long debate.\nWork starts in spring, the mayor said.\n"
APPEAL = "Support our newsroom: donate to the Ledger Fund today and every penny goes to local reporting."


def _write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_reingest_is_noop_and_change_makes_a_version(tmp_path):
    src = tmp_path / "in"
    _write(src, "a.txt", "Bridge approved\n\n" + BODY)
    store = open_store(tmp_path / "db.sqlite")
    first = ingest_paths([src], store)
    assert first.stored["new"] == 1
    again = ingest_paths([src], store)
    assert again.stored == {"unchanged": 1}
    _write(src, "a.txt", "Bridge approved\n\n" + BODY + "The vote was 7 to 2.\n")
    changed = ingest_paths([src], store)
    assert changed.stored["changed"] == 1
    article = store.get_article("a.txt")
    assert article.title == "Bridge approved"
    assert "7 to 2" in article.text
    assert [v["version"] for v in store.versions("a.txt")] == [1, 2]
    assert store.integrity_check() == "ok"
    store.close()


def test_schema_version_and_read_only(tmp_path):
    path = tmp_path / "db.sqlite"
    open_store(path).close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    ro = open_store(path, read_only=True)
    with pytest.raises(sqlite3.OperationalError):
        ro.db.execute("CREATE TABLE x(y)")
    ro.close()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "db.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer newsweave"):
        open_store(path)


def test_not_a_database(tmp_path):
    path = tmp_path / "db.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="is not an SQLite database"):
        open_store(path)


def test_outlet_furniture_is_found_across_batches(tmp_path):
    """The third article carrying the same closing appeal makes it furniture, also in the two stored before."""
    store = open_store(tmp_path / "db.sqlite")
    for n in range(3):
        src = tmp_path / f"batch{n}"
        _write(src, f"story{n}.txt", f"Story {n} headline\n\nParagraph one of story {n} tells what happened today.\nParagraph two of story {n} adds detail.\n{APPEAL}\n")
        _write(src, "manifest.csv", f"file,outlet\nstory{n}.txt,ledger.example\n")
        ingest_paths([src], store, Options(repeat_min_articles=3))
    for n in range(3):
        article = store.get_article(f"story{n}.txt")
        assert APPEAL not in article.text
        assert any(r.text == APPEAL and "repeated across articles" in r.reason for r in article.removed)
        assert f"Paragraph two of story {n}" in article.text
    store.close()


def test_older_store_migrates_and_its_stories_become_searchable(tmp_path):
    from newsweave.store import RunResults, StoryQuery
    from newsweave.store.sqlite import MIGRATIONS

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + MIGRATIONS[1] + "PRAGMA user_version=2;")
    conn.execute("INSERT INTO articles (id, version, content_hash, title, raw_kind, raw, text, record, ingested_at) "
                 "VALUES ('old.txt', 1, 'h', 'Bridge approved', 'text', 'x', 'The council approved the bridge.', '{}', 'now')")
    conn.execute("INSERT INTO story_articles VALUES ('old.txt', 's1', NULL, 'now')")
    conn.commit()
    conn.close()
    store = open_store(path)
    assert store.schema_version() == SCHEMA_VERSION
    story = {"id": "s1", "title": "Bridge approved", "articles": ["old.txt"], "outlets": [], "independent_sources": 1}
    store.put_results(RunResults({"stories": [story]}))
    assert [s["id"] for s in store.find_stories(StoryQuery(text="Council")).stories] == ["s1"]  # body words, any case
    assert store.find_stories(StoryQuery(text="council zebra")).total == 0  # every word must occur
    store.close()


def test_run_results_replace_the_previous_ones_and_filter(tmp_path):
    from newsweave.store import RunResults, StoryQuery

    store = open_store(tmp_path / "db.sqlite")
    story = {"id": "s1", "title": "Bridge", "articles": ["a", "b"], "outlets": ["One", "Two"], "independent_sources": 2,
             "first_published": "2026-03-01", "last_published": "2026-03-04"}
    analyses = {"a": {"id": "a", "entities": [{"id": "E1", "name": "Ada Lovel", "type": "PERSON", "mentions": [{"start": 0, "end": 3}] * 2}]}}
    entity = {"id": "E1", "name": "Ada Lovel", "type": "PERSON", "variants": ["Ada Lovel", "Ada Lovell"], "merges": []}
    store.put_story_assignments({"a": ("s1", None), "b": ("s1", "a")})
    store.put_results(RunResults({"stories": [story]}, analyses, [entity], {"s1": {"id": "s1"}}))
    assert store.find_stories(StoryQuery(entity="lovell")).total == 1  # a variant's spelling finds the story
    assert store.find_stories(StoryQuery(entity="E1")).total == 1
    assert store.find_stories(StoryQuery(outlet="Two", since="2026-03-04", until="2026-03-04")).total == 1
    assert store.find_stories(StoryQuery(since="2026-03-05")).total == 0
    assert store.find_stories(StoryQuery(entity="100%_")).total == 0  # LIKE wildcards are taken literally
    assert store.find_entities("ovel") == [{"id": "E1", "name": "Ada Lovel", "type": "PERSON", "mentions": 2}]
    assert store.get_entity("E1")["articles"] == [{"article": "a", "story": "s1", "mentions": 2}]
    assert store.story_membership(["b", "zz"]) == {"b": ("s1", "a")}
    store.put_results(RunResults({"stories": []}))
    assert store.find_stories(StoryQuery()).total == 0 and store.get_brief("s1") is None and store.get_entity("E1") is None
    store.close()


def test_parse_cache_keeps_results_by_kind_and_exact_text(tmp_path):
    from newsweave.parse_cache import ParseCache

    store = open_store(tmp_path / "db.sqlite")
    names = ParseCache(store, "names")
    names.put("Ada Lovelace spoke.", [["ada lovelace"], [], []])
    assert names.get("Ada Lovelace spoke.") is None  # nothing is saved before flush
    names.flush()
    assert names.get("Ada Lovelace spoke.") == [["ada lovelace"], [], []]
    assert names.get("Ada Lovelace spoke") is None  # another text, another key
    assert ParseCache(store, "analysis").get("Ada Lovelace spoke.") is None  # another kind
    vectors = ParseCache(store, "vectors", binary=True)
    vectors.put("Ada Lovelace spoke.", b"\x00\x01")
    vectors.flush()
    assert vectors.get_many(["Ada Lovelace spoke.", "other"]) == {"Ada Lovelace spoke.": b"\x00\x01"}
    assert (names.hits, names.misses) == (1, 2)
    store.close()


def test_a_damaged_cache_entry_is_parsed_again(tmp_path):
    from newsweave.analysis import analyse
    from newsweave.parse_cache import ParseCache
    from newsweave.record import Article, Paragraph

    store = open_store(tmp_path / "db.sqlite")
    cache = ParseCache(store, "analysis")
    text = "Mayor Ada Lovelace said the bridge will open on Monday."
    article = Article(id="a", raw=text, raw_kind="text", paragraphs=[Paragraph(text, 0, len(text))])
    store.put_cached("analysis", {cache.key(text): b"not zlib"})
    first = analyse([article], cache=cache)
    assert first.articles["a"]["entities"]  # parsed, not taken from the damaged entry
    store.put_cached("analysis", {cache.key(text): zlib.compress(json.dumps({"mentions": [{"bad": 1}]}).encode())})
    assert analyse([article], cache=ParseCache(store, "analysis")).articles == first.articles
    store.close()


def test_a_damaged_sentence_vector_is_encoded_again(tmp_path):
    from newsweave.brief.encoder import DIMENSIONS, encode_sentences
    from newsweave.parse_cache import ParseCache

    store = open_store(tmp_path / "db.sqlite")
    cache = ParseCache(store, "sentence-vectors", binary=True)
    text = "The bridge will open on Monday."
    store.put_cached("sentence-vectors", {cache.key(text): b"\x00\x01\x02"})  # truncated
    vectors = encode_sentences([text, "Another sentence."], cache)
    assert vectors.shape == (2, DIMENSIONS) and abs(float(vectors[0] @ vectors[0]) - 1.0) < 0.01
    assert len(cache.get(text)) == 2 * DIMENSIONS  # the good vector replaced the damaged one
    store.close()
