"""Number claims in cleaned article text: value, qualifier, what is counted, and who says so.

``find_numbers(text, doc)`` finds digits with separators ("80,000", "1.5"), spelled-out numbers
("seven bridges", "tens of thousands"), money ("£3", "$2.5bn", "5 million euros"), percentages,
ages ("Name, 45," and "aged 45", "45-year-old") and dates/years/durations (``kind`` says which). A date
claim covers the whole written date ("March 1, 2010", "9 November 2022", "January 2009"; its value
is the day, or the year when no day is written), not only its first number (:func:`find_dates`).
Phone numbers, numbers that are part of names ("Apollo 11", "F-16", "Covid-19") and "one of" are
skipped. The qualifier is the hedge right before the number ("more than", "just under", ...); the
counted noun phrase comes from the parse (the noun the number modifies, or "of" + noun phrase);
the source is the subject of a reporting verb that governs the number's clause ("X estimated",
"X said"), or the object of "according to"; a pronoun subject takes the last person named before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
          "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12, "a hundred": 100,
          "hundred": 100, "a thousand": 1000, "thousand": 1000, "a million": 1_000_000, "million": 1_000_000,
          "a billion": 1_000_000_000, "billion": 1_000_000_000, "half a million": 500_000}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12,
          "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "k": 1000}
_VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "tens of thousands": 10_000,
          "hundreds of thousands": 100_000, "millions": 1_000_000, "tens of millions": 10_000_000,
          "hundreds of millions": 100_000_000, "billions": 1_000_000_000}
_WORD = "|".join(sorted((re.escape(w) for w in _UNITS), key=len, reverse=True))
_VAGUE_RE = "|".join(sorted((re.escape(w) for w in _VAGUE), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = re.compile(
    r"(?P<cur>[£$€])?\s?(?:(?P<dig>" + _DIGITS + r")|(?P<vague>\b(?:" + _VAGUE_RE + r")\b)|(?P<word>\b(?:"
    + _WORD + r")(?:[-\s](?:" + _WORD + r"))*\b))"
    r"(?:\s?(?P<scale>hundred|thousand|million|billion|trillion|bn|mn|m|k)\b)?"
    r"(?:\s?(?P<pct>%|per\s?cent\b|percent\b))?", re.IGNORECASE)
QUALIFIERS = ("just under", "just over", "more than", "less than", "fewer than", "nearly", "almost", "about", "around",
              "approximately", "roughly", "some", "at least", "at most", "up to", "over", "under", "as many as",
              "close to", "an estimated", "upwards of", "in excess of", "no fewer than", "no more than", "well over",
              "just", "only", "estimated")
_QUAL_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True)) + r")\s+$",
                      re.IGNORECASE)
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
_DURATION = re.compile(r"^\s*(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries)\b", re.I)
_REPORTING = frozenset("say tell report estimate claim announce state add confirm tweet write reveal insist warn "
                       "believe suggest show find count record put".split())
_PHONE = re.compile(r"(?<![\d,.])\+?\(?\d[\d ()-]{5,}\d(?![\d,])")
_CURRENCY = {"£": "GBP", "$": "USD", "€": "EUR"}
_CURRENCY_WORDS = re.compile(r"^\s*(pounds?|dollars?|euros?|roubles?|rubles?|hryvnias?|yuan|yen)\b", re.I)


_MONTH_NUMBER = {m: k for k, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                              "dec"), 1)}
_MONTH_NAME = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
               r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Jan|Feb|Apr|Aug|Sept|Sep|Oct|Nov|Dec)")
_YEAR = r"(?:1[89]|20)\d\d"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th)?"
# month names are matched with their capital (lower-case "may" is a verb); a day never runs into
# more digits ("May 12,000"), a year never into a longer number
DATE_EXPRESSION = re.compile(
    r"\b(?P<m1>" + _MONTH_NAME + r")\s+(?P<d1>" + _DAY + r")(?![\d,.]\d)(?:,?\s+(?P<y1>" + _YEAR + r")(?![\d,]\d))?"
    r"|\b(?P<d2>" + _DAY + r")\s+(?:of\s+)?(?P<m2>" + _MONTH_NAME + r")(?:,?\s+(?P<y2>" + _YEAR + r")(?![\d,]\d))?"
    r"|\b(?P<m3>" + _MONTH_NAME + r"),?\s+(?P<y3>" + _YEAR + r")(?![\d,]\d)")


@dataclass
class WrittenDate:
    """A date written in a text: ``text[start:end]``, with the year or day left ``None`` where not written."""

    start: int
    end: int
    year: int | None
    month: int
    day: int | None


def find_dates(text: str) -> list[WrittenDate]:
    """The dates written with a month name in ``text``: "March 1, 2010", "Sept. 11", "1st of March",
    "9 November 2022", "January 2009" (month and year, no day); a day past the month's length is none."""
    out = []
    for m in DATE_EXPRESSION.finditer(text):
        month_name = m.group("m1") or m.group("m2") or m.group("m3")
        day = m.group("d1") or m.group("d2")
        year = m.group("y1") or m.group("y2") or m.group("y3")
        month = _MONTH_NUMBER[month_name[:3].lower()]
        d = int(re.match(r"\d+", day).group(0)) if day else None
        if d is not None and d > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
            continue
        out.append(WrittenDate(m.start(), m.end(), int(year) if year else None, month, d))
    return out


@dataclass
class NumberClaim:
    """A number in the cleaned text: ``text == article_text[start:end]`` runs from qualifier to counted noun."""

    value: float
    text: str
    start: int
    end: int
    qualifier: str | None
    counted: str | None
    source: str | None
    kind: str = "count"  # count, money, percent, age, date, year, duration
    unit: str | None = None  # currency code or "%"
    of: str | None = None  # whose age


def _words_value(s: str) -> float | None:
    s = s.lower().replace("-", " ")
    if s in _UNITS:
        return _UNITS[s]
    total, current = 0, 0
    for w in s.split():
        if w == "a":
            current = max(current, 1)
        elif w in ("hundred",):
            current = max(current, 1) * 100
        elif w in ("thousand", "million", "billion"):
            total += max(current, 1) * _SCALE[w]
            current = 0
        elif w in _UNITS:
            current += _UNITS[w]
        else:
            return None
    return total + current


def _num_start(m: re.Match) -> int:
    if m.group("cur"):
        return m.start("cur")
    return min(m.start(g) for g in ("dig", "vague", "word") if m.group(g))


def _skip(text: str, m: re.Match) -> bool:
    s, e = _num_start(m), m.end()
    before, after = text[max(0, s - 2):s], text[e:e + 2]
    if m.group("dig"):
        if re.match(r"[A-Za-z]", after) and not re.match(r"(?:am|pm|st|nd|rd|th|bn|mn|m|k|s)\b", text[e:e + 3], re.I):
            return True  # 10km, 4x4
        if re.search(r"[A-Za-z][-]?$", before) or re.search(r"[-/:]$", before) and not before.endswith(" -"):
            return True  # F-16, Covid-19, SUN3, 10:30, 3/4
        if re.match(r"[-/:]\d", after) or re.match(r"\s?\d{3,}", text[e:e + 5]):
            return True  # phone numbers, 2022-11-09
        prev = re.search(r"(?:^|[\s(])([A-Z][a-z]+) $", text[max(0, s - 20):s])
        if prev and not re.fullmatch(_MONTHS, prev.group(1)) and not _sentence_start(text, s - len(prev.group(1)) - 1):
            return True  # "Apollo 11", "Windows 10"
    return False


def _sentence_start(text: str, i: int) -> bool:
    return bool(re.search(r"(?:^|[.!?\n][\"”’]?\s+)$", text[max(0, i - 4):i]))


def find_numbers(text: str, doc: Any) -> list[NumberClaim]:
    """Number claims of ``text`` (``doc = load_nlp()(text)``)."""
    out: list[NumberClaim] = []
    dates = find_dates(text)
    phones = [p.span() for p in _PHONE.finditer(text) if sum(ch.isdigit() for ch in p.group(0)) >= 7]
    for m in _NUMBER.finditer(text):
        if not (m.group("dig") or m.group("word") or m.group("vague")):
            continue
        if any(a <= m.end() and m.start() < b for a, b in phones):
            continue
        if _skip(text, m):
            continue
        s, e = _num_start(m), m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        if text[s].isspace():
            s += 1
        written = next((d for d in dates if d.start <= s < d.end), None)
        if written is not None:  # the whole written date is one claim, at its first number
            if any(n.kind == "date" and n.start == written.start for n in out):
                continue  # the year of "March 1, 2010"
            value = written.day if written.day is not None else written.year
            out.append(NumberClaim(value, text[written.start:written.end], written.start, written.end, None, None,
                                   _source(text, doc, s), "date", None))
            continue
        kind, unit, qualifier = "count", None, None
        if m.group("dig"):
            raw = m.group("dig").replace(",", "")
            value: float = float(raw)
        elif m.group("vague"):
            value = _VAGUE[m.group("vague").lower()]
            qualifier = "at least"
        else:
            w = m.group("word")
            if w.lower() == "one" and re.match(r"\s+of\b|\s*[-–]|\s+(?:another|day|more|way|thing)\b", text[e:e + 9]):
                continue  # "one of four", "one-sided", "one another", "one day"
            v = _words_value(w)
            if v is None:
                continue
            value = v
            if w.lower() in ("a dozen", "a hundred", "a thousand", "a million", "a billion") and re.match(r"\s+of\b", text[e:e + 4]):
                pass
        if m.group("scale"):
            value *= _SCALE[m.group("scale").lower()]
        if value == int(value):
            value = int(value)
        if m.group("cur"):
            kind, unit = "money", _CURRENCY[m.group("cur")]
        elif m.group("pct"):
            kind, unit = "percent", "%"
        cm = _CURRENCY_WORDS.match(text[e:])
        if kind == "count" and cm:
            kind, unit = "money", cm.group(1).lower().rstrip("s")
        # vague multiples read on: "tens of thousands of its residents"
        q = _QUAL_RE.search(text[max(0, s - 25):s])
        qstart = s
        if q:
            qualifier = q.group(1).lower()
            qstart = s - (len(text[max(0, s - 25):s]) - q.start(1))
        head = text[max(0, s - 30):s]
        if kind == "count":
            if re.search(_MONTHS + r"\s+$", head) or re.match(r"\s+" + _MONTHS + r"\b", text[e:e + 12]) or re.match(r"(?:st|nd|rd|th)\s+(?:of\s+)?" + _MONTHS, text[e:e + 16]):
                kind = "date"
            elif m.group("dig") and re.fullmatch(r"(?:1[89]|20)\d\d", m.group("dig")):
                kind = "year"
            elif _DURATION.match(text[e:]):
                kind = "duration"
        counted, cend = None, e
        age = re.search(r"((?:[A-Z][\w’'-]+ ){0,2}[A-Z][\w’'-]+),\s$", text[max(0, s - 60):s])
        if kind == "count" and m.group("dig") and value < 120 and (
                age and re.match(r"\s*[,;.)]", text[e:e + 2]) or re.search(r"\baged\s+$", head)
                or re.match(r"-year-old", text[e:e + 10])):
            kind, counted = "age", "age"
            subject = age.group(1) if age else None
            start = s - len(subject) - 2 if subject else s
            out.append(NumberClaim(value, text[start:e], start, e, qualifier, "age", None, "age", None, subject))
            continue
        counted, cend = _counted(text, doc, s, e)
        if kind == "year" and counted:
            kind = "count"
        if kind in ("date", "year"):
            counted, cend = None, e
        if kind == "count" and counted is None and not (m.group("dig") and value >= 1000) and m.group("word"):
            continue  # a spelled-out number with nothing counted ("at one point") says little
        start = qstart
        end = max(e, cend)
        out.append(NumberClaim(value, text[start:end], start, end, qualifier, counted, _source(text, doc, s), kind, unit))
    return out


def _counted(text: str, doc: Any, s: int, e: int) -> tuple[str | None, int]:
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return None, e
    last = span[-1]
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "of" and nxt.i + 1 < len(doc):
        # "thousands of military vehicles", "tens of thousands of its residents"
        obj = [t for t in nxt.children if t.dep_ == "pobj"]
        if obj and obj[0].pos_ in ("NOUN", "PROPN") and obj[0].lower_ not in ("them", "us", "which", "whom"):
            toks = [t for t in obj[0].subtree if t.i <= obj[0].i]
            return text[toks[0].idx:obj[0].idx + len(obj[0])], obj[0].idx + len(obj[0])
        return None, e
    head = last.head if last.dep_ in ("nummod", "quantmod", "compound") else None
    if head is None or head.i <= last.i or head.pos_ not in ("NOUN", "PROPN") or head.i - last.i > 4:
        if nxt is not None and nxt.pos_ == "NOUN" and nxt.tag_ in ("NNS", "NN"):
            head = nxt
        else:
            return None, e
    first = last.i + 1
    if first > head.i or any(t.pos_ in ("NUM", "CCONJ", "PUNCT") for t in doc[first:head.i + 1]):
        return None, e
    return text[doc[first].idx:head.idx + len(head)], head.idx + len(head)


def _source(text: str, doc: Any, s: int) -> str | None:
    tok = doc.char_span(s, s + 1, alignment_mode="expand")
    if tok is None or not len(tok):
        return None
    tok = tok[0]
    sent = tok.sent
    for t in sent:  # "according to X"
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            objs = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return _name_of(text, doc, objs[0])
    node = tok
    while True:
        if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in _REPORTING:
            subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and not (subj[0].i <= tok.i <= max(x.i for x in subj[0].subtree)):
                return _name_of(text, doc, subj[0])
        if node.head.i == node.i:
            break
        node = node.head
    # "..., X said." with the number in the reported clause
    for t in sent:
        if t.dep_ == "ROOT" and t.lemma_.lower() in _REPORTING:
            subj = [c for c in t.children if c.dep_ in ("nsubj",)]
            if subj and not (subj[0].i <= tok.i <= max(x.i for x in subj[0].subtree)):
                return _name_of(text, doc, subj[0])
    return None


def _name_of(text: str, doc: Any, tok: Any) -> str | None:
    if tok.pos_ == "PRON":
        if tok.lower_ in ("he", "she"):
            people = [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= tok.idx]
            return people[-1].text if people else None
        return None
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
            return ent.text
    keep = [t for t in tok.subtree if not any(a.dep_ in ("relcl", "appos", "acl", "punct") and a.head.i == tok.i
                                               and t in a.subtree for a in tok.children if a.i != tok.i)]
    keep = [t for t in keep if t.dep_ != "punct"]
    if not keep:
        return None
    return text[keep[0].idx:keep[-1].idx + len(keep[-1])]
