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
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .link_people import link_people, surname_part, surnames_by_context
from .link_places_orgs import link_org_short_forms, link_orgs, link_places
from .mentions import PLACE, Mention
from .merging import UnionFind, ratio
from .names import geo_core, normalise_name, translit_key, translit_token


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
    uf = UnionFind()
    for k, idx in nodes.items():
        uf.find(k)
        names = Counter(items[i][1].name for i in idx)
        top = names.most_common(1)[0][0]
        for other in sorted(names):
            if other != top:
                merges.append((k, k, "translit-key", ratio(top.lower(), other.lower()), top, other))
    by_cls: dict[str, list[tuple]] = defaultdict(list)
    for k in nodes:
        by_cls[k[0]].append(k)
    articles_of = {k: {items[i][0] for i in idx} for k, idx in nodes.items()}
    people = by_cls.get("PERSON", [])
    ambiguous = link_people(people, uf, merges, articles_of)
    link_places(by_cls.get("PLACE", []), uf, merges)
    link_orgs(by_cls.get("ORG", []), uf, merges)
    link_org_short_forms(by_cls.get("ORG", []), {k[1] for k in nodes if k[0] in ("PLACE", "NORP")}, uf, merges)
    surnames_by_context(ambiguous, nodes, items, uf, merges, articles_of,
                         [k for k in people if len(k[1].split()) >= 2 and not surname_part(k[1])])
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


def _surface_form(m: Mention) -> str:
    if m.nickname:
        return " ".join(m.text.split())
    form = normalise_name(m.text, m.type)
    if _cls(m.type) != "PERSON" and translit_key(form) != translit_key(m.name):
        return m.name  # a short form the article resolved ("the Times" of "Los Angeles Times")
    return form


def _make_entity(cls: str, members: list[tuple[str, Mention]], merges: list[dict]) -> Entity:
    forms = Counter(_surface_form(m) for _, m in members)
    full = Counter({f: n for f, n in forms.items() if len(f.split()) >= 2 and not surname_part(translit_key(f))}) \
        if cls == "PERSON" else forms
    if not full:
        full = Counter(m.name for _, m in members)
    words = Counter(w for f, n in forms.items() for w in set(f.split()) for _ in range(n))
    canonical = min(full, key=lambda f: (-full[f], -sum(words[w] for w in f.split()), f))
    type_ = Counter(m.type for _, m in members).most_common(1)[0][0]
    ident = hashlib.sha1(f"{cls}:{translit_key(canonical)}".encode()).hexdigest()[:12]
    variants = sorted(set(forms) | {m.name for _, m in members})
    return Entity(f"E{ident}", canonical, type_, list(members), variants, merges)
