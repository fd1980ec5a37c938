"""Story briefs as self-contained HTML pages: one per story, and an index of stories.

Pages carry their CSS inline and use no scripts, fonts or other assets; the only links are to our
own pages (``index.html`` <-> ``stories/<safe-name>.html``) and to anchors inside a page. Every
piece of text from a brief or an article goes through :func:`html.escape`, and no URL from an
article is ever written as a link, so a hostile title or body renders as plain text.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..escape import file_stem, html_visible
from .render_md import (
    Sources,
    brief_outlets,
    conflict_groups,
    facts_by_status,
    merged_quotes,
    independent_count,
    named_entities_with_variants,
    related_facts,
    single_source_by_outlet,
    weakest_link,
    term_text,
)

_PALETTE = 8  # outlet colour classes o0..o7
SHOWN_FACTS = 8  # single-source facts listed per outlet before the rest fold away
SHOWN_TERMS = 15  # framing terms shown per list before the rest fold away

CSS = """
:root { --ink:#1d232b; --muted:#5b6570; --line:#d9dee4; --bg:#f6f7f9; --card:#fff;
  --agree:#1f7a46; --agree-bg:#eaf6ee; --disagree:#b3261e; --disagree-bg:#fcecea; --accent:#1f5fa8; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 48px; }
a { color: var(--accent); }
nav.crumbs { font-size: 13px; margin-bottom: 8px; }
h1 { font-size: 26px; line-height: 1.25; margin: 4px 0 10px; }
h2 { font-size: 18px; margin: 0 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 12px 0 6px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; margin: 16px 0; }
.meta { color: var(--muted); margin: 0 0 8px; }
.stats { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0 0; padding: 0; list-style: none; }
.stats li { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 6px 14px; min-width: 120px; }
.stats b { display: block; font-size: 22px; line-height: 1.2; }
.stats .agree b { color: var(--agree); } .stats .disagree b { color: var(--disagree); }
.outlet { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 12.5px; font-weight: 600;
  max-width: 100%; overflow-wrap: break-word; border: 1px solid transparent; }
.o0 { background:#e3edf9; color:#174a85; } .o1 { background:#fbeadb; color:#8a4510; }
.o2 { background:#e6f4ea; color:#1e6b3a; } .o3 { background:#f3e6f7; color:#6d2a85; }
.o4 { background:#fdf5d3; color:#73590a; } .o5 { background:#e0f3f4; color:#16666b; }
.o6 { background:#fbe4ea; color:#8c1f3f; } .o7 { background:#ececec; color:#3d3d3d; }
.cite { margin-left: 4px; }
a.ref { font-size: 11.5px; text-decoration: none; vertical-align: super; margin-left: 1px; }
.cites { color: var(--muted); font-size: 13px; }
ul.items { margin: 0; padding-left: 18px; } ul.items li { margin: 4px 0; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.columns > section { margin: 0; }
section.agree { border-top: 4px solid var(--agree); } section.agree h2 { color: var(--agree); }
section.disagree { border-top: 4px solid var(--disagree); } section.disagree h2 { color: var(--disagree); }
.conflict { border: 1px solid #f1c9c5; background: var(--disagree-bg); border-radius: 6px; padding: 8px 10px; margin: 8px 0; }
.conflict h3 { margin: 0 0 6px; }
.conflict table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.conflict col.value { width: 132px; }
.conflict td { padding: 4px 6px; vertical-align: top; border-top: 1px solid #f1c9c5; }
.conflict td.value { font-weight: 700; font-size: 17px; line-height: 1.3; font-variant-numeric: tabular-nums; overflow-wrap: break-word; }
.conflict td.value.words { font-size: 13px; }
.conflict .said { margin-bottom: 2px; }
.kind { font-weight: 400; color: var(--muted); font-size: 12.5px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: #fcfcfd; }
.card h3 { margin-top: 0; }
.headline { font-weight: 600; margin: 2px 0 8px; }
.label { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 8px 0 2px; }
.chip { display: inline-block; background: #eef1f4; border-radius: 10px; padding: 0 8px; margin: 2px 2px 0 0; font-size: 13px; }
.chip.loaded { background: var(--disagree-bg); color: var(--disagree); }
table.data { width: 100%; border-collapse: collapse; }
table.data th, table.data td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.data th { font-size: 12.5px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; width: 1%; white-space: nowrap; }
td.story { width: 42%; } td.story .when { display: block; color: var(--muted); font-size: 12.5px; }
td.story a { font-weight: 600; text-decoration: none; } td.story a:hover { text-decoration: underline; }
table.quotes { table-layout: fixed; } table.quotes col.speaker { width: 20%; } table.quotes col.by { width: 26%; }
td.speaker { font-weight: 600; } td.speaker .also { display: block; font-weight: 400; color: var(--muted); font-size: 12.5px; }
blockquote { margin: 0; }
ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 2px solid var(--line); }
ol.timeline li { position: relative; padding: 2px 0 8px 16px; }
ol.timeline li::before { content: ""; position: absolute; left: -6px; top: 8px; width: 10px; height: 10px; border-radius: 50%; background: var(--accent); }
ol.timeline time { font-weight: 700; margin-right: 6px; font-variant-numeric: tabular-nums; }
details { margin-top: 2px; font-size: 13px; } summary { cursor: pointer; color: var(--muted); }
.excerpt { margin: 4px 0 4px 4px; padding: 4px 8px; border-left: 3px solid var(--line); color: #38414a; white-space: pre-wrap; }
mark { background: #fff2a8; }
.empty { color: var(--muted); font-style: italic; margin: 0; }
ol.sources { padding-left: 28px; margin: 0; font-size: 13.5px; } ol.sources li { margin: 3px 0; }
code { font-size: 12px; color: var(--muted); overflow-wrap: break-word; }
@media (max-width: 800px) { .columns { grid-template-columns: 1fr; } }
"""


@dataclass(frozen=True)
class Links:
    """Where a story page links to: the story list, and (when there is a page for them) articles and entities."""

    home: str = "../index.html"
    article: Callable[[Any], str | None] = lambda article_id: None
    entity: Callable[[Any], str | None] = lambda entity_id: None


FILE_LINKS = Links()  # the static pages written by ``newsweave run``: no article or entity pages


def _linked(href: str | None, text: Any) -> str:
    """Escaped text, inside a link to one of our own pages when ``href`` is given."""
    return f'<a href="{esc(href)}">{esc(text)}</a>' if href else esc(text)


def esc(value: Any) -> str:
    """Escaped text (quotes included), control characters shown as ``\\x1b``; ``""`` for None."""
    return html.escape(html_visible(value), quote=True)


def story_file_stem(story_id: str) -> str:
    """``stories/<stem>.json|md|html`` for a story id (the same safe name articles use)."""
    return file_stem(str(story_id))


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'none'\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


class _Story:
    """Rendering state for one story: article numbers, outlet colours, raw texts for excerpts."""

    def __init__(self, brief: dict[str, Any], articles_text: dict[str, str] | None):
        self.brief = brief
        self.sources = Sources(brief)
        self.outlets = brief_outlets(brief)
        self.colour: dict[str, int] = {o: i % _PALETTE for i, o in enumerate(self.outlets)}
        self.texts = articles_text or {}

    def outlet(self, name: str) -> str:
        if name not in self.colour:
            self.colour[name] = len(self.colour) % _PALETTE
        return f'<span class="outlet o{self.colour[name]}">{esc(name)}</span>'

    def cite(self, outlets: Iterable[str] | None, support: Iterable[Any] | None) -> str:
        parts = []
        for outlet, numbers in self.sources.grouped(outlets, support):
            refs = "".join(f'<a class="ref" href="#src-{n}" title="article {n}">[{n}]</a>' for n in numbers)
            parts.append(f'<span class="cite">{self.outlet(outlet)}{refs}</span>')
        return " ".join(parts) if parts else '<span class="cites">no outlet recorded</span>'

    def refs(self, support: Iterable[Any] | None) -> str:
        """Only the article numbers (where the outlet is already named)."""
        numbers = sorted({self.sources.number[a] for a in self.sources.articles_of(support) if a in self.sources.number})
        return "".join(f'<a class="ref" href="#src-{n}" title="article {n}">[{n}]</a>' for n in numbers)

    def excerpts(self, support: Iterable[Any] | None, context: int = 90) -> str:
        """``<details>`` with each supporting span in its article's raw text, when the texts are given."""
        rows = []
        for item in support or []:
            if not isinstance(item, dict):
                continue
            article, start, end = item.get("article"), item.get("start"), item.get("end")
            text = self.texts.get(article) if isinstance(article, str) else None
            if not text or not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(text):
                continue
            end = min(end, start + 600)
            # context up to the nearest paragraph break or markup tag (HTML inputs), so only prose shows
            before = text[max(0, start - context):start]
            before = before[max(before.rfind(">"), before.rfind("\n\n")) + 1:]
            after = text[end:end + context]
            cuts = [i for i in (after.find("<"), after.find("\n\n")) if i >= 0]
            after = after[:min(cuts)] if cuts else after
            n = self.sources.number.get(article)
            label = f"{self.outlet(self.sources.outlet_of.get(article, article))}" + (f" [{n}]" if n else "")
            rows.append(f'<div class="excerpt">{label} …{esc(before)}<mark>{esc(text[start:end])}</mark>{esc(after)}…</div>')
        if not rows:
            return ""
        return f"<details><summary>in the articles ({len(rows)})</summary>{''.join(rows)}</details>"


def _quoted(text: Any) -> str:
    """Escaped text in curly quotes, unless it already opens with a quotation mark."""
    text = "" if text is None else str(text).strip()
    return esc(text) if text[:1] in "\"'“‘«„" else f"“{esc(text)}”"


def _chips(terms: Any, cls: str, none: str) -> str:
    """Terms as chips, the first SHOWN_TERMS in the given order (scored lists come best first), the rest folded."""
    texts = [term_text(t) for t in terms or [] if term_text(t)]
    if not texts:
        return f'<span class="cites">{esc(none)}</span>'
    chips = [f'<span class="{cls}">{esc(t)}</span>' for t in texts]
    html_out = "<div>" + "".join(chips[:SHOWN_TERMS]) + "</div>"
    if len(chips) > SHOWN_TERMS:
        html_out += f"<details><summary>{len(chips) - SHOWN_TERMS} more</summary>{''.join(chips[SHOWN_TERMS:])}</details>"
    return html_out


def _empty(text: str) -> str:
    return f'<p class="empty">{esc(text)}</p>'


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_story_html(brief: dict[str, Any], articles_text: dict[str, str] | None = None) -> str:
    """One story's page. ``articles_text`` (article id -> raw input) adds the supporting passages."""
    title = str(brief.get("title") or "Untitled story")
    return _page(title, "\n".join(story_sections(brief, articles_text).values()))


def story_sections(brief: dict[str, Any], articles_text: dict[str, str] | None = None, links: Links = FILE_LINKS) -> dict[str, str]:
    """A story page's parts in reading order, by section id (``header``, ``summary``, ``columns``, ``single``,
    ``related``, ``quotes``, ``framing``, ``names``, ``timeline``, ``sources``), for pages that add parts of their own."""
    s = _Story(brief, articles_text)
    corroborated, single = facts_by_status(brief)
    conflicts = [c for c in brief.get("conflicts") or [] if isinstance(c, dict)]
    speakers = [q for q in brief.get("quotes") or [] if isinstance(q, dict)]
    title = str(brief.get("title") or "Untitled story")
    sections: dict[str, str] = {}
    out: list[str] = []
    add = out.append

    def close(name: str) -> None:
        sections[name] = "\n".join(out)
        out.clear()

    add(f'<nav class="crumbs"><a href="{esc(links.home)}">← All stories</a></nav>')
    add("<header>")
    add(f"<h1>{esc(title)}</h1>")
    n_articles = len(s.sources.articles)
    dates = sorted(str(a["published"]) for a in s.sources.articles if a.get("published"))
    span = f" · {esc(dates[0][:10])} – {esc(dates[-1][:10])}" if dates and dates[0][:10] != dates[-1][:10] else (f" · {esc(dates[0][:10])}" if dates else "")
    add(f'<p class="meta">{_plural(n_articles, "article")} from {_plural(len(s.outlets), "outlet")}, '
        f"<b>{independent_count(brief)} independent</b>{span}</p>")
    add("<div>" + " ".join(s.outlet(o) for o in s.outlets) + "</div>")
    add('<ul class="stats">'
        f'<li class="agree"><b>{len(corroborated)}</b>corroborated facts</li>'
        f'<li class="disagree"><b>{len(conflicts)}</b>conflicting figures</li>'
        f"<li><b>{len(single)}</b>only in one outlet</li>"
        f"<li><b>{len(speakers)}</b>speakers quoted</li></ul>")
    add("</header>")
    close("header")

    summary = [x for x in brief.get("summary") or [] if isinstance(x, dict)]
    if summary:
        add('<section id="summary"><h2>Summary</h2><ul class="items">')
        for item in summary:
            add(f"<li>{esc(item.get('text'))} {s.cite(item.get('outlets'), item.get('support'))}</li>")
        add("</ul></section>")
    close("summary")

    add('<div class="columns">')
    add('<section class="agree" id="agree"><h2>Agree (corroborated)</h2>')
    if corroborated:
        add('<ul class="items">')
        for fact in corroborated:
            n = fact.get("independent_outlets")
            link = f", weakest link {weakest_link(fact)}" if weakest_link(fact) else ""
            count = f' <span class="cites">({n} independent{esc(link)})</span>' if isinstance(n, int) else ""
            add(f"<li>{esc(fact.get('text'))} {s.cite(fact.get('outlets'), fact.get('support'))}{count}"
                f"{s.excerpts(fact.get('support'))}</li>")
        add("</ul>")
    else:
        add(_empty("Nothing here is reported by more than one independent outlet."))
    add("</section>")
    add('<section class="disagree" id="disagree"><h2>Disagree (conflicts)</h2>')
    if conflicts:
        for conflict in conflicts:
            kind = f' <span class="kind">{esc(conflict.get("kind"))}</span>' if conflict.get("kind") else ""
            add(f'<div class="conflict"><h3>{esc(conflict.get("topic") or "Unnamed topic")}{kind}</h3>'
                '<table><colgroup><col class="value"><col></colgroup>')
            for group in conflict_groups(conflict):
                said = " · ".join(_quoted(t) for t in group["texts"])
                numeric = bool(group["value"]) and group["value"].replace(",", "").replace(".", "").lstrip("-").isdigit()
                add(f'<tr><td class="value{"" if numeric else " words"}">{esc(group["value"]) or "—"}</td><td><div class="said">{said}</div>'
                    f'<div>{s.cite(group["outlets"], group["support"])}</div>{s.excerpts(group["support"])}</td></tr>')
            add("</table></div>")
    else:
        add(_empty("No conflicting figures found."))
    add("</section>")
    add("</div>")
    close("columns")

    related = related_facts(brief)
    if related:
        add('<section id="related"><h2>Possibly the same claim <span class="kind">weak link, not corroboration</span></h2><ul class="items">')
        for fact in related:
            add(f"<li>{esc(fact.get('text'))} {s.cite(fact.get('outlets'), fact.get('support'))}"
                f' <span class="cites">(link {esc(weakest_link(fact) or "unknown")})</span>{s.excerpts(fact.get("support"))}</li>')
        add("</ul></section>")
    close("related")

    add('<section id="single"><h2>Only in one outlet</h2>')
    if single:
        add('<div class="grid">')
        for outlet, facts in single_source_by_outlet(single, s.sources):
            add(f'<div class="card"><h3>{s.outlet(outlet)} <span class="kind">{_plural(len(facts), "fact")}</span></h3><ul class="items">')
            items = [f"<li>{esc(fact.get('text'))} {s.refs(fact.get('support'))}</li>" for fact in facts]
            add("".join(items[:SHOWN_FACTS]) + "</ul>")
            if len(items) > SHOWN_FACTS:
                add(f'<details><summary>{len(items) - SHOWN_FACTS} more from this outlet</summary><ul class="items">'
                    + "".join(items[SHOWN_FACTS:]) + "</ul></details>")
            add("</div>")
        add("</div>")
    else:
        add(_empty("Every fact found is reported by at least two outlets."))
    add("</section>")
    close("single")

    add('<section id="quotes"><h2>Who said what</h2>')
    if speakers:
        add('<table class="data quotes"><colgroup><col class="speaker"><col><col class="by"></colgroup>'
            "<thead><tr><th>Speaker</th><th>Quote</th><th>Reported by</th></tr></thead><tbody>")
        for speaker in speakers:
            quotes = merged_quotes(speaker) or [{}]
            variants = [v for v in speaker.get("variants") or [] if v and v != speaker.get("speaker")]
            also = f'<span class="also">also: {esc(", ".join(map(str, variants)))}</span>' if variants else ""
            name = _linked(links.entity(speaker.get("entity")), speaker.get("speaker") or "Unnamed speaker")
            for i, quote in enumerate(quotes):
                head = f'<td class="speaker" rowspan="{len(quotes)}">{name}{also}</td>' if i == 0 else ""
                add(f"<tr>{head}<td><blockquote>{_quoted(quote.get('text'))}</blockquote>{s.excerpts(quote.get('support'))}</td>"
                    f"<td>{s.cite(quote.get('outlets'), quote.get('support'))}</td></tr>")
        add("</tbody></table>")
    else:
        add(_empty("No attributed quotes found."))
    add("</section>")
    close("quotes")

    framing = [f for f in (brief.get("framing") or {}).get("outlets") or [] if isinstance(f, dict)]
    add('<section id="framing"><h2>Framing, outlet by outlet</h2>')
    if framing:
        add('<div class="grid">')
        for entry in framing:
            refs = "".join(f'<a class="ref" href="#src-{s.sources.number[a]}">[{s.sources.number[a]}]</a>'
                           for a in entry.get("articles") or [] if a in s.sources.number)
            add(f'<div class="card"><h3>{s.outlet(entry.get("outlet") or "unknown outlet")}<span class="cite">{refs}</span></h3>')
            if entry.get("headline"):
                add(f'<p class="headline">“{esc(entry.get("headline"))}”</p>')
            add('<div class="label">Distinctive terms</div>' + _chips(entry.get("distinctive_terms"), "chip", "—"))
            add('<div class="label">Loaded terms</div>' + _chips(entry.get("loaded_terms"), "chip loaded", "none found"))
            add("</div>")
        add("</div>")
    else:
        add(_empty("No framing comparison."))
    add("</section>")
    close("framing")

    named = named_entities_with_variants(brief)
    if named:
        add('<section id="names"><h2>Name variants</h2><table class="data"><thead><tr><th>Name</th><th>Type</th>'
            "<th>Written as</th><th>Outlets</th></tr></thead><tbody>")
        for entity in named:
            variants = "".join(f'<span class="chip">{esc(v)}</span>' for v in entity.get("variants") or [])
            add(f"<tr><td><b>{_linked(links.entity(entity.get('id')), entity.get('name'))}</b></td><td>{esc(entity.get('type'))}</td><td>{variants}</td>"
                f"<td>{s.cite(entity.get('outlets'), None)}</td></tr>")
        add("</tbody></table></section>")
    close("names")

    timeline = [t for t in brief.get("timeline") or [] if isinstance(t, dict)]
    add('<section id="timeline"><h2>Timeline</h2>')
    if timeline:
        add('<ol class="timeline">')
        for event in timeline:
            add(f"<li><time>{esc(event.get('date') or 'undated')}</time>{esc(event.get('text'))} "
                f"{s.cite(event.get('outlets'), event.get('support'))}</li>")
        add("</ol>")
    else:
        add(_empty("No dated events."))
    add("</section>")
    close("timeline")

    add('<section id="sources"><h2>Sources</h2><ol class="sources">')
    for article in s.sources.articles:
        n = s.sources.number[article["id"]]
        bits = [s.outlet(s.sources.outlet_of[article["id"]])]
        if article.get("title"):
            bits.append(_linked(links.article(article["id"]), f"“{article['title']}”"))
        elif links.article(article["id"]):
            bits.append(_linked(links.article(article["id"]), "article"))
        if article.get("published"):
            bits.append(esc(article["published"]))
        copy = article.get("duplicate_of")
        if copy:
            bits.append(f'copy of <a href="#src-{s.sources.number[copy]}">[{s.sources.number[copy]}]</a>'
                        if copy in s.sources.number else f"copy of <code>{esc(copy)}</code>")
        shown_id = "" if s.sources.outlet_of[article["id"]] == article["id"] else f' <code>{esc(article["id"])}</code>'
        add(f'<li id="src-{n}" value="{n}">{" · ".join(bits)}{shown_id}</li>')
    add("</ol></section>")
    close("sources")
    return sections


def render_index_html(briefs: list[dict[str, Any]], stems: dict[str, str] | None = None) -> str:
    """``index.html``: every story with its counts, linking to ``stories/<stem>.html``; ``stems`` (story id ->
    file stem, :func:`newsweave.escape.unique_stems`) names the pages a run wrote, else :func:`story_file_stem`."""
    out: list[str] = ["<header><h1>Stories</h1>"]
    total = sum(len([a for a in b.get("articles") or [] if isinstance(a, dict)]) for b in briefs)
    stories = f"{len(briefs)} stor{'y' if len(briefs) == 1 else 'ies'}"
    out.append(f'<p class="meta">{stories} from {_plural(total, "article")}</p></header>')
    out.append('<section><table class="data"><thead><tr><th>Story</th><th class="num">Articles</th><th>Outlets</th>'
               '<th class="num">Independent</th><th class="num">Corroborated</th><th class="num">Conflicts</th></tr></thead><tbody>')
    for brief in briefs:
        corroborated, single = facts_by_status(brief)
        conflicts = [c for c in brief.get("conflicts") or [] if isinstance(c, dict)]
        outlets = brief_outlets(brief)
        colour = {o: i % _PALETTE for i, o in enumerate(outlets)}
        story_id = str(brief.get("id") or "")
        href = f"stories/{(stems or {}).get(story_id) or story_file_stem(story_id)}.html"
        chips = " ".join(f'<span class="outlet o{colour[o]}">{esc(o)}</span>' for o in outlets)
        n_articles = len([a for a in brief.get("articles") or [] if isinstance(a, dict)])
        dates = sorted(str(a["published"])[:10] for a in brief.get("articles") or [] if isinstance(a, dict) and a.get("published"))
        when = f'<span class="when">{esc(dates[0])}{" – " + esc(dates[-1]) if dates[-1] != dates[0] else ""}</span>' if dates else ""
        out.append(f'<tr><td class="story"><a href="{esc(href)}">{esc(brief.get("title") or "Untitled story")}</a>{when}</td>'
                   f'<td class="num">{n_articles}</td><td>{chips}</td><td class="num">{independent_count(brief)}</td>'
                   f'<td class="num">{len(corroborated)}</td><td class="num">{len(conflicts)}</td></tr>')
    out.append("</tbody></table>")
    if not briefs:
        out.append(_empty("No stories yet."))
    out.append("</section>")
    return _page("Stories", "\n".join(out))
