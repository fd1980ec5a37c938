"""A story as the clusterer holds it: its articles and the evidence they pool."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Story:
    id: int
    key: str = ""
    members: list[int] = field(default_factory=list)  # article indices
    centroid: dict[str, float] = field(default_factory=dict)
    days: list[int] = field(default_factory=list)
    ages: set = field(default_factory=set)
    counts: set = field(default_factory=set)
    blocks: set = field(default_factory=set)
    persons: set = field(default_factory=set)
    places: set = field(default_factory=set)
    sites: set = field(default_factory=set)
    cached_at: int = -1  # self.n when ``cached`` was weighted; -1: stale
    cached: dict[str, float] = field(default_factory=dict)
    pinned: bool = False  # its key was shown by a run: merged with a story not shown, the merged story takes this key
    merged_into: int = -1  # set when consolidation moved every member to another story
    version: int = 0  # bumped whenever members change
