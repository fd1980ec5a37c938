"""What the linking rules share: a union-find over name keys that keeps the smaller key as the root,
blocks of keys by first letter, and a similarity ratio of two keys."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from rapidfuzz import fuzz


def ratio(a: str, b: str) -> float:
    """Similarity of two keys, 0 to 1 (rapidfuzz ratio; 1 when equal)."""
    return 1.0 if a == b else fuzz.ratio(a, b) / 100.0


class UnionFind:
    """Disjoint sets of node keys; the smaller key (``None`` as "") is a merged set's root."""

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


def blocks(keys: Iterable[tuple], first_letter) -> dict[str, list[tuple]]:
    """Keys grouped by ``first_letter(key)``: only keys of one block are compared."""
    out: dict[str, list[tuple]] = defaultdict(list)
    for k in keys:
        out[first_letter(k)].append(k)
    return out
