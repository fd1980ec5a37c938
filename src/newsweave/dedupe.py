"""Near-duplicate (syndication) detection with MinHash LSH.

An article whose cleaned body is a near-copy of an earlier one (estimated Jaccard similarity of
word 5-gram shingles at or above :data:`THRESHOLD`) is a syndicated copy: its
``extra["duplicate_of"]`` names the earliest copy (earliest publication date, then first seen).
Bodies too short to judge (fewer than :data:`MIN_WORDS` words, e.g. a login wall) are never
marked. The index is incremental: :class:`DuplicateIndex` takes articles one at a time, so a
store can keep feeding it; :func:`mark_duplicates` runs it over a list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from .record import Article

THRESHOLD = 0.8
NUM_PERM = 128
SHINGLE = 5
MIN_WORDS = 40
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8", "surrogatepass") for i in range(len(words) - size + 1)}


def _sort_key(article: Article, order: int) -> tuple:
    return (article.published or "9999", order)


@dataclass
class DuplicateIndex:
    """Incremental MinHash LSH index over article bodies."""

    threshold: float = THRESHOLD
    num_perm: int = NUM_PERM
    min_words: int = MIN_WORDS
    _lsh: object = field(default=None, repr=False)
    _keys: dict[str, tuple] = field(default_factory=dict, repr=False)
    _root: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)

    def _minhash(self, text: str):
        from datasketch import MinHash

        m = MinHash(num_perm=self.num_perm)
        m.update_batch(shingles(text))
        return m

    def add(self, article: Article) -> str | None:
        """Index one article; returns (and records in ``extra``) the id of its earliest copy, if any."""
        text = article.text
        article.extra.pop("duplicate_of", None)
        if len(_WORD.findall(text)) < self.min_words or article.id in self._keys:
            return None
        m = self._minhash(text)
        key = _sort_key(article, len(self._keys))
        # the LSH answers a set: put it in a stable order (string hashes change between processes)
        found = sorted({self._root.get(k, k) for k in self._lsh.query(m)}, key=lambda k: self._keys[k])
        self._lsh.insert(article.id, m)
        self._keys[article.id] = key
        if not found:
            return None
        earliest = found[0]
        if self._keys[earliest] < key:
            self._root[article.id] = earliest
            article.extra["duplicate_of"] = earliest
            return earliest
        # the new article predates the copies already seen: it becomes their original
        for other in found:
            self._root[other] = article.id
        return None

    def original(self, article_id: str) -> str:
        return self._root.get(article_id, article_id)


def mark_duplicates(articles: Iterable[Article], index: DuplicateIndex | None = None) -> list[Article]:
    """Set ``extra["duplicate_of"]`` on every near-copy (to the earliest copy); returns the articles.

    Articles are ordered by publication date first, so the earliest copy becomes the original
    whatever order the input came in.
    """
    articles = list(articles)
    index = index or DuplicateIndex()
    order = sorted(range(len(articles)), key=lambda i: _sort_key(articles[i], i))
    for i in order:
        index.add(articles[i])
    return articles


def independent_sources(articles: Iterable[Article]) -> int:
    """Distinct outlets among the articles that are not copies of another (unknown outlet: the article itself)."""
    outlets = set()
    for article in articles:
        if article.extra.get("duplicate_of"):
            continue
        outlets.add(article.outlet or f"?{article.id}")
    return len(outlets)
