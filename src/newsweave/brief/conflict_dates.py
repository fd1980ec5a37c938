"""Dates of two articles compared: the one full date a unit states, the words it dates, and one event
(same verb class, subject and a content word, from a parse of the dated units) given two days."""
from __future__ import annotations

from typing import Any

from ..settings import BriefSettings
from .links import content_stems
from .sentences import Sentence
from .summary import event_dates


def one_date(s: Sentence, context, settings: BriefSettings | None = None) -> tuple[int, int, str] | None:
    """The one full date (``YYYY-MM-DD``) a unit states, else None (none, several, or a month only);
    ``settings``: how yearless dates are read (:func:`~.summary.event_dates`)."""
    found = [d for d in event_dates(s.text, context.by_id[s.article].published, settings) if len(d[2]) == 10]
    return found[0] if len(found) == 1 else None


_WEEKDAY_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_SAYING = {"said", "says", "told", "tell", "state", "added", "announ", "wrote", "report"}


def same_weekday(si: Sentence, di: tuple, sj: Sentence, dj: tuple) -> bool:
    """Both name the same weekday ("on Friday"): resolved against two publication dates they may differ."""
    a, b = si.text[di[0]:di[1]].lower(), sj.text[dj[0]:dj[1]].lower()
    return a in _WEEKDAY_NAMES and a == b


def near_words(s: Sentence, found: tuple, reach: int = 1) -> set[str]:
    """Stems of the content word on each side of a date (what it dates: "voted on Tuesday"), verbs of saying left out."""
    def lower_case(text: str) -> str:  # names tell who, not what happened
        return " ".join(w for w in text.split() if not w[:1].isupper())

    before, after = content_stems(lower_case(s.text[:found[0]])), content_stems(lower_case(s.text[found[1]:]))
    return {w for w in before[-reach:] + after[:reach]} - _SAYING


def date_side(s: Sentence, found: tuple[int, int, str], context, side) -> dict[str, Any]:
    article = context.by_id[s.article]
    r0, r1 = article.raw_span(s.start + found[0], s.start + found[1])
    return side(s, s.text[found[0]:found[1]], r0, r1, found[2], None)


# -- one event, two days -------------------------------------------------------------------------

# verbs that name one event ("the House passed the bill" / "the House voted on the bill")
SAME_EVENT = ({"pass", "vote", "approve", "adopt"}, {"resign", "quit"}, {"arrest", "detain"}, {"die", "kill"})
_SAYING_VERBS = frozenset("""say tell tweet write post announce call urge speak ask state add report publish comment respond
appear claim argue insist note testify confirm deny warn suggest describe declare praise criticize""".split())
_DATE_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday morning afternoon "
                        "evening night week day".split())


def _verb_class(lemma: str) -> str:
    return next((min(group) for group in SAME_EVENT if lemma in group), lemma)


def _paired(sentences: list[Sentence], dates: list, context, max_days: int) -> list[int]:
    """The dated units (their date outside a quotation) that a unit of another source dates another day at most
    ``max_days`` away: the only ones a pair can hold, so the only ones worth a parse."""
    from datetime import date

    dated = [(x, context.source_key(sentences[x].article), date.fromisoformat(d[2]).toordinal())
             for x, d in enumerate(dates) if d is not None and not in_quote(sentences[x].text, d[0])]
    sources_on: dict[int, set[str]] = {}
    for _, source, day in dated:
        sources_on.setdefault(day, set()).add(source)
    return [x for x, source, day in dated
            if any(sources_on.get(day + k, set()) - {source} for k in range(-max_days, max_days + 1) if k)]


def _frames(sentences: list[Sentence], dates: list, context, max_days: int) -> dict[int, tuple[str, str | None, set[str]]]:
    """Unit index -> (verb class, subject, content words) of the event its one date dates, from a parse of the
    units that may pair (:func:`_paired`) only; a date that dates speaking, or none, gives no frame."""
    wanted = _paired(sentences, dates, context, max_days)
    if not wanted:
        return {}
    nlp = _nlp()
    out = {}
    # the tagger, parser and lemmatizer only: the names the NER finds are not read here
    for x, doc in zip(wanted, nlp.pipe((sentences[x].text for x in wanted), disable=[p for p in ("ner",) if p in nlp.pipe_names])):
        d = dates[x]
        toks = [t for t in doc if t.idx < d[1] and d[0] < t.idx + len(t)]
        if not toks:
            continue
        verb, steps = toks[-1], 0
        while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb and steps < 4:
            verb, steps = verb.head, steps + 1
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in _SAYING_VERBS:
            continue
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        subj = None
        if subject is not None and subject.pos_ != "PRON":
            subj = subject.lemma_.lower() if subject.pos_ != "PROPN" else subject.text.lower()
        # what the event was done to or about: the unit's words, its subject's left out (the parse may hang
        # a clause on another verb: "for passing a resolution on Tuesday reaffirming the motto")
        left_out = {t.i for t in subject.subtree} if subject is not None else set()
        words = {t.lemma_.lower() for t in doc if t.pos_ in ("NOUN", "VERB", "ADJ") and not t.text[:1].isupper()
                 and t.i != verb.i and t.i not in left_out and t.lemma_.lower() not in _SAYING_VERBS
                 and t.lemma_.lower() not in _DATE_WORDS and len(t.text) > 2 and not t.is_stop}
        out[x] = (_verb_class(verb.lemma_.lower()), subj, words)
    return out


def _nlp():
    from ..nlp import load_nlp

    return load_nlp()  # loaded once per process (by the parse before, where the process parsed; else here)


def in_quote(text: str, at: int) -> bool:
    head = text[:at]
    return head.count("“") > head.count("”") or head.count('"') % 2 == 1


def same_event_other_day(sentences: list[Sentence], dates: list, context, max_days: int) -> list[tuple[int, int, tuple, tuple]]:
    """Pairs of units of two sources that give one event (same verb, same or unnamed subject, a shared
    content word) two days at most ``max_days`` apart (setting ``brief.conflict_event_days``)."""
    from datetime import date

    frames = _frames(sentences, dates, context, max_days)
    out = []
    keys = sorted(frames)
    for a in range(len(keys)):
        x = keys[a]
        for y in keys[a + 1:]:
            si, sj = sentences[x], sentences[y]
            if context.source_key(si.article) == context.source_key(sj.article) or dates[x][2] == dates[y][2]:
                continue
            (vx, sx, wx), (vy, sy, wy) = frames[x], frames[y]
            if vx != vy or (sx and sy and sx != sy) or not (wx & wy):
                continue
            gap = abs((date.fromisoformat(dates[x][2]) - date.fromisoformat(dates[y][2])).days)
            if gap <= max_days and not same_weekday(si, dates[x], sj, dates[y]):
                out.append((x, y, dates[x], dates[y]))
    return out
