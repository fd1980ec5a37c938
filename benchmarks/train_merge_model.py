"""Train the learned joining score of the story clusterer (``src/newsweave/stories/merge_model.json``).

    .venv/bin/python benchmarks/train_merge_model.py [--shared ../shared] [--out PATH] [--loo]

Pairs come from the labelled dev corpora in ``SHARED/benchmarks`` (ecbplus, gvc, gva_stream,
basil), replayed in file order with the normal ingestion path and near-copy marking. Each
article is placed into its gold story (teacher forcing, so every article sees the stories as they
should be), and before that it is compared with the candidate stories the clusterer's index
offers: the candidate holding its gold mates is a positive pair, every other candidate a negative
one (near-copies join their original without a search and give no pairs). The signals of each
pair are those of ``StoryClusterer._signals``. A logistic regression (scikit-learn, L2, C=1,
classes balanced, each corpus weighing the same in total) is fitted on them; pairs where exactly
one side is dated are left out (only ecbplus has undated articles, so that weight could not be
checked on another corpus: the clusterer charges ``undated_penalty`` instead). The weights are
written as JSON (never a pickle). The decision threshold (``ClusterConfig.model_threshold``) is
not fitted here.

``--loo`` also reports BCubed F1 of the model fitted on all corpora and, for ecbplus, gvc and
gva_stream, of a model fitted without that corpus and scored on it (leave one corpus out).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from newsweave.dedupe import mark_duplicates
from newsweave.evaluate.clustering import bcubed, read_labels
from newsweave.pipeline import extract_paths
from newsweave.stories import ClusterConfig, StoryClusterer

CORPORA = ("ecbplus", "gvc", "gva_stream", "basil")
FEATURES = ("cent", "best", "gap", "age", "count", "block", "site", "persons", "place")
HELD_OUT = ("ecbplus", "gvc", "gva_stream")


class _Harvester(StoryClusterer):
    """Places every article into its gold story and records the signals of its candidate stories first."""

    def __init__(self, ner) -> None:
        super().__init__(ClusterConfig(), ner=ner)
        self.rows: list[tuple[dict[str, float], int]] = []
        self.searching = False

    def harvest(self, article, label: str) -> None:
        self.searching = not article.extra.get("duplicate_of")
        self.add(article, story_key=label)

    def _join(self, idx, tf, story) -> None:
        if self.searching:
            vec = self.member_cache[idx][1]
            for sid in self._candidates(vec):
                other = self.stories[sid]
                if other.members:
                    self.rows.append((self._signals(idx, vec, other), int(other is story)))
        super()._join(idx, tf, story)


def _memo_ner():
    """The clusterer's own NER (spaCy, tagger and NER only), remembered per text for the later runs."""
    probe = StoryClusterer(ClusterConfig(merge_model=""))
    memo: dict[str, list] = {}

    def ner(text: str) -> list:
        got = memo.get(text)
        if got is None:
            got = memo[text] = probe._mentions(text)
        return got

    return ner


def fit(rows_by_corpus: dict[str, list], corpora) -> dict:
    from sklearn.linear_model import LogisticRegression

    X, y, w = [], [], []
    for corpus in corpora:
        rows = [(sig, label) for sig, label in rows_by_corpus[corpus] if not sig["undated"]]
        for sig, label in rows:
            X.append([sig[k] for k in FEATURES])
            y.append(label)
            w.append(1.0 / len(rows))
    X, y, w = np.array(X), np.array(y), np.array(w)
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000)
    model.fit(X, y, sample_weight=w / w.mean())
    return {
        "about": "newsweave story joining score: logit = bias + sum(weights[s] * signal s) (StoryClusterer._signals); "
                 "written by benchmarks/train_merge_model.py",
        "trained_on": list(corpora),
        "pairs": int(len(y)),
        "positives": int(y.sum()),
        "weights": {k: round(float(v), 6) for k, v in zip(FEATURES, model.coef_[0])},
        "bias": round(float(model.intercept_[0]), 6),
    }


def bcubed_f1(articles, labels, model: dict, ner) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.json"
        path.write_text(json.dumps(model))
        clusterer = StoryClusterer(replace(ClusterConfig(), merge_model=str(path)), ner=ner)
        for article in articles:
            clusterer.add(article)
        pred = clusterer.assignments()
    gold = {a.id: labels[a.id] for a in articles if a.id in labels}
    return bcubed(gold, {i: pred[i] for i in gold})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "src/newsweave/stories/merge_model.json"))
    parser.add_argument("--loo", action="store_true", help="report all-corpora and leave-one-corpus-out BCubed figures")
    args = parser.parse_args()
    root = Path(args.shared) / "benchmarks"
    ner = _memo_ner()
    data, rows = {}, {}
    for corpus in CORPORA:
        folder = root / corpus
        if not (folder / "articles.jsonl").exists():
            sys.exit(f"skipped: {folder} not found")
        articles = mark_duplicates(extract_paths([folder / "articles.jsonl"]).articles)
        labels = read_labels(folder / "labels.csv")
        harvester = _Harvester(ner)
        for article in articles:
            harvester.harvest(article, labels.get(article.id, "unlabelled:" + article.id))
        data[corpus], rows[corpus] = (articles, labels), harvester.rows
        print(f"{corpus}: {len(harvester.rows)} pairs, {sum(r[1] for r in harvester.rows)} positive", file=sys.stderr)
    model = fit(rows, CORPORA)
    Path(args.out).write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {model['weights']} bias {model['bias']}", file=sys.stderr)
    if args.loo:
        for corpus in CORPORA:
            b = bcubed_f1(*data[corpus], model, ner)
            print(f"all corpora  {corpus:11s} BCubed P {b['precision']:.4f} R {b['recall']:.4f} F1 {b['f1']:.4f}")
        for corpus in HELD_OUT:
            held = fit(rows, [c for c in CORPORA if c != corpus])
            b = bcubed_f1(*data[corpus], held, ner)
            print(f"without it   {corpus:11s} BCubed P {b['precision']:.4f} R {b['recall']:.4f} F1 {b['f1']:.4f}")


if __name__ == "__main__":
    main()
