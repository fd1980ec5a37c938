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


def _three_articles(tmp_path):
    src = tmp_path / "in"
    for n in range(3):
        _write(src, f"story{n}.txt", f"Story {n} headline\n\nParagraph one of story {n} tells what happened today.\n"
                                     f"Paragraph two of story {n} adds detail.\nThe Ledger desk in Easton files these reports each weekday.\n")
    _write(src, "manifest.csv", "file,outlet\n" + "".join(f"story{n}.txt,ledger.example\n" for n in range(3)))
    return src


def test_remove_articles_takes_everything_kept_for_them(tmp_path):
    from newsweave.parse_cache import ParseCache
    from newsweave.removal import remove_articles
    from newsweave.store import RunResults

    store = open_store(tmp_path / "db.sqlite")
    ingest_paths([_three_articles(tmp_path)], store, manifest=tmp_path / "in" / "manifest.csv")
    gone = store.get_article("story0.txt")
    from newsweave.settings import Settings

    analysis = ParseCache(store, "analysis", fingerprint=Settings().parse_fingerprint())  # the run's parse cache
    analysis.put(gone.text, {"mentions": []})
    analysis.put(store.get_article("story1.txt").text, {"mentions": []})
    analysis.flush()
    store.put_story_assignments({"story0.txt": ("s1", None), "story1.txt": ("s1", None)})
    store.put_results(RunResults({"stories": []}, {"story0.txt": {"id": "story0.txt", "entities": []}}))

    removal = remove_articles(store, ["story0.txt", "nope.txt", "story0.txt"])
    assert (removal.removed, removal.unknown) == (["story0.txt"], ["nope.txt"])
    assert store.get_article("story0.txt") is None and store.versions("story0.txt") == []
    assert store.db.execute("SELECT count(*) FROM outlet_paragraphs WHERE article_id='story0.txt'").fetchone()[0] == 0
    assert store.story_membership(["story0.txt", "story1.txt"]) == {"story1.txt": ("s1", None)}
    assert store.get_analysis("story0.txt") is None
    assert analysis.get(gone.text) is None  # its cached parse went with it
    assert analysis.get(store.get_article("story1.txt").text) == {"mentions": []}  # the others' stay
    assert {r["id"] for r in store.article_rows()} == {"story1.txt", "story2.txt"}
    assert store.integrity_check() == "ok"
    store.close()


def test_remove_command_reports_unknown_ids_and_the_next_run_leaves_them_out(tmp_path, capsys):
    from newsweave.cli import main

    src = _three_articles(tmp_path)
    out, db = tmp_path / "out", tmp_path / "out" / "newsweave.db"
    assert main(["run", str(src), "--manifest", str(src / "manifest.csv"), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["remove", "story1.txt", "no\x1b[2Jsuch", "--db", str(db)]) == 1  # 1: some ids were not stored
    err = capsys.readouterr().err
    assert "unknown no\\x1b[2Jsuch: no article with this id" in err  # named, its escape sequence shown, not sent
    assert "removed 1 articles" in err and "next `newsweave run`" in err
    (tmp_path / "nothing").mkdir()
    assert main(["run", str(tmp_path / "nothing"), "--out", str(out)]) == 0
    document = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    assert {i for s in document["stories"] for i in s["articles"]} == {"story0.txt", "story2.txt"}


def test_a_failure_inside_a_batch_stores_nothing_of_it(tmp_path, monkeypatch):
    """The batch, the owners it read and the re-cleaning of stored articles are one transaction."""
    src = _three_articles(tmp_path)
    store = open_store(tmp_path / "db.sqlite")
    first = tmp_path / "first"
    for n in range(2):
        _write(first, f"story{n}.txt", (src / f"story{n}.txt").read_text(encoding="utf-8"))
    _write(first, "manifest.csv", "file,outlet\nstory0.txt,ledger.example\nstory1.txt,ledger.example\n")
    ingest_paths([first], store, manifest=first / "manifest.csv")
    before = {r["id"]: store.get_article(r["id"]).text for r in store.article_rows()}

    def fail(articles):
        raise StoreError("disk full (injected)")

    monkeypatch.setattr(store, "update_cleaning", fail)
    with pytest.raises(StoreError, match="injected"):
        ingest_paths([src], store, manifest=src / "manifest.csv")  # story2 makes the desk line furniture of all three
    assert {r["id"]: store.get_article(r["id"]).text for r in store.article_rows()} == before  # no story2, nothing re-cleaned
    monkeypatch.undo()
    summary = ingest_paths([src], store, manifest=src / "manifest.csv")
    assert summary.stored["re-cleaned"] == 2 and summary.stored["new"] == 1
    assert not [r["id"] for r in store.article_rows() if "Ledger desk" in store.get_article(r["id"]).text]
    store.close()


def test_transactions_nest_and_roll_back_together(tmp_path):
    from newsweave.record import Article, Paragraph

    store = open_store(tmp_path / "db.sqlite")
    text = "A short body."
    article = Article(id="a", raw=text, raw_kind="text", paragraphs=[Paragraph(text, 0, len(text))])
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.put_articles([article])  # its own transaction joins the outer one
            with store.transaction():
                store.put_cached("analysis", {"k": b"v"})
            raise RuntimeError("after both writes")
    assert store.get_article("a") is None and store.get_cached("analysis", ["k"]) == {}
    with store.transaction():
        store.put_articles([article])
    assert store.get_article("a") is not None
    store.close()


def test_a_store_failing_while_in_use_is_one_line(tmp_path, capsys, monkeypatch):
    from newsweave.cli import main
    from newsweave.store.sqlite import SQLiteStore

    db = tmp_path / "db.sqlite"
    open_store(db).close()

    class Damaged:  # the connection fails under the query, as a store damaged after it was opened does
        def __init__(self, db):
            self.close = db.close

        def execute(self, *args):
            raise sqlite3.DatabaseError("database disk image is malformed")

    real_open = SQLiteStore._open

    def open_then_damage(self, memory):
        real_open(self, memory)
        self.db = Damaged(self.db)

    monkeypatch.setattr(SQLiteStore, "_open", open_then_damage)
    assert main(["articles", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "failed while in use (database disk image is malformed)" in err and "integrity_check" in err


def test_storing_an_article_finds_its_paragraph_keys_by_index(tmp_path):
    """Re-storing an article deletes its paragraph keys; a scan of the whole table per article made a
    20,000-record ingest quadratic (10,000 records: 23.6 s before the index, 12.1 s after)."""
    store = open_store(tmp_path / "db.sqlite")
    plan = store.db.execute("EXPLAIN QUERY PLAN DELETE FROM outlet_paragraphs WHERE article_id=?", ("a",)).fetchall()
    store.close()
    assert any("USING INDEX outlet_paragraphs_article" in row[-1] for row in plan), [tuple(r) for r in plan]


def test_a_store_in_memory_cannot_be_opened_read_only():
    with pytest.raises(StoreError, match="in memory .* nothing to read"):
        open_store("sqlite://", read_only=True)
    store = open_store(":memory:")
    assert store.read_only is False and list(store.iter_articles()) == []
    store.close()
