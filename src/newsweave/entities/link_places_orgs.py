"""Linking places and organisations across articles: ``place-name``, ``org-name`` and ``org-short-form``
(see :mod:`.link`)."""
from __future__ import annotations

from collections import defaultdict

from .merging import UnionFind, blocks, ratio
from .names import skeleton

PLACE_MIN = 0.8
ORG_MIN = 0.92


def link_places(keys: list[tuple], uf: UnionFind, merges: list) -> None:
    for block in blocks(keys, lambda k: k[1][:1]).values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                if a[2] and b[2] and a[2] != b[2]:
                    continue
                score = ratio(a[1], b[1])
                ok = score == 1.0 or (score >= PLACE_MIN and min(len(a[1]), len(b[1])) >= 5
                                      and skeleton(a[1]) == skeleton(b[1]))
                if ok and uf.union(a, b):
                    merges.append((a, b, "place-name", score))


def link_orgs(keys: list[tuple], uf: UnionFind, merges: list) -> None:
    for block in blocks(keys, lambda k: k[1][:1]).values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                score = ratio(a[1], b[1])
                if (score >= ORG_MIN and min(len(a[1]), len(b[1])) >= 8) and uf.union(a, b):
                    merges.append((a, b, "org-name", score))


def link_org_short_forms(keys: list[tuple], places: set[str], uf: UnionFind, merges: list) -> None:
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
