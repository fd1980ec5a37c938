"""The story page in headless Chromium: its section index scrolls to each section; a fact's passage link lands on the
highlighted passage in the side-by-side view and that passage leads back to the fact; every article shown is one
link away; article addresses that are not http(s) are never links. On the demo corpus, a BASIL triplet (when
../shared is there) and a corpus of hostile addresses.

Screenshots go to pytest's tmp folder, or to $NEWSWEAVE_SCREENSHOTS when set (to look at them)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_path
from newsweave.cli import main

pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
try:  # the neighbour's server, browser and screenshot fixtures, and its skip without Debian's chromium
    from hostile import make_hostile_url_corpus
    from test_web_browser import _page, browser, pytestmark, serving, shots  # noqa: F401 -- fixtures used by name
except ImportError:  # tests collected as a package
    from .hostile import make_hostile_url_corpus
    from .test_web_browser import _page, browser, pytestmark, serving, shots  # noqa: F401


def _top(page, selector: str) -> float:
    """Where an element is, relative to the top of the viewport (CSS pixels)."""
    return page.evaluate("s => document.querySelector(s).getBoundingClientRect().top", selector)


def _in_view(page, selector: str) -> bool:
    return page.evaluate("s => { const r = document.querySelector(s).getBoundingClientRect();"
                         " return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth; }", selector)


def _check_story_navigation(page, base: str, name: str, shots: Path) -> None:
    """On the story page open in ``page``: the section index, a fact -> passage -> fact round trip, the article row."""
    index = page.locator("nav.toc a")
    targets = index.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(targets) >= 5 and "#side-by-side" in targets and "#sources" in targets, targets
    for target in ("#quotes", "#sources", "#side-by-side"):
        if target in targets:
            page.locator(f'nav.toc a[href="{target}"]').click()
            assert page.evaluate("location.hash") == target
            at_bottom = page.evaluate("window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2")
            assert _in_view(page, target) and (abs(_top(page, target)) < 120 or at_bottom), (target, _top(page, target))
    page.screenshot(path=str(shots / f"{name}-section-index.png"))

    jump = page.locator("a.jump").first
    assert jump.count() == 1, "no fact links to a passage"
    fact = jump.evaluate("e => e.closest('[id^=fact-], [id^=conflict-]').id")
    passage = jump.get_attribute("href")
    page.evaluate("f => document.getElementById(f).scrollIntoView()", fact)
    jump.click()
    assert page.evaluate("location.hash") == passage
    assert page.locator(passage).evaluate("e => !!e.closest('.sidebyside') && !!e.closest('mark')")
    assert _in_view(page, passage), passage
    assert page.locator(passage).inner_text().strip()
    page.screenshot(path=str(shots / f"{name}-passage.png"))
    assert page.locator(passage).get_attribute("href") == f"#{fact}"
    page.locator(passage).click()
    assert page.evaluate("location.hash") == f"#{fact}" and _in_view(page, f"#{fact}")
    assert page.locator(f"#{fact} a.jump[href='{passage}']").count() == 1  # and from the fact to the same passage again
    page.screenshot(path=str(shots / f"{name}-back-to-fact.png"))

    row = page.locator("nav.articles a")
    columns = page.locator(".sidebyside article")
    assert row.count() == columns.count() >= 2
    last = row.nth(row.count() - 1)
    target = last.get_attribute("href")
    last.click()
    assert _in_view(page, target)  # the last column is scrolled into the side-by-side view


def _largest_story(base: str, page) -> str:
    page.goto(f"{base}/?sort=size")
    return base + page.locator("td.story a").first.get_attribute("href")


def test_demo_story_section_index_and_fact_passage_links(browser, demo_out, shots):
    problems: list[str] = []
    with serving(demo_out / "newsweave.db") as base:
        page = _page(browser, problems)
        page.goto(_largest_story(base, page))
        page.screenshot(path=str(shots / "demo-story-top.png"))
        _check_story_navigation(page, base, "demo", shots)
        assert page.locator("#entities .chip a").count() >= 3 and page.locator("#outlets tbody tr").count() >= 2
        assert page.locator("#coverage .chart-legend .outlet").count() >= 2
        external = page.locator("a.ext")
        assert external.count() >= 1 and external.first.get_attribute("rel") == "noopener noreferrer"
        assert external.first.inner_text().strip().rstrip("↗ ").strip() in external.first.get_attribute("href")
        page.locator("#downloads").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "demo-downloads.png"))
        response = page.request.get(base + page.locator('#downloads a[href$="/facts.csv"]').get_attribute("href"))
        assert response.ok and response.headers["content-disposition"].startswith("attachment")
        before = len(problems)
        page.goto(base + "/stories/no-such-story")
        assert [p for p in problems[before:] if "status of 404" not in p] == []  # the browser logs the 404 itself
        del problems[before:]
        assert "No such story" in page.locator("h1").inner_text() and page.locator("main form input[name=q]").count() == 1
        page.screenshot(path=str(shots / "demo-not-found.png"))
    assert problems == []


def test_basil_triplet_section_index_and_fact_passage_links(browser, tmp_path, shots):
    basil = shared_path("benchmarks", "basil")
    rows = [json.loads(line) for line in (basil / "articles.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    triplet = sorted({r["id"].rsplit("_", 1)[0] for r in rows})[0]
    chosen = [r for r in rows if r["id"].rsplit("_", 1)[0] == triplet]
    assert len(chosen) == 3
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "triplet.jsonl").write_text("".join(json.dumps(r) + "\n" for r in chosen), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "--out", str(out)]) == 0
    problems: list[str] = []
    with serving(out / "newsweave.db") as base:
        page = _page(browser, problems)
        page.goto(_largest_story(base, page))
        assert page.locator(".sidebyside article").count() == 3
        _check_story_navigation(page, base, "basil", shots)
        hosts = page.locator("#sources a.ext").evaluate_all("els => els.map(e => e.textContent)")
        assert len(hosts) == 3 and all(h.strip().rstrip("↗ ").strip() for h in hosts)
    assert problems == []


def test_hostile_addresses_are_never_links_in_the_browser(browser, tmp_path, shots):
    out = tmp_path / "out"
    assert main(["run", str(make_hostile_url_corpus(tmp_path / "in")), "--out", str(out)]) == 0
    problems: list[str] = []
    with serving(out / "newsweave.db") as base:
        page = _page(browser, problems)
        page.goto(base + "/")
        urls = [base + h for h in page.locator("a[href^='/stories/']").evaluate_all("els => els.map(e => e.getAttribute('href'))")]
        page.goto(urls[0])
        urls += [base + h for h in page.locator("a[href^='/articles/']").evaluate_all("els => els.map(e => e.getAttribute('href'))")]
        for url in dict.fromkeys(urls):
            page.goto(url)
            for link in page.locator("main a").all()[:40]:
                link.hover()
            assert page.evaluate("window.__pwned === undefined && document.scripts.length === 0")
            bad = page.evaluate("[...document.querySelectorAll('a[href], area[href], form[action]')]"
                                ".map(e => [e.href || e.action, e.rel || '', e.origin || ''])"
                                ".filter(([h, rel]) => !(h.startsWith(location.origin + '/') || h.startsWith('about:')"
                                " || ((h.startsWith('http://') || h.startsWith('https://')) && rel === 'noopener noreferrer')))")
            assert page.locator("a.ext").count() >= (1 if "/stories/" in url else 0)  # the http(s) addresses are links
            assert bad == [], (url, bad)
        page.goto(urls[0] + "#sources")
        page.screenshot(path=str(shots / "hostile-urls-sources.png"))
    assert problems == []
