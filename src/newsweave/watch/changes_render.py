"""The changes report (:func:`~.changes.changes_since`) as JSON, or as Markdown for reading."""
from __future__ import annotations

import json
from typing import Any


def _outlets(item: dict[str, Any]) -> str:
    return f" ({', '.join(item['outlets'])})" if item.get("outlets") else ""


def fact_line(fact: dict[str, Any]) -> str:
    return f"{fact.get('text') or ''}{_outlets(fact)}"


def conflict_line(conflict: dict[str, Any]) -> str:
    sides = " vs ".join(f"“{s.get('text') or ''}” ({s.get('outlet') or '?'})" for s in conflict.get("sides") or [])
    return f"{conflict.get('topic') or conflict.get('kind') or 'conflict'}: {sides}"


def quote_line(quote: dict[str, Any]) -> str:
    return f"{quote.get('speaker') or 'unnamed'}: “{quote.get('text') or ''}”{_outlets(quote)}"


SECTIONS = (("facts", "Newly corroborated", fact_line), ("conflicts", "New conflicts", conflict_line),
            ("quotes", "New quotes", quote_line))


def render_changes(document: dict[str, Any], form: str = "md") -> str:
    """The report as JSON (``form="json"``) or Markdown."""
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
        for kind, heading, line in SECTIONS:
            if s[kind]:
                lines += ["", f"{heading}:", *[f"- {line(x)}" for x in s[kind]]]
        lines.append("")
    return "\n".join(lines)
