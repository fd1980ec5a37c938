"""The web app and JSON API over a store, through FastAPI's test client: pages, filters, API, guard."""
from __future__ import annotations

import re
import shutil
import sqlite3
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from conftest import FIXTURES
from newsweave.cli import main
from newsweave.errors import ConfigError, StoreError
from newsweave.store import StoryQuery, open_store
from newsweave.web import create_app, serve

LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def demo_db(demo_out):
    return demo_out / "newsweave.db"


@pytest.fixture(scope="module")
def client(demo_db):
    with TestClient(create_app(demo_db), base_url=LOCAL) as c:
        yield c


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile-out")
    assert main(["run", str(FIXTURES / "web_hostile"), "--out", str(out)]) == 0
    with TestClient(create_app(out / "newsweave.db"), base_url=LOCAL) as c:
        yield c


class _Tags(HTMLParser):
    """Every tag and attribute of a page, as a browser's parser would see them."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _story_links(page: str) -> list[str]:
    return re.findall(r'<a href="/stories/([^"]+)">', page)


def test_story_list_shows_every_story_with_outlets_and_sources(client, demo_db):
    store = open_store(demo_db, read_only=True)
    everything = store.find_stories(StoryQuery(limit=1000))
    store.close()
    page = client.get("/").text
    assert len(_story_links(page)) == everything.total >= 5
    first = everything.stories[0]
    row = page.split(f'/stories/{quote(first["id"])}', 1)[1].split("</tr>", 1)[0]
    assert all(f">{o}</span>" in row for o in first["outlets"])
    assert re.findall(r'<td class="num">(\d+)</td>', row) == [str(len(first["articles"])), str(first["independent_sources"])]


def test_story_list_filters_and_sorts(client):
    by_size = client.get("/api/stories", params={"sort": "size", "limit": 100}).json()["stories"]
    sizes = [len(s["articles"]) for s in by_size]
    assert sizes == sorted(sizes, reverse=True)
    recent = client.get("/api/stories", params={"limit": 100}).json()["stories"]
    lasts = [s["last_published"] for s in recent]
    assert lasts == sorted(lasts, reverse=True)

    strike = client.get("/api/stories", params={"q": "dockers strike"}).json()
    assert strike["total"] == 1 and "dockers" in strike["stories"][0]["title"].lower()
    one_outlet = client.get("/api/stories", params={"outlet": "valleyvoice.example"}).json()["stories"]
    assert one_outlet and all("valleyvoice.example" in s["outlets"] for s in one_outlet)
    may = client.get("/api/stories", params={"since": "2026-05-01", "until": "2026-05-31"}).json()["stories"]
    assert may and all(s["first_published"][:10] <= "2026-05-31" and s["last_published"] >= "2026-05-01" for s in may)
    assert len(may) < len(recent)
    entity = client.get("/api/entities", params={"q": "dashkov"}).json()[0]
    by_name = client.get("/api/stories", params={"entity": "dashkov"}).json()["stories"]
    by_id = client.get("/api/stories", params={"entity": entity["id"]}).json()["stories"]
    assert by_name and [s["id"] for s in by_name] == [s["id"] for s in by_id]
    page = client.get("/", params={"entity": "dashkov"}).text
    assert f'/entities/{entity["id"]}' in page and len(_story_links(page)) == len(by_name)
    assert client.get("/api/stories", params={"q": "zzzznotaword"}).json() == {"total": 0, "limit": 50, "offset": 0, "stories": []}
    assert client.get("/", params={"q": '"* OR ) NEAR('}).status_code == 200  # search syntax in user text is just words


def test_bad_parameters_get_a_clear_answer(client):
    page = client.get("/", params={"since": "last week"})
    assert page.status_code == 422 and "since" in page.text and "text/html" in page.headers["content-type"]
    api = client.get("/api/stories", params={"limit": 0})
    assert api.status_code == 422 and "limit" in api.json()["detail"][0]
    missing = client.get("/api/stories/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]
    assert client.get("/stories/nope").status_code == 404


def test_story_page_has_brief_side_by_side_quotes_and_chart(client):
    story = client.get("/api/stories", params={"sort": "size"}).json()["stories"][0]
    page = client.get(f"/stories/{quote(story['id'], safe='')}").text
    columns = re.findall(r'<article id="article-\d+" data-article="([^"]+)">', page)
    assert sorted(columns) == sorted(story["articles"])
    assert page.count('<mark class="m-corroborated">') >= 3 and '<mark class="m-single">' in page
    quotes = page.split('<section id="quotes">', 1)[1].split("</section>", 1)[0]
    assert quotes.count("<blockquote>") >= 2 and '<a href="/entities/' in quotes
    assert '<svg class="timeline"' in page and "<rect" in page
    assert all(f'href="/articles/{quote(a, safe="")}"' in page for a in story["articles"])
    assert '<link rel="stylesheet" href="/static/newsweave.css">' in page and "<script" not in page


def test_conflicting_figures_are_marked_in_the_articles(client):
    for story in client.get("/api/stories", params={"limit": 100}).json()["stories"]:
        brief = client.get(f"/api/stories/{quote(story['id'], safe='')}").json()["brief"]
        if brief and brief["conflicts"]:
            page = client.get(f"/stories/{quote(story['id'], safe='')}").text
            side = page.split('<section id="side-by-side">', 1)[1]
            assert '<mark class="m-conflict">' in side
            return
    pytest.fail("the demo corpus has no story with a conflict")


def test_article_page_shows_removed_spans_with_reasons(client, demo_db):
    store = open_store(demo_db, read_only=True)
    article = next(a for a in store.iter_articles() if a.removed and a.raw_kind == "text")
    store.close()
    page = client.get(f"/articles/{quote(article.id, safe='')}").text
    assert page.count('<del class="removed"') == len(article.removed)
    for removed in article.removed:
        assert f'title="{removed.reason}"' in page.replace("&#x27;", "'")
    cleaned = page.split('<section id="cleaned"', 1)[1].split("</section>", 1)[0]
    assert cleaned.count("<p>") == len(article.paragraphs)
    api = client.get(f"/api/articles/{quote(article.id, safe='')}").json()
    assert api["article"]["raw"] == article.raw and api["story"] and api["analysis"]["id"] == article.id


def test_entity_page_shows_variants_and_merge_evidence(client):
    entity = client.get("/api/entities", params={"q": "marchenko"}).json()[0]
    detail = client.get(f"/api/entities/{entity['id']}").json()
    assert len(detail["variants"]) >= 2 and detail["merges"] and detail["articles"]
    page = client.get(f"/entities/{entity['id']}").text
    assert all(f'<span class="chip">{v}</span>' in page for v in detail["variants"])
    assert all(m["rule"] in page for m in detail["merges"])
    assert len(re.findall(r'href="/articles/', page)) == len(detail["articles"])


def test_hostile_corpus_renders_inert(hostile_client):
    story = hostile_client.get("/api/stories").json()["stories"][0]
    pages = [hostile_client.get("/"), hostile_client.get(f"/stories/{quote(story['id'], safe='')}")]
    pages += [hostile_client.get(f"/articles/{quote(a, safe='')}") for a in story["articles"]]
    for response in pages:
        assert response.status_code == 200
        assert "script-src" not in response.headers["content-security-policy"]
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
        tags = _Tags(response.text).tags
        assert not [t for t, attrs in tags if t in ("script", "img", "iframe", "object", "embed")
                    or (t == "svg" and ("class", "timeline") not in attrs)]  # our own chart is the only svg
        assert not [(t, a) for t, attrs in tags for a, _ in attrs if a.startswith("on")]  # no event-handler attribute
        assert not [v for _, attrs in tags for a, v in attrs if a in ("href", "src", "action") and "javascript:" in (v or "").lower()]
        for tag, attrs in tags:  # links go to our own pages, or to an article's original http(s) address, passing nothing on
            href = dict(attrs).get("href")
            if href is not None and not href.startswith(("/", "#", "?")):
                assert tag == "a" and href.startswith(("https://", "http://")) and dict(attrs).get("rel") == "noopener noreferrer", (tag, attrs)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in pages[-1].text + pages[-2].text


def test_head_is_answered_like_get_without_a_body(client):
    for url in ("/", "/api/stories", "/static/newsweave.css"):
        head, get = client.head(url), client.get(url)
        assert head.status_code == get.status_code == 200 and head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]


def test_text_without_searchable_words_finds_nothing(client):
    assert client.get("/api/stories", params={"q": "!!!"}).json()["total"] == 0
    assert client.get("/api/stories", params={"q": "  "}).json()["total"] > 0  # blank is no filter


def test_guard_read_only_sizes_and_hosts(client):
    assert client.post("/api/stories").status_code == 405
    assert client.get("/?q=" + "a" * 5000).status_code == 414
    assert client.request("GET", "/", content=b"x" * 5000).status_code == 413
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", params={"q": "a" * 300}).status_code == 422
    headers = client.get("/").headers
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_token_is_required_when_set(demo_db):
    app = create_app(demo_db, token="s3cret", allowed_hosts=None)
    with TestClient(app, base_url="http://192.0.2.10") as c:
        assert c.get("/api/stories").status_code == 401
        assert c.get("/api/stories", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/stories", headers={"authorization": "Bearer s3cret"}).status_code == 200
        first = c.get("/?token=s3cret&sort=size", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/?sort=size" and "HttpOnly" in first.headers["set-cookie"]
        assert c.get("/?sort=size").status_code == 200  # the cookie now carries the token
        for path, target in (("/%2F%2Fevil.example", "/%2F%2Fevil.example"), ("/%5Cevil.example", "/%5Cevil.example"),
                             ("/stories/%E2%82%AC", "/stories/%E2%82%AC")):
            moved = c.get(path + "?token=s3cret", follow_redirects=False)
            assert moved.status_code == 303 and moved.headers["location"] == target  # always a path on this server
        assert c.get("/a%0d%0aSet-Cookie:%20x=1?token=s3cret", follow_redirects=False).headers.get("set-cookie", "").count("x=1") == 0
        c.cookies.clear()
        assert c.get("/api/stories", headers={"authorization": "s3cret"}).status_code == 401  # only the Bearer scheme


def test_loopback_means_a_loopback_address():
    from newsweave.web import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("127.0.0.2") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("127.example.com") and not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1")


def test_serving_off_loopback_needs_a_token(demo_db):
    with pytest.raises(ConfigError, match="token"):
        serve(str(demo_db), host="0.0.0.0", port=0)


def test_pages_read_through_a_read_only_connection(demo_db, tmp_path):
    odd = tmp_path / "odd #1 ?x=%41"  # characters that mean something in an SQLite URI
    odd.mkdir()
    shutil.copyfile(demo_db, odd / "newsweave.db")
    app = create_app(odd / "newsweave.db")
    with TestClient(app, base_url=LOCAL) as c:
        assert c.get("/").status_code == 200
        store = app.app.state.stores.get()  # the app's own connection (this thread's)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.db.execute("DELETE FROM stories")
    assert sorted(p.name for p in tmp_path.iterdir()) == [odd.name]  # nothing created beside the store
    with pytest.raises(StoreError, match="no store at"):  # refused at open, with what to do
        create_app(demo_db.parent / "missing.db")


def test_store_without_run_results_shows_how_to_get_them(tmp_path):
    db = tmp_path / "ingested.db"
    assert main(["ingest", str(FIXTURES / "web_hostile"), "--db", str(db)]) == 0
    with TestClient(create_app(db), base_url=LOCAL) as c:
        page = c.get("/").text
    assert "newsweave run" in page and not _story_links(page)
