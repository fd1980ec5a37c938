"""Cross-document entity resolution measured on ECB+ (``mentions.jsonl`` beside ``articles.jsonl``).

Gold: per article, the ``entities`` in ``annotated_sentences`` that are ``proper``, of a
``HUMAN_PART*`` or ``LOC_*`` type, and in a ``chain``. Each gold mention is matched to the system
mention (from :func:`newsweave.entities.find_mentions` on the article ``text``) that overlaps it
most; over the gold mentions found, the system's entity ids are compared with the gold chains by
BCubed precision / recall / F1. ``found`` is the share of gold mentions matched. Timing covers
spaCy, mention finding and linking.

Linking is measured as a run does it: the articles are grouped into stories by the story clusterer (in
file order), entities are linked within each story, and a run's corpus-wide identity is the entity id (a
hash of class and canonical name), so one person named alike in two stories is one entity. The figures of
linking all articles at once (``corpus_*``) are printed beside them.
"""
from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from .data import iter_jsonl, require


def bcubed(pred: list[str], gold: list[str]) -> tuple[float, float, float]:
    """BCubed precision, recall, F1 of item labels ``pred`` against ``gold`` (same order)."""
    if not pred:
        return 0.0, 0.0, 0.0
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    prec = sum(len(by_pred[p] & by_gold[g]) / len(by_pred[p]) for p, g in zip(pred, gold)) / len(pred)
    rec = sum(len(by_pred[p] & by_gold[g]) / len(by_gold[g]) for p, g in zip(pred, gold)) / len(pred)
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def gold_mentions(record: dict[str, Any]) -> list[dict[str, Any]]:
    keep = set(record.get("annotated_sentences") or [])
    return [e for e in record["entities"] if e.get("proper") and e.get("chain") and e.get("sentence") in keep
            and (e["type"].startswith("HUMAN_PART") or e["type"].startswith("LOC_"))]


def evaluate_entities(folder: Path, limit: int | None = None) -> dict[str, Any]:
    from ..entities import find_mentions, link_entities
    from ..nlp import load_nlp

    arts_path, ment_path = require(folder, "articles.jsonl", "mentions.jsonl", kind="an ECB+-format")
    golds = {r["id"]: gold_mentions(r) for r in iter_jsonl(ment_path)}
    texts = {}
    for r in iter_jsonl(arts_path):
        if r["id"] in golds and r.get("text"):
            texts[r["id"]] = r["text"]
        if limit and len(texts) >= limit:
            break
    nlp = load_nlp()
    t0 = time.perf_counter()
    found = {aid: find_mentions(text, doc) for (aid, text), doc in zip(texts.items(), nlp.pipe(texts.values(), batch_size=32))}
    t1 = time.perf_counter()
    stories = _stories(arts_path, list(texts))
    entities = [e for members in stories for e in link_entities({aid: found[aid] for aid in members})]
    t2 = time.perf_counter()
    report = _score(texts, golds, found, {(aid, m.start, m.end): e.id for e in entities for aid, m in e.mentions})
    corpus = _score(texts, golds, found, {(aid, m.start, m.end): e.id for e in link_entities(found) for aid, m in e.mentions})
    return report | {"articles": len(texts), "stories": len(stories), "entities": len({e.id for e in entities}),
                     "corpus_bcubed_precision": corpus["bcubed_precision"], "corpus_bcubed_recall": corpus["bcubed_recall"],
                     "corpus_bcubed_f1": corpus["bcubed_f1"],
                     "seconds_ner_mentions": t1 - t0, "seconds_linking": t2 - t1,
                     "articles_per_second": len(texts) / max(1e-9, t2 - t0)}


def _stories(articles_path: Path, ids: list[str]) -> list[list[str]]:
    """The article ids of each story the clusterer makes of articles ``ids`` (read as a run reads them)."""
    from ..pipeline import extract_paths
    from ..stories.build import cluster_articles

    wanted = set(ids)
    articles = [a for a in extract_paths([articles_path]).articles if a.id in wanted]
    assigned = cluster_articles(articles)
    groups: dict[str, list[str]] = defaultdict(list)
    for aid in ids:
        groups[assigned.get(aid, aid)].append(aid)  # an article the reader skipped stands alone
    return list(groups.values())


def _score(texts: dict[str, str], golds: dict[str, list[dict[str, Any]]], found: dict[str, list],
           entity_of: dict[tuple[str, int, int], str]) -> dict[str, Any]:
    pred, gold, total = [], [], 0
    for aid in texts:
        for g in golds[aid]:
            total += 1
            best, overlap = None, 0
            for m in found[aid]:
                ov = min(m.end, g["end"]) - max(m.start, g["start"])
                if ov > overlap:
                    best, overlap = m, ov
            if best is not None:
                pred.append(entity_of[(aid, best.start, best.end)])
                gold.append(g["chain"])
    p, r, f = bcubed(pred, gold)
    return {"gold_mentions": total, "found": len(pred) / total if total else 0.0,
            "bcubed_precision": p, "bcubed_recall": r, "bcubed_f1": f}


def format_report(report: dict[str, Any]) -> str:
    return (f"articles {report['articles']}  gold mentions {report['gold_mentions']}  found {report['found']:.3f}\n"
            f"BCubed P {report['bcubed_precision']:.3f}  R {report['bcubed_recall']:.3f}  F1 {report['bcubed_f1']:.3f}"
            f"  (entities {report['entities']}, linked within {report['stories']} stories as a run links them)\n"
            f"linking all articles at once: BCubed P {report['corpus_bcubed_precision']:.3f}  R {report['corpus_bcubed_recall']:.3f}"
            f"  F1 {report['corpus_bcubed_f1']:.3f}\n"
            f"NER+mentions {report['seconds_ner_mentions']:.1f}s, linking {report['seconds_linking']:.2f}s, "
            f"{report['articles_per_second']:.1f} articles/s")
