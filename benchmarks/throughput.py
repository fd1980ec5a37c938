"""Benchmark: `newsweave run` end to end against spaCy alone, and newsweave's extraction against plain trafilatura.

    .venv/bin/python benchmarks/throughput.py [--shared ../shared] [--limit 1000] [--pages 709] [--whole] [--no-out]

In one invocation, each measurement in a process of its own (so none inherits another's imports, models or memory):

- ``run``: ``newsweave run FILE --out DIR --db DIR/newsweave.db`` (the command line, default settings, a fresh
  store) over the first LIMIT records of gva_stream's ``articles.jsonl`` (written to a temporary JSON Lines
  file), timed from the process's start to its end (imports and model loading included): articles/s;
- ``spacy``: spaCy's ``en_core_web_sm`` alone, as it ships (every component, ``nlp.pipe``, one process) over the ``text`` of
  the same records, timed from the first text in to the last doc out (model loading not counted): docs/s;
- ``extract``: over the first PAGES WCXB pages, plain ``trafilatura.extract(html, url=url)`` and newsweave's
  extraction stage (``extract_article`` and language detection, as ingest runs it), page by page in turn (so a
  change of the machine's load falls on both alike), after a warm-up of 5 pages: pages/s each, one process each;
  then newsweave's ingest stage as a run meets it (``extract_paths`` over the same pages as a JSON Lines file,
  default settings: one process per CPU here), timed from its call to its end;
- ``whole`` (with ``--whole``): ``newsweave run`` over the whole ``articles.jsonl`` into a fresh store.

Peak memory: the largest resident set of the process tree (the process and its workers added up, read from
/proc every 0.1 s), and the largest single process's (``ru_maxrss`` from ``wait4``). The figures depend on the
machine and its load: ratios from one invocation are comparable, absolute rates across invocations less so.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and every process below it (0 once it is gone)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)  # fields[1]: the parent's pid
        rss[pid] = int(fields[21]) * page  # resident pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def measure(cmd: list[str]) -> dict[str, float]:
    """Run ``cmd``: its wall seconds, peak tree RSS and largest single-process RSS (GB), and what it printed last
    as JSON (the child measurements print one line of JSON)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed with exit status {proc.returncode}")
    lines = [line for line in out.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1]) if lines else {}
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_tree_gb": peak[0] / 1e9,
            "peak_process_gb": usage.ru_maxrss * 1024 / 1e9, **result}


def _records(path: Path, limit: int | None) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return rows if limit is None else rows[:limit]


# -- the child measurements ---------------------------------------------------------------------

def child_spacy(articles: Path, limit: int) -> None:
    from newsweave.nlp import stock_pipeline

    texts = [r.get("text") or "" for r in _records(articles, limit)]
    nlp = stock_pipeline()  # the model as it ships: the obvious baseline (newsweave's own parse swaps two rule components)
    start, cpu = time.perf_counter(), time.process_time()
    count = sum(1 for _ in nlp.pipe(texts))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({"docs": count, "pipe_seconds": seconds, "pipe_cpu_seconds": cpu, "components": nlp.pipe_names}))


def child_extract(wcxb: Path, pages: int) -> None:
    import trafilatura

    from newsweave.evaluate.extraction import iter_pages
    from newsweave.extract import extract_article
    from newsweave.language import add_language
    from newsweave.record import Article

    def ours(page: dict) -> None:
        article = Article(id=page["id"], raw=page["html"], raw_kind="html", url=page.get("url"))
        extract_article(article)
        add_language(article)

    def theirs(page: dict) -> None:
        trafilatura.extract(page["html"], url=page.get("url"))

    rows = list(iter_pages(wcxb, pages))
    for page in rows[:5]:  # warm-up: imports, lazily built tables
        ours(page)
        theirs(page)
    seconds = {"newsweave": 0.0, "trafilatura": 0.0}
    for page in rows:
        for name, fn in (("trafilatura", theirs), ("newsweave", ours)):
            start = time.perf_counter()
            try:
                fn(page)
            except Exception:  # a crash costs its time, like any page
                pass
            seconds[name] += time.perf_counter() - start
    # the ingest stage as a run meets it: the same pages as a JSON Lines file, default settings (a pool of one
    # process per CPU for a file this size), repeated paragraphs of an outlet removed at the end
    from newsweave.options import Options
    from newsweave.pipeline import extract_paths

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pages.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for page in rows:
                fh.write(json.dumps({"id": page["id"], "url": page.get("url"), "html": page["html"]}) + "\n")
        options = Options(workers=0)  # a pool of one process per CPU, as the run below
        start = time.perf_counter()
        extracted = len(extract_paths([path], options).articles)
        seconds["stage"] = time.perf_counter() - start
    print(json.dumps({"pages": len(rows), "seconds": seconds, "stage_articles": extracted, "stage_workers": options.workers}))


# -- the parent ---------------------------------------------------------------------------------

def _run_cmd(inputs: Path, folder: Path, out: bool) -> list[str]:
    cmd = [str(BIN / "newsweave"), "run", str(inputs), "--db", str(folder / "newsweave.db"), "--workers", "0"]
    return cmd + (["--out", str(folder / "out")] if out else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--limit", type=int, default=1000, help="gva_stream records for run and spaCy (default 1000)")
    parser.add_argument("--pages", type=int, default=None, help="WCXB pages (default: all)")
    parser.add_argument("--whole", action="store_true", help="also run over the whole gva_stream for its peak memory")
    parser.add_argument("--no-out", action="store_true", help="runs without --out (no output folder written)")
    parser.add_argument("--only", choices=("run", "spacy", "extract", "whole"), action="append", help="measure only these")
    parser.add_argument("--child", choices=("spacy", "extract"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    articles = args.shared / "benchmarks" / "gva_stream" / "articles.jsonl"
    wcxb = args.shared / "benchmarks" / "extraction_wcxb"
    if args.child == "spacy":
        return child_spacy(articles, args.limit)
    if args.child == "extract":
        return child_extract(wcxb, args.pages)
    only = set(args.only or ("run", "spacy", "extract"))
    me = [sys.executable, str(Path(__file__).resolve()), "--shared", str(args.shared)]
    print(f"load average at start: {os.getloadavg()[0]:.2f}; CPUs: {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results: dict[str, dict] = {}
        if "run" in only:
            sample = folder / "gva_first.jsonl"
            with sample.open("w", encoding="utf-8") as fh:
                for row in _records(articles, args.limit):
                    fh.write(json.dumps(row) + "\n")
            (folder / "run").mkdir()
            results["run"] = r = measure(_run_cmd(sample, folder / "run", not args.no_out))
            r["rate"] = args.limit / r["seconds"]
            print(f"newsweave run, first {args.limit} gva_stream articles: {r['seconds']:.1f} s, {r['rate']:.2f} articles/s, "
                  f"{r['cpu_seconds']:.1f} CPU s (its workers included), "
                  f"peak {r['peak_tree_gb']:.2f} GB (largest process {r['peak_process_gb']:.2f} GB)")
        if "spacy" in only:
            results["spacy"] = s = measure([*me, "--child", "spacy", "--limit", str(args.limit)])
            s["rate"] = s["docs"] / s["pipe_seconds"]
            print(f"spaCy {'+'.join(s['components'])} alone (nlp.pipe, one process), same {s['docs']} texts: "
                  f"{s['pipe_seconds']:.1f} s, {s['rate']:.2f} docs/s, {s['pipe_cpu_seconds']:.1f} CPU s")
        if "extract" in only:
            cmd = [*me, "--child", "extract"] + (["--pages", str(args.pages)] if args.pages else [])
            results["extract"] = e = measure(cmd)
            rates = {k: e["pages"] / v for k, v in e["seconds"].items()}
            print(f"extraction, {e['pages']} WCXB pages: trafilatura.extract {rates['trafilatura']:.2f} pages/s, "
                  f"newsweave {rates['newsweave']:.2f} pages/s")
            print(f"ratio extraction newsweave / trafilatura, one process each: {rates['newsweave'] / rates['trafilatura']:.2f} (target >= 0.8)")
            print(f"newsweave's extraction stage (extract_paths, workers={e['stage_workers']}: "
                  f"{'a pool of one process per CPU' if e['stage_workers'] == 0 else 'as set'}): {rates['stage']:.2f} pages/s "
                  f"({e['stage_articles']} articles), {rates['stage'] / rates['trafilatura']:.2f} x trafilatura's one process")
        if "run" in results and "spacy" in results:
            print(f"ratio run articles/s / spaCy docs/s: {results['run']['rate'] / results['spacy']['rate']:.2f} (target >= 1.3); "
                  f"CPU seconds per article, run / spaCy: {results['run']['cpu_seconds'] / results['spacy']['pipe_cpu_seconds']:.2f}")
        if args.whole or "whole" in only:
            (folder / "whole").mkdir()
            w = measure(_run_cmd(articles, folder / "whole", not args.no_out))
            print(f"newsweave run, whole gva_stream: {w['seconds']:.1f} s, peak {w['peak_tree_gb']:.2f} GB "
                  f"(largest process {w['peak_process_gb']:.2f} GB; target <= 1 GB)")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
