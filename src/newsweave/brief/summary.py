"""An extractive summary of the story's facts and a timeline of its dated articles and events."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from ..numbers import find_dates
from ..settings import DEFAULT_SETTINGS, BriefSettings
from .sentences import Sentence

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


def summary_section(sentences: list[Sentence], facts: list[dict[str, Any]],
                    settings: BriefSettings | None = None) -> list[dict[str, Any]]:
    """At most ``summary_max_sentences`` corroborated facts (widely reported, naming entities or
    numbers, early in the articles; 6 by default), topped up with the leads of single-source facts
    to ``summary_min_sentences`` (3); in story order. ``settings``: default those of ``defaults.toml``."""
    settings = settings or DEFAULT_SETTINGS.brief
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
    pick(corroborated, settings.summary_max_sentences, chosen)
    if len(chosen) < settings.summary_min_sentences:
        rest = sorted((f for f in facts if f["status"] != "corroborated"), key=lambda f: -_weight(f, sentences))
        pick(rest, settings.summary_min_sentences, chosen)
    chosen.sort(key=lambda f: (f["_position"], f["id"]))
    return [{"text": text(f), "fact": f["id"], "outlets": f["outlets"], "support": f["support"]} for f in chosen]


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|Yesterday)\b(?!['’]s\s+[a-z]+\s+(?:show|program))")
# a weekday that is not a day of this week's news: "next Friday", "the Sunday shows", "every Monday", "until Friday"
_NOT_THIS_WEEK = frozenset("next this that the a an every each until till by coming following previous last "
                           "before after since from".split())
_NAMED_DAY = re.compile(r"\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Independent|Night|Morning|Edition|Show)\b")
_DATE_AFTER = re.compile(r",?\s+(?:\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)")
# words that put a date after the article: a yearless date may then lie in the next year, a weekday
# may be the coming one (so it is left out)
_FUTURE = re.compile(r"\b(?:will|won['’]t|shall|would|plans?|planned|expected|scheduled|slated|set (?:for|to)|due|deadline|"
                     r"until|upcoming|next|(?:un)?likely to|poised to|intends? to|aims? to|hopes? to|invit(?:e|es|ed|ing|ation))\b"
                     r"|['’]ll\b", re.I)
_NOT_AN_EVENT = re.compile(r"\s*[-–]?\s*(?:th\s+)?(?:attacks?|terror\w*|hijack\w*|era|anniversary|commission|memorial|museum|"
                           r"victims?|families|widows?|survivors?|advocates|responders|generation)\b", re.I)
_NUMBER_AFTER = re.compile(r"\s*\d")  # "the 19 Sept. 11 hijackers": a count before a date, not 19 September


def _published(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _in_quotation(text: str, at: int) -> bool:
    head = text[:at]
    return head.count("“") > head.count("”") or head.count('"') % 2 == 1


def _yearless(pub: date, month: int, day: int, ahead: bool, settings: BriefSettings) -> date | None:
    """The year of publication, or the one before when that would put the date far after
    publication (``date_after_publication_days``; ``date_ahead_days`` when the sentence says it lies
    ahead), or the one after when the sentence says it lies ahead and this year's is long past
    (``date_before_publication_days``)."""
    try:
        when = date(pub.year, month, day)
        if when > pub + timedelta(days=settings.date_ahead_days if ahead else settings.date_after_publication_days):
            return date(pub.year - 1, month, day)
        if ahead and when < pub - timedelta(days=settings.date_before_publication_days):
            return date(pub.year + 1, month, day)
        return when
    except ValueError:  # 29 February of a year without one
        return None


def event_dates(text: str, published: str | None, settings: BriefSettings | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, date)`` of each date a sentence (or clause) states: an ISO date, or ``YYYY-MM``
    for a month and year. The month and the day are those written, and so is the year where it is
    written ("March 1, 2010"); the article's publication date only supplies what the sentence
    leaves out: the year of a yearless date ("March 1": the year of publication, see :func:`_yearless`)
    and the day of a bare weekday ("on Tuesday": the Tuesday on or before publication; "yesterday":
    the day before). A weekday is left out when it may not be this week's ("next Friday", "the
    Sunday shows", "Super Tuesday"), when the sentence looks ahead ("will vote on Friday") and
    inside a quotation (the speaker's week, not the article's); a yearless date that names
    something ("the Sept. 11 attacks", "post-Sept. 11") is left out, and so is a bare year or month.
    Ages, counts and years of birth are never dates here: only what is written with a month name
    or a weekday is. ``settings``: the ``date_*_days`` of ``[brief]`` (default: those of ``defaults.toml``)."""
    settings = settings or DEFAULT_SETTINGS.brief
    pub = _published(published)
    ahead = bool(_FUTURE.search(text))
    out: list[tuple[int, int, str]] = []
    written = find_dates(text)
    for d in written:
        if d.day is not None and text[d.start:d.start + 1].isdigit() and _NUMBER_AFTER.match(text, d.end):
            continue
        if d.year is not None:
            if d.day is None:
                out.append((d.start, d.end, f"{d.year:04d}-{d.month:02d}"))
                continue
            try:
                out.append((d.start, d.end, date(d.year, d.month, d.day).isoformat()))
            except ValueError:
                pass
            continue
        if pub is None or d.day is None:
            continue
        if text[max(0, d.start - 5):d.start].lower().endswith(("post-", "pre-")) or _NOT_AN_EVENT.match(text, d.end):
            continue
        when = _yearless(pub, d.month, d.day, ahead, settings)
        if when:
            out.append((d.start, d.end, when.isoformat()))
    if pub is None:
        return out
    for m in _WEEKDAY.finditer(text):
        if any(d.start <= m.start() < d.end for d in written) or _in_quotation(text, m.start()):
            continue
        word = m.group(1).lower()
        if word == "yesterday":
            out.append((m.start(), m.end(), (pub - timedelta(days=1)).isoformat()))
            continue
        before = re.search(r"([\w’'-]+)\W*$", text[:m.start()])
        prev = before.group(1) if before else ""
        if prev.lower() in _NOT_THIS_WEEK or ahead:
            continue
        if prev[:1].isupper() and text[:before.start()].strip(" “\"‘'(—–-"):  # "Super Tuesday", "Good Friday"
            continue
        if _NAMED_DAY.match(text, m.end()) or _DATE_AFTER.match(text, m.end()):
            continue  # "Sunday Times"; "Tuesday, March 1" is dated by its date
        back = (pub.weekday() - _WEEKDAYS.index(word)) % 7
        out.append((m.start(), m.end(), (pub - timedelta(days=back)).isoformat()))
    return sorted(out)


def timeline_section(sentences: list[Sentence], context, settings: BriefSettings | None = None) -> list[dict[str, Any]]:
    """Dated articles (originals; their copies listed with them) and dated events (each date a
    sentence states, :func:`event_dates` under ``settings``), in date order."""
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
        for when in dict.fromkeys(d for _, _, d in event_dates(s.text, context.by_id[s.article].published, settings)):
            rows.append({"date": when, "kind": "event", "text": s.sentence_text or s.text, "outlets": context.outlets([s.article]),
                         "support": [{"article": s.article, "start": s.raw_start, "end": s.raw_end}]})
    rows.sort(key=lambda r: (r["date"], r["kind"] != "event"))
    return rows
