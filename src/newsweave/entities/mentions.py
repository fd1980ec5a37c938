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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from .names import (GEO_FEATURES, SURNAME_PARTICLES, TITLE_WORDS, _DEMONYM, is_title_word, normalise_name, translit_key,
                    translit_token)

KEEP = ("PERSON", "GPE", "LOC", "ORG", "NORP", "FAC")
PLACE = ("GPE", "LOC", "FAC")
_LOC_PREPS = frozenset("in from at across into near towards toward behind outside inside around through throughout beyond to via within outskirts over along".split())
_PLACE_NOUNS = frozenset("""city town village region capital country state port district province oblast county island
river area outskirts centre center streets suburb suburbs territory territories republic peninsula coast bank
banks valley mountains border borders north south east west heart mayor governor residents people citizens""".split())
_PLACE_VERBS = frozenset("""leave leaving left occupy occupying occupied retake retaking retook recapture recaptured
capture captured capturing seize seized seizing invade invaded invading liberate liberated liberating enter entered
entering visit visited visiting shell shelled shelling bomb bombed bombing""".split())
_DIVISIONS = frozenset("oblast province region county district governorate prefecture krai canton municipality".split())
_LIST_GAP = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+|\s*,\s*or\s+|\s*,?\s*(?:along with|as well as|together with|alongside)\s+)$")
_NICKNAME = re.compile(
    r",?\s*(?:who\s+(?:has\s+|had\s+|was\s+|is\s+)?(?:earned|given|gained|got|acquired|won|been\s+given|known\s+by|goes\s+by|went\s+by)"
    r"\s+(?:himself\s+|herself\s+)?(?:the\s+|a\s+)?(?:nick\s?name|moniker|sobriquet)|nicknamed|dubbed|also\s+known\s+as|known\s+as)"
    r"\s+[“\"‘']([A-Z][^“”\"‘’']{1,60})[”\"’']")
_AGE_AFTER = re.compile(r"^,\s*\d{1,3}\s*[,.;)]")
_WHO_AFTER = re.compile(r"^,\s*(?:who|whose)\b")


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


@dataclass
class _Cand:
    start: int
    end: int
    label: str
    votes: Counter = field(default_factory=Counter)
    person_cue: bool = False
    place_cue: bool = False
    nickname_of: "_Cand | None" = None
    listed: bool = False
    name: str = ""
    hidden: tuple[int, int] | None = None  # a nickname inside the name, left out of it
    surface: str = ""


def _capitalised(surface: str) -> bool:
    """A name starts with a capital (after an optional "the"): not "pro-Kremlin", not "sham"."""
    surface = re.sub(r"^(?:the|The)\s+", "", surface)
    return surface[:1].isupper() or surface[:1].isdigit() and any(ch.isupper() for ch in surface)


def _cls(label: str) -> str:
    return "PLACE" if label in PLACE else label


def _tok_at(doc: Any, char: int) -> Any:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _initial_cands(text: str, doc: Any) -> list[_Cand]:
    ents = [e for e in doc.ents if e.label_ in KEEP]
    out: list[_Cand] = []
    skip: set[int] = set()
    for i, e in enumerate(ents):
        if i in skip:
            continue
        start, end, label = e.start_char, e.end_char, e.label_
        # a title tagged as its own entity right before a PERSON ("Defence" ORG + "Sergey Shoigu")
        if label != "PERSON" and i + 1 < len(ents) and ents[i + 1].label_ == "PERSON" \
                and not text[end:ents[i + 1].start_char].strip() and all(is_title_word(t.text) for t in e):
            skip.add(i + 1)
            out.append(_Cand(start, ents[i + 1].end_char, "PERSON", person_cue=True))
            continue
        out.extend(_Cand(a, b, label) for a, b in _line_parts(text, start, end))
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


def _extend(c: _Cand, text: str, doc: Any) -> None:
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


def _context_votes(c: _Cand, text: str, doc: Any, surnames: set[str]) -> None:
    c.votes[c.label] += 1
    surface = _surface(text, c)
    before = text[max(0, c.start - 40):c.start]
    words = re.findall(r"[\w’']+", before)
    if words and words[-1].lower() == "the":
        words = words[:-1]
    after = text[c.end:c.end + 20]
    place = c.label if c.label in PLACE else "GPE"
    if c.person_cue or c.label != "PERSON" and _titled_name(surface):
        c.votes["PERSON"] += 3
    if c.label == "PERSON" and len(normalise_name(surface, "PERSON").split()) >= 2:
        c.votes["PERSON"] += 2  # first name and surname
    if _AGE_AFTER.match(after) or _WHO_AFTER.match(after):
        c.votes["PERSON"] += 2
    name = normalise_name(surface, "PERSON" if c.label == "PERSON" else c.label)
    toks = name.split()
    if toks and translit_token(toks[-1]) in surnames and not c.place_cue and (
            len(toks) == 1 or (c.label == "ORG" and len(toks) <= 3 and translit_token(toks[0]) not in surnames
                               and all(w[:1].isupper() for w in toks) and _all_propn(doc, c))):
        c.votes["PERSON"] += 5
    if c.place_cue:
        c.votes[place] += 3
    if c.label == "ORG" and len(toks) > 1 and toks[-1].lower() in _DIVISIONS:
        c.votes["GPE"] += 3
    if words and c.label != "ORG":
        w1 = words[-1].lower()
        if w1 == "of" and len(words) > 1 and words[-2].lower() in _PLACE_NOUNS:
            c.votes[place] += 3
        elif w1 == "to" and len(words) > 1 and words[-2].lower() in ("according", "adviser", "advisor", "aide", "spokesman", "spokeswoman", "close"):
            pass
        elif w1 in _LOC_PREPS:
            c.votes[place] += 1 if w1 == "to" else 2
        elif w1 in _PLACE_VERBS:
            c.votes[place] += 1


# Nouns that make a titled name an institution ("President Obama Administration", "Governor's Office").
_INSTITUTION = frozenset("""administration office department campaign foundation committee council party house center
centre institute university college school association company corporation group agency bank fund court commission
ministry board team club army navy force forces police times post news press tower hotel hospital church""".split())


def _titled_name(surface: str) -> bool:
    """A person's title before one to three capitalised words ("President Trump", "Coach Mo Cheeks"), tagged as
    something else by NER: a person, unless the last word names an institution."""
    words = re.sub(r"^(?:the|The)\s+", "", surface).split()
    if len(words) < 2 or words[0].lower().strip(".") not in _PERSON_TITLES:
        return False
    rest = [w for w in words[1:] if not is_title_word(w)]
    return 1 <= len(rest) <= 3 and all(w[:1].isupper() for w in rest) and rest[-1].lower() not in _INSTITUTION \
        and not any(w.endswith(("'s", "’s")) for w in words)


# Titles that only stand before a person (not "Defence", "State", "National": those open organisations' names too).
_PERSON_TITLES = frozenset("""mr mrs ms miss dr prof sir dame lord lady rev president senator sen rep representative
congressman congresswoman governor gov mayor speaker ambassador gen lieutenant lt colonel col capt
sergeant sgt admiral coach judge pope bishop archbishop rabbi imam sheikh chancellor premier""".split())


def _all_propn(doc: Any, c: _Cand) -> bool:
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    return span is not None and all(t.pos_ == "PROPN" for t in span)


_PLACE_OF = re.compile(r"\b(?:city|town|village|region|province|oblast|district|county|port|capital|island|state) of "
                       r"((?:[A-Z][\w’'-]+)(?: [A-Z][\w’'-]+)?)")


def _missed_places(text: str, doc: Any, cands: list[_Cand]) -> None:
    """"the city of X" where NER found nothing in X."""
    for m in _PLACE_OF.finditer(text):
        s, e = m.start(1), m.end(1)
        if any(c.start < e and s < c.end for c in cands):
            continue
        span = doc.char_span(s, e, alignment_mode="contract")
        if span is not None and len(span) and all(t.pos_ == "PROPN" for t in span):
            cands.append(_Cand(span.start_char, span.end_char, "GPE", place_cue=True))


def _decide(c: _Cand) -> str:
    by_cls: Counter = Counter()
    for label, v in c.votes.items():
        by_cls[_cls(label)] += v
    best = max(by_cls.items(), key=lambda kv: (kv[1], kv[0] == _cls(c.label)))[0]
    if best != "PLACE":
        return best
    places = Counter({k: v for k, v in c.votes.items() if k in PLACE})
    return places.most_common(1)[0][0] if places else "GPE"


def find_mentions(text: str, doc: Any) -> list[Mention]:
    """Named-entity mentions of ``text`` (``doc = load_nlp()(text)``), typed, normalised and resolved."""
    cands = [c for c in _initial_cands(text, doc) if _capitalised(text[c.start:c.end])]
    for c in cands:
        _extend(c, text, doc)
    # a span taken into a longer one ("Ukrainian" in "Ukrainian MP Lesia Vasylenko") goes
    cands = [c for c in cands if not any(o is not c and o.start <= c.start and c.end <= o.end
                                         and o.end - o.start > c.end - c.start for o in cands)]
    _inner_possessives(text, cands)
    _inner_nicknames(text, cands)
    _headline_names(text, cands)
    # adjectives tagged as places: "the Ukrainian city"
    for c in cands:
        if c.label == "GPE" and re.fullmatch(r"[A-Z][a-z]+(?:ian|ean|ese|ish)s?", text[c.start:c.end]):
            c.label = "NORP"
    _nicknames(text, cands)
    _missed_people(text, doc, cands)
    _missed_places(text, doc, cands)
    surnames = set()
    for c in cands:
        if c.label == "PERSON" and c.nickname_of is None:
            toks = normalise_name(_surface(text, c), "PERSON").split()
            if len(toks) >= 2:
                surnames.add(translit_token(toks[-1]))
    for c in cands:
        _context_votes(c, text, doc, surnames)
    _vote_by_key(text, cands)
    for _ in range(3):
        if not _lists(text, doc, cands):
            break
        _vote_by_key(text, cands)
    cands.sort(key=lambda c: c.start)
    mentions = []
    for c in cands:
        c.surface = text[c.start:c.end]
        c.name = normalise_name(_surface(text, c), c.label)
        if not c.name or not any(ch.isupper() for ch in c.name) or c.name.lower() in TITLE_WORDS:
            continue
        mentions.append(c)
    _resolve_short_forms(mentions)
    _resolve_org_short_forms(mentions)
    return [Mention(text[c.start:c.end], c.start, c.end, c.label, c.name, dict(c.votes), c.nickname_of is not None)
            for c in mentions]


def _inner_possessives(text: str, cands: list[_Cand]) -> None:
    """"Mr. Trump’s Twitter" tagged as one person: the person ends at the possessive, what is owned is a name
    of its own ("Putin's Defence Minister Ivan Petrov", a title after it, stays whole)."""
    for c in list(cands):
        if c.label != "PERSON":
            continue
        m = re.search(r"['’]s\s+(?=[A-Z])", text[c.start:c.end])
        if not m or any(is_title_word(w) for w in text[c.start + m.end():c.end].split()):
            continue
        owned = _Cand(c.start + m.end(), c.end, "ORG")
        c.end = c.start + m.start()
        cands.append(owned)


def _surface(text: str, c: _Cand) -> str:
    """The mention's text without a nickname inside it."""
    if c.hidden is None:
        return text[c.start:c.end]
    return text[c.start:c.hidden[0]].rstrip() + " " + text[c.hidden[1]:c.end].lstrip()


_INNER_NICK = re.compile(r"(?<![\w’'])([A-Z][\w’'-]+(?:\s+[A-Z]\.)?)(\s+(?:[\"“‘']([A-Z][^\"“”‘’'\n]{0,30}?)[\"”’']|\(([A-Z][\w’'-]+)\))\s+)"
                         r"([A-Z][\w’'-]+)")


def _inner_nicknames(text: str, cands: list[_Cand]) -> None:
    """``Vincent "The Chin" Gigante``, ``Luis (Jerry) Ortiz``: one person, the nickname left out of the name."""
    surnames = {translit_token(text[c.start:c.end].split()[-1]) for c in cands if c.label == "PERSON"}
    for m in _INNER_NICK.finditer(text):
        s, e = m.start(), m.end()
        touching = [c for c in cands if c.start < e and s < c.end]
        if not any(c.label == "PERSON" for c in touching) and (touching or translit_token(m.group(5)) not in surnames):
            continue  # a person by NER here, or untagged with the surname of a person of the article
        start, end = min([s] + [c.start for c in touching]), max([e] + [c.end for c in touching])
        cands[:] = [c for c in cands if c not in touching]
        cands.append(_Cand(start, end, "PERSON", person_cue=True, hidden=(m.start(2), m.end(2))))


_NAME_WORD = re.compile(r"[^\W\d_][\w’'.-]*")


def _headline(line: str) -> bool:
    """A line in title case (or capitals), not ending as a sentence does: most of its longer words start with a capital."""
    if line.rstrip(" \"'”’)").endswith("."):
        return False
    words = _NAME_WORD.findall(line)
    longer = [w for w in words if len(w) >= 4]
    return len(words) >= 3 and len(longer) >= 2 and sum(w[0].isupper() for w in longer) >= 0.8 * len(longer)


def _key(surface: str) -> str:
    return translit_key(normalise_name(surface, "PERSON"))


_GLUE = frozenset("a an the of in into on at to for from with and or by as vs".split())


def _headline_names(text: str, cands: list[_Cand]) -> None:
    """On a headline line, a mention with words glued to a name ("Colts Beat Chiefs") becomes the names
    that the article's other lines give (each name, or the tail of one: "Colts" of "Indianapolis Colts");
    anywhere, "X and Y" becomes X and Y when the article names each of them apart."""
    lines, at = [], 0
    for line in text.split("\n"):
        lines.append((at, at + len(line), _headline(line)))
        at += len(line) + 1

    def on_headline(c: _Cand) -> bool:
        return any(a <= c.start and c.end <= b and h for a, b, h in lines)

    known: dict[str, dict[int, str]] = defaultdict(dict)  # key -> {cand id: label}
    for c in cands:
        if on_headline(c):
            continue
        words = normalise_name(_surface(text, c), "PERSON").split()
        for k in range(len(words)):
            known[_key(" ".join(words[k:]))][id(c)] = c.label

    def label_of(surface: str, c: _Cand) -> str | None:
        others = {i: lab for i, lab in known.get(_key(surface), {}).items() if i != id(c)}
        return next(iter(others.values())) if others else None

    for c in list(cands):
        pair = re.fullmatch(r"(.+?)\s+(?:and|&)\s+(.+)", text[c.start:c.end])
        if pair and not on_headline(c) and pair.group(1)[:1].isupper() and pair.group(2)[:1].isupper():
            labels = [label_of(pair.group(k), c) for k in (1, 2)]
            if all(labels):
                cands.remove(c)
                cands.extend(_Cand(c.start + pair.start(k), c.start + pair.end(k), label) for k, label in zip((1, 2), labels))
            continue
        if not on_headline(c):
            continue
        words = [(m.start() + c.start, m.end() + c.start) for m in re.finditer(r"\S+", text[c.start:c.end])]
        if len(words) < 2 or label_of(text[c.start:c.end], c):
            continue
        found, left, i = [], [], 0
        while i < len(words):
            j = next((j for j in range(len(words), i, -1) if label_of(text[words[i][0]:words[j - 1][1]], c)), None)
            if j is None:
                left.append(i)
                i += 1
                continue
            found.append((words[i][0], words[j - 1][1], label_of(text[words[i][0]:words[j - 1][1]], c)))
            i = j
        if not (found and left) or all(is_title_word(text[words[k][0]:words[k][1]]) for k in left):
            continue  # nothing glued on, or a role ("Oscar Host"): the mention stays whole
        cands.remove(c)
        # the words left over stay a mention of their own, edge function words dropped ("Into Rehab" -> "Rehab")
        runs: list[list[int]] = []
        for k in left:
            if runs and runs[-1][-1] == k - 1:
                runs[-1].append(k)
            else:
                runs.append([k])
        for run in runs:
            while run and text[words[run[0]][0]:words[run[0]][1]].lower() in _GLUE:
                run = run[1:]
            while run and text[words[run[-1]][0]:words[run[-1]][1]].lower() in _GLUE:
                run = run[:-1]
            if run:
                found.append((words[run[0]][0], words[run[-1]][1], c.label))
        for a, b, label in found:
            cut = re.search(r"(?:['’]s|['’])$", text[a:b])
            cands.append(_Cand(a, b - len(cut.group(0)) if cut and b - a > len(cut.group(0)) + 1 else b, label))


def _missed_people(text: str, doc: Any, cands: list[_Cand]) -> None:
    """A run of capitalised proper nouns NER missed that ends in the surname of a person of the article."""
    known = set()
    for c in cands:
        if c.label == "PERSON" and c.nickname_of is None:
            toks = normalise_name(_surface(text, c), "PERSON").split()
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
            cands.append(_Cand(run[0].idx, run[-1].idx + len(run[-1]), "PERSON"))
        run = [tok] if ok else []


def _vote_by_key(text: str, cands: list[_Cand]) -> None:
    """Every mention of one name in an article gets one type: the one its mentions' evidence favours."""
    groups: dict[str, list[_Cand]] = defaultdict(list)
    for c in cands:
        if c.nickname_of is None:
            groups[translit_key(normalise_name(_surface(text, c), "PERSON"))].append(c)
    for group in groups.values():
        total: Counter = Counter()
        for c in group:
            total.update(c.votes)
        proxy = _Cand(0, 0, Counter(c.label for c in group).most_common(1)[0][0], total)
        label = _decide(proxy)
        if _cls(label) != "PLACE" and any(_titled_name(_surface(text, c)) for c in group):
            label = "PERSON"  # "President Trump", "Mr. Trump": a person, whatever NER made of the bare name
        for c in group:
            if _cls(c.label) != _cls(label):
                c.label = label


_PLACE_INTRO = re.compile(r"\b(?:cities|towns|villages|regions|territories|countries|provinces|states|districts|"
                          r"oblasts|areas|capitals|nations|republics)\b[^.;]{0,40}?,?\s*(?:along with|including|such as|like|"
                          r"as well as|namely|together with|alongside)\s*$")
_LIST_NEXT = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)([A-Z][\w’'-]+)(?=[\s,.;:)]|$)")
_LIST_PREV = re.compile(r"(?<![\w’'-])([A-Z][\w’'-]+)(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")


def _weak_person(c: _Cand) -> bool:
    return not c.person_cue and c.votes.get("PERSON", 0) <= 1


def _lists(text: str, doc: Any, cands: list[_Cand]) -> bool:
    """Names listed together with a place ("X, Y and Z", "regions such as X and Y") are places unless
    something says they are people; a capitalised single-word list member NER missed is added."""
    changed = False
    cands.sort(key=lambda c: c.start)
    runs: list[list[_Cand]] = []
    for c in cands:
        if runs and _LIST_GAP.match(text[runs[-1][-1].end:c.start]):
            runs[-1].append(c)
        else:
            runs.append([c])
    covered = [(c.start, c.end) for c in cands]
    for run in runs:
        if not any(c.label in PLACE or (c.label == "PERSON" and _weak_person(c) and " " not in text[c.start:c.end].strip()) for c in run):
            continue
        label = next((c.label for c in run if c.label in PLACE), run[0].label)
        added = []
        for edge, pattern, forward in ((run[-1], _LIST_NEXT, True), (run[0], _LIST_PREV, False)):
            while True:
                m = pattern.match(text, edge.end) if forward else pattern.search(text[max(0, edge.start - 60):edge.start])
                if not m:
                    break
                s, e = (m.start(1), m.end(1)) if forward else (edge.start - len(m.group(0)) + m.start(1) - m.start(0), 0)
                if not forward:
                    e = s + len(m.group(1))
                span = doc.char_span(s, e, alignment_mode="contract")
                if span is None or not len(span) or any(t.pos_ != "PROPN" for t in span) or is_title_word(span[0].text) \
                        or span[0].is_sent_start or any(a < e and s < b for a, b in covered):
                    break
                new = _Cand(s, e, label)
                new.votes[label] += 1
                cands.append(new)
                covered.append((s, e))
                added.append(new)
                changed = True
                edge = new
        members = sorted(run + added, key=lambda c: c.start)
        introduced = bool(_PLACE_INTRO.search(text[max(0, members[0].start - 80):members[0].start]))
        if introduced or any(c.label in PLACE for c in members):
            place = label if label in PLACE else "GPE"
            for c in members:
                if c.label not in PLACE and _weak_person(c) and not c.listed:
                    c.votes[place] += 3
                    c.listed = True
                    changed = True
    return changed


def _nicknames(text: str, cands: list[_Cand]) -> None:
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
        nick = _Cand(s, e, "PERSON", person_cue=True, nickname_of=owner)
        cands.append(nick)


def _resolve_org_short_forms(mentions: list[_Cand]) -> None:
    """An organisation's short form ("Saints", "the Navy") takes the article's one longer organisation name
    made of a place or nationality named in the article followed by it ("New Orleans Saints", "Indian Navy")."""
    places = {translit_key(c.name) for c in mentions if c.label in PLACE or c.label == "NORP"}
    orgs = [c for c in mentions if c.label == "ORG" and len(c.name.split()) >= 2]
    for c in mentions:
        if c.label != "ORG":
            continue
        toks = [translit_token(w) for w in c.name.split()]
        longer = set()
        for o in orgs:
            words = o.name.split()
            if len(words) <= len(toks) or [translit_token(w) for w in words[-len(toks):]] != toks:
                continue
            prefix = words[:-len(toks)]
            if translit_key(" ".join(prefix)) in places or (len(prefix) == 1 and _DEMONYM.match(prefix[0])):
                longer.add(o.name)
        if len(longer) == 1:
            c.name = longer.pop()


_SUFFIX_KEYS = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _name_keys(name: str) -> list[str]:
    """Token keys of a person's name without a generational suffix ("Arcade Comeaux Jr." -> arcade, comeaux)."""
    keys = [translit_token(t) for t in name.split()]
    while len(keys) > 2 and keys[-1] in _SUFFIX_KEYS:
        keys.pop()
    return keys


def _title_of(c: _Cand) -> str | None:
    """The person title that opens a mention's text ("president" for "President Barack Obama")."""
    words = c.surface.split()
    first = words[0].lower().strip(".") if len(words) > 1 else ""
    return first if first in _PERSON_TITLES else None


def _resolve_short_forms(mentions: list[_Cand]) -> None:
    """A surname alone ("Presti", "Lo Presti", "Mr Shoigu") takes the full name of the person it refers to
    (the nearest one before it, else after); a first name alone ("Lindsay") takes the one full name it
    opens when it is nobody's surname in the article."""
    persons = [c for c in mentions if c.label == "PERSON"]
    full = [c for c in persons if c.nickname_of is None and len(c.name.split()) >= 2
            and not (len(c.name.split()) == 2 and translit_token(c.name.split()[0]) in SURNAME_PARTICLES)]
    for c in persons:
        if c.nickname_of is not None:
            c.name = c.nickname_of.name
            continue
        keys = [translit_token(t) for t in c.name.split()]
        if not (len(keys) == 1 or len(keys) == 2 and keys[0] in SURNAME_PARTICLES):
            continue
        matches = [f for f in full if len(_name_keys(f.name)) > len(keys) and _name_keys(f.name)[-len(keys):] == keys]
        if not matches and len(keys) == 1 and not any(_name_keys(f.name)[-1] == keys[0] for f in full):
            opened = {f.name for f in full if _name_keys(f.name)[0] == keys[0]}
            if len(opened) == 1:
                matches = [f for f in full if f.name in opened]
        if not matches:
            continue
        # a bare surname is not "Donald Trump Jr." (the son is "Trump Jr.", "Donald Jr."): the father, or,
        # where he is not named, left to the cross-article link ("Comeaux" joins the one Comeaux Jr. there)
        matches = [f for f in matches if len(_name_keys(f.name)) == len(f.name.split())]
        if not matches:
            continue
        if len({f.name for f in matches}) > 1 and _title_of(c):
            # "President Obama" is the one introduced with that title; with none so introduced
            # (Malia and Sasha Obama) it is left to the cross-article link
            matches = [f for f in matches if _title_of(f) == _title_of(c)]
            if not matches:
                continue
        before = [f for f in matches if f.start < c.start]
        c.name = (before[-1] if before else matches[0]).name
    # nicknames whose owner was itself a short form
    for c in persons:
        if c.nickname_of is not None:
            c.name = c.nickname_of.name
