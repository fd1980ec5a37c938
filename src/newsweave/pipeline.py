"""The Python API behind the command line: extract (stateless) and ingest (into a store)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

from .errors import InputError, MalformedInput, NotFetched
from .execution import Executor, make_executor
from .extract import extract_article
from .ingest import InputFile, discover, read_input
from .language import add_language
from .options import Options
from .record import Article
from .repeats import count_keys, paragraph_keys, remove_outlet_repeats
from .store.base import Store

Progress = Callable[[int, int], None]
BATCH_SIZE = 500


@dataclass
class Summary:
    """What a run did: articles read, store outcome counts, and every input skipped with its reason."""

    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    not_fetched: list[NotFetched] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    files: int = 0
    stored: Counter = field(default_factory=Counter)

    @property
    def skipped_by_kind(self) -> Counter:
        return Counter(e.kind for e in self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors


def process_file(item: InputFile, options: Options) -> list[Article | InputError]:
    """Read one input file and run extraction (and language detection) on each of its articles."""
    out: list[Article | InputError] = []
    try:
        found_items = read_input(item, options)
    except Exception as exc:  # read_input reports bad input itself; this is the last line of defence
        return [MalformedInput(item.path, f"cannot be read ({type(exc).__name__}: {exc}); please report this input")]
    for found in found_items:
        if isinstance(found, InputError):
            out.append(found)
            continue
        try:
            article = extract_article(found)
            if options.detect_language:
                add_language(article)
        except Exception as exc:  # a parser bug must not sink the batch; report it per article
            out.append(MalformedInput(found.source, f"extraction failed ({type(exc).__name__}: {exc}); please report this input"))
            continue
        out.append(article)
    return out


def _stream(paths: list[str | Path], options: Options, manifest: str | Path | None, summary: Summary,
            executor: Executor | None, progress: Progress | None) -> Iterator[Article]:
    found = discover(paths, manifest)
    summary.errors.extend(found.errors)
    summary.ignored.extend(found.ignored)
    summary.files = len(found.files)
    run = executor or make_executor(options.workers)
    for done, results in enumerate(run.map(partial(process_file, options=options), found.files), 1):
        for result in results:
            if isinstance(result, NotFetched):
                summary.not_fetched.append(result)
            elif isinstance(result, InputError):
                summary.errors.append(result)
            else:
                yield result
        if progress:
            progress(done, len(found.files))


def extract_paths(paths: list[str | Path], options: Options | None = None, manifest: str | Path | None = None,
                  executor: Executor | None = None, progress: Progress | None = None) -> Summary:
    """Read and clean every article under ``paths`` without storing anything."""
    options = options or Options()
    summary = Summary()
    articles = list(_stream(paths, options, manifest, summary, executor, progress))
    counts = count_keys(articles)
    for article in articles:
        remove_outlet_repeats(article, counts, options.repeat_min_articles)
    summary.articles = articles
    return summary


def _store_batch(batch: list[Article], store: Store, options: Options, summary: Summary) -> None:
    """Clean ``batch`` against the outlet furniture already stored, store it, and re-clean stored articles whose
    furniture only now shows as repeated: one transaction, so another writer's batch is never half seen and a
    crash leaves no article stored uncleaned."""
    with store.transaction():
        counts = count_keys(batch)
        crossed: set[str] = set()  # stored articles whose furniture only now shows as repeated
        for outlet in {a.outlet for a in batch if a.outlet}:
            keys = {k for a in batch if a.outlet == outlet for k in paragraph_keys(a)}
            for key, owners in store.paragraph_owners(outlet, keys).items():
                before = len(owners)
                counts[(outlet, key)] |= owners
                if before < options.repeat_min_articles <= len(counts[(outlet, key)]):
                    crossed |= owners
        for article in batch:
            remove_outlet_repeats(article, counts, options.repeat_min_articles)
        results = store.put_articles(batch)
        refreshed = []
        for article_id in sorted(crossed - {a.id for a in batch}):
            old = store.get_article(article_id)
            if old is not None and remove_outlet_repeats(old, counts, options.repeat_min_articles):
                refreshed.append(old)
        if refreshed:
            store.update_cleaning(refreshed)
    summary.stored.update(r.status for r in results)
    if refreshed:
        summary.stored["re-cleaned"] += len(refreshed)


def ingest_paths(paths: list[str | Path], store: Store, options: Options | None = None, manifest: str | Path | None = None,
                 executor: Executor | None = None, progress: Progress | None = None, batch_size: int = BATCH_SIZE) -> Summary:
    """Read, clean and store every article under ``paths``, one transaction per batch."""
    options = options or Options()
    summary = Summary()
    batch: list[Article] = []
    for article in _stream(paths, options, manifest, summary, executor, progress):
        batch.append(article)
        if len(batch) >= batch_size:
            _store_batch(batch, store, options, summary)
            batch = []
    if batch:
        _store_batch(batch, store, options, summary)
    return summary
