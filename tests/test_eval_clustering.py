"""Clustering metrics on tiny hand-made clusterings, with values worked out by hand."""
import pytest

from newsweave.evaluate.clustering import adjusted_rand, bcubed, pairwise, score


def approx(x):
    return pytest.approx(x, abs=1e-12)


def test_perfect_clustering_scores_one():
    gold = {"a": 1, "b": 1, "c": 2}
    pred = {"a": "x", "b": "x", "c": "y"}
    assert bcubed(gold, pred) == {"precision": approx(1), "recall": approx(1), "f1": approx(1)}
    assert pairwise(gold, pred) == {"precision": approx(1), "recall": approx(1), "f1": approx(1)}
    assert adjusted_rand(gold, pred) == approx(1)


def test_one_item_moved():
    # gold {a,b} {c}; predicted {a} {b,c}
    gold = {"a": 1, "b": 1, "c": 2}
    pred = {"a": "x", "b": "y", "c": "y"}
    b = bcubed(gold, pred)
    assert b["precision"] == approx(2 / 3)  # a: 1, b: 1/2, c: 1/2
    assert b["recall"] == approx(2 / 3)  # a: 1/2, b: 1/2, c: 1
    assert b["f1"] == approx(2 / 3)
    assert pairwise(gold, pred) == {"precision": approx(0), "recall": approx(0), "f1": approx(0)}
    assert adjusted_rand(gold, pred) == approx(-0.5)


def test_everything_in_one_cluster():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    pred = dict.fromkeys(gold, 0)
    b = bcubed(gold, pred)
    assert (b["precision"], b["recall"], b["f1"]) == (approx(0.5), approx(1), approx(2 / 3))
    p = pairwise(gold, pred)
    assert (p["precision"], p["recall"], p["f1"]) == (approx(1 / 3), approx(1), approx(0.5))
    assert adjusted_rand(gold, pred) == approx(0)


def test_all_singletons():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    pred = {k: k for k in gold}
    b = bcubed(gold, pred)
    assert (b["precision"], b["recall"], b["f1"]) == (approx(1), approx(0.5), approx(2 / 3))
    p = pairwise(gold, pred)  # no predicted pairs: precision 1 by convention
    assert (p["precision"], p["recall"], p["f1"]) == (approx(1), approx(0), approx(0))


def test_score_counts_clusters_and_rejects_mismatched_items():
    gold = {"a": 1, "b": 1, "c": 2}
    pred = {"a": "x", "b": "y", "c": "y"}
    report = score(gold, pred)
    assert report["clusters"] == 2 and report["gold_clusters"] == 2 and report["items"] == 3
    with pytest.raises(ValueError):
        bcubed(gold, {"a": 1})
