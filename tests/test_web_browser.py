"""The web app in headless Chromium (Playwright for Python driving Debian's chromium): pages render,
the side-by-side view and quotes table work, and a hostile corpus runs no script.

Screenshots go to pytest's tmp folder, or to $NEWSWEAVE_SCREENSHOTS when set (to look at them)."""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from conftest import FIXTURES, shared_path
from newsweave.cli import main
from newsweave.web import create_app

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it with apt-get)")


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The app for ``db`` on a free loopback port, in a thread, for the duration of the block."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the web app did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("NEWSWEAVE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _page(browser, problems: list[str]):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    return page


def test_largest_demo_story_side_by_side_and_quotes(browser, demo_out, shots):
    problems: list[str] = []
    with serving(demo_out / "newsweave.db") as base:
        page = _page(browser, problems)
        page.goto(f"{base}/?sort=size")
        rows = page.locator("table.data tbody tr")
        assert rows.count() >= 5
        page.screenshot(path=str(shots / "demo-story-list.png"), full_page=True)
        page.locator("td.story a").first.click()
        page.wait_for_load_state()
        assert page.url.startswith(f"{base}/stories/")
        columns = page.locator(".sidebyside article")
        assert columns.count() >= 4 and columns.first.is_visible()
        assert page.locator(".sidebyside mark.m-corroborated").count() >= 3
        quotes = page.locator("#quotes table tbody tr")
        assert quotes.count() >= 2 and quotes.first.locator("blockquote").inner_text().strip()
        assert page.locator("svg.timeline rect").count() >= 1
        page.screenshot(path=str(shots / "demo-largest-story.png"), full_page=True)
        page.locator(".sidebyside article h3 a").first.click()
        page.wait_for_load_state()
        assert page.locator("#raw pre.raw").is_visible() and page.locator("#cleaned p").count() >= 1
        page.screenshot(path=str(shots / "demo-article.png"), full_page=True)
    assert problems == []  # no script errors, no CSP violations, no dialogs


def test_kherson_story_renders(browser, tmp_path, shots):
    kherson = shared_path("examples", "kherson")
    out = tmp_path / "kherson"
    # bare files have no outlet (all "unknown", one source); the example is two outlets, named as a user would
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,outlet\n000_aa7f81e907bc8426.txt,outlet-a\n004_682e6fe2ff00f1a5.txt,outlet-b\n", encoding="utf-8")
    assert main(["run", str(kherson / "000_aa7f81e907bc8426.txt"), str(kherson / "004_682e6fe2ff00f1a5.txt"),
                 "--manifest", str(manifest), "--out", str(out)]) == 0
    problems: list[str] = []
    with serving(out / "newsweave.db") as base:
        page = _page(browser, problems)
        page.goto(base + "/")
        assert page.locator("td.story a").count() == 1
        page.locator("td.story a").first.click()
        page.wait_for_load_state()
        assert page.locator(".sidebyside article").count() == 2
        assert page.locator("#disagree .conflict").count() >= 1 and page.locator("#quotes tbody tr").count() >= 3
        page.screenshot(path=str(shots / "kherson-story.png"), full_page=True)
    assert problems == []


def test_hostile_corpus_runs_no_script(browser, tmp_path, shots):
    out = tmp_path / "hostile"
    assert main(["run", str(FIXTURES / "web_hostile"), "--out", str(out)]) == 0
    problems: list[str] = []
    with serving(out / "newsweave.db") as base:
        page = _page(browser, problems)
        page.goto(base + "/")
        urls = [base + "/"] + [base + h for h in page.locator("a[href^='/stories/']").evaluate_all("els => els.map(e => e.getAttribute('href'))")]
        page.goto(urls[-1])
        urls += [base + h for h in page.locator("a[href^='/articles/'], a[href^='/entities/']")
                 .evaluate_all("els => els.map(e => e.getAttribute('href'))")]
        assert len(urls) >= 4
        for url in dict.fromkeys(urls):
            page.goto(url)
            page.mouse.move(200, 300)
            for link in page.locator("main a").all()[:30]:
                link.hover()
            assert page.evaluate("window.__pwned === undefined && document.scripts.length === 0")
            assert page.evaluate("document.querySelectorAll('[onload],[onerror],[onclick],[onmouseover]').length") == 0
            assert page.evaluate("[...document.querySelectorAll('a')].every(a => !a.href.startsWith('javascript:'))")
        page.screenshot(path=str(shots / "hostile-article.png"), full_page=True)
    assert problems == []
