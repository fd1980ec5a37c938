"""The watcher's HTTP client against a local site (127.0.0.1 only): conditional GET, robots.txt, per-host delay,
timeouts, slow and oversized bodies, retries with Retry-After, redirect loops, private addresses refused."""
from __future__ import annotations

import socket
import time

import pytest

from newsweave.fetch import Fetcher, FetchFault, read_sources
from newsweave.fetch.addresses import is_public
from newsweave.settings import WatchSettings
from watch_site import Route, Site

HOST = "news.test"
FAST = dict(host_delay=0.15, timeout=0.5, total_timeout=1.0, max_bytes=50_000, retries=1, backoff=0.05,
            max_retry_after=1.5, max_redirects=3, allow_private=True)


@pytest.fixture
def site():
    with Site() as s:
        s.add(HOST, "/robots.txt", Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
        yield s


def _fetcher(site: Site, **changes) -> Fetcher:
    return Fetcher(WatchSettings(**{**FAST, **changes}), resolve=site.resolver(HOST, "other.test"))


def _fault(fetcher: Fetcher, url: str) -> FetchFault:
    with pytest.raises(FetchFault) as caught:
        fetcher.get(url)
    return caught.value


def test_conditional_get_and_user_agent(site):
    site.add(HOST, "/feed", Route(b"<rss/>", etag=True))
    fetcher = _fetcher(site)
    first = fetcher.get(site.url(HOST, "/feed"))
    assert first.status == 200 and first.body == b"<rss/>" and first.etag
    again = fetcher.get(site.url(HOST, "/feed"), etag=first.etag, last_modified=first.last_modified)
    assert again.status == 304 and again.body == b""
    assert {h.agent for h in site.hits} == {"newsweave/0.1.0"}
    with_contact = _fetcher(site, contact="https://ops.example/bot")
    with_contact.get(site.url(HOST, "/feed"))
    assert site.hits[-1].agent == "newsweave/0.1.0 (+https://ops.example/bot)"


def test_robots_forbidden_path_is_never_requested(site):
    site.add(HOST, "/private/page", Route(b"secret"))
    fetcher = _fetcher(site)
    fault = _fault(fetcher, site.url(HOST, "/private/page"))
    assert fault.kind == "robots"
    assert [h.path for h in site.hits] == ["/robots.txt"]


def test_robots_unreachable_forbids_the_site_and_missing_allows_it(site):
    site.add("other.test", "/robots.txt", Route(b"down", status=500))
    site.add("other.test", "/page", Route(b"hello"))
    fetcher = _fetcher(site)
    assert _fault(fetcher, site.url("other.test", "/page")).kind == "robots"
    assert "/page" not in [h.path for h in site.hits]
    del site.routes[("other.test", "/robots.txt")]  # now 404: no rules
    assert _fetcher(site).get(site.url("other.test", "/page")).body == b"hello"


def test_one_host_is_never_asked_faster_than_its_delay(site):
    for i in range(4):
        site.add(HOST, f"/p{i}", Route(b"x"))
    site.add("other.test", "/q", Route(b"y"))
    fetcher = _fetcher(site, host_delay=0.3)
    for i in range(4):
        fetcher.get(site.url(HOST, f"/p{i}"))
        fetcher.get(site.url("other.test", "/q"))
    for host in (HOST, "other.test"):
        times = [h.at for h in site.hits if h.host == host]
        assert len(times) >= 4
        assert min(b - a for a, b in zip(times, times[1:])) >= 0.29


def test_robots_crawl_delay_is_honoured_up_to_the_cap(site):
    site.add("other.test", "/robots.txt", Route(b"User-agent: newsweave\nCrawl-delay: 1\n", content_type="text/plain"))
    for i in range(3):
        site.add("other.test", f"/p{i}", Route(b"x"))
    fetcher = _fetcher(site, host_delay=0.05, max_host_delay=0.4)
    for i in range(3):
        fetcher.get(site.url("other.test", f"/p{i}"))
    times = [h.at for h in site.hits if h.path.startswith("/p")]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.39 and max(gaps) < 0.9  # robots.txt asks 1 s; the cap (0.4 s) wins over it and over host_delay


def test_timeouts_slow_bodies_and_size_cap(site):
    site.add(HOST, "/hang", Route(b"late", wait=1.0))
    site.add(HOST, "/slow", Route(b"x" * 40, trickle=0.1))
    site.add(HOST, "/huge", Route(b"x" * 60_000))
    site.add(HOST, "/huge-stream", Route(b"x" * 60_000, no_length=True))
    fetcher = _fetcher(site, host_delay=0.0)
    hang = _fault(fetcher, site.url(HOST, "/hang"))
    assert hang.kind == "timeout" and "2 tries" in hang.reason
    assert [h.path for h in site.hits].count("/hang") == 2  # retried once
    started = time.monotonic()
    slow = _fault(fetcher, site.url(HOST, "/slow"))
    assert slow.kind == "timeout" and time.monotonic() - started < 2.5
    assert _fault(fetcher, site.url(HOST, "/huge")).kind == "too-large"
    assert _fault(fetcher, site.url(HOST, "/huge-stream")).kind == "too-large"


def test_retries_honour_retry_after_and_give_up_past_the_cap(site):
    site.add(HOST, "/busy", Route(b"", status=503, headers={"Retry-After": "1"}, then=Route(b"ok now")))
    site.add(HOST, "/closed", Route(b"", status=503, headers={"Retry-After": "3600"}))
    site.add(HOST, "/broken", Route(b"", status=500))
    site.add(HOST, "/gone", Route(b"", status=404))
    fetcher = _fetcher(site, host_delay=0.0)
    assert fetcher.get(site.url(HOST, "/busy")).body == b"ok now"
    busy = [h.at for h in site.hits if h.path == "/busy"]
    assert len(busy) == 2 and busy[1] - busy[0] >= 0.99
    closed = _fault(fetcher, site.url(HOST, "/closed"))
    assert "3600" in closed.reason and [h.path for h in site.hits].count("/closed") == 1
    broken = _fault(fetcher, site.url(HOST, "/broken"))
    assert broken.status == 500 and [h.path for h in site.hits].count("/broken") == 2
    gone = _fault(fetcher, site.url(HOST, "/gone"))
    assert gone.status == 404 and [h.path for h in site.hits].count("/gone") == 1  # a 404 is not retried


def test_redirects_limited_and_loops_caught(site):
    site.add(HOST, "/a", Route(b"", status=302, headers={"Location": "/b"}))
    site.add(HOST, "/b", Route(b"", status=301, headers={"Location": site.url(HOST, "/a")}))
    site.add(HOST, "/hop0", Route(b"", status=302, headers={"Location": "/hop1"}))
    for i in range(1, 6):
        site.add(HOST, f"/hop{i}", Route(b"", status=307, headers={"Location": f"/hop{i + 1}"}))
    site.add(HOST, "/moved", Route(b"", status=301, headers={"Location": "/target"}))
    site.add(HOST, "/target", Route(b"here"))
    site.add(HOST, "/to-private", Route(b"", status=302, headers={"Location": "/private/x"}))
    site.add(HOST, "/to-ftp", Route(b"", status=302, headers={"Location": "ftp://news.test/x"}))
    fetcher = _fetcher(site, host_delay=0.0)
    assert _fault(fetcher, site.url(HOST, "/a")).kind == "redirects"
    assert _fault(fetcher, site.url(HOST, "/hop0")).kind == "redirects"
    moved = fetcher.get(site.url(HOST, "/moved"))
    assert moved.body == b"here" and moved.url == site.url(HOST, "/target")
    assert _fault(fetcher, site.url(HOST, "/to-private")).kind == "robots"  # each hop asks robots.txt
    assert _fault(fetcher, site.url(HOST, "/to-ftp")).kind == "refused"


def test_private_addresses_refused_unless_allowed(site):
    site.add(HOST, "/page", Route(b"x"))
    fetcher = _fetcher(site, allow_private=False)
    fault = _fault(fetcher, site.url(HOST, "/page"))
    assert fault.kind == "refused" and "127.0.0.1" in fault.reason and "--allow-private" in fault.reason
    assert site.hits == []  # not even robots.txt was asked
    assert _fault(fetcher, "file:///etc/passwd").kind == "refused"
    for address in ("10.1.2.3", "192.168.0.1", "172.16.5.4", "127.0.0.1", "169.254.169.254", "::1", "fe80::1",
                    "0.0.0.0", "224.0.0.1", "100.64.0.1", "::ffff:127.0.0.1"):
        assert not is_public(address), address
    assert is_public("93.184.216.34") and is_public("2606:4700::1111")


def test_a_redirect_to_a_private_address_is_refused(site, monkeypatch):
    # here 127.0.0.1 (news.test) stands for a public address, 127.0.0.2 (inside.test) for the local network
    monkeypatch.setattr("newsweave.fetch.addresses.is_public", lambda address: address == "127.0.0.1")
    site.add(HOST, "/out", Route(b"", status=302, headers={"Location": "http://inside.test/x"}))
    site.add(HOST, "/page", Route(b"fine"))

    def resolve(host, port, *args, **kwargs):
        address = {"news.test": "127.0.0.1", "inside.test": "127.0.0.2"}[host]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    fetcher = Fetcher(WatchSettings(**{**FAST, "allow_private": False}), resolve=resolve)
    assert fetcher.get(site.url(HOST, "/page")).body == b"fine"
    fault = _fault(fetcher, site.url(HOST, "/out"))
    assert fault.kind == "refused" and "127.0.0.2" in fault.reason


def test_sources_from_urls_opml_and_text_files(tmp_path):
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body><outline text="news">'
                    '<outline text="a" type="rss" xmlUrl="https://a.example/feed"/>'
                    '<outline text="b" xmlUrl="https://b.example/rss"/></outline></body></opml>', encoding="utf-8")
    listing = tmp_path / "feeds.txt"
    listing.write_text("# my feeds\nhttps://c.example/atom\n\nhttps://a.example/feed\nmailto:x@y\n", encoding="utf-8")
    urls, problems = read_sources(["https://d.example/f", str(opml), str(listing), "ftp://x.example/f", str(tmp_path / "none")])
    assert urls == ["https://d.example/f", "https://a.example/feed", "https://b.example/rss", "https://c.example/atom"]
    assert len(problems) == 3 and any("mailto" in p for p in problems) and any("ftp" in p for p in problems)
