"""From stored articles to stories: dedupe, incremental clustering, the ``newsweave.stories/1`` document."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from ..execution import Executor
from ..dedupe import DuplicateIndex, independent_sources, mark_duplicates, mark_partly_read
from ..parse_cache import ParseCache
from ..progress import StageProgress
from ..record import Article
from .cluster import ClusterConfig, StoryClusterer
from .features import clean_headline
from .names import read_names_ahead
from .stored_state import (STATE_NAME, SavedState, body_start, decode_state, encode_state, load_clusterer,
                           settings_key, stored_article)

SCHEMA = "newsweave.stories/1"


def cluster_articles(articles: Iterable[Article], known: dict[str, str] | None = None,
                     config: ClusterConfig | None = None, clusterer: StoryClusterer | None = None,
                     revisit_all: bool | None = None, index: DuplicateIndex | None = None,
                     progress: StageProgress | None = None,
                     executor: Executor | None = None) -> dict[str, str]:
    """Article id -> story key for every article.

    ``known`` holds assignments made earlier (from the store): those articles are loaded into
    their stories first, in the given order, without being re-clustered; the others are then
    added one at a time in the given order. Near-copies are marked first (``extra["duplicate_of"]``).
    The closing full pass compares the stories the new articles joined, and every story when
    ``revisit_all`` (default: when ``known`` holds any). ``index`` is the near-duplicate index to mark them with (default: a new one). ``progress``
    counts the articles placed. The names in the new articles' leads are read ahead in batches on ``executor``
    (:mod:`.names`) when the clusterer has a name cache.
    """
    known = known or {}
    clusterer = clusterer or StoryClusterer(config)
    articles = _load_and_place(clusterer, articles, known, index, executor, progress,
                               revisit_all if revisit_all is not None else bool(known))
    assignments = clusterer.assignments()
    unmark_far_copies(articles, assignments)
    return assignments


def _load_and_place(clusterer: StoryClusterer, articles: Iterable[Article], known: dict[str, str],
                    index: DuplicateIndex | None, executor: Executor | None, progress: StageProgress | None,
                    revisit_all: bool) -> list[Article]:
    """Mark near-copies, load the ``known`` articles into their stories, place the others in order and, with
    ``revisit_all``, make the closing pass compare every story; returns the articles, marked."""
    articles = mark_duplicates(list(articles), index)
    for article in articles:
        if article.id in known:
            clusterer.add(article, story_key=known[article.id])
    _place_all(clusterer, [article for article in articles if article.id not in known], executor, progress)
    if revisit_all:
        clusterer.revisit_all()
    return articles


def unmark_far_copies(articles: list[Article], assignments: dict[str, str]) -> None:
    """Drop the near-copy mark of an article the clusterer placed away from its original's story (a copy months
    from it: a shared page template, not the same report), so it counts as a source and a report of its own."""
    for article in articles:
        original = article.extra.get("duplicate_of")
        if original and original in assignments and assignments[original] != assignments[article.id]:
            del article.extra["duplicate_of"]


def _place_all(clusterer: StoryClusterer, articles: list[Article], executor: Executor | None,
               progress: StageProgress | None) -> None:
    """Place ``articles`` in order, as ``clusterer.add`` would one by one: all read first (the site furniture learns
    in that same order), their names read ahead in batches, then each placed."""
    read = [clusterer.read(article) for article in articles]
    if clusterer.config.entity_words and clusterer.ner is None:  # a clusterer given its own reader reads with it
        read_names_ahead([f.ner_text for f in read], clusterer.name_cache, executor)
    for done, (article, f) in enumerate(zip(articles, read), 1):
        clusterer.place(f, article.extra.get("duplicate_of"))
        if progress:
            progress(done, len(articles))


def _story_title(members: list[Article]) -> str:
    """The headline of the earliest original article (fallback: the first line of its body)."""
    for article in members:
        headline = clean_headline(article.title)
        if headline:
            return headline
    for article in members:
        if article.text:
            return article.text.splitlines()[0][:120]
    return ""


def stories_document(articles: Iterable[Article], assignments: dict[str, str]) -> dict:
    """The ``newsweave.stories/1`` document: every article in exactly one story."""
    articles = list(articles)
    by_story: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_story[assignments[article.id]].append(article)
    stories = []
    for key, members in by_story.items():
        members.sort(key=lambda a: (a.published or "9999", a.id))
        originals = [a for a in members if not a.extra.get("duplicate_of")] or members
        dates = sorted(a.published for a in members if a.published)
        stories.append({
            "id": key,
            "title": _story_title(originals),
            "articles": [a.id for a in members],
            "outlets": sorted({a.outlet for a in members if a.outlet}),
            "independent_sources": independent_sources(members),
            "first_published": dates[0] if dates else None,
            "last_published": dates[-1] if dates else None,
        })
    stories.sort(key=lambda s: (-len(s["articles"]), s["first_published"] or "9999", s["id"]))
    rows = [{
        "id": a.id,
        "story": assignments[a.id],
        "outlet": a.outlet,
        "title": a.title,
        "published": a.published,
        "duplicate_of": a.extra.get("duplicate_of"),
    } for a in articles]
    return {"schema": SCHEMA, "stories": stories, "articles": rows}


# the highest story number given so far: a new story never takes the key of one merged away in an earlier run
NUMBER_STATE = "stories-last-number"


def update_store_stories(store, config: ClusterConfig | None = None, progress: StageProgress | None = None,
                         executor: Executor | None = None) -> dict:
    """Cluster the store's articles not yet in a story (stored stories may merge, and stories the last run showed
    merged may be shown apart again: see below), save, return the document.

    The clusterer as it stood before the last run's closing pass is saved with the stories (:mod:`.stored_state`):
    when it still describes the store, a run restores it and reads only its new articles (and any re-cleaned
    since); otherwise it reads every stored article, replays it into its stored story and compares every story
    again. Either way the clusterer is saved again before this run's closing pass, which only decides the stories
    it stores. The names each article's lead holds are cached in the store, so a replay finds only new ones, read
    in batches on ``executor`` (in-process when None). ``progress`` counts the articles placed."""
    config = config or ClusterConfig()
    rows = store.article_rows()
    live = {r["id"] for r in rows}
    known = {k: v for k, v in store.story_assignments().items() if k in live}
    stored_duplicates = store.story_duplicates()
    names = ParseCache(store, "story-names")
    key = settings_key(config, names)
    saved = decode_state(store.get_state(STATE_NAME), key, rows, known)
    last_number = int(store.get_state(NUMBER_STATE) or b"0")
    placed = _place_new(store, saved, rows, set(known.values()), config, names, last_number, progress, executor) \
        if saved else None
    if placed is None:
        clusterer, index = StoryClusterer(config, name_cache=names), DuplicateIndex()
        clusterer.next_number = last_number
        # stored stories the saved state no longer describes are all compared again
        articles = _load_and_place(clusterer, store.iter_articles(), known, index, executor, progress, bool(known))
        starts = {a.id: start for a in articles if (start := body_start(a)) is not None}
    else:
        articles, clusterer, index, starts = placed
    names.flush()
    state = encode_state(clusterer, index, starts, rows, key)  # before the closing pass
    assignments = clusterer.assignments()
    unmark_far_copies(articles, assignments)
    changed = {a.id: (assignments[a.id], a.extra.get("duplicate_of")) for a in articles
               if a.id not in known or (known[a.id], stored_duplicates.get(a.id)) != (assignments[a.id], a.extra.get("duplicate_of"))}
    with store.transaction():
        store.put_story_assignments(changed)
        store.put_state(STATE_NAME, state)
        store.put_state(NUMBER_STATE, str(clusterer.next_number).encode())
    return stories_document(articles, assignments)


def _place_new(store, saved: SavedState, rows: list[dict], shown: set[str], config: ClusterConfig, names: ParseCache,
               last_number: int, progress: StageProgress | None = None, executor: Executor | None = None) -> tuple | None:
    """Restore the saved clusterer, read the new and the re-cleaned articles only, mark every near-copy as a replay
    would (older bodies by their saved signatures) and place the new articles: (every article in the store's
    order, the unread ones from their rows; clusterer; index; body starts), or None when an article vanished
    meanwhile or the saved clusterer is damaged."""
    recleaned = set(saved.recleaned)
    read = {r["id"]: store.get_article(r["id"]) for r in rows if r["id"] not in saved.ids or r["id"] in recleaned}
    if any(a is None for a in read.values()):
        return None
    try:
        clusterer = load_clusterer(saved, shown, config, names)
        index = DuplicateIndex.like(saved.duplicates)
        signatures = {i: DuplicateIndex.signature(saved.duplicates, values) for i, _, values in saved.duplicates["entries"]}
    except (ValueError, KeyError, TypeError, IndexError):  # a damaged state: replay
        return None
    marks = mark_partly_read([(r["id"], r["published"], read.get(r["id"])) for r in rows], signatures, index)
    clusterer.next_number = max(clusterer.next_number, last_number)
    _place_all(clusterer, [read[r["id"]] for r in rows if r["id"] not in saved.ids], executor, progress)
    starts = {i: start for i, start in saved.body_starts.items() if i not in read}
    starts.update({i: start for i, a in read.items() if (start := body_start(a)) is not None})
    articles = [read.get(r["id"]) or stored_article(r, marks[r["id"]], starts.get(r["id"])) for r in rows]
    return articles, clusterer, index, starts


def store_stories_document(store) -> dict:
    """The stories document from what the store holds (articles never clustered are left out)."""
    known = store.story_assignments()
    duplicates = store.story_duplicates()
    articles = [a for a in store.iter_articles() if a.id in known]
    for a in articles:
        if duplicates.get(a.id):
            a.extra["duplicate_of"] = duplicates[a.id]
    return stories_document(articles, known)
