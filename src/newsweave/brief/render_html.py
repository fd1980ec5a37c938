"""Story briefs as self-contained HTML pages: one per story, and an index of stories.

Pages carry their CSS inline and use no scripts, fonts or other assets; the links are to our own pages
(``index.html`` <-> ``stories/<safe-name>.html``), to anchors inside a page, and to an article's original
address only when it is an http or https URL (:func:`~newsweave.brief.html_page.external_link`, with
``rel="noopener noreferrer"``, shown as its host). Every piece of text from a brief or an article goes
through :func:`html.escape`, so a hostile title, body or URL renders as plain text.
"""
from __future__ import annotations

from typing import Any

from .html_index import entity_index, outlet_index, with_section_index
from .html_page import CSS, FILE_LINKS, Links, esc, external_link, linked, page_html, story_file_stem
from .html_parts import PALETTE, Passages, StoryView, empty_note, loaded_terms, plural, quoted, term_chips
from .render_md import (
    brief_outlets,
    conflict_groups,
    facts_by_status,
    fact_notes,
    independent_count,
    merged_quotes,
    named_entities_with_variants,
    quote_note,
    related_facts,
    single_source_by_outlet,
    weakest_link,
)

__all__ = ["CSS", "FILE_LINKS", "Links", "esc", "render_index_html", "render_story_html", "story_file_stem", "story_sections"]

SHOWN_FACTS = 8  # single-source facts listed per outlet before the rest fold away


def render_story_html(brief: dict[str, Any], articles_text: dict[str, str] | None = None, urls: dict[str, str] | None = None) -> str:
    """One story's page with an index of its sections. ``articles_text`` (article id -> raw input) adds the supporting
    passages; ``urls`` (article id -> original address) links the sources to them."""
    title = str(brief.get("title") or "Untitled story")
    return page_html(title, with_section_index(list(story_sections(brief, articles_text, urls=urls).values())))


def story_sections(brief: dict[str, Any], articles_text: dict[str, str] | None = None, links: Links = FILE_LINKS,
                   passages: Passages | None = None, urls: dict[str, str] | None = None) -> dict[str, str]:
    """A story page's parts in reading order, by section id (``header``, ``summary``, ``columns``, ``related``,
    ``single``, ``quotes``, ``framing``, ``names``, ``entities``, ``outlets``, ``timeline``, ``sources``), for pages
    that add parts of their own. ``passages`` (anchor of a fact or conflict -> its passages on the page) links each
    to them; ``urls`` (article id -> original address) links the sources to the originals."""
    s = StoryView(brief, articles_text, passages)
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
    add(f'<p class="meta">{plural(n_articles, "article")} from {plural(len(s.outlets), "outlet")}, '
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
            add(f"<li{s.anchor(fact)}>{esc(fact.get('text'))} {s.cite(fact.get('outlets'), fact.get('support'))}{count}"
                f"{_shared(fact)}{s.jumps(fact)}{s.excerpts(fact.get('support'))}</li>")
        add("</ul>")
    else:
        add(empty_note("Nothing here is reported by more than one independent outlet."))
    add("</section>")
    add('<section class="disagree" id="disagree"><h2>Disagree (conflicts)</h2>')
    if conflicts:  # compact: one table, a row per position with its outlets and wording, the passages folded away
        add('<table class="conflicts"><colgroup><col class="value"><col></colgroup>')
        for conflict in conflicts:
            kind = f' <span class="kind">{esc(conflict.get("kind"))}</span>' if conflict.get("kind") else ""
            add(f'<tbody class="conflict"{s.anchor(conflict)}><tr><th colspan="2">{esc(conflict.get("topic") or "Unnamed topic")}{kind}'
                f'{s.jumps(conflict)}</th></tr>')
            for group in conflict_groups(conflict):
                said = " · ".join(quoted(t) for t in group["texts"])
                numeric = bool(group["value"]) and group["value"].replace(",", "").replace(".", "").lstrip("-").isdigit()
                add(f'<tr><td class="value{"" if numeric else " words"}">{esc(group["value"]) or "—"}</td>'
                    f'<td>{s.cite(group["outlets"], group["support"])} <span class="said">{said}</span>{s.excerpts(group["support"])}</td></tr>')
            add("</tbody>")
        add("</table>")
    else:
        add(empty_note("No conflicting figures found."))
    add("</section>")
    add("</div>")
    close("columns")

    related = related_facts(brief)
    if related:
        add('<section id="related"><h2>Possibly the same claim <span class="kind">weak link, not corroboration</span></h2><ul class="items">')
        for fact in related:
            add(f"<li{s.anchor(fact)}>{esc(fact.get('text'))} {s.cite(fact.get('outlets'), fact.get('support'))}"
                f' <span class="cites">(link {esc(weakest_link(fact) or "unknown")})</span>{_shared(fact)}{s.jumps(fact)}{s.excerpts(fact.get("support"))}</li>')
        add("</ul></section>")
    close("related")

    add('<section id="single"><h2>Only in one outlet</h2>')
    if single:
        add('<div class="grid">')
        for outlet, facts in single_source_by_outlet(single, s.sources):
            add(f'<div class="card"><h3>{s.outlet(outlet)} <span class="kind">{plural(len(facts), "fact")}</span></h3><ul class="items">')
            items = [f"<li{s.anchor(fact)}>{esc(fact.get('text'))} {s.refs(fact.get('support'))}{_shared(fact)}{s.jumps(fact)}</li>"
                     for fact in facts]
            add("".join(items[:SHOWN_FACTS]) + "</ul>")
            if len(items) > SHOWN_FACTS:
                add(f'<details><summary>{len(items) - SHOWN_FACTS} more from this outlet</summary><ul class="items">'
                    + "".join(items[SHOWN_FACTS:]) + "</ul></details>")
            add("</div>")
        add("</div>")
    else:
        add(empty_note("Every fact found is reported by at least two outlets."))
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
            name = linked(links.entity(speaker.get("entity")), speaker.get("speaker") or "Unnamed speaker")
            for i, quote in enumerate(quotes):
                head = f'<td class="speaker" rowspan="{len(quotes)}">{name}{also}</td>' if i == 0 else ""
                note = quote_note(quote, str)
                note = f'<span class="cites">{esc(note)}</span>' if note else ""
                words = esc(str(quote.get("text") or "").strip()) if quote.get("kind") == "indirect" else quoted(quote.get("text"))
                add(f"<tr>{head}<td>{note}<blockquote>{words}</blockquote>{s.excerpts(quote.get('support'))}</td>"
                    f"<td>{s.cite(quote.get('outlets'), quote.get('support'))}</td></tr>")
        add("</tbody></table>")
    else:
        add(empty_note("No attributed quotes found."))
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
            add('<div class="label">Distinctive terms</div>' + term_chips(entry.get("distinctive_terms"), "chip", "—"))
            add('<div class="label">Loaded terms, and the other outlets\' words</div>' + loaded_terms(entry.get("loaded_terms"), s))
            add("</div>")
        add("</div>")
    else:
        add(empty_note("No framing comparison."))
    add("</section>")
    close("framing")

    named = named_entities_with_variants(brief)
    if named:
        add('<section id="names"><h2>Name variants</h2><table class="data"><thead><tr><th>Name</th><th>Type</th>'
            "<th>Written as</th><th>Outlets</th></tr></thead><tbody>")
        for entity in named:
            variants = "".join(f'<span class="chip">{esc(v)}</span>' for v in entity.get("variants") or [])
            add(f"<tr><td><b>{linked(links.entity(entity.get('id')), entity.get('name'))}</b></td><td>{esc(entity.get('type'))}</td><td>{variants}</td>"
                f"<td>{s.cite(entity.get('outlets'), None)}</td></tr>")
        add("</tbody></table></section>")
    close("names")
    add(entity_index(brief, s, links))
    close("entities")
    add(outlet_index(s, links))
    close("outlets")

    timeline = [t for t in brief.get("timeline") or [] if isinstance(t, dict)]
    add('<section id="timeline"><h2>Timeline</h2>')
    if timeline:
        add('<ol class="timeline">')
        for event in timeline:
            add(f"<li><time>{esc(event.get('date') or 'undated')}</time>{esc(event.get('text'))} "
                f"{s.cite(event.get('outlets'), event.get('support'))}</li>")
        add("</ol>")
    else:
        add(empty_note("No dated events."))
    add("</section>")
    close("timeline")

    add('<section id="sources"><h2>Sources</h2><ol class="sources">')
    for article in s.sources.articles:
        n = s.sources.number[article["id"]]
        bits = [s.outlet(s.sources.outlet_of[article["id"]])]
        if article.get("title"):
            bits.append(linked(links.article(article["id"]), f"“{article['title']}”"))
        elif links.article(article["id"]):
            bits.append(linked(links.article(article["id"]), "article"))
        if article.get("published"):
            bits.append(esc(article["published"]))
        original = external_link((urls or {}).get(article["id"]) or article.get("url"))
        if original:
            bits.append(f"original: {original}")
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
    out.append(f'<p class="meta">{stories} from {plural(total, "article")}</p></header>')
    out.append('<section><table class="data"><thead><tr><th>Story</th><th class="num">Articles</th><th>Outlets</th>'
               '<th class="num">Independent</th><th class="num">Corroborated</th><th class="num">Conflicts</th></tr></thead><tbody>')
    for brief in briefs:
        corroborated, single = facts_by_status(brief)
        conflicts = [c for c in brief.get("conflicts") or [] if isinstance(c, dict)]
        outlets = brief_outlets(brief)
        colour = {o: i % PALETTE for i, o in enumerate(outlets)}
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
        out.append(empty_note("No stories yet."))
    out.append("</section>")
    return page_html("Stories", "\n".join(out))


def _shared(fact: dict[str, Any]) -> str:
    """The notes beside ``fact`` (:func:`~.render_md.fact_notes`: whose quotation it is, what its outlets were matched
    on, outlets that tell it word for word), as HTML ("" when none)."""
    return "".join(f' <span class="cites">({esc(n)})</span>' for n in fact_notes(fact))
