"""The story page's ways around and out, through FastAPI's test client on the demo store: the section index, links
from facts to their passages and back, article and outlet indexes, links to the originals, downloads (CSV cells never
run as formulas) and friendly 404 pages."""
from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from newsweave.escape import csv_cell, http_url
from newsweave.record import Article
from newsweave.web import create_app
from newsweave.web.downloads import conflicts_csv, facts_csv, quotes_csv
from newsweave.web.pages import article_page


class _Anchors(HTMLParser):
    """Each element's id, and each link's href, in page order."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.ids: dict[str, dict[str, str | None]] = {}
        self.links: list[dict[str, str | None]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs) | {"tag": tag}
        if attrs.get("id"):
            assert attrs["id"] not in self.ids, f"id {attrs['id']} twice"
            self.ids[attrs["id"]] = attrs
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs)


@pytest.fixture(scope="module")
def client(demo_out):
    with TestClient(create_app(demo_out / "newsweave.db"), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture(scope="module")
def largest(client):
    story = client.get("/api/stories", params={"sort": "size"}).json()["stories"][0]
    return story, client.get(f"/stories/{quote(story['id'], safe='')}").text


def test_section_index_links_every_section_in_page_order(largest):
    _, page = largest
    anchors = _Anchors(page)
    index = re.search(r'<nav class="toc".*?</nav>', page, re.S).group()
    targets = re.findall(r'href="#([^"]+)"', index)
    sections = re.findall(r'<section\b[^>]*\bid="([^"]+)"[^>]*>\s*<h2>', page)
    assert targets == sections and len(targets) >= 10
    assert {"agree", "disagree", "side-by-side", "quotes", "entities", "outlets", "sources", "downloads"} <= set(targets)
    assert all(anchors.ids[t]["tag"] == "section" for t in targets)


def test_facts_link_to_their_passages_and_passages_back(largest):
    _, page = largest
    anchors = _Anchors(page)
    jumps = [a for a in anchors.links if a.get("class") == "jump"]
    backs = [a for a in anchors.links if a.get("class") == "back"]
    assert len(jumps) >= 10 and len(backs) >= len(jumps)
    for link in jumps:
        passage = anchors.ids[link["href"][1:]]  # the passage exists ...
        assert passage["tag"] == "a" and passage["class"] == "back"
        fact = passage["href"][1:]
        assert fact in anchors.ids and re.fullmatch(r"(fact|conflict)-\d+", fact)  # ... and leads back to a fact
        section = page[page.index(f'id="{fact}"'):]
        assert section.index(f'href="{link["href"]}"') < section.index("</li>" if fact.startswith("fact") else "</tbody>")
    assert all(b["href"][1:] in anchors.ids for b in backs)  # every passage leads to a fact on the page
    assert {a["href"][1:] for a in jumps} == {i for i, attrs in anchors.ids.items() if i.startswith("passage-")}


def test_every_article_reachable_and_indexes(largest):
    story, page = largest
    anchors = _Anchors(page)
    row = re.search(r'<nav class="articles".*?</nav>', page, re.S).group()
    columns = re.findall(r'<article id="(article-\d+)" data-article="([^"]+)">', page)
    assert re.findall(r'href="#(article-\d+)"', row) == [c for c, _ in columns] and len(columns) == len(story["articles"])
    outlets = re.search(r'<section id="outlets">.*?</section>', page, re.S).group()
    assert len(re.findall(r"<tr><td>", outlets)) == len(story["outlets"])
    assert all(f'href="#src-{n}"' in outlets for n in range(1, len(story["articles"]) + 1))
    entities = re.search(r'<section id="entities">.*?</section>', page, re.S).group()
    assert len(re.findall(r'href="/entities/', entities)) >= 5
    legend = re.search(r'<div class="legend chart-legend">.*?</div>', page, re.S).group()
    assert all(o in legend for o in story["outlets"])
    originals = [a for a in anchors.links if a.get("class") == "ext"]
    assert originals and all(a["rel"] == "noopener noreferrer" and a["href"].startswith("https://") for a in originals)


def test_downloads_of_the_brief_and_its_tables(client, largest):
    story, _ = largest
    base = f"/stories/{quote(story['id'], safe='')}/download/"
    brief = client.get(f"/api/stories/{quote(story['id'], safe='')}").json()["brief"]
    got = client.get(base + "brief.json")
    assert got.status_code == 200 and json.loads(got.text) == brief
    assert got.headers["content-disposition"].startswith('attachment; filename="') and got.headers["content-disposition"].endswith('-brief.json"')
    assert client.get(base + "brief.md").text.startswith("# ")
    html = client.get(base + "brief.html").text
    assert html.startswith("<!DOCTYPE html>") and "default-src 'none'" in html and '<nav class="toc"' in html
    facts = list(csv.reader(io.StringIO(client.get(base + "facts.csv").text)))
    assert facts[0][:3] == ["id", "status", "text"] and len(facts) == len(brief["facts"]) + 1
    assert len(list(csv.reader(io.StringIO(client.get(base + "conflicts.csv").text)))) > len(brief["conflicts"])
    assert client.get(base + "quotes.csv").headers["content-type"].startswith("text/csv")
    missing = client.get(base + "secrets.txt")
    assert missing.status_code == 404 and "No such download" in missing.text and "facts.csv" in missing.text


def test_csv_cells_are_never_formulas():
    hostile = ['=HYPERLINK("https://evil.example","click")', "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1"]
    brief = {"facts": [{"id": "F1", "status": "single", "text": t, "outlets": [t], "support": [{"article": t, "start": 0, "end": 1}]}
                       for t in hostile],
             "conflicts": [{"id": "C1", "topic": hostile[0], "kind": "number", "sides": [{"article": "a", "outlet": hostile[3], "text": hostile[1], "value": 3}]}],
             "quotes": [{"speaker": hostile[0], "entity": None, "quotes": [{"text": hostile[2], "outlets": [hostile[3]], "support": []}]}]}
    for table in (facts_csv(brief), conflicts_csv(brief), quotes_csv(brief)):
        cells = [cell for row in list(csv.reader(io.StringIO(table)))[1:] for cell in row]
        assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    assert csv_cell("=1") == "'=1" and csv_cell("plain") == "plain" and csv_cell(None) == ""


def test_csv_downloads_carry_whose_quotation_a_fact_is_and_how_a_quote_was_said():
    brief = {"facts": [{"id": "F1", "status": "single_source", "text": "That is the danger.", "outlets": ["a.example"],
                        "quoting": "Rob Shapiro", "support": [{"article": "a", "start": 0, "end": 5}],
                        "relayed": [["a.example", "Harbour Herald"]]}],
             "quotes": [{"speaker": "Ann Lee", "entity": None, "quotes": [
                 {"text": "whether she will run", "kind": "indirect", "negated": "has not said", "outlets": ["a.example"], "support": []},
                 {"text": "We will win,", "kind": "direct", "outlets": ["b.example"], "support": []}]}]}
    facts = list(csv.DictReader(io.StringIO(facts_csv(brief))))
    assert facts[0]["quoting"] == "Rob Shapiro" and facts[0]["relayed"] == "a.example credits it to Harbour Herald"
    quotes = list(csv.DictReader(io.StringIO(quotes_csv(brief))))
    assert [(q["kind"], q["negated"]) for q in quotes] == [("indirect", "has not said"), ("direct", "")]


def test_only_http_addresses_are_linked_on_the_article_page():
    assert http_url("https://news.example/a?b=1") == ("https://news.example/a?b=1", "news.example")
    for url in ("javascript:alert(1)", "data:text/html,x", "//news.example/a", "https://a@b.example/", "ftp://news.example/"):
        page = article_page(Article("a1", "Body text.", "text", url=url), None, None)
        assert f"<code>{url.replace('&', '&amp;')}</code>" in page and 'class="ext"' not in page, url
    page = article_page(Article("a1", "Body text.", "text", url="https://news.example/a"), None, None)
    assert '<a class="ext" href="https://news.example/a" rel="noopener noreferrer"' in page and "news.example ↗</a>" in page


def test_missing_pages_are_friendly_and_the_api_stays_json(client):
    story = client.get("/stories/no-such-story")
    assert story.status_code == 404 and "<h1>No such story</h1>" in story.text and 'name="q"' in story.text
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "<h1>No such page</h1>" in page.text and '<a href="/">All stories</a>' in page.text
    assert client.get("/articles/nothing-here").text.count("No such article") == 2  # title and heading
    api = client.get("/api/stories/no-such-story")
    assert api.status_code == 404 and "detail" in api.json()
