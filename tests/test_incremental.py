"""Incremental runs: articles added in batches give the results of one run over all of them, and a batch
rebuilds only the stories it touched."""
from __future__ import annotations

import json
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
        # story that absorbed another in the closing pass); the others were left alone
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


def test_a_batch_that_re_cleans_a_stored_article_rebuilds_its_story_and_leaves_the_rest(tmp_path):
    """The last batch's article makes a closing line of its outlet repeated (furniture) in three articles: the two
    stored ones are re-cleaned, so their stories are rebuilt without it, as one run over all builds them; every
    story holding neither a new nor a re-cleaned article keeps its brief, entity records and analyses byte for byte."""
    folder = tmp_path / "in"
    shutil.copytree(DEMO_TXT, folder)
    footer = "\n\nFor more coast news, listen to Harbour Courier Radio every morning at seven here:\n"
    courier = sorted(folder.glob("harbourcourier_*.txt"), key=_by_date)
    for path in courier:
        path.write_text(path.read_text(encoding="utf-8") + footer, encoding="utf-8")
    ordered = sorted(folder.glob("*.txt"), key=_by_date)
    last = courier[-1]
    manifest = folder / "manifest.csv"

    single = open_store(tmp_path / "single.db")
    batched = open_store(tmp_path / "batched.db")
    try:
        _run(single, ordered, manifest)
        first = _run(batched, [p for p in ordered if p != last], manifest)
        before = {s["id"]: _story_results(batched, s["id"]) for s in first.stories["stories"]}
        second = _run(batched, [last], manifest)
        assert second.ingest.stored["re-cleaned"] == 2
        assert _results(batched) == _results(single)

        story_of = {a: s["id"] for s in second.stories["stories"] for a in s["articles"]}
        recleaned = {story_of[p.name] for p in courier[:-1]}
        earlier = {s["id"]: s["articles"] for s in first.stories["stories"]}
        grown = {s["id"] for s in second.stories["stories"] if earlier.get(s["id"]) != s["articles"]}
        touched = grown | recleaned
        assert story_of[last.name] in grown and recleaned - grown  # a story rebuilt only for its re-cleaned article
        assert set(second.rebuilt) == touched
        for story_id in recleaned:  # the furniture left the stored text, and the brief
            assert footer.strip() in json.dumps(before[story_id]["brief"])
            assert footer.strip() not in json.dumps(batched.get_brief(story_id))
        # a stored story the batch regrouped (the closing pass merged it) counts as touched too
        kept = {s["id"] for s in second.stories["stories"]} - touched
        assert kept
        for story_id in kept:
            assert _story_results(batched, story_id) == before[story_id]
    finally:
        single.close()
        batched.close()


def _story_results(store, story_id):
    """A story's brief, its entity records and its articles' analyses, as stored."""
    from newsweave.stories import store_stories_document

    articles = next(s["articles"] for s in store_stories_document(store)["stories"] if s["id"] == story_id)
    entity_ids = store.story_entity_ids([story_id]).get(story_id, [])
    records = store.story_entity_records(entity_ids)
    return {"brief": store.get_brief(story_id), "entities": {e: records[e][story_id] for e in entity_ids},
            "analyses": {a: store.get_analysis(a) for a in articles}}


def test_a_new_story_never_takes_the_key_of_a_story_merged_away_in_an_earlier_run(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(DEMO_TXT, folder)
    later = folder / "valdoriapost_2026-07-03_brenna-fire.txt"  # an event of its own, added in a second run
    held = tmp_path / "held.txt"
    later.rename(held)
    store = open_store(tmp_path / "store.db")
    try:
        first = _run(store, [folder], folder / "manifest.csv")
        keys = sorted(s["id"] for s in first.stories["stories"])
        # the story of the highest key merges into another, as a later consolidation may do
        gone, into = keys[-1], keys[0]
        moved = {a: (into, None) for a, k in store.story_assignments().items() if k == gone}
        with store.transaction():
            store.put_story_assignments(moved)
        held.rename(later)
        second = _run(store, [folder], folder / "manifest.csv")
        new = next(s["id"] for s in second.stories["stories"] if later.name in s["articles"])
        assert new not in keys and new > gone  # never the merged-away key, never one given before
    finally:
        store.close()
