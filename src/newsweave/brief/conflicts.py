"""Conflicts between articles: one quantity reported differently, one claim credited to different sources.

*Number* conflicts pair numeric claims of two articles with the same kind and the same counted
noun (or, for ages, the same person) in related sentences (one fact, or an alignment score of at
least ``conflict_figure_link``) whose values disagree once qualifiers are taken into account ("more than
100" agrees with 120); a count also disagrees with "all"/"every" of the same noun ("seven bridges"
against "all bridges"). *Date* conflicts are two units of two sources linked at least
``conflict_date_link`` (the same claim) that each state one full date, and different ones ("voted on
Tuesday" against "voted Wednesday", weekdays resolved against each article's date). Two units of two sources that date one event differently also conflict when the date's verb (or
one of :data:`.conflict_dates.SAME_EVENT` for it: "passed" / "voted"), its subject (where both name one) and a
content word beside them agree and the days are at most ``conflict_event_days`` apart ("passing a
resolution on Tuesday reaffirming the motto" against "on Wednesday, the House voted on a bill
that reaffirmed the motto"); dates given for speaking ("said Friday") are not compared. *Status*
conflicts: one source says a person was fired and another that the person resigned or stepped
down; one says someone was charged and another that no charges were filed. Figures more than
``conflict_figure_ratio`` apart, and additions ("two more debates"), are not compared. *Attribution* conflicts are one quotation (one quote group, the same words) that two independent
sources credit to different named people (different entities whose surnames differ: "Jim Mattis"
and "Mattis" are one speaker).

The thresholds named are ``conflict_*`` settings of ``[brief]`` (:class:`~newsweave.settings.BriefSettings`),
given to :func:`conflicts_section`. This module pairs the claims; how figures, dates, statuses and names compare is in
:mod:`.conflict_numbers`, :mod:`.conflict_dates`, :mod:`.conflict_status` and :mod:`.speaker_names`.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from ..settings import DEFAULT_SETTINGS, BriefSettings
from .conflict_dates import date_side, near_words, one_date, same_event_other_day, same_weekday
from .conflict_numbers import (ALL_OF, SKIP_KINDS, STOP_HEADS, age_subject, agree, comparable, counted_head, far_apart,
                               is_increment, told_alike)
from .conflict_status import match_raw_span, status_conflicts
from .year_spans import span_year_phrases, years_clash
from .sentences import Sentence
from .speaker_names import same_person, surname

_WORDS = re.compile(r"[^\W\d_]+")


def _named_here(s: Sentence, quote: dict[str, Any], context) -> bool:
    """The quote's speaker is named by a capitalised name inside the sentence, not a pronoun or a description."""
    speaker = quote.get("speaker") or {}
    start, end = speaker.get("start"), speaker.get("end")
    if start is None or end is None:
        return False
    article = context.by_id[s.article]
    whole = s.sentence_text or s.text
    begin = s.start - max(0, whole.find(s.text))  # the whole sentence, not only the clause
    sentence_start, sentence_end = article.raw_span(begin, begin + len(whole))
    words = article.raw[start:end].split()
    return (sentence_start <= start and end <= sentence_end and len(words) >= 2
            and all(w[:1].isupper() for w in words[-2:]))


def conflicts_section(sentences: list[Sentence], score: np.ndarray, facts: list[dict[str, Any]], context,
                      settings: BriefSettings | None = None) -> list[dict[str, Any]]:
    """The ``conflicts`` list of the brief (see the module docstring); ``settings``: the brief's thresholds
    (default: those of ``defaults.toml``)."""
    settings = settings or DEFAULT_SETTINGS.brief
    big_figure = settings.conflict_big_figure
    fact_of: dict[int, set[str]] = {}
    for f in facts:
        for i in f["_sentences"]:
            fact_of.setdefault(i, set()).add(f["id"])

    def related(i: int, j: int) -> bool:
        return bool(fact_of.get(i, set()) & fact_of.get(j, set())) or float(score[i, j]) >= settings.conflict_figure_link

    def side(s: Sentence, text: str, start: int, end: int, value: Any, source: str | None) -> dict[str, Any]:
        return {"article": s.article, "outlet": context.outlet(s.article), "text": text, "start": start, "end": end,
                "value": value, "source": source, "sentence": s.text}

    topics: dict[tuple, dict[str, Any]] = {}

    def add(kind: str, topic: str, sides: list[dict[str, Any]]) -> None:
        entry = topics.setdefault((kind, topic), {"topic": topic, "kind": kind, "sides": []})
        for sd in sides:
            if not any(o["article"] == sd["article"] and o["start"] == sd["start"] for o in entry["sides"]):
                entry["sides"].append(sd)

    claims = [(s, n) for s in sentences for n in s.numbers
              if n.get("kind") not in SKIP_KINDS and comparable(n, s) and not is_increment(n, s)]
    per_article = Counter((s.article, n.get("kind"), counted_head(n.get("counted"))) for s, n in claims if abs(n["value"]) >= big_figure)

    def sole(s: Sentence, n: dict[str, Any]) -> bool:
        """The article's one figure of this kind and noun in the hundreds or more (its figure for that quantity)."""
        return per_article[(s.article, n.get("kind"), counted_head(n.get("counted")))] == 1

    for x in range(len(claims)):
        si, a = claims[x]
        for y in range(x + 1, len(claims)):
            sj, b = claims[y]
            if si.article == sj.article or context.source_key(si.article) == context.source_key(sj.article):
                continue
            if a.get("kind") != b.get("kind") or a.get("unit") != b.get("unit"):
                continue
            big = min(abs(float(a["value"])), abs(float(b["value"]))) >= big_figure
            if a["kind"] != "age" and not related(si.index, sj.index) and not (
                    big and (float(score[si.index, sj.index]) >= settings.conflict_big_figure_link or (sole(si, a) and sole(sj, b)))):
                continue  # an age names its person: that is relation enough
            if a["kind"] == "age":
                subj = age_subject(a)
                if not subj or subj != age_subject(b):
                    continue
                topic = f"age of {a['text'].rsplit(',', 1)[0].strip()}"
            else:
                head = counted_head(a.get("counted"))
                if not head or head in STOP_HEADS or head != counted_head(b.get("counted")):
                    continue
                noun = "people" if head == "people" else a["counted"].split()[-1]
                topic = f"how many {noun}" if a["kind"] == "count" else f"{a['kind']}: {a['counted']}"
            if agree(a, b) or far_apart(a, b, settings.conflict_figure_ratio) or told_alike(a, sj) or told_alike(b, si):
                continue
            add("number", topic, [side(si, a["text"], a["start"], a["end"], a["value"], a.get("source")),
                                  side(sj, b["text"], b["start"], b["end"], b["value"], b.get("source"))])
    # a count against "all"/"every" of the same noun, unless the "all" article counts them itself ("roughly 60,000
    # emails ... all of the emails had been deleted": all of those, no disagreement)
    counted_in = {(t.article, counted_head(n.get("counted"))) for t, n in claims if n.get("kind") == "count"}
    for s in sentences:
        for m in ALL_OF.finditer(s.text):
            head = counted_head(m.group(2))
            if not head or head in STOP_HEADS or (s.article, head) in counted_in:
                continue
            for t, n in claims:
                if t.article == s.article or context.source_key(t.article) == context.source_key(s.article):
                    continue
                if n.get("kind") != "count" or counted_head(n.get("counted")) != head or not related(s.index, t.index):
                    continue
                article = context.by_id[s.article]
                r0, r1 = article.raw_span(s.start + m.start(), s.start + m.end())
                source = next((q["speaker"]["name"] for q in s.quotes if q.get("speaker") and q["speaker"].get("name")), None)
                add("number", f"how many {n['counted'].split()[-1]}",
                    [side(t, n["text"], n["start"], n["end"], n["value"], n.get("source")),
                     side(s, m.group(0), r0, r1, "all", source)])
    # one claim, two days: two strongly linked units of two sources, each stating one full date
    dates = [one_date(s, context, settings) for s in sentences]
    for x in range(len(sentences)):
        si, di = sentences[x], dates[x]
        if di is None:
            continue
        for y in range(x + 1, len(sentences)):
            sj, dj = sentences[y], dates[y]
            if float(score[x, y]) < settings.conflict_date_link or context.source_key(si.article) == context.source_key(sj.article):
                continue
            if dj is None or dj[2] == di[2] or same_weekday(si, di, sj, dj) or not (near_words(si, di) & near_words(sj, dj)):
                continue
            add("date", f"when: {si.text[:80]}", [date_side(si, di, context, side), date_side(sj, dj, context, side)])
    # one claim, two spans of years: two strongly linked units of two sources giving different years after the same
    # span word ("has led House Democrats since 2002" / "since 2003"; "served from 1967 to 1979" / "from 1966 to 1978")
    clash = years_clash(sentences)
    for x, y in zip(*np.nonzero(np.triu(clash, k=1))):
        si, sj = sentences[int(x)], sentences[int(y)]
        if float(score[x, y]) < settings.fact_join or context.source_key(si.article) == context.source_key(sj.article):
            continue
        sides = []
        for s in (si, sj):
            found = span_year_phrases(s)
            start, end = found[0].start(), found[-1].end()
            article = context.by_id[s.article]
            r0, r1 = article.raw_span(s.start + start, s.start + end)
            sides.append(side(s, s.text[start:end], r0, r1, s.text[start:end], None))
        add("date", f"which years: {si.text[:80]}", sides)
    # one event, two days: the date's verb and subject and some of its words the same in both
    for x, y, di, dj in same_event_other_day(sentences, dates, context, settings.conflict_event_days):
        add("date", f"when: {sentences[x].text[:80]}",
            [date_side(sentences[x], di, context, side), date_side(sentences[y], dj, context, side)])
    # how a person left a post, whether someone was charged: told one way by one source, the other way by another
    for kind_topic, first, second in status_conflicts(sentences, context, settings.conflict_charge_days):
        add("status", kind_topic, [side(t, t.text[m.start():m.end()], *match_raw_span(t, m, context), value, None)
                                   for t, m, value in (first, second)])
    # one quotation, credited to different people: the same quote group (the same words) in two
    # independent sources, each with a named speaker, the names sharing no surname
    by_group: dict[str, dict[str, tuple[Sentence, dict[str, Any]]]] = {}
    for s in sentences:
        for q in s.quotes:
            name = (q.get("speaker") or {}).get("name") or ""
            if (q.get("group") and surname(name) and len(_WORDS.findall(q.get("text") or "")) >= settings.conflict_quote_words
                    and _named_here(s, q, context)):
                by_group.setdefault(q["group"], {}).setdefault(context.source_key(s.article), (s, q))
    for group, by_source in by_group.items():
        credited = list(by_source.values())
        for x in range(len(credited)):
            for y in range(x + 1, len(credited)):
                (si, qi), (sj, qj) = credited[x], credited[y]
                ei, ej = qi["speaker"].get("entity"), qj["speaker"].get("entity")
                if (ei and ei == ej) or same_person(qi["speaker"]["name"], qj["speaker"]["name"]):
                    continue
                if fuzz.token_set_ratio(qi.get("text") or "", qj.get("text") or "") < settings.conflict_quote_similarity:
                    continue  # the group joined a part; the two quotations differ
                add("attribution", f"who said it: {qi['text'][:80]}",
                    [side(si, si.text, si.raw_start, si.raw_end, qi["speaker"]["name"], qi["speaker"]["name"]),
                     side(sj, sj.text, sj.raw_start, sj.raw_end, qj["speaker"]["name"], qj["speaker"]["name"])])
    out = sorted(topics.values(), key=lambda c: (c["kind"] != "number", c["topic"]))
    return [{"id": f"C{k}", "topic": c["topic"], "kind": c["kind"], "sides": c["sides"]} for k, c in enumerate(out, 1)]
