"""Server-rendered pages of the web app. Every piece of text from an article or a brief is escaped with
:func:`esc`; the links are to our own pages, and to an article's original address only when it is http or https
(:func:`~newsweave.brief.html_page.external_link`); pages load one stylesheet and no scripts."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from ..brief.html_index import with_section_index
from ..brief.html_page import external_link
from ..brief.render_html import Links, esc, story_sections
from ..brief.render_md import brief_outlets
from ..record import Article
from ..store.base import StoryPage, StoryQuery
from .changes_view import updated_mark
from .outlet_coverage import outlet_href
from .story_parts import chart_legend, downloads, outlet_chip, side_by_side
from .timeline import timeline_svg

MAX_RAW_CHARS = 300_000  # raw inputs longer than this are cut on the article page (the API has them whole)
MAX_OUTLET_CHOICES = 300  # outlets offered in the filter (most articles first); any other can be typed


def story_href(story_id: str) -> str:
    return "/stories/" + quote(str(story_id), safe="")


def article_href(article_id: str) -> str:
    return "/articles/" + quote(str(article_id), safe="")


def entity_href(entity_id: Any) -> str | None:
    return "/entities/" + quote(str(entity_id), safe="") if entity_id else None


WEB_LINKS = Links(home="/", article=article_href, entity=entity_href, outlet=outlet_href)


def layout(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            f"<title>{esc(title)} · newsweave</title>\n<link rel=\"stylesheet\" href=\"/static/newsweave.css\">\n"
            "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n</head>\n<body>\n"
            '<header class="site"><div class="bar"><a href="/"><b>newsweave</b></a><a href="/">Stories</a>'
            '<a href="/api/openapi.json">API</a><span class="hint">local, read-only</span></div></header>\n'
            f"<main>\n{body}\n</main>\n</body>\n</html>\n")


_outlet_chip = outlet_chip


def _dates(first: Any, last: Any) -> str:
    first, last = str(first or "")[:10], str(last or "")[:10]
    if not first:
        return ""
    return esc(first) if first == last or not last else f"{esc(first)} – {esc(last)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def story_list_page(page: StoryPage, query: StoryQuery, outlets: list[str], entities: list[dict[str, Any]],
                    updated: frozenset[str] | set[str] = frozenset()) -> str:
    """``outlets``: every outlet, most articles first (for the filter and stable outlet colours); ``updated``: the
    stories marked as changed by the watcher (:mod:`.changes_view`)."""
    colour = {o: i for i, o in enumerate(sorted(outlets))}
    out = ['<header><h1>Stories</h1></header>', '<section><form class="filters" method="get" action="/">']
    out.append(f'<label class="wide">Text<input type="search" name="q" value="{esc(query.text or "")}" placeholder="words in titles or bodies"></label>')
    out.append(f'<label class="wide">Entity<input type="text" name="entity" value="{esc(query.entity or "")}" placeholder="person, place, organisation"></label>')
    options = "".join(f'<option value="{esc(o)}">' for o in outlets[:MAX_OUTLET_CHOICES])
    out.append(f'<label>Outlet<input type="text" name="outlet" list="outlets" value="{esc(query.outlet or "")}" placeholder="any outlet">'
               f'<datalist id="outlets">{options}</datalist></label>')
    out.append(f'<label>From<input type="date" name="since" value="{esc(query.since or "")}"></label>')
    out.append(f'<label>To<input type="date" name="until" value="{esc(query.until or "")}"></label>')
    sort = "".join(f'<option value="{v}"{" selected" if v == query.sort else ""}>{label}</option>'
                   for v, label in (("recent", "most recent"), ("size", "most articles")))
    out.append(f'<label class="narrow">Sort<select name="sort">{sort}</select></label><button type="submit">Search</button></form>')
    if entities:
        chips = " ".join(f'<a class="chip" href="{esc(entity_href(e["id"]))}">{esc(e["name"])} <span class="kind">{esc(e.get("type"))}</span></a>'
                         for e in entities)
        out.append(f'<p class="meta">Entities: {chips}</p>')
    shown = f"{query.offset + 1}–{query.offset + len(page.stories)} of {page.total}" if page.stories else "0"
    out.append(f'<p class="meta">{shown} stor{"y" if page.total == 1 else "ies"}</p>')
    if page.stories:
        out.append('<table class="data"><thead><tr><th>Story</th><th class="num">Articles</th><th>Outlets</th>'
                   '<th class="num">Independent</th></tr></thead><tbody>')
        for story in page.stories:
            when = _dates(story.get("first_published"), story.get("last_published"))
            chips = " ".join(_outlet_chip(o, colour) for o in story.get("outlets") or [])
            out.append(f'<tr><td class="story"><a href="{esc(story_href(story["id"]))}">{esc(story.get("title") or "Untitled story")}</a>'
                       f'{updated_mark() if story["id"] in updated else ""}'
                       f'<span class="when">{when}</span></td><td class="num">{len(story.get("articles") or [])}</td>'
                       f'<td>{chips}</td><td class="num">{esc(story.get("independent_sources"))}</td></tr>')
        out.append("</tbody></table>")
    else:
        out.append('<p class="empty">No stories match. Stories are formed by <code>newsweave run</code>; '
                   "if the store only holds ingested articles, run it on your inputs first.</p>")
    out.append(_pager(page, query))
    out.append("</section>")
    return layout("Stories", "\n".join(out))


def _pager(page: StoryPage, query: StoryQuery) -> str:
    params = {k: v for k, v in (("q", query.text), ("entity", query.entity), ("outlet", query.outlet), ("since", query.since),
                                ("until", query.until), ("sort", query.sort)) if v}
    links = []
    if query.offset > 0:
        links.append(f'<a href="/?{esc(urlencode({**params, "offset": max(0, query.offset - query.limit)}))}">← newer page</a>')
    if query.offset + len(page.stories) < page.total:
        links.append(f'<a href="/?{esc(urlencode({**params, "offset": query.offset + query.limit}))}">next page →</a>')
    return f'<div class="pager">{"".join(f"<span>{x}</span>" for x in links)}</div>' if links else ""


def story_page(story: dict[str, Any], brief: dict[str, Any] | None, articles: list[Article], changes: str = "",
               outlet_groups: str = "") -> str:
    """The brief's sections with the side-by-side view and a coverage chart; the story row alone when no brief was built.
    ``changes``: the watcher's "What changed" section (:mod:`.changes_view`), shown after the summary."""
    title = str((brief or story).get("title") or "Untitled story")
    outlets = brief_outlets(brief) if brief else list(story.get("outlets") or [])
    colour = {o: i for i, o in enumerate(outlets)}
    chart = timeline_svg([{"published": a.published, "outlet": a.outlet or a.id} for a in articles], colour)
    charted = list(dict.fromkeys(a.outlet or a.id for a in articles if a.published))
    coverage = f'<section id="coverage"><h2>Coverage over time</h2>{chart}{chart_legend(charted, colour)}</section>' if chart else ""
    side, passages = side_by_side(articles, brief, colour)
    if brief is None:
        head = (f'<nav class="crumbs"><a href="/">← All stories</a></nav><header><h1>{esc(title)}</h1>'
                f'<p class="meta">{_plural(len(articles), "article")}, {esc(story.get("independent_sources"))} independent</p></header>'
                '<p class="notice">No brief is stored for this story yet; <code>newsweave run</code> builds one.</p>')
        return layout(title, with_section_index([head, outlet_groups, changes, coverage, side]))
    sections = story_sections(brief, {a.id: a.raw for a in articles}, WEB_LINKS, passages, {a.id: a.url for a in articles if a.url})
    order = ["header", "outlet-groups", "summary", "changes", "columns", "side-by-side", "related", "single", "quotes", "framing", "names", "entities", "outlets",
             "coverage", "timeline", "sources", "downloads"]
    sections = {**sections, "side-by-side": side, "coverage": coverage, "downloads": downloads(str(story["id"])), "changes": changes,
                "outlet-groups": outlet_groups}
    return layout(title, with_section_index([sections.get(name, "") for name in order]))


def _raw_with_removed(article: Article) -> str:
    """The raw input, escaped, with every removed span struck through and labelled with its reason."""
    raw = article.raw[:MAX_RAW_CHARS]
    out, at = [], 0
    for r in sorted(article.removed, key=lambda r: r.start):
        if r.start < at or r.start >= len(raw):
            continue
        end = min(r.end, len(raw))
        out.append(esc(raw[at:r.start]))
        out.append(f'<span class="reason">{esc(r.reason)}</span><del class="removed" title="{esc(r.reason)}">{esc(raw[r.start:end])}</del>')
        at = end
    out.append(esc(raw[at:]))
    cut = f'<p class="meta">Showing the first {MAX_RAW_CHARS:,} of {len(article.raw):,} characters.</p>' if len(article.raw) > MAX_RAW_CHARS else ""
    return cut + f'<pre class="raw">{"".join(out)}</pre>'


def article_page(article: Article, analysis: dict[str, Any] | None, story: dict[str, Any] | None) -> str:
    out = ['<nav class="crumbs"><a href="/">← All stories</a>'
           + (f' · <a href="{esc(story_href(story["id"]))}">{esc(story.get("title") or "story")}</a>' if story else "") + "</nav>"]
    out.append(f"<header><h1>{esc(article.title or 'Untitled article')}</h1>")
    bits = [esc(x) for x in (article.outlet, article.published, article.language) if x]
    if article.url:  # linked only when http(s), shown as its host; any other address is shown, never linked
        bits.append(external_link(article.url) or f"<code>{esc(article.url)}</code>")
    out.append(f'<p class="meta">{" · ".join(bits)} · id <code>{esc(article.id)}</code> · {esc(article.raw_kind)} input</p></header>')
    out.append('<div class="rawclean"><section id="raw"><h2>Raw input</h2>'
               f'<p class="meta">{_plural(len(article.removed), "span")} removed, struck through with the reason.</p>{_raw_with_removed(article)}</section>')
    paragraphs = "".join(f"<p>{esc(p.text)}</p>" for p in article.paragraphs) or '<p class="empty">No body text was kept.</p>'
    out.append(f'<section id="cleaned" class="cleaned"><h2>Cleaned text</h2>{paragraphs}</section></div>')
    if article.removed:
        rows = "".join(f'<tr><td>{esc(r.reason)}</td><td class="num">{r.start}–{r.end}</td><td>{esc((r.text or article.raw[r.start:r.end])[:300])}</td></tr>'
                       for r in article.removed)
        out.append(f'<section id="removed"><h2>Removed spans</h2><table class="data"><thead><tr><th>Reason</th><th class="num">Raw offsets</th>'
                   f"<th>Text</th></tr></thead><tbody>{rows}</tbody></table></section>")
    out.append(_analysis_sections(analysis))
    return layout(article.title or article.id, "\n".join(out))


def _negated_note(quote: dict[str, Any]) -> str:
    """" (negated: has not yet said)" for a quote on a negated reporting verb, escaped; "" otherwise."""
    return esc(f" (negated: {quote['negated']})") if quote.get("negated") else ""


def _analysis_sections(analysis: dict[str, Any] | None) -> str:
    if analysis is None:
        return '<p class="notice">No analysis is stored for this article yet; <code>newsweave run</code> makes one.</p>'
    out = []
    quotes = analysis.get("quotes") or []
    rows = "".join(
        f'<tr><td class="speaker">{_entity_link((q.get("speaker") or {}).get("entity"), (q.get("speaker") or {}).get("name") or "unattributed")}</td>'
        f'<td><blockquote>{esc(q.get("text"))}</blockquote></td><td>{esc(q.get("kind"))}{" (partial)" if q.get("partial") else ""}{_negated_note(q)}</td></tr>'
        for q in quotes)
    out.append('<section id="quotes"><h2>Quotes</h2>' + (f'<table class="data"><thead><tr><th>Speaker</th><th>Quote</th><th>Kind</th></tr></thead>'
                                                          f"<tbody>{rows}</tbody></table>" if quotes else '<p class="empty">No quotes found.</p>') + "</section>")
    numbers = analysis.get("numbers") or []
    rows = "".join(f'<tr><td class="num">{esc(n.get("value"))}</td><td>{esc(n.get("text"))}</td><td>{esc(n.get("qualifier") or "")}</td>'
                   f'<td>{esc(n.get("counted") or "")}</td><td>{esc(n.get("source") or "")}</td></tr>' for n in numbers)
    out.append('<section id="numbers"><h2>Numeric claims</h2>' + (
        '<table class="data"><thead><tr><th class="num">Value</th><th>Text</th><th>Qualifier</th><th>Counts</th><th>Source</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>" if numbers else '<p class="empty">No numeric claims found.</p>') + "</section>")
    entities = analysis.get("entities") or []
    chips = " ".join(f'<a class="chip" href="{esc(entity_href(e.get("id")))}">{esc(e.get("name"))} <span class="kind">{esc(e.get("type"))} ×{len(e.get("mentions") or [])}</span></a>'
                     for e in entities)
    out.append(f'<section id="entities"><h2>Entities</h2>{chips or "<p class=empty>No entities found.</p>"}</section>')
    return "\n".join(out)


def _entity_link(entity_id: Any, name: Any) -> str:
    href = entity_href(entity_id)
    return f'<a href="{esc(href)}">{esc(name)}</a>' if href else esc(name)


def entity_page(entity: dict[str, Any], articles: dict[str, dict[str, Any]], stories: dict[str, dict[str, Any]],
                written_as: dict[str, list[str]], shown: int | None = None) -> str:
    """``articles``: article id -> metadata row; ``stories``: story id -> story row; ``written_as``: article id -> mention texts;
    ``shown``: how many of the entity's articles to list (the counts cover them all)."""
    name = str(entity.get("name") or entity.get("id"))
    out = ['<nav class="crumbs"><a href="/">← All stories</a></nav>', f"<header><h1>{esc(name)}</h1>"]
    mentions = sum(a.get("mentions") or 0 for a in entity.get("articles") or [])
    story_ids = [s for s in dict.fromkeys(a.get("story") for a in entity.get("articles") or []) if s]
    out.append(f'<p class="meta">{esc(entity.get("type"))} · {_plural(mentions, "mention")} in {_plural(len(entity.get("articles") or []), "article")}'
               f' of {_plural(len(story_ids), "story")} · <a href="/?{esc(urlencode({"entity": entity.get("id") or ""}))}">its stories</a></p></header>')
    variants = "".join(f'<span class="chip">{esc(v)}</span>' for v in entity.get("variants") or [])
    out.append(f'<section id="variants"><h2>Written as</h2>{variants or "<p class=empty>—</p>"}')
    merges = entity.get("merges") or []
    if merges:
        rows = "".join(f'<tr><td>{esc(m.get("a"))}</td><td>{esc(m.get("b"))}</td><td>{esc(m.get("rule"))}</td><td class="num">{esc(m.get("score"))}</td></tr>'
                       for m in merges)
        out.append('<h3>Why these names are one entity</h3><table class="data"><thead><tr><th>Name</th><th>Merged with</th><th>Rule</th>'
                   f'<th class="num">Score</th></tr></thead><tbody>{rows}</tbody></table>')
    out.append("</section>")
    out.append('<section id="mentions"><h2>Mentions by story</h2>')
    listed = (entity.get("articles") or [])[:shown]
    if len(listed) < len(entity.get("articles") or []):
        out.append(f'<p class="meta">The first {len(listed)} of {len(entity["articles"])} articles.</p>')
    by_story: dict[str | None, list[dict[str, Any]]] = {}
    for row in listed:
        by_story.setdefault(row.get("story"), []).append(row)
    for story_id, rows in by_story.items():
        story = stories.get(story_id or "")
        head = f'<a href="{esc(story_href(story_id))}">{esc(story.get("title") or story_id)}</a>' if story else "Not in a story yet"
        out.append(f'<h3>{head}</h3><table class="data"><tbody>')
        for row in rows:
            meta = articles.get(row["article"]) or {}
            texts = ", ".join(dict.fromkeys(written_as.get(row["article"], [])))
            out.append(f'<tr><td>{esc(meta.get("outlet") or "")}</td><td><a href="{esc(article_href(row["article"]))}">'
                       f'{esc(meta.get("title") or row["article"])}</a></td><td>{esc(texts)}</td><td class="num">×{esc(row.get("mentions"))}</td></tr>')
        out.append("</tbody></table>")
    out.append("</section>")
    return layout(name, "\n".join(out))
