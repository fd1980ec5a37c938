"""Train the brief's link model (``src/newsweave/brief/link_model.json``) on the annotated BASIL triplets.

    .venv/bin/python benchmarks/train_link_model.py [--shared ../shared] [--out PATH] [--loo] [--halves] [--join 0.6,0.7] [--features A,B]
                                                    [--added C] [--set KEY=VALUE]...

Each annotated triplet (``SHARED/benchmarks/basil/brief_gold``) is briefed as one story: its units
(clauses of sentences) are found as the brief finds them, and every pair of units of two articles
gets the signals of :func:`newsweave.brief.links.pair_signals`. A pair is positive when the gold
sentences the two units cover share a gold fact group. A logistic regression (scikit-learn, L2,
C=1, no class weights: the output is read as a probability) is fitted on all pairs; the weights
are written as JSON (never a pickle). Signals named in ``--added`` are fitted after the others, on their logit
as a fixed offset: the shipped model fits ``verbs`` so (``--features cos,cos_sentence,words,entities,numbers,
quote,rank_far,rank_near,lead,short,verbs --added verbs``, the defaults: the shipped model's signals and its
``added``), which leaves every pair that shares no verb where a model without verbs, fitted on the same pairs, puts it.

Units are made under the brief settings (defaults, ``--set brief.KEY=VALUE`` over them), as the
brief makes them.

``brief.fact_join`` is chosen on training triplets only: the join of ``--join`` (default
:data:`JOINS`) with the highest sentence-pair recall among those whose corroborated-fact precision
reaches :data:`MIN_FACT_PRECISION`, each triplet briefed by a model fitted on the other training
triplets (leave one out). The script prints the join so chosen on all twelve (the one to ship).

``--loo`` scores each triplet with a model fitted on the other eleven (at the chosen join) and prints
the brief's figures (as ``newsweave eval brief`` computes them) over those held-out briefs;
``--halves`` is the figure to report: for each half (triplets in sorted order, alternating: ``newsweave
eval brief --half even|odd``), the weights are fitted and the join chosen on the other half alone,
then that half is briefed and scored. ECB+ is never trained on, so ``newsweave eval corroboration
../shared/benchmarks/ecbplus`` run after this script is a leave-one-corpus-out figure.
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
from newsweave.brief.links import FEATURES, pair_signals, shipped_model
from newsweave.brief.sentences import story_sentences
from newsweave.evaluate import brief as evaluation
from newsweave.settings import BriefSettings, load_settings

REPO = Path(__file__).resolve().parents[1]
FEATURES_USED = FEATURES  # set by --features
JOINS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85)
MIN_FACT_PRECISION = 0.9


def pairs_of(triplet: evaluation.Triplet, analysis, settings: BriefSettings | None = None,
             features: tuple[str, ...] = FEATURES) -> tuple[np.ndarray, np.ndarray]:
    """Signals (pairs x features) and labels of every pair of units of two articles of the triplet."""
    context = StoryContext(list(triplet.articles.values()))
    docs = {a.id: analysis.articles.get(a.id, {}) for a in context.articles}
    # the body's units, as the brief links them (its headline units, which the gold never annotates, apart)
    units = [u for u in story_sentences(context.articles, docs, settings=settings, terms=analysis.framing_terms) if not u.title]
    signals = pair_signals(units, encode_sentences([u.text for u in units]),
                           encode_sentences([u.sentence_text or u.text for u in units]), features)
    groups: dict[str, set[int]] = {}
    for g, fact in enumerate(triplet.gold.get("facts", [])):
        for sid in fact["sentences"]:
            groups.setdefault(sid, set()).add(g)
    unit_groups = [set().union(*(groups.get(sid, set()) for sid in triplet.covered([{"article": u.article, "start": u.raw_start, "end": u.raw_end}])))
                   for u in units]
    rows, cols = np.triu_indices(len(units), 1)
    keep = np.array([units[i].article != units[j].article for i, j in zip(rows, cols)], dtype=bool)
    rows, cols = rows[keep], cols[keep]
    x = np.stack([signals[name][rows, cols] for name in features], axis=1)
    y = np.array([bool(unit_groups[i] & unit_groups[j]) for i, j in zip(rows, cols)], dtype=int)
    return x, y


ADDED: tuple[str, ...] = ()  # set by --added


def fit(xs: list[np.ndarray], ys: list[np.ndarray], features: tuple[str, ...] | None = None) -> dict:
    """Logistic regression (L2, C=1) over ``features``; those of :data:`ADDED` are fitted after the others, on their
    logit as a fixed offset (no intercept of their own): a pair without the added signals keeps the probability
    the model without them gives it."""
    features = FEATURES_USED if features is None else features
    x, y = np.concatenate(xs), np.concatenate(ys)
    base = [k for k, name in enumerate(features) if name not in ADDED]
    clf = LogisticRegression(C=1.0, max_iter=5000).fit(x[:, base], y)
    weights = {features[k]: float(w) for k, w in zip(base, clf.coef_[0])}
    added = [k for k, name in enumerate(features) if name in ADDED]
    if added:
        from scipy.optimize import minimize
        from scipy.special import expit

        offset, extra = x[:, base] @ clf.coef_[0] + clf.intercept_[0], x[:, added]

        def loss(v: np.ndarray) -> tuple[float, np.ndarray]:  # log loss plus 0.5 |v|^2: scikit-learn's C=1
            z = offset + extra @ v
            return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * v @ v), extra.T @ (expit(z) - y) + v

        found = minimize(loss, np.zeros(len(added)), jac=True, method="L-BFGS-B")
        if not found.success:
            raise RuntimeError(f"fitting {', '.join(features[k] for k in added)} did not converge: {found.message}")
        weights.update({features[k]: float(w) for k, w in zip(added, found.x)})
    return {"features": list(features), "added": [n for n in features if n in ADDED],
            "weights": {n: round(weights[n], 6) for n in features},
            "intercept": round(float(clf.intercept_[0]), 6),
            "trained_on": "basil/brief_gold (12 annotated triplets), pairs of units of two articles"
                          + (f"; {', '.join(ADDED)} fitted after the others, on their logit" if ADDED else "")}


def held_out_figures(triplets, analysis, data, folds: list[list[int]], settings: BriefSettings,
                     train: list[int] | None = None) -> dict:
    """The brief's figures with each triplet of a fold briefed (under ``settings``) by a model fitted on
    the triplets of ``train`` (default: all) outside its fold."""
    train = list(range(len(triplets))) if train is None else train
    judged = right = 0
    predicted, gold = set(), set()
    conflicts = {"shown": 0, "real": 0, "hit": 0, "gold": 0}
    for fold in folds:
        fitted_on = [k for k in train if k not in fold]
        model = fit([data[k][0] for k in fitted_on], [data[k][1] for k in fitted_on])
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
    return {"fact_precision": round(right / judged, 4) if judged else 0.0, "facts_judged": judged,
            "pair_precision": round(correct / len(predicted), 4) if predicted else 0.0,
            "pair_recall": round(correct / len(gold), 4) if gold else 0.0,
            "pairs_predicted": len(predicted), "conflicts": conflicts}


def choose_join(triplets, analysis, data, train: list[int], settings: BriefSettings, joins) -> tuple[float, dict]:
    """The join with the highest pair recall whose fact precision reaches MIN_FACT_PRECISION, each
    triplet of ``train`` briefed by a model fitted on the others of ``train`` (the highest join
    when none reaches it)."""
    scored = {}
    for join in joins:
        scored[join] = held_out_figures(triplets, analysis, data, [[k] for k in train], replace(settings, fact_join=join), train)
        print(f"  join {join} on {len(train)} training triplets, each left out:", json.dumps(scored[join]), flush=True)
    good = [j for j in joins if scored[j]["fact_precision"] >= MIN_FACT_PRECISION]
    join = max(good, key=lambda j: (scored[j]["pair_recall"], j)) if good else max(joins)
    return join, scored[join]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    parser.add_argument("--out", default=str(REPO / "src" / "newsweave" / "brief" / "link_model.json"))
    parser.add_argument("--loo", action="store_true", help="report figures with each triplet held out")
    parser.add_argument("--halves", action="store_true", help="report figures with two halves held out in turn (join chosen on the other half)")
    parser.add_argument("--join", default=None, help=f"comma-separated brief.fact_join values to choose from (default {JOINS})")
    parser.add_argument("--features", default=None,
                        help="comma-separated signals of links.FEATURES to fit (default: those of the shipped model)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a brief setting over the defaults")
    parser.add_argument("--added", default=None, help="comma-separated signals of --features fitted after the others, on "
                                                       "their logit (default: those of the shipped model)")
    args = parser.parse_args()
    folder = Path(args.shared) / "benchmarks" / "basil"
    if not (folder / "brief_gold").is_dir():
        print(f"needs {folder}/brief_gold (the shared data folder beside the repository)", file=sys.stderr)
        return 2
    global FEATURES_USED, ADDED
    FEATURES_USED = tuple(args.features.split(",")) if args.features else tuple(shipped_model()["weights"])
    ADDED = tuple(a for a in args.added.split(",") if a) if args.added is not None else tuple(shipped_model().get("added", ()))
    if set(ADDED) - set(FEATURES_USED) or set(ADDED) >= set(FEATURES_USED):
        parser.error(f"--added {list(ADDED)}: name some, not all, of the fitted signals {list(FEATURES_USED)}")
    unknown = set(FEATURES_USED) - set(FEATURES)
    if unknown:
        parser.error(f"unknown signals {sorted(unknown)}: choose from {FEATURES}")
    settings = load_settings(overrides=args.set).brief
    joins = tuple(float(v) for v in args.join.split(",")) if args.join else JOINS
    triplets = evaluation.load_triplets(folder)
    analysis = analyse([a for t in triplets for a in t.articles.values()])
    data = [pairs_of(t, analysis, settings, FEATURES_USED) for t in triplets]
    model = fit([x for x, _ in data], [y for _, y in data])
    Path(args.out).write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {sum(len(y) for _, y in data)} pairs, {sum(int(y.sum()) for _, y in data)} positive")
    print(json.dumps(model["weights"]), model["intercept"])
    everyone = list(range(len(triplets)))
    join, _ = choose_join(triplets, analysis, data, everyone, settings, joins)
    print(f"join chosen on all {len(triplets)} triplets (each left out): {join}")
    if args.loo:
        print(f"JOIN {join} leave one triplet out:",
              json.dumps(held_out_figures(triplets, analysis, data, [[k] for k in everyone], replace(settings, fact_join=join))))
    if args.halves:
        for name, half in (("even", everyone[0::2]), ("odd", everyone[1::2])):
            other = [k for k in everyone if k not in half]
            chosen, _ = choose_join(triplets, analysis, data, other, settings, joins)
            figures = held_out_figures(triplets, analysis, data, [half], replace(settings, fact_join=chosen), other)
            print(f"{name} half held out: join {chosen} chosen on the other half; weights fitted on it:", json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
