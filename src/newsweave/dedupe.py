"""Near-duplicate (syndication) detection with MinHash LSH.

An article whose cleaned body is a near-copy of an earlier one (estimated Jaccard similarity of
word 5-gram shingles at or above :data:`THRESHOLD`) is a syndicated copy: its
``extra["duplicate_of"]`` names the earliest copy (earliest publication date, then first seen).
Bodies too short to judge (fewer than :data:`MIN_WORDS` words, e.g. a login wall) are never
marked. The index is incremental: :class:`DuplicateIndex` takes articles one at a time, so a
store can keep feeding it; :func:`mark_duplicates` runs it over a list. An index saves as plain JSON
(:meth:`DuplicateIndex.snapshot`: MinHash signatures as integers), and :func:`mark_partly_read` marks a
list whose older bodies are known only by their saved signatures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from .record import Article
from .outlets import UNKNOWN

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
    _keys: dict[str, tuple] = field(default_factory=dict, repr=False)  # id -> (published or "9999", insertion number)
    _root: dict[str, str] = field(default_factory=dict, repr=False)
    _signatures: dict[str, object] = field(default_factory=dict, repr=False)  # id -> its MinHash, for snapshots

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
        earliest = self.add_signed(article.id, article.published, self._minhash(text))
        if earliest is not None:
            article.extra["duplicate_of"] = earliest
        return earliest

    def add_signed(self, article_id: str, published: str | None, minhash) -> str | None:
        """Index an article long enough to judge by its MinHash; returns the id of its earliest copy, if any."""
        if article_id in self._keys:
            return None
        key = (published or "9999", len(self._keys))
        # the LSH answers a set: put it in a stable order (string hashes change between processes)
        found = sorted({self._root.get(k, k) for k in self._lsh.query(minhash)}, key=lambda k: self._keys[k])
        self._insert(article_id, key, minhash)
        if not found:
            return None
        earliest = found[0]
        if self._keys[earliest] < key:
            self._root[article_id] = earliest
            return earliest
        # the new article predates the copies already seen: it becomes their original
        for other in found:
            self._root[other] = article_id
        return None

    def _insert(self, article_id: str, key: tuple, minhash) -> None:
        self._lsh.insert(article_id, minhash)
        self._keys[article_id] = key
        self._signatures[article_id] = minhash

    def original(self, article_id: str) -> str:
        return self._root.get(article_id, article_id)

    def snapshot(self) -> dict:
        """The index as plain JSON data: its settings, every indexed article in the order it came (id, the date it
        sorts by, its MinHash signature as integers) and the originals found so far."""
        entries = []
        scheme = seed = None
        for position, (article_id, (published, number)) in enumerate(self._keys.items()):
            if number != position:
                raise ValueError(f"duplicate index damaged: {article_id} came {position + 1}th but is numbered {number}")
            m = self._signatures[article_id]
            scheme, seed = m.scheme, m.seed
            entries.append([article_id, published, [int(v) for v in m.hashvalues]])
        return {"format": 1, "threshold": self.threshold, "num_perm": self.num_perm, "min_words": self.min_words,
                "scheme": scheme, "seed": seed, "entries": entries, "root": dict(sorted(self._root.items()))}

    @classmethod
    def restore(cls, snapshot: dict) -> DuplicateIndex:
        """The index :meth:`snapshot` was taken of: adding the same articles to both marks them alike."""
        index = cls.like(snapshot)
        for position, (article_id, published, values) in enumerate(snapshot["entries"]):
            index._insert(article_id, (published, position), index.signature(snapshot, values))
        index._root = dict(snapshot["root"])
        return index

    @classmethod
    def like(cls, snapshot: dict) -> DuplicateIndex:
        """An empty index with the settings of the one :meth:`snapshot` was taken of."""
        if snapshot.get("format") != 1:
            raise ValueError(f"duplicate index snapshot format {snapshot.get('format')!r}, expected 1")
        return cls(snapshot["threshold"], snapshot["num_perm"], snapshot["min_words"])

    @staticmethod
    def signature(snapshot: dict, values: list[int]):
        """A MinHash signature of a snapshot's entry, ready for :meth:`add_signed`."""
        from datasketch import LeanMinHash

        return LeanMinHash(seed=snapshot["seed"], hashvalues=values, scheme=snapshot["scheme"])


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


def mark_partly_read(entries: list[tuple[str, str | None, Article | None]], signatures: dict[str, object],
                     index: DuplicateIndex) -> dict[str, str | None]:
    """Mark near-copies as :func:`mark_duplicates` does, in the same order, when only some bodies are at hand.

    ``entries`` are (id, published, the article or None when its body is not at hand); an article not at hand
    is indexed by its MinHash in ``signatures`` (none: its body was too short to judge). Returns id -> the id of
    its earliest copy (None when it is not a copy); articles at hand are marked in ``extra`` too."""
    order = sorted(range(len(entries)), key=lambda i: (entries[i][1] or "9999", i))
    marks: dict[str, str | None] = {}
    for i in order:
        article_id, published, article = entries[i]
        if article is not None:
            marks[article_id] = index.add(article)
        elif article_id in signatures:
            marks[article_id] = index.add_signed(article_id, published, signatures[article_id])
        else:
            marks[article_id] = None
    return marks


def independent_sources(articles: Iterable[Article]) -> int:
    """Distinct outlets among the articles that are not copies of another; articles of unknown outlet count as one."""
    outlets = set()
    for article in articles:
        if article.extra.get("duplicate_of"):
            continue
        outlets.add(article.outlet or UNKNOWN)
    return len(outlets)
