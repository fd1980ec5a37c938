"""Copied wording: outlets whose supports of a fact tell it in the same narration, word for word (a wire report two
outlets both ran, partly rewritten around it), are one report, not corroboration (``shared_wording`` of a fact)."""
from __future__ import annotations

import re
from collections import defaultdict

from ..entities.merging import UnionFind
from .sentences import Sentence

_QUOTE_MARKS = re.compile(r"[\"“”«»„]")
_WORD = re.compile(r"\w+")
COPY_MIN_WORDS = 12  # words a unit needs for its wording to count as copied
COPY_HEADLINE_WORDS = 6  # words a headline needs for two outlets' identical headlines to count as one report
COPY_SHARE = 0.8  # share of the shorter unit's word 4-grams found in the other: the same wording


def _narration_grams(unit: Sentence) -> tuple[set[tuple[str, ...]], bool, tuple[str, ...] | None]:
    """Word 4-grams of a unit in the outlet's own words, whether they are narration around a quotation, and, where they
    are its paragraph's, its own sentence's narration words. A unit that holds quotation marks or lies in or across a
    direct quotation gives the 4-grams of its whole sentence's words outside quotation marks (``Sentence.narration``,
    each run between quotations apart) when there are at least :data:`COPY_MIN_WORDS` of them (two outlets quoting the
    same words each report a statement, each in its own words around it; the same long narration around the same
    quotation is one report copied); with fewer, those of its paragraph's narration (two outlets that ran one wire
    paragraph of short sentences around quotations) when they hold at least as many 4-grams as a run of
    :data:`COPY_MIN_WORDS` words, else none; so does a unit of fewer than :data:`COPY_MIN_WORDS` words. Reported
    speech without marks is the outlet's wording, and copied word for word it is one report."""
    if unit.title:  # a headline of some length run word for word by two outlets: one wire report's (compared whole)
        words = tuple(_WORD.findall(unit.text.lower()))
        return ({words} if len(words) >= COPY_HEADLINE_WORDS else set()), False, None
    if any(q.get("kind") != "indirect" for q in unit.quotes) or _QUOTE_MARKS.search(unit.text):
        pieces = _pieces(unit.narration)
        if sum(len(words) for words in pieces) >= COPY_MIN_WORDS:
            return _grams(pieces), True, None
        # too little narration in its sentence ("It said something could evolve “…”"): its paragraph's, counted in
        # 4-grams (a paragraph of quotations, each with "she said", has many words and nothing copied)
        grams = _grams(_pieces(unit.paragraph_narration))
        if len(grams) < COPY_MIN_WORDS - 3:
            return set(), True, None
        return grams, True, tuple(w for words in pieces for w in words)
    words = _WORD.findall(unit.text.lower())
    if len(words) < COPY_MIN_WORDS:
        return set(), False, None
    return _grams([words]), False, None


def _pieces(narration: str) -> list[list[str]]:
    return [_WORD.findall(piece.lower()) for piece in narration.split("|")] if narration else []


def _grams(pieces: list[list[str]]) -> set[tuple[str, ...]]:
    return {tuple(words[k:k + 4]) for words in pieces for k in range(len(words) - 3)}


Wording = tuple["set[tuple[str, ...]] | frozenset[tuple[str, ...]]", bool, "tuple[str, ...] | None"]


def _same_wording(i: Wording, j: Wording) -> bool:
    """Whether two units' wordings (:func:`_narration_grams`) are the same: :data:`COPY_SHARE` of the shorter side's
    4-grams found in the other; narration around a quotation is matched on the larger side (a frame, "the White House
    said in a statement on Tuesday", found within another sentence's longer narration is not that sentence copied); a
    paragraph's narration only where both units are judged on their paragraphs and their own sentences' few words
    around the quotation are the same (one copied sentence in a paragraph does not make its other sentences copies)."""
    (gi, around_i, own_i), (gj, around_j, own_j) = i, j
    if (own_i is not None or own_j is not None) and own_i != own_j:
        return False
    return len(gi & gj) >= COPY_SHARE * (max if around_i or around_j else min)(len(gi), len(gj))


def shared_wording(support_idx: list[int], sentences: list[Sentence], source_key) -> list[list[str]]:
    """Groups of the independent sources of a fact whose supports tell it in the same narration, word for word
    (a wire report two outlets both ran, partly rewritten around it): each group is one report, not corroboration."""
    wording = {i: _narration_grams(sentences[i]) for i in support_idx}
    reports = UnionFind()
    for a, i in enumerate(support_idx):
        for j in support_idx[a + 1:]:
            ki, kj = source_key(sentences[i].article), source_key(sentences[j].article)
            if ki == kj or not wording[i][0] or not wording[j][0] or reports.find(ki) == reports.find(kj):
                continue
            if _same_wording(wording[i], wording[j]):
                reports.union(ki, kj)
    groups: dict[str, set[str]] = defaultdict(set)
    for key in list(reports.parent):
        groups[reports.find(key)].add(key)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


def copied_sources(sentences: list[Sentence], source_key) -> dict[str, str]:
    """Sources whose articles' texts share a unit's narration word for word anywhere (as :func:`shared_wording`
    judges a pair), each mapped to one of its group: partly one wire report, so two headlines of a group are one
    report's, however short (a headline tells its article's report and is never compared on its own words alone)."""
    # units of one wording (the units of a paragraph judged on it share one) are compared once, then their sources
    # joined by their own sentences' words: the pairs stay few however long a paragraph
    groups: dict[tuple[frozenset, bool], dict[tuple[str, ...] | None, set[str]]] = {}
    for s in sentences:
        if not s.title:
            grams, around, own = _narration_grams(s)
            if grams:
                groups.setdefault((frozenset(grams), around), {}).setdefault(own, set()).add(source_key(s.article))
    entries = list(groups.items())
    reports = UnionFind()

    def join(owns_x: dict, owns_y: dict) -> None:
        for own, keys in owns_x.items():
            together = keys | owns_y.get(own, set())
            if len(together) > 1:
                first, *rest = sorted(together)
                for key in rest:
                    reports.union(first, key)

    holders: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for k, ((grams, _), owns) in enumerate(entries):
        join(owns, {})  # identical wordings of two sources
        for gram in grams:
            holders[gram].append(k)
    checked: set[tuple[int, int]] = set()
    for units in holders.values():
        for a, x in enumerate(units):
            for y in units[a + 1:]:
                if (x, y) in checked:
                    continue
                checked.add((x, y))
                ((gx, qx), owns_x), ((gy, qy), owns_y) = entries[x], entries[y]
                if _same_wording((gx, qx, None), (gy, qy, None)):  # frozensets: compared as they are
                    join(owns_x, owns_y)
    return {key: reports.find(key) for key in list(reports.parent)}
