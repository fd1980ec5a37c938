"""Link strength: how likely two sentences of different articles state the same claim.

A logistic model over signals of the pair, each an n-by-n matrix over the story's units (clauses
of sentences, :mod:`.sentences`):

- ``cos``, ``cos_sentence``: cosine of the sentence encoder's vectors of the two units, and of the
  whole sentences they belong to;
- ``words``: cosine of TF-IDF vectors of content-word stems, the IDF taken over the story and
  squared, so rare shared words count most;
- ``tfidf``: cosine of plain TF-IDF vectors of the whole sentences (words of four or more letters,
  ``count * log(1 + n / df)`` over the story's sentences): the words a sentence shares beyond its clause;
- ``entities``: linked entities in both (rarer ones weigh more), capped; ``numbers``: the same
  number of the same kind; ``quote``: the same quote group; ``verbs``: verbs of acting (lemmas, not
  verbs of saying) in both, up to two: the same action;
- ``rank_far``, ``rank_near``: how far down each unit sits in the other's ranking of its article's
  units (0: each is the other's best match), as ``log(1 + rank)``;
- ``lead``: how early the earlier of the two sits in its article (0 at the top, 1 at the end);
- ``short``: the log word count of the shorter unit.

The weights (``link_model.json``, plain JSON) are fitted by ``benchmarks/train_link_model.py`` on
the annotated BASIL triplets (``verbs`` after the others, on their logit: a pair sharing no verb keeps the
probability a model without verbs, fitted on the same pairs, gives); its ``--loo`` option reports the brief's figures with each triplet
scored by a model trained without it. Pairs within one article get -1.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer

from .sentences import Sentence

FEATURES = ("cos", "cos_sentence", "words", "tfidf", "entities", "numbers", "quote", "verbs", "rank_far", "rank_near", "lead",
            "short")
VERB_CAP = 2.0
IDF_POWER = 2
ENTITY_CAP = 3.0
_NUMBER_KINDS_SKIPPED = {"year", "date"}
_TOKEN = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"[^\W\d_]{2,}")
_WORD4 = re.compile(r"[^\W\d_]{4,}")


def _stem(word: str) -> str:
    """A crude stem: plural dropped, then the first five letters ("advancing" ~ "advances")."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    return word[:5]


def content_stems(text: str) -> list[str]:
    return [_stem(w) for w in _TOKEN.findall(text.lower().replace("’s", "").replace("'s", ""))
            if len(w) > 2 and w not in ENGLISH_STOP_WORDS]


def word_overlap(texts: list[str]) -> np.ndarray:
    """Cosine of TF-IDF vectors of content-word stems, IDF over the texts given, squared."""
    if not any(content_stems(t) for t in texts):
        return np.zeros((len(texts), len(texts)), dtype=np.float32)
    vectorizer = TfidfVectorizer(analyzer=content_stems, binary=True, norm=None)
    x = vectorizer.fit_transform(texts).toarray().astype(np.float32)
    x *= (vectorizer.idf_ ** (IDF_POWER - 1)).astype(np.float32)[None, :]
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    return x @ x.T


def sentence_tfidf(texts: list[str]) -> np.ndarray:
    """Cosine of TF-IDF vectors of words of four or more letters (lower-cased), ``count * log(1 + n / df)``
    with ``n`` and ``df`` over the distinct texts given (a sentence cut into clauses counts once)."""
    distinct = list(dict.fromkeys(texts))
    row = {t: k for k, t in enumerate(distinct)}
    words = [_WORD4.findall(t.lower()) for t in distinct]
    if not any(words):
        return np.zeros((len(texts), len(texts)), dtype=np.float32)
    counts = CountVectorizer(analyzer=lambda ws: ws).fit_transform(words)
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    x = counts.multiply(np.log1p(len(distinct) / df)[None, :]).tocsr().toarray().astype(np.float32)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    index = np.array([row[t] for t in texts])
    return (x @ x.T)[np.ix_(index, index)]


def _incidence(keys_per_row: list[set], weight=None) -> np.ndarray:
    vocab: dict[Any, int] = {}
    for keys in keys_per_row:
        for k in keys:
            vocab.setdefault(k, len(vocab))
    m = np.zeros((len(keys_per_row), max(1, len(vocab))), dtype=np.float32)
    for i, keys in enumerate(keys_per_row):
        for k in keys:
            m[i, vocab[k]] = 1.0
    if weight is not None and vocab:
        df = m.sum(axis=0)
        m *= np.sqrt(weight(df))[None, :]
    return m


def _ranks(score: np.ndarray, article: np.ndarray) -> np.ndarray:
    """``r[i, j]``: the rank of j (0 = best) among the units of j's article by ``score`` with i."""
    n = len(article)
    out = np.zeros(score.shape, dtype=np.float32)
    for a in np.unique(article):
        cols = np.nonzero(article == a)[0]
        order = np.argsort(-score[:, cols], axis=1, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.broadcast_to(np.arange(len(cols)), (n, len(cols))), axis=1)
        out[:, cols] = rank
    return out


_YEAR_LIKE = re.compile(r"(?:19|20)\d\d(?![\d,.])")


def _compared(number: dict[str, Any]) -> bool:
    """Whether a number counts for the ``numbers`` signal: not a date or year, nor a count the number finder read from a
    four-digit 19xx/20xx ("the 2016 election", "2016 candidates": a year naming the background, not a figure)."""
    if number.get("kind") in _NUMBER_KINDS_SKIPPED:
        return False
    return not (number.get("kind") == "count" and _YEAR_LIKE.match(str(number.get("text") or "").strip()))


def pair_signals(sentences: list[Sentence], vectors: np.ndarray, sentence_vectors: np.ndarray,
                 names: tuple[str, ...] | list[str] = FEATURES) -> dict[str, np.ndarray]:
    """The signals of :data:`FEATURES` as n-by-n matrices (unit vectors in, one row per unit); ``tfidf``
    only when ``names`` holds it (a model that does not use it does not pay for it)."""
    index = {a: i for i, a in enumerate(dict.fromkeys(s.article for s in sentences))}
    article = np.array([index[s.article] for s in sentences])
    cos = vectors @ vectors.T
    words = word_overlap([s.text for s in sentences])
    ent = _incidence([s.entities for s in sentences], weight=lambda df: 1.0 / (1.0 + np.log(np.maximum(df, 1.0))))
    num = _incidence([{(x["kind"], x["value"]) for x in s.numbers if _compared(x)} for s in sentences])
    quo = _incidence([s.groups for s in sentences])
    act = _incidence([s.verbs for s in sentences])
    ranks = _ranks(0.5 * cos + 0.5 * words, article)
    body = np.array([not s.title for s in sentences], dtype=bool)
    length = np.maximum(np.bincount(article[body], minlength=len(index)), 1).astype(np.float32)
    position = np.array([max(s.order, 0) for s in sentences], dtype=np.float32) / length[article]  # a headline: 0
    size = np.log(np.array([max(1, len(_WORD.findall(s.text))) for s in sentences], dtype=np.float32))
    return {
        "cos": cos,
        "cos_sentence": sentence_vectors @ sentence_vectors.T,
        "words": words,
        "entities": np.minimum(ENTITY_CAP, ent @ ent.T),
        "numbers": np.minimum(1.0, num @ num.T),
        "quote": np.minimum(1.0, quo @ quo.T),
        "verbs": np.minimum(VERB_CAP, act @ act.T),
        "rank_far": np.log1p(np.maximum(ranks, ranks.T)),
        "rank_near": np.log1p(np.minimum(ranks, ranks.T)),
        "lead": np.minimum(position[:, None], position[None, :]),
        "short": np.minimum(size[:, None], size[None, :]),
    } | ({"tfidf": sentence_tfidf([s.sentence_text or s.text for s in sentences])} if "tfidf" in names else {})


@lru_cache(maxsize=1)
def shipped_model() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("link_model.json").read_text(encoding="utf-8"))


def link_probability(signals: dict[str, np.ndarray], model: dict[str, Any] | None = None) -> np.ndarray:
    """The model's probability that two units state the same claim (n-by-n, symmetric)."""
    model = model or shipped_model()
    weights = model["weights"]
    logit = None
    for name in FEATURES:
        if name not in weights:  # a model fitted without this signal
            continue
        term = np.float32(weights[name]) * signals[name].astype(np.float32)
        logit = term if logit is None else logit + term
    if logit is None:
        return np.zeros((0, 0), dtype=np.float32)
    logit += np.float32(model["intercept"])
    return (1.0 / (1.0 + np.exp(-logit))).astype(np.float32)


def link_matrix(sentences: list[Sentence], vectors: np.ndarray, sentence_vectors: np.ndarray,
                model: dict[str, Any] | None = None) -> np.ndarray:
    """Link probabilities of every pair of units; -1 within one article."""
    n = len(sentences)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    model = model or shipped_model()
    score = link_probability(pair_signals(sentences, vectors, sentence_vectors, tuple(model["weights"])), model)
    index = {a: i for i, a in enumerate(dict.fromkeys(s.article for s in sentences))}
    article = np.array([index[s.article] for s in sentences])
    score[article[:, None] == article[None, :]] = -1.0
    return score
