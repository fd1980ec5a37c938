"""Clustering metrics (BCubed, pair counting, ARI) and the story-clustering evaluation run.

A clustering is a mapping ``item -> cluster label``; gold and predicted must cover the same
items. Singletons count. Figures are plain floats in [0, 1] (ARI in [-1, 1]).
"""
from __future__ import annotations

import csv
import json
import time
import resource
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Hashable, Mapping


def _check(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> list:
    if set(gold) != set(pred):
        missing, extra = set(gold) - set(pred), set(pred) - set(gold)
        raise ValueError(f"gold and predicted clusterings cover different items ({len(missing)} missing, {len(extra)} extra)")
    return list(gold)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """BCubed precision, recall and F1 (Bagga and Baldwin 1998), averaged over items."""
    items = _check(gold, pred)
    if not items:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    joint = Counter((gold[i], pred[i]) for i in items)
    gsize = Counter(gold[i] for i in items)
    psize = Counter(pred[i] for i in items)
    p = sum(joint[(gold[i], pred[i])] / psize[pred[i]] for i in items) / len(items)
    r = sum(joint[(gold[i], pred[i])] / gsize[gold[i]] for i in items) / len(items)
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """Pair-counting precision, recall and F1 over unordered item pairs (1.0 when there are no pairs)."""
    items = _check(gold, pred)
    joint = Counter((gold[i], pred[i]) for i in items)
    together = sum(_pairs(n) for n in joint.values())
    pred_pairs = sum(_pairs(n) for n in Counter(pred[i] for i in items).values())
    gold_pairs = sum(_pairs(n) for n in Counter(gold[i] for i in items).values())
    p = together / pred_pairs if pred_pairs else 1.0
    r = together / gold_pairs if gold_pairs else 1.0
    return {"precision": p, "recall": r, "f1": _f1(p, r)}


def adjusted_rand(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> float:
    from sklearn.metrics import adjusted_rand_score

    items = _check(gold, pred)
    return float(adjusted_rand_score([str(gold[i]) for i in items], [str(pred[i]) for i in items]))


def score(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> dict:
    """Every clustering figure at once."""
    return {
        "bcubed": bcubed(gold, pred),
        "pairwise": pairwise(gold, pred),
        "ari": adjusted_rand(gold, pred),
        "clusters": len(set(pred.values())),
        "gold_clusters": len(set(gold.values())),
        "items": len(gold),
    }


def read_labels(path: Path, column: str = "story") -> dict[str, str]:
    with open(path, newline="", encoding="utf-8") as f:
        return {row["id"]: row[column] for row in csv.DictReader(f)}


def evaluate_clustering(folder: Path, config=None, limit: int | None = None) -> dict:
    """Cluster ``folder/articles.jsonl`` incrementally in file order and score it against ``labels.csv``
    (only its first ``limit`` articles when given: a stream's prefix, as a run would have met it).

    The articles are read and cleaned by the normal ingestion path; the labels are read only
    after clustering, for scoring.
    """
    from ..dedupe import mark_duplicates
    from ..pipeline import extract_paths
    from ..stories import StoryClusterer

    folder = Path(folder)
    articles_path = folder / "articles.jsonl"
    if not articles_path.exists() or not (folder / "labels.csv").exists():
        raise FileNotFoundError(f"{folder} needs articles.jsonl and labels.csv")
    start = time.perf_counter()
    if limit is None:
        summary = extract_paths([articles_path])
    else:
        with tempfile.TemporaryDirectory() as tmp:
            summary = extract_paths([_prefix(articles_path, limit, Path(tmp))])
    read_s = time.perf_counter() - start
    articles = summary.articles
    cluster_start = time.perf_counter()
    articles = mark_duplicates(articles)
    clusterer = StoryClusterer(config)
    for article in articles:
        clusterer.add(article)
    cluster_s = time.perf_counter() - cluster_start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux, bytes on macOS
    peak_mb = peak_kb / 2**20 if sys.platform == "darwin" else peak_kb / 2**10
    pred = clusterer.assignments()
    gold_all = read_labels(folder / "labels.csv")
    gold = {a.id: gold_all[a.id] for a in articles if a.id in gold_all}
    pred = {i: pred[i] for i in gold}
    report = score(gold, pred)
    report.update({
        "folder": str(folder),
        "articles": len(articles),
        "unlabelled": len(articles) - len(gold),
        "read_seconds": round(read_s, 2),
        "cluster_seconds": round(cluster_s, 2),
        "articles_per_second": round(len(articles) / cluster_s, 1) if cluster_s else None,
        "articles_per_second_end_to_end": round(len(articles) / (read_s + cluster_s), 1) if read_s + cluster_s else None,
        "peak_rss_mb": round(peak_mb, 1),
        "duplicates": sum(1 for a in articles if a.extra.get("duplicate_of")),
    })
    return report


def _prefix(path: Path, limit: int, folder: Path) -> Path:
    """A copy in ``folder`` of the first ``limit`` lines of a JSON Lines file."""
    out_path = folder / path.name
    with open(path, encoding="utf-8") as src, open(out_path, "w", encoding="utf-8") as out:
        for k, line in enumerate(src):
            if k >= limit:
                break
            out.write(line)
    return out_path


def format_report(report: dict) -> str:
    b, pw = report["bcubed"], report["pairwise"]
    lines = [
        f"folder: {report['folder']}  articles: {report['articles']}  (unlabelled: {report['unlabelled']}, near-duplicates: {report['duplicates']})",
        f"BCubed    P {b['precision']:.4f}  R {b['recall']:.4f}  F1 {b['f1']:.4f}",
        f"pairwise  P {pw['precision']:.4f}  R {pw['recall']:.4f}  F1 {pw['f1']:.4f}",
        f"ARI {report['ari']:.4f}   clusters: {report['clusters']} predicted, {report['gold_clusters']} gold",
        f"speed: clustering {report['articles_per_second']} articles/s ({report['cluster_seconds']} s), "
        f"end to end {report['articles_per_second_end_to_end']} articles/s (reading and cleaning {report['read_seconds']} s)",
        f"peak resident memory of the process: {report['peak_rss_mb']} MB",
    ]
    return "\n".join(lines)


def dump(report: dict) -> str:
    return json.dumps(report, indent=2)
