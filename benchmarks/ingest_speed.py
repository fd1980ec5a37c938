"""Benchmark: ingest + extract speed on real data, next to plain trafilatura on the same input.

    .venv/bin/python benchmarks/ingest_speed.py [--shared ../shared] [--limit N]

1. gva_stream (plain-text records): `newsweave.ingest_paths` into a fresh SQLite store, articles/s;
   plain trafilatura has nothing to do on plain text, so it is not timed there.
2. WCXB article pages (HTML): newsweave's extraction stage, pages/s, next to `trafilatura.extract`
   (default settings) on the same pages; and the whole ingest of `pages.jsonl.gz` into a store.
Peak resident memory of the process is printed at the end. Numbers depend on the machine: rerun here.
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import tempfile
import time
from pathlib import Path

import trafilatura

from newsweave import Options, ingest_paths, open_store
from newsweave.extract import extract_article
from newsweave.record import Article


def _ingest(path: Path) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        start = time.perf_counter()
        summary = ingest_paths([path], store, Options())
        seconds = time.perf_counter() - start
        store.close()
    return sum(summary.stored.values()) - summary.stored["re-cleaned"], seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--limit", type=int, default=None, help="WCXB pages to time extraction on (default all)")
    args = parser.parse_args()
    bench = Path(args.shared) / "benchmarks"

    n, seconds = _ingest(bench / "gva_stream" / "articles.jsonl")
    print(f"gva_stream  newsweave ingest+extract   {n:5d} articles  {seconds:7.1f} s  {n / seconds:7.1f} articles/s")

    pages = [json.loads(line) for line in gzip.open(bench / "extraction_wcxb" / "pages.jsonl.gz", "rt", encoding="utf-8")]
    pages = pages[: args.limit] if args.limit else pages
    start = time.perf_counter()
    for page in pages:
        extract_article(Article(id=page["id"], raw=page["html"], raw_kind="html", url=page["url"]))
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for page in pages:
        trafilatura.extract(page["html"], url=page["url"])
    theirs = time.perf_counter() - start
    print(f"wcxb        newsweave extraction       {len(pages):5d} pages     {ours:7.1f} s  {len(pages) / ours:7.1f} pages/s")
    print(f"wcxb        plain trafilatura.extract  {len(pages):5d} pages     {theirs:7.1f} s  {len(pages) / theirs:7.1f} pages/s")
    n, seconds = _ingest(bench / "extraction_wcxb" / "pages.jsonl.gz")
    print(f"wcxb        newsweave ingest+extract   {n:5d} pages     {seconds:7.1f} s  {n / seconds:7.1f} pages/s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
