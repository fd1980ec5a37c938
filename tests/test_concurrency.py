"""Two newsweave processes on one store: two ingests, two runs, an ingest while serve reads, 20 times each.

Each case starts real processes at the same moment on a store neither has made yet (so schema creation
races too) with a tiny corpus: a few short articles per outlet, each outlet's articles ending with the
same closing line, which is outlet boilerplate once three of its articles hold it. Nothing may
fail because of the other process, every article must be stored and cleaned, and every stories.json
must list every article its run's store held.
"""
from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

try:
    from reliability_harness import Outcome, integrity_ok, run_cli, stored_ids
except ImportError:  # tests collected as a package
    from .reliability_harness import Outcome, integrity_ok, run_cli, stored_ids

REPEATS = int(os.environ.get("NEWSWEAVE_CONCURRENCY_REPEATS", "20"))
OUTLETS = ("ledger.example", "courier.example")


def appeal(outlet: str) -> str:
    """A closing line no boilerplate rule drops: only its repetition across an outlet's articles marks it."""
    return f"The harbour desk of {outlet} in Easton files these reports every weekday from the old quay office."


def write_corpus(folder: Path, numbers: range, tag: str = "") -> set[str]:
    """Articles ``numbers`` of every outlet (text files and a manifest naming their outlet); returns their ids."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["file,outlet"]
    for o, outlet in enumerate(OUTLETS):
        for n in numbers:
            name = f"{tag}o{o}n{n}.txt"
            (folder / name).write_text(
                f"Council vote {tag}{n} at {outlet}\n\n"
                f"The town council of district {n}{tag} voted on the harbour plan on day {n} after a long debate.\n"
                f"Residents of district {n}{tag} said the plan by outlet {o} would change traffic in the area.\n"
                f"{appeal(outlet)}\n", encoding="utf-8")
            rows.append(f"{name},{outlet}")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return {name for name in (p.name for p in folder.glob("*.txt"))}


def ingest_args(folder: Path, db: Path) -> list[str]:
    return ["ingest", folder, "--manifest", folder / "manifest.csv", "--db", db]


def assert_clean_and_complete(db: Path, expected: set[str]) -> None:
    assert integrity_ok(db)
    assert stored_ids(db) == expected
    conn = sqlite3.connect(db)
    try:
        texts = dict(conn.execute("SELECT id, text FROM articles"))
    finally:
        conn.close()
    kept = sorted(i for i, text in texts.items() if "The harbour desk of" in text)
    assert not kept, f"outlet boilerplate left in {kept}"
    assert all("harbour plan" in text for text in texts.values())  # the articles themselves are kept


def assert_ok(outcome: Outcome) -> None:
    outcome.check_budget()
    assert outcome.code == 0, outcome.err[-3000:]
    assert "error" not in outcome.err.lower(), outcome.err[-3000:]


def at_once(*commands: list) -> list[Outcome]:
    with ThreadPoolExecutor(len(commands)) as pool:
        return list(pool.map(run_cli, commands))


def test_two_ingests_at_once(tmp_path):
    """Halves sharing one article per outlet: the shared one is stored once (no UNIQUE error), and the closing line, held by
    two articles of an outlet in each half, is removed from all three (the halves' cleaning sees each other)."""
    first = write_corpus(tmp_path / "first", range(0, 2))
    second = write_corpus(tmp_path / "second", range(1, 3))
    for rep in range(REPEATS):
        db = tmp_path / f"store{rep}" / "newsweave.db"
        db.parent.mkdir()
        a, b = at_once(ingest_args(tmp_path / "first", db), ingest_args(tmp_path / "second", db))
        assert_ok(a)
        assert_ok(b)
        assert_clean_and_complete(db, first | second)


def _listed(out: Path) -> set[str]:
    document = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    in_stories = {i for story in document["stories"] for i in story["articles"]}
    assert in_stories == {row["id"] for row in document["articles"]}
    return in_stories


def test_two_runs_at_once(tmp_path):
    """Each run holds the store alone (the second waits, saying so), so each stories.json lists every article the
    store held when it ran: its own input at least, and the later one everything."""
    first = write_corpus(tmp_path / "first", range(0, 2))
    second = write_corpus(tmp_path / "second", range(2, 4))
    waited = 0

    def pair(rep: int) -> int:
        db = tmp_path / f"store{rep}" / "newsweave.db"
        db.parent.mkdir()
        outs = (tmp_path / f"out{rep}a", tmp_path / f"out{rep}b")
        a, b = at_once(["run", tmp_path / "first", "--manifest", tmp_path / "first" / "manifest.csv", "--out", outs[0], "--db", db],
                       ["run", tmp_path / "second", "--manifest", tmp_path / "second" / "manifest.csv", "--out", outs[1], "--db", db])
        assert_ok(a)
        assert_ok(b)
        assert_clean_and_complete(db, first | second)
        listed = [_listed(outs[0]), _listed(outs[1])]
        assert first <= listed[0] and second <= listed[1]
        assert first | second in listed  # the run that went second saw both halves
        for own, other in ((listed[0], second), (listed[1], first)):
            assert own & other in (set(), other), "a run saw another run's input half stored"
        for out in outs:  # every listed article has its analysis
            assert len(list((out / "articles").glob("*.json"))) == len(_listed(out))
        conn = sqlite3.connect(db)
        try:  # the results saved last are those of one run: every stored article, in one story each
            saved = [i for (record,) in conn.execute("SELECT record FROM stories") for i in json.loads(record)["articles"]]
        finally:
            conn.close()
        assert sorted(saved) == sorted(first | second)
        return sum("waiting for another newsweave run on this store (pid " in o.err for o in (a, b))

    with ThreadPoolExecutor(2) as pool:  # two pairs at a time: while one pair's second run waits, the other works
        waited = sum(pool.map(pair, range(REPEATS)))
    assert waited >= REPEATS // 2, f"only {waited} of {REPEATS} pairs overlapped"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ingest_while_serve(tmp_path):
    """serve reads pages all the time while 20 ingests add articles: every page answers, every ingest succeeds."""
    base = write_corpus(tmp_path / "base", range(0, 3), tag="base")
    db = tmp_path / "newsweave.db"
    built = run_cli(["run", tmp_path / "base", "--manifest", tmp_path / "base" / "manifest.csv", "--out", tmp_path / "out", "--db", db])
    assert_ok(built)
    story = json.loads((tmp_path / "out" / "stories.json").read_text(encoding="utf-8"))["stories"][0]["id"]
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "newsweave.cli", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    root = f"http://127.0.0.1:{port}"
    pages = ["/", "/api/stories", f"/stories/{story}", f"/api/stories/{story}", "/articles/baseo0n0.txt", "/api/outlets",
             "/?q=council"]
    failures: list[str] = []
    answered = [0]
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            for page in pages:
                try:
                    with urllib.request.urlopen(root + page, timeout=30) as response:
                        response.read()
                        answered[0] += 1
                except (urllib.error.URLError, OSError) as exc:
                    failures.append(f"{page}: {exc}")

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(root + "/api/outlets", timeout=5).read()
                break
            except (urllib.error.URLError, OSError):
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.2)
        poller = threading.Thread(target=poll)
        poller.start()
        expected = set(base)
        for rep in range(REPEATS):
            folder = tmp_path / f"batch{rep}"
            expected |= write_corpus(folder, range(0, 3), tag=f"r{rep}")
            assert_ok(run_cli(ingest_args(folder, db)))
            assert_clean_and_complete(db, expected)
        stop.set()
        poller.join()
    finally:
        stop.set()
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert not failures, failures[:5]
    assert answered[0] >= len(pages)
    assert b"Traceback" not in err, err.decode()[-3000:]
