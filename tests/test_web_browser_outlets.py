"""Outlet pages in headless Chromium (Debian's chromium through Playwright), on the BASIL triplets with an outlets file
labelling the three outlets (tests/fixtures/outlets/basil_outlets.csv): the outlets comparison, an outlet page, the
blindspot list and a story's outlets block; and hostile outlet records run no script.

Three triplets are given with their Fox News article only, so exactly their stories are blindspots (covered by the
right alone). Screenshots go to pytest's tmp folder, or to $NEWSWEAVE_SCREENSHOTS when set."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, shared_path
from newsweave.cli import main
from newsweave.store import open_store
from test_web_browser import _page, browser, serving, shots  # noqa: F401  (fixtures)
from test_web_browser import pytestmark  # noqa: F401  (skips without chromium, as the other browser tests)

OUTLETS = Path(__file__).parent / "fixtures" / "outlets" / "basil_outlets.csv"
ONE_SIDED = 3  # triplets given with their Fox News article only


@pytest.fixture(scope="module")
def basil_store(tmp_path_factory):
    articles = shared_path("benchmarks", "basil", "articles.jsonl")
    records = [json.loads(line) for line in articles.read_text(encoding="utf-8").splitlines() if line.strip()]
    triplets = sorted({r["id"].rsplit("_", 1)[0] for r in records})
    one_sided = set(triplets[:ONE_SIDED])
    kept = [r for r in records if r["id"].rsplit("_", 1)[0] not in one_sided or r.get("outlet") == "foxnews.com"]
    tmp = tmp_path_factory.mktemp("basil-outlets")
    given = tmp / "basil.jsonl"  # the benchmark's text stays in the tmp folder
    given.write_text("".join(json.dumps(r) + "\n" for r in kept), encoding="utf-8")
    out = tmp / "out"
    assert main(["run", str(given), "--out", str(out)]) == 0
    db = out / "newsweave.db"
    assert main(["outlets", "load", str(OUTLETS), "--db", str(db)]) == 0
    fox_only = {r["id"] for r in kept if r["id"].rsplit("_", 1)[0] in one_sided}
    return db, fox_only


def test_outlets_compared_outlet_page_and_blindspots(browser, basil_store, shots):
    db, fox_only = basil_store
    store = open_store(db, read_only=True)
    membership = store.story_membership(fox_only)
    store.close()
    expected_blindspots = {story for story, _ in membership.values()}
    problems: list[str] = []
    with serving(db) as base:
        page = _page(browser, problems)
        page.goto(base + "/outlets")
        rows = page.locator("table.outlets-compared tbody tr")
        assert rows.count() == 3
        table = page.locator("table.outlets-compared").inner_text()
        for name, lean in (("Fox News", "right"), ("HuffPost", "left"), ("The New York Times", "center")):
            row = rows.filter(has_text=name)
            assert row.count() == 1 and lean in row.inner_text().split("\t"), table
        assert "ships no bias ratings of its own" in page.locator("main header").inner_text()
        page.screenshot(path=str(shots / "basil-outlets.png"), full_page=True)

        page.get_by_role("link", name="Fox News").first.click()
        page.wait_for_load_state()
        assert page.url == f"{base}/outlets/foxnews.com"
        assert page.locator("h1").inner_text() == "Fox News"
        assert "right (source: BASIL dataset paper" in page.locator("dl.outlet-about").inner_text()
        assert page.locator("#alone li").count() == len(expected_blindspots)
        for section in ("#stories", "#alone", "#facts", "#terms", "#quoted"):
            assert page.locator(section).is_visible()
        assert page.locator("#quoted li").count() >= 1  # BASIL's Fox News articles quote people
        page.screenshot(path=str(shots / "basil-outlet-foxnews.png"), full_page=False)

        page.goto(base + "/blindspots")
        listed = page.locator("table.blindspots tbody tr")
        hrefs = listed.locator("td.story a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert {h.rsplit("/", 1)[1] for h in hrefs} == expected_blindspots
        assert all("lean: only right" in t for t in listed.locator("td:nth-child(2)").all_inner_texts())
        page.screenshot(path=str(shots / "basil-blindspots.png"), full_page=True)

        listed.locator("td.story a").first.click()
        page.wait_for_load_state()
        block = page.locator("#outlet-groups")
        assert block.is_visible() and "Blindspot" in block.locator(".blindspot").first.inner_text()
        assert block.locator(".headline").count() == 1
        page.screenshot(path=str(shots / "basil-blindspot-story.png"), full_page=False)
    assert problems == []


def test_a_three_outlet_story_shows_each_headline_and_the_groups(browser, basil_store, shots):
    db, _ = basil_store
    problems: list[str] = []
    with serving(db) as base:
        page = _page(browser, problems)
        page.goto(base + "/?sort=size")
        page.locator("td.story a").first.click()
        page.wait_for_load_state()
        block = page.locator("#outlet-groups")
        headlines = block.locator(".headline")
        assert headlines.count() == 3
        assert sorted(headlines.evaluate_all("els => els.map(e => e.dataset.outlet)")) == ["foxnews.com", "huffingtonpost.com", "nytimes.com"]
        boxes = [h.bounding_box() for h in headlines.all()]
        assert len({round(b["y"]) for b in boxes}) == 1  # side by side: one row
        assert block.locator(".blindspot").count() == 0
        groups = block.locator("table.coverage-groups tbody tr").all_inner_texts()
        assert sum(1 for g in groups if g.startswith("lean")) == 3
        assert block.bounding_box()["y"] < page.locator("#summary").bounding_box()["y"]  # at the top, before the summary
        block.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "basil-story-outlets.png"), full_page=False)
        headlines.first.locator("a.outlet-name").click()
        page.wait_for_load_state()
        assert re.search(r"/outlets/[a-z.]+$", page.url)
    assert problems == []


def test_hostile_outlet_records_run_no_script(browser, tmp_path, shots):
    out = tmp_path / "hostile"
    assert main(["run", str(FIXTURES / "web_hostile"), "--out", str(out)]) == 0
    db = out / "newsweave.db"
    store = open_store(db, read_only=True)
    outlets = store.outlets()
    store.close()
    evil = next(o for o in outlets if "<script>" in o)
    path = tmp_path / "outlets.csv"
    path.write_text('name,display_name,owner,label.lean,label.lean.source\n'
                    f'"{evil}","<script>window.__pwned=1</script>","<img src=x onerror=window.__pwned=1>",'
                    '"<b onmouseover=window.__pwned=1>x</b>","javascript:window.__pwned=1"\n', encoding="utf-8")
    assert main(["outlets", "load", str(path), "--db", str(db)]) == 0
    problems: list[str] = []
    with serving(db) as base:
        page = _page(browser, problems)
        page.goto(base + "/outlets")
        urls = [base + "/outlets", base + "/blindspots"]
        urls += [base + h for h in page.locator("a[href^='/outlets/']").evaluate_all("els => els.map(e => e.getAttribute('href'))")]
        page.goto(base + "/")
        urls += [base + h for h in page.locator("a[href^='/stories/']").evaluate_all("els => els.map(e => e.getAttribute('href'))")]
        assert len(urls) >= 4
        for url in dict.fromkeys(urls):
            page.goto(url)
            for link in page.locator("main a").all()[:30]:
                link.hover()
            assert page.evaluate("window.__pwned === undefined && document.scripts.length === 0")
            assert page.evaluate("document.querySelectorAll('[onload],[onerror],[onclick],[onmouseover]').length") == 0
            assert page.evaluate("[...document.querySelectorAll('a')].every(a => /^https?:/.test(a.href))")
        page.goto(base + "/outlets")
        page.screenshot(path=str(shots / "hostile-outlets.png"), full_page=True)
    assert problems == []
