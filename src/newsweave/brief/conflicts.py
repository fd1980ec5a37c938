"""Conflicts between articles: one quantity reported differently, one claim credited to different sources.

*Number* conflicts pair numeric claims of two articles with the same kind and the same counted
noun (or, for ages, the same person) in related sentences (one fact, or an alignment score of at
least :data:`RELATED`) whose values disagree once qualifiers are taken into account ("more than
100" agrees with 120); a count also disagrees with "all"/"every" of the same noun ("seven bridges"
against "all bridges"). *Attribution* conflicts are facts whose sentences in different outlets
credit the claim to disjoint sets of speakers.
"""
from __future__ import annotations

import re
from typing import Any

import numpy as np

from .sentences import Sentence

RELATED = 0.45
_SKIP_KINDS = {"date", "year"}
_ABOVE = {"more than", "over", "at least", "upwards of", "in excess of", "nearly more than"}
_BELOW = {"less than", "under", "just under", "fewer than", "up to", "nearly", "almost", "at most", "no more than"}
_ALL = re.compile(r"\b(?:all|every|each)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?((?:[a-z][\w-]*\s+){0,2}?([a-z][\w-]*))\b")
_STOP_HEADS = {"age", "people", "times", "things", "ways"}


def _head(counted: str | None) -> str | None:
    if not counted:
        return None
    words = re.findall(r"[a-z]+", counted.lower())
    if not words:
        return None
    w = words[-1]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("es") and w[:-2].endswith(("ch", "sh", "x", "ss")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    va, vb = float(a["value"]), float(b["value"])
    if abs(va - vb) <= 0.01 * max(abs(va), abs(vb), 1e-9):
        return True
    for x, y in ((a, b), (b, a)):
        q = (x.get("qualifier") or "").lower()
        vx, vy = float(x["value"]), float(y["value"])
        if q in _ABOVE and vy >= vx or q in _BELOW and vy <= vx:
            return True
    vague = {"at least"}
    if (a.get("qualifier") in vague) != (b.get("qualifier") in vague) and max(va, vb) >= 1000:
        return True  # "thousands" against a figure in the thousands
    return False


def _age_subject(n: dict[str, Any]) -> str | None:
    m = re.match(r"\s*(.+?),\s*\d", n["text"])
    return m.group(1).split()[-1].lower() if m else None


def conflicts_section(sentences: list[Sentence], score: np.ndarray, facts: list[dict[str, Any]], context) -> list[dict[str, Any]]:
    fact_of: dict[int, set[str]] = {}
    for f in facts:
        for i in f["_sentences"]:
            fact_of.setdefault(i, set()).add(f["id"])

    def related(i: int, j: int) -> bool:
        return bool(fact_of.get(i, set()) & fact_of.get(j, set())) or float(score[i, j]) >= RELATED

    def side(s: Sentence, text: str, start: int, end: int, value: Any, source: str | None) -> dict[str, Any]:
        return {"article": s.article, "outlet": context.outlet(s.article), "text": text, "start": start, "end": end,
                "value": value, "source": source, "sentence": s.text}

    topics: dict[tuple, dict[str, Any]] = {}

    def add(kind: str, topic: str, sides: list[dict[str, Any]]) -> None:
        entry = topics.setdefault((kind, topic), {"topic": topic, "kind": kind, "sides": []})
        for sd in sides:
            if not any(o["article"] == sd["article"] and o["start"] == sd["start"] for o in entry["sides"]):
                entry["sides"].append(sd)

    claims = [(s, n) for s in sentences for n in s.numbers if n.get("kind") not in _SKIP_KINDS]
    for x in range(len(claims)):
        si, a = claims[x]
        for y in range(x + 1, len(claims)):
            sj, b = claims[y]
            if si.article == sj.article or context.source_key(si.article) == context.source_key(sj.article):
                continue
            if a.get("kind") != b.get("kind") or a.get("unit") != b.get("unit") or not related(si.index, sj.index):
                continue
            if a["kind"] == "age":
                subj = _age_subject(a)
                if not subj or subj != _age_subject(b):
                    continue
                topic = f"age of {a['text'].rsplit(',', 1)[0].strip()}"
            else:
                head = _head(a.get("counted"))
                if not head or head in _STOP_HEADS or head != _head(b.get("counted")):
                    continue
                topic = f"how many {a['counted'].split()[-1]}" if a["kind"] == "count" else f"{a['kind']}: {a['counted']}"
            if _agree(a, b):
                continue
            add("number", topic, [side(si, a["text"], a["start"], a["end"], a["value"], a.get("source")),
                                  side(sj, b["text"], b["start"], b["end"], b["value"], b.get("source"))])
    # a count against "all"/"every" of the same noun
    for s in sentences:
        for m in _ALL.finditer(s.text):
            head = _head(m.group(2))
            if not head or head in _STOP_HEADS:
                continue
            for t, n in claims:
                if t.article == s.article or context.source_key(t.article) == context.source_key(s.article):
                    continue
                if n.get("kind") != "count" or _head(n.get("counted")) != head or not related(s.index, t.index):
                    continue
                article = context.by_id[s.article]
                r0, r1 = article.raw_span(s.start + m.start(), s.start + m.end())
                source = next((q["speaker"]["name"] for q in s.quotes if q.get("speaker") and q["speaker"].get("name")), None)
                add("number", f"how many {n['counted'].split()[-1]}",
                    [side(t, n["text"], n["start"], n["end"], n["value"], n.get("source")),
                     side(s, m.group(0), r0, r1, "all", source)])
    # one claim, different sources
    seen_attributions: set[frozenset] = set()
    for f in facts:
        if f["independent_outlets"] < 2:
            continue
        by_source: dict[str, list[Sentence]] = {}
        for i in f["_members"]:  # the sentences aligned as one, not those supporting it as well
            s = sentences[i]
            if any((q.get("speaker") or {}).get("entity") for q in s.quotes):
                by_source.setdefault(context.source_key(s.article), []).append(s)
        if len(by_source) < 2:
            continue
        groups = list(by_source.values())
        spoken = [{(q.get("speaker") or {}).get("entity") for s in g for q in s.quotes} - {None} for g in groups]
        if any(spoken[p] & spoken[q] for p in range(len(spoken)) for q in range(p + 1, len(spoken))):
            continue
        sides = []
        for g in groups:
            s = g[0]
            q = next(q for q in s.quotes if (q.get("speaker") or {}).get("entity"))
            name = q["speaker"]["name"]
            sides.append(side(s, s.text, s.raw_start, s.raw_end, name, name))
        key = frozenset((sd["article"], sd["start"]) for sd in sides)
        if key not in seen_attributions:
            seen_attributions.add(key)
            add("attribution", f"who said it: {f['text'][:80]}", sides)
    out = sorted(topics.values(), key=lambda c: (c["kind"] != "number", c["topic"]))
    return [{"id": f"C{k}", "topic": c["topic"], "kind": c["kind"], "sides": c["sides"]} for k, c in enumerate(out, 1)]
