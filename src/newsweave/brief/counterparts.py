"""Counterpart wording: where one outlet's sentence has a loaded word, what the other outlets wrote
for the same thing.

Sentences are aligned across outlets by the cosine of their sentence-encoder vectors (the vectors
the brief already computes for its facts, or computed here): a sentence's counterpart in another
outlet is that outlet's most similar sentence sharing a content word with it besides the loaded one,
when the cosine reaches ``min_cos``. Inside the
counterpart sentence, the counterpart *word* is the one that stands where the loaded word stands:
a single word of the same part of speech that the outlet's own sentence does not use, with a
content word of its own on either side (two at most) that also stands beside the loaded word ("the
senator *criticized* the plan" for "the senator *slammed* the plan"), the nearest to the loaded
word's relative place in its sentence. A counterpart sentence without such a word still shows how
the other outlet put it ("words" is then null).
"""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from ..record import Article
from ..terms import ArticleTerms, Occurrence
from .sentences import Sentence, split_sentences


@dataclass
class SentenceIndex:
    """Whole sentences of a story's articles (cleaned-text offsets) with unit vectors, one row each."""

    article: list[str] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))

    def rows_of(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(list)
        for row, aid in enumerate(self.article):
            out[aid].append(row)
        return out


def sentence_index(articles: list[Article], encode: Callable[[list[str]], np.ndarray] | None = None) -> SentenceIndex:
    """Every sentence of ``articles`` (:func:`~newsweave.brief.sentences.split_sentences`), encoded
    by ``encode`` (default: the brief's sentence encoder)."""
    if encode is None:
        from .encoder import encode_sentences as encode
    index = SentenceIndex()
    for a in articles:
        for s, e in split_sentences(a.text):
            index.article.append(a.id)
            index.start.append(s)
            index.end.append(e)
            index.text.append(a.text[s:e])
    index.vectors = encode(index.text) if index.text else np.zeros((0, 0), dtype=np.float32)
    return index


def index_from_units(units: list[Sentence], unit_sentence_vectors: np.ndarray) -> SentenceIndex:
    """The sentence index of the brief's units (clauses): one row per whole sentence, its vector the
    one the brief encoded for the unit's whole sentence (``sentence_text``)."""
    index = SentenceIndex()
    rows = []
    seen: set[tuple[str, int]] = set()
    for k, u in enumerate(units):
        key = (u.article, u.sentence_order)
        if key in seen:
            continue
        seen.add(key)
        whole = u.sentence_text or u.text
        index.article.append(u.article)
        index.start.append(u.start)
        index.end.append(u.start + len(whole))
        index.text.append(whole)
        rows.append(k)
    index.vectors = unit_sentence_vectors[rows] if rows else np.zeros((0, 0), dtype=np.float32)
    return index


class Counterparts:
    """Finds the counterpart wording of loaded words across the outlets of one story."""

    def __init__(self, index: SentenceIndex, terms: dict[str, ArticleTerms], outlet_of: dict[str, str],
                 articles: dict[str, Article], min_cos: float) -> None:
        self.index = index
        self.outlet_of = outlet_of
        self.articles = articles
        self.min_cos = min_cos
        self.rows = index.rows_of()
        self.starts = {aid: [index.start[r] for r in rows] for aid, rows in self.rows.items()}
        self.similarity = index.vectors @ index.vectors.T if len(index.article) else np.zeros((0, 0))
        # single words by sentence row, in order
        self.words: dict[int, list[Occurrence]] = defaultdict(list)
        for aid, rows in self.rows.items():
            for occ in terms[aid].occurrences if aid in terms else ():
                if len(occ.key) == 1 and occ.pos:
                    row = self.row_at(aid, occ.start)
                    if row is not None:
                        self.words[row].append(occ)
        self.lemmas = {row: {o.lemma for o in words} for row, words in self.words.items()}

    def row_at(self, article_id: str, offset: int) -> int | None:
        """The sentence row of ``article_id`` that holds text offset ``offset``."""
        starts = self.starts.get(article_id)
        if not starts:
            return None
        k = bisect_right(starts, offset) - 1
        if k < 0:
            return None
        row = self.rows[article_id][k]
        return row if offset < self.index.end[row] else None

    def of(self, occ: Occurrence) -> list[dict[str, Any]]:
        """Per other outlet, its counterpart of ``occ``'s sentence (most similar first); empty when no
        other outlet has a sentence at ``min_cos`` or more."""
        row = self.row_at(occ.article, occ.start)
        if row is None:
            return []
        own = self.outlet_of[occ.article]
        # a counterpart tells of the same thing: it shares a content word besides the loaded one
        context = self.lemmas.get(row, set()) - {occ.lemma, *occ.lemma.split()}  # a phrase's own words neither
        best: dict[str, tuple[float, int]] = {}
        for other, aid_rows in self.rows.items():
            outlet = self.outlet_of[other]
            if outlet == own:
                continue
            for r in aid_rows:
                cos = float(self.similarity[row, r])
                if cos >= self.min_cos and cos > best.get(outlet, (-2.0, -1))[0] and context & self.lemmas.get(r, set()):
                    best[outlet] = (cos, r)
        out = []
        for outlet, (cos, r) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0])):
            article = self.articles[self.index.article[r]]
            s0, s1 = article.raw_span(self.index.start[r], self.index.end[r])
            entry: dict[str, Any] = {"outlet": outlet, "article": article.id, "sentence": self.index.text[r],
                                     "start": s0, "end": s1, "similarity": round(cos, 3), "words": None}
            word = self._word(occ, row, r)
            if word is not None:
                w0, w1 = article.raw_span(word.start, word.end)
                entry.update(words=article.text[word.start:word.end], words_start=w0, words_end=w1)
            out.append(entry)
        return out

    def _word(self, occ: Occurrence, row: int, other_row: int) -> Occurrence | None:
        """The word of sentence ``other_row`` standing where ``occ`` stands in sentence ``row``."""
        own_words = self.words[row]
        own_lemmas = {o.lemma for o in own_words}
        at_word = next((k for k, o in enumerate(own_words) if o.start == occ.start), None)
        if at_word is None:
            return None
        beside = _beside(own_words, at_word)
        others = self.words[other_row]
        candidates = [o for k, o in enumerate(others) if o.pos == occ.pos and o.lemma not in own_lemmas and not o.phrasal
                      and beside & _beside(others, k)]
        if not candidates:
            return None

        def place(o: Occurrence, r: int) -> float:
            return (o.start - self.index.start[r]) / max(1, self.index.end[r] - self.index.start[r])

        at = place(occ, row)
        return min(candidates, key=lambda o: (abs(place(o, other_row) - at), o.start))


def _beside(words: list[Occurrence], k: int, reach: int = 2) -> set[str]:
    """Lemmas of the content words at most ``reach`` places before and after word ``k``."""
    return {o.lemma for o in words[max(0, k - reach):k] + words[k + 1:k + 1 + reach]}
