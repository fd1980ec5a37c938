"""Linking people across articles: full names by name rules (``person-name``, ``person-prefix``), then
a surname alone to the one full name it fits (``surname-only``), or, where several fit, by the names
its article shares with theirs (``surname-context``) or by its courtesy title (``surname-title``);
see :mod:`.link`."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Iterable

from .merging import UnionFind, blocks, ratio
from .names import GENERATIONAL_SUFFIXES, SURNAME_PARTICLES, short_form_of, without_suffix

PERSON_SURNAME_MIN = 0.85
PERSON_FIRST_MIN = 0.8


def _person_tokens(key: str) -> list[str]:
    """The tokens of a person key without a generational suffix ("Arcade Joseph Comeaux Jr")."""
    return without_suffix(key.split())


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
        r = ratio(fa, fb)
        if r >= PERSON_FIRST_MIN:
            return r
    short, long_ = sorted((ta, tb), key=len)
    if len(long_) > len(short) and len(long_[0]) == 1 and short[0] in long_[1:-1]:
        return 0.9
    return 0.0


def surname_initial(key: str) -> str:
    """The first letter of a person key's surname (a generational suffix left out): the block the person-name rule
    compares a key within."""
    tokens = _person_tokens(key)
    return tokens[-1][:1] if tokens else ""


def person_names_fit(a: str, b: str) -> float:
    """How well two full-name person keys fit one person by name alone (the ``person-name`` rule): surnames alike
    (equal, or of at least four letters and similar) and given names that fit (:func:`_first_names_fit`); 0 when
    they do not."""
    ta, tb = _person_tokens(a), _person_tokens(b)
    if not ta or not tb:
        return 0.0
    last = ratio(ta[-1], tb[-1])
    if last < 1.0 and (last < PERSON_SURNAME_MIN or min(len(ta[-1]), len(tb[-1])) < 4):
        return 0.0
    first = _first_names_fit(ta, tb)
    return min(first, last) if first >= PERSON_FIRST_MIN else 0.0


def surname_part(key: str) -> list[str] | None:
    """The tokens of a key that is a surname alone: one word, or a compound one ("lo presti")."""
    toks = key.split()
    if len(toks) == 1:
        return toks
    if len(toks) == 2 and (toks[0] in SURNAME_PARTICLES or toks[1] in GENERATIONAL_SUFFIXES):  # "Lo Presti", "Trump Jr."
        return toks
    return None


def link_people(keys: list[tuple], uf: UnionFind, merges: list, articles_of: dict[tuple, set[str]]) -> list[tuple]:
    """Full names by name rules, then surnames alone (see the module docstring); returns the surnames
    alone that several people fit, for :func:`surnames_by_context`."""
    single = [k for k in keys if surname_part(k[1])]
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
    for block in blocks(full, lambda k: surname_initial(k[1])).values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                fit = person_names_fit(a[1], b[1])
                if not fit:
                    continue
                if (a in apart or b in apart) and suffixed(a) != suffixed(b):
                    continue  # "Donald Trump Jr." and "Donald Trump": two people
                if uf.union(a, b):
                    merges.append((a, b, "person-name", fit))
    # a headline's name with words glued on ("Lindsay Lohan Checks Into Rehab"): the full name it starts with
    by_key = {k[1]: k for k in full}
    for k in full:
        toks = k[1].split()
        if len(toks) < 3:
            continue
        for n in range(len(toks) - 1, 1, -1):
            prefix = by_key.get(" ".join(toks[:n]))
            if prefix is not None:
                if toks[n] in GENERATIONAL_SUFFIXES and k in apart:
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
        fits = {uf.find(k) for sur, ks in by_surname.items() if ratio(sur, s[1]) >= 0.9 for k in ks}
        if len(fits) > 1:
            ambiguous.append(s)
        if len(fits) == 1:
            root = fits.pop()
            target = next(k for sur, ks in by_surname.items() for k in sorted(ks) if uf.find(k) == root)
            score = max(ratio(sur, s[1]) for sur, ks in by_surname.items() if target in ks)
            if uf.union(s, target):
                merges.append((target, s, "surname-only", score))
    return ambiguous


CONTEXT_MIN = 1.0  # shared names' weight (sum of log inverse document frequency) for a surname to attach
CONTEXT_PRIOR = 1.0  # weight of log(1 + articles naming the person) beside it
CONTEXT_MARGIN = 1.5  # how far (log units) the best candidate must lead the next


def surnames_by_context(ambiguous: list[tuple], nodes: dict, items: list, uf: UnionFind, merges: list,
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
                       or len(toks) == 1 and ratio(_person_tokens(k[1])[-1], toks[0]) >= 0.9})
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
