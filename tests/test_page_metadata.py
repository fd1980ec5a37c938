"""newsweave's own metadata pass (htmltext.page_metadata) gives the four fields it keeps exactly as
trafilatura's full ``extract_metadata`` does: a guard against a trafilatura upgrade changing the steps."""
from __future__ import annotations

import pytest

trafilatura = pytest.importorskip("trafilatura")
from trafilatura.metadata import extract_metadata  # noqa: E402
from trafilatura.settings import DEFAULT_CONFIG, set_date_params  # noqa: E402
from trafilatura.utils import load_html  # noqa: E402

from newsweave.htmltext import page_metadata, trafilatura_extract  # noqa: E402

BODY = "<p>" + " ".join(["The council voted on the new budget after a long debate about roads and schools."] * 6) + "</p>"
PAGES = {
    "meta tags": (
        '<html><head><title>Budget passes | Valley Voice</title><meta property="og:title" content="Budget passes">'
        '<meta property="og:site_name" content="valley voice"><meta name="date" content="2024-03-05">'
        '<link rel="canonical" href="https://www.valleyvoice.example/news/budget"></head>'
        f"<body><article><h1>Budget passes</h1>{BODY}</article></body></html>"
    ),
    "json-ld": (
        '<html><head><title>Roads plan</title><script type="application/ld+json">{"@context": "https://schema.org",'
        ' "@type": "NewsArticle", "headline": "Roads plan approved", "datePublished": "2023-11-20T10:00:00Z",'
        ' "publisher": {"@type": "Organization", "name": "Daily Example"}}</script></head>'
        f"<body><main><h2>Roads plan approved</h2>{BODY}</main></body></html>"
    ),
    "date in the text only": (
        f"<html><head><title>Schools</title></head><body><div><h1>Schools reopen</h1><p>Published March 3, 2021</p>{BODY}"
        "</div></body></html>"
    ),
    "nothing": f"<html><body><div>{BODY}</div></body></html>",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_metadata_matches_trafilatura(name: str) -> None:
    html = PAGES[name]
    url = None if name == "nothing" else "https://www.valleyvoice.example/news/budget?x=1"
    params = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
    theirs = extract_metadata(load_html(html), url, params)
    ours = page_metadata(load_html(html), url)
    assert ours == {"title": theirs.title, "sitename": theirs.sitename, "date": theirs.date, "url": theirs.url}
    without_date = page_metadata(load_html(html), url, with_date=False)
    assert without_date == {**ours, "date": None}


def test_extraction_metadata_as_bare_extraction_gives_it() -> None:
    html = PAGES["meta tags"]
    url = "https://www.valleyvoice.example/news/budget"
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, include_tables=True,
                                      deduplicate=False, favor_recall=True)
    found = trafilatura_extract(html, url)
    assert (found["title"], found["sitename"], found["date"], found["url"]) == (doc.title, doc.sitename, doc.date, doc.url)
    assert found["date"]  # the page has one
    assert trafilatura_extract(html, url, with_date=False)["date"] is None
