"""Pages across stories: the outlets compared (``/outlets``), one outlet (``/outlets/{name}``) and the blindspot list
(``/blindspots``). Labels come from the user's outlets file; newsweave ships no ratings of its own. Every text is escaped."""
from __future__ import annotations

from typing import Any

from ..brief.render_html import esc
from .outlet_coverage import outlet_href, outlet_link
from .outlet_stats import MAX_DETAIL_BRIEFS, CorpusView, OutletDetail
from .pages import layout, story_href

MAX_LISTED = 200  # stories, facts, terms and speakers listed on one page
FACTS_PER_STORY = 3  # facts an outlet alone reported shown per story on its page

NO_RATINGS = ("Group labels come from the outlets file loaded with <code>newsweave outlets load</code>, each with its source; "
              "newsweave ships no bias ratings of its own.")


def _crumbs() -> str:
    return '<nav class="crumbs"><a href="/">← All stories</a> · <a href="/outlets">Outlets</a> · <a href="/blindspots">Blindspots</a></nav>'


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


def _percent(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * part / whole)}%)" if whole else "–"


def _story_link(story: dict[str, Any] | None, story_id: str) -> str:
    title = (story or {}).get("title") or "Untitled story"
    return f'<a href="{esc(story_href(story_id))}">{esc(title)}</a>'


def outlets_page(view: CorpusView) -> str:
    """Every outlet side by side: articles, stories, stories it alone reported, how often first, its labels."""
    keys = view.directory.label_keys()
    head = "".join(f"<th>{esc(k)}</th>" for k in keys)
    rows = []
    for name, f in view.outlets.items():
        labels = "".join(f"<td>{esc(view.directory.label(name, k))}</td>" for k in keys)
        record = view.directory.find(name) or {}
        rows.append(f'<tr><td>{outlet_link(name, view.directory)}</td>{labels}<td>{esc(record.get("country") or "")}</td>'
                    f'<td class="num">{f.articles}</td><td class="num">{len(f.stories)}</td><td class="num">{len(f.alone)}</td>'
                    f'<td class="num">{_percent(f.first, f.shared)}</td></tr>')
    body = [_crumbs(), "<header><h1>Outlets compared</h1>",
            f'<p class="meta">{_count(len(view.outlets), "outlet")}, {_count(len(view.stories), "story")}. {NO_RATINGS}</p></header>']
    if not view.directory:
        body.append('<p class="notice">No outlets file is loaded: outlets are shown by host, without groups.</p>')
    body.append(f'<table class="data outlets-compared"><thead><tr><th>outlet</th>{head}<th>country</th><th class="num">articles</th>'
                '<th class="num">stories</th><th class="num">alone</th><th class="num">first, in shared stories</th></tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>')
    body.append('<p class="meta"><i>alone</i>: stories no other outlet covered; <i>first</i>: stories it covered with other outlets '
                "in which its article came out before any other's (same-time firsts not counted).</p>")
    return layout("Outlets", "\n".join(body))


def outlet_page(view: CorpusView, detail: OutletDetail) -> str:
    f = detail.figures
    record = view.directory.find(f.name) or {}
    title = view.directory.display(f.name)
    facts = [("Country", record.get("country")), ("Language", record.get("language")), ("Owner", record.get("owner"))]
    about = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts if v)
    labels = "".join(f'<dt>{esc(k)}</dt><dd>{esc(v.get("value"))} <span class="meta">(source: {esc(v.get("source"))})</span></dd>'
                     for k, v in (record.get("labels") or {}).items())
    out = [_crumbs(), f'<header><h1>{esc(title)}</h1><p class="meta">{esc(f.name)}: {_count(f.articles, "article")} in {_count(len(f.stories), "story")}; '
                      f'alone in {len(f.alone)}; first in {_percent(f.first, f.shared)} stories it shared with other outlets.</p></header>']
    if about or labels:
        out.append(f'<dl class="outlet-about">{about}{labels}</dl>')
    else:
        out.append(f'<p class="meta">This outlet is not in the loaded outlets file. {NO_RATINGS}</p>')
    if detail.read_briefs < len(f.stories):
        out.append(f'<p class="meta">Facts, terms and quotes from the briefs of its latest {detail.read_briefs} stories '
                   f'(at most {MAX_DETAIL_BRIEFS}).</p>')
    out.append(_section("alone", "Stories it alone reported", [f"<li>{_story_link(view.stories.get(s), s)}</li>" for s in f.alone]))
    out.append(_section("facts", f"Facts it alone reported: {len(detail.alone_facts)} in stories other outlets covered too, by story",
                        _facts_by_story(view, detail)))
    out.append(_section("terms", "Its loaded terms", [f"<li>{esc(term)} <span class=\"meta\">in {n} stor{'y' if n == 1 else 'ies'}</span></li>"
                                                      for term, n in detail.loaded_terms]))
    out.append(_section("quoted", "Who it quotes most", [f'<li>{esc(who)} <span class="meta">{n} quote{"s" if n != 1 else ""} in '
                                                         f'{k} stor{"y" if k == 1 else "ies"}</span></li>' for who, n, k in detail.quoted]))
    out.append(_section("stories", "Stories covered", [f"<li>{_story_link(view.stories.get(s), s)}</li>" for s in f.stories]))
    return layout(title, "\n".join(out))


def _facts_by_story(view: CorpusView, detail: OutletDetail) -> list[str]:
    """One item per story, most such facts first, with its first :data:`FACTS_PER_STORY` facts."""
    by_story: dict[str, list[dict[str, Any]]] = {}
    for story_id, fact in detail.alone_facts:
        by_story.setdefault(story_id, []).append(fact)
    items = []
    for story_id, facts in sorted(by_story.items(), key=lambda item: -len(item[1])):
        shown = "".join(f"<li>{esc(f.get('text'))}</li>" for f in facts[:FACTS_PER_STORY])
        more = f'<li class="meta">and {len(facts) - FACTS_PER_STORY} more on the story page</li>' if len(facts) > FACTS_PER_STORY else ""
        items.append(f'<li>{_story_link(view.stories.get(story_id), story_id)} <span class="meta">{_count(len(facts), "fact")}</span>'
                     f"<ul>{shown}{more}</ul></li>")
    return items


def _section(anchor: str, heading: str, items: list[str]) -> str:
    if not items:
        return f'<section id="{anchor}"><h2>{esc(heading)}</h2><p class="meta">None.</p></section>'
    more = f'<p class="meta">The first {MAX_LISTED} of {len(items)}.</p>' if len(items) > MAX_LISTED else ""
    return f'<section id="{anchor}"><h2>{esc(heading)} <span class="meta">({len(items)})</span></h2><ul>{"".join(items[:MAX_LISTED])}</ul>{more}</section>'


def blindspots_page(view: CorpusView) -> str:
    """Stories covered by only one known group of a label (e.g. only outlets labelled one lean)."""
    found = view.blindspot_stories()
    out = [_crumbs(), "<header><h1>Blindspots</h1>",
           f'<p class="meta">Stories covered by only one group of a label, outlets without that label left aside. {NO_RATINGS}</p></header>']
    if not view.directory.label_keys():
        out.append('<p class="notice">No outlets file with group labels is loaded, so there are no groups to compare; '
                   "<code>newsweave outlets load FILE --db STORE</code> loads one.</p>")
    elif not found:
        out.append('<p class="notice">No blindspots: every story is covered by more than one group (or by no labelled outlet).</p>')
    else:
        rows = []
        for story, spots in found[:MAX_LISTED]:
            only = "; ".join(f"{esc(k)}: only {esc(v)}" for k, v in spots.items())
            outlets = ", ".join(outlet_link(o, view.directory) for o in story.get("outlets") or [])
            rows.append(f'<tr><td class="story">{_story_link(story, story["id"])}</td><td>{only}</td>'
                        f'<td class="num">{len(story.get("articles") or [])}</td><td>{outlets}</td></tr>')
        more = f'<p class="meta">The first {MAX_LISTED} of {len(found)}.</p>' if len(found) > MAX_LISTED else ""
        out.append(f'<p class="meta">{len(found)} of {_count(len(view.stories), "story")}.</p><table class="data blindspots"><thead><tr><th>story</th>'
                   f'<th>covered by</th><th class="num">articles</th><th>outlets</th></tr></thead><tbody>{"".join(rows)}</tbody></table>{more}')
    return layout("Blindspots", "\n".join(out))


__all__ = ["blindspots_page", "outlet_href", "outlet_page", "outlets_page"]
