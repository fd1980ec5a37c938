"""The local executors: the default (workers = 0) runs small maps in-process and larger ones in a pool it keeps; a
run on a pool of two saves what an in-process run saves."""
from __future__ import annotations

import os

from newsweave.execution import AutoExecutor, InProcessExecutor, ProcessPoolExecutor, make_executor
from newsweave.options import Options
from conftest import demo_run


def _pid_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def test_workers_pick_the_executor():
    assert Options().workers == 1  # in-process by default; 0 asks for the pool when a map is long
    assert isinstance(make_executor(0), AutoExecutor)
    assert isinstance(make_executor(1), InProcessExecutor)
    assert isinstance(make_executor(2), ProcessPoolExecutor)


def test_a_small_map_runs_in_process_a_larger_one_in_a_pool_kept_between_maps():
    auto = AutoExecutor(workers=2, min_items=4)
    try:
        small = list(auto.map(_pid_square, range(3)))
        assert small == [(os.getpid(), x * x) for x in range(3)]
        assert auto._pool is None  # nothing started for three items
        first = list(auto.map(_pid_square, iter(range(10))))  # an iterator: taken lazily, all of it used
        assert [v for _, v in first] == [x * x for x in range(10)]
        assert os.getpid() not in {p for p, _ in first}
        pool = auto._pool
        second = list(auto.map(_pid_square, range(8)))
        assert [v for _, v in second] == [x * x for x in range(8)]
        assert auto._pool is pool  # the same processes serve the next map
    finally:
        auto.close()
    assert auto._pool is None


def test_a_run_on_a_pool_saves_what_an_in_process_run_saves(tmp_path):
    """Extraction, parsing, sentence encoding and the briefs run on the pool's processes; stories, briefs and analyses
    are the in-process run's."""
    pool = AutoExecutor(workers=2, min_items=1)  # every map in the pool, however short
    try:
        pooled = demo_run(tmp_path / "pool", pool)
    finally:
        pool.close()
    here = demo_run(tmp_path / "here", InProcessExecutor())
    stories, briefs, analyses = here
    assert len(stories["articles"]) == 9 and len(stories["stories"]) > 1
    assert all(briefs.values()) and all(analyses.values())
    assert pooled == here


def test_a_brief_that_fails_in_a_worker_comes_back_as_its_story_error():
    """The StoryError a worker returns survives the trip back (pickled), so one bad story never stops a pool."""
    import multiprocessing

    from newsweave.errors import StoryError
    from newsweave.runner import brief_task
    from newsweave.settings import DEFAULT_SETTINGS

    from conftest import text_article

    article = text_article("a", "one.example", "The pier closed on Tuesday.\n", "2026-03-02")
    bad = ({"id": "s-bad", "articles": ["a"]}, [article], "not an analysis", None, None)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        [outcome] = pool.apply_async(brief_task, (([bad], DEFAULT_SETTINGS.brief),)).get(timeout=120)
    assert isinstance(outcome, StoryError) and outcome.story == "s-bad" and outcome.stage == "its brief"
    assert "AttributeError" in outcome.reason
