"""Train the brief's link model (``src/newsweave/brief/link_model.json``) on the annotated BASIL triplets.

    .venv/bin/python benchmarks/train_link_model.py [--shared ../shared] [--out PATH] [--loo] [--halves]

Each annotated triplet (``SHARED/benchmarks/basil/brief_gold``) is briefed as one story: its units
(clauses of sentences) are found as the brief finds them, and every pair of units of two articles
gets the signals of :func:`newsweave.brief.links.pair_signals`. A pair is positive when the gold
sentences the two units cover share a gold fact group. A logistic regression (scikit-learn, L2,
C=1, no class weights: the output is read as a probability) is fitted on all pairs; the weights
are written as JSON (never a pickle).

``--loo`` scores each triplet with a model fitted on the other eleven and prints the brief's
figures (as ``newsweave eval brief`` computes them) over those held-out briefs; ``--halves`` does
the same with two halves (triplets in sorted order, alternating). These are the figures to report;
``--join`` reports them for other values of the setting ``brief.fact_join`` (chosen so that corroborated-fact
precision stays at 0.90 or more on both held-out halves). ECB+ is never trained on, so
``newsweave eval corroboration ../shared/benchmarks/ecbplus`` run after this script is a
leave-one-corpus-out figure.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from newsweave.analysis import analyse
from newsweave.brief import StoryContext, build_brief
from newsweave.brief.encoder import encode_sentences
from newsweave.brief.links import FEATURES, pair_signals
from newsweave.brief.sentences import story_sentences
from newsweave.evaluate import brief as evaluation
from newsweave.settings import DEFAULT_SETTINGS, BriefSettings

REPO = Path(__file__).resolve().parents[1]


def pairs_of(triplet: evaluation.Triplet, analysis) -> tuple[np.ndarray, np.ndarray]:
    """Signals (pairs x features) and labels of every pair of units of two articles of the triplet."""
    context = StoryContext(list(triplet.articles.values()))
    docs = {a.id: analysis.articles.get(a.id, {}) for a in context.articles}
    units = story_sentences(context.articles, docs)
    signals = pair_signals(units, encode_sentences([u.text for u in units]),
                           encode_sentences([u.sentence_text or u.text for u in units]))
    groups: dict[str, set[int]] = {}
    for g, fact in enumerate(triplet.gold.get("facts", [])):
        for sid in fact["sentences"]:
            groups.setdefault(sid, set()).add(g)
    unit_groups = [set().union(*(groups.get(sid, set()) for sid in triplet.covered([{"article": u.article, "start": u.raw_start, "end": u.raw_end}])))
                   for u in units]
    rows, cols = np.triu_indices(len(units), 1)
    keep = np.array([units[i].article != units[j].article for i, j in zip(rows, cols)], dtype=bool)
    rows, cols = rows[keep], cols[keep]
    x = np.stack([signals[name][rows, cols] for name in FEATURES], axis=1)
    y = np.array([bool(unit_groups[i] & unit_groups[j]) for i, j in zip(rows, cols)], dtype=int)
    return x, y


def fit(xs: list[np.ndarray], ys: list[np.ndarray]) -> dict:
    clf = LogisticRegression(C=1.0, max_iter=5000).fit(np.concatenate(xs), np.concatenate(ys))
    return {"features": list(FEATURES), "weights": {n: round(float(w), 6) for n, w in zip(FEATURES, clf.coef_[0])},
            "intercept": round(float(clf.intercept_[0]), 6),
            "trained_on": "basil/brief_gold (12 annotated triplets), pairs of units of two articles"}


def held_out_figures(triplets, analysis, data, folds: list[list[int]], settings: BriefSettings | None = None) -> dict:
    """The brief's figures with each triplet briefed (under ``settings``) by a model fitted without its fold."""
    judged = right = 0
    predicted, gold = set(), set()
    conflicts = {"shown": 0, "real": 0, "hit": 0, "gold": 0}
    for fold in folds:
        model = fit([data[k][0] for k in range(len(triplets)) if k not in fold], [data[k][1] for k in range(len(triplets)) if k not in fold])
        for k in fold:
            t = triplets[k]
            members = list(t.articles.values())
            brief = build_brief({"id": t.uuid, "articles": [a.id for a in members]}, members, analysis, link_model=model, settings=settings)
            scored = evaluation.score_facts(t, brief["facts"])
            judged += scored["judged"]
            right += scored["right"]
            predicted |= {(t.uuid, p) for p in scored["predicted_pairs"]}
            gold |= {(t.uuid, p) for p in t.gold_pairs()}
            found = evaluation.score_conflicts(t, brief["conflicts"])
            for key in conflicts:
                conflicts[key] += found[key]
    correct = len(predicted & gold)
    return {"fact_precision": right / judged if judged else 0.0, "facts_judged": judged,
            "pair_precision": correct / len(predicted) if predicted else 0.0, "pair_recall": correct / len(gold) if gold else 0.0,
            "pairs_predicted": len(predicted), "conflicts": conflicts}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    parser.add_argument("--out", default=str(REPO / "src" / "newsweave" / "brief" / "link_model.json"))
    parser.add_argument("--loo", action="store_true", help="report figures with each triplet held out")
    parser.add_argument("--halves", action="store_true", help="report figures with two halves held out in turn")
    parser.add_argument("--join", default=None, help="comma-separated brief.fact_join values to report (default: the shipped one)")
    args = parser.parse_args()
    folder = Path(args.shared) / "benchmarks" / "basil"
    if not (folder / "brief_gold").is_dir():
        print(f"needs {folder}/brief_gold (the shared data folder beside the repository)", file=sys.stderr)
        return 2
    triplets = evaluation.load_triplets(folder)
    analysis = analyse([a for t in triplets for a in t.articles.values()])
    data = [pairs_of(t, analysis) for t in triplets]
    model = fit([x for x, _ in data], [y for _, y in data])
    Path(args.out).write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {sum(len(y) for _, y in data)} pairs, {sum(int(y.sum()) for _, y in data)} positive")
    print(json.dumps(model["weights"]), model["intercept"])
    for join in [float(v) for v in args.join.split(",")] if args.join else [DEFAULT_SETTINGS.brief.fact_join]:
        settings = replace(DEFAULT_SETTINGS.brief, fact_join=join)
        if args.loo:
            folds = [[k] for k in range(len(triplets))]
            print(f"JOIN {join} leave one triplet out:", json.dumps(held_out_figures(triplets, analysis, data, folds, settings)))
        if args.halves:
            halves = [list(range(0, len(triplets), 2)), list(range(1, len(triplets), 2))]
            print(f"JOIN {join} halves:", json.dumps(held_out_figures(triplets, analysis, data, halves, settings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
