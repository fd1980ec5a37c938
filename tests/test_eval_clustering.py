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


def test_evaluate_clustering_with_a_limit_reads_only_the_streams_first_articles(tmp_path):
    import json

    from newsweave.evaluate.clustering import evaluate_clustering

    texts = ["A fire destroyed the Maple Street warehouse in Riverton on Tuesday, the fire department said.",
             "Voters in Eastvale re-elected Mayor Tomas Okafor on Sunday with 61 percent of the vote.",
             "The Halvik flash flood cut the river road on Friday and forced two hundred people from their homes."]
    with open(tmp_path / "articles.jsonl", "w", encoding="utf-8") as f:
        for k, text in enumerate(texts):
            f.write(json.dumps({"id": f"a{k}", "title": None, "text": text, "html": None, "url": None,
                                "outlet": None, "published": f"2024-03-0{k + 1}", "language": "en"}) + "\n")
    (tmp_path / "labels.csv").write_text("id,story\na0,fire\na1,vote\na2,flood\n", encoding="utf-8")
    whole = evaluate_clustering(tmp_path)
    first = evaluate_clustering(tmp_path, limit=2)
    assert (whole["articles"], whole["items"]) == (3, 3)
    assert (first["articles"], first["items"], first["gold_clusters"]) == (2, 2, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.jsonl", "labels.csv"]  # the prefix copy is gone
