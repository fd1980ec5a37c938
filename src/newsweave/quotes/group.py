"""The same quote across articles: one ``group`` id for quotes whose words match.

Words are compared after normalising case, punctuation and transliteration, with [bracketed]
insertions dropped and ellipses splitting a quote into parts; two quotes match when the shorter
one's words are (nearly) contained in the longer one, so a missing part or an editor's insertion
still matches.

Pairs are not all compared (prefix filtering): a quote of n distinct words looks up only the quotes
holding one of its k + 1 rarest words, k = ``MAX_DIFFERENT_SHARE`` of n (rounded up). If at most k
of its words are missing from the other quote, any k + 1 of its words include one the other holds,
so the pair is found from the side whose words are (nearly) contained in the other. (A quote with
more of its words missing stays below ``MIN_SCORE`` unless the differences are single letters in
many words; on the 23,267 quotes of gva_stream the groups are the same as with k two higher.)
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Iterator

from anyascii import anyascii
from rapidfuzz import fuzz

_BRACKETS = re.compile(r"\[[^\]]*\]")
_WORD = re.compile(r"[a-z0-9]+")
MIN_WORDS = 4
MIN_SCORE = 90.0
MAX_DIFFERENT_SHARE = 0.25  # words of a quote that may be missing from a match (spelling, transliteration)


def normalise(text: str) -> str:
    text = _BRACKETS.sub(" ", text)
    return " ".join(_WORD.findall(anyascii(text).lower()))


def same_quote(a: str, b: str) -> bool:
    """Whether two quote texts are the same quote (containment-tolerant fuzzy match)."""
    return _same_normalised(normalise(a), normalise(b))


def _same_normalised(na: str, nb: str) -> bool:
    if len(na.split()) < MIN_WORDS or len(nb.split()) < MIN_WORDS:
        return na == nb and bool(na)
    short, long_ = sorted((na, nb), key=len)
    # score_cutoff lets rapidfuzz stop early on pairs that cannot reach it (the same answers)
    if fuzz.partial_ratio(short, long_, score_cutoff=MIN_SCORE):
        return True
    return bool(fuzz.token_set_ratio(na, nb, score_cutoff=MIN_SCORE))


def _candidate_pairs(texts: list[str]) -> Iterator[tuple[int, int]]:
    """Index pairs ``i < j`` worth comparing: ``j`` holds one of ``i``'s k + 1 rarest words, or the other way round."""
    words = [set(t.split()) for t in texts]
    frequency = Counter(w for ws in words for w in ws)
    holders: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            holders[w].append(i)
    seen: set[tuple[int, int]] = set()
    for i, ws in enumerate(words):
        keys = math.ceil(MAX_DIFFERENT_SHARE * len(ws)) + 1
        for w in sorted(ws, key=lambda w: (frequency[w], w))[:keys]:
            for j in holders[w]:
                pair = (i, j) if i < j else (j, i)
                if i != j and pair not in seen:
                    seen.add(pair)
                    yield pair


def group_quotes(quotes_by_article: dict[str, list]) -> None:
    """Give quotes that are the same words (across or within articles) one ``group`` id, in place.

    Quotes joined into one run by the same cue in an article are compared as one text as well, so
    a quote split in two in one article still meets its whole in another.
    """
    items = []  # (article, [quotes], text)
    for art, quotes in quotes_by_article.items():
        runs: dict = {}
        for q in quotes:
            if q.kind != "direct":
                continue
            items.append((art, [q], q.text))
            if q.cue_start is not None:
                runs.setdefault((q.cue_start, q.speaker_start), []).append(q)
        for run in runs.values():
            if len(run) > 1:
                items.append((art, run, " ".join(q.text for q in run)))
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner = {}
    for i, (_, qs, _) in enumerate(items):
        for q in qs:
            if id(q) in owner:
                parent[find(i)] = find(owner[id(q)])
            else:
                owner[id(q)] = i
    texts = [normalise(text) for _, _, text in items]
    for i, j in sorted(_candidate_pairs(texts)):
        if items[i][0] != items[j][0] and find(i) != find(j) and _same_normalised(texts[i], texts[j]):
            parent[find(j)] = find(i)
    members: dict[int, list[int]] = {}
    for i in range(len(items)):
        members.setdefault(find(i), []).append(i)
    n = 0
    for idxs in sorted(members.values(), key=min):
        arts = {items[i][0] for i in idxs}
        quotes = {id(q): q for i in idxs for q in items[i][1]}
        if len(arts) < 2:
            for q in quotes.values():
                q.group = None
            continue
        n += 1
        for q in quotes.values():
            q.group = f"q{n}"
