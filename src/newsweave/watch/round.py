"""One round of the watcher (:func:`run_round`) and the loop of rounds (:func:`watch`).

A round polls each feed (a conditional GET with the validators kept from the last round), fetches the pages its
entries link to that were never stored, writes them to a JSON Lines spool file in a scratch folder, and hands it
to :func:`newsweave.runner.run`, which stores the articles and rebuilds only the stories they touch. Then, in one
transaction, it logs what changed (:mod:`.changes`) and saves what it learnt (:mod:`.state`): a watcher killed
before that refetches the round's pages, which stores nothing twice (an unchanged article is not stored again).
A fault (a feed or page that cannot be fetched or read) is reported on a line of its own and the round goes on.
"""
from __future__ import annotations

import json
import re
import signal
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from ..fetch import Entry, Fetcher, FetchFault, read_sources
from ..ingest.decode import decode_bytes
from ..errors import InputError
from ..settings import Settings
from ..store.base import Store
from .changes import keep_baseline, now_iso, record_round
from .poll import Log, poll_source, record_fault
from .report import RoundReport, Step
from .state import WatchState, save_hosts


_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_LINE = re.compile(r":(\d+)$")


@contextmanager
def signal_held(signum: int) -> Iterator[None]:
    """``signum`` waits until the block ends, then acts as if just received: a watcher stopped while a round commits
    still logs that round's summary. Only the main thread can hold a signal; elsewhere this holds nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signum, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signum, previous if previous is not None else signal.SIG_DFL)  # None: a handler set from C
        if received:
            signal.raise_signal(signum)


def _page_record(fetcher: Fetcher, entry: Entry, report: RoundReport, log: Log) -> dict[str, Any] | None:
    """The spool record of one page (its id is the URL it was answered from), or None when it failed (reported)."""
    try:
        response = fetcher.get(entry.url)
    except FetchFault as fault:
        record_fault(report, log, entry.url, f"page not fetched: {fault.reason}", fault.kind)
        return None
    report.pages_fetched += 1
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in _HTML_TYPES or response.status != 200:
        record_fault(report, log, entry.url, f"page not read: {kind or 'no content type'} (HTTP {response.status}), not an HTML page", "not-html")
        return None
    try:
        text, _ = decode_bytes(response.body, entry.url, response.charset)
    except InputError as exc:
        record_fault(report, log, entry.url, f"page not read: {exc.reason}", "undecodable")
        return None
    return {"id": response.url, "url": response.url, "html": text, "title": entry.title, "published": entry.published}


def run_round(sources: list[str], store: Store, settings: Settings, fetcher: Fetcher | None = None, *,
              log: Log = lambda line: None, step: Step | None = None) -> RoundReport:
    """One round over ``sources`` (URLs, OPML or text files, :func:`~newsweave.fetch.read_sources`); ``log`` gets
    each fault and the closing summary as a line, ``step`` the round's progress (:data:`~.report.Step`)."""
    from ..runner import run

    report = RoundReport(now_iso())
    tell = (lambda stage, done, total: step(report, stage, done, total)) if step else (lambda stage, done, total: None)
    start = time.monotonic()
    urls, problems = read_sources(sources)
    for problem in problems:
        report.faults.append((problem.split(": ", 1)[0], f"feed not read: {problem}"))
        report.skipped["bad-source"] += 1
        log(f"fault {problem}")
    state = WatchState.load(store)
    fetcher = fetcher or Fetcher(settings.watch, hosts=state.hosts)
    fetcher.on_reserve = lambda hosts: save_hosts(store, hosts)
    recovered = _recover_pending(store, state, report, log)
    validators: dict[str, dict[str, Any]] = {}
    queue: dict[str, Entry] = {}
    report.feeds = len(urls)
    for number, url in enumerate(urls, 1):
        tell("feeds", number - 1, len(urls))
        for entry in poll_source(fetcher, url, settings.watch, state, report, log, validators):
            if state.wanted(entry.url) and entry.url not in queue:
                queue[entry.url] = entry
        report.feeds_polled = number
        save_hosts(store, fetcher.hosts)
    tell("feeds", len(urls), len(urls))
    for url, title, published in state.retries():  # failed before: tried again, whether or not its feed changed
        queue.setdefault(url, Entry(url, title, published))
    todo = list(queue.values())[: settings.watch.max_pages]
    report.deferred, report.pages_new = len(queue) - len(todo), len(todo)
    fetched = []
    for number, entry in enumerate(todo):
        tell("pages", number, len(todo))
        if (record := _page_record(fetcher, entry, report, log)) is not None:
            fetched.append((entry.url, record))
        save_hosts(store, fetcher.hosts)
    tell("pages", len(todo), len(todo))
    records = [r for _, r in fetched]
    failed = {u: r for u, r in report.faults if u in queue}
    report.fetch_seconds = time.monotonic() - start
    with ExitStack() as ending:  # from the commit to the summary line, SIGTERM waits (signal_held)
        with tempfile.TemporaryDirectory(prefix="newsweave-watch-") as scratch:
            spool = Path(scratch) / "pages.jsonl"
            spool.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
            with store.writer_lock(exclusive=True):
                state = WatchState.load(store)  # as saved: another round may have run meanwhile
                state.pending.update({entry_url: record["id"] for entry_url, record in fetched})
                state.hosts = dict(fetcher.hosts)
                state.save(store)  # a watcher killed in the run finds these pages in the store, or fetches them again
                keep_baseline(store)
                ran = run([spool] if records else [], store, settings=settings, progress=tell if step else None,
                          keep_results=False)
                for failure in ran.failed:  # the other stories were saved; this one is tried again next round
                    record_fault(report, log, f"story {failure.story}", str(failure), "story-failed")
                stored = store.article_meta([r["id"] for r in records])
                reasons = _ingest_reasons(ran.ingest.errors, records)
                for entry_url, article_id in recovered:
                    state.stored(entry_url, article_id)
                for entry_url, record in fetched:
                    if record["id"] in stored:
                        state.stored(entry_url, record["id"])
                        state.stored(record["id"], record["id"])
                        if record["id"] not in report.pages_stored:
                            report.pages_stored.append(record["id"])
                    else:
                        reason = reasons.get(record["id"], "no article text found in the page")
                        failed[entry_url] = f"page not stored: {reason}"
                        record_fault(report, log, entry_url, f"page not stored: {reason}", "no-article")
                for url, reason in failed.items():
                    state.failed(url, reason, report.started, queue[url].title, queue[url].published)
                for url, values in validators.items():
                    state.feeds[url] = values
                state.pending.clear()
                state.hosts = {k: v for k, v in fetcher.hosts.items() if v > time.time()}
                state.rounds += 1
                ending.enter_context(signal_held(signal.SIGTERM))
                with store.transaction():
                    report.changes = record_round(store, report.started, report.pages_stored, ran.rebuilt, ran.removed)
                    state.save(store)
        report.seconds = time.monotonic() - start
        report.pipeline_seconds = report.seconds - report.fetch_seconds
        log(report.summary())
    return report


def _recover_pending(store: Store, state: WatchState, report: RoundReport, log: Log) -> list[tuple[str, str]]:
    """(page URL, article id) of the pages an unfinished round (a watcher killed in its run) handed to the pipeline
    and the store holds: not fetched again, and counted as stored in this round (its change log names them)."""
    if not state.pending:
        return []
    held = store.article_meta(list(dict.fromkeys(state.pending.values())))
    recovered = [(url, article_id) for url, article_id in state.pending.items() if article_id in held]
    for url, article_id in recovered:
        state.stored(url, article_id)
        if article_id not in report.pages_stored:
            report.pages_stored.append(article_id)
    state.pending.clear()  # the others were not stored: fetched again as new
    report.resumed = len(recovered)
    log(f"resumed an unfinished round: {len(recovered)} pages it stored are not fetched again")
    return recovered


def _ingest_reasons(errors: list[InputError], records: list[dict[str, Any]]) -> dict[str, str]:
    """Article id -> why the ingest skipped it, for the spool lines its errors name."""
    out = {}
    for error in errors:
        line = error.line or (int(m.group(1)) if (m := _LINE.search(error.source)) else None)
        if line and 1 <= line <= len(records):
            out[records[line - 1]["id"]] = error.reason
    return out


def watch(sources: list[str], store: Store, settings: Settings, *, every: float, once: bool = False,
          log: Log = lambda line: None, rounds: int | None = None, step: Step | None = None,
          on_round: Callable[[RoundReport], None] | None = None) -> int:
    """Rounds over ``sources`` every ``every`` seconds (from the start of one to the next) until stopped (or
    ``rounds`` rounds; one with ``once``); the exit status of the last round."""
    fetcher: Fetcher | None = None
    done = 0
    while True:
        started = time.monotonic()
        if fetcher is None:  # one fetcher for the watcher's life: robots.txt and host times carry over
            fetcher = Fetcher(settings.watch, hosts=WatchState.load(store).hosts)
        report = run_round(sources, store, settings, fetcher, log=log, step=step)
        if on_round is not None:
            on_round(report)
        done += 1
        if once or (rounds is not None and done >= rounds):
            return report.exit_code
        time.sleep(max(0.0, every - (time.monotonic() - started)))
