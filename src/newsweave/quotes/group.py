"""The same quote across articles: one ``group`` id for quotes whose words match.

Words are compared after normalising case, punctuation and transliteration, with [bracketed]
insertions dropped. Two quotes of comparable length (the shorter has at least
``COMPARABLE_SHARE`` of the longer's words) are the same quote when their words nearly match, in
any order or with a part missing; below ``SHORT_WORDS`` words they must match nearly letter for
letter, below ``MIN_WORDS`` exactly. These matches are joined first. A shorter quote (an outlet
quoting part of a longer one) then joins the longer quote's group when it is nearly contained in
it, but only when every quote containing it lies in one group: a stock phrase ("I don't know",
"our thoughts and prayers are with the family") found inside several different quotes joins none
of them, so it cannot chain unrelated quotes into one group. Quotes joined into one run by the same
cue in an article are one statement: they share a group, and are compared as one text too (a quote
split in two by one outlet meets its whole in another).

Pairs are not all compared (prefix filtering): a quote of n distinct words looks up only the quotes
with at least as many words that hold one of its k + 1 rarest words, k = ``MAX_DIFFERENT_SHARE`` of
n (rounded up), and misses at most k of its words in them. If at most k of its words are missing
from the other quote, any k + 1 of its words include one the other holds, so the pair is found
from the side with fewer words. (A quote with more of its words missing stays below ``MIN_SCORE``
unless the differences are single letters in many words.)
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
SHORT_WORDS = 8  # below this many words two quotes must match letter for letter (nearly), not in parts or any order
COMPARABLE_SHARE = 0.75  # two quotes are compared whole when the shorter has at least this share of the longer's words


def normalise(text: str) -> str:
    text = _BRACKETS.sub(" ", text)
    return " ".join(_WORD.findall(anyascii(text).lower()))


def same_quote(a: str, b: str) -> bool:
    """Whether two quote texts are the same quote, or one is (nearly) a part of the other."""
    na, nb = normalise(a), normalise(b)
    short, long_ = sorted((na, nb), key=lambda t: len(t.split()))
    return _same_normalised(na, nb) or _contained(short, long_)


def _comparable(na: str, nb: str) -> bool:
    la, lb = len(na.split()), len(nb.split())
    return min(la, lb) >= COMPARABLE_SHARE * max(la, lb)


def _same_normalised(na: str, nb: str) -> bool:
    """Two texts of comparable length with nearly the same words (order, one part or a few letters aside)."""
    fewer = min(len(na.split()), len(nb.split()))
    if fewer < MIN_WORDS:
        return na == nb and bool(na)
    if not _comparable(na, nb):
        return False
    if fewer < SHORT_WORDS:  # letter for letter: "he was a good kid" is not "my brother was a good kid"
        return bool(fuzz.ratio(na, nb, score_cutoff=MIN_SCORE))
    short, long_ = sorted((na, nb), key=len)
    # score_cutoff lets rapidfuzz stop early on pairs that cannot reach it (the same answers)
    if fuzz.partial_ratio(short, long_, score_cutoff=MIN_SCORE):
        return True
    return bool(fuzz.token_set_ratio(na, nb, score_cutoff=MIN_SCORE))


def _contained(short: str, long_: str) -> bool:
    """The shorter text appears (nearly letter for letter) inside the longer one."""
    if len(short.split()) < MIN_WORDS:
        return False
    return bool(fuzz.partial_ratio(short, long_, score_cutoff=MIN_SCORE))


def _candidate_pairs(texts: list[str]) -> Iterator[tuple[int, int]]:
    """Index pairs ``(i, j)`` worth comparing, ``i`` the one with fewer words (when equal, both
    orders may come, each pair once): ``j`` holds one of ``i``'s k + 1 rarest words and at most k of
    ``i``'s words are missing from ``j``."""
    words = [set(t.split()) for t in texts]
    frequency = Counter(w for ws in words for w in ws)
    holders: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            holders[w].append(i)
    seen: set[tuple[int, int]] = set()
    for i, ws in enumerate(words):
        allowed = math.ceil(MAX_DIFFERENT_SHARE * len(ws))
        for w in sorted(ws, key=lambda w: (frequency[w], w))[:allowed + 1]:
            for j in holders[w]:
                if j == i or len(words[j]) < len(ws):
                    continue  # looked up from j's side
                pair = (i, j) if i < j else (j, i)
                if pair not in seen and len(ws - words[j]) <= allowed:
                    seen.add(pair)
                    yield i, j


def group_quotes(quotes_by_article: dict[str, list]) -> None:
    """Give quotes that are the same words (across articles) one ``group`` id, in place (None when a
    quote matches no quote of another article)."""
    items = []  # (article, [quotes], text, is a run)
    for art, quotes in quotes_by_article.items():
        runs: dict = {}
        for q in quotes:
            if q.kind != "direct":
                continue
            items.append((art, [q], q.text, False))
            if q.cue_start is not None:
                runs.setdefault((q.cue_start, q.speaker_start), []).append(q)
        for run in runs.values():
            if len(run) > 1:
                items.append((art, run, " ".join(q.text for q in run), True))
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner = {id(qs[0]): i for i, (_, qs, _, run) in enumerate(items) if not run}
    for i, (_, qs, _, run) in enumerate(items):
        if run:  # one statement: its quotes share a group
            for q in qs:
                parent[find(owner[id(q)])] = find(i)
    texts = [normalise(text) for _, _, text, _ in items]
    sizes = [len(t.split()) for t in texts]
    containers: dict[int, list[int]] = defaultdict(list)  # a shorter item -> longer items holding it
    for i, j in sorted(_candidate_pairs(texts)):
        if items[i][0] == items[j][0]:
            continue
        if _comparable(texts[i], texts[j]):
            if find(i) != find(j) and _same_normalised(texts[i], texts[j]):
                parent[find(j)] = find(i)
        elif _contained(texts[i], texts[j]):
            containers[i].append(j)
    # parts join the group of the quotes holding them, longest parts first (a part of a part then
    # finds both in one group); a group of parts held by several other groups joins none
    held: dict[int, list[int]] = defaultdict(list)  # group -> items holding one of its parts
    longest: dict[int, int] = defaultdict(int)
    for i, js in containers.items():
        held[find(i)].extend(js)
        longest[find(i)] = max(longest[find(i)], sizes[i])
    for root in sorted(held, key=lambda r: (-longest[r], r)):
        groups = {find(j) for j in held[root]} - {find(root)}
        if len(groups) == 1:
            parent[find(root)] = groups.pop()
    members: dict[int, list[int]] = defaultdict(list)
    for i, (_, _, _, run) in enumerate(items):
        if not run:
            members[find(i)].append(i)
    n = 0
    for idxs in sorted(members.values(), key=min):
        group = None
        if len({items[i][0] for i in idxs}) > 1:
            n += 1
            group = f"q{n}"
        for i in idxs:
            items[i][1][0].group = group
