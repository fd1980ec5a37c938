"""Quote extraction and speaker attribution measured on PolNeAR-format data.

A data folder holds ``articles.jsonl`` (canonical records with ``text`` and ``split``) and
``attributions.jsonl`` (``{"id", "attributions": [{"source", "cue", "content", "has_source",
"content_has_quote_mark"}]}``, spans as lists of ``[start, end)`` into ``text``). Every article goes
through the real pipeline: extraction, the spaCy parse of the cleaned text, :func:`find_quotes`,
then the spans are mapped back onto the raw text.

Scoring:

* Predicted quotes that hang on the same cue (a split quote, a continuation paragraph, a partial
  quote inside reported speech) form one predicted attribution, as in the gold data.
* Spans are compared as sets of letter and digit positions, so quotation marks, punctuation and
  spaces at the edges do not count. A prediction covers a gold attribution at level ``t`` when it
  holds at least ``t`` of the gold content's positions (``exact``: the same positions).
* Predictions and gold attributions are paired one to one, best coverage first; precision is the
  share of predictions paired, recall the share of gold attributions paired.
* ``direct``: gold attributions whose content holds a quotation mark (``content_has_quote_mark``)
  for recall, predictions holding a direct quote for precision; ``all``: everything.
* Speaker accuracy: over paired gold attributions with a source, the share whose predicted speaker
  span overlaps the gold ``source`` span.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from .data import iter_jsonl, require
from .extraction import f1

LEVELS = (("exact", None), ("30%", 0.3), ("80%", 0.8))


def _positions(text: str, spans: list[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for s, e in spans for i in range(max(0, s), min(e, len(text))) if text[i].isalnum())


def load(folder: Path, split: str | None) -> list[tuple[dict, list[dict]]]:
    articles_path, gold_path = require(folder, "articles.jsonl", "attributions.jsonl", kind="a PolNeAR-format")
    gold = {rec["id"]: rec.get("attributions", []) for rec in iter_jsonl(gold_path)}
    return [
        (rec, gold[rec["id"]])
        for rec in iter_jsonl(articles_path)
        if (not split or rec.get("split") == split) and rec.get("text") is not None and rec["id"] in gold
    ]


def predict(text: str, article_id: str, timer: dict[str, float]) -> list[dict[str, Any]]:
    """Predicted attributions for one raw text: content spans, speaker span and directness, in raw offsets."""
    from ..extract import extract_article
    from ..nlp import load_nlp
    from ..quotes import find_quotes
    from ..record import Article

    nlp = load_nlp()
    article = extract_article(Article(id=article_id, raw=text, raw_kind="text"))
    t0 = time.perf_counter()
    doc = nlp(article.text)
    quotes = find_quotes(article.text, doc)
    timer["analysis"] += time.perf_counter() - t0
    timer["words"] += len(article.text.split())
    runs: dict[Any, dict[str, Any]] = {}
    for n, q in enumerate(quotes):
        k = (q.cue_start, q.cue_end) if q.cue_start is not None else ("alone", n)
        run = runs.setdefault(k, {"content": [], "speaker": None, "direct": False})
        run["content"].append(article.raw_span(q.start, q.end))
        run["direct"] |= q.kind == "direct"
        if run["speaker"] is None and q.speaker_start is not None:
            run["speaker"] = article.raw_span(q.speaker_start, q.speaker_end)
    return list(runs.values())


def _match(preds: list[frozenset], golds: list[frozenset], level: float | None) -> dict[int, int]:
    """One-to-one pairing gold -> prediction at a coverage level, best coverage first."""
    pairs = []
    for gi, g in enumerate(golds):
        if not g:
            continue
        for pi, p in enumerate(preds):
            inter = len(g & p)
            if not inter:
                continue
            if level is None:
                if p == g:
                    pairs.append((1.0, gi, pi))
            elif inter >= level * len(g):
                pairs.append((inter / len(g), gi, pi))
    pairs.sort(key=lambda x: -x[0])
    used_g, used_p, out = set(), set(), {}
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out[gi] = pi
    return out


def evaluate_quotes(folder: Path, split: str | None = "dev", limit: int | None = None) -> dict[str, Any]:
    data = load(folder, split)
    if limit:
        data = data[:limit]
    timer = {"analysis": 0.0, "words": 0}
    counts = {f"{part}/{name}": {"tp_pred": 0, "n_pred": 0, "tp_gold": 0, "n_gold": 0, "spk_ok": 0, "spk_n": 0}
              for part in ("direct", "all") for name, _ in LEVELS}
    t_start = time.perf_counter()
    for rec, gold in data:
        text = rec["text"]
        preds = predict(text, rec["id"], timer)
        p_sets = [_positions(text, p["content"]) for p in preds]
        g_sets = [_positions(text, [tuple(s) for s in g["content"]]) for g in gold]
        for name, level in LEVELS:
            pairing = _match(p_sets, g_sets, level)
            matched_preds = set(pairing.values())
            for part in ("direct", "all"):
                c = counts[f"{part}/{name}"]
                for pi, p in enumerate(preds):
                    if part == "all" or p["direct"]:
                        c["n_pred"] += 1
                        c["tp_pred"] += pi in matched_preds
                for gi, g in enumerate(gold):
                    if part == "direct" and not g.get("content_has_quote_mark"):
                        continue
                    c["n_gold"] += 1
                    if gi in pairing:
                        c["tp_gold"] += 1
                        if g.get("has_source") and g.get("source"):
                            c["spk_n"] += 1
                            sp = preds[pairing[gi]]["speaker"]
                            c["spk_ok"] += bool(sp) and any(min(sp[1], e) > max(sp[0], s) for s, e in g["source"])
    report: dict[str, Any] = {"folder": str(folder), "split": split, "articles": len(data),
                              "seconds": round(time.perf_counter() - t_start, 2),
                              "analysis_seconds": round(timer["analysis"], 2), "words": timer["words"],
                              "words_per_second": round(timer["words"] / timer["analysis"]) if timer["analysis"] else None}
    for key, c in counts.items():
        p = c["tp_pred"] / c["n_pred"] if c["n_pred"] else 0.0
        r = c["tp_gold"] / c["n_gold"] if c["n_gold"] else 0.0
        report[key] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1(p, r), 4),
                       "speaker_accuracy": round(c["spk_ok"] / c["spk_n"], 4) if c["spk_n"] else None,
                       "predicted": c["n_pred"], "gold": c["n_gold"]}
    return report


def format_report(report: dict[str, Any]) -> str:
    lines = [f"PolNeAR-format quotes: {report['folder']} (split {report['split']}, {report['articles']} articles)",
             f"{'':14}{'P':>8}{'R':>8}{'F1':>8}{'speaker':>9}{'pred':>7}{'gold':>7}"]
    for key in (k for k in report if "/" in k):
        m = report[key]
        spk = f"{m['speaker_accuracy']:.3f}" if m["speaker_accuracy"] is not None else "-"
        lines.append(f"{key:14}{m['precision']:8.3f}{m['recall']:8.3f}{m['f1']:8.3f}{spk:>9}{m['predicted']:7}{m['gold']:7}")
    lines.append(f"analysis (spaCy + quotes): {report['words']} words in {report['analysis_seconds']} s = "
                 f"{report['words_per_second']} words/s; total {report['seconds']} s")
    return "\n".join(lines)
