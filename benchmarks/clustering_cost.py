"""Benchmark: the cost of incremental story clustering along a stream (it should stay flat).

    .venv/bin/python benchmarks/clustering_cost.py [--shared ../shared] [--bucket 1000]

Replays `gva_stream/articles.jsonl` in file order (sorted by date): reads and cleans it with the
normal ingestion path, marks near-copies, then feeds the articles one at a time to
`StoryClusterer.add` and times each call (consolidation passes, which run every
`ClusterConfig.consolidate_every` articles, are counted in the call that triggers them).
Prints clustering articles/s, the mean per-article cost for articles 0-1k, 1k-2k, 2k-3k, ...,
and the peak resident memory of the process. Numbers depend on the machine: rerun here.
Labels are not read.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from newsweave.dedupe import mark_duplicates
from newsweave.pipeline import extract_paths
from newsweave.stories import StoryClusterer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--bucket", type=int, default=1000, help="articles per reported bucket")
    args = parser.parse_args()
    path = Path(args.shared) / "benchmarks" / "gva_stream" / "articles.jsonl"
    if not path.exists():
        sys.exit(f"skipped: {path} not found")
    start = time.perf_counter()
    articles = extract_paths([path]).articles
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    articles = mark_duplicates(articles)
    dedupe_s = time.perf_counter() - start
    clusterer = StoryClusterer()
    costs = []
    start = time.perf_counter()
    for article in articles:
        t = time.perf_counter()
        clusterer.add(article)
        costs.append(time.perf_counter() - t)
    t = time.perf_counter()
    stories = len(set(clusterer.assignments().values()))  # runs the pending consolidation
    final_s = time.perf_counter() - t
    cluster_s = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak_kb / 2**20 if sys.platform == "darwin" else peak_kb / 2**10
    n = len(articles)
    print(f"gva_stream: {n} articles, {stories} stories; reading and cleaning {read_s:.1f} s, "
          f"near-copy marking {dedupe_s:.1f} s")
    print(f"clustering: {cluster_s:.2f} s, {n / cluster_s:.0f} articles/s (final consolidation {final_s * 1000:.0f} ms)")
    print("mean clustering cost per article:")
    for lo in range(0, n, args.bucket):
        part = costs[lo : lo + args.bucket]
        print(f"  articles {lo:>5}-{lo + len(part) - 1:<5} {1000 * sum(part) / len(part):7.2f} ms  "
              f"(max {1000 * max(part):.1f} ms)")
    print(f"peak resident memory of the process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
