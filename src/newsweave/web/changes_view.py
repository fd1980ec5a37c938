"""What the watcher's rounds changed, in the web app: an "updated" mark on the stories of the list that changed
since a time, and a "What changed" section on a story's page (:mod:`newsweave.watch.changes`).

The time is ``?updated_since=`` (an ISO date or time, or a span back from now: ``6h``, ``2d``), else the start of
the last round, so that the mark means "changed in the last round". Every text from an article or a brief is
escaped with :func:`~newsweave.brief.render_html.esc`; the only links are to our own pages.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from ..brief.render_html import esc
from ..store.base import Store
from ..watch.changes import changed_story_ids, changes_since, parse_since, round_times
from ..watch.changes_render import SECTIONS

MAX_LISTED = 50  # new articles and items listed per kind on a story page
# ?updated_since=: a date or a date and time, in UTC, or a span back from now (up to 9999 weeks)
SINCE = r"^(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?Z?|\d{1,4}(\.\d{1,3})?[smhdw])$"
_SPAN = re.compile(r"^\d{1,4}(\.\d{1,3})?[smhdw]$")


def resolve_since(store: Store, updated_since: str | None) -> str | None:
    """The log time changes are shown from: ``updated_since`` (matching :data:`SINCE`) as the log's UTC time text,
    else the last round's start; None when the watcher never ran on this store. A date is compared as text, so
    one no calendar has (2026-02-30) still orders where it reads."""
    if updated_since:
        if _SPAN.match(updated_since):
            return parse_since(updated_since)
        day, _, clock = updated_since.rstrip("Z").partition("T")
        hours, minutes, seconds = ([*clock.split(":"), "00", "00"] if clock else ["00", "00", "00"])[:3]
        return f"{day}T{hours}:{minutes}:{seconds}.000000Z"
    times = round_times(store)
    return times[-1] if times else None


def updated_story_ids(store: Store, updated_since: str | None) -> set[str]:
    """The stories changed since the time :func:`resolve_since` gives (none when the watcher never ran)."""
    since = resolve_since(store, updated_since)
    return changed_story_ids(store, since) if since else set()


def updated_mark(since_text: str = "the last watch round") -> str:
    return f'<span class="updated" title="changed since {esc(since_text)}">updated</span>'


def _article_href(article_id: str) -> str:
    return "/articles/" + quote(str(article_id), safe="")


def changes_section(store: Store, story_id: str, updated_since: str | None) -> str:
    """The story page's "What changed" section ("" when nothing changed or the watcher never ran)."""
    since = resolve_since(store, updated_since)
    if since is None:
        return ""
    document = changes_since(store, since, only=story_id)
    story = next((s for s in document["stories"] if s["id"] == story_id), None)
    if story is None:
        return ""
    shown_since = "the last watch round" if not updated_since else since[:19].replace("T", " ") + " UTC"
    head = "New story" if story["appeared"] else f"{len(story['new_articles'])} new of {story['article_count']} articles"
    out = [f'<section id="changes" class="changes"><h2>What changed since {esc(shown_since)}</h2>',
           f'<p class="meta">{esc(head)}'
           + (f" · new outlets: {esc(', '.join(story['new_outlets']))}" if story["new_outlets"] else "") + "</p>"]
    if story["new_articles"]:
        items = "".join(f'<li>{esc(a.get("outlet") or "?")} {esc((a.get("published") or "")[:10])}: '
                        f'<a href="{esc(_article_href(a["id"]))}">{esc(a.get("title") or a["id"])}</a></li>'
                        for a in story["new_articles"][:MAX_LISTED])
        out.append(f"<h3>New articles</h3><ul>{items}</ul>")
    for kind, heading, line in SECTIONS:
        if story[kind]:
            items = "".join(f"<li>{esc(line(x))}</li>" for x in story[kind][:MAX_LISTED])
            more = f'<p class="meta">and {len(story[kind]) - MAX_LISTED} more</p>' if len(story[kind]) > MAX_LISTED else ""
            out.append(f"<h3>{esc(heading)}</h3><ul>{items}</ul>{more}")
    out.append("</section>")
    return "\n".join(out)


def changes_document(store: Store, updated_since: str | None) -> dict[str, Any]:
    """``/api/changes``: the changes report since ``updated_since`` (or the last round); an empty one when the
    watcher never ran."""
    since = resolve_since(store, updated_since)
    if since is None:
        return {"schema": "newsweave.changes/2", "since": None, "rounds": 0, "new_articles": 0, "appeared": [], "stories": []}
    return changes_since(store, since)
