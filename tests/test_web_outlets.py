"""Outlet pages of the web app (``/outlets``, ``/outlets/{name}``, ``/blindspots``) and the story's outlets block,
through FastAPI's test client, on the demo store with an outlets file loaded; and on the hostile corpus."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from conftest import FIXTURES
from newsweave.cli import main
from newsweave.store import StoryQuery, open_store
from newsweave.web import create_app

LOCAL = "http://127.0.0.1"


def _labelled(db, tmp_path):
    """Label the store's outlets: of all but the last, the one in fewest stories 'left' (so the stories it misses are
    covered by one lean alone), the others 'right'; the last stays out of the file, so it is 'unknown'; returns
    outlet -> lean."""
    store = open_store(db, read_only=True)
    outlets = store.outlets()
    stories = store.find_stories(StoryQuery(limit=1000)).stories
    store.close()
    assert len(outlets) >= 3
    labelled = outlets[:-1]
    left = min(labelled, key=lambda o: (sum(o in s["outlets"] for s in stories), o))
    lean = {o: ("left" if o == left else "right") for o in labelled}
    lines = ["name,display_name,label.lean,label.lean.source"] + [f"{o},Shown {o},{v},test fixture" for o, v in lean.items()]
    path = tmp_path / "outlets.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["outlets", "load", str(path), "--db", str(db)]) == 0
    return lean


@pytest.fixture(scope="module")
def labelled(demo_out, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web-outlets")
    db = tmp / "store.db"
    shutil.copy(demo_out / "newsweave.db", db)
    lean = _labelled(db, tmp)
    with TestClient(create_app(db), base_url=LOCAL) as client:
        yield client, db, lean


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_outlets_page_compares_every_outlet_with_its_labels(labelled):
    client, db, lean = labelled
    page = client.get("/outlets")
    assert page.status_code == 200 and "ships no bias ratings of its own" in page.text
    rows = re.findall(r"<tr><td><a class=\"outlet-name\" href=\"/outlets/([^\"]+)\">(.*?)</tr>", page.text)
    store = open_store(db, read_only=True)
    outlets = store.outlets()
    store.close()
    assert sorted(rows_name for rows_name, _ in rows) == sorted(quote(o, safe="") for o in outlets)
    for outlet, row in rows:
        expected = lean.get(next(o for o in outlets if quote(o, safe="") == outlet), "unknown")
        assert f"<td>{expected}</td>" in row


def test_outlet_page_counts_its_stories_and_those_it_alone_reported(labelled):
    client, db, lean = labelled
    outlet = next(o for o, value in lean.items() if value == "left")
    store = open_store(db, read_only=True)
    covered = store.find_stories(StoryQuery(outlet=outlet, limit=1000)).stories
    store.close()
    alone = [s for s in covered if s["outlets"] == [outlet]]
    page = client.get(f"/outlets/{quote(outlet, safe='')}")
    assert page.status_code == 200
    text = _text(page.text)
    assert f"Shown {outlet}" in text and "lean left (source: test fixture)" in text
    assert f"Stories covered ({len(covered)})" in text
    assert (f"Stories it alone reported ({len(alone)})" in text) if alone else "Stories it alone reported None." in text
    for section in ("facts", "terms", "quoted"):
        assert f'<section id="{section}">' in page.text
    assert client.get("/outlets/no.such.outlet").status_code == 404


def test_blindspots_are_the_stories_one_lean_alone_covers(labelled):
    client, db, lean = labelled
    store = open_store(db, read_only=True)
    stories = store.find_stories(StoryQuery(limit=1000)).stories
    store.close()
    expected = {s["id"] for s in stories if len({lean[o] for o in s["outlets"] if o in lean}) == 1}
    page = client.get("/blindspots")
    assert page.status_code == 200
    listed = {re.sub("%2F", "/", sid) for sid in re.findall(r'<td class="story"><a href="/stories/([^"]+)"', page.text)}
    assert listed == expected and expected  # the demo has one-sided stories under these labels


def test_story_page_shows_headlines_side_by_side_and_coverage_by_group(labelled):
    client, db, lean = labelled
    store = open_store(db, read_only=True)
    story = max(store.find_stories(StoryQuery(limit=1000)).stories, key=lambda s: len(s["outlets"]))
    titles = {a["id"]: (a["title"], a["outlet"]) for a in store.article_rows() if a["id"] in story["articles"]}
    store.close()
    page = client.get(f"/stories/{quote(story['id'], safe='')}").text
    block = page[page.index('<section id="outlet-groups">'):]
    block = block[:block.index("</section>")]
    shown = re.findall(r'<div class="headline" data-outlet="([^"]+)">', block)
    assert sorted(shown) == sorted({o or "unknown" for _, o in titles.values()})
    leans = {lean.get(o, "unknown") for o in story["outlets"]}
    for value in leans:
        assert f"<td>lean</td><td>{value}</td>" in block
    assert ("Blindspot" in block) == (len(leans - {"unknown"}) == 1)


class _Tags(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def test_hostile_outlets_and_labels_render_inert(tmp_path):
    out = tmp_path / "out"
    assert main(["run", str(FIXTURES / "web_hostile"), "--out", str(out)]) == 0
    db = out / "newsweave.db"
    store = open_store(db, read_only=True)
    outlets = store.outlets()
    store.close()
    evil = next(o for o in outlets if "<script>" in o)
    lines = ['name,display_name,owner,label.lean,label.lean.source',
             f'"{evil}","<script>window.__pwned=1</script>","<img src=x onerror=alert(1)>","<b onmouseover=x>",'
             '"javascript:window.__pwned=1"']
    path = tmp_path / "outlets.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["outlets", "load", str(path), "--db", str(db)]) == 0
    with TestClient(create_app(db), base_url=LOCAL) as client:
        story = client.get("/api/stories").json()["stories"][0]
        pages = [client.get(p) for p in ("/outlets", "/blindspots", f"/stories/{quote(story['id'], safe='')}")]
        pages += [client.get(f"/outlets/{quote(o, safe='')}") for o in outlets]
    for response in pages:
        assert response.status_code == 200
        tags = _Tags(response.text).tags
        assert not [t for t, _ in tags if t in ("script", "img", "iframe", "object", "embed")]
        assert not [(t, a) for t, attrs in tags for a, _ in attrs if a.startswith("on")]
        assert not [v for _, attrs in tags for a, v in attrs if a in ("href", "src", "action") and "javascript:" in (v or "").lower()]
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in pages[0].text
