"""The pages the web app answers with when a page is missing or a request cannot be served: what happened, in
words, and the ways on (the story list, a search), never a bare status code."""
from __future__ import annotations

from ..brief.html_page import esc

WHAT = {"stories": ("story", "Story ids are given by <code>newsweave run</code>; a run that regroups the stories can change them, "
                             "so an old link may point nowhere. Search for the story instead:"),
        "articles": ("article", "The article may have been removed from the store (<code>newsweave remove</code>), or the "
                                "link was cut short. Search for it instead:"),
        "entities": ("entity", "Entity ids change when a run links names differently. Search for the name instead:"),
        "download": ("download", "A story offers brief.md, brief.json, brief.html, facts.csv, conflicts.csv and quotes.csv, "
                                 "from the Downloads section of its page. Search for the story:")}


def error_body(status: int, detail: object, path: str) -> tuple[str, str]:
    """``(title, body HTML)`` for an error page: ``detail`` is our own message (escaped all the same), ``path`` the
    address asked for."""
    parts = path.strip("/").split("/")
    section = "download" if len(parts) == 4 and parts[0] == "stories" and parts[2] == "download" else parts[0]
    if status == 404:
        what, advice = WHAT.get(section, ("page", "There is no page at this address. Search the stories instead:"))
        title = f"No such {what}"
        lead = f"<p>{esc(detail)}</p>" if section in WHAT else ""
    else:
        title, advice, lead = "This request cannot be served", "", f"<p>{esc(detail)}</p>"
    search = ('<form class="filters" method="get" action="/"><label class="wide">Text<input type="search" name="q" '
              'placeholder="words in titles or bodies"></label><button type="submit">Search</button></form>') if advice else ""
    body = (f'<nav class="crumbs"><a href="/">← All stories</a></nav><header><h1>{esc(title)}</h1>'
            f'<p class="meta">Error {int(status)} · <code>{esc(path)}</code></p></header>'
            f'<section id="not-found">{lead}<p>{advice}</p>{search}<p><a href="/">All stories</a> · '
            '<a href="/?sort=size">the largest stories</a></p></section>')
    return title, body
