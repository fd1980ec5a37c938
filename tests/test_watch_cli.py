"""``newsweave watch`` and ``newsweave changes`` on the command line, against a local site on 127.0.0.1."""
from __future__ import annotations

import json

import pytest

from conftest import REPO
from newsweave.cli import main
from newsweave.cli_watch import every_seconds
from watch_site import Route, Site, rss

PAGES = ["valdoriapost_2026-04-08_port-strike.html", "capitalsun_2026-07-03_brenna-wildfire.html"]
FAST = ["--set", "watch.host_delay=0.05", "--set", "watch.timeout=1", "--set", "watch.retries=0"]


@pytest.fixture
def site():
    with Site() as s:
        items = []
        for name in PAGES:
            s.add("127.0.0.1", f"/{name}", Route((REPO / "examples" / "demo" / "html" / name).read_bytes()))
            items.append((s.url("127.0.0.1", f"/{name}"), name, "Wed, 08 Apr 2026 09:00:00 GMT"))
        items.append((s.url("127.0.0.1", "/gone"), "gone", "Wed, 08 Apr 2026 09:00:00 GMT"))
        s.add("127.0.0.1", "/feed.xml", Route(rss(items), content_type="application/rss+xml", etag=True))
        yield s


def test_watch_once_stores_pages_reports_faults_and_writes_changes(site, tmp_path, capsys):
    db, changes = tmp_path / "w.db", tmp_path / "changes.json"
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# test feeds\n{site.url('127.0.0.1', '/feed.xml')}\n", encoding="utf-8")
    code = main(["watch", str(feeds), "--once", "--db", str(db), "--allow-private", "--changes-out", str(changes), *FAST])
    err = capsys.readouterr().err
    assert code == 1  # the feed's third entry is a 404
    assert f"fault {site.url('127.0.0.1', '/gone')}: page not fetched: HTTP 404" in err
    assert "1 feeds polled (0 unchanged), 2 pages fetched, 2 stored" in err
    document = json.loads(changes.read_text(encoding="utf-8"))
    assert document["new_articles"] == 2 and len(document["appeared"]) == len(document["stories"]) == 2

    assert main(["changes", "--since", "1h", "--db", str(db), "--format", "json"]) == 0
    since_hour = json.loads(capsys.readouterr().out)
    assert since_hour["stories"] == document["stories"] and since_hour["rounds"] == 1
    assert main(["changes", "--since", "2099-01-01", "--db", str(db)]) == 0
    out = capsys.readouterr()
    assert "0 rounds, 0 new articles" in out.out and "no watch round since" in out.err

    # a second round: the feed answers 304 and nothing is fetched again
    site.hits.clear()
    assert main(["watch", site.url("127.0.0.1", "/feed.xml"), "--once", "--db", str(db), "--allow-private", *FAST]) == 1
    assert [h.path for h in site.hits if h.path != "/robots.txt"] == ["/feed.xml", "/gone"]  # the 404 page is tried again
    assert [h.status for h in site.hits if h.path == "/feed.xml"] == [304]


def test_private_address_refused_without_allow_private(site, tmp_path, capsys):
    code = main(["watch", site.url("127.0.0.1", "/feed.xml"), "--once", "--db", str(tmp_path / "w.db"), *FAST])
    err = capsys.readouterr().err
    assert code == 2  # nothing could be fetched
    assert "127.0.0.1, a private, loopback, link-local or reserved address; refused" in err and "--allow-private" in err
    assert site.hits == []


def test_every_spans():
    assert every_seconds("15m") == 900 and every_seconds("90s") == 90 and every_seconds("2h") == 7200 and every_seconds("30") == 30
    for bad in ("0s", "soon", "5x", "0.5"):
        with pytest.raises(Exception):
            every_seconds(bad)
