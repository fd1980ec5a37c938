"""Benchmark: a stream replayed in batches (one `newsweave run` per batch into one store) against one run over all.

    .venv/bin/python benchmarks/incremental_replay.py [--shared ../shared] [--corpus gva_stream] [--batches 32] [--keep DIR]

Splits the corpus's ``articles.jsonl`` (in file order) into ``--batches`` files, runs ``newsweave run BATCH --db
batched.db`` for each and ``newsweave run ALL --db single.db`` once, each as its own process as a user would, and
prints:
- the time of each batch run (1, 8, 16, 32 and all), the fresh run's, and the last batch's share of it;
- how far the final stories agree: BCubed precision/recall/F1 of the batched stories taking the single run's as
  reference, and the articles whose story differs (by story size);
- whether the stories the last batch did not touch kept their briefs, their entity records and their articles'
  analyses byte for byte. A story the last batch touched: it holds one of its articles; it took in or lost a story
  (regrouped); or one of its stored articles was re-cleaned (the batch made a paragraph of its outlet repeated, so
  it is furniture and leaves the stored text, as a fresh run removes it too). Each kind is counted apart.
Numbers depend on the machine and on what else runs there: rerun here, both in the same invocation.
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

from newsweave import open_store
from newsweave.evaluate.clustering import bcubed
from newsweave.stories import store_stories_document

ROOT = Path(__file__).resolve().parents[1]
NEWSWEAVE = [str(Path(sys.executable).with_name("newsweave"))]  # the console script beside this Python


def _run(paths: list[Path], db: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([*NEWSWEAVE, "run", *map(str, paths), "--db", str(db)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"newsweave run failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def _stories(db: Path) -> dict[str, str]:
    store = open_store(db, read_only=True)
    try:
        document = store_stories_document(store)
    finally:
        store.close()
    return {a: s["id"] for s in document["stories"] for a in s["articles"]}


def _members(stories: dict[str, str]) -> dict[str, frozenset[str]]:
    """Story id -> its articles, from article -> story."""
    members: dict[str, set[str]] = {}
    for article, story in stories.items():
        members.setdefault(story, set()).add(article)
    return {story: frozenset(articles) for story, articles in members.items()}


def _results(db: Path) -> dict[str, str]:
    """Story id -> its brief, its entity records and its articles' analyses, as one JSON text."""
    stories = _stories(db)
    members = _members(stories)
    store = open_store(db, read_only=True)
    try:
        entity_ids = store.story_entity_ids(sorted(members))
        records = store.story_entity_records(sorted({e for ids in entity_ids.values() for e in ids}))
        return {s: json.dumps({"brief": store.get_brief(s),
                               "entities": {e: records[e][s] for e in entity_ids.get(s, [])},
                               "analyses": {a: store.get_analysis(a) for a in sorted(articles)}}, sort_keys=True)
                for s, articles in members.items()}
    finally:
        store.close()


def _backup(db: Path, to: Path) -> None:
    """A consistent copy of an SQLite store (its write-ahead log included)."""
    import sqlite3

    source, target = sqlite3.connect(db), sqlite3.connect(to)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _versions(db: Path) -> dict[str, tuple]:
    """Article id -> what the store lists of its text (version, cleaned length): it changes when it is re-cleaned."""
    store = open_store(db, read_only=True)
    try:
        return {r["id"]: (r.get("version"), r.get("chars")) for r in store.article_rows()}
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--corpus", default="gva_stream")
    parser.add_argument("--batches", type=int, default=32)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--keep", type=Path, default=None,
                        help="copy the batched store as it was before the last batch, and that batch, into this folder")
    args = parser.parse_args()
    source = Path(args.shared) / "benchmarks" / args.corpus / "articles.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()[: args.limit]
    size = -(-len(lines) // args.batches)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        batches = []
        for n in range(0, len(lines), size):
            path = folder / f"batch{len(batches) + 1:03d}.jsonl"
            path.write_text("\n".join(lines[n:n + size]) + "\n", encoding="utf-8")
            batches.append(path)
        everything = folder / "all.jsonl"
        everything.write_text("\n".join(lines) + "\n", encoding="utf-8")

        times = []
        placed_chars: dict[str, tuple] = {}
        for n, batch in enumerate(batches, 1):
            if n == len(batches):
                before = _results(folder / "batched.db")
                members_before = _members(_stories(folder / "batched.db"))
                versions_before = _versions(folder / "batched.db")
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    _backup(folder / "batched.db", args.keep / "before-last.db")
                    shutil.copy(batch, args.keep / batch.name)
            times.append(_run([batch], folder / "batched.db"))
            print(f"batch {n:3d}: {times[-1]:7.1f} s", flush=True)
            # each new article's cleaned length as it was placed: a later batch may re-clean it
            placed_chars.update({a: v for a, v in _versions(folder / "batched.db").items() if a not in placed_chars})
        after = _results(folder / "batched.db")
        last_ids = {json.loads(line)["id"] for line in batches[-1].read_text(encoding="utf-8").splitlines()}
        batched = _stories(folder / "batched.db")
        touched = {batched[a] for a in last_ids if a in batched}
        members_after = _members(batched)
        # a story whose articles the last batch changed without adding one (it took in another) was touched too
        regrouped = {s for s in members_before if s not in touched and members_after.get(s) != members_before[s]}
        # ... and one whose stored article the last batch re-cleaned (its outlet's furniture now repeated)
        versions_after = _versions(folder / "batched.db")
        recleaned = {batched[a] for a, v in versions_before.items() if a in batched and versions_after.get(a) != v}
        recleaned -= touched | regrouped
        kept = [s for s in before if s in after and s not in touched | regrouped | recleaned]
        unchanged = sum(before[s] == after[s] for s in kept)
        changed = [s for s in kept if before[s] != after[s]]

        fresh = _run([everything], folder / "single.db")
        single = _stories(folder / "single.db")
        one_run_chars = _versions(folder / "single.db")

    score = bcubed(single, batched)
    one: dict[str, set[str]] = {}
    other: dict[str, set[str]] = {}
    for a in single:
        one.setdefault(single[a], set()).add(a)
        other.setdefault(batched.get(a, ""), set()).add(a)
    differing = [a for a in single if one[single[a]] != other[batched.get(a, "")]]
    moved = len(differing)
    # one run reads each article as its ingest cleaned it; the batches placed some with another cleaned text
    placed_otherwise = {a for a, v in placed_chars.items() if one_run_chars.get(a) != v}
    near = [a for a in differing if (one[single[a]] | other[batched.get(a, "")]) & placed_otherwise]
    print(f"\n{len(lines)} articles of {args.corpus} in {len(batches)} batches of {size}")
    print("batch times (s): " + ", ".join(f"#{n}: {times[n - 1]:.1f}" for n in (1, 8, 16, 32) if n <= len(times)))
    print(f"all batches: {sum(times):.1f} s; one fresh run over all: {fresh:.1f} s; "
          f"last batch / fresh run: {times[-1] / fresh:.1%}")
    print(f"stories: single run {len(set(single.values()))}, batched {len(set(batched.values()))}; "
          f"BCubed of batched vs single: P {score['precision']:.4f} R {score['recall']:.4f} F1 {score['f1']:.4f}; "
          f"articles whose story differs: {moved}, of them in a story (in either run) holding an article placed "
          f"with another cleaned text than one run's: {len(near)}" + (f"; ids: {', '.join(sorted(differing)[:20])}" if differing else ""))
    print(f"articles the batches placed with another cleaned text than one run's (version, length): "
          f"{len(placed_otherwise)}")
    print(f"stories the last batch regrouped without adding an article to them (merged or split): {len(regrouped)}")
    print(f"stories the last batch re-cleaned an article of (and nothing else): {len(recleaned)}")
    print(f"stories the last batch did not touch: {len(kept)}, briefs, entity records and analyses unchanged: "
          f"{unchanged}" + (f"; changed: {', '.join(sorted(changed))}" if changed else ""))


if __name__ == "__main__":
    main()
