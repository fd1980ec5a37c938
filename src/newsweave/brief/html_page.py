"""The frame of our HTML pages: the inline style sheet, escaping, links to our own pages, and the page
shell with its content security policy (no scripts, fonts or other assets)."""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Callable

from ..escape import file_stem, html_visible, http_url


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
table.conflicts { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 14px; }
table.conflicts col.value { width: 110px; }
tbody.conflict th { text-align: left; padding: 8px 6px 2px; font-size: 14px; border-top: 2px solid #f1c9c5; }
tbody.conflict:first-of-type th { border-top: 0; }
tbody.conflict td { padding: 2px 6px 4px; vertical-align: top; }
tbody.conflict td.value { font-weight: 700; font-size: 15px; font-variant-numeric: tabular-nums; overflow-wrap: break-word; color: var(--disagree); }
tbody.conflict td.value.words { font-size: 13px; }
tbody.conflict details { margin: 0; }
tbody.conflict .said { color: #38414a; font-size: 13px; margin-left: 4px; }
nav.toc { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: baseline; font-size: 13.5px; margin: 10px 0 0;
  padding: 8px 12px; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
nav.toc b { color: var(--muted); font-weight: 600; margin-right: 2px; }
.jumps { font-size: 12px; color: var(--muted); white-space: nowrap; }
a.jump { display: inline-block; min-width: 18px; text-align: center; margin-left: 3px; padding: 0 4px; border: 1px solid var(--line);
  border-radius: 8px; text-decoration: none; font-size: 11.5px; }
mark a.back { color: inherit; text-decoration: none; }
:target { scroll-margin-top: 12px; }
li:target, tbody:target th, mark:has(a:target), a.back:target { outline: 3px solid #f2b705; outline-offset: 1px; background: #fff7cc; }
a.ext { white-space: nowrap; }
nav.articles { display: flex; flex-wrap: wrap; gap: 4px 10px; font-size: 12.5px; margin: 0 0 8px; }
nav.articles a { text-decoration: none; color: var(--ink); } nav.articles a:hover { text-decoration: underline; }
.legend .hint { color: var(--muted); } .chart-legend { margin-top: 6px; }
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
    outlet: Callable[[Any], str | None] = lambda outlet: None


FILE_LINKS = Links()  # the static pages written by ``newsweave run``: no article or entity pages


def linked(href: str | None, text: Any) -> str:
    """Escaped text, inside a link to one of our own pages when ``href`` is given."""
    return f'<a href="{esc(href)}">{esc(text)}</a>' if href else esc(text)


def external_link(url: Any) -> str:
    """A link to an article's original address, shown as its host so a reader sees where it leads; only http and
    https addresses (:func:`newsweave.escape.http_url`), never passing on who sent the reader. "" for any other."""
    found = http_url(url)
    if found is None:
        return ""
    href, host = found
    return f'<a class="ext" href="{esc(href)}" rel="noopener noreferrer" title="{esc(href)}">{esc(host)} ↗</a>'


def esc(value: Any) -> str:
    """Escaped text (quotes included), control characters shown as ``\\x1b``; ``""`` for None."""
    return html.escape(html_visible(value), quote=True)


def story_file_stem(story_id: str) -> str:
    """``stories/<stem>.json|md|html`` for a story id (the same safe name articles use)."""
    return file_stem(str(story_id))


def page_html(title: str, body: str) -> str:
    """A whole page: ``body`` (HTML) in the shell with our style sheet and a policy that loads nothing else."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'none'\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")
