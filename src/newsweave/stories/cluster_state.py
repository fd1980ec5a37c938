"""A story clusterer's state as plain JSON data, and back (``StoryClusterer.snapshot`` / ``StoryClusterer.restore``).

The snapshot holds what cannot be recomputed exactly: each article's features (in the order they were added),
the weighted vector each article's cache holds with the corpus size it was weighted at (cached weights go stale
on purpose: ``StoryClusterer.REFRESH``), every story (members, term sums, dates, stated numbers, names, cached
weights, key, pinned, merged, version), the consolidation summaries, the counters and what the outlets repeat
(:class:`~newsweave.stories.features.SiteFurniture`). What follows from those is rebuilt on restore: term
frequencies, document frequencies, the inverted index of stories, the article -> story map, the key -> story map
and the names -> stories index. No pickles and no ``hash()`` values: sets are sorted lists, digests hex, floats
JSON numbers (Python writes the shortest text that reads back to the same float).
"""
from __future__ import annotations

from typing import Any

from .features import Features, SiteFurniture, sublinear
from .story import Story

FORMAT = 2  # bump when the snapshot's layout changes


def snapshot_state(clusterer: Any, texts: bool = True) -> dict:
    """The state of a ``StoryClusterer`` as JSON-able data; without ``texts``, the articles' features leave out
    the texts names are read from (what placing more articles never reads again)."""
    c = clusterer
    for position, story in enumerate(c.stories):
        if story.id != position:
            raise ValueError(f"story {story.key} has id {story.id} at position {position}: the clusterer is damaged")
    return {
        "format": FORMAT,
        "articles": [features_data(f, texts) for f in c.articles],
        "member_cache": [[at, _aligned(vec, tf)] for (at, vec), tf in zip(c.member_cache, c.tf)],
        "stories": [_story_data(s) for s in c.stories],
        "summaries": [[sid, version, n, dict(total), list(days), count]
                      for sid, (version, n, (total, days, count)) in sorted(c.summaries.items())],
        "dirty": sorted(c.dirty),
        "grown": sorted(c.grown),
        "since_consolidation": c.since_consolidation,
        "since_full_pass": c.since_full_pass,
        "next_number": c.next_number,
        "furniture": furniture_data(c.furniture),
    }


def restore_state(clusterer: Any, data: dict) -> None:
    """Fill a new, empty ``StoryClusterer`` with the state :func:`snapshot_state` took."""
    if data.get("format") != FORMAT:
        raise ValueError(f"clusterer snapshot format {data.get('format')!r}, expected {FORMAT}")
    c = clusterer
    c.articles = [features_from(d) for d in data["articles"]]
    c.tf = [sublinear(f.terms) for f in c.articles]
    c.index_of = {f.id: i for i, f in enumerate(c.articles)}
    for tf in c.tf:
        for t in tf:
            c.df[t] += 1
    c.n = len(c.articles)
    c.member_cache = [(at, dict(zip(tf, vec)) if isinstance(vec, list) else vec)
                      for (at, vec), tf in zip(data["member_cache"], c.tf)]
    c.stories = [_story(i, d) for i, d in enumerate(data["stories"])]
    c.by_key = {s.key: s for s in c.stories}
    story_of = [-1] * c.n
    for s in c.stories:
        for m in s.members:
            story_of[m] = s.id
        for t in s.centroid:
            c.postings[t].add(s.id)
        for k in s.persons | s.places:
            c.named_in[k].add(s.id)
    if len(c.member_cache) != c.n or -1 in story_of:
        raise ValueError("clusterer snapshot is damaged: an article without a story or without weights")
    c.story_of = story_of
    c.summaries = {sid: (version, n, (total, days, count)) for sid, version, n, total, days, count in data["summaries"]}
    c.dirty = set(data["dirty"])
    c.grown = set(data["grown"])
    c.since_consolidation = data["since_consolidation"]
    c.since_full_pass = data["since_full_pass"]
    c.next_number = data["next_number"]
    c.furniture = furniture_from(data["furniture"])


def _aligned(vec: dict[str, float], tf: dict[str, float]) -> list[float] | dict[str, float]:
    """A weighted vector as its values alone when its terms are the article's, in the same order (they always are)."""
    return list(vec.values()) if list(vec) == list(tf) else dict(vec)


def features_data(f: Features, texts: bool = True) -> dict:
    """An article's features as JSON-able data; without ``texts``, only what placing it reads (no headline, lead or
    NER text)."""
    data = {"id": f.id, "day": f.day, "terms": f.terms, "ages": sorted(f.ages), "counts": sorted(f.counts),
            "persons": sorted(f.persons), "places": sorted(f.places), "sites": sorted(f.sites), "blocks": sorted(f.blocks)}
    if texts:
        data.update(headline=f.headline, lead=f.lead, ner_text=f.ner_text)
    return data


def features_from(d: dict) -> Features:
    return Features(d["id"], d["day"], d["terms"], d.get("headline", ""), d.get("lead", ""), frozenset(d["ages"]),
                    frozenset(tuple(c) for c in d["counts"]), frozenset(d["persons"]), frozenset(d["places"]),
                    frozenset(d["sites"]), frozenset(d["blocks"]), d.get("ner_text", ""))


def _story_data(s: Story) -> dict:
    # copies: a snapshot stays what it was when the clusterer goes on (merges change these in place)
    return {"key": s.key, "members": list(s.members), "centroid": dict(s.centroid), "days": list(s.days), "ages": sorted(s.ages),
            "counts": sorted(s.counts), "blocks": sorted(s.blocks), "persons": sorted(s.persons),
            "places": sorted(s.places), "sites": sorted(s.sites), "cached_at": s.cached_at, "cached": dict(s.cached),
            "pinned": s.pinned, "merged_into": s.merged_into, "version": s.version}


def _story(position: int, d: dict) -> Story:
    return Story(position, d["key"], list(d["members"]), dict(d["centroid"]), list(d["days"]), set(d["ages"]),
                 {tuple(c) for c in d["counts"]}, set(d["blocks"]), set(d["persons"]), set(d["places"]),
                 set(d["sites"]), d["cached_at"], dict(d["cached"]), d["pinned"], d["merged_into"], d["version"])


def furniture_data(furniture: SiteFurniture) -> dict:
    """What the outlets repeat, as JSON-able data (digests as hex)."""
    return {
        "segments": {outlet: sorted(seen) for outlet, seen in furniture.segments.items()},
        "lines": {outlet: sorted(h.hex() for h in seen) for outlet, seen in furniture.lines.items()},
        "sentences": [[h.hex(), sorted(outlets), first] for h, (outlets, first) in sorted(furniture.sentences.items())],
    }


def furniture_from(data: dict) -> SiteFurniture:
    furniture = SiteFurniture()
    furniture.segments = {outlet: set(seen) for outlet, seen in data["segments"].items()}
    furniture.lines = {outlet: {bytes.fromhex(h) for h in seen} for outlet, seen in data["lines"].items()}
    furniture.sentences = {bytes.fromhex(h): [set(outlets), first] for h, outlets, first in data["sentences"]}
    return furniture
