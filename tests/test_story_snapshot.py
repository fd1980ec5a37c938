"""Persisted clustering state: the story clusterer and the near-duplicate index survive a JSON round trip exactly,
and runs that start from the state saved in the store end with the stories of one run over the same articles."""
from __future__ import annotations

import copy
import json
import shutil
from collections import namedtuple
from dataclasses import replace

import pytest

from conftest import REPO, shared_path
from newsweave import open_store, run
from newsweave.dedupe import DuplicateIndex, mark_duplicates, mark_partly_read
from newsweave.pipeline import extract_paths, ingest_paths
from newsweave.record import Article, Paragraph
from newsweave.settings import ClusterConfig
from newsweave.stories import StoryClusterer, update_store_stories
from newsweave.stories.stored_state import STATE_NAME, SavedState, load_clusterer

# gva_stream lines 1000-1209 (sorted by date): a near-copy in the second part has its original in the first
SLICE = slice(1000, 1210)
DEMO_TXT = REPO / "examples" / "demo" / "txt"
Mention = namedtuple("Mention", "key type")


def _json_round_trip(data: dict) -> dict:
    return json.loads(json.dumps(data, allow_nan=False))


def _article(article_id: str, outlet: str, day: int, title: str, body: str) -> Article:
    return Article(article_id, body, "text", outlet=outlet, title=title, published=f"2024-03-{day:02d}",
                   paragraphs=[Paragraph(line, 0, len(line)) for line in body.split("\n")])


def _toy_ner(text: str) -> list:
    """Capitalised word pairs as people, words before "Street" as sites: enough to exercise the name evidence."""
    words = text.replace(",", " ").replace(".", " ").split()
    found = [Mention(f"{a} {b}".lower(), "PERSON") for a, b in zip(words, words[1:]) if a.istitle() and b.istitle()]
    return found + [Mention(f"{a} street".lower(), "FAC") for a, b in zip(words, words[1:]) if b == "Street"]


def _toy_articles() -> list[Article]:
    events = [("Maple Street warehouse fire", "Laura Benning said 42 firefighters fought the fire on Maple Street."),
              ("Eastvale mayor re-elected", "Tomas Okafor won 61 percent of the vote in Eastvale on Sunday."),
              ("Two hurt in Oak Street shooting", "Police said 2 wounded men were found on Oak Street, Dan Reyes said.")]
    out = []
    for k in range(18):
        headline, lead = events[k % 3]
        outlet = f"outlet{k % 4}.example"
        body = f"{lead}\nSubscribe to Outlet {k % 4} news for more local stories every day.\nReport number {k}."
        out.append(_article(f"a{k:02d}", outlet, 1 + k // 3, f"{headline} - Outlet {k % 4}", body))
    return out


def test_a_restored_clusterer_places_further_articles_exactly_as_the_original():
    articles = _toy_articles()
    # consolidating every 4 articles leaves cached summaries, dirty stories and a count since the last pass
    original = StoryClusterer(replace(ClusterConfig(), consolidate_every=4), ner=_toy_ner)
    for article in articles[:11]:
        original.add(article)
    assert original.summaries and original.dirty and original.since_consolidation
    snapshot = _json_round_trip(original.snapshot())
    restored = StoryClusterer.restore(snapshot, original.config, ner=_toy_ner)
    assert json.dumps(restored.snapshot(), sort_keys=True) == json.dumps(snapshot, sort_keys=True)
    assert restored.df == original.df and restored.story_of == original.story_of
    for article in articles[11:]:
        assert restored.add(copy.deepcopy(article)) == original.add(article)
    assert restored.assignments() == original.assignments()
    assert json.dumps(restored.snapshot(), sort_keys=True) == json.dumps(original.snapshot(), sort_keys=True)


def _one_run(saved: dict | None, shown: set[str], articles: list[Article], config: ClusterConfig) -> tuple[dict, dict]:
    """What a run does with the clusterer: restore the saved one (``stored_state.load_clusterer``: the stories it
    showed pinned), place ``articles``, save before the closing pass, show after it."""
    clusterer = StoryClusterer(config, ner=_toy_ner)
    if saved is not None:
        ids = {a["id"] for a in saved["articles"]}
        clusterer = load_clusterer(SavedState(saved, {}, {}, ids, []), shown, config)
        clusterer.ner = _toy_ner
    for article in articles:
        clusterer.add(copy.deepcopy(article))
    saved = _json_round_trip(clusterer.snapshot(texts=False))
    return saved, clusterer.assignments()


def test_runs_that_save_before_their_closing_pass_end_as_one_run_however_the_stream_is_cut():
    articles = _toy_articles()
    config = replace(ClusterConfig(), consolidate_every=4, full_pass_every=6)
    one = StoryClusterer(config, ner=_toy_ner)
    for k, article in enumerate(articles, 1):
        one.add(copy.deepcopy(article))
        if k == 12:  # a checkpoint: the full pass ran on the 12th article and left nothing to compare
            assert not one.grown and not one.since_full_pass
    expected = one.assignments()
    for cuts in ((5, 11), (6, 13, 17), (1, 2, 3)):
        saved, shown = None, {}
        for start, end in zip((0, *cuts), (*cuts, len(articles))):
            saved, shown = _one_run(saved, set(shown.values()), articles[start:end], config)
        assert _groups(shown) == _groups(expected), cuts
        # a run with nothing new shows the same stories under the same keys
        assert _one_run(saved, set(shown.values()), [], config)[1] == shown


def test_a_merged_story_goes_on_under_the_key_a_run_showed():
    articles = _toy_articles()
    first = articles[0]  # a fire report
    copies = []  # a later report of the same fire and two near-copies of it: one new story of three articles
    for k in range(3):
        copy_ = copy.deepcopy(articles[3])
        copy_.id, copy_.extra = f"copy{k}", ({"duplicate_of": "copy0"} if k else {})
        copies.append(copy_)
    # hand weights that never join an article to a story on arrival: only the closing pass merges
    config = replace(ClusterConfig(), merge_model="", threshold=2.0, merge_threshold=0.1, consolidate_every=100)
    saved, shown = _one_run(None, set(), [first], config)
    key = shown[first.id]
    saved, shown = _one_run(saved, set(shown.values()), copies, config)
    assert set(shown.values()) == {key}  # the larger new story took in the shown one, under the shown key
    for _ in range(2):  # nothing new: the same key, run after run
        saved, again = _one_run(saved, set(shown.values()), [], config)
        assert again == shown


def _groups(assignments: dict[str, str]) -> set[frozenset]:
    by_key: dict[str, set] = {}
    for article_id, key in assignments.items():
        by_key.setdefault(key, set()).add(article_id)
    return {frozenset(ids) for ids in by_key.values()}


def test_marks_from_saved_signatures_are_those_of_the_whole_bodies():
    report = ("A fire destroyed the Maple Street warehouse in Riverton early on Tuesday, the fire department said. "
              "Chief Laura Benning said 42 firefighters fought the blaze for six hours before it was under control. "
              "Nobody was hurt, but the building, which stored furniture for the Halvorsen company, is a total loss.")
    other = "Voters in Eastvale re-elected Mayor Tomas Okafor on Sunday with 61 percent of the vote. " * 3
    articles = [_article("late", "c.example", 9, "Fire", report + " (Wire.)"), _article("short", "a.example", 2, "", "Log in."),
                _article("first", "a.example", 5, "Fire", report), _article("vote", "b.example", 6, "Vote", other),
                _article("early", "b.example", 4, "Fire", report + " More later.")]
    expected = [a.extra.get("duplicate_of") for a in mark_duplicates(copy.deepcopy(articles))]
    assert expected == ["early", None, "early", None, None]  # out of date order: the earliest copy is the original
    saved = DuplicateIndex()
    mark_duplicates(copy.deepcopy(articles), saved)
    snapshot = _json_round_trip(saved.snapshot())
    signatures = {i: DuplicateIndex.signature(snapshot, values) for i, _, values in snapshot["entries"]}
    at_hand = {"late", "vote"}  # the others are known by their signatures only
    entries = [(a.id, a.published, a if a.id in at_hand else None) for a in articles]
    marks = mark_partly_read(entries, signatures, DuplicateIndex.like(snapshot))
    assert [marks[a.id] for a in articles] == expected
    assert [a.extra.get("duplicate_of") for a in articles if a.id in at_hand] == ["early", None]


@pytest.fixture(scope="module")
def gva_slice(tmp_path_factory):
    lines = shared_path("benchmarks", "gva_stream", "articles.jsonl").read_text(encoding="utf-8").splitlines(True)[SLICE]
    folder = tmp_path_factory.mktemp("gva-slice")
    batches = []
    for name, part in (("b1", lines[:100]), ("b2", lines[100:160]), ("b3", lines[160:])):
        (folder / f"{name}.jsonl").write_text("".join(part), encoding="utf-8")
        batches.append(folder / f"{name}.jsonl")
    return folder, batches


def test_clusterer_and_duplicate_index_snapshots_continue_a_gva_stream_exactly(gva_slice):
    folder, batches = gva_slice
    articles = extract_paths(batches).articles
    first, rest = articles[:150], articles[150:]
    index = DuplicateIndex()
    mark_duplicates(first, index)
    clusterer = StoryClusterer()
    for article in first:
        clusterer.add(article)
    snapshot = _json_round_trip(clusterer.snapshot())
    restored = StoryClusterer.restore(snapshot, clusterer.config, ner=clusterer.ner)
    assert json.dumps(restored.snapshot(), sort_keys=True) == json.dumps(snapshot, sort_keys=True)
    restored_index = DuplicateIndex.restore(_json_round_trip(index.snapshot()))

    copies = copy.deepcopy(rest)
    mark_duplicates(rest, index)
    mark_duplicates(copies, restored_index)
    marks = [a.extra.get("duplicate_of") for a in rest]
    assert [a.extra.get("duplicate_of") for a in copies] == marks
    assert set(marks) & {a.id for a in first}, "the slice should hold a near-copy of an article of its first part"
    for article, again in zip(rest, copies):
        clusterer.add(article)
        restored.add(again)
    assert restored.assignments() == clusterer.assignments()
    assert json.dumps(restored.snapshot(), sort_keys=True) == json.dumps(clusterer.snapshot(), sort_keys=True)
    assert restored_index.snapshot() == index.snapshot()


class _Watched:
    """A store that counts the articles read one by one and says whether every article was read."""

    def __init__(self, store) -> None:
        self.store, self.read, self.replayed = store, [], False

    def __getattr__(self, name):
        return getattr(self.store, name)

    def get_article(self, article_id):
        self.read.append(article_id)
        return self.store.get_article(article_id)

    def iter_articles(self):
        self.replayed = True
        return self.store.iter_articles()


def _update(store, replay: bool = False, config: ClusterConfig | None = None) -> tuple[dict, _Watched]:
    if replay:  # a damaged state is ignored: every stored article is replayed
        store.put_state(STATE_NAME, b"")
    watched = _Watched(store)
    return update_store_stories(watched, config), watched


@pytest.fixture(scope="module")
def first_batch_db(gva_slice, tmp_path_factory):
    """A store holding the slice's first batch, clustered (its state saved)."""
    folder, batches = gva_slice
    path = tmp_path_factory.mktemp("gva-store") / "first.db"
    store = open_store(path)
    ingest_paths([batches[0]], store)
    update_store_stories(store)
    store.close()
    return path


def _two_stores(first_batch_db, tmp_path):
    stores = []
    for name in ("incremental", "replay"):
        shutil.copy(first_batch_db, tmp_path / f"{name}.db")
        stores.append(open_store(tmp_path / f"{name}.db"))
    return stores


def _partition(document: dict) -> set[frozenset]:
    return {frozenset(story["articles"]) for story in document["stories"]}


def test_batches_placed_from_the_saved_state_give_one_runs_stories(gva_slice, tmp_path):
    folder, batches = gva_slice
    config = replace(ClusterConfig(), full_pass_every=45)  # checkpoints inside each batch, kept by the saved state
    incremental, single = open_store(tmp_path / "incremental.db"), open_store(tmp_path / "single.db")
    try:
        seen_recleaned = set()
        ingest_paths([batches[0]], incremental)
        update_store_stories(incremental, config)
        for batch in batches[1:]:
            old = {r["id"]: r["chars"] for r in incremental.article_rows()}
            ingest_paths([batch], incremental)
            now = {r["id"]: r["chars"] for r in incremental.article_rows()}
            new = now.keys() - old.keys()
            recleaned = {i for i in old if now[i] != old[i]}  # ingest dropped a paragraph their outlet repeats
            got, watched = _update(incremental, config=config)
            assert not watched.replayed and sorted(watched.read) == sorted(new | recleaned)
            seen_recleaned |= recleaned
        ingest_paths(batches, single)  # the same articles in the same order, clustered in one run
        expected = update_store_stories(single, config)
        assert any(incremental.story_duplicates().values()) and seen_recleaned
        assert incremental.story_duplicates() == single.story_duplicates()
        # one run reads a re-cleaned article's final body; the batches placed it with the body it had then
        apart = {s for s in _partition(got) ^ _partition(expected) if not s & seen_recleaned}
        assert not apart
        again, watched = _update(incremental, config=config)  # nothing new: nothing read, nothing changes
        assert watched.read == [] and not watched.replayed and again == got
    finally:
        incremental.close()
        single.close()


def test_a_removed_or_changed_article_makes_the_run_replay(gva_slice, first_batch_db, tmp_path):
    folder, batches = gva_slice
    incremental, replay = _two_stores(first_batch_db, tmp_path)
    try:
        for store in (incremental, replay):
            ingest_paths([batches[1]], store)
        _update(incremental)
        _update(replay, replay=True)
        rows = incremental.article_rows()
        gone, changed = rows[3]["id"], rows[40]["id"]
        for store in (incremental, replay):  # the same edits on both
            store.remove_articles([gone])
        got, watched = _update(incremental)
        assert watched.replayed and got == _update(replay, replay=True)[0]
        assert gone not in {a["id"] for a in got["articles"]}

        for store in (incremental, replay):
            article = store.get_article(changed)
            article.raw += "\nA new paragraph added by the outlet later."
            article.paragraphs = [*article.paragraphs, Paragraph("A new paragraph added by the outlet later.", 0, 0)]
            assert [r.status for r in store.put_articles([article])] == ["changed"]
        got, watched = _update(incremental)
        assert watched.replayed and got == _update(replay, replay=True)[0]
        _, watched = _update(incremental)  # the replay saved a state that holds again
        assert not watched.replayed
    finally:
        incremental.close()
        replay.close()


def test_a_recleaned_article_keeps_what_it_was_placed_with(gva_slice, first_batch_db, tmp_path):
    folder, batches = gva_slice
    recleaned, untouched = _two_stores(first_batch_db, tmp_path)
    try:
        article = next(a for a in recleaned.iter_articles() if len(a.paragraphs) > 2)
        article.paragraphs = article.paragraphs[:-1]  # ingest dropping a paragraph its outlet repeats
        recleaned.update_cleaning([article])
        for store in (recleaned, untouched):
            ingest_paths([batches[1]], store)
        got, watched = _update(recleaned)
        expected, _ = _update(untouched)
        assert not watched.replayed and got == expected
    finally:
        recleaned.close()
        untouched.close()


def test_runs_over_the_demo_in_two_batches_give_the_replays_stories(tmp_path):
    manifest = tmp_path / "manifest.csv"
    shutil.copy(DEMO_TXT / "manifest.csv", manifest)
    ordered = sorted(DEMO_TXT.glob("*.txt"), key=lambda p: (p.name.split("_")[1], p.name))
    documents = []
    for name in ("incremental", "replay"):
        store = open_store(tmp_path / f"{name}.db")
        try:
            with store.writer_lock(exclusive=True):
                run(ordered[:5], store, manifest=manifest)
                if name == "replay":
                    store.put_state(STATE_NAME, b"")
                watched = _Watched(store)
                documents.append(run(ordered[5:], watched, manifest=manifest).stories)
                assert watched.replayed == (name == "replay")
        finally:
            store.close()
    assert documents[0] == documents[1] and len(documents[0]["articles"]) == len(ordered)


def test_the_saved_state_depends_on_the_clustering_settings():
    from newsweave.parse_cache import ParseCache
    from newsweave.settings import ClusterConfig
    from newsweave.stories.stored_state import settings_key

    names = ParseCache(None, "names")
    base = ClusterConfig()
    key = settings_key(base, names)
    assert settings_key(replace(base, late_days=base.late_days + 1), names) != key
    assert settings_key(replace(base, full_pass_every=base.full_pass_every + 1), names) != key  # where checkpoints fall
