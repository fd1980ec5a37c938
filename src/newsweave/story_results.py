"""Which stories a run must rebuild, and the corpus-wide entity records merged from each story's own.

A story's results (its brief, the analyses of its articles, its entity records) depend only on its
articles, in its order. A run therefore fingerprints every story from what the store lists for its
articles (id, version, cleaned length, title, outlet, date, copy-of) and rebuilds exactly the stories
whose fingerprint differs from the one saved with the last results: new and grown stories, stories that
lost articles, stories whose articles were changed or re-cleaned. A run interrupted after storing
articles but before saving results leaves the old fingerprints, so the next run rebuilds what it missed.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable

from .store.base import entity_counts
from .version import __version__

STATE_NAME = "story-fingerprints"
RESULTS_VERSION = "23"  # bump when the results built from the same articles change without a new release; 3: speaker entities, spans of years, sentence cuts, matched clauses; 4: negated quotes; 5: a quote's "he" is no one it names; 6: "who he said", "a response from X"; 7: titles after a preposition; 8: facts quoting a speaker; 9: "another Dem, Name"; 10: review mends; 11: relayed reporting; 12: possessors and qualifying names are not speakers; 13: shows as titles; 14: requests; 15: review mends; 16: speaker names without a qualifying name; 17: a fact relayed only by wholly relaying articles; 18: descriptions holding a name are not merged with the person; 19: the same narration around a quotation is one report; 20: headlines as units of facts, consensus voted by aligned units only; 21: headlines of copies and relays; 22: relays by clause, wire paragraphs copied; 23: list items shown in their sentence


def story_fingerprints(stories: dict[str, Any], rows: dict[str, dict[str, Any]], settings_key: str = "") -> dict[str, str]:
    """Story id -> a hash of what its results are built from: its articles in order, each with the metadata
    and version the store lists (``rows``: :meth:`~newsweave.store.base.Store.article_rows` by id) and its
    copy-of link from the stories document, and the code and settings that build results."""
    copies = {row["id"]: row.get("duplicate_of") for row in stories.get("articles") or []}
    out = {}
    for story in stories.get("stories") or []:
        digest = hashlib.sha256(f"{__version__}/{RESULTS_VERSION}/{settings_key}".encode())
        for article_id in story["articles"]:
            row = rows.get(article_id) or {}
            part = [article_id, row.get("version"), row.get("chars"), row.get("title"), row.get("outlet"),
                    row.get("published"), copies.get(article_id)]
            digest.update(json.dumps(part, ensure_ascii=False).encode("utf-8", "surrogatepass"))
        out[story["id"]] = digest.hexdigest()[:32]
    return out


def load_fingerprints(value: bytes | None) -> dict[str, str] | None:
    """The fingerprints saved with the last results (None when there are none, or they cannot be read)."""
    if not value:
        return None
    try:
        saved = json.loads(value)
    except ValueError:
        return None
    return saved if isinstance(saved, dict) else None


def dump_fingerprints(fingerprints: dict[str, str]) -> bytes:
    return json.dumps(fingerprints, sort_keys=True).encode()


def stale_stories(current: dict[str, str], saved: dict[str, str]) -> tuple[list[str], list[str]]:
    """(stories to rebuild, in ``current``'s order; stories whose results are to be removed)."""
    rebuild = [s for s, fp in current.items() if saved.get(s) != fp]
    removed = sorted(set(saved) - set(current))
    return rebuild, removed


def story_entity_records(entities_document: dict[str, Any], analyses: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """A story's entity records (name, type, variants, merges) with ``mentions``, their count in its articles."""
    counts: dict[str, int] = {}
    for analysis in analyses.values():
        for entity_id, n in entity_counts(analysis).items():
            counts[entity_id] = counts.get(entity_id, 0) + n
    return [{k: v for k, v in e.items() if k != "articles"} | {"mentions": counts.get(e["id"], 0)}
            for e in entities_document.get("entities") or []]


def merge_entity_records(records: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """One corpus-wide record from the records of one entity id in several stories (given in story order): the
    name and type of the story that mentions it most (the first such story on a tie), every variant, every merge
    once, and ``mentions``, the total. None when there are no records."""
    records = list(records)
    if not records:
        return None
    lead = max(records, key=lambda r: int(r.get("mentions") or 0))  # max keeps the first of equals
    variants = sorted({v for r in records for v in r.get("variants") or []})
    merges: list[dict[str, Any]] = []
    seen: set[str] = set()
    for record in records:
        for merge in record.get("merges") or []:
            key = json.dumps(merge, sort_keys=True, ensure_ascii=False)
            if key not in seen:
                seen.add(key)
                merges.append(merge)
    return {"id": lead["id"], "name": lead["name"], "type": lead.get("type"), "variants": variants, "merges": merges,
            "mentions": sum(int(r.get("mentions") or 0) for r in records)}
