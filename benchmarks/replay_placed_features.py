"""Benchmark aid: how far the features a batched replay placed its articles with explain its stories' differences
from one run.

    .venv/bin/python benchmarks/replay_placed_features.py KEPT.db [--shared ../shared] [--corpus gva_stream]

KEPT.db is the batched store as it was before the last batch (``incremental_replay.py --keep DIR`` writes
``DIR/before-last.db``). Its saved clustering state holds the features each article was placed with; the features
one run reads are those of ``clustering_loco.corpus_features`` (the corpus ingested at once, cached). This prints
how many stored articles were placed with other features, then clusters the whole corpus twice in one process,
with one run's features and with those articles' features replaced by the ones they were placed with, and prints
how far the two agree (BCubed, taking the first as reference) and which articles' stories differ. When those are
the articles the replay reported, the differences come from the features, not from when stories were compared.
"""
from __future__ import annotations

import argparse
import json
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clustering_loco import cluster, corpus_features  # noqa: E402

from newsweave import open_store  # noqa: E402
from newsweave.evaluate.clustering import bcubed  # noqa: E402
from newsweave.stories import ClusterConfig  # noqa: E402
from newsweave.stories.cluster_state import features_data, features_from  # noqa: E402
from newsweave.stories.stored_state import STATE_NAME  # noqa: E402

COMPARED = ("day", "terms", "ages", "counts", "persons", "places", "sites", "blocks")


def _groups(assignments: dict[str, str]) -> dict[str, frozenset]:
    members: dict[str, set] = {}
    for article, story in assignments.items():
        members.setdefault(story, set()).add(article)
    return {article: frozenset(members[story]) for article, story in assignments.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kept", type=Path)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--corpus", default="gva_stream")
    parser.add_argument("--cache", default=str(Path(__import__("tempfile").gettempdir()) / "newsweave-loco"))
    args = parser.parse_args()
    config = ClusterConfig()
    feats = corpus_features(Path(args.shared) / "benchmarks" / args.corpus, config, Path(args.cache))
    store = open_store(args.kept, read_only=True)
    try:
        state = json.loads(zlib.decompress(store.get_state(STATE_NAME)))
    finally:
        store.close()
    placed = {a["id"]: a for a in state["clusterer"]["articles"]}
    other = set()
    for f, _ in feats:
        if f.id in placed:
            one_run = json.loads(json.dumps(features_data(f, texts=False)))
            if any(json.dumps(placed[f.id][k], sort_keys=True) != json.dumps(one_run[k], sort_keys=True) for k in COMPARED):
                other.add(f.id)
    print(f"stored articles placed with other features than one run reads: {len(other)} of {len(placed)}")
    plain = cluster(feats, config)
    mixed = cluster([(features_from(placed[f.id]) if f.id in other else f, original) for f, original in feats], config)
    score = bcubed(plain, mixed)
    one, two = _groups(plain), _groups(mixed)
    differing = sorted(a for a in plain if one[a] != two[a])
    print("agreement: " + " ".join(f"{k} {v:.4f}" for k, v in score.items()))
    print(f"articles whose story differs: {len(differing)}: {', '.join(differing)}")
    print(f"of them in a story (in either) holding one of those articles: {sum(bool((one[a] | two[a]) & other) for a in differing)}")


if __name__ == "__main__":
    main()
