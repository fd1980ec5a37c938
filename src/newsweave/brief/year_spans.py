"""Spans of years ("since 2002", "from 1967 to 1979"): two units giving one span word different years never state one
claim (:func:`years_clash`: facts keep them apart, conflicts show them)."""
from __future__ import annotations

import re

import numpy as np

from .sentences import Sentence

# a year after a word that opens or closes a span of time: "since 2002", "from 1967 to 1979", "until 2020" (not "in
# 2005", which background clauses use for anything: "who joined the council in 2005"), never a decade ("the 1990s")
_SPAN_YEAR = re.compile(r"\b(since|from|to|until|till|through|between)\s+(?:early\s+|late\s+|mid-)?(\d{4})\b(?!['’]?s\b)", re.I)


def span_year_phrases(s: Sentence) -> list[re.Match]:
    """The unit's span-of-time phrases ("since 2002", "from 1967", "to 1979") whose year the number finder read as one
    (a headline, which the analysis does not read: every such phrase)."""
    years = {int(x["value"]) for x in s.numbers if x.get("kind") == "year"}
    return [m for m in _SPAN_YEAR.finditer(s.text) if s.title or int(m.group(2)) in years]


def _span_years(s: Sentence) -> dict[str, set[int]]:
    """The years the unit gives after each span word (lower case), among those the number finder read as years."""
    out: dict[str, set[int]] = {}
    for m in span_year_phrases(s):
        out.setdefault(m.group(1).lower(), set()).add(int(m.group(2)))
    return out


def years_clash(sentences: list[Sentence]) -> np.ndarray:
    """Pairs of units that give a span of time after one word with different years ("led House Democrats since
    2002" and "... since 2003"; "served from 1967 to 1979" and "held the seat from 1966 to 1978"): a disagreement
    or two different spans, never one claim told twice. Such a pair can be a possibly related fact, never
    corroboration (:func:`align`)."""
    spans = [_span_years(s) for s in sentences]
    n = len(sentences)
    clash = np.zeros((n, n), dtype=bool)
    dated = [i for i, y in enumerate(spans) if y]
    for x, a in enumerate(dated):
        for b in dated[x + 1:]:
            if any(not spans[a][word] & spans[b][word] for word in spans[a].keys() & spans[b].keys()):
                clash[a, b] = clash[b, a] = True
    return clash
