"""What changed in each story: a log of the watcher's rounds in the store, and the report built from it.

After each round the log gets one entry (:func:`record_round`): its time, the articles it added, and for each
story it rebuilt the facts newly corroborated, the conflicts and the quotes its brief did not hold before the
round (briefs are compared through a digest kept per story, as the run replaces them). :func:`changes_since`
reads the entries since a time and groups them by the stories that hold the articles now (a story that merged
with another is reported as the story it is now part of); a story all of whose articles came in since then
appeared since then. :func:`render_changes` writes the report as Markdown or JSON.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

from ..errors import ConfigError
from ..store.base import Store

LOG_NAME = "watch-changes"
DIGEST_NAME = "watch-digests"
MAX_LOGGED_ROUNDS = 5000
SCHEMA = "newsweave.changes/1"
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


def brief_digest(brief: dict[str, Any] | None) -> dict[str, list[str]]:
    """What of a brief a change is reported for: corroborated facts, conflicts, quotes (speaker: text)."""
    if not brief:
        return {"facts": [], "conflicts": [], "quotes": []}
    facts = sorted({f["text"] for f in brief.get("facts") or [] if f.get("status") == "corroborated"})
    conflicts = sorted({f"{c.get('kind')}: {c.get('topic')}: " + " | ".join(sorted(s.get("text", "") for s in c.get("sides") or []))
                        for c in brief.get("conflicts") or []})
    quotes = sorted({f"{group.get('speaker') or 'unnamed'}: {q['text']}"
                     for group in brief.get("quotes") or [] for q in group.get("quotes") or []})
    return {"facts": facts, "conflicts": conflicts, "quotes": quotes}


def _load(store: Store, name: str, empty: Any) -> Any:
    raw = store.get_state(name)
    return json.loads(raw) if raw else empty


def baseline_digests(store: Store, story_ids: Iterable[str]) -> None:
    """Before the first round on a store: remember the briefs already there, so that what they held is not
    reported as new."""
    if store.get_state(DIGEST_NAME) is None:
        digests = {sid: brief_digest(store.get_brief(sid)) for sid in story_ids}
        store.put_state(DIGEST_NAME, json.dumps(digests, sort_keys=True).encode("utf-8"))


def record_round(store: Store, when: str, new_articles: list[str], rebuilt: list[str], removed: list[str]) -> dict[str, Any]:
    """Log one round (call inside the round's transaction, after the run) and return its entry."""
    digests: dict[str, dict[str, list[str]]] = _load(store, DIGEST_NAME, {})
    membership = store.story_membership(new_articles)
    stories: dict[str, list[str]] = {}
    for article_id in new_articles:
        if article_id in membership:
            stories.setdefault(membership[article_id][0], []).append(article_id)
    gains: dict[str, dict[str, list[str]]] = {}
    for sid in rebuilt:
        after = brief_digest(store.get_brief(sid))
        before = digests.get(sid, {})
        found = {kind: [x for x in after[kind] if x not in set(before.get(kind, []))] for kind in after}
        if any(found.values()):
            gains[sid] = found
        digests[sid] = after
    for sid in removed:
        digests.pop(sid, None)
    entry = {"at": when, "articles": new_articles, "stories": stories, "gains": gains}
    log = _load(store, LOG_NAME, [])
    log = [*log, entry][-MAX_LOGGED_ROUNDS:]
    store.put_state(LOG_NAME, json.dumps(log).encode("utf-8"))
    store.put_state(DIGEST_NAME, json.dumps(digests, sort_keys=True).encode("utf-8"))
    return entry


def changes_since(store: Store, since: str) -> dict[str, Any]:
    """The ``newsweave.changes/1`` document: per story now in the store, what the rounds since ``since`` (the log's
    UTC time text, :func:`parse_since`) brought: new articles, outlets new to the story, whether the story
    appeared, facts newly corroborated, new conflicts and new quotes. Stories with the most new articles first."""
    entries = [e for e in _load(store, LOG_NAME, []) if e["at"] >= since]
    new_ids = list(dict.fromkeys(a for e in entries for a in e["articles"]))
    membership = store.story_membership(new_ids)
    current: dict[str, dict[str, Any]] = {}
    gains: dict[str, dict[str, list[str]]] = {}

    def story(sid: str) -> dict[str, Any] | None:
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
            bucket = gains.setdefault(target, {"facts": [], "conflicts": [], "quotes": []})
            for kind, items in gained.items():
                bucket[kind] += [x for x in items if x not in bucket[kind]]
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
        report.append({
            "id": sid, "title": row.get("title"), "appeared": bool(members) and new >= set(members),
            "article_count": len(members),
            "new_articles": [{k: meta[a].get(k) for k in ("id", "title", "outlet", "published")} for a in found["articles"] if a in meta],
            "new_outlets": new_outlets,
            **gains.get(sid, {"facts": [], "conflicts": [], "quotes": []}),
        })
    report.sort(key=lambda s: (-len(s["new_articles"]), s["id"]))
    return {"schema": SCHEMA, "since": since, "rounds": len(entries), "new_articles": len(new_ids),
            "appeared": [s["id"] for s in report if s["appeared"]], "stories": report}


def render_changes(document: dict[str, Any], form: str = "md") -> str:
    """The report as JSON, or as Markdown for reading."""
    if form == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    lines = [f"# Changes since {document['since']}", "",
             f"{document['rounds']} rounds, {document['new_articles']} new articles, {len(document['stories'])} stories changed, "
             f"{len(document['appeared'])} appeared.", ""]
    for s in document["stories"]:
        mark = "new story" if s["appeared"] else "updated"
        lines += [f"## {s['title'] or s['id']} ({s['id']}, {mark}: {len(s['new_articles'])} new of {s['article_count']} articles)", ""]
        if s["new_outlets"]:
            lines.append(f"New outlets: {', '.join(s['new_outlets'])}")
        lines += [f"- {a['outlet'] or '?'} {a['published'] or ''}: {a['title'] or a['id']}" for a in s["new_articles"]]
        for kind, heading in (("facts", "Newly corroborated"), ("conflicts", "New conflicts"), ("quotes", "New quotes")):
            if s[kind]:
                lines += ["", f"{heading}:", *[f"- {x}" for x in s[kind]]]
        lines.append("")
    return "\n".join(lines)
