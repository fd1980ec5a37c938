"""The store contract: what every backend of :class:`newsweave.store.Store` must do, whatever it is built on.

Each test runs once per entry of :data:`BACKENDS`. A new backend registers its URL scheme
(:func:`newsweave.store.register_backend`) and adds one entry there; nothing else in this file changes.
PostgreSQL runs on a throw-away server the tests start (``tests/postgres_server.py``), a new database per
test; its parameters skip, with the reason, where PostgreSQL's programs or the psycopg driver are missing.
Tests that open the same store twice (read-only opens, a second reader, locks between holders) run only
on backends whose stores outlive their connection (``persistent``).
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

from newsweave.errors import StoreError
from newsweave.record import Article, Paragraph, Removed
from newsweave.repeats import REASON_PREFIX, paragraph_keys
from newsweave.store import ResultsUpdate, RunResults, Store, StoryQuery, open_store, schemes

try:
    from postgres_server import new_database
except ImportError:  # tests collected as a package
    from .postgres_server import new_database


@dataclass(frozen=True)
class Backend:
    name: str
    new_url: Callable[[Path], str]  # the URL of a new, empty store (given a fresh temporary folder)
    persistent: bool = True         # a second open of the URL reaches the same store


BACKENDS = [
    Backend("sqlite-url", lambda tmp: f"sqlite:///{tmp / 'store.db'}"),
    Backend("sqlite-path", lambda tmp: str(tmp / "store.db")),
    Backend("sqlite-memory", lambda tmp: "sqlite://", persistent=False),
    Backend("postgresql", lambda tmp: new_database()),
]


class Site:
    """One store of a backend, opened as often as a test needs; every store opened is closed after the test."""

    def __init__(self, backend: Backend, tmp_path: Path) -> None:
        self.backend = backend
        self.url = backend.new_url(tmp_path)
        self.opened: list[Store] = []

    def open(self, read_only: bool = False) -> Store:
        if self.opened and not self.backend.persistent:
            pytest.skip(f"{self.backend.name}: a second open is a different store")
        store = open_store(self.url, read_only=read_only)
        self.opened.append(store)
        return store


@pytest.fixture(params=BACKENDS, ids=[b.name for b in BACKENDS])
def site(request, tmp_path) -> Iterator[Site]:
    site = Site(request.param, tmp_path)
    yield site
    for store in site.opened:
        store.close()


@pytest.fixture
def store(site) -> Store:
    return site.open()


def persistent(site: Site) -> None:
    if not site.backend.persistent:
        pytest.skip(f"{site.backend.name}: no second connection to the same store")


def article(article_id: str, *paragraphs: str, outlet: str | None = None, published: str | None = None, title: str | None = None,
            furniture: tuple[str, ...] = ()) -> Article:
    """An article whose raw text is its paragraphs (and furniture already removed as repeated) one per block."""
    blocks = [*paragraphs, *furniture]
    raw = "\n\n".join(blocks)
    spans, at = [], 0
    for block in blocks:
        spans.append((at, at + len(block)))
        at += len(block) + 2
    kept = [Paragraph(text, s, e) for text, (s, e) in zip(paragraphs, spans)]
    removed = [Removed(s, e, REASON_PREFIX, text) for text, (s, e) in zip(furniture, spans[len(paragraphs):])]
    return Article(id=article_id, raw=raw, raw_kind="text", source=f"in/{article_id}", url=f"https://example.org/{article_id}",
                   outlet=outlet, title=title, published=published, language="en", paragraphs=kept, removed=removed,
                   extra={"given_title": title} if title else {})


def ids(articles) -> list[str]:
    return [a.id for a in articles]


# --- the interface itself ---------------------------------------------------------------------------------------

INTERFACE = sorted(name for name, member in vars(Store).items() if callable(member) and not name.startswith("_"))


def test_the_backend_has_every_interface_method(store):
    assert store.read_only is False
    assert [name for name in INTERFACE if not callable(getattr(store, name, None))] == []


def test_this_suite_calls_every_interface_method():
    source = Path(__file__).read_text(encoding="utf-8")
    assert [name for name in INTERFACE if not re.search(rf"\.{name}\(", source)] == []


# --- articles -----------------------------------------------------------------------------------------------------

def test_an_article_comes_back_as_it_was_put(store):
    a = article("a.txt", "Der Stadtrat genehmigte die Brücke — „endlich“.", "Work starts in spring. 🌉", outlet="One",
                published="2026-03-01", title="Brücke", furniture=("Subscribe to our newsletter.",))
    a.title_span = (0, 6)
    a.extra["note"] = {"nested": [1, 2]}
    assert [(r.id, r.status, r.version) for r in store.put_articles([a])] == [("a.txt", "new", 1)]
    assert store.get_article("a.txt").to_dict() == a.to_dict()
    assert store.get_article("missing.txt") is None


def test_same_content_is_a_noop_and_changed_content_a_new_version(store):
    first = article("a.txt", "The council approved the bridge.", outlet="One")
    other = article("b.txt", "Another story entirely.", outlet="One")
    results = store.put_articles([first, other])
    assert [(r.id, r.status, r.version) for r in results] == [("a.txt", "new", 1), ("b.txt", "new", 1)]
    again = store.put_articles([article("a.txt", "The council approved the bridge.", outlet="One")])
    assert [(r.status, r.version) for r in again] == [("unchanged", 1)]
    changed = article("a.txt", "The council approved the bridge.", "The vote was 7 to 2.", outlet="One")
    assert [(r.status, r.version) for r in store.put_articles([changed])] == [("changed", 2)]
    assert "7 to 2" in store.get_article("a.txt").text
    versions = store.versions("a.txt")
    assert [(v["id"], v["version"], v["content_hash"]) for v in versions] == [("a.txt", 1, first.content_hash),
                                                                              ("a.txt", 2, changed.content_hash)]
    assert all(v["ingested_at"] for v in versions)
    assert store.versions("missing.txt") == []
    assert [r["version"] for r in store.article_rows()] == [2, 1]  # a.txt, b.txt (both undated: by id)


def test_articles_are_listed_by_date_then_id_undated_first(store):
    store.put_articles([article("c", "Three.", published="2026-03-02", outlet="One", title="C"),
                        article("b", "Two.", published="2026-03-01", outlet="Two"),
                        article("a", "One.", published="2026-03-02", outlet="One"),
                        article("z", "Undated.")])
    assert ids(store.iter_articles()) == ["z", "b", "a", "c"]
    rows = store.article_rows()
    assert [r["id"] for r in rows] == ["z", "b", "a", "c"]
    assert {k: rows[-1][k] for k in ("id", "title", "outlet", "published", "language", "version", "url", "chars")} == {
        "id": "c", "title": "C", "outlet": "One", "published": "2026-03-02", "language": "en", "version": 1,
        "url": "https://example.org/c", "chars": len("Three.")}
    assert store.article_meta(["c", "missing", "z"]) == {
        "c": {"id": "c", "title": "C", "outlet": "One", "published": "2026-03-02"},
        "z": {"id": "z", "title": None, "outlet": None, "published": None}}
    assert store.outlets() == ["One", "Two"]  # most articles first


def _keys(*articles) -> dict[str, set[str]]:
    """What the ingest stage hands the store to index each article's paragraphs under."""
    return {a.id: paragraph_keys(a) for a in articles}


def test_paragraph_owners_are_found_by_outlet_including_removed_furniture(store):
    desk = "The Ledger desk files these reports each weekday."
    a = article("a", "Bridge approved today.", desk, outlet="Ledger")
    b = article("b", "Flood warning issued.", outlet="Ledger", furniture=(desk,))
    c = article("c", "Something else.", desk, outlet="Courier")
    store.put_articles([a, b, c], _keys(a, b, c))
    key = next(iter(paragraph_keys(article("x", desk))))
    lone = next(iter(paragraph_keys(article("x", "Bridge approved today."))))
    assert store.paragraph_owners("Ledger", [key, lone, "no-such-key"]) == {key: {"a", "b"}, lone: {"a"}}
    assert store.paragraph_owners("Courier", [key]) == {key: {"c"}}
    assert store.paragraph_owners("Nobody", [key]) == {}
    changed = article("a", "Bridge approved today, with changes.", outlet="Ledger")  # a new version without it
    store.put_articles([changed], _keys(changed))
    assert store.paragraph_owners("Ledger", [key]) == {key: {"b"}}
    store.put_articles([article("c", "Something new.", desk, outlet="Courier")])  # keys are the caller's: none given, none found
    assert store.paragraph_owners("Courier", [key]) == {}


def test_many_keys_and_ids_are_looked_up_at_once(store):
    paragraphs = [f"Paragraph number {n} of a long article about the bridge." for n in range(1200)]
    long = article("long", *paragraphs, outlet="One")
    store.put_articles([long], _keys(long))
    keys = sorted(paragraph_keys(article("x", *paragraphs)))
    assert len(store.paragraph_owners("One", keys)) == len(keys) == 1200
    store.put_story_assignments({f"a{n}": ("s1", None) for n in range(1200)})
    assert len(store.story_membership([f"a{n}" for n in range(1200)])) == 1200
    store.put_cached("analysis", {f"k{n}": b"v" for n in range(1200)})
    assert len(store.get_cached("analysis", [f"k{n}" for n in range(1200)])) == 1200


def test_cleaning_updates_replace_the_body_without_a_version(store):
    a = article("a", "Kept paragraph.", "Donate today to support us.", outlet="One")
    store.put_articles([a])
    cleaned = article("a", "Kept paragraph.", outlet="One", furniture=("Donate today to support us.",))
    cleaned.raw = a.raw  # same input, cleaned again
    store.update_cleaning([cleaned])
    stored = store.get_article("a")
    assert stored.text == "Kept paragraph." and [r.text for r in stored.removed] == ["Donate today to support us."]
    assert [v["version"] for v in store.versions("a")] == [1]
    assert [(r.status, r.version) for r in store.put_articles([a])] == [("unchanged", 1)]  # the input did not change


def test_removal_takes_every_version_and_everything_kept_for_the_article(store):
    old, new = article("gone", "First text.", outlet="One"), article("gone", "Second text.", outlet="One")
    kept = article("kept", "Kept text.", outlet="One")
    store.put_articles([old, kept], _keys(old, kept))
    store.put_articles([new], _keys(new))
    keys = {old.text: "k-old", new.text: "k-new", kept.text: "k-kept"}
    store.put_cached("analysis", {k: b"parse" for k in keys.values()})
    store.put_story_assignments({"gone": ("s1", None), "kept": ("s1", "gone")})
    entity = {"entities": [{"id": "E1", "name": "Ada", "mentions": [{"start": 0, "end": 3}]}]}
    store.put_results(RunResults({"stories": []}, {"gone": entity, "kept": entity}, [{"id": "E1", "name": "Ada", "variants": []}]))

    unknown = store.remove_articles(["gone", "nope", "gone"], lambda text: [("analysis", keys[text])])
    assert unknown == ["nope"]
    assert store.get_article("gone") is None and store.versions("gone") == [] and ids(store.iter_articles()) == ["kept"]
    assert store.paragraph_owners("One", paragraph_keys(old) | paragraph_keys(new)) == {}
    assert store.get_cached("analysis", keys.values()) == {"k-kept": b"parse"}  # the texts of every version went
    assert store.story_membership(["gone", "kept"]) == {"kept": ("s1", "gone")} and "gone" not in store.story_assignments()
    assert store.get_analysis("gone") is None and store.get_analysis("kept") == entity
    assert [a["article"] for a in store.get_entity("E1")["articles"]] == ["kept"]
    assert store.remove_articles(["kept"]) == [] and store.get_cached("analysis", ["k-kept"]) == {"k-kept": b"parse"}


# --- transactions -------------------------------------------------------------------------------------------------

def test_a_failed_transaction_leaves_nothing_of_it(store):
    store.put_articles([article("before", "Stored before.")])
    with pytest.raises(RuntimeError, match="after every write"):
        with store.transaction():
            store.put_articles([article("a", "A body.")])
            with store.transaction():  # a nested one joins the outer one
                store.put_cached("analysis", {"k": b"v"})
            store.update_cleaning([article("before", "Cleaned inside.")])
            store.put_story_assignments({"a": ("s1", None)})
            store.put_results(RunResults({"stories": [{"id": "s1", "articles": ["a"], "independent_sources": 1}]}))
            store.remove_articles(["before"])
            raise RuntimeError("after every write")
    assert ids(store.iter_articles()) == ["before"] and store.get_article("before").text == "Stored before."
    assert store.get_cached("analysis", ["k"]) == {} and store.story_assignments() == {}
    assert store.get_story("s1") is None and store.find_stories(StoryQuery()).total == 0
    with store.transaction():
        store.put_articles([article("a", "A body.")])
        with store.transaction():
            store.put_cached("analysis", {"k": b"v"})
    assert store.get_article("a") is not None and store.get_cached("analysis", ["k"]) == {"k": b"v"}


def test_readers_see_a_transaction_only_when_it_commits(site, store):
    persistent(site)
    reader = site.open(read_only=True)
    with store.transaction():
        store.put_articles([article("a", "A body.")])
        assert reader.get_article("a") is None
    assert reader.get_article("a") is not None


# --- cache --------------------------------------------------------------------------------------------------------

def test_cached_values_come_back_by_kind_and_key(store):
    assert store.get_cached("analysis", ["k1"]) == {}
    store.put_cached("analysis", {"k1": b"\x00\xffbinary", "k2": b"two"})
    store.put_cached("vectors", {"k1": b"other kind"})
    assert store.get_cached("analysis", ["k1", "k2", "k3"]) == {"k1": b"\x00\xffbinary", "k2": b"two"}
    store.put_cached("analysis", {"k2": b"replaced"})
    assert store.get_cached("analysis", iter(["k2"])) == {"k2": b"replaced"}
    assert store.get_cached("vectors", ["k1", "k2"]) == {"k1": b"other kind"}
    assert store.get_cached("analysis", []) == {}


# --- stories and run results --------------------------------------------------------------------------------------

def test_story_assignments_are_saved_in_order_and_updated_in_place(store):
    store.put_story_assignments({"b": ("s2", None), "a": ("s1", None), "c": ("s1", "a")})
    assert list(store.story_assignments().items()) == [("b", "s2"), ("a", "s1"), ("c", "s1")]
    store.put_story_assignments({"d": ("s3", None), "b": ("s1", "a")})  # b keeps its place
    assert list(store.story_assignments().items()) == [("b", "s1"), ("a", "s1"), ("c", "s1"), ("d", "s3")]
    assert store.story_duplicates() == {"b": "a", "a": None, "c": "a", "d": None}
    assert store.story_membership(["c", "d", "zz"]) == {"c": ("s1", "a"), "d": ("s3", None)}
    assert store.story_membership([]) == {}


def _run(store) -> dict:
    """Store three articles in two stories and save a run's results over them; return the stories by id."""
    store.put_articles([article("a", "The council approved the bridge on Monday.", outlet="One", published="2026-03-01", title="Bridge vote"),
                        article("b", "Bridge works start in spring.", outlet="Two", published="2026-03-04", title="Bridge works"),
                        article("c", "A flood warning was issued for the valley.", outlet="One", published="2026-02-10", title="Flood")])
    store.put_story_assignments({"a": ("s1", None), "b": ("s1", None), "c": ("s2", None)})
    stories = {
        "s1": {"id": "s1", "title": "Bridge vote", "articles": ["a", "b"], "outlets": ["One", "Two"], "independent_sources": 2,
               "first_published": "2026-03-01", "last_published": "2026-03-04"},
        "s2": {"id": "s2", "title": "Flood", "articles": ["c"], "outlets": ["One"], "independent_sources": 1,
               "first_published": "2026-02-10", "last_published": "2026-02-10"},
        "s3": {"id": "s3", "title": None, "articles": [], "outlets": [], "independent_sources": 0,
               "first_published": None, "last_published": None},
    }
    mention = {"start": 0, "end": 3}
    analyses = {"a": {"id": "a", "entities": [{"id": "E1", "name": "Ada Lovel", "mentions": [mention, mention]}]},
                "b": {"id": "b", "entities": [{"id": "E1", "name": "Ada Lovel", "mentions": [mention]},
                                              {"id": "E2", "name": "Valley Council", "mentions": [mention]}]},
                "c": {"id": "c", "entities": [{"id": "E2", "name": "Valley Council", "mentions": [mention]}]}}
    entities = [{"id": "E1", "name": "Ada Lovel", "type": "PERSON", "variants": ["Ada Lovel", "Ada Lovell"], "merges": []},
                {"id": "E2", "name": "Valley Council", "type": "ORG", "variants": [], "merges": []}]
    briefs = {"s1": {"schema": "newsweave.brief/1", "story": "s1", "facts": [{"text": "approved"}]}}
    store.put_results(RunResults({"stories": list(stories.values())}, analyses, entities, briefs))
    return stories


def test_run_results_come_back_as_saved(store):
    stories = _run(store)
    assert store.get_story("s1") == stories["s1"] and store.get_story("nope") is None
    assert store.get_brief("s1") == {"schema": "newsweave.brief/1", "story": "s1", "facts": [{"text": "approved"}]}
    assert store.get_brief("s2") is None
    assert store.get_analysis("c") == {"id": "c", "entities": [{"id": "E2", "name": "Valley Council", "mentions": [{"start": 0, "end": 3}]}]}
    assert store.get_analysis("nope") is None
    entity = store.get_entity("E1")
    assert {k: entity[k] for k in ("id", "name", "type", "variants")} == {"id": "E1", "name": "Ada Lovel", "type": "PERSON",
                                                                          "variants": ["Ada Lovel", "Ada Lovell"]}
    assert entity["articles"] == [{"article": "a", "story": "s1", "mentions": 2}, {"article": "b", "story": "s1", "mentions": 1}]
    assert store.get_entity("nope") is None


def test_an_update_replaces_only_what_it_names(store):
    stories = _run(store)
    store.put_articles([article("d", "The valley flood reached the bridge.", outlet="Two", published="2026-02-11", title="Flood grows")])
    store.put_story_assignments({"d": ("s2", None)})
    grown = stories["s2"] | {"articles": ["c", "d"], "outlets": ["One", "Two"], "independent_sources": 2, "last_published": "2026-02-11"}
    mention = {"start": 0, "end": 3}
    store.update_results(ResultsUpdate(
        stories=[grown], briefs={"s2": {"story": "s2", "facts": []}},
        analyses={"d": {"id": "d", "entities": [{"id": "E2", "name": "Valley Council", "mentions": [mention, mention]}]}},
        story_entities={"s2": [{"id": "E2", "name": "Valley Council", "type": "ORG", "variants": []}]},
        entities=[{"id": "E2", "name": "Valley Council", "type": "ORG", "variants": ["Valley Council"], "merges": [], "mentions": 4}],
        removed_stories=["s3"], removed_entities=[]))
    assert store.get_story("s2") == grown and store.get_story("s1") == stories["s1"] and store.get_story("s3") is None
    assert store.get_brief("s2") == {"story": "s2", "facts": []}
    assert store.get_brief("s1") == {"schema": "newsweave.brief/1", "story": "s1", "facts": [{"text": "approved"}]}  # untouched
    assert store.get_analysis("a")["entities"][0]["id"] == "E1"  # untouched
    assert [r["article"] for r in store.get_entity("E2")["articles"]] == ["b", "c", "d"]
    assert store.find_entities("valley") == [{"id": "E2", "name": "Valley Council", "type": "ORG", "mentions": 4}]
    assert [s["id"] for s in store.find_stories(StoryQuery(text="reached")).stories] == ["s2"]  # the new text is searchable
    assert [s["id"] for s in store.find_stories(StoryQuery(text="approved")).stories] == ["s1"]  # the old text still is
    assert store.find_stories(StoryQuery()).total == 2
    assert store.story_entity_records(["E2", "E9"]) == {"E2": {"s2": {"id": "E2", "name": "Valley Council", "type": "ORG", "variants": []}}}
    assert store.story_entity_ids(["s2", "s1", "s9"]) == {"s2": ["E2"]}
    store.update_results(ResultsUpdate(removed_stories=["s2"], removed_analyses=["c", "d"], removed_entities=["E2"]))
    assert store.get_story("s2") is None and store.get_analysis("d") is None and store.get_entity("E2") is None
    assert store.story_entity_records(["E2"]) == {} and store.find_entities("valley") == []
    assert store.story_entity_ids(["s2"]) == {}


def test_run_state_is_kept_by_name(store):
    assert store.get_state("clusterer") is None
    store.put_state("clusterer", b"\x00one")
    store.put_state("clusterer", b"two")
    store.put_state("other", b"")
    assert store.get_state("clusterer") == b"two" and store.get_state("other") == b""


def test_entities_are_found_by_any_part_of_a_name_most_mentioned_first(store):
    _run(store)
    assert store.find_entities("LOVELL") == [{"id": "E1", "name": "Ada Lovel", "type": "PERSON", "mentions": 3}]
    assert [e["id"] for e in store.find_entities("l")] == ["E1", "E2"]  # 3 mentions, then 2
    assert [e["id"] for e in store.find_entities("l", limit=1)] == ["E1"]
    assert store.find_entities("100%_") == []  # wildcards are taken literally


def test_stories_are_found_filtered_sorted_and_paged(store):
    _run(store)
    everything = store.find_stories(StoryQuery())
    assert everything.total == 3 and [s["id"] for s in everything.stories] == ["s1", "s2", "s3"]  # latest first, undated last
    assert [s["id"] for s in store.find_stories(StoryQuery(sort="size")).stories] == ["s1", "s2", "s3"]
    page = store.find_stories(StoryQuery(limit=1, offset=1))
    assert (page.total, [s["id"] for s in page.stories]) == (3, ["s2"])
    assert store.find_stories(StoryQuery(offset=10)).stories == []
    assert [s["id"] for s in store.find_stories(StoryQuery(text="valley")).stories] == ["s2"]  # body words
    assert [s["id"] for s in store.find_stories(StoryQuery(text="bridg WORKS")).stories] == ["s1"]  # prefixes, any case, all words
    assert store.find_stories(StoryQuery(text="bridge flood")).total == 0
    assert store.find_stories(StoryQuery(text='"*(')).total == 0  # no word to search for: nothing, not an error
    assert [s["id"] for s in store.find_stories(StoryQuery(entity="council", sort="size")).stories] == ["s1", "s2"]
    assert [s["id"] for s in store.find_stories(StoryQuery(entity="E1")).stories] == ["s1"]
    assert [s["id"] for s in store.find_stories(StoryQuery(outlet="Two")).stories] == ["s1"]
    assert [s["id"] for s in store.find_stories(StoryQuery(since="2026-03-02")).stories] == ["s1"]
    assert [s["id"] for s in store.find_stories(StoryQuery(until="2026-02-28")).stories] == ["s2"]
    filtered = store.find_stories(StoryQuery(outlet="One", limit=1))
    assert (filtered.total, [s["id"] for s in filtered.stories]) == (2, ["s1"])
    assert store.find_stories(StoryQuery(outlet="One", offset=5)).total == 2


def test_a_run_replaces_the_previous_runs_results(store):
    _run(store)
    story = {"id": "s9", "title": "Only", "articles": ["c"], "outlets": ["One"], "independent_sources": 1,
             "first_published": "2026-02-10", "last_published": "2026-02-10"}
    store.put_results(RunResults({"stories": [story]}))
    assert [s["id"] for s in store.find_stories(StoryQuery()).stories] == ["s9"]
    assert store.get_story("s1") is None and store.get_brief("s1") is None and store.get_analysis("a") is None
    assert store.get_entity("E1") is None and store.find_entities("a") == []
    assert store.story_assignments() == {"a": "s1", "b": "s1", "c": "s2"}  # assignments are not run results


# --- outlets ------------------------------------------------------------------------------------------------------

def test_outlet_records_come_back_as_put_and_a_load_replaces_the_last(store):
    assert store.outlet_records() == []
    fox = {"key": "foxnews.com", "domain": "foxnews.com", "name": None, "display_name": "Fox \u201cNews\u201d", "country": "US",
           "language": "en", "owner": None, "labels": {"lean": {"value": "right", "source": "a paper"}}}
    named = {"key": "Daily Example", "domain": None, "name": "Daily Example", "labels": {}}
    store.put_outlets([named, fox])
    assert store.outlet_records() == [named, fox]  # by key, byte order
    store.put_outlets([fox])
    assert store.outlet_records() == [fox]
    with pytest.raises(StoreError):
        store.put_outlets([named, named])
    assert store.outlet_records() == [fox]  # the failed load stored nothing


# --- opening, read-only, schema, integrity, locks -----------------------------------------------------------------

def test_a_read_only_store_refuses_every_write(site, store):
    persistent(site)
    store.put_articles([article("a", "A body.")])
    _run(store)
    reader = site.open(read_only=True)
    assert reader.read_only is True
    writes = {
        "transaction": lambda: reader.transaction().__enter__(),
        "put_articles": lambda: reader.put_articles([article("b", "Another.")]),
        "update_cleaning": lambda: reader.update_cleaning([article("a", "Changed.")]),
        "remove_articles": lambda: reader.remove_articles(["a"]),
        "put_cached": lambda: reader.put_cached("analysis", {"k": b"v"}),
        "put_story_assignments": lambda: reader.put_story_assignments({"a": ("s9", None)}),
        "put_results": lambda: reader.put_results(RunResults({"stories": []})),
        "update_results": lambda: reader.update_results(ResultsUpdate(removed_stories=["s1"])),
        "put_state": lambda: reader.put_state("clusterer", b"x"),
        "put_outlets": lambda: reader.put_outlets([{"key": "x.example", "labels": {}}]),
    }
    for name, write in writes.items():
        with pytest.raises(StoreError, match="read-only"):
            write()
    assert ids(reader.iter_articles()) == ["c", "a", "b"] and reader.get_article("a").text == "The council approved the bridge on Monday."
    assert reader.find_stories(StoryQuery()).total == 3 and reader.get_cached("analysis", ["k"]) == {}
    assert reader.story_assignments() == {"a": "s1", "b": "s1", "c": "s2"}


def test_schema_version_and_integrity(site, store):
    version = store.schema_version()
    assert isinstance(version, int) and version >= 1
    store.put_articles([article("a", "A body.")])
    assert store.integrity_check() == "ok"
    if site.backend.persistent:
        assert site.open(read_only=True).schema_version() == version


def test_the_same_store_opens_by_url_and_by_path(tmp_path):
    path = tmp_path / "store.db"
    by_path = open_store(path)
    by_path.put_articles([article("a", "A body.")])
    by_path.close()
    for target in (f"sqlite:///{path}", str(path)):
        store = open_store(target, read_only=True)
        assert ids(store.iter_articles()) == ["a"]
        store.close()


def test_an_unknown_scheme_names_the_ones_there_are():
    assert "sqlite" in schemes() and "postgresql" in schemes()
    with pytest.raises(StoreError) as refused:
        open_store("mysql://reader:secret@db.example/news")
    message = str(refused.value)
    assert "mysql://" in message and "postgresql://" in message and "sqlite:///" in message and "secret" not in message
    with pytest.raises(StoreError, match="three slashes"):
        open_store("sqlite://db.example/news.db")


def test_an_exclusive_writer_lock_waits_for_a_holder_and_says_so(site, store):
    persistent(site)
    other = site.open()
    held, release, said = threading.Event(), threading.Event(), []

    def hold_shared() -> None:
        with other.writer_lock(exclusive=False):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=hold_shared)
    thread.start()
    held.wait(10)
    threading.Timer(0.3, release.set).start()
    start = time.monotonic()
    with store.writer_lock(exclusive=True, waiting=said.append):
        waited = time.monotonic() - start
    thread.join()
    assert waited >= 0.25 and len(said) == 1 and said[0].startswith("waiting for ")
    with store.writer_lock(exclusive=False, waiting=said.append), other.writer_lock(exclusive=False, waiting=said.append):
        pass  # shared holders do not wait for each other
    assert len(said) == 1


def test_a_writer_lock_can_be_held_around_writes(store):
    with store.writer_lock(exclusive=True):
        store.put_articles([article("a", "A body.")])
    with store.writer_lock():
        assert store.remove_articles(["a"]) == []


# --- who may know the backend -------------------------------------------------------------------------------------

SRC = Path(__file__).resolve().parents[1] / "src" / "newsweave"
BACKEND_DETAILS = re.compile(r"\bimport sqlite3\b|\bfrom sqlite3\b|\bstore\.sqlite\b|\bSQLiteStore\(|\.db\.execute|\bSQLiteStore\b")


def test_only_the_store_package_knows_the_backend():
    """The CLI, the web app, the pipeline and the stages use the Store interface and open_store, nothing below them
    (the package's top level re-exports SQLiteStore for the public API, and opens nothing with it)."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("store/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if BACKEND_DETAILS.search(line) and not (relative == "__init__.py" and "SQLiteStore(" not in line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def test_callers_use_only_interface_methods():
    """Every store method called outside the store package is one of the interface's, so a backend that passes this
    suite serves the pipeline, the stages, the CLI and the web app."""
    called = set()
    for path in SRC.rglob("*.py"):
        if not path.relative_to(SRC).as_posix().startswith("store/"):
            called |= set(re.findall(r"(?<![\w.])(?:self\.)?(?:store|stores\.get\(\))\.(\w+)", path.read_text(encoding="utf-8")))
    assert called and sorted(called - set(INTERFACE) - {"read_only"}) == []
