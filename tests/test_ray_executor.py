"""Ray as the engine of the per-article stages (:mod:`newsweave.ray_executor`), on a local Ray of 2 worker processes
started by the executor itself (``ray.init(num_cpus=2, include_dashboard=False)``, localhost only) and shut down at
the end: results in input order with a bounded window, a whole run equal to the in-process one, spaCy loaded once
per worker. Without Ray these tests skip, except under CI (CI=true), which installs it: there they fail."""
from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import DEMO_TXT, REPO, demo_run
from newsweave import open_store
from newsweave.errors import ConfigError
from newsweave.execution import InProcessExecutor, make_executor
from newsweave.options import Options
from newsweave.ray_executor import RayExecutor, ray_installed
from newsweave.runner import BRIEF_TASK
from newsweave.stories import store_stories_document

needs_ray = pytest.mark.skipif(not ray_installed() and not os.environ.get("CI"),
                               reason="Ray is not installed (pip install 'newsweave[ray]'); CI installs it and runs these")


def _square(x: int) -> tuple[int, int]:
    time.sleep(0.01)  # long enough for tasks to overlap
    return x * x, os.getpid()


def _budget_can_interrupt(_: Any) -> bool:
    from newsweave.budget import can_interrupt

    return can_interrupt()


def _niceness(_: Any) -> int:
    return os.nice(0)


def _fail_on(bad: int, x: int) -> int:
    if x == bad:
        raise ValueError(f"item {x} is bad")
    return x


def _counting_loads(fn: Callable[[Any], Any], item: Any) -> tuple[int, int, Any]:
    """``fn(item)`` with the worker's pid and how many times that process has loaded spaCy so far."""
    from newsweave.nlp import load_nlp

    result = fn(item)
    return os.getpid(), load_nlp.cache_info().misses, result


class LoadCounting:
    """Runs each task of an executor through :func:`_counting_loads`, keeping (pid, loads) per task."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.seen, self.tasks = inner, [], Counter()  # tasks: function name -> tasks run

    def map(self, fn, items):
        name = getattr(fn, "func", fn).__name__
        for pid, loads, result in self.inner.map(partial(_counting_loads, fn), items):
            self.seen.append((pid, loads))
            self.tasks[name] += 1
            yield result


@pytest.fixture(scope="module")
def ray_executor():
    """A RayExecutor that starts its own local Ray (2 CPUs) on first use and shuts it down at the end."""
    import ray.cloudpickle

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # Ray's workers cannot import tests/: send its functions whole
    sigterm = signal.getsignal(signal.SIGTERM)
    executor = RayExecutor(workers=2)
    started = time.perf_counter()
    assert [r for r, _ in executor.map(_square, [3])] == [9]
    print(f"local Ray started and first task done in {time.perf_counter() - started:.1f} s")
    yield executor
    import ray

    executor.close()
    assert not ray.is_initialized()  # the runtime it started is gone
    assert signal.getsignal(signal.SIGTERM) == sigterm  # and the process's SIGTERM handler is back


@needs_ray
def test_map_gives_the_in_process_results_in_order_with_a_bounded_window(ray_executor):
    items = list(range(40))
    expected = list(InProcessExecutor().map(_square, items))
    assert [r for r, _ in ray_executor.map(_square, items)] == [r for r, _ in expected]
    pids = {pid for _, pid in ray_executor.map(_square, items)}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2  # run in the 2 worker processes, not here
    assert list(ray_executor.map(_budget_can_interrupt, range(4))) == [True] * 4  # the main thread: the budget's timer works
    assert set(ray_executor.map(_niceness, range(4))) == {os.nice(0)}  # workers at the caller's priority, not Ray's nice 15

    pulled: list[int] = []

    def stream():
        for x in items:
            pulled.append(x)
            yield x

    windowed = RayExecutor(workers=2, window=3)  # joins the running runtime
    for k, (result, _) in enumerate(windowed.map(_square, stream())):
        assert result == items[k] ** 2
        assert len(pulled) <= k + 3  # never more than the window handed out and not yet returned
    assert pulled == items


@needs_ray
def test_an_error_in_a_worker_reaches_the_caller_and_a_joined_runtime_stays_up(ray_executor):
    import ray

    joined = RayExecutor(workers=2)
    with pytest.raises(ValueError, match="item 5 is bad"):
        list(joined.map(partial(_fail_on, 5), range(10)))
    joined.close()
    assert ray.is_initialized()  # it did not start it, so it does not stop it
    assert list(joined.map(partial(_fail_on, -1), range(4))) == [0, 1, 2, 3]


@pytest.fixture(scope="module")
def in_process_demo(tmp_path_factory) -> tuple[dict, dict, dict]:
    return demo_run(tmp_path_factory.mktemp("here") / "here", InProcessExecutor())


@needs_ray
def test_a_run_on_ray_saves_what_an_in_process_run_saves(tmp_path, ray_executor, in_process_demo):
    counting = LoadCounting(ray_executor)
    started = time.perf_counter()
    on_ray = demo_run(tmp_path / "ray", counting)
    print(f"demo run on Ray (2 workers): {time.perf_counter() - started:.1f} s")
    here = in_process_demo
    stories, briefs, analyses = here
    assert len(stories["articles"]) == 9 and len(stories["stories"]) > 1
    assert all(briefs.values()) and all(analyses.values())
    assert on_ray == here
    assert {pid for pid, _ in counting.seen} - {os.getpid()}  # the stages ran in Ray's workers
    # nine text files to extract, one batch of leads to read names in, one batch of articles to parse, the
    # batches of sentences to encode for the briefs, and the briefs themselves, BRIEF_TASK stories a task
    encoded = counting.tasks.pop("encode_half")
    assert counting.tasks.pop("brief_task") == -(-len(stories["stories"]) // BRIEF_TASK)
    assert counting.tasks == {"process_task": 9, "lead_names": 1, "_parse_batch": 1} and encoded >= 1


@needs_ray
def test_spacy_loads_once_per_worker_over_many_parse_batches(ray_executor):
    from newsweave.article_parse import PARSE_BATCH, parse_articles
    from newsweave.pipeline import extract_paths

    demo = extract_paths([DEMO_TXT], manifest=DEMO_TXT / "manifest.csv").articles
    articles = [dataclasses.replace(a, id=f"{a.id}#{k}") for k in range(8) for a in demo]  # 72 articles
    counting = LoadCounting(ray_executor)
    parsed = parse_articles(articles, executor=counting)
    batches = -(-len(articles) // PARSE_BATCH)
    assert len(counting.seen) == batches == 3  # more batches than workers
    loads_by_worker: dict[int, set[int]] = {}
    for pid, loads in counting.seen:
        loads_by_worker.setdefault(pid, set()).add(loads)
    assert os.getpid() not in loads_by_worker and len(loads_by_worker) <= 2  # two worker processes ran them all
    assert all(loads == {1} for loads in loads_by_worker.values())  # each loaded spaCy once, for every batch it ran
    assert list(parsed) == [a.id for a in articles]
    first, copy = parsed[demo[0].id + "#0"], parsed[demo[0].id + "#7"]
    assert first.mentions and (first.mentions, first.quotes) == (copy.mentions, copy.quotes)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@needs_ray
def test_the_cli_runs_on_a_ray_cluster_it_joins_by_address(tmp_path, in_process_demo):
    """A cluster of its own (``ray start --head``, 2 CPUs, on this machine), joined by ``--address HOST:PORT``;
    stopped by its process id (``ray stop`` would stop every Ray on the machine)."""
    port, bin_dir = _free_port(), Path(sys.executable).parent
    session = Path(tempfile.mkdtemp(prefix="nwray"))  # short: Ray's socket paths are limited to about 100 characters
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    log = tmp_path / "head.log"
    with log.open("w") as sink:
        head = subprocess.Popen([str(bin_dir / "ray"), "start", "--head", "--block", "--node-ip-address=127.0.0.1",
                                 f"--port={port}", f"--temp-dir={session}", "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats"],
                                stdout=sink, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 90
        while "Ray runtime started" not in log.read_text() and head.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "Ray runtime started" in log.read_text(), log.read_text()[-2000:]
        out = tmp_path / "out"
        # a cluster with token authentication (Ray's default) is joined by address only with RAY_AUTH_MODE=token
        done = subprocess.run([str(bin_dir / "newsweave"), "run", str(DEMO_TXT), "--manifest", str(DEMO_TXT / "manifest.csv"),
                               "--out", str(out), "--executor", "ray", "--address", f"127.0.0.1:{port}", "--workers", "2"],
                              env={**env, "RAY_AUTH_MODE": "token"}, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
    finally:
        head.terminate()  # `ray start --block` stops the cluster's processes on SIGTERM
        head.wait(timeout=60)
        shutil.rmtree(session, ignore_errors=True)
    store = open_store(out / "newsweave.db")
    try:
        stories = store_stories_document(store)
        briefs = {s["id"]: store.get_brief(s["id"]) for s in stories["stories"]}
        analyses = {a["id"]: store.get_analysis(a["id"]) for a in stories["articles"]}
    finally:
        store.close()
    assert (briefs, analyses) == in_process_demo[1:] and stories["stories"] == in_process_demo[0]["stories"]


def test_without_ray_the_executor_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr("newsweave.ray_executor.ray_installed", lambda: False)
    with pytest.raises(ConfigError, match=r"pip install 'newsweave\[ray\]'"):
        make_executor(2, "ray")


def test_executor_settings_are_checked():
    with pytest.raises(ConfigError, match="ingest.executor must be one of 'local', 'ray', got 'spark'"):
        make_executor(2, "spark")
    with pytest.raises(ConfigError, match="needs the Ray executor: add --executor ray"):
        make_executor(1, "local", "auto")
    assert isinstance(make_executor(1), InProcessExecutor)
    assert (Options().executor, Options().ray_address) == ("local", "")


def test_cli_refuses_a_wrong_executor_before_the_store_is_opened(tmp_path, capsys):
    from newsweave.cli import main

    db = tmp_path / "newsweave.db"
    assert main(["ingest", str(DEMO_TXT), "--db", str(db), "--set", "ingest.executor=spark"]) == 2
    assert "ingest.executor must be one of" in capsys.readouterr().err and not db.exists()
    assert main(["run", str(DEMO_TXT), "--out", str(tmp_path / "out"), "--address", "auto"]) == 2
    assert "needs the Ray executor" in capsys.readouterr().err and not (tmp_path / "out").exists()
