"""Round cost of ``newsweave watch`` against a local site (127.0.0.1 only): FEEDS outlets, each with a feed, serving
gva_stream articles (read at run time from ../shared/benchmarks) as HTML pages released in waves; prints each round's
time, pages fetched and stored, and checks: every allowed page fetched and stored exactly once; every page robots.txt
forbids (every 25th page is released under /private/, which each host's robots.txt disallows) never fetched and
reported; the broken pages of a faulty feed reported per URL while the round goes on; no host asked faster than its
delay; each round's changes report naming exactly the stories that hold the pages it stored.

    .venv/bin/python benchmarks/watch_rounds.py --feeds 50 --waves 50 500 0
"""
from __future__ import annotations

import argparse
import html
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from watch_site import Route, Site, rss  # noqa: E402

from newsweave import open_store  # noqa: E402
from newsweave.fetch import Fetcher  # noqa: E402
from newsweave.settings import Settings, WatchSettings  # noqa: E402
from newsweave.watch import WatchState, run_round  # noqa: E402

FAULTY = "faulty.test"
ARTICLES = ROOT.parent / "shared" / "benchmarks" / "gva_stream" / "articles.jsonl"


def _page(record: dict) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in (record.get("text") or "").split("\n") if p.strip())
    title = html.escape(record.get("title") or "")
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{paragraphs}</article></body></html>").encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--waves", type=int, nargs="+", default=[50, 500, 0], help="new pages released before each round")
    args = parser.parse_args()
    if not ARTICLES.exists():
        print(f"needs {ARTICLES}", file=sys.stderr)
        return 2
    with ARTICLES.open(encoding="utf-8") as handle:
        records = [r for r in map(json.loads, handle) if len((r.get("text") or "").split()) >= 80][: sum(args.waves)]
    hosts = [f"outlet{i}.test" for i in range(args.feeds)]
    watch = WatchSettings(host_delay=0.05, timeout=5.0, retries=0, allow_private=True, max_pages=100_000)
    settings = Settings(watch=watch)
    released: dict[str, list] = {h: [] for h in hosts}
    with Site() as site, tempfile.TemporaryDirectory() as scratch:
        store = open_store(Path(scratch) / "watch.db")

        def publish() -> None:
            for host in hosts:
                site.add(host, "/feed.xml", Route(rss(released[host], host), content_type="application/rss+xml", etag=True))

        for host in hosts:
            site.add(host, "/robots.txt", Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
        broken = {site.url(FAULTY, "/missing"), site.url(FAULTY, "/broken")}
        site.add(FAULTY, "/broken", Route(b"", status=500))
        site.add(FAULTY, "/feed.xml", Route(rss([(u, "broken", "Mon, 01 Jun 2026 09:00:00 GMT") for u in sorted(broken)], FAULTY),
                                            content_type="application/rss+xml", etag=True))
        publish()
        start = 0
        urls, forbidden, faults = [], set(), set()
        exact_rounds = []
        for number, count in enumerate(args.waves, 1):
            for i, record in enumerate(records[start:start + count], start):
                host = hosts[i % len(hosts)]
                path = f"/private/{i}" if i % 25 == 24 else f"/a/{i}"
                site.add(host, path, Route(_page(record)))
                released[host].append((site.url(host, path), record.get("title") or path, "Mon, 01 Jun 2026 09:00:00 GMT"))
                (forbidden.add(site.url(host, path)) if path.startswith("/private/") else urls.append(site.url(host, path)))
            start += count
            publish()
            fetcher = Fetcher(watch, hosts=WatchState.load(store).hosts, resolve=site.resolver(*hosts, FAULTY))
            began = time.monotonic()
            report = run_round([site.url(h, "/feed.xml") for h in (*hosts, FAULTY)], store, settings, fetcher)
            faults |= {url for url, _ in report.faults}
            touched = {story for story, _ in store.story_membership(report.pages_stored).values()}
            exact_rounds.append(touched == set(report.changes.get("stories") or {}))
            print(f"round {number}: {count} new pages released, {report.feeds} feeds ({report.feeds_unchanged} unchanged), "
                  f"{report.pages_fetched} fetched, {len(report.pages_stored)} stored, {len(report.faults)} faults, "
                  f"{len(report.changes.get('stories') or {})} stories changed (exactly those of the stored pages: "
                  f"{exact_rounds[-1]}): {time.monotonic() - began:.1f} s "
                  f"(fetching {report.fetch_seconds:.1f} s, pipeline and change log {report.pipeline_seconds:.1f} s)", flush=True)
        page_hits: dict[tuple[str, str], int] = {}
        for hit in site.hits:
            if hit.path.startswith("/a/") and hit.status == 200:
                page_hits[(hit.host, hit.path)] = page_hits.get((hit.host, hit.path), 0) + 1
        once = all(len(store.versions(u)) == 1 for u in urls)
        print(f"{len(urls)} allowed pages released, {len(page_hits)} fetched, each once: {set(page_hits.values()) == {1}}, "
              f"each stored once: {once}")
        asked = {site.url(hit.host, hit.path) for hit in site.hits}
        print(f"{len(forbidden)} pages robots.txt forbids: fetched {len(forbidden & asked)}, reported {len(forbidden & faults)}; "
              f"{len(broken)} broken pages reported: {len(broken & faults)}")
        gaps = [later.at - earlier.at for host in (*hosts, FAULTY)
                for earlier, later in itertools.pairwise(sorted((h for h in site.hits if h.host == host), key=lambda h: h.at))]
        print(f"shortest interval between two requests to one host: {min(gaps):.3f} s (delay {watch.host_delay} s); "
              f"changes reports exact in every round: {all(exact_rounds)}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
