"""Conflicts between articles: one quantity reported differently, one claim credited to different sources.

*Number* conflicts pair numeric claims of two articles with the same kind and the same counted
noun (or, for ages, the same person) in related sentences (one fact, or an alignment score of at
least :data:`RELATED`) whose values disagree once qualifiers are taken into account ("more than
100" agrees with 120); a count also disagrees with "all"/"every" of the same noun ("seven bridges"
against "all bridges"). *Date* conflicts are two units of two sources linked at least
:data:`DATE_LINK` (the same claim) that each state one full date, and different ones ("voted on
Tuesday" against "voted Wednesday", weekdays resolved against each article's date). Two units of two sources that date one event differently also conflict when the date's verb (or
one of :data:`SAME_EVENT` for it: "passed" / "voted"), its subject (where both name one) and a
content word beside them agree and the days are at most :data:`EVENT_DAYS` apart ("passing a
resolution on Tuesday reaffirming the motto" against "on Wednesday, the House voted on a bill
that reaffirmed the motto"); dates given for speaking ("said Friday") are not compared. *Status*
conflicts: one source says a person was fired and another that the person resigned or stepped
down; one says someone was charged and another that no charges were filed. Figures more than
:data:`MAX_RATIO` apart, and additions ("two more debates"), are not compared. *Attribution* conflicts are one quotation (one quote group, the same words) that two independent
sources credit to different named people (different entities whose surnames differ: "Jim Mattis"
and "Mattis" are one speaker).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from .sentences import Sentence
from .links import content_stems
from .summary import event_dates

RELATED = 0.3  # link probability of two sentences for their figures to be compared
RELATED_BIG = 0.15  # enough when both count the same noun in the hundreds or more (a specific quantity);
# such figures are also compared when each is its article's only figure of that noun
BIG = 100
DATE_LINK = 0.7  # link probability of two units for the days they give one claim to be compared
ATTRIBUTION_MIN_WORDS = 8  # shorter quotations (slogans, catch-phrases) are repeated by many people
SAME_WORDS = 80  # token-set similarity (0-100) of two quotations credited to different people
_WORDS = re.compile(r"[^\W\d_]+")
_SKIP_KINDS = {"date", "year"}
_ABOVE = {"more than", "over", "at least", "upwards of", "in excess of", "nearly more than"}
_BELOW = {"less than", "under", "just under", "fewer than", "up to", "as many as", "nearly", "almost", "at most", "no more than"}
_ALL = re.compile(r"\b(?:all|every|each)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?((?:[a-z][\w-]*\s+){0,2}?([a-z][\w-]*))\b")
_STOP_HEADS = {"age", "times", "things", "ways"}


_PEOPLE = {"people", "person", "resident", "villager", "inhabitant", "civilian", "citizen", "individual"}


def _head(counted: str | None) -> str | None:
    """The counted noun's head, singular; nouns for people in general are one head ("residents", "people")."""
    if not counted:
        return None
    words = re.findall(r"[a-z]+", counted.lower())
    if not words:
        return None
    w = words[-1]
    if w in ("people", "persons"):
        return "people"
    singular = _singular(w)
    return "people" if singular in _PEOPLE else singular


def _singular(w: str) -> str:
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("es") and w[:-2].endswith(("ch", "sh", "x", "ss")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _direction(qualifier: str | None) -> str | None:
    q = (qualifier or "").lower()
    return "above" if q in _ABOVE else "below" if q in _BELOW else None


MAX_RATIO = 3.0  # figures further apart than this count different things ("at least 240 seats", "nearly 60 seats")
_INCREMENT_AFTER = re.compile(r"\s*(?:more|other|additional|extra|further|new|remaining|fewer|less)\b", re.I)
_INCREMENT_BEFORE = re.compile(r"\b(?:another|an additional|a further|an extra)\s*$", re.I)


def _increment(n: dict[str, Any], s: Sentence) -> bool:
    """"two more debates", "another 300 troops": an addition to a total, not the total."""
    text = n.get("text") or ""
    at = s.text.find(text)
    if at < 0:
        return False
    number = re.match(r"[\d.,]+|[a-z-]+", text.split(" ", 1)[0] if text else "", re.I)
    end = at + (number.end() if number else 0)
    return bool(_INCREMENT_AFTER.match(s.text, end) or _INCREMENT_BEFORE.search(s.text[:at]))


def _far_apart(a: dict[str, Any], b: dict[str, Any]) -> bool:
    va, vb = abs(float(a["value"])), abs(float(b["value"]))
    return min(va, vb) > 0 and max(va, vb) / min(va, vb) > MAX_RATIO


def _agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    va, vb = float(a["value"]), float(b["value"])
    if abs(va - vb) <= 0.01 * max(abs(va), abs(vb), 1e-9):
        return True
    if _direction(a.get("qualifier")) and _direction(a.get("qualifier")) == _direction(b.get("qualifier")):
        return False  # two bounds the same way ("up to 1.6 million", "as many as 1.5 million") name different figures
    for x, y in ((a, b), (b, a)):
        q = (x.get("qualifier") or "").lower()
        vx, vy = float(x["value"]), float(y["value"])
        if q in _ABOVE and vy >= vx or q in _BELOW and vy <= vx:
            return True
    vague = {"at least"}
    if (a.get("qualifier") in vague) != (b.get("qualifier") in vague) and max(va, vb) >= 1000:
        return True  # "thousands" against a figure in the thousands
    return False


def _told_alike(claim: dict[str, Any], other: Sentence) -> bool:
    """The other sentence also gives a figure of the same kind and noun that agrees with ``claim``
    ("Fifteen of the 19 hijackers" against "the 19 hijackers")."""
    head = _head(claim.get("counted"))
    return any(n.get("kind") == claim.get("kind") and (_head(n.get("counted")) in (head, None)) and _agree(claim, n)
               for n in other.numbers)


def _one_date(s: Sentence, context) -> tuple[int, int, str] | None:
    """The one full date (``YYYY-MM-DD``) a unit states, else None (none, several, or a month only)."""
    found = [d for d in event_dates(s.text, context.by_id[s.article].published) if len(d[2]) == 10]
    return found[0] if len(found) == 1 else None


_WEEKDAY_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_SAYING = {"said", "says", "told", "tell", "state", "added", "announ", "wrote", "report"}


def _same_weekday(si: Sentence, di: tuple, sj: Sentence, dj: tuple) -> bool:
    """Both name the same weekday ("on Friday"): resolved against two publication dates they may differ."""
    a, b = si.text[di[0]:di[1]].lower(), sj.text[dj[0]:dj[1]].lower()
    return a in _WEEKDAY_NAMES and a == b


def _near_words(s: Sentence, found: tuple, reach: int = 1) -> set[str]:
    """Stems of the content word on each side of a date (what it dates: "voted on Tuesday"), verbs of saying left out."""
    def lower_case(text: str) -> str:  # names tell who, not what happened
        return " ".join(w for w in text.split() if not w[:1].isupper())

    before, after = content_stems(lower_case(s.text[:found[0]])), content_stems(lower_case(s.text[found[1]:]))
    return {w for w in before[-reach:] + after[:reach]} - _SAYING


def _date_side(s: Sentence, found: tuple[int, int, str], context, side) -> dict[str, Any]:
    article = context.by_id[s.article]
    r0, r1 = article.raw_span(s.start + found[0], s.start + found[1])
    return side(s, s.text[found[0]:found[1]], r0, r1, found[2], None)


_RANK = re.compile(r"^\s*(?:no\.|number|#)\s*\d", re.I)
_VAGUE = re.compile(r"^\s*(?:\w+\s+)?(?:dozens|hundreds|thousands|millions|billions|scores)\b", re.I)


def _comparable(n: dict[str, Any], s: Sentence) -> bool:
    """A figure that states a quantity: not a rank ("No. 2"), not a vague amount ("thousands of")."""
    text = n.get("text") or ""
    at = s.text.find(text)
    before = s.text[max(0, at - 4):at] if at >= 0 else ""
    return (isinstance(n.get("value"), (int, float)) and not _RANK.match(text) and not _RANK.match(before + text)
            and not _VAGUE.match(text))


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


def _age_subject(n: dict[str, Any]) -> str | None:
    m = re.match(r"\s*(.+?),\s*\d", n["text"])
    return m.group(1).split()[-1].lower() if m else None


_NAME_WORD = re.compile(r"[A-Z][\w'’-]+")
_TITLES = {"Mr", "Mrs", "Ms", "Dr", "President", "Sen", "Senator", "Rep", "Gov", "Governor", "Judge", "Justice",
           "General", "Gen", "Minister", "Mayor", "Secretary", "Speaker", "Chairman", "Chief", "Prime", "The"}


def _surname(name: str) -> str | None:
    """The last capitalised word of a person's name that is not a title ("President Trump" -> "Trump")."""
    words = [w for w in _NAME_WORD.findall(name or "") if w.rstrip(".") not in _TITLES]
    return words[-1] if words else None


def _same_person(a: str, b: str) -> bool:
    x, y = _surname(a), _surname(b)
    return bool(x and y and fuzz.ratio(x.lower(), y.lower()) >= 80.0)


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

    claims = [(s, n) for s in sentences for n in s.numbers
              if n.get("kind") not in _SKIP_KINDS and _comparable(n, s) and not _increment(n, s)]
    per_article = Counter((s.article, n.get("kind"), _head(n.get("counted"))) for s, n in claims if abs(n["value"]) >= BIG)

    def sole(s: Sentence, n: dict[str, Any]) -> bool:
        """The article's one figure of this kind and noun in the hundreds or more (its figure for that quantity)."""
        return per_article[(s.article, n.get("kind"), _head(n.get("counted")))] == 1

    for x in range(len(claims)):
        si, a = claims[x]
        for y in range(x + 1, len(claims)):
            sj, b = claims[y]
            if si.article == sj.article or context.source_key(si.article) == context.source_key(sj.article):
                continue
            if a.get("kind") != b.get("kind") or a.get("unit") != b.get("unit"):
                continue
            big = min(abs(float(a["value"])), abs(float(b["value"]))) >= BIG
            if a["kind"] != "age" and not related(si.index, sj.index) and not (
                    big and (float(score[si.index, sj.index]) >= RELATED_BIG or (sole(si, a) and sole(sj, b)))):
                continue  # an age names its person: that is relation enough
            if a["kind"] == "age":
                subj = _age_subject(a)
                if not subj or subj != _age_subject(b):
                    continue
                topic = f"age of {a['text'].rsplit(',', 1)[0].strip()}"
            else:
                head = _head(a.get("counted"))
                if not head or head in _STOP_HEADS or head != _head(b.get("counted")):
                    continue
                noun = "people" if head == "people" else a["counted"].split()[-1]
                topic = f"how many {noun}" if a["kind"] == "count" else f"{a['kind']}: {a['counted']}"
            if _agree(a, b) or _far_apart(a, b) or _told_alike(a, sj) or _told_alike(b, si):
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
    # one claim, two days: two strongly linked units of two sources, each stating one full date
    dates = [_one_date(s, context) for s in sentences]
    for x in range(len(sentences)):
        si, di = sentences[x], dates[x]
        if di is None:
            continue
        for y in range(x + 1, len(sentences)):
            sj, dj = sentences[y], dates[y]
            if float(score[x, y]) < DATE_LINK or context.source_key(si.article) == context.source_key(sj.article):
                continue
            if dj is None or dj[2] == di[2] or _same_weekday(si, di, sj, dj) or not (_near_words(si, di) & _near_words(sj, dj)):
                continue
            add("date", f"when: {si.text[:80]}", [_date_side(si, di, context, side), _date_side(sj, dj, context, side)])
    # one event, two days: the date's verb and subject and some of its words the same in both
    for x, y, di, dj in _same_event_other_day(sentences, dates, context):
        add("date", f"when: {sentences[x].text[:80]}",
            [_date_side(sentences[x], di, context, side), _date_side(sentences[y], dj, context, side)])
    # how a person left a post, whether someone was charged: told one way by one source, the other way by another
    for kind_topic, first, second in _status_conflicts(sentences, context):
        add("status", kind_topic, [side(t, t.text[m.start():m.end()], *_raw(t, m, context), value, None)
                                   for t, m, value in (first, second)])
    # one quotation, credited to different people: the same quote group (the same words) in two
    # independent sources, each with a named speaker, the names sharing no surname
    by_group: dict[str, dict[str, tuple[Sentence, dict[str, Any]]]] = {}
    for s in sentences:
        for q in s.quotes:
            name = (q.get("speaker") or {}).get("name") or ""
            if (q.get("group") and _surname(name) and len(_WORDS.findall(q.get("text") or "")) >= ATTRIBUTION_MIN_WORDS
                    and _named_here(s, q, context)):
                by_group.setdefault(q["group"], {}).setdefault(context.source_key(s.article), (s, q))
    for group, by_source in by_group.items():
        credited = list(by_source.values())
        for x in range(len(credited)):
            for y in range(x + 1, len(credited)):
                (si, qi), (sj, qj) = credited[x], credited[y]
                ei, ej = qi["speaker"].get("entity"), qj["speaker"].get("entity")
                if (ei and ei == ej) or _same_person(qi["speaker"]["name"], qj["speaker"]["name"]):
                    continue
                if fuzz.token_set_ratio(qi.get("text") or "", qj.get("text") or "") < SAME_WORDS:
                    continue  # the group joined a part; the two quotations differ
                add("attribution", f"who said it: {qi['text'][:80]}",
                    [side(si, si.text, si.raw_start, si.raw_end, qi["speaker"]["name"], qi["speaker"]["name"]),
                     side(sj, sj.text, sj.raw_start, sj.raw_end, qj["speaker"]["name"], qj["speaker"]["name"])])
    out = sorted(topics.values(), key=lambda c: (c["kind"] != "number", c["topic"]))
    return [{"id": f"C{k}", "topic": c["topic"], "kind": c["kind"], "sides": c["sides"]} for k, c in enumerate(out, 1)]


# -- one event, two days -------------------------------------------------------------------------

EVENT_DAYS = 6  # dates further apart are different events more often than one event misdated
# verbs that name one event ("the House passed the bill" / "the House voted on the bill")
SAME_EVENT = ({"pass", "vote", "approve", "adopt"}, {"resign", "quit"}, {"arrest", "detain"}, {"die", "kill"})
_SAYING_VERBS = frozenset("""say tell tweet write post announce call urge speak ask state add report publish comment respond
appear claim argue insist note testify confirm deny warn suggest describe declare praise criticize""".split())
_DATE_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday morning afternoon "
                        "evening night week day".split())


def _verb_class(lemma: str) -> str:
    return next((min(group) for group in SAME_EVENT if lemma in group), lemma)


def _frames(sentences: list[Sentence], dates: list, context) -> dict[int, tuple[str, str | None, set[str]]]:
    """Unit index -> (verb class, subject, content words) of the event its one date dates, from a parse
    of the dated units only; a date that dates speaking, or none, gives no frame."""
    wanted = [x for x, d in enumerate(dates) if d is not None and not _in_quote(sentences[x].text, d[0])]
    if len({context.source_key(sentences[x].article) for x in wanted}) < 2:
        return {}
    nlp = _nlp()
    out = {}
    for x, doc in zip(wanted, nlp.pipe(sentences[x].text for x in wanted)):
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

    return load_nlp()  # loaded once per process, by the analysis before


def _in_quote(text: str, at: int) -> bool:
    head = text[:at]
    return head.count("“") > head.count("”") or head.count('"') % 2 == 1


def _same_event_other_day(sentences: list[Sentence], dates: list, context) -> list[tuple[int, int, tuple, tuple]]:
    """Pairs of units of two sources that give one event (same verb, same or unnamed subject, a shared
    content word) two days at most :data:`EVENT_DAYS` apart."""
    from datetime import date

    frames = _frames(sentences, dates, context)
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
            if gap <= EVENT_DAYS and not _same_weekday(si, dates[x], sj, dates[y]):
                out.append((x, y, dates[x], dates[y]))
    return out


# -- status: how a person left, whether someone was charged -----------------------------------------

_NAME = r"(?:[A-Z][\w’'.-]+\s+){0,2}[A-Z][\w’'-]+"
_FIRED = re.compile(rf"\b(?:fired|ousted|dismissed|sacked)\s+(?:then-\S+\s+)?(?:[a-z-]+\s+){{0,4}}?(?P<who>{_NAME})"
                    rf"|(?P<who2>{_NAME}),?\s+(?:whom|who)\s+(?:he|she|they|[A-Z][\w’'-]+)\s+(?:had\s+)?(?:fired|ousted|dismissed|sacked)\b"
                    rf"|(?P<who3>{_NAME})\s+(?:was|had been|has been)\s+(?:fired|ousted|dismissed|sacked)\b")
_LEFT = re.compile(rf"(?P<who>{_NAME})\s+(?:resigned|stepped down|quit)\b")
_CHARGED = re.compile(r"\b(?:has|have|had|was|were)\s+(?:been\s+)?(?:formally\s+)?(?:charged|indicted)\s+with\b")
_NOT_CHARGED = re.compile(r"\bno\s+(?:formal\s+|federal\s+|criminal\s+)?charges\s+(?:have|had)\s+(?:yet\s+)?been\s+(?:filed|brought)"
                          r"|\b(?:has|have|had)\s+not\s+(?:yet\s+)?been\s+(?:formally\s+)?(?:charged|indicted)\b", re.I)
_HEDGE = re.compile(r"\b(?:should|would|could|might|may|must|if|calls? for|calling for|urged?|demand\w*|asked)\b", re.I)


def _surname_of(name: str) -> str:
    words = [w for w in re.findall(r"[A-Z][\w’'-]+", name) if w.rstrip(".") not in _TITLES]
    return words[-1].lower() if words else ""


def _status_conflicts(sentences: list[Sentence], context) -> list[tuple[str, tuple, tuple]]:
    """(topic, (unit, match, value), (unit, match, value)) of two sources that disagree on a status."""
    fired, left, charged, uncharged = {}, {}, [], []
    for s in sentences:
        if _in_quote(s.text, len(s.text)) or s.text.lstrip()[:1] in "“\"":
            continue
        for m in _FIRED.finditer(s.text):
            who = _surname_of(m.group("who") or m.group("who2") or m.group("who3"))
            if who and not _HEDGE.search(s.text[:m.start()]):
                fired.setdefault((who, context.source_key(s.article)), (s, m, "fired"))
        for m in _LEFT.finditer(s.text):
            who = _surname_of(m.group("who"))
            if who and not _HEDGE.search(s.text[:m.start()]):
                left.setdefault((who, context.source_key(s.article)), (s, m, "resigned"))
        for m in _CHARGED.finditer(s.text):
            if not _HEDGE.search(s.text[:m.start()]) and "not" not in s.text[max(0, m.start() - 12):m.start()]:
                charged.append((s, m, "charged"))
        for m in _NOT_CHARGED.finditer(s.text):
            uncharged.append((s, m, "not charged"))
    out = []
    for (who, source), a in sorted(fired.items(), key=lambda kv: kv[0]):
        b = next((v for (w, src), v in sorted(left.items(), key=lambda kv: kv[0]) if w == who and src != source), None)
        if b is not None:
            out.append((f"how {who.capitalize()} left", a, b))
    for a in charged:
        b = next((u for u in uncharged if context.source_key(u[0].article) != context.source_key(a[0].article)
                  and _close_in_time(a[0], u[0], context)), None)
        if b is not None:
            out.append(("whether charges were filed", a, b))
            break
    return out


def _close_in_time(si: Sentence, sj: Sentence, context, days: int = 1) -> bool:
    """Both articles published within a day of each other (a later charge is news, not a contradiction)."""
    from datetime import date

    pa, pb = context.by_id[si.article].published, context.by_id[sj.article].published
    try:
        return abs((date.fromisoformat(pa[:10]) - date.fromisoformat(pb[:10])).days) <= days
    except (TypeError, ValueError):
        return False


def _raw(s: Sentence, m: re.Match, context) -> tuple[int, int]:
    return context.by_id[s.article].raw_span(s.start + m.start(), s.start + m.end())
