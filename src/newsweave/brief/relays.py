"""Relayed reporting: a sentence that credits what it says to a news organisation ("according to The New York
Times", "the Daily Caller first reported", "she told the Times") repeats that organisation's report. It is not an
independent source for the claim: where the organisation is another outlet of the story, the sentence stands for
that outlet; where it is an outlet outside the story, every sentence relaying it stands for one source, however many
outlets of the story carry it. An outlet naming itself ("Fox News confirmed", in a Fox News article) is its own
reporting.

Only news organisations count: a name that matches an outlet of the story (its web domain read as initials or words:
``nytimes.com`` is "The New York Times" or "the Times", ``foxnews.com`` "Fox News") or a name with a word of the press
in it ("Post", "Journal", "Daily Caller", "Reuters"). "According to police" or "told reporters" relays nothing.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

_NAME = r"(?P<name>(?:[Tt]he\s+)?[A-Z][\w'&.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'&.-]*){0,4})"
_CUES = [
    re.compile(r"\b[Aa]ccording\s+to\s+(?:(?:a|an|the)\s+)?(?:(?:new|recent|earlier|initial)\s+)?"
               r"(?:(?:report|story|article|interview|analysis|investigation)\s+(?:by|in|from|with)\s+)?" + _NAME),
    re.compile(r"\b(?:(?:first|initially|originally|previously|earlier)\s+)?(?:reported|revealed|published)\s+"
               r"(?:earlier\s+|first\s+)?(?:by|in)\s+" + _NAME),
    re.compile(r"\b(?:told|telling|tells|said\s+to|(?:an\s+)?interview\s+with|(?:comments|remarks|statement)\s+to|"
               r"(?:said|says|saying|[Ss]peaking|[Aa]ppeared|[Aa]ppearing|[Ii]nterview)\s+on)\s+" + _NAME),
    re.compile(r"(?<![\w'&.-])" + _NAME + r"(?:\s*,[^,]{1,60},)?\s+(?:(?:first|had|has|have|also|later|previously|earlier|initially)\s+)*"
               r"(?:reported|reports|revealed|reveals|has\s+learned|learned|obtained)\b"),
]
# words that make a name a news organisation's: anywhere in it, or (words that also name places, offices and people)
# only as its last word ("the Kansas City Star", not "Sun City"), or only alone ("The Hill", not "Capitol Hill")
_PRESS = frozenset("""news herald tribune caller politico reuters ap associated cnn msnbc nbc abc cbs bbc cnbc axios
magazine gazette telegraph beast inquirer newsweek intercept huffpost buzzfeed breitbart townhall drudge yahoo npr pbs
salon vox slate daily kos""".split())
_PRESS_LAST = frozenset("times post journal press globe guardian wire observer chronicle examiner mirror sun star register "
                        "bulletin dispatch atlantic blaze today sentinel ledger picayune constitution union".split())
_PRESS_ALONE = frozenset("hill bloomberg".split())
# words of offices, bodies and places: a name with one is not the press ("White House Press Secretary", "Atlantic
# Council", "Cook County Medical Examiner", "Post Office")
_NOT_PRESS = frozenset("""secretary council office committee department agency chief fire police court medical federal
commission institute university school foundation party campaign""".split())
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_RELATIVE = re.compile(r",\s*(?:who|which|whose)\b[^,]*,")
_OPEN_RELATIVE = re.compile(r",\s*(?:who|which|whose)\b[^,]*$")


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


@lru_cache(maxsize=1024)  # read for every outlet of the story at each sentence checked
def outlet_stem(outlet: str) -> str:
    """The part of an outlet's label that names it: the registrable part of a web domain (``www.nytimes.com``,
    ``news.yahoo.com``, ``bbc.co.uk`` → ``nytimes``, ``yahoo``, ``bbc``), or the letters of a label that is a name
    ("The New York Times" → ``newyorktimes``)."""
    host = outlet.lower().split("//")[-1].split("/")[0]
    if "." not in host:
        return _letters(_LEADING_THE.sub("", host))
    parts = host.split(".")[:-1]  # without the top-level domain
    while len(parts) > 1 and parts[-1] in ("co", "com", "org", "net", "ac", "gov"):
        parts = parts[:-1]
    return _letters(parts[-1]) if parts else _letters(host)


def names_outlet(name: str, stem: str) -> bool:
    """Whether an organisation's ``name``, or its first words ("Fox News Sunday": "Fox News"), is the outlet whose
    domain stem is ``stem``: the words run together ("Fox News" → foxnews), initials and last word ("New York Times" →
    nytimes), a first word that starts the stem and a last word that ends it ("HuffPost" → huffingtonpost), or one
    word of five letters or more that ends the stem ("the Times" → nytimes)."""
    # words, a run-together name split where its capitals are ("HuffPost": Huff, Post)
    words = [w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", _LEADING_THE.sub("", name)) if w.lower() != "of"][:6]
    if not stem:
        return False
    if stem.startswith("the") and "the" + "".join(words) == stem:  # "The Hill" → thehill
        return True
    for n in range(len(words), 0, -1):
        head = words[:n]
        if "".join(head) == stem:
            return True
        if n >= 2 and ("".join(w[0] for w in head[:-1]) + head[-1] == stem
                       or len(head[0] + head[-1]) >= 6 and stem.startswith(head[0]) and stem.endswith(head[-1])):
            return True
    if len(words) != 1:
        return False
    word = words[0]  # "Times" ends nytimes; "Huffpost" starts and ends huffingtonpost
    return len(word) >= 5 and stem.endswith(word) or 6 <= len(word) <= 40 and any(
        stem.startswith(word[:k]) and stem.endswith(word[k:]) for k in range(3, len(word) - 2))


def _press_name(name: str) -> bool:
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", _LEADING_THE.sub("", name))]
    if not words or _NOT_PRESS.intersection(words):
        return False
    if len(words) == 1 and words[0] in _PRESS_ALONE:
        return True
    # the last word, or a word before "of" or in a hyphened name ("Times of London", "Times-Picayune")
    hyphened = {w.lower() for part in name.split() if "-" in part for w in part.split("-")}
    weak = {words[-1]} | hyphened | {w for w, nxt in zip(words, words[1:]) if nxt == "of"}
    return bool(_PRESS_LAST & weak) or bool(_PRESS.intersection(words))


OWN = "own"  # what _credit gives for a text crediting the article's own outlet (and no other first)


def relayed_source(sentence: str, own_outlet: str, outlets: Iterable[str]) -> str | None:
    """The source a sentence relays, if it credits its report to a news organisation other than its own outlet:
    one of ``outlets`` (the story's outlets) when the name is one of them, else ``"relay:<name>"`` for an outlet
    outside the story (the name as written, without a leading "the"); None when the sentence relays nothing."""
    got = _credit(sentence, own_outlet, outlets)
    return None if got == OWN else got


def _credit(sentence: str, own_outlet: str, outlets: Iterable[str]) -> str | None:
    """:func:`relayed_source`, with :data:`OWN` where the first organisation the text credits is its own outlet."""
    own_named = False
    stems = {outlet: outlet_stem(outlet) for outlet in outlets}
    own = stems.get(own_outlet, outlet_stem(own_outlet))
    # a relative clause credits what it says, not the sentence's claim ("Mr. Rother said the stance, which was
    # first reported in The Wall Street Journal, should be seen …")
    sentence = _RELATIVE.sub(",", sentence)
    for cue in _CUES:
        for m in cue.finditer(sentence):
            name = _trim(m.group("name"))
            if not name:
                continue
            if names_outlet(name, own):
                own_named = True
                continue
            for outlet, stem in stems.items():
                if outlet != own_outlet and names_outlet(name, stem):
                    return outlet
            if _press_name(name):
                return "relay:" + " ".join(_LEADING_THE.sub("", name).split())
    return OWN if own_named else None


def earlier_clauses(units: list[Any], i: int) -> list[str]:
    """The texts of the brief units before unit ``i`` in its sentence (``units``: a story's units, in order), nearest
    first."""
    unit, out, k = units[i], [], i - 1
    while k >= 0 and not unit.title and units[k].article == unit.article and units[k].sentence_order == unit.sentence_order:
        out.append(units[k].text)
        k -= 1
    return out


def unit_credit(unit: Any, own_outlet: str, outlets: Iterable[str], earlier: Iterable[str] = ()) -> str | None:
    """The report a brief unit relays: the one its own clause (``text``) credits, else the nearest of the ``earlier``
    clauses of its sentence (nearest first) that credits one, else its sentence's (``sentence_text``). In "The
    Guardian reported X, | while The Post reported | that Y" the last unit relays the Post. A clause crediting the
    article's own outlet ends the search: what follows it is the outlet's own reporting. A relative clause a cut left
    open at the end of a clause ("a memo, which was first reported by The Times | and …") credits what it says, as in
    a whole sentence (where one ending the sentence credits the claim)."""
    whole = unit.sentence_text or unit.text
    last = whole.rstrip().endswith(unit.text.rstrip())
    for k, clause in enumerate((unit.text, *earlier)):
        got = _credit(clause if k == 0 and last else _OPEN_RELATIVE.sub("", clause), own_outlet, outlets)
        if got == OWN:
            return None
        if got is not None:
            return got
    if unit.sentence_text and unit.sentence_text != unit.text:
        return relayed_source(unit.sentence_text, own_outlet, outlets)
    return None


_LEADING = frozenset("As But And When While Since After Before Also Then Earlier Later Last".split())
_TRAILING = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday Yesterday".split())
_TITLE = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Sen|Rep|Gov|Gen|Lt|Sgt|Col|Capt|President|Senator|Judge)\.?$")


def _trim(name: str) -> str:
    """The organisation's name without a trailing full stop, possessive or lower-case word ("The Times' report" →
    "The Times"); empty for a person's name with a title ("Mr. Fox")."""
    words = name.split()
    for k, word in enumerate(words):  # "NBC's Meet the Press": NBC
        if re.search(r"\w['’]s?$", word):
            words = words[:k + 1]
            break
    while words and not words[-1][:1].isupper():
        words.pop()
    if words and _TITLE.match(words[0]):
        return ""
    for k in range(len(words) - 1, 0, -1):  # "… of the U.S. The New York Times reported": the name starts at "The"
        if words[k] == "The":
            words = words[k:]
            break
    while words and words[0] in _LEADING:  # "As HuffPost reported"
        words = words[1:]
    while words and words[-1].rstrip(".,") in _TRAILING:  # "told CNN Friday"
        words = words[:-1]
    if "of" in words[1:-1]:  # "Ronan Farrow of MSNBC": the organisation after "of", where it is one of the press
        k = len(words) - 1 - words[::-1].index("of")
        if _press_name(" ".join(words[k + 1:])):
            words = words[k + 1:]
    return re.sub(r"(?:['’]s?|\.)$", "", " ".join(words)).strip()


def same_sources(keys: list[str]) -> list[str]:
    """``keys`` (story outlets and ``relay:<name>`` keys) with the names of one outside outlet made one key: case,
    "the" and "News" aside, "AP" as "Associated Press", and a shorter name ending a longer one ("the Journal",
    "The Wall Street Journal") as the longer."""
    def words(key: str) -> tuple[str, ...]:
        got = [w.lower() for w in re.findall(r"[A-Za-z]+", key.removeprefix("relay:")) if w.lower() != "the"]
        got = [w for w in got if w != "news"] or got
        return ("associated", "press") if got == ["ap"] else tuple(got)

    relayed = {k: words(k) for k in keys if k.startswith("relay:")}
    names = set(relayed.values())

    def longest(w: tuple[str, ...]) -> tuple[str, ...]:
        return max((n for n in names if n[len(n) - len(w):] == w), key=len, default=w)

    return ["relay:" + " ".join(longest(relayed[k])) if k in relayed else k for k in keys]


# a full stop after a title or an initial ("Mr. Fox", "John F. Kennedy", "U.S.") ends no sentence
_ABBREVIATION = "".join(rf"(?<!\b{a})" for a in "Mr Mrs Ms Dr Sen Rep Gov Gen Lt Sgt Col Capt St Jr Sr Prof Rev Mt No".split())
_OPENER = r"(?=\s+(?:The|A|An|He|She|It|They|We|I|But|In|On|At|This|That|Mr|Mrs|Ms)\b)"
_SENTENCE_END = re.compile(r"(?:[!?]|" + _ABBREVIATION + r"(?<!\b[A-Z])\.|\b[A-Z]\." + _OPENER + r")[”\"’']?(?=\s)|\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` holding the span [start, end): from the end of the sentence before it to the first
    sentence end after it (a quotation's attribution, "…,” she told The Times.", is in the sentence it closes)."""
    # every match of _SENTENCE_END before ``start`` at or after the paragraph's newline is the same whether the scan
    # begins there or at 0 (only the newline alternative consumes a newline), so the scan begins there
    left = 0
    for m in _SENTENCE_END.finditer(text, max(text.rfind("\n", 0, start), 0), start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    return text[left:m.end() if m else len(text)]


def quote_sources(items, context) -> list[str]:
    """One source key per (article id, quote) of a quotation: the outlet of the story or ``relay:<name>`` that a
    sentence of the quotation in that article credits (:func:`relayed_source`; one such sentence speaks for the
    article's other parts of the same quotation), else the article's own source (``context.source_key``)."""
    outlets = context.outlets(a.id for a in context.articles)
    relayed: dict[str, str] = {}
    for article_id, q in items:
        if article_id not in relayed:
            # a quote's offsets are the raw input's: its words are found again in the cleaned text
            text = context.by_id[article_id].text
            start = text.find(q.get("text") or "\0")
            if start < 0:
                continue
            got = relayed_source(sentence_around(text, start, start + len(q["text"])), context.outlet(article_id), outlets)
            if got is not None:
                relayed[article_id] = got
    return same_sources([relayed.get(article_id) or context.source_key(article_id) for article_id, _ in items])
