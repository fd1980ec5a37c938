"""Benchmark: assigning a batch to stories from the saved clustering state against a replay of every stored article.

    .venv/bin/python benchmarks/story_state.py BASE.db BATCH.jsonl [--work DIR]

BASE.db is a store that already holds the earlier articles (e.g. ``newsweave run first-2700.jsonl --db BASE.db``); it
is copied, never changed. On the copy, the stories are brought up to date once (saving the clustering state when the
store was made by a release without it), then BATCH is ingested and the copy is copied twice more: on one,
``update_store_stories`` starts from the saved state; on the other, the state is made unreadable first, so it
replays every stored article. Each runs in a process of its own, as ``newsweave run`` would (spaCy's load included,
for the new articles' names), twice, alternating. The saved state goes on from the clusterer as the last run left it
before its closing pass, while a replay loads the stored (shown) stories and compares every story again, so the two
documents may differ: their agreement (BCubed, taking the replay as reference) is printed. Numbers depend on the
machine and on what else runs there: rerun both here.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsweave.evaluate.clustering import bcubed

CHILD = """
import json, sys, time
from newsweave import open_store
from newsweave.stories import update_store_stories
store = open_store(sys.argv[1])
start = time.perf_counter()
document = update_store_stories(store)
print(json.dumps({"seconds": time.perf_counter() - start, "document": document}))
"""


def _timed(db: Path, work: Path, label: str) -> tuple[float, dict]:
    copy = work / f"{label}-run.db"
    shutil.copy(db, copy)
    done = subprocess.run([sys.executable, "-c", CHILD, str(copy)], capture_output=True, text=True, check=True)
    out = json.loads(done.stdout.splitlines()[-1])
    return out["seconds"], out["document"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("batch", type=Path)
    parser.add_argument("--work", type=Path, default=None, help="folder for the copies (default: a temporary one)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from newsweave import open_store
    from newsweave.pipeline import ingest_paths
    from newsweave.stories import update_store_stories
    from newsweave.stories.stored_state import STATE_NAME

    work = args.work or Path(tempfile.mkdtemp(prefix="story-state-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "base.db"
    shutil.copy(args.base, db)
    store = open_store(db)
    start = time.perf_counter()
    update_store_stories(store)
    print(f"bringing the copy's stories up to date: {time.perf_counter() - start:.1f} s; "
          f"saved state {len(store.get_state(STATE_NAME)) / 1e6:.1f} MB")
    summary = ingest_paths([args.batch], store)
    print(f"ingested {args.batch.name}: {dict(summary.stored)}")
    store.close()
    replay = work / "replay.db"
    shutil.copy(db, replay)
    store = open_store(replay)
    store.put_state(STATE_NAME, b"")
    store.close()
    times: dict[str, list[float]] = {"saved state": [], "replay": []}
    documents = {}
    for _ in range(args.rounds):
        for label, path in (("saved state", db), ("replay", replay)):
            seconds, documents[label] = _timed(path, work, label.replace(" ", "-"))
            times[label].append(seconds)
    for label, got in times.items():
        print(f"update_store_stories from {label}: " + ", ".join(f"{t:.2f} s" for t in got))
    same = documents["saved state"] == documents["replay"]
    got, reference = ({a["id"]: a["story"] for a in documents[label]["articles"]} for label in ("saved state", "replay"))
    score = bcubed(reference, got)
    print(f"stories: {len(documents['replay']['stories'])}, articles: {len(documents['replay']['articles'])}; "
          f"identical documents: {same}; agreement " + " ".join(f"{k} {v:.4f}" for k, v in score.items()))


if __name__ == "__main__":
    main()
