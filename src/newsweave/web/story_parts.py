"""Parts of the web app's story page around the brief: the articles side by side with each fact's passages marked
and linked back to the fact, a row of links to every article, the chart's legend, and the downloads.

Every piece of text is escaped with :func:`esc`; the only links are to our own pages and anchors, and to an
article's original address when it is http or https (:func:`~newsweave.brief.html_page.external_link`)."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ..brief.html_page import esc, external_link
from ..brief.html_parts import Passages
from ..record import Article
from .marks import brief_spans, keyed_paragraphs

PALETTE = 8
MAX_SIDE_BY_SIDE = 24
DOWNLOADS = (("brief.md", "Brief, Markdown"), ("brief.json", "Brief, JSON"), ("brief.html", "Brief, HTML page"),
             ("facts.csv", "Facts, CSV"), ("conflicts.csv", "Conflicts, CSV"), ("quotes.csv", "Quotes, CSV"))


def outlet_chip(outlet: str, colour: dict[str, int]) -> str:
    return f'<span class="outlet o{colour.get(outlet, len(colour)) % PALETTE}">{esc(outlet)}</span>'


def _href(kind: str, key: str) -> str:
    return f"/{kind}/" + quote(str(key), safe="")


def side_by_side(articles: list[Article], brief: dict[str, Any] | None, colour: dict[str, int]) -> tuple[str, Passages]:
    """The section, and where each fact's and conflict's passages are in it (anchor -> (article id, passage anchor)).
    Each marked passage links back to its fact; the first passage of a fact in an article is the target of the fact's
    link. A row of links above reaches every article shown, however many there are."""
    spans = brief_spans(brief or {})
    shown = articles[:MAX_SIDE_BY_SIDE]
    passages: Passages = {}
    out = ['<section id="side-by-side"><h2>The articles side by side</h2>',
           '<div class="legend"><mark class="m-corroborated">corroborated by another outlet</mark>'
           '<mark class="m-single">only in this outlet</mark><mark class="m-conflict">conflicting figure</mark>'
           '<span class="hint">click a passage to reach its fact</span></div>']
    jumps = "".join(f'<a href="#article-{n}">{outlet_chip(a.outlet or a.id, colour)} {esc(_short(a.title or "Untitled article"))}</a>'
                    for n, a in enumerate(shown, 1))
    out.append(f'<nav class="articles" aria-label="articles">{jumps}</nav>')
    if len(articles) > MAX_SIDE_BY_SIDE:
        out.append(f'<p class="meta">The first {MAX_SIDE_BY_SIDE} of {len(articles)} articles; every article is listed, '
                   'with a link to its page, under <a href="#sources">Sources</a>.</p>')
    out.append('<div class="sidebyside">')
    for n, article in enumerate(shown, 1):
        outlet = article.outlet or article.id
        copy = article.extra.get("duplicate_of")
        original = external_link(article.url)
        out.append(f'<article id="article-{n}" data-article="{esc(article.id)}">{outlet_chip(outlet, colour)} '
                   f'<span class="copy">{esc((article.published or "")[:10])}</span>' + (f' <span class="copy">{original}</span>' if original else ""))
        if copy:
            out.append(f'<div class="copy">near-copy of <a href="{esc(_href("articles", copy))}">an earlier article</a></div>')
        out.append(f'<h3><a href="{esc(_href("articles", article.id))}">{esc(article.title or "Untitled article")}</a></h3>')
        for runs in keyed_paragraphs(article, spans.get(article.id, [])):
            out.append("<p>" + "".join(_run(text, kind, anchor, n, article.id, passages) for text, kind, anchor in runs) + "</p>")
        out.append("</article>")
    out.append("</div></section>")
    return "\n".join(out), passages


def _run(text: str, kind: str | None, anchor: str | None, n: int, article_id: str, passages: Passages) -> str:
    if not kind:
        return esc(text)
    if not anchor:
        return f'<mark class="m-{kind}">{esc(text)}</mark>'
    target = f"passage-{anchor}-{n}"
    first = all(a != article_id for a, _ in passages.get(anchor, []))
    if first:
        passages.setdefault(anchor, []).append((article_id, target))
    ident = f' id="{target}"' if first else ""
    return f'<mark class="m-{kind}"><a class="back"{ident} href="#{anchor}">{esc(text)}</a></mark>'


def _short(title: str, limit: int = 48) -> str:
    title = " ".join(str(title).split())
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def chart_legend(outlets: list[str], colour: dict[str, int]) -> str:
    """Which colour is which outlet on the coverage chart."""
    return '<div class="legend chart-legend">' + "".join(outlet_chip(o, colour) for o in outlets) + "</div>" if outlets else ""


def downloads(story_id: str) -> str:
    """Links to the story's brief (Markdown, JSON, HTML) and its facts, conflicts and quotes as CSV files."""
    base = _href("stories", story_id) + "/download/"
    links = "".join(f'<a class="chip" href="{esc(base + name)}">{esc(label)}</a>' for name, label in DOWNLOADS)
    return (f'<section id="downloads"><h2>Downloads</h2><div>{links}</div>'
            '<p class="meta">CSV cells that a spreadsheet would run as a formula start with an apostrophe.</p></section>')
