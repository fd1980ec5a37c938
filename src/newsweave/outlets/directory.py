"""Finding an article's outlet record, and a story's coverage by outlet group.

An article's outlet (a host such as ``www.example.com`` or a name from a manifest) is found by its name, by its
host, or by the nearest parent domain listed (``news.example.co.uk`` -> ``example.co.uk``). An article without an
outlet is shown as :data:`UNKNOWN`; an outlet not in the file has no labels, and is ``unknown`` in every group.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

UNKNOWN = "unknown"


class OutletDirectory:
    """The loaded outlet records (from :meth:`Store.outlet_records`), looked up by outlet name."""

    def __init__(self, records: Iterable[dict[str, Any]]) -> None:
        self.records = list(records)
        self._by_domain = {r["domain"]: r for r in self.records if r.get("domain")}
        self._by_name = {str(r["name"]).casefold(): r for r in self.records if r.get("name")}
        self._cache: dict[str, dict[str, Any] | None] = {}
        keys: dict[str, None] = {}
        for record in self.records:
            keys.update(dict.fromkeys(record.get("labels") or {}))
        self._label_keys = list(keys)

    def __bool__(self) -> bool:
        return bool(self.records)

    def find(self, outlet: str | None) -> dict[str, Any] | None:
        """The record of an outlet, or None when the file does not list it."""
        if not outlet:
            return None
        if outlet not in self._cache:
            self._cache[outlet] = self._find(outlet)
        return self._cache[outlet]

    def _find(self, outlet: str) -> dict[str, Any] | None:
        by_name = self._by_name.get(outlet.casefold())
        if by_name is not None:
            return by_name
        host = outlet.strip().lower().rstrip(".")
        host = host[4:] if host.startswith("www.") else host
        parts = host.split(".")
        for start in range(len(parts) - 1):
            record = self._by_domain.get(".".join(parts[start:]))
            if record is not None:
                return record
        return None

    def display(self, outlet: str | None) -> str:
        """What a page shows for an outlet: the file's display name, else the outlet as stored, else ``unknown``."""
        if not outlet:
            return UNKNOWN
        record = self.find(outlet)
        return str(record.get("display_name") or outlet) if record else outlet

    def label(self, outlet: str | None, key: str) -> str:
        """The outlet's value of a group label (``lean``, ``type``, ...), or ``unknown``."""
        record = self.find(outlet)
        found = ((record or {}).get("labels") or {}).get(key)
        return str(found["value"]) if found else UNKNOWN

    def label_keys(self) -> list[str]:
        """Every group label the file uses, in order of first use."""
        return list(self._label_keys)


@dataclass
class GroupCoverage:
    """A story's coverage under one group label: value -> the outlets of that value and their article counts."""

    key: str
    groups: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def known(self) -> list[str]:
        """The values with outlets, ``unknown`` left out."""
        return [value for value in self.groups if value != UNKNOWN]

    @property
    def blindspot(self) -> str | None:
        """The one group that covers the story when no other known group does (None when two or more do, or none)."""
        known = self.known
        return known[0] if len(known) == 1 else None


def story_coverage(outlets_of_articles: Iterable[str | None], directory: OutletDirectory) -> list[GroupCoverage]:
    """Per group label of the file, the story's articles counted by group value and outlet (unknown outlets under
    ``unknown``); groups ordered by their number of articles, most first."""
    outlets = list(outlets_of_articles)
    out = []
    for key in directory.label_keys():
        counts: dict[str, dict[str, int]] = {}
        for outlet in outlets:
            by_outlet = counts.setdefault(directory.label(outlet, key), {})
            name = outlet or UNKNOWN
            by_outlet[name] = by_outlet.get(name, 0) + 1
        ordered = sorted(counts.items(), key=lambda item: (item[0] == UNKNOWN, -sum(item[1].values()), item[0]))
        out.append(GroupCoverage(key, dict(ordered)))
    return out


def blindspots(coverage: list[GroupCoverage]) -> dict[str, str]:
    """Group label -> the only group covering the story, for each label where just one known group does."""
    return {c.key: c.blindspot for c in coverage if c.blindspot is not None}
