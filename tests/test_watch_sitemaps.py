"""Sitemaps for newsweave watch: a sitemap (plain or gzip-compressed) lists pages, a sitemap index lists sitemaps;
an index is followed within limits: its own host only, one level deep, the most recently modified sitemaps
first and at most watch.max_sitemaps a round, a sitemap whose lastmod did not change not fetched again."""
from __future__ import annotations

import gzip

import pytest

from conftest import REPO
from newsweave import open_store
from newsweave.fetch import FeedError, Fetcher, read_entries, read_sitemap_index, unpacked
from newsweave.settings import Settings, WatchSettings
from newsweave.watch import WatchState, run_round
from watch_site import Route, Site

DEMO = REPO / "examples" / "demo" / "html"
NEWS, OTHER = "news.test", "other.test"
WATCH = WatchSettings(host_delay=0.02, timeout=2.0, retries=0, allow_private=True, max_sitemaps=2)


def _urlset(urls: list[str]) -> bytes:
    rows = "".join(f"<url><loc>{u}</loc><lastmod>2026-07-03</lastmod></url>" for u in urls)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode()


def _index(sitemaps: list[tuple[str, str]]) -> bytes:
    rows = "".join(f"<sitemap><loc>{u}</loc><lastmod>{m}</lastmod></sitemap>" for u, m in sitemaps)
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'.encode()


def test_a_sitemap_index_lists_its_sitemaps_with_their_lastmod():
    data = _index([("/s/a.xml", "2026-07-03T10:00:00+00:00"), ("https://x.example/s/b.xml.gz", "2026-07-02")])
    found = read_sitemap_index(data, "https://x.example/sitemap_index.xml")
    assert [(e.url, e.published) for e in found] == [("https://x.example/s/a.xml", "2026-07-03T10:00:00+00:00"),
                                                      ("https://x.example/s/b.xml.gz", "2026-07-02")]
    assert read_sitemap_index(_urlset(["https://x.example/p"]), "https://x.example/") is None
    assert [e.url for e in read_entries(_urlset(["/p1", "/p2", "/p1"]), "https://x.example/s.xml")] == [
        "https://x.example/p1", "https://x.example/p2"]


def test_gzip_sitemaps_are_unpacked_within_the_size_cap():
    packed = gzip.compress(_urlset(["https://x.example/p"]))
    assert unpacked(packed, 10_000) == _urlset(["https://x.example/p"])
    assert unpacked(b"<rss/>", 10) == b"<rss/>"
    with pytest.raises(FeedError, match="unpacks to over 1,000 bytes"):
        unpacked(gzip.compress(b"x" * 100_000), 1000)  # a gzip bomb stops at the cap
    with pytest.raises(FeedError, match="gzip"):
        unpacked(b"\x1f\x8b" + b"broken", 1000)


def test_rounds_follow_a_sitemap_index_within_its_limits(tmp_path):
    pages = sorted(p.name for p in DEMO.glob("*.html"))[:4]
    store = open_store(tmp_path / "watch.db")
    settings = Settings(watch=WATCH)
    with Site() as site:
        for name in pages:
            site.add(NEWS, f"/p/{name}", Route((DEMO / name).read_bytes()))
        url = lambda path, host=NEWS: site.url(host, path)  # noqa: E731
        site.add(NEWS, "/s/new.xml", Route(_urlset([url(f"/p/{pages[0]}")]), content_type="application/xml", etag=True))
        site.add(NEWS, "/s/mid.xml.gz", Route(gzip.compress(_urlset([url(f"/p/{pages[1]}")])), content_type="application/gzip"))
        site.add(NEWS, "/s/old.xml", Route(_urlset([url(f"/p/{pages[2]}")]), content_type="application/xml"))
        site.add(NEWS, "/s/nested.xml", Route(_index([(url("/s/new.xml"), "2026-07-04")]), content_type="application/xml"))
        site.add(OTHER, "/s/theirs.xml", Route(_urlset([url(f"/p/{pages[3]}")]), content_type="application/xml"))
        listed = [(url("/s/old.xml"), "2026-05-01"), (url("/s/new.xml"), "2026-07-03T09:00:00Z"), (url("/s/theirs.xml", OTHER), "2026-07-03"),
                  (url("/s/mid.xml.gz"), "2026-06-30")]

        def publish(extra: list[tuple[str, str]] = []) -> None:
            site.add(NEWS, "/sitemap_index.xml", Route(_index(listed + extra), content_type="application/xml"))

        def round_(lines: list[str]):
            fetcher = Fetcher(WATCH, hosts=WatchState.load(store).hosts, resolve=site.resolver(NEWS, OTHER))
            return run_round([url("/sitemap_index.xml")], store, settings, fetcher, log=lines.append)

        publish()
        first_lines: list[str] = []
        first = round_(first_lines)
        fetched = [h.path for h in site.hits if h.path.startswith("/s/")]
        assert fetched == ["/s/new.xml", "/s/mid.xml.gz"]  # the two most recent (watch.max_sitemaps = 2), own host only
        assert sorted(first.pages_stored) == sorted(url(f"/p/{n}") for n in pages[:2])
        assert first.skipped["sitemap-limit"] == 1 and first.skipped["sitemap-elsewhere"] == 1 and first.sitemaps == 2
        assert any("skipped 1 older sitemaps" in line for line in first_lines)
        assert not [h for h in site.hits if h.host == OTHER]
        assert "and 2 sitemaps of their indexes" in first.summary()

        # the next round: new.xml changes (a new page, a new lastmod), a nested index appears; old.xml stays passed over
        site.hits.clear()
        site.add(NEWS, "/s/new.xml", Route(_urlset([url(f"/p/{pages[0]}"), url(f"/p/{pages[3]}")]), content_type="application/xml", etag=True))
        listed[1] = (url("/s/new.xml"), "2026-07-04T09:00:00Z")
        publish([(url("/s/nested.xml"), "2026-07-04T08:00:00Z")])
        second = round_([])
        assert [h.path for h in site.hits if h.path.startswith("/s/")] == ["/s/new.xml", "/s/nested.xml"]
        assert second.pages_stored == [url(f"/p/{pages[3]}")]
        assert "sitemap index listed in a sitemap index is not followed" in dict(second.faults)[url("/s/nested.xml")]

        # unchanged lastmods: no sitemap fetched again (the nested index neither, until its lastmod changes)
        site.hits.clear()
        third = round_([])
        assert [h.path for h in site.hits if h.path != "/robots.txt"] == ["/sitemap_index.xml"]
        assert third.pages_stored == [] and third.skipped["sitemap-limit"] == 0
    store.close()
