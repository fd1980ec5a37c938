"""From stored articles to stories: dedupe, incremental clustering, the ``newsweave.stories/1`` document."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from ..dedupe import independent_sources, mark_duplicates
from ..parse_cache import ParseCache
from ..record import Article
from .cluster import ClusterConfig, StoryClusterer
from .features import clean_headline

SCHEMA = "newsweave.stories/1"


def cluster_articles(articles: Iterable[Article], known: dict[str, str] | None = None,
                     config: ClusterConfig | None = None, clusterer: StoryClusterer | None = None,
                     revisit_all: bool = True) -> dict[str, str]:
    """Article id -> story key for every article.

    ``known`` holds assignments made earlier (from the store): those articles are loaded into
    their stories first, in the given order, without being re-clustered; the others are then
    added one at a time in the given order. Near-copies are marked first (``extra["duplicate_of"]``).
    The closing full pass compares the stories the new articles joined, and every story when
    ``revisit_all``.
    """
    articles = mark_duplicates(list(articles))
    known = known or {}
    clusterer = clusterer or StoryClusterer(config)
    for article in articles:
        if article.id in known:
            clusterer.add(article, story_key=known[article.id])
    for article in articles:
        if article.id not in known:
            clusterer.add(article)
    if revisit_all:
        clusterer.revisit_all()
    return clusterer.assignments()


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


# Stories stored by earlier runs are compared with each other again (their evidence changes as the corpus grows)
# once the store holds this many times the articles it held at the last such pass: the cost of those passes,
# spread over the articles added in between, stays the same per article however large the store grows.
REVISIT_GROWTH = 1.5
REVISIT_STATE = "stories-revisited-at"


def update_store_stories(store, config: ClusterConfig | None = None) -> dict:
    """Cluster the store's articles not yet in a story (stored stories keep their articles and may merge), save,
    return the document.

    The names each article's lead holds are cached in the store, so a later run finds only new ones."""
    articles = list(store.iter_articles())
    known = store.story_assignments()
    live = {a.id for a in articles}
    known = {k: v for k, v in known.items() if k in live}
    last = store.get_state(REVISIT_STATE)
    revisit = last is None or len(articles) >= REVISIT_GROWTH * int(last)
    names = ParseCache(store, "story-names")
    assignments = cluster_articles(articles, known, config, StoryClusterer(config, name_cache=names), revisit_all=revisit)
    names.flush()
    with store.transaction():
        store.put_story_assignments({a.id: (assignments[a.id], a.extra.get("duplicate_of")) for a in articles})
        if revisit:
            store.put_state(REVISIT_STATE, str(len(articles)).encode())
    return stories_document(articles, assignments)


def store_stories_document(store) -> dict:
    """The stories document from what the store holds (articles never clustered are left out)."""
    known = store.story_assignments()
    duplicates = store.story_duplicates()
    articles = [a for a in store.iter_articles() if a.id in known]
    for a in articles:
        if duplicates.get(a.id):
            a.extra["duplicate_of"] = duplicates[a.id]
    return stories_document(articles, known)
