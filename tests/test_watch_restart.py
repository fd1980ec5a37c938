"""A watcher killed with SIGKILL mid-round and restarted: ``newsweave watch`` in its own process against a local
site (127.0.0.1 only), killed once while it fetches a wave's pages and once while the pipeline stores them. After
each restart the store is intact, every page it stored is there once, the restarted watcher fetches nothing it had
stored and waits out the host's delay the killed one started, and the change log names every stored page."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Callable

from conftest import REPO
from newsweave import open_store
from newsweave.errors import StoreError
from newsweave.watch import WatchState, changes_since
from watch_site import Route, Site, rss

DEMO = REPO / "examples" / "demo" / "html"
WAVES = [["valdoriapost_2026-03-14_dam-collapse.html", "harbourcourier_2026-05-19_ostmark.html"],
         ["valdoriapost_2026-04-08_port-strike.html", "capitalsun_2026-07-03_brenna-wildfire.html",
          "meridianwire_2026-07-02_brenna-wildfire.html"]]
HOST = "127.0.0.1"
DELAY = 2.0
# the CLI as a user runs it, after NEWSWEAVE_TEST_SETUP's code (which marks or pauses a point of the run)
BOOTSTRAP = ("import os, sys\nexec(os.environ.get('NEWSWEAVE_TEST_SETUP', ''))\nfrom newsweave.cli import main\n"
             "sys.argv[0] = 'newsweave'\nsys.exit(main(sys.argv[1:]))")
# the run's stories stage (after the ingest committed the round's pages) writes the marker file and waits to be killed
PAUSE_IN_STORIES = ("import pathlib, time, newsweave.stories as stories\n"
                    "def paused(*args, **kwargs):\n"
                    "    pathlib.Path({marker!r}).write_text('paused')\n"
                    "    time.sleep(600)\n"
                    "stories.update_store_stories = paused\n")
SETTINGS = ["--set", f"watch.host_delay={DELAY}", "--set", "watch.timeout=5", "--set", "watch.retries=0"]


def _read(db, what: Callable, empty):
    """``what(store)`` on the store opened read-only (as the watcher writes), or ``empty`` before it exists."""
    try:
        store = open_store(db, read_only=True)
    except StoreError:
        return empty
    try:
        return what(store)
    finally:
        store.close()


def _wait(condition: Callable[[], bool], process: subprocess.Popen, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"the watcher exited ({process.returncode}) before {what}: {process.stderr.read().decode()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {seconds} s")
        time.sleep(0.05)


def _kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()


def test_a_watcher_killed_mid_round_restarts_with_the_store_intact(tmp_path):
    db = tmp_path / "watch.db"
    with Site() as site:
        released: list[str] = []

        def release(names: list[str]) -> None:
            for name in names:
                site.add(HOST, f"/p/{name}", Route((DEMO / name).read_bytes()))
                released.append(name)
            items = [(site.url(HOST, f"/p/{n}"), n, "Wed, 08 Apr 2026 09:00:00 GMT") for n in released]
            site.add(HOST, "/feed.xml", Route(rss(items), content_type="application/rss+xml", etag=True))

        def start(*extra: str, setup: str = "") -> subprocess.Popen:
            command = [sys.executable, "-c", BOOTSTRAP, "watch", site.url(HOST, "/feed.xml"), "--db", str(db),
                       "--allow-private", *SETTINGS, *extra]
            return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                                    env={**os.environ, "NEWSWEAVE_TEST_SETUP": setup})

        def page_hits(name: str) -> int:
            return sum(1 for h in site.hits if h.path == f"/p/{name}" and h.status == 200)

        def stored() -> set[str]:
            return _read(db, lambda s: {r["id"] for r in s.article_rows()}, set())

        urls = {name: site.url(HOST, f"/p/{name}") for wave in WAVES for name in wave}
        release(WAVES[0])
        first = start("--every", "1s")
        _wait(lambda: _read(db, lambda s: WatchState.load(s).rounds, 0) >= 1, first, 180, "first round")
        release(WAVES[1])
        _wait(lambda: page_hits(WAVES[1][0]) >= 1, first, 60, "page of the second wave fetched")
        _kill(first)  # killed while fetching the second wave
        last_hit = max(h.at for h in site.hits)
        hosts = _read(db, lambda s: WatchState.load(s).hosts, {})
        assert hosts.get(f"{HOST}:{site.port}", 0.0) >= last_hit + DELAY - 0.05  # saved as the killed watcher fetched
        assert stored() == {urls[n] for n in WAVES[0]}
        rounds = _read(db, lambda s: WatchState.load(s).rounds, 0)  # one, or more when one found nothing new

        paused = tmp_path / "paused"
        second = start("--every", "1s", setup=PAUSE_IN_STORIES.format(marker=str(paused)))
        _wait(paused.exists, second, 180, "the pipeline reaching its stories stage")
        assert stored() == set(urls.values())  # the ingest has committed the second wave
        _kill(second)  # killed in the pipeline: its pages are stored, their stories not built, the round not finished
        state = _read(db, WatchState.load, None)
        assert state.rounds == rounds and set(state.pending.values()) == {urls[n] for n in WAVES[1]}  # unfinished
        assert _read(db, lambda s: s.integrity_check(), "") == "ok"

        third = start("--once")
        assert third.wait(timeout=180) == 0, third.stderr.read().decode()
        err = third.stderr.read().decode()
        third.stderr.close()

    assert "resumed an unfinished round: 3 pages it stored are not fetched again" in err
    assert {n: page_hits(n) for n in urls} == {**{n: 1 for n in urls}, WAVES[1][0]: 2}  # fetched again: killed before storing
    times = sorted(h.at for h in site.hits)
    assert min(b - a for a, b in zip(times, times[1:])) >= DELAY - 0.05  # across both restarts too
    store = open_store(db, read_only=True)
    try:
        assert store.integrity_check() == "ok"
        assert {r["id"] for r in store.article_rows()} == set(urls.values())
        assert all([v["version"] for v in store.versions(u)] == [1] for u in urls.values())
        state = WatchState.load(store)
        assert state.pending == {} and set(state.seen) == set(urls.values()) and state.rounds == rounds + 1
        membership = store.story_membership(list(urls.values()))
        assert set(membership) == set(urls.values())  # every stored page is in a story
        logged = changes_since(store, "2000-01-01")
        assert logged["new_articles"] == len(urls) and logged["rounds"] == state.rounds
        assert {a["id"] for s in logged["stories"] for a in s["new_articles"]} == set(urls.values())
    finally:
        store.close()


def test_under_systemd_a_watcher_logs_with_priorities_and_stops_cleanly_on_sigterm(tmp_path):
    """stderr to the journal (JOURNAL_STREAM set): a fault is <4>, a round's summary <6>, no status line; SIGTERM
    (systemctl stop) between rounds ends it with exit 0 and a line saying so."""
    db = tmp_path / "watch.db"
    with Site() as site:
        name = WAVES[0][0]
        site.add(HOST, f"/p/{name}", Route((DEMO / name).read_bytes()))
        items = [(site.url(HOST, f"/p/{name}"), name, "Wed, 08 Apr 2026 09:00:00 GMT"),
                 (site.url(HOST, "/gone"), "gone", "Wed, 08 Apr 2026 09:00:00 GMT")]
        site.add(HOST, "/feed.xml", Route(rss(items), content_type="application/rss+xml"))
        command = [sys.executable, "-c", BOOTSTRAP, "watch", site.url(HOST, "/feed.xml"), "--db", str(db), "--allow-private",
                   "--every", "1h", "--set", "watch.host_delay=0.05", "--set", "watch.retries=0"]
        watcher = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                                   env={**os.environ, "JOURNAL_STREAM": "8:12345"})
        _wait(lambda: _read(db, lambda s: WatchState.load(s).rounds, 0) >= 1, watcher, 180, "a round")
        watcher.send_signal(signal.SIGTERM)
        assert watcher.wait(timeout=60) == 0
        lines = watcher.stderr.read().decode().splitlines()
        watcher.stderr.close()
    assert lines[0].startswith(f"<4>fault {site.url(HOST, '/gone')}: page not fetched: HTTP 404")
    assert lines[1].startswith("<6>round ") and "1 stored" in lines[1] and "exit 1" in lines[1]
    assert lines[2] == "<6>stopped by SIGTERM; the next start resumes from what the store holds" and len(lines) == 3
