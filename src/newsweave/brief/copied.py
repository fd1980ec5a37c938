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


def _narration_grams(unit: Sentence) -> tuple[set[tuple[str, ...]], bool]:
    """Word 4-grams of a unit in the outlet's own words, and whether they are its sentence's narration around a
    quotation. A unit that holds quotation marks or lies in or across a direct quotation gives the 4-grams of its
    whole sentence's words outside quotation marks (``Sentence.narration``, each run between quotations apart) when
    there are at least :data:`COPY_MIN_WORDS` of them (two outlets quoting the same words each report a statement,
    each in its own words around it; the same long narration around the same quotation is one report copied), else
    none; so does a unit of fewer than :data:`COPY_MIN_WORDS` words. Reported speech without marks is the outlet's
    wording, and copied word for word it is one report."""
    if unit.title:  # a headline of some length run word for word by two outlets: one wire report's (compared whole)
        words = tuple(_WORD.findall(unit.text.lower()))
        return ({words} if len(words) >= COPY_HEADLINE_WORDS else set()), False
    if any(q.get("kind") != "indirect" for q in unit.quotes) or _QUOTE_MARKS.search(unit.text):
        pieces = _pieces(unit.narration)
        if sum(len(words) for words in pieces) < COPY_MIN_WORDS:
            # too little narration in its sentence ("It said something could evolve “…”"): its paragraph's, where
            # two outlets ran one wire paragraph around the same quotations
            pieces = _pieces(unit.paragraph_narration)
            if sum(len(words) for words in pieces) < COPY_MIN_WORDS:
                return set(), True
        return {tuple(words[k:k + 4]) for words in pieces for k in range(len(words) - 3)}, True
    words = _WORD.findall(unit.text.lower())
    if len(words) < COPY_MIN_WORDS:
        return set(), False
    return {tuple(words[k:k + 4]) for k in range(len(words) - 3)}, False


def _pieces(narration: str) -> list[list[str]]:
    return [_WORD.findall(piece.lower()) for piece in narration.split("|")] if narration else []


def _same_wording(gi: set, around_quote_i: bool, gj: set, around_quote_j: bool) -> bool:
    """Whether two units' 4-grams (:func:`_narration_grams`) are the same wording: :data:`COPY_SHARE` of the shorter
    side's found in the other; narration around a quotation is matched on the larger side (a frame, "the White House
    said in a statement on Tuesday", found within another sentence's longer narration is not that sentence copied)."""
    return len(gi & gj) >= COPY_SHARE * (max if around_quote_i or around_quote_j else min)(len(gi), len(gj))


def shared_wording(support_idx: list[int], sentences: list[Sentence], source_key) -> list[list[str]]:
    """Groups of the independent sources of a fact whose supports tell it in the same narration, word for word
    (a wire report two outlets both ran, partly rewritten around it): each group is one report, not corroboration."""
    grams, around_quote = {}, {}
    for i in support_idx:
        grams[i], around_quote[i] = _narration_grams(sentences[i])
    reports = UnionFind()
    for a, i in enumerate(support_idx):
        for j in support_idx[a + 1:]:
            ki, kj = source_key(sentences[i].article), source_key(sentences[j].article)
            gi, gj = grams[i], grams[j]
            if ki == kj or not gi or not gj or reports.find(ki) == reports.find(kj):
                continue
            if _same_wording(gi, around_quote[i], gj, around_quote[j]):
                reports.union(ki, kj)
    groups: dict[str, set[str]] = defaultdict(set)
    for key in list(reports.parent):
        groups[reports.find(key)].add(key)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


def copied_sources(sentences: list[Sentence], source_key) -> dict[str, str]:
    """Sources whose articles' texts share a unit's narration word for word anywhere (as :func:`shared_wording`
    judges a pair), each mapped to one of its group: partly one wire report, so two headlines of a group are one
    report's, however short (a headline tells its article's report and is never compared on its own words alone)."""
    grams = [(i, *_narration_grams(s)) for i, s in enumerate(sentences) if not s.title]
    holders: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for k, (_, g, _) in enumerate(grams):
        for gram in g:
            holders[gram].append(k)
    reports = UnionFind()
    checked: set[tuple[int, int]] = set()
    for units in holders.values():
        for a, x in enumerate(units):
            for y in units[a + 1:]:
                (i, gi, qi), (j, gj, qj) = grams[x], grams[y]
                ki, kj = source_key(sentences[i].article), source_key(sentences[j].article)
                if ki == kj or (x, y) in checked or reports.find(ki) == reports.find(kj):
                    continue
                checked.add((x, y))
                if _same_wording(gi, qi, gj, qj):
                    reports.union(ki, kj)
    return {key: reports.find(key) for key in list(reports.parent)}
