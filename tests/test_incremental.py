"""Incremental runs: articles added in batches give the results of one run over all of them, and a batch
rebuilds only the stories it touched."""
from __future__ import annotations

import shutil

from conftest import REPO
from newsweave import open_store, run

DEMO_TXT = REPO / "examples" / "demo" / "txt"  # nine articles of four outlets, with a manifest
ARTICLES = sorted(p for p in DEMO_TXT.glob("*.txt"))


def _by_date(path):
    return path.name.split("_")[1], path.name  # the demo's file names carry the publication date


def _run(store, paths, manifest):
    with store.writer_lock(exclusive=True):
        return run(paths, store, manifest=manifest)


def _results(store):
    """Stories by their articles (ids differ only by creation order), each with its brief and analyses."""
    from newsweave.stories import store_stories_document

    document = store_stories_document(store)
    out = {}
    for story in document["stories"]:
        brief = store.get_brief(story["id"])
        out[tuple(sorted(story["articles"]))] = (
            {k: v for k, v in story.items() if k != "id"},
            {k: v for k, v in brief.items() if k not in ("id", "story")},
            {a: store.get_analysis(a) for a in story["articles"]},
        )
    return out


def test_three_batches_give_the_results_of_one_run_and_touch_only_their_stories(tmp_path):
    manifest = tmp_path / "manifest.csv"
    shutil.copy(DEMO_TXT / "manifest.csv", manifest)
    ordered = sorted(ARTICLES, key=_by_date)
    batches = [ordered[:4], ordered[4:7], ordered[7:]]

    single = open_store(tmp_path / "single.db")
    batched = open_store(tmp_path / "batched.db")
    try:
        _run(single, ordered, manifest)
        reports = [_run(batched, batch, manifest) for batch in batches]
        assert _results(batched) == _results(single)

        # the last batch rebuilt only the stories whose articles changed (those holding its articles, and a stored
        # story that absorbed another: a small store compares every stored story again); the others were left alone
        last = reports[-1]
        earlier = {s["id"]: s["articles"] for s in reports[-2].stories["stories"]}
        touched = {s["id"] for s in last.stories["stories"] if earlier.get(s["id"]) != s["articles"]}
        assert touched >= {s["id"] for s in last.stories["stories"] if {p.name for p in batches[-1]} & set(s["articles"])}
        assert set(last.rebuilt) == touched and touched
        before = {s["id"]: batched.get_brief(s["id"]) for s in reports[-2].stories["stories"]}
        for story_id, brief in before.items():
            if story_id not in touched and story_id not in last.removed:
                assert batched.get_brief(story_id) == brief

        again = _run(batched, [], manifest)  # nothing new: nothing rebuilt
        assert again.rebuilt == [] and again.removed == []
        entity_ids = {e["id"] for a in _results(single).values() for doc in a[2].values() for e in doc["entities"]}
        for entity_id in entity_ids:  # the corpus-wide entity records agree too
            one, other = single.get_entity(entity_id), batched.get_entity(entity_id)
            assert one is not None and other is not None
            assert {k: one[k] for k in ("name", "type", "variants")} == {k: other[k] for k in ("name", "type", "variants")}
            assert sorted(r["article"] for r in one["articles"]) == sorted(r["article"] for r in other["articles"])
    finally:
        single.close()
        batched.close()


def test_a_changed_article_rebuilds_its_story_only(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(DEMO_TXT, folder)
    store = open_store(tmp_path / "store.db")
    try:
        first = _run(store, [folder], folder / "manifest.csv")
        briefs = {s["id"]: store.get_brief(s["id"]) for s in first.stories["stories"]}
        target = folder / "valdoriapost_2026-07-03_brenna-fire.txt"
        target.write_text(target.read_text(encoding="utf-8") + "\n\nFire crews said on Friday the blaze was contained.\n", encoding="utf-8")
        second = _run(store, [folder], folder / "manifest.csv")
        assert second.ingest.stored["changed"] == 1
        story = next(s["id"] for s in second.stories["stories"] if target.name in s["articles"])
        assert second.rebuilt == [story] and len(first.rebuilt) > 1
        assert store.get_brief(story) != briefs[story]  # rebuilt from the new text
        assert all(store.get_brief(k) == b for k, b in briefs.items() if k != story)
    finally:
        store.close()


def test_the_parse_stage_gives_the_same_records_in_process_and_in_a_process_pool():
    from newsweave.article_parse import parse_articles
    from newsweave.execution import ProcessPoolExecutor
    from newsweave.pipeline import extract_paths

    articles = extract_paths([DEMO_TXT], manifest=DEMO_TXT / "manifest.csv").articles
    here = parse_articles(articles)
    pooled = parse_articles(articles, executor=ProcessPoolExecutor(2))
    assert list(pooled) == [a.id for a in articles] == list(here)
    for article_id, parse in here.items():
        other = pooled[article_id]
        assert (other.mentions, other.quotes, other.numbers) == (parse.mentions, parse.quotes, parse.numbers)
        assert other.terms.occurrences == parse.terms.occurrences and parse.mentions
