"""A story's outlets at the top of its page: each outlet's headline side by side, the coverage by outlet group
(counts and which outlets) and a blindspot flag when only one group covers the story. Labels come from the user's
outlets file (``newsweave outlets load``); newsweave ships none of its own. Every text is escaped."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ..brief.render_html import esc
from ..outlets import UNKNOWN, OutletDirectory, blindspots, story_coverage
from ..record import Article

MAX_HEADLINES = 12  # outlets whose headline is shown side by side (the rest are counted)


def outlet_href(outlet: str | None) -> str:
    return "/outlets/" + quote(str(outlet or UNKNOWN), safe="")


def outlet_link(outlet: str | None, directory: OutletDirectory) -> str:
    """A link to the outlet's page, showing its display name (and its host when the name differs)."""
    shown = directory.display(outlet)
    host = f' <span class="host">{esc(outlet)}</span>' if outlet and shown != outlet else ""
    return f'<a class="outlet-name" href="{esc(outlet_href(outlet))}">{esc(shown)}</a>{host}'


def story_outlets_section(articles: list[Article], directory: OutletDirectory) -> str:
    """The story's outlets block (``<section id="outlet-groups">``) for the top of its page."""
    by_outlet: dict[str, list[Article]] = {}
    for article in sorted(articles, key=lambda a: (a.published or "9999", a.id)):
        by_outlet.setdefault(article.outlet or UNKNOWN, []).append(article)
    out = ['<section id="outlet-groups"><h2>Headlines by outlet</h2>']
    coverage = story_coverage([a.outlet for a in articles], directory)
    spots = blindspots(coverage)
    if spots:
        only = ", ".join(f"{esc(group)} ({esc(key)})" for key, group in spots.items())
        out.append(f'<p class="blindspot"><b>Blindspot</b>: only outlets labelled {only} cover this story'
                   ' (<a href="/blindspots">all blindspots</a>)</p>')
    out.append('<div class="headlines">')
    for outlet, items in list(by_outlet.items())[:MAX_HEADLINES]:
        first = items[0]
        more = f'<span class="meta"> and {len(items) - 1} more</span>' if len(items) > 1 else ""
        out.append(f'<div class="headline" data-outlet="{esc(outlet)}"><div class="meta">{outlet_link(first.outlet, directory)} '
                   f'{esc((first.published or "")[:10])}</div><a href="{esc(_article_href(first.id))}">'
                   f'{esc(first.title or "Untitled article")}</a>{more}</div>')
    out.append("</div>")
    if len(by_outlet) > MAX_HEADLINES:
        out.append(f'<p class="meta">The first {MAX_HEADLINES} of {len(by_outlet)} outlets; every article is listed under Sources.</p>')
    if coverage:
        out.append(_coverage_table(coverage, directory))
    elif directory:
        out.append('<p class="meta">The outlets file gives no group labels.</p>')
    else:
        out.append('<p class="meta">No outlets file is loaded, so outlets are not grouped; <code>newsweave outlets load FILE</code> '
                   "loads yours (newsweave ships no ratings of its own).</p>")
    out.append("</section>")
    return "\n".join(out)


def _coverage_table(coverage: list, directory: OutletDirectory) -> str:
    rows = []
    for group_set in coverage:
        total = sum(sum(o.values()) for o in group_set.groups.values())
        for value, outlets in group_set.groups.items():
            n = sum(outlets.values())
            names = ", ".join(outlet_link(None if o == UNKNOWN else o, directory) + (f" ×{c}" if c > 1 else "") for o, c in outlets.items())
            rows.append(f'<tr><td>{esc(group_set.key)}</td><td>{esc(value)}</td><td class="num">{n} of {total}</td><td>{names}</td></tr>')
    sources = _label_sources(directory)
    note = f'<p class="meta">Labels from the loaded outlets file: {sources}.</p>' if sources else ""
    return ('<table class="data coverage-groups"><thead><tr><th>label</th><th>group</th><th class="num">articles</th><th>outlets</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>{note}')


def _label_sources(directory: OutletDirectory) -> str:
    sources: dict[str, set[str]] = {}
    for record in directory.records:
        for key, label in (record.get("labels") or {}).items():
            sources.setdefault(key, set()).add(str(label.get("source")))
    return "; ".join(f"{esc(key)}: {esc(', '.join(sorted(found)))}" for key, found in sources.items())


def _article_href(article_id: Any) -> str:
    return "/articles/" + quote(str(article_id), safe="")
