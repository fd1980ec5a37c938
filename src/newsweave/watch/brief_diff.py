"""What a round added to a story's brief, item by item, keyed by content: each fact, conflict side and quote is
known by the passages of the articles it stands on (``article@start-end``), not by its wording (a fact's text may
be taken from another article once more report it) nor by its position or id in the brief.

:func:`brief_keys` is what the watcher keeps of a brief after a round (the passages of its corroborated facts, of
its quotes, and of each conflict's sides); :func:`brief_gains` compares the brief after the next round with it:

- a fact is *newly corroborated* when it is corroborated now and none of its passages was in a corroborated fact
  (one that gains another outlet was corroborated already; one that was single-source before is newly so);
- a conflict is *new* when no earlier conflict had two of its sides (one that gains a side is the same dispute);
- a quote is *new* when none of its passages was quoted before (another outlet carrying a quote already
  reported joins it and is not new).
"""
from __future__ import annotations

from typing import Any, Iterable

Keys = dict[str, Any]  # {"facts": [passage, ...], "quotes": [passage, ...], "conflicts": [[passage, ...], ...]}
KINDS = ("facts", "conflicts", "quotes")


def passage(span: dict[str, Any]) -> str:
    return f"{span.get('article')}@{span.get('start')}-{span.get('end')}"


def _passages(spans: Iterable[dict[str, Any]] | None) -> set[str]:
    return {passage(s) for s in spans or [] if isinstance(s, dict)}


def _facts(brief: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in brief.get("facts") or [] if isinstance(f, dict) and f.get("status") == "corroborated"]


def _quotes(brief: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(speaker group, quote) for every quote of the brief."""
    return [(group, q) for group in brief.get("quotes") or [] if isinstance(group, dict)
            for q in group.get("quotes") or [] if isinstance(q, dict)]


def brief_keys(brief: dict[str, Any] | None) -> Keys:
    """The passages a brief's corroborated facts, quotes and conflict sides stand on (see the module)."""
    brief = brief or {}
    return {"facts": sorted(set().union(*(_passages(f.get("support")) for f in _facts(brief)))),
            "quotes": sorted(set().union(*(_passages(q.get("support")) for _, q in _quotes(brief)))),
            "conflicts": [sorted(_passages(c.get("sides"))) for c in brief.get("conflicts") or [] if isinstance(c, dict)]}


def merge_keys(kept: Iterable[Keys]) -> Keys:
    """One set of keys from several briefs' (the stories a story's articles were in before the round)."""
    facts: set[str] = set()
    quotes: set[str] = set()
    conflicts: list[list[str]] = []
    for keys in kept:
        facts.update(keys.get("facts") or [])
        quotes.update(keys.get("quotes") or [])
        conflicts += keys.get("conflicts") or []
    return {"facts": sorted(facts), "quotes": sorted(quotes), "conflicts": conflicts}


def brief_gains(before: Keys, after: dict[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    """The facts newly corroborated, the new conflicts and the new quotes of brief ``after`` against the keys
    ``before`` kept of the story's brief(s) before the round; each item with ``key`` (its passages, sorted), what
    it says and the outlets behind it."""
    after = after or {}
    old_facts, old_quotes = set(before.get("facts") or []), set(before.get("quotes") or [])
    old_conflicts = [set(sides) for sides in before.get("conflicts") or []]
    facts = [{"key": sorted(p), "text": f.get("text"), "outlets": sorted(f.get("outlets") or [])}
             for f in _facts(after) if (p := _passages(f.get("support"))) and not p & old_facts]
    conflicts = []
    for c in after.get("conflicts") or []:
        sides = _passages(c.get("sides")) if isinstance(c, dict) else set()
        if sides and not any(len(sides & old) >= 2 for old in old_conflicts):
            conflicts.append({"key": sorted(sides), "kind": c.get("kind"), "topic": c.get("topic"),
                              "sides": [{"outlet": s.get("outlet"), "text": s.get("text")} for s in c.get("sides") or []]})
    quotes = [{"key": sorted(p), "speaker": group.get("speaker"), "text": q.get("text"), "kind": q.get("kind"),
               "outlets": sorted(q.get("outlets") or [])}
              for group, q in _quotes(after) if (p := _passages(q.get("support"))) and not p & old_quotes]
    return {"facts": facts, "conflicts": conflicts, "quotes": quotes}
