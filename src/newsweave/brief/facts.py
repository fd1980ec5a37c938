"""Facts: sentences of different articles aligned into clusters that report the same thing.

Two sentences of different articles are scored by the cosine of their sentence embeddings plus
bonuses for what the analysis found in both: linked entities (rarer ones weigh more), the same
number (value and kind) and the same quote group. Clusters grow by average linkage over pairs
scoring at least :data:`THRESHOLD`, holding at most one sentence per article. A sentence of one
article that also matches a cluster formed without it (one sentence reporting two facts another
outlet tells apart) supports that fact too when it and a member are each other's best match in
their articles (a one-way best match let every sentence of a many-outlet story that merely shares
its place and people support most facts), and for a pair also each member's runner-up scoring at
least :data:`RUNNER_UP`. Every sentence belongs to at least one fact. The
units are clauses: a compound sentence is cut into clauses (:func:`~.sentences.split_clauses`),
so one clause can be corroborated while another stays a single-source fact.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import re

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from .sentences import Sentence, readable_texts

THRESHOLD = 0.5  # score for two sentences to say the same thing, whatever else the articles say
MUTUAL = 0.3  # lower score enough when each sentence is the other's best match in its article
SECONDARY = 0.3  # score for a sentence of another fact to support this one as well
RUNNER_UP = SECONDARY  # score for a pair member's second-best match in an article to support the pair too
SECONDARY_MIN_MEMBERS = 1  # facts that take extra support (1: also single sentences)
LINK = 0.3  # average score between two clusters for them to merge
IDF_POWER = 2
EMBED_WEIGHT = 0.6  # score = EMBED_WEIGHT * cosine + (1 - EMBED_WEIGHT) * word overlap + bonuses
ENTITY_BONUS, ENTITY_CAP = 0.05, 0.12
NUMBER_BONUS = 0.08
QUOTE_BONUS = 0.25
_NUMBER_KINDS_SKIPPED = {"year", "date"}


@dataclass
class Fact:
    members: list[int]  # sentence indexes, primary members
    extra: list[int] = field(default_factory=list)  # sentences that also report it
    central: int = -1


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


_TOKEN = re.compile(r"[^\W\d_]+")


def _stem(word: str) -> str:
    """A crude stem: plural dropped, then the first five letters ("advancing" ~ "advances")."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    return word[:5]


def _tokens(text: str) -> list[str]:
    return [_stem(w) for w in _TOKEN.findall(text.lower().replace("’s", "").replace("'s", ""))
            if len(w) > 2 and w not in ENGLISH_STOP_WORDS]


def word_overlap(texts: list[str]) -> np.ndarray:
    """Cosine of TF-IDF vectors of content-word stems, IDF over the story's sentences."""
    if not any(_tokens(t) for t in texts):
        return np.zeros((len(texts), len(texts)), dtype=np.float32)
    vectorizer = TfidfVectorizer(analyzer=_tokens, binary=True, norm=None)
    x = vectorizer.fit_transform(texts).toarray().astype(np.float32)
    x *= (vectorizer.idf_ ** (IDF_POWER - 1)).astype(np.float32)[None, :]  # rare shared words count most
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    return x @ x.T


def score_matrix(sentences: list[Sentence], vectors: np.ndarray) -> np.ndarray:
    """Pairwise alignment scores; pairs within one article are -1."""
    n = len(sentences)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    score = EMBED_WEIGHT * (vectors @ vectors.T) + (1.0 - EMBED_WEIGHT) * word_overlap([s.text for s in sentences])
    ent = _incidence([s.entities for s in sentences], weight=lambda df: 1.0 / (1.0 + np.log(np.maximum(df, 1.0))))
    score += np.minimum(ENTITY_CAP, ENTITY_BONUS * (ent @ ent.T))
    num = _incidence([{(n["kind"], n["value"]) for n in s.numbers if n.get("kind") not in _NUMBER_KINDS_SKIPPED}
                      for s in sentences])
    score += NUMBER_BONUS * np.minimum(1.0, num @ num.T)
    quo = _incidence([s.groups for s in sentences])
    score += QUOTE_BONUS * np.minimum(1.0, quo @ quo.T)
    index = {a: i for i, a in enumerate(dict.fromkeys(s.article for s in sentences))}
    article = np.array([index[s.article] for s in sentences])
    score[article[:, None] == article[None, :]] = -1.0
    return score


def _indices_by_article(sentences: list[Sentence]) -> dict[str, list[int]]:
    by_article: dict[str, list[int]] = {}
    for s in sentences:
        by_article.setdefault(s.article, []).append(s.index)
    return by_article


def best_matches(sentences: list[Sentence], score: np.ndarray) -> np.ndarray:
    """``best[i, j]``: j is the best match of sentence i among the sentences of j's article."""
    by_article = _indices_by_article(sentences)
    best = np.full(score.shape, False)
    for idx in by_article.values():
        cols = np.asarray(idx)
        sub = score[:, cols]
        best[np.arange(len(sentences)), cols[np.argmax(sub, axis=1)]] = True
    return best


def runner_up(sentences: list[Sentence], score: np.ndarray) -> np.ndarray:
    """``second[i, j]``: j is the second-best match of sentence i among the sentences of j's article."""
    by_article = _indices_by_article(sentences)
    second = np.full(score.shape, False)
    for idx in by_article.values():
        if len(idx) < 2:
            continue
        cols = np.asarray(idx)
        order = np.argsort(-score[:, cols], axis=1, kind="stable")
        second[np.arange(len(sentences)), cols[order[:, 1]]] = True
    return second


def align(sentences: list[Sentence], score: np.ndarray) -> list[Fact]:
    """Cluster sentences into facts (see module docstring)."""
    n = len(sentences)
    cluster = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    articles: dict[int, set[str]] = {i: {sentences[i].article} for i in range(n)}
    if n:
        best = best_matches(sentences, score)
        # pairs scoring at least THRESHOLD, or at least MUTUAL and each the other's best in its article
        edges = (score >= THRESHOLD) | ((score >= MUTUAL) & best & best.T)
        rows, cols = np.nonzero(np.triu(edges, k=1))
        order = np.argsort(-score[rows, cols], kind="stable")
        for k in order:
            a, b = cluster[rows[k]], cluster[cols[k]]
            if a == b or articles[a] & articles[b]:
                continue
            if float(score[np.ix_(members[a], members[b])].mean()) < LINK:
                continue
            if len(members[a]) < len(members[b]):
                a, b = b, a
            for i in members[b]:
                cluster[i] = a
            members[a].extend(members.pop(b))
            articles[a] |= articles.pop(b)
    facts = [Fact(sorted(m)) for m in members.values()]
    second = runner_up(sentences, score) if n else None
    # a sentence and a member of a fact that are each other's best match in their articles: the
    # sentence supports that fact too (one sentence can report two facts another article tells apart)
    for fact in facts:
        if n == 0:
            break
        if len(fact.members) < SECONDARY_MIN_MEMBERS:
            continue
        link = best[fact.members] & best[:, fact.members].T
        near = link & (score[fact.members] >= SECONDARY)
        if len(fact.members) == 2:  # a pair: also each member's runner-up in the other article
            near |= second[fact.members] & (score[fact.members] >= RUNNER_UP)
        for i in np.nonzero(near.any(axis=0))[0]:
            if cluster[int(i)] != cluster[fact.members[0]]:
                fact.extra.append(int(i))
    for fact in facts:
        everyone = fact.members + fact.extra
        if len(everyone) == 1:
            fact.central = everyone[0]
        else:
            sub = score[np.ix_(fact.members, everyone)]
            sub = np.where(sub < -0.5, 0.0, sub)
            fact.central = fact.members[int(np.argmax(sub.sum(axis=1)))]
    return facts


def _position(sentences: list[Sentence], fact: Fact, length: dict[str, int]) -> float:
    return min(sentences[i].order / max(1, length[sentences[i].article]) for i in fact.members + fact.extra)


def facts_section(sentences: list[Sentence], facts: list[Fact], context) -> list[dict[str, Any]]:
    """The ``facts`` list of the brief, most widely reported first, then in story order. A fact's
    ``text`` is its central clause as it reads alone (:func:`~.sentences.readable_texts`)."""
    readable = readable_texts(sentences)
    length: dict[str, int] = {}
    for s in sentences:
        length[s.article] = length.get(s.article, 0) + 1
    rows = []
    for fact in facts:
        support_idx = sorted(fact.members + fact.extra, key=lambda i: (context.article_rank[sentences[i].article], sentences[i].order))
        arts = [sentences[i].article for i in support_idx]
        independent = context.independent(arts)
        central = sentences[fact.central]
        rows.append({
            "text": readable[central.index],
            "status": "corroborated" if independent >= 2 else "single_source",
            "support": [{"article": sentences[i].article, "start": sentences[i].raw_start, "end": sentences[i].raw_end}
                        for i in support_idx],
            "outlets": context.outlets(arts),
            "independent_outlets": independent,
            "_position": _position(sentences, fact, length),
            "_sentences": support_idx,
            "_members": list(fact.members),
            "_central": fact.central,
        })
    rows.sort(key=lambda r: (-r["independent_outlets"], r["_position"]))
    for k, row in enumerate(rows, 1):
        row["id"] = f"F{k}"
    return rows


def fact_of_sentence(rows: list[dict[str, Any]]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for row in rows:
        for i in row["_sentences"]:
            out.setdefault(i, []).append(row["id"])
    return out

