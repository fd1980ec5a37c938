"""The type of each name of one article, decided by evidence: NER labels vote once, context votes more
("the city of X", "in X" for places; "Mr X", "X, who", "X, 45," and a surname of a full name for
people), all mentions of one name share the pooled vote, and names listed with a place are places
unless something says they are people."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from .candidates import PLACE, Candidate, surface_of
from .names import PERSON_TITLES, is_title_word, normalise_name, translit_key, translit_token


_LOC_PREPS = frozenset("in from at across into near towards toward behind outside inside around through throughout beyond to via within outskirts over along".split())
_PLACE_NOUNS = frozenset("""city town village region capital country state port district province oblast county island
river area outskirts centre center streets suburb suburbs territory territories republic peninsula coast bank
banks valley mountains border borders north south east west heart mayor governor residents people citizens""".split())
_PLACE_VERBS = frozenset("""leave leaving left occupy occupying occupied retake retaking retook recapture recaptured
capture captured capturing seize seized seizing invade invaded invading liberate liberated liberating enter entered
entering visit visited visiting shell shelled shelling bomb bombed bombing""".split())
_DIVISIONS = frozenset("oblast province region county district governorate prefecture krai canton municipality".split())
_LIST_GAP = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+|\s*,\s*or\s+|\s*,?\s*(?:along with|as well as|together with|alongside)\s+)$")
_AGE_AFTER = re.compile(r"^,\s*\d{1,3}\s*[,.;)]")
_WHO_AFTER = re.compile(r"^,\s*(?:who|whose)\b")


def _cls(label: str) -> str:
    return "PLACE" if label in PLACE else label


def context_votes(c: Candidate, text: str, doc: Any, surnames: set[str]) -> None:
    """The votes of one candidate: its NER label, and what its words and the words around it say."""
    c.votes[c.label] += 1
    surface = surface_of(text, c)
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
    if len(words) < 2 or words[0].lower().strip(".") not in PERSON_TITLES:
        return False
    rest = [w for w in words[1:] if not is_title_word(w)]
    return 1 <= len(rest) <= 3 and all(w[:1].isupper() for w in rest) and rest[-1].lower() not in _INSTITUTION \
        and not any(w.endswith(("'s", "’s")) for w in words)


def _all_propn(doc: Any, c: Candidate) -> bool:
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    return span is not None and all(t.pos_ == "PROPN" for t in span)


def _decide(c: Candidate) -> str:
    by_cls: Counter = Counter()
    for label, v in c.votes.items():
        by_cls[_cls(label)] += v
    best = max(by_cls.items(), key=lambda kv: (kv[1], kv[0] == _cls(c.label)))[0]
    if best != "PLACE":
        return best
    places = Counter({k: v for k, v in c.votes.items() if k in PLACE})
    return places.most_common(1)[0][0] if places else "GPE"


def vote_by_key(text: str, cands: list[Candidate]) -> None:
    """Every mention of one name in an article gets one type: the one its mentions' evidence favours."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.nickname_of is None:
            groups[translit_key(normalise_name(surface_of(text, c), "PERSON"))].append(c)
    for group in groups.values():
        total: Counter = Counter()
        for c in group:
            total.update(c.votes)
        proxy = Candidate(0, 0, Counter(c.label for c in group).most_common(1)[0][0], total)
        label = _decide(proxy)
        if _cls(label) != "PLACE" and any(_titled_name(surface_of(text, c)) for c in group):
            label = "PERSON"  # "President Trump", "Mr. Trump": a person, whatever NER made of the bare name
        for c in group:
            if _cls(c.label) != _cls(label):
                c.label = label


_PLACE_INTRO = re.compile(r"\b(?:cities|towns|villages|regions|territories|countries|provinces|states|districts|"
                          r"oblasts|areas|capitals|nations|republics)\b[^.;]{0,40}?,?\s*(?:along with|including|such as|like|"
                          r"as well as|namely|together with|alongside)\s*$")
_LIST_NEXT = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)([A-Z][\w’'-]+)(?=[\s,.;:)]|$)")
_LIST_PREV = re.compile(r"(?<![\w’'-])([A-Z][\w’'-]+)(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")


def _weak_person(c: Candidate) -> bool:
    return not c.person_cue and c.votes.get("PERSON", 0) <= 1


def vote_lists(text: str, doc: Any, cands: list[Candidate]) -> bool:
    """Names listed together with a place ("X, Y and Z", "regions such as X and Y") are places unless
    something says they are people; a capitalised single-word list member NER missed is added."""
    changed = False
    cands.sort(key=lambda c: c.start)
    runs: list[list[Candidate]] = []
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
                new = Candidate(s, e, label)
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
