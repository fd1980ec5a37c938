"""Ways around a story page: the index of its sections, the index of the entities it names and of the outlets that
cover it. Plain links to anchors and to our own pages; no scripts."""
from __future__ import annotations

import re
from typing import Any

from .html_page import Links, esc, linked
from .html_parts import StoryView, plural

_SECTION = re.compile(r'<section\b[^>]*\bid="([A-Za-z0-9_-]+)"[^>]*>\s*<h2>(.*?)</h2>', re.S)
_TAG = re.compile(r"<[^>]*>")
_KIND = re.compile(r'<span class="kind">.*?</span>', re.S)  # a title's aside (counts, notes) stays out of the index
TYPE_LABELS = {"PERSON": "People", "ORG": "Organisations", "GPE": "Places", "LOC": "Places", "NORP": "Groups", "FAC": "Places",
               "EVENT": "Events"}
SHOWN_ENTITIES = 40  # entities listed before the rest fold away


def section_index(body: str) -> str:
    """A row of links to every titled section of ``body`` (our own HTML: each ``<section id>`` with its ``<h2>``), in
    page order; "" when there are fewer than two."""
    found = [(anchor, " ".join(_TAG.sub("", _KIND.sub("", title)).split())) for anchor, title in _SECTION.findall(body)]
    if len(found) < 2:
        return ""
    links = "".join(f'<a href="#{anchor}">{title}</a>' for anchor, title in found)  # titles are our escaped HTML, tags removed
    return f'<nav class="toc" id="contents" aria-label="sections of this page"><b>On this page</b>{links}</nav>'


def with_section_index(parts: list[str]) -> str:
    """The page body from ``parts`` (the header first) with the section index after the header."""
    body = "\n".join(p for p in parts[1:] if p)
    return "\n".join([parts[0], section_index(body), body]) if parts else ""


def entity_index(brief: dict[str, Any], s: StoryView, links: Links) -> str:
    """Every entity the brief names, most mentioned first, grouped by kind, each with its outlets."""
    entities = [e for e in brief.get("entities") or [] if isinstance(e, dict) and e.get("name")]
    if not entities:
        return ""
    entities.sort(key=lambda e: (-(e.get("mentions") or 0) if isinstance(e.get("mentions"), int) else 0, str(e.get("name"))))
    groups: dict[str, list[str]] = {}
    for n, entity in enumerate(entities):
        outlets = [o for o in entity.get("outlets") or [] if isinstance(o, str)]
        mentions = entity.get("mentions")
        count = f' <span class="kind">×{mentions}</span>' if isinstance(mentions, int) else ""
        title = f' title="{esc(", ".join(outlets))}"' if outlets else ""
        chip = f'<span class="chip"{title}>{linked(links.entity(entity.get("id")), entity.get("name"))}{count}</span>'
        label = TYPE_LABELS.get(str(entity.get("type") or ""), "Other names")
        groups.setdefault(label, []).append(chip if n < SHOWN_ENTITIES else "")
    rows = "".join(f'<div class="label">{esc(label)}</div><div>{"".join(c for c in chips if c)}</div>'
                   for label, chips in groups.items() if any(chips))
    more = f'<p class="meta">and {len(entities) - SHOWN_ENTITIES} more</p>' if len(entities) > SHOWN_ENTITIES else ""
    return f'<section id="entities"><h2>Entities <span class="kind">{plural(len(entities), "name")}</span></h2>{rows}{more}</section>'


def outlet_index(s: StoryView, links: Links) -> str:
    """Every outlet that covers the story: its articles (links to the sources list) and, where there is one, its page."""
    articles: dict[str, list[int]] = {}
    for article in s.sources.articles:
        articles.setdefault(s.sources.outlet_of[article["id"]], []).append(s.sources.number[article["id"]])
    if not articles:
        return ""
    rows = []
    for outlet, numbers in articles.items():
        refs = "".join(f'<a class="ref" href="#src-{n}">[{n}]</a>' for n in numbers)
        more = linked(links.outlet(outlet), "outlet page") if links.outlet(outlet) else ""
        rows.append(f'<tr><td>{s.outlet(outlet)}</td><td class="num">{len(numbers)}</td><td>{refs}</td><td>{more}</td></tr>')
    return (f'<section id="outlets"><h2>Outlets <span class="kind">{plural(len(articles), "outlet")}</span></h2>'
            '<table class="data"><thead><tr><th>Outlet</th><th class="num">Articles</th><th>Sources</th><th></th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></section>')
