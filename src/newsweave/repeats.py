"""Outlet furniture: paragraphs that recur across several articles of one outlet.

A paragraph counts as furniture when its normalised text occurs in at least
``min_articles`` different articles of the same outlet and, in the article at hand, it sits in
the run of such repeated paragraphs at the top or the bottom (appeals, footers, bylines), not in
the middle of the story.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Iterable

from .boilerplate import normalise
from .record import Article, Removed

MIN_WORDS = 3
REASON_PREFIX = "repeated across articles of the outlet"


def paragraph_key(text: str) -> str | None:
    normal = normalise(text)
    if len(normal.split()) < MIN_WORDS:
        return None
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:16]


def paragraph_keys(article: Article) -> set[str]:
    """Keys of the article's paragraphs, kept or already removed as outlet furniture."""
    texts = [p.text for p in article.paragraphs] + [r.text for r in article.removed if r.reason.startswith(REASON_PREFIX)]
    return {k for k in map(paragraph_key, texts) if k}



def count_keys(articles: Iterable[Article]) -> dict[tuple[str, str], set[str]]:
    counts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article in articles:
        if article.outlet:
            for key in paragraph_keys(article):
                counts[(article.outlet, key)].add(article.id)
    return counts


def _edge_runs(flags: list[bool]) -> set[int]:
    """Indices in the leading and trailing runs of True values."""
    edge: set[int] = set()
    for order in (range(len(flags)), range(len(flags) - 1, -1, -1)):
        for i in order:
            if not flags[i]:
                break
            edge.add(i)
    return edge


def remove_outlet_repeats(article: Article, counts: dict[tuple[str, str], set[str]], min_articles: int) -> bool:
    """Move the article's edge paragraphs that are outlet furniture into ``removed``; True if any moved."""
    if not article.outlet or not article.paragraphs:
        return False
    keys = [paragraph_key(p.text) for p in article.paragraphs]
    repeated = [bool(k) and len(counts.get((article.outlet, k), ())) >= min_articles for k in keys]
    drop = _edge_runs(repeated)
    if not drop or len(drop) == len(article.paragraphs):
        return False
    reason = f"{REASON_PREFIX} ({article.outlet})"
    article.removed = sorted(
        article.removed + [Removed(p.start, p.end, reason, p.text) for i, p in enumerate(article.paragraphs) if i in drop],
        key=lambda r: (r.start, r.end),
    )
    article.paragraphs = [p for i, p in enumerate(article.paragraphs) if i not in drop]
    return True
