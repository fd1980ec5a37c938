"""Cross-article entity linking: one :class:`Entity` per real-world person, place, organisation.

Mentions are first grouped by class (PERSON; PLACE = GPE/LOC/FAC; ORG; NORP) and by a
transliteration-normalising key (:func:`.names.translit_key`), which already makes Sergey/Sergei and
Zelensky/Zelenskyy one name. Groups are then merged by rules, each merge kept with its evidence:

* ``type-vote``: one name seen under two classes in different articles takes the class its pooled
  evidence favours (at least twice the other's), so a city NER called a person in one article joins
  the place;
* ``person-name``: same first name key (or an initial, or similar first names) and surnames that are
  equal or similar (rapidfuzz ratio >= 0.85 on the keys, both 4+ letters): Podolyak/Podlyak.
  Different first names keep people with one surname apart;
* ``surname-only``: a surname that no article resolved attaches to the one full name it fits, if
  exactly one does; where several fit (Bush: George W. Bush, Reggie Bush), each article's bare
  surname attaches to the one whose articles share clearly more names with it (``surname-context``),
  or to the only one its courtesy title fits ("Mr. Clinton": Bill, not Hillary: ``surname-title``);
  a compound surname alone ("Lo Presti") counts as a surname;
* first names that are one name's short form (Mo/Maurice, Katie/Kathryn: :data:`.names.SHORT_NAMES`)
  fit like equal ones; "Donald Trump Jr." and "Donald Trump" stay apart when one article names both;
* ``place-name``: place keys equal once a feature word (river, lake, ...) is set aside, or similar
  (ratio >= 0.8) with the same first letter and the same consonant skeleton: Dnipro/Dnieper;
* ``org-name``: organisation keys equal, or ratio >= 0.92 on long names, a company suffix set aside
  ("Microsoft Corp." / "Microsoft");
* ``org-short-form``: an organisation's short form ("Colts") attaches to the one longer organisation
  name made of a place or nationality followed by it ("Indianapolis Colts").

The canonical name is the most frequent full form (ties: the form whose words the mentions use
most, then alphabetical); the id is a hash of class and the canonical key, so the same entity gets
the same id whichever article it is looked up from.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from rapidfuzz import fuzz

from .mentions import PLACE, Mention
from .names import SURNAME_PARTICLES, geo_core, normalise_name, short_form_of, skeleton, translit_key, translit_token

PERSON_SURNAME_MIN = 0.85
PERSON_FIRST_MIN = 0.8
PLACE_MIN = 0.8
ORG_MIN = 0.92


@dataclass
class Entity:
    id: str
    name: str
    type: str
    mentions: list[tuple[str, Mention]] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    merges: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "type": self.type, "variants": self.variants, "merges": self.merges,
                "mentions": [{"article": a, "text": m.text, "start": m.start, "end": m.end, "type": m.type, "name": m.name}
                             for a, m in self.mentions]}


def _cls(type_: str) -> str:
    return "PLACE" if type_ in PLACE else type_


def _ratio(a: str, b: str) -> float:
    return 1.0 if a == b else fuzz.ratio(a, b) / 100.0


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        lo, hi = sorted((ra, rb), key=lambda k: tuple("" if x is None else x for x in k))
        self.parent[hi] = lo
        return True


def _node_key(cls: str, name: str) -> tuple:
    if cls == "PLACE":
        core, feature = geo_core(name)
        return (cls, core, feature)
    key = translit_key(name)
    if cls == "NORP" and key.endswith("s"):
        key = key[:-1]
    if cls == "ORG":
        words = key.split()
        while len(words) > 1 and words[-1] in _COMPANY:
            words.pop()
        key = " ".join(words)
    return (cls, key, None)


_COMPANY = frozenset(translit_token(w) for w in "inc corp corporation co ltd llc plc ag sa gmbh group".split())


def link_entities(mentions_by_article: dict[str, list[Mention]]) -> list[Entity]:
    """Link the mentions of many articles into entities (see the module docstring for the rules)."""
    items = [(aid, m) for aid, ms in mentions_by_article.items() for m in ms]
    cls_of = [_cls(m.type) for _, m in items]
    merges: list[tuple[tuple, tuple, str, float]] = []
    _type_vote(items, cls_of, merges)
    nodes: dict[tuple, list[int]] = defaultdict(list)
    for i, (_, m) in enumerate(items):
        nodes[_node_key(cls_of[i], m.name)].append(i)
    uf = _UnionFind()
    for k, idx in nodes.items():
        uf.find(k)
        names = Counter(items[i][1].name for i in idx)
        top = names.most_common(1)[0][0]
        for other in sorted(names):
            if other != top:
                merges.append((k, k, "translit-key", _ratio(top.lower(), other.lower()), top, other))
    by_cls: dict[str, list[tuple]] = defaultdict(list)
    for k in nodes:
        by_cls[k[0]].append(k)
    articles_of = {k: {items[i][0] for i in idx} for k, idx in nodes.items()}
    people = by_cls.get("PERSON", [])
    ambiguous = _link_people(people, uf, merges, articles_of)
    _link_places(by_cls.get("PLACE", []), uf, merges)
    _link_orgs(by_cls.get("ORG", []), uf, merges)
    _link_org_short_forms(by_cls.get("ORG", []), {k[1] for k in nodes if k[0] in ("PLACE", "NORP")}, uf, merges)
    _surnames_by_context(ambiguous, nodes, items, uf, merges, articles_of,
                         [k for k in people if len(k[1].split()) >= 2 and not _surname_part(k[1])])
    clusters: dict[tuple, list[tuple]] = defaultdict(list)
    for k in nodes:
        clusters[uf.find(k)].append(k)
    merges_by_root: dict[tuple, list[dict]] = defaultdict(list)
    for a, b, rule, score, *names in merges:
        da, db = names if names else (_display(a, nodes, items), _display(b, nodes, items))
        merges_by_root[uf.find(a) if a in nodes else uf.find(b)].append({"a": da, "b": db, "rule": rule, "score": round(score, 3)})
    entities = []
    for root, keys in sorted(clusters.items(), key=lambda kv: tuple("" if x is None else x for x in kv[0])):
        idx = sorted(i for k in keys for i in nodes[k])
        entities.append(_make_entity(root[0], [items[i] for i in idx], merges_by_root.get(root, [])))
    # two entities with one canonical name (a name no rule joined): the larger keeps the plain id
    taken: set[str] = set()
    for e in sorted(entities, key=lambda e: -len(e.mentions)):
        if e.id in taken:
            e.id = "E" + hashlib.sha1(f"{e.id}:{sorted(m.name for _, m in e.mentions)[0]}:{len(taken)}".encode()).hexdigest()[:12]
        taken.add(e.id)
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    return entities


def _display(key: tuple, nodes: dict, items: list) -> str:
    if key in nodes:
        return Counter(items[i][1].name for i in nodes[key]).most_common(1)[0][0]
    return key[1]


def _type_vote(items: list, cls_of: list[str], merges: list) -> None:
    """One name under two classes across articles: the class with at least twice the evidence wins."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, (_, m) in enumerate(items):
        if cls_of[i] in ("PERSON", "PLACE", "ORG"):
            by_key[translit_key(m.name)].append(i)
    for key, idx in by_key.items():
        classes = {cls_of[i] for i in idx}
        if len(classes) < 2:
            continue
        pooled: Counter = Counter()
        for i in idx:
            for label, v in items[i][1].votes.items():
                pooled[_cls(label)] += v
            if not items[i][1].votes:
                pooled[cls_of[i]] += 1
        ranked = [c for c, _ in pooled.most_common() if c in classes]
        win = ranked[0]
        lose_total = max(pooled[c] for c in classes if c != win)
        if pooled[win] < 2 * lose_total:
            continue
        win_type = Counter(items[i][1].type for i in idx if cls_of[i] == win).most_common(1)[0][0]
        for c in sorted(classes - {win}):
            merges.append(((win, key, None) if win != "PLACE" else _node_key(win, items[idx[0]][1].name),
                           _node_key(c, items[next(i for i in idx if cls_of[i] == c)][1].name),
                           "type-vote", pooled[win] / max(1.0, pooled[win] + lose_total)))
        for i in idx:
            if cls_of[i] != win:
                cls_of[i] = win
                items[i][1].type = win_type


def _blocks(keys: Iterable[tuple], first_letter) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = defaultdict(list)
    for k in keys:
        out[first_letter(k)].append(k)
    return out


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _person_tokens(key: str) -> list[str]:
    """The tokens of a person key without a generational suffix ("Arcade Joseph Comeaux Jr")."""
    toks = key.split()
    while len(toks) > 2 and toks[-1] in _SUFFIXES:
        toks = toks[:-1]
    return toks


def _first_names_fit(ta: list[str], tb: list[str]) -> float:
    """How well the given names of two people with one surname fit: the same first name, an initial,
    similar spelling, a short form (Fred/Frederick, Mo/Maurice), or a first name that is the other's
    middle name ("W. Mark Felt" / "Mark Felt")."""
    fa, fb = ta[0], tb[0]
    if fa == fb:
        return 1.0
    if len(fa) == 1 or len(fb) == 1:
        if fa[0] == fb[0]:
            return 1.0
    elif min(len(fa), len(fb)) >= 3 and (fa.startswith(fb) or fb.startswith(fa)) or short_form_of(fa, fb):
        return 0.9
    else:
        r = _ratio(fa, fb)
        if r >= PERSON_FIRST_MIN:
            return r
    short, long_ = sorted((ta, tb), key=len)
    if len(long_) > len(short) and len(long_[0]) == 1 and short[0] in long_[1:-1]:
        return 0.9
    return 0.0


def _surname_part(key: str) -> list[str] | None:
    """The tokens of a key that is a surname alone: one word, or a compound one ("lo presti")."""
    toks = key.split()
    if len(toks) == 1:
        return toks
    if len(toks) == 2 and (toks[0] in SURNAME_PARTICLES or toks[1] in _SUFFIXES):  # "Lo Presti", "Trump Jr."
        return toks
    return None


def _link_people(keys: list[tuple], uf: _UnionFind, merges: list, articles_of: dict[tuple, set[str]]) -> list[tuple]:
    """Full names by name rules, then surnames alone (see the module docstring); returns the surnames
    alone that several people fit, for :func:`_surnames_by_context`."""
    single = [k for k in keys if _surname_part(k[1])]
    full = [k for k in keys if len(k[1].split()) >= 2 and k not in single]
    # "Donald Trump Jr.": where an article also names the father, the son merges with no name lacking the suffix
    people_in: dict[str, list[tuple]] = defaultdict(list)
    for k in full:
        for a in articles_of[k]:
            people_in[a].append(k)
    apart = set()
    for k in full:
        toks = _person_tokens(k[1])
        if len(toks) < len(k[1].split()) and any(
                len(_person_tokens(o[1])) == len(o[1].split()) and _person_tokens(o[1])[0] == toks[0]
                and _person_tokens(o[1])[-1] == toks[-1] for a in articles_of[k] for o in people_in[a]):
            apart.add(k)

    def suffixed(k: tuple) -> bool:
        return len(_person_tokens(k[1])) != len(k[1].split())
    for block in _blocks(full, lambda k: _person_tokens(k[1])[-1][:1]).values():
        for i, a in enumerate(block):
            ta = _person_tokens(a[1])
            for b in block[i + 1:]:
                tb = _person_tokens(b[1])
                last = _ratio(ta[-1], tb[-1])
                if last < 1.0 and (last < PERSON_SURNAME_MIN or min(len(ta[-1]), len(tb[-1])) < 4):
                    continue
                first = _first_names_fit(ta, tb)
                if first < PERSON_FIRST_MIN:
                    continue
                if (a in apart or b in apart) and suffixed(a) != suffixed(b):
                    continue  # "Donald Trump Jr." and "Donald Trump": two people
                if uf.union(a, b):
                    merges.append((a, b, "person-name", min(first, last)))
    # a headline's name with words glued on ("Lindsay Lohan Checks Into Rehab"): the full name it starts with
    by_key = {k[1]: k for k in full}
    for k in full:
        toks = k[1].split()
        if len(toks) < 3:
            continue
        for n in range(len(toks) - 1, 1, -1):
            prefix = by_key.get(" ".join(toks[:n]))
            if prefix is not None:
                if toks[n] in _SUFFIXES and k in apart:
                    break  # "Donald Trump Jr." beside "Donald Trump"
                if uf.union(prefix, k):
                    merges.append((prefix, k, "person-prefix", n / len(toks)))
                break
    by_surname: dict[str, set] = defaultdict(set)
    for k in full:
        toks = _person_tokens(k[1])
        by_surname[toks[-1]].add(k)
        if len(toks) >= 3 and toks[-2] in SURNAME_PARTICLES:
            by_surname[" ".join(toks[-2:])].add(k)
        whole = k[1].split()
        if len(whole) > len(toks):  # "Donald Trump Jr." is also "Trump Jr."
            by_surname[" ".join([toks[-1]] + whole[len(toks):])].add(k)
    ambiguous = []
    for s in single:
        fits = {uf.find(k) for sur, ks in by_surname.items() if _ratio(sur, s[1]) >= 0.9 for k in ks}
        if len(fits) > 1:
            ambiguous.append(s)
        if len(fits) == 1:
            root = fits.pop()
            target = next(k for sur, ks in by_surname.items() for k in sorted(ks) if uf.find(k) == root)
            score = max(_ratio(sur, s[1]) for sur, ks in by_surname.items() if target in ks)
            if uf.union(s, target):
                merges.append((target, s, "surname-only", score))
    return ambiguous


CONTEXT_MIN = 1.0  # shared names' weight (sum of log inverse document frequency) for a surname to attach
CONTEXT_PRIOR = 1.0  # weight of log(1 + articles naming the person) beside it
CONTEXT_MARGIN = 1.5  # how far (log units) the best candidate must lead the next


def _surnames_by_context(ambiguous: list[tuple], nodes: dict, items: list, uf: _UnionFind, merges: list,
                         articles_of: dict[tuple, set[str]], full: list[tuple]) -> None:
    """Each article's bare surname that several people fit (Bush: George W. Bush, Reggie Bush) attaches to
    the person whose articles share clearly more names with that article (weighted by rarity)."""
    if not ambiguous:
        return
    # article -> its entities so far, by the key of each one's root (any class: "Superdome" as place or building)
    names_in: dict[str, set[str]] = defaultdict(set)
    df: Counter = Counter()
    for k, arts in articles_of.items():
        for a in arts:
            names_in[a].add(uf.find(k)[1])
    for names in names_in.values():
        df.update(names)
    n_articles = max(1, len(names_in))
    members: dict[tuple, set[tuple]] = defaultdict(set)
    for k in full:
        members[uf.find(k)].add(k)
    for s in ambiguous:
        toks = s[1].split()
        fits = sorted({uf.find(k) for k in full if toks in (_person_tokens(k[1])[-len(toks):], k[1].split()[-len(toks):])
                       or len(toks) == 1 and _ratio(_person_tokens(k[1])[-1], toks[0]) >= 0.9})
        if len(fits) < 2:
            continue
        def other(n: str) -> bool:  # names ending in this surname tell nothing
            return n.split()[-1:] != toks[-1:]

        seen = {r: {a for k in members[r] for a in articles_of[k]} for r in fits}
        gender = {r: _gender(items[i][1].text for k in members[r] for i in nodes[k]) for r in fits}
        for article in sorted(articles_of[s]):
            said = _gender(items[i][1].text for i in nodes[s] if items[i][0] == article)
            fits_here = [r for r in fits if not said or gender[r] in (None, said)]  # "Mrs. Clinton" is not Bill
            if not fits_here:
                continue
            # each candidate's other articles: one named in this article with its surname alone is no evidence
            context = {r: {n for k in members[r] for a in articles_of[k] - {article} for n in names_in[a] if other(n)} for r in fits}
            around = {n for n in names_in[article] if other(n)}
            shared = {r: sum(math.log(n_articles / df[n]) for n in around & context[r]) for r in fits}
            # log-odds: shared rare names, plus how often each person is named at all
            weight = {r: shared[r] + CONTEXT_PRIOR * math.log(1 + len(seen[r] - {article})) for r in fits_here}
            ranked = sorted(fits_here, key=lambda r: -weight[r])
            best, second = weight[ranked[0]], (weight[ranked[1]] if len(ranked) > 1 else -math.inf)
            by_title = len(fits_here) == 1 and len(fits) > 1  # the one person of this surname the title fits
            if not by_title and (shared[ranked[0]] < CONTEXT_MIN or best - second < CONTEXT_MARGIN):
                continue
            node = (s[0], s[1], "@" + article)
            idx = [i for i in nodes[s] if items[i][0] == article]
            nodes[s] = [i for i in nodes[s] if items[i][0] != article]
            nodes[node] = idx
            articles_of[node] = {article}
            target = sorted(members[ranked[0]])[0]
            if uf.union(node, target):
                merges.append((target, node, "surname-title" if by_title else "surname-context",
                               1.0 if by_title else 1 / (1 + math.exp(second - best))))
        if not nodes[s]:
            del nodes[s]


_MALE, _FEMALE = frozenset({"mr"}), frozenset({"mrs", "ms", "miss"})


def _gender(surfaces: Iterable[str]) -> str | None:
    """"m" or "f" where the mentions' courtesy titles (Mr. / Mrs., Ms.) say so clearly, else None."""
    count = Counter()
    for text in surfaces:
        first = text.split()[0].lower().strip(".") if text.split() else ""
        count["m"] += first in _MALE
        count["f"] += first in _FEMALE
    if count["m"] > 2 * count["f"]:
        return "m"
    if count["f"] > 2 * count["m"]:
        return "f"
    return None


def _link_places(keys: list[tuple], uf: _UnionFind, merges: list) -> None:
    for block in _blocks(keys, lambda k: k[1][:1]).values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                if a[2] and b[2] and a[2] != b[2]:
                    continue
                score = _ratio(a[1], b[1])
                ok = score == 1.0 or (score >= PLACE_MIN and min(len(a[1]), len(b[1])) >= 5
                                      and skeleton(a[1]) == skeleton(b[1]))
                if ok and uf.union(a, b):
                    merges.append((a, b, "place-name", score))


def _link_orgs(keys: list[tuple], uf: _UnionFind, merges: list) -> None:
    for block in _blocks(keys, lambda k: k[1][:1]).values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                score = _ratio(a[1], b[1])
                if (score >= ORG_MIN and min(len(a[1]), len(b[1])) >= 8) and uf.union(a, b):
                    merges.append((a, b, "org-name", score))


def _link_org_short_forms(keys: list[tuple], places: set[str], uf: _UnionFind, merges: list) -> None:
    """An organisation's short form ("colts") joins the one longer organisation whose name is a place or
    nationality followed by it ("indianapolis colts")."""
    longer: dict[str, set[tuple]] = defaultdict(set)
    for k in keys:
        toks = k[1].split()
        for n in range(1, len(toks)):
            prefix = " ".join(toks[:n])
            if prefix in places:
                longer[" ".join(toks[n:])].add(k)
    for k in keys:
        fits = {uf.find(o) for o in longer.get(k[1], ())}
        if len(fits) == 1:
            target = sorted(longer[k[1]])[0]
            if uf.union(target, k):
                merges.append((target, k, "org-short-form", 1.0))


def _surface_form(m: Mention) -> str:
    if m.nickname:
        return " ".join(m.text.split())
    form = normalise_name(m.text, m.type)
    if _cls(m.type) != "PERSON" and translit_key(form) != translit_key(m.name):
        return m.name  # a short form the article resolved ("the Times" of "Los Angeles Times")
    return form


def _make_entity(cls: str, members: list[tuple[str, Mention]], merges: list[dict]) -> Entity:
    forms = Counter(_surface_form(m) for _, m in members)
    full = Counter({f: n for f, n in forms.items() if len(f.split()) >= 2 and not _surname_part(translit_key(f))}) \
        if cls == "PERSON" else forms
    if not full:
        full = Counter(m.name for _, m in members)
    words = Counter(w for f, n in forms.items() for w in set(f.split()) for _ in range(n))
    canonical = min(full, key=lambda f: (-full[f], -sum(words[w] for w in f.split()), f))
    type_ = Counter(m.type for _, m in members).most_common(1)[0][0]
    ident = hashlib.sha1(f"{cls}:{translit_key(canonical)}".encode()).hexdigest()[:12]
    variants = sorted(set(forms) | {m.name for _, m in members})
    return Entity(f"E{ident}", canonical, type_, list(members), variants, merges)
