"""Benchmark: `newsweave.run` with each executor, in one invocation, on the demo corpus and on gva_stream articles.

    .venv/bin/python benchmarks/executors.py [--shared ../shared] [--limit 300] [--workers 2] [--skip-demo]
        [--only in-process,processes,ray,ray1]

For each corpus and executor (in-process, a pool of WORKERS processes, Ray with WORKERS workers, Ray with 1): a
whole run into a fresh SQLite store (after one untimed warm-up run in-process, which loads the driver's
imports and models), timed from the executor's creation (a pool or a local Ray starts inside the
run) to the end; the time spent in the executor's maps (extraction and parse stages, with the driver's store writes
interleaved) and the rest (clustering, analysis, briefs, in the driver); the machine's load average; and whether the stories, briefs and
analyses equal the in-process run's. gva_stream: the first LIMIT records of articles.jsonl, written to a temporary
JSON Lines file (read in chunks of 32 records). Numbers depend on the machine and its load: rerun here.
"""
from __future__ import annotations

import argparse
import itertools
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from newsweave import open_store, run
from newsweave.execution import InProcessExecutor, ProcessPoolExecutor

REPO = Path(__file__).resolve().parents[1]


class Timed:
    """An executor that adds up the wall time its maps take, from the first item asked for to the last result."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.seconds = inner, []  # per map: the ingest stage's, then the parse stage's

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        start = time.perf_counter()
        try:
            yield from self.inner.map(fn, items)
        finally:
            self.seconds.append(time.perf_counter() - start)

    def close(self) -> None:
        getattr(self.inner, "close", lambda: None)()


def _run(inputs: list[Path], manifest: Path | None, make: Callable[[], Any], folder: Path) -> tuple[float, list[float], tuple]:
    """(seconds of the whole run, seconds in each of the executor's maps, results) of one run into a fresh store."""
    folder.mkdir()
    store = open_store(folder / "bench.db")
    try:
        start = time.perf_counter()
        executor = Timed(make())
        try:
            with store.writer_lock(exclusive=True):
                report = run(inputs, store, manifest=manifest, executor=executor)
        finally:
            executor.close()
        seconds = time.perf_counter() - start
        stories = report.stories
        results = (stories, {s["id"]: store.get_brief(s["id"]) for s in stories["stories"]},
                   {a["id"]: store.get_analysis(a["id"]) for a in stories["articles"]})
    finally:
        store.close()
    return seconds, executor.seconds, results


def _compare(name: str, inputs: list[Path], manifest: Path | None, executors: dict[str, Callable[[], Any]], tmp: Path) -> None:
    baseline = None
    for label, make in executors.items():
        load = os.getloadavg()[0]
        seconds, in_maps, results = _run(inputs, manifest, make, tmp / f"{name}-{label}".replace(" ", "_").replace("(", "").replace(")", ""))
        n = len(results[0]["articles"])
        baseline = baseline or (seconds, results)
        same = "same results" if results == baseline[1] else "RESULTS DIFFER from in-process"
        stages = " + ".join(f"{x:.1f}" for x in in_maps)
        print(f"{name:<10} {label:<13} {n:4d} articles {seconds:6.1f} s {n / seconds:5.2f}/s x{baseline[0] / seconds:4.2f}  "
              f"maps (ingest + parse) {stages} s, driver rest {seconds - sum(in_maps):5.1f} s  load {load:.1f}  {same}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    parser.add_argument("--limit", type=int, default=300, help="gva_stream records (default 300)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--only", help="comma-separated executors to run, of in-process, processes, ray, ray1 (default: all)")
    args = parser.parse_args()
    from newsweave.ray_executor import RayExecutor

    w = args.workers
    executors = {"in-process": InProcessExecutor, f"processes({w})": lambda: ProcessPoolExecutor(w),
                 f"ray({w})": lambda: RayExecutor(workers=w), "ray(1)": lambda: RayExecutor(workers=1)}
    if args.only:
        wanted = {{"in-process": "in-process", "processes": f"processes({w})", "ray": f"ray({w})", "ray1": "ray(1)"}[k]
                  for k in args.only.split(",")}
        executors = {k: v for k, v in executors.items() if k in wanted}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        demo = REPO / "examples" / "demo" / "txt"
        _run([demo], demo / "manifest.csv", InProcessExecutor, tmp / "warm-up")  # imports and driver models load once, here
        if not args.skip_demo:
            _compare("demo txt", [demo], demo / "manifest.csv", executors, tmp)
        source = Path(args.shared) / "benchmarks" / "gva_stream" / "articles.jsonl"
        sample = tmp / "gva_stream.jsonl"
        with source.open(encoding="utf-8") as lines:
            sample.write_text("".join(itertools.islice(lines, args.limit)), encoding="utf-8")
        _compare("gva_stream", [sample], None, executors, tmp)


if __name__ == "__main__":
    main()
