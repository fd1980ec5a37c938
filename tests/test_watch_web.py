"""The watcher's changes in the web app: the "updated" mark in the story list (the last round, or ?updated_since=),
the "What changed" section of a story page, /api/changes; text from feeds and pages escaped."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from conftest import REPO
from newsweave import open_store
from newsweave.settings import Settings, WatchSettings
from newsweave.watch import changed_story_ids, run_round
from newsweave.watch.changes import round_times
from newsweave.web import create_app
from watch_site import Route, Site, rss

DEMO = REPO / "examples" / "demo" / "html"
WAVES = [["valdoriapost_2026-03-14_dam-collapse.html", "harbourcourier_2026-05-19_ostmark.html"],
         ["valdoriapost_2026-04-08_port-strike.html", "capitalsun_2026-07-03_brenna-wildfire.html",
          "meridianwire_2026-07-02_brenna-wildfire.html"]]
HOSTILE = 'Port <img src=x onerror="alert(1)"> strike <script>alert(2)</script>'
HOST = "127.0.0.1"


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    """Two rounds over the waves; the store path and the article ids of each wave."""
    db = tmp_path_factory.mktemp("watch-web") / "watch.db"
    settings = Settings(watch=WatchSettings(host_delay=0.05, timeout=2.0, retries=0, allow_private=True))
    store = open_store(db)
    ids: list[list[str]] = []
    with Site() as site:
        items = []
        for wave in WAVES:
            for name in wave:
                site.add(HOST, f"/p/{name}", Route((DEMO / name).read_bytes()))
                items.append((site.url(HOST, f"/p/{name}"), HOSTILE if "port-strike" in name else name, "Wed, 08 Apr 2026 09:00:00 GMT"))
            site.add(HOST, "/feed.xml", Route(rss(items), content_type="application/rss+xml", etag=True))
            report = run_round([site.url(HOST, "/feed.xml")], store, settings)
            assert report.exit_code == 0, report.faults
            ids.append([site.url(HOST, f"/p/{n}") for n in wave])
    store.close()
    return db, ids


@pytest.fixture(scope="module")
def client(watched):
    with TestClient(create_app(watched[0]), base_url="http://127.0.0.1") as c:
        yield c


def _marked(page: str) -> set[str]:
    """The story ids whose row in the list carries the updated mark."""
    return set(re.findall(r'<a href="/stories/([^"]+)">[^<]*</a><span class="updated"', page))


def _stories_of(db, article_ids: list[str]) -> set[str]:
    store = open_store(db, read_only=True)
    try:
        return {story for story, _ in store.story_membership(article_ids).values()}
    finally:
        store.close()


class _Tags(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_story_list_marks_the_stories_the_last_round_changed(client, watched):
    db, ids = watched
    page = client.get("/").text
    second, first = _stories_of(db, ids[1]), _stories_of(db, ids[0])
    assert second and _marked(page) == second
    assert first - second and not (first - second) & _marked(page)  # stories only the first round touched: no mark
    assert _marked(client.get("/?updated_since=2000-01-01").text) == first | second
    assert _marked(client.get("/?updated_since=2099-01-01").text) == set()
    assert client.get("/?updated_since=soon").status_code == 422
    assert _marked(client.get("/?updated_since=2h").text) == first | second  # a span back from now


def test_story_page_has_a_changes_section_for_a_changed_story(client, watched):
    db, ids = watched
    new_story = next(iter(_stories_of(db, ids[1][1:])))  # the wildfire: both its articles came in round two
    page = client.get(f"/stories/{new_story}").text
    section = page[page.index('<section id="changes"'):page.index("</section>", page.index('<section id="changes"'))]
    assert "New story" in section and "What changed since the last watch round" in section
    for article_id in ids[1][1:]:
        assert f'href="/articles/{quote(article_id, safe="")}"' in section
    old_story = next(iter(_stories_of(db, ids[0][:1]) - _stories_of(db, ids[1])))
    assert 'id="changes"' not in client.get(f"/stories/{old_story}").text
    since_start = client.get(f"/stories/{old_story}?updated_since=2000-01-01").text
    assert 'id="changes"' in since_start and "New story" in since_start


def test_feed_text_in_the_changes_is_escaped(client, watched):
    db, ids = watched
    strike = next(iter(_stories_of(db, ids[1][:1])))
    page = client.get(f"/stories/{strike}").text
    assert 'id="changes"' in page
    section = page[page.index('<section id="changes"'):]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in section
    tags = _Tags(page).tags
    assert "img" not in tags and "script" not in tags


def test_api_changes_lists_the_last_rounds_stories(client, watched):
    db, ids = watched
    document = client.get("/api/changes").json()
    assert {s["id"] for s in document["stories"]} == _stories_of(db, ids[1])
    store = open_store(db, read_only=True)
    try:
        assert document["since"] == round_times(store)[-1]
        assert changed_story_ids(store, document["since"]) == _stories_of(db, ids[1])
    finally:
        store.close()
    assert client.get("/api/changes?updated_since=2099-01-01").json()["stories"] == []
