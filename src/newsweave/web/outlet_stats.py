"""Figures across stories for the outlet pages, read through the :class:`~newsweave.store.Store` interface only.

:func:`corpus_view` reads every story row and every article's metadata once (two queries) and counts, per outlet,
the stories it covered, those it alone reported and how often it published first; and per story its coverage
by outlet group (:func:`newsweave.outlets.story_coverage`). :func:`outlet_detail` adds what only the briefs hold
(facts the outlet alone reported, its loaded terms, who it quotes most), from the briefs of its latest stories.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..outlets import UNKNOWN, GroupCoverage, OutletDirectory, blindspots, story_coverage
from ..store import Store
from ..store.base import StoryQuery

MAX_STORIES = 1_000_000   # every story: the comparison reads them all
MAX_DETAIL_BRIEFS = 300   # briefs read for one outlet's page (its latest stories)


@dataclass
class OutletFigures:
    name: str
    articles: int = 0
    stories: list[str] = field(default_factory=list)        # story ids, latest first
    alone: list[str] = field(default_factory=list)          # stories no other outlet covered
    shared: int = 0                                         # stories it covered with another outlet
    first: int = 0                                          # of those, the ones where its article came out before any other's


@dataclass
class CorpusView:
    directory: OutletDirectory
    outlets: dict[str, OutletFigures]
    stories: dict[str, dict[str, Any]]                      # story id -> story row, latest first
    coverage: dict[str, list[GroupCoverage]]                # story id -> coverage by group label
    article_outlet: dict[str, str | None]

    def blindspot_stories(self) -> list[tuple[dict[str, Any], dict[str, str]]]:
        """Stories covered by only one known group of some label, with label -> that group; most articles first."""
        found = [(story, blindspots(self.coverage[sid])) for sid, story in self.stories.items()]
        found = [(story, spots) for story, spots in found if spots]
        return sorted(found, key=lambda item: -len(item[0].get("articles") or []))


def corpus_view(store: Store) -> CorpusView:
    directory = OutletDirectory(store.outlet_records())
    rows = store.article_rows()
    article_outlet = {r["id"]: r.get("outlet") for r in rows}
    published = {r["id"]: r.get("published") for r in rows}
    outlets: dict[str, OutletFigures] = {}
    for row in rows:
        name = row.get("outlet") or UNKNOWN
        outlets.setdefault(name, OutletFigures(name)).articles += 1
    stories = {s["id"]: s for s in store.find_stories(StoryQuery(sort="recent", limit=MAX_STORIES)).stories}
    coverage: dict[str, list[GroupCoverage]] = {}
    for story_id, story in stories.items():
        members = [a for a in story.get("articles") or [] if a in article_outlet]
        names = list(dict.fromkeys(article_outlet[a] or UNKNOWN for a in members))
        coverage[story_id] = story_coverage([article_outlet[a] for a in members], directory)
        first = _first_outlet(members, article_outlet, published)
        for name in names:
            figures = outlets.setdefault(name, OutletFigures(name))
            figures.stories.append(story_id)
            if len(names) == 1:
                figures.alone.append(story_id)
            else:
                figures.shared += 1
                figures.first += name == first
    ordered = dict(sorted(outlets.items(), key=lambda item: (item[0] == UNKNOWN, -item[1].articles, item[0])))
    return CorpusView(directory, ordered, stories, coverage, article_outlet)


def _first_outlet(members: list[str], outlet: dict[str, str | None], published: dict[str, str | None]) -> str | None:
    """The outlet whose article came out first, when one did strictly before every other outlet's (dated articles only)."""
    dated = [(str(published[a]), outlet[a] or UNKNOWN) for a in members if published.get(a)]
    if not dated:
        return None
    earliest = min(when for when, _ in dated)
    firsts = {name for when, name in dated if when == earliest}
    return firsts.pop() if len(firsts) == 1 else None


@dataclass
class OutletDetail:
    figures: OutletFigures
    read_briefs: int                                         # briefs read (its latest stories, at most MAX_DETAIL_BRIEFS)
    alone_facts: list[tuple[str, dict[str, Any]]]            # (story id, fact) reported by this outlet only
    loaded_terms: list[tuple[str, int]]                      # term -> stories in which it was flagged for this outlet
    quoted: list[tuple[str, int, int]]                       # speaker, quotes, stories


def outlet_detail(store: Store, view: CorpusView, name: str) -> OutletDetail | None:
    figures = view.outlets.get(name)
    if figures is None:
        return None
    alone: list[tuple[str, dict[str, Any]]] = []
    terms: Counter[str] = Counter()
    quotes: Counter[str] = Counter()
    quote_stories: Counter[str] = Counter()
    read = 0
    for story_id in figures.stories[:MAX_DETAIL_BRIEFS]:
        brief = store.get_brief(story_id)
        if not brief:
            continue
        read += 1
        seen: set[str] = set()  # a fact stated twice in one story (a clause and its sentence) is listed once
        for fact in brief.get("facts") or []:
            if fact.get("outlets") == [name] and len(view.stories[story_id].get("outlets") or []) > 1 and fact.get("text") not in seen:
                seen.add(fact.get("text"))
                alone.append((story_id, fact))
        for entry in (brief.get("framing") or {}).get("outlets") or []:
            if entry.get("outlet") == name:
                terms.update({str(t.get("term")) for t in entry.get("loaded_terms") or [] if t.get("term")})
        for speaker in brief.get("quotes") or []:
            said = [q for q in speaker.get("quotes") or [] if name in (q.get("outlets") or [])]
            who = speaker.get("speaker")
            if said and who:
                quotes[who] += len(said)
                quote_stories[who] += 1
    quoted = sorted(((who, n, quote_stories[who]) for who, n in quotes.items()), key=lambda item: (-item[1], item[0]))
    return OutletDetail(figures, read, alone, sorted(terms.items(), key=lambda item: (-item[1], item[0])), quoted)
