"""Named-entity mentions of one article: spaCy NER, repaired and normalised.

spaCy's small English model slips in predictable ways on news text; the repairs here are general:

* a title word tagged as its own ORG right before a PERSON ("Defence" + "Sergey Shoigu") becomes
  part of the person mention, and capitalised titles before a PERSON are taken into its span;
* an all-caps first word at the start of a sentence (house style: "VLADIMIR Putin's troops") joins
  the PERSON after it;
* the type of a name is decided per article by evidence, not per mention: NER labels vote once,
  context votes more ("the city of X", "in X", "from X" for places; "Mr X", "X, who", "X, 45,"
  and being the surname of a full name in the article for people); names listed together with a
  place ("X, Y and Z") are places unless something says they are people, and a capitalised name
  in such a list that NER missed is added;
* possessives are cut from the span, adjectives tagged GPE ("Ukrainian") become NORP.

Within the article, a surname alone ("Surovikin", "Mr Shoigu") takes the full name of the person
it refers to, and a nickname introduced as ``X, who earned the nickname "Y"`` becomes a mention of X.
A nickname inside a name (``Vincent "The Chin" Gigante``, ``Luis (Jerry) Ortiz``) is left out of the
name. An organisation's short form ("the Saints", "the Navy") takes the one longer name of the
article that is a place or nationality followed by it ("New Orleans Saints", "Indian Navy").

A mention never spans a line break, and on a headline line in title case ("Colts Beat Chiefs",
"Lindsay Lohan Checks Into Rehab") a mention is cut down to the names the article's other lines
give ("Colts", "Chiefs", "Lindsay Lohan") when words outside those names are left over.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .candidates import (PLACE, add_missed_people, add_missed_places, add_nicknames, capitalised, extend_span,
                         initial_candidates, join_inner_nicknames, split_inner_possessives, surface_of)
from .headlines import split_headline_names
from .names import TITLE_WORDS, normalise_name, translit_key, translit_token
from .short_forms import resolve_org_short_forms, resolve_short_forms
from .votes import context_votes, vote_by_key, vote_lists

__all__ = ["PLACE", "Mention", "find_mentions"]


@dataclass
class Mention:
    """A name in the cleaned article text: ``text == article_text[start:end]``; ``name`` is its normalised form."""

    text: str
    start: int
    end: int
    type: str
    name: str
    votes: dict[str, float] = field(default_factory=dict, compare=False, repr=False)
    nickname: bool = field(default=False, compare=False)

    @property
    def key(self) -> str:
        return translit_key(self.name)


def find_mentions(text: str, doc: Any) -> list[Mention]:
    """Named-entity mentions of ``text`` (``doc = load_nlp()(text)``), typed, normalised and resolved."""
    cands = [c for c in initial_candidates(text, doc) if capitalised(text[c.start:c.end])]
    for c in cands:
        extend_span(c, text, doc)
    # a span taken into a longer one ("Ukrainian" in "Ukrainian MP Lesia Vasylenko") goes
    cands = [c for c in cands if not any(o is not c and o.start <= c.start and c.end <= o.end
                                         and o.end - o.start > c.end - c.start for o in cands)]
    split_inner_possessives(text, cands)
    join_inner_nicknames(text, cands)
    split_headline_names(text, cands)
    # adjectives tagged as places: "the Ukrainian city"
    for c in cands:
        if c.label == "GPE" and re.fullmatch(r"[A-Z][a-z]+(?:ian|ean|ese|ish)s?", text[c.start:c.end]):
            c.label = "NORP"
    add_nicknames(text, cands)
    add_missed_people(text, doc, cands)
    add_missed_places(text, doc, cands)
    surnames = set()
    for c in cands:
        if c.label == "PERSON" and c.nickname_of is None:
            toks = normalise_name(surface_of(text, c), "PERSON").split()
            if len(toks) >= 2:
                surnames.add(translit_token(toks[-1]))
    for c in cands:
        context_votes(c, text, doc, surnames)
    vote_by_key(text, cands)
    for _ in range(3):
        if not vote_lists(text, doc, cands):
            break
        vote_by_key(text, cands)
    cands.sort(key=lambda c: c.start)
    mentions = []
    for c in cands:
        c.surface = text[c.start:c.end]
        c.name = normalise_name(surface_of(text, c), c.label)
        if not c.name or not any(ch.isupper() for ch in c.name) or c.name.lower() in TITLE_WORDS:
            continue
        mentions.append(c)
    resolve_short_forms(mentions)
    resolve_org_short_forms(mentions)
    return [Mention(text[c.start:c.end], c.start, c.end, c.label, c.name, dict(c.votes), c.nickname_of is not None)
            for c in mentions]
