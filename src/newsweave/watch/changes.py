"""What changed in each story: a log of the watcher's rounds in the store, and the report built from it.

After each round the log gets one entry (:func:`record_round`): its time, the articles it added, the stories they
went to, and for each story the round touched the facts newly corroborated, the new conflicts and the new quotes,
found by comparing the story's brief after the round with what the watcher kept of the brief(s) its articles were
in before it (:mod:`.brief_diff`: items keyed by the passages they stand on). What is kept of a brief is saved
per story, with the story's articles, so a story that took in another (a merge) is compared with both.

:func:`changes_since` reads the entries since a time and groups them by the stories that hold the articles now (a
story that merged with another is reported as the story it is now part of); a story all of whose articles came in
since then appeared since then. Each round writes its own entry and the kept briefs of the stories it touched
only, so what a round writes grows with what it brought, not with the store.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from ..errors import ConfigError
from ..store.base import Store
from .brief_diff import KINDS, Keys, brief_gains, brief_keys, merge_keys

INDEX_NAME = "watch-rounds"          # the logged rounds' times, oldest first
ENTRY_PREFIX = "watch-round/"        # + time: one round's entry
KEPT_PREFIX = "watch-brief/"         # + story id: what the watcher kept of the story's brief, with its articles
BASELINE_NAME = "watch-baseline"     # set once the briefs a store held before its first round were kept
MAX_LOGGED_ROUNDS = 5000
SCHEMA = "newsweave.changes/2"
_RELATIVE = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhdw])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_since(text: str, now: datetime | None = None) -> str:
    """``--since``: an ISO date or date-time (UTC unless it says otherwise), or a span back from now (``90m``,
    ``6h``, ``2d``, ``1w``); returned as the log's UTC time text."""
    now = now or datetime.now(timezone.utc)
    text = text.strip()
    relative = _RELATIVE.match(text.lower())
    if relative:
        when = now - timedelta(seconds=float(relative.group(1)) * _UNITS[relative.group(2)])
    else:
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ConfigError(f"--since {text!r}: give an ISO date or time (2026-05-18, 2026-05-18T09:00) "
                              f"or a span back from now (90m, 6h, 2d, 1w)") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _load(store: Store, name: str, empty: Any) -> Any:
    raw = store.get_state(name)
    return json.loads(raw) if raw else empty


def _put(store: Store, name: str, value: Any) -> None:
    store.put_state(name, json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8") if value is not None else b"")


def _keep(store: Store, story_id: str) -> None:
    row = store.get_story(story_id)
    _put(store, KEPT_PREFIX + story_id, {**brief_keys(store.get_brief(story_id)), "articles": list(row.get("articles") or [])}
         if row is not None else None)


def keep_baseline(store: Store) -> None:
    """Before the first round on a store: keep what the briefs already there hold, so that it is not reported as
    new (call inside the round's writer lock, before the run)."""
    if store.get_state(BASELINE_NAME) is None:
        with store.transaction():
            for story_id in dict.fromkeys(store.story_assignments().values()):
                _keep(store, story_id)
            store.put_state(BASELINE_NAME, b"1")


def _story_gains(store: Store, story_id: str, kept: dict[str, dict[str, Any]], kept_in: dict[str, str],
                 new: set[str]) -> dict[str, list[dict[str, Any]]]:
    """What the round added to the brief of story ``story_id``: compared with what was kept of the stories its
    articles were in (``kept_in``: article -> kept story). Articles no kept brief covers (stored by a plain run
    between rounds) count as before the round: only items that stand on a new article's passage are reported."""
    row = store.get_story(story_id) or {}
    members = list(row.get("articles") or [])
    sources = {kept_in[a] for a in members if a in kept_in} | ({story_id} if story_id in kept else set())
    before: Keys = merge_keys(kept[s] for s in sources)
    gains = brief_gains(before, store.get_brief(story_id))
    if any(a not in kept_in and a not in new for a in members):
        gains = {kind: [item for item in items if any(p.split("@", 1)[0] in new for p in item["key"])]
                 for kind, items in gains.items()}
    return gains


def record_round(store: Store, when: str, new_articles: list[str], rebuilt: list[str], removed: list[str]) -> dict[str, Any]:
    """Log one round (call after the run, inside the round's writer lock) and return its entry; keeps, for each
    story touched (rebuilt, or holding a new article), what its brief now holds for the next round to compare."""
    membership = store.story_membership(new_articles)
    stories: dict[str, list[str]] = {}
    for article_id in new_articles:
        if article_id in membership:
            stories.setdefault(membership[article_id][0], []).append(article_id)
    touched = list(dict.fromkeys([*rebuilt, *stories]))
    kept = {sid: k for sid in dict.fromkeys([*touched, *removed]) if (k := _load(store, KEPT_PREFIX + sid, None))}
    kept_in = {a: sid for sid, k in kept.items() for a in k.get("articles") or []}
    new = set(new_articles)
    gains = {}
    for sid in touched:
        found = _story_gains(store, sid, kept, kept_in, new)
        if any(found.values()):
            gains[sid] = found
    appeared = [sid for sid in stories if set((store.get_story(sid) or {}).get("articles") or []) <= new]
    entry = {"at": when, "articles": new_articles, "stories": stories, "appeared": appeared, "gains": gains}
    index = [*_load(store, INDEX_NAME, []), when]
    with store.transaction():
        for sid in touched:
            _keep(store, sid)
        for sid in removed:
            _put(store, KEPT_PREFIX + sid, None)
        for dropped in index[:-MAX_LOGGED_ROUNDS]:
            _put(store, ENTRY_PREFIX + dropped, None)
        _put(store, ENTRY_PREFIX + when, entry)
        _put(store, INDEX_NAME, index[-MAX_LOGGED_ROUNDS:])
    return entry


def round_times(store: Store) -> list[str]:
    """The times of the logged rounds, oldest first."""
    return list(_load(store, INDEX_NAME, []))


def _entries_since(store: Store, since: str) -> list[dict[str, Any]]:
    return [e for at in round_times(store) if at >= since and (e := _load(store, ENTRY_PREFIX + at, None))]


def changes_since(store: Store, since: str, only: str | None = None) -> dict[str, Any]:
    """The ``newsweave.changes/2`` document: per story now in the store (or story ``only``), what the rounds since
    ``since`` (the log's UTC time text, :func:`parse_since`) brought: new articles, outlets new to the story,
    whether the story appeared, facts newly corroborated, new conflicts and new quotes (each with what it says
    and its outlets). Stories with the most new articles first."""
    entries = _entries_since(store, since)
    new_ids = list(dict.fromkeys(a for e in entries for a in e["articles"]))
    membership = store.story_membership(new_ids)
    current: dict[str, dict[str, Any]] = {}
    gains: dict[str, dict[str, dict[tuple, dict[str, Any]]]] = {}

    def story(sid: str) -> dict[str, Any] | None:
        if only is not None and sid != only:
            return None
        if sid not in current:
            row = store.get_story(sid)
            if row is None:
                return None
            current[sid] = {"row": row, "articles": []}
        return current[sid]

    for article_id in new_ids:
        if article_id in membership and (found := story(membership[article_id][0])) is not None:
            found["articles"].append(article_id)
    for entry in entries:
        for sid, gained in entry.get("gains", {}).items():
            target = sid if story(sid) is not None else next(
                (membership[a][0] for a in entry["stories"].get(sid, []) if a in membership), None)
            if target is None or story(target) is None:
                continue
            bucket = gains.setdefault(target, {kind: {} for kind in KINDS})
            for kind in KINDS:
                for item in gained.get(kind) or []:
                    bucket[kind].setdefault(tuple(item["key"]), {k: v for k, v in item.items() if k != "key"})
    report = []
    for sid, found in current.items():
        if not found["articles"] and sid not in gains:
            continue
        row = found["row"]
        members = list(row.get("articles") or [])
        meta = store.article_meta(members)
        new = set(found["articles"])
        old_outlets = {meta[a].get("outlet") for a in members if a not in new and a in meta}
        new_outlets = sorted({meta[a].get("outlet") for a in new if a in meta} - old_outlets - {None})
        story_gains = gains.get(sid, {kind: {} for kind in KINDS})
        report.append({
            "id": sid, "title": row.get("title"), "appeared": bool(members) and new >= set(members),
            "article_count": len(members),
            "new_articles": [{k: meta[a].get(k) for k in ("id", "title", "outlet", "published")} for a in found["articles"] if a in meta],
            "new_outlets": new_outlets,
            **{kind: list(story_gains[kind].values()) for kind in KINDS},
        })
    report.sort(key=lambda s: (-len(s["new_articles"]), s["id"]))
    return {"schema": SCHEMA, "since": since, "rounds": len(entries), "new_articles": len(new_ids),
            "appeared": [s["id"] for s in report if s["appeared"]], "stories": report}


def changed_story_ids(store: Store, since: str) -> set[str]:
    """The stories (as they are now) that the rounds since ``since`` changed: cheap, for marking a list."""
    entries = _entries_since(store, since)
    new_ids = list(dict.fromkeys(a for e in entries for a in e["articles"]))
    changed = {story for story, _ in store.story_membership(new_ids).values()}
    for entry in entries:
        changed.update(sid for sid in entry.get("gains", {}) if store.get_story(sid) is not None)
    return changed
