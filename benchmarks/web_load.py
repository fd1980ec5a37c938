"""Load benchmark of `newsweave serve`: story list and story page latency (p50/p95/p99) on a big store.

Step 1 (once, slow): a store with run results, e.g. the gva_stream corpus (3,161 real articles):

    .venv/bin/newsweave run ../shared/benchmarks/gva_stream/articles.jsonl --out /tmp/gva

Step 2: copy that store K times under new article and story ids into one bigger store (same texts,
briefs and entities; the copies' dates move by whole years so they sort apart), serve it with
`newsweave serve` in a subprocess, and fire requests from a pool of client threads on this machine:

    .venv/bin/python benchmarks/web_load.py --db /tmp/gva/newsweave.db --copies 4 --requests 2000 --concurrency 4

Story-list requests mix the unfiltered list (by recency and by size, several pages), text
searches with words from story titles, entity filters (names of entities), outlet filters and
date ranges; story pages are random stories plus the largest ones. Prints one JSON report.
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from newsweave.store.sqlite_results import FILL_STORY_SEARCH

ROOT = Path(__file__).resolve().parents[1]


def _shift_year(value, years: int):
    if not isinstance(value, str) or len(value) < 4 or not value[:4].isdigit():
        return value
    return f"{int(value[:4]) + years:04d}{value[4:]}"


def _renamed(value, ids: dict[str, str]):
    """A JSON value with every string that is an article or story id replaced."""
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [_renamed(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, ids) for k, v in value.items()}
    return value


def grow_store(source: Path, target: Path, copies: int) -> int:
    """Write ``target``: ``source`` plus ``copies - 1`` copies of its articles and results under new ids. Returns articles."""
    shutil.copyfile(source, target)
    db = sqlite3.connect(target)
    articles = db.execute("SELECT * FROM articles").fetchall()
    columns = [d[0] for d in db.execute("SELECT * FROM articles LIMIT 0").description]
    stories = [json.loads(r[0]) for r in db.execute("SELECT record FROM stories")]
    briefs = dict(db.execute("SELECT story_id, brief FROM briefs").fetchall())
    analyses = dict(db.execute("SELECT article_id, analysis FROM analyses").fetchall())
    members = db.execute("SELECT article_id, story_id, duplicate_of, assigned_at FROM story_articles").fetchall()
    entity_rows = db.execute("SELECT entity_id, article_id, mentions FROM entity_articles").fetchall()
    with db:
        for k in range(1, copies):
            ids = {row[columns.index("id")]: f"copy{k}/{row[columns.index('id')]}" for row in articles}
            ids.update({s["id"]: f"copy{k}-{s['id']}" for s in stories})
            rows = []
            for row in articles:
                row = dict(zip(columns, row))
                row["id"] = ids[row["id"]]
                row["published"] = _shift_year(row["published"], -k)
                rows.append(tuple(row[c] for c in columns))
            db.executemany(f"INSERT INTO articles ({','.join(columns)}) VALUES ({','.join('?' * len(columns))})", rows)
            db.executemany("INSERT INTO story_articles VALUES (?,?,?,?)",
                           [(ids[a], ids[s], ids.get(d) if d else None, t) for a, s, d, t in members])
            for story in stories:
                copy = _renamed(story, ids)
                copy["first_published"] = _shift_year(copy["first_published"], -k)
                copy["last_published"] = _shift_year(copy["last_published"], -k)
                db.execute("INSERT INTO stories VALUES (?,?,?,?,?,?,?)",
                           (copy["id"], copy["title"], len(copy["articles"]), copy["independent_sources"], copy["first_published"],
                            copy["last_published"], json.dumps(copy)))
                db.executemany("INSERT OR IGNORE INTO story_outlets VALUES (?,?)", [(o, copy["id"]) for o in copy["outlets"]])
                if story["id"] in briefs:
                    db.execute("INSERT INTO briefs VALUES (?,?,?)", (copy["id"], json.dumps(_renamed(json.loads(briefs[story["id"]]), ids)), "copy"))
            db.executemany("INSERT INTO analyses VALUES (?,?)", [(ids[a], json.dumps(_renamed(json.loads(v), ids))) for a, v in analyses.items()])
            db.executemany("INSERT INTO entity_articles VALUES (?,?,?)", [(e, ids[a], n) for e, a, n in entity_rows])
        db.execute("UPDATE entities SET mentions = mentions * ?", (copies,))
        db.execute("DELETE FROM story_search")
        db.execute(FILL_STORY_SEARCH)
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    db.execute("ANALYZE")
    db.close()
    return int(total)


def _requests(db: Path, n: int, rng: random.Random) -> list[tuple[str, str]]:
    """``n`` (kind, path) pairs, half story lists and half story pages."""
    con = sqlite3.connect(db)
    stories = [r[0] for r in con.execute("SELECT id FROM stories")]
    largest = [r[0] for r in con.execute("SELECT id FROM stories ORDER BY articles DESC LIMIT 50")]
    words = [w for (t,) in con.execute("SELECT title FROM stories WHERE title IS NOT NULL LIMIT 2000")
             for w in (t or "").split() if len(w) > 4 and w.isalpha()]
    names = [r[0] for r in con.execute("SELECT name FROM entities ORDER BY mentions DESC LIMIT 300")]
    outlets = [r[0] for r in con.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL LIMIT 100")]
    years = sorted({r[0][:4] for r in con.execute("SELECT last_published FROM stories WHERE last_published IS NOT NULL")})
    con.close()
    out = []
    for _ in range(n // 2):
        kind = rng.choice(["plain", "plain", "text", "entity", "outlet", "dates"])
        params = {"sort": rng.choice(["recent", "size"])}
        if kind == "plain":
            params["offset"] = rng.choice([0, 0, 50, 100, 500])
        elif kind == "text" and words:
            params["q"] = " ".join(rng.sample(words, rng.choice([1, 2])))
        elif kind == "entity" and names:
            params["entity"] = rng.choice(names)
        elif kind == "outlet" and outlets:
            params["outlet"] = rng.choice(outlets)
        elif years:
            year = rng.choice(years)
            month = rng.randint(1, 12)
            params.update(since=f"{year}-{month:02d}-01", until=f"{year}-{month:02d}-28")
        out.append(("story list", "/?" + urlencode(params)))
        story = rng.choice(largest) if rng.random() < 0.2 else rng.choice(stories)
        out.append(("story page", "/stories/" + quote(story, safe="")))
    rng.shuffle(out)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fire(port: int, work: list[tuple[str, str]], concurrency: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    lock = threading.Lock()
    queue = list(reversed(work))
    failures: list[str] = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if not queue:
                    break
                kind, path = queue.pop()
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            took = time.perf_counter() - start
            with lock:
                timings.setdefault(kind, []).append(took)
                if response.status != 200:
                    failures.append(f"{response.status} {path}")
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[:3]}")
    return timings


def _percentiles(values: list[float]) -> dict[str, float]:
    q = statistics.quantiles(values, n=100, method="inclusive")
    return {"requests": len(values), "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1),
            "p99_ms": round(q[98] * 1000, 1), "max_ms": round(max(values) * 1000, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a store `newsweave run` wrote")
    parser.add_argument("--copies", type=int, default=4, help="copies of its articles in the benchmark store (default 4)")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.db"
        started = time.perf_counter()
        articles = grow_store(Path(args.db), big, args.copies)
        built = time.perf_counter() - started
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "newsweave.cli", "serve", "--db", str(big), "--port", str(port)],
                                  cwd=ROOT, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            rng = random.Random(args.seed)
            _fire(port, _requests(big, args.warmup, rng), args.concurrency)
            work = _requests(big, args.requests, rng)
            started = time.perf_counter()
            timings = _fire(port, work, args.concurrency)
            elapsed = time.perf_counter() - started
            status = Path(f"/proc/{server.pid}/status")
            peak = next((int(line.split()[1]) // 1024 for line in status.read_text().splitlines() if line.startswith("VmHWM")), None) \
                if status.exists() else None
        finally:
            server.terminate()
            server.wait(10)
        con = sqlite3.connect(big)
        stories = con.execute("SELECT count(*), max(articles) FROM stories").fetchone()
        con.close()
    report = {"store": {"articles": articles, "stories": stories[0], "largest_story": stories[1], "copies": args.copies,
                        "built_s": round(built, 1)},
              "concurrency": args.concurrency, "requests_per_s": round(len(work) / elapsed, 1), "server_peak_rss_mib": peak,
              **{kind: _percentiles(values) for kind, values in sorted(timings.items())}}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
