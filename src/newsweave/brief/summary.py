"""An extractive summary of the story's facts and a timeline of its dated articles and events."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from .sentences import Sentence

MIN_SENTENCES, MAX_SENTENCES = 3, 6
_WORDS = re.compile(r"[^\W\d_]+")


def _weight(fact: dict[str, Any], sentences: list[Sentence]) -> float:
    central = sentences[fact["_central"]]
    words = len(_WORDS.findall(central.text))
    w = 2.0 * fact["independent_outlets"]
    w += 0.5 * min(3, len(central.entities)) + (0.5 if central.numbers else 0.0)
    w -= 2.0 * fact["_position"]  # leads carry the story
    if words < 8:
        w -= 2.0
    if central.text.lstrip()[:1] in "“\"‘'":  # a bare quotation reads badly out of context
        w -= 1.0
    return w


def summary_section(sentences: list[Sentence], facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """3-6 sentences: corroborated facts first (widely reported, naming entities or numbers,
    early in the articles), topped up with the leads of single-source facts; in story order."""
    def text(f: dict[str, Any]) -> str:  # a clause reads as the whole sentence it belongs to
        return sentences[f["_central"]].sentence_text or f["text"]

    def pick(pool: list[dict[str, Any]], k: int, chosen: list[dict[str, Any]]) -> None:
        for f in pool:
            if len(chosen) >= k:
                break
            if all(text(f) != text(c) for c in chosen):
                chosen.append(f)

    corroborated = sorted((f for f in facts if f["status"] == "corroborated"), key=lambda f: -_weight(f, sentences))
    chosen: list[dict[str, Any]] = []
    pick(corroborated, MAX_SENTENCES, chosen)
    if len(chosen) < MIN_SENTENCES:
        rest = sorted((f for f in facts if f["status"] != "corroborated"), key=lambda f: -_weight(f, sentences))
        pick(rest, MIN_SENTENCES, chosen)
    chosen.sort(key=lambda f: (f["_position"], f["id"]))
    return [{"text": text(f), "fact": f["id"], "outlets": f["outlets"], "support": f["support"]} for f in chosen]


def _event_date(text: str, published: str | None) -> str | None:
    """An ISO date for a date expression, the year taken from the article's date when missing."""
    try:
        from dateutil import parser
    except ImportError:  # pragma: no cover - dateutil comes with htmldate
        return None
    try:
        default = datetime.fromisoformat(published[:10]) if published else None
    except ValueError:
        default = None
    if default is None and not re.search(r"\b(1[89]|20)\d\d\b", text):
        return None
    try:
        return parser.parse(text, default=default or datetime(2000, 1, 1), fuzzy=True).date().isoformat()
    except (ValueError, OverflowError):
        return None


def timeline_section(sentences: list[Sentence], context) -> list[dict[str, Any]]:
    """Dated articles (originals; their copies listed with them) and dated events, in date order."""
    rows = []
    first = {}
    for s in sentences:
        first.setdefault(s.article, s)
    for article in context.articles:
        if not article.published or context.is_copy(article.id):
            continue
        copies = [a.id for a in context.articles if context.source_key(a.id) == context.outlet(article.id) and a.id != article.id
                  and context.is_copy(a.id)]
        lead = first.get(article.id)
        if article.title and article.title_span:
            support = {"article": article.id, "start": article.title_span[0], "end": article.title_span[1]}
        elif lead:
            support = {"article": article.id, "start": lead.raw_start, "end": lead.raw_end}
        else:
            support = {"article": article.id, "start": 0, "end": 0}
        rows.append({"date": article.published[:10], "kind": "published", "text": article.title or (lead.text if lead else ""),
                     "outlets": context.outlets([article.id, *copies]), "support": [support]})
    for s in sentences:
        if context.is_copy(s.article):
            continue
        for n in s.numbers:
            if n.get("kind") != "date":
                continue
            date = _event_date(n["text"], context.by_id[s.article].published)
            if date:
                rows.append({"date": date, "kind": "event", "text": s.sentence_text or s.text, "outlets": context.outlets([s.article]),
                             "support": [{"article": s.article, "start": s.raw_start, "end": s.raw_end}]})
    rows.sort(key=lambda r: (r["date"], r["kind"] != "event"))
    return rows
