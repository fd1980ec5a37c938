"""Candidate name spans of one article: spaCy's entities on each line, repaired (a title or an all-caps
first name taken in, a possessive cut off, a nickname inside a name left out of it), and names NER
missed (people named by a known surname, "the city of X", nicknames introduced as such)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .names import GEO_FEATURES, _DEMONYM, is_title_word, normalise_name, translit_token

KEEP = ("PERSON", "GPE", "LOC", "ORG", "NORP", "FAC")
PLACE = ("GPE", "LOC", "FAC")
_NICKNAME = re.compile(
    r",?\s*(?:who\s+(?:has\s+|had\s+|was\s+|is\s+)?(?:earned|given|gained|got|acquired|won|been\s+given|known\s+by|goes\s+by|went\s+by)"
    r"\s+(?:himself\s+|herself\s+)?(?:the\s+|a\s+)?(?:nick\s?name|moniker|sobriquet)|nicknamed|dubbed|also\s+known\s+as|known\s+as)"
    r"\s+[“\"‘']([A-Z][^“”\"‘’']{1,60})[”\"’']")


@dataclass
class Candidate:
    """A name span of the article being read, with the evidence for its type (``votes``, cues) and what
    became of it (``name``, the nickname it is of, a nickname ``hidden`` inside it)."""

    start: int
    end: int
    label: str
    votes: Counter = field(default_factory=Counter)
    person_cue: bool = False
    place_cue: bool = False
    nickname_of: "Candidate | None" = None
    listed: bool = False
    name: str = ""
    hidden: tuple[int, int] | None = None  # a nickname inside the name, left out of it
    surface: str = ""


def capitalised(surface: str) -> bool:
    """A name starts with a capital (after an optional "the"): not "pro-Kremlin", not "sham"."""
    surface = re.sub(r"^(?:the|The)\s+", "", surface)
    return surface[:1].isupper() or surface[:1].isdigit() and any(ch.isupper() for ch in surface)


def _tok_at(doc: Any, char: int) -> Any:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def initial_candidates(text: str, doc: Any) -> list[Candidate]:
    """spaCy's entities of the kinds kept, one per line they touch; a title NER tagged apart joins the person after it."""
    ents = [e for e in doc.ents if e.label_ in KEEP]
    out: list[Candidate] = []
    skip: set[int] = set()
    for i, e in enumerate(ents):
        if i in skip:
            continue
        start, end, label = e.start_char, e.end_char, e.label_
        # a title tagged as its own entity right before a PERSON ("Defence" ORG + "Sergey Shoigu")
        if label != "PERSON" and i + 1 < len(ents) and ents[i + 1].label_ == "PERSON" \
                and not text[end:ents[i + 1].start_char].strip() and all(is_title_word(t.text) for t in e):
            skip.add(i + 1)
            out.append(Candidate(start, ents[i + 1].end_char, "PERSON", person_cue=True))
            continue
        out.extend(Candidate(a, b, label) for a, b in _line_parts(text, start, end))
    return out


def _line_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of a span on each line it touches, edge whitespace trimmed (a name never spans a line break)."""
    parts, at = [], start
    for piece in text[start:end].split("\n"):
        a, b = at, at + len(piece)
        at = b + 1
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            parts.append((a, b))
    return parts


def extend_span(c: Candidate, text: str, doc: Any) -> None:
    """A possessive cut off; titles (and an all-caps first name) before a person taken in; a feature word
    before a place ("river Dnipro") taken in."""
    # cut possessives from the span
    m = re.search(r"(?:['’]s|['’])$", text[c.start:c.end])
    if m and c.end - c.start > len(m.group(0)) + 1:
        c.end -= len(m.group(0))
    if c.label == "PERSON":
        first = _tok_at(doc, c.start)
        while first is not None and first.i > 0:
            prev = doc[first.i - 1]
            if prev.text in ("'s", "’s", "'", "’"):
                break
            if prev.whitespace_ == "" or prev.text[:1].islower() and not prev.is_upper:
                break
            nxt_is_title = is_title_word(first.text)
            if is_title_word(prev.text) or (nxt_is_title and (_DEMONYM.match(prev.text) or prev.text.endswith(("'s", "’s")))):
                c.start = prev.idx
                c.person_cue = True
                first = prev
                continue
            if prev.is_upper and prev.is_alpha and len(prev) >= 3 and prev.is_sent_start:
                c.start = prev.idx  # VLADIMIR Putin
                first = prev
                continue
            break
        if is_title_word(text[c.start:c.end].split()[0]):
            c.person_cue = True
    if c.label in PLACE:
        m = re.search(r"\b([a-z]+)\s+$", text[max(0, c.start - 20):c.start])
        if m and m.group(1) in GEO_FEATURES and not text[c.start:c.end].lower().startswith(("the ", m.group(1))):
            c.start -= len(m.group(0))
            c.label = "LOC"
            c.place_cue = True


_PLACE_OF = re.compile(r"\b(?:city|town|village|region|province|oblast|district|county|port|capital|island|state) of "
                       r"((?:[A-Z][\w’'-]+)(?: [A-Z][\w’'-]+)?)")


def add_missed_places(text: str, doc: Any, cands: list[Candidate]) -> None:
    """"the city of X" where NER found nothing in X."""
    for m in _PLACE_OF.finditer(text):
        s, e = m.start(1), m.end(1)
        if any(c.start < e and s < c.end for c in cands):
            continue
        span = doc.char_span(s, e, alignment_mode="contract")
        if span is not None and len(span) and all(t.pos_ == "PROPN" for t in span):
            cands.append(Candidate(span.start_char, span.end_char, "GPE", place_cue=True))


def split_inner_possessives(text: str, cands: list[Candidate]) -> None:
    """"Mr. Trump’s Twitter" tagged as one person: the person ends at the possessive, what is owned is a name
    of its own ("Putin's Defence Minister Ivan Petrov", a title after it, stays whole)."""
    for c in list(cands):
        if c.label != "PERSON":
            continue
        m = re.search(r"['’]s\s+(?=[A-Z])", text[c.start:c.end])
        if not m or any(is_title_word(w) for w in text[c.start + m.end():c.end].split()):
            continue
        owned = Candidate(c.start + m.end(), c.end, "ORG")
        c.end = c.start + m.start()
        cands.append(owned)


def surface_of(text: str, c: Candidate) -> str:
    """The mention's text without a nickname inside it."""
    if c.hidden is None:
        return text[c.start:c.end]
    return text[c.start:c.hidden[0]].rstrip() + " " + text[c.hidden[1]:c.end].lstrip()


_INNER_NICK = re.compile(r"(?<![\w’'])([A-Z][\w’'-]+(?:\s+[A-Z]\.)?)(\s+(?:[\"“‘']([A-Z][^\"“”‘’'\n]{0,30}?)[\"”’']|\(([A-Z][\w’'-]+)\))\s+)"
                         r"([A-Z][\w’'-]+)")


def join_inner_nicknames(text: str, cands: list[Candidate]) -> None:
    """``Vincent "The Chin" Gigante``, ``Luis (Jerry) Ortiz``: one person, the nickname left out of the name."""
    surnames = {translit_token(text[c.start:c.end].split()[-1]) for c in cands if c.label == "PERSON"}
    for m in _INNER_NICK.finditer(text):
        s, e = m.start(), m.end()
        touching = [c for c in cands if c.start < e and s < c.end]
        if not any(c.label == "PERSON" for c in touching) and (touching or translit_token(m.group(5)) not in surnames):
            continue  # a person by NER here, or untagged with the surname of a person of the article
        start, end = min([s] + [c.start for c in touching]), max([e] + [c.end for c in touching])
        cands[:] = [c for c in cands if c not in touching]
        cands.append(Candidate(start, end, "PERSON", person_cue=True, hidden=(m.start(2), m.end(2))))


def add_missed_people(text: str, doc: Any, cands: list[Candidate]) -> None:
    """A run of capitalised proper nouns NER missed that ends in the surname of a person of the article."""
    known = set()
    for c in cands:
        if c.label == "PERSON" and c.nickname_of is None:
            toks = normalise_name(surface_of(text, c), "PERSON").split()
            if toks:
                known.add(translit_token(toks[-1]))
    if not known:
        return
    covered = [(c.start, c.end) for c in cands]
    run: list = []
    for tok in list(doc) + [None]:
        ok = tok is not None and tok.pos_ == "PROPN" and tok.text[:1].isupper() and not is_title_word(tok.text) \
            and not any(a < tok.idx + len(tok) and tok.idx < b for a, b in covered)
        if ok and (not run or run[-1].whitespace_):
            run.append(tok)
            continue
        if len(run) >= 2 and translit_token(run[-1].text) in known:
            cands.append(Candidate(run[0].idx, run[-1].idx + len(run[-1]), "PERSON"))
        run = [tok] if ok else []


def add_nicknames(text: str, cands: list[Candidate]) -> None:
    """A nickname introduced as one (``X, who earned the nickname "Y"``): a mention of the person before it."""
    persons = sorted((c for c in cands if c.label == "PERSON"), key=lambda c: c.end)
    for m in _NICKNAME.finditer(text):
        owner = None
        for p in persons:
            if p.end <= m.start() and not text[p.end:m.start()].strip(" ,"):
                owner = p
        if owner is None:
            continue
        s, e = m.start(1), m.end(1)
        cands[:] = [c for c in cands if not (c.start < e and s < c.end)]
        nick = Candidate(s, e, "PERSON", person_cue=True, nickname_of=owner)
        cands.append(nick)
