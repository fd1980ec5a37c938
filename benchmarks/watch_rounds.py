"""Round cost of ``newsweave watch`` against a local site (127.0.0.1 only): FEEDS outlets, each with a feed, serving
gva_stream articles (read at run time from ../shared/benchmarks) as HTML pages released in waves; prints each round's
time, pages fetched and stored, and checks every released page was stored exactly once.

    .venv/bin/python benchmarks/watch_rounds.py --feeds 50 --waves 50 500 0
"""
from __future__ import annotations

import argparse
import html
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
    watch = WatchSettings(host_delay=0.01, timeout=5.0, retries=0, allow_private=True, max_pages=100_000)
    settings = Settings(watch=watch)
    released: dict[str, list] = {h: [] for h in hosts}
    with Site() as site, tempfile.TemporaryDirectory() as scratch:
        store = open_store(Path(scratch) / "watch.db")

        def publish() -> None:
            for host in hosts:
                site.add(host, "/feed.xml", Route(rss(released[host], host), content_type="application/rss+xml", etag=True))

        publish()
        start = 0
        urls = []
        for number, count in enumerate(args.waves, 1):
            for i, record in enumerate(records[start:start + count], start):
                host = hosts[i % len(hosts)]
                path = f"/a/{i}"
                site.add(host, path, Route(_page(record)))
                released[host].append((site.url(host, path), record.get("title") or path, "Mon, 01 Jun 2026 09:00:00 GMT"))
                urls.append(site.url(host, path))
            start += count
            publish()
            fetcher = Fetcher(watch, hosts=WatchState.load(store).hosts, resolve=site.resolver(*hosts))
            began = time.monotonic()
            report = run_round([site.url(h, "/feed.xml") for h in hosts], store, settings, fetcher)
            print(f"round {number}: {count} new pages released, {report.feeds} feeds ({report.feeds_unchanged} unchanged), "
                  f"{report.pages_fetched} fetched, {len(report.pages_stored)} stored, {len(report.faults)} faults, "
                  f"{len(report.changes.get('stories') or {})} stories changed: {time.monotonic() - began:.1f} s "
                  f"(fetching {report.fetch_seconds:.1f} s, pipeline and change log {report.pipeline_seconds:.1f} s)", flush=True)
        page_hits: dict[tuple[str, str], int] = {}
        for hit in site.hits:
            if hit.path.startswith("/a/") and hit.status == 200:
                page_hits[(hit.host, hit.path)] = page_hits.get((hit.host, hit.path), 0) + 1
        once = all(len(store.versions(u)) == 1 for u in urls)
        print(f"{len(urls)} pages released, {len(page_hits)} fetched, each once: {set(page_hits.values()) == {1}}, "
              f"each stored once: {once}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
