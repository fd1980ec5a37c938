"""The Python API behind the command line: extract (stateless) and ingest (into a store).

Articles stream through: the records of a collection file are read lazily, a chunk at a time, and
extracted articles are handed on to batching as they come, so memory is bounded by the chunks in
flight and the store batch, not by the size of a file. Each document is extracted within a time and
memory budget (:mod:`newsweave.budget`); one over it is skipped with the reason.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Iterator

from .budget import BudgetExceeded, extraction_budget
from .errors import InputError, MalformedInput, NotFetched, UnsupportedInput
from .execution import Executor, make_executor
from .extract import extract_article
from .ingest import InputFile, discover, is_collection, read_input
from .language import add_language
from .options import Options
from .progress import Progress, StageProgress, expected_articles, for_stage
from .record import Article
from .repeats import count_keys, paragraph_keys, remove_outlet_repeats
from .store.base import Store

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


# Files whose records are read here, lazily, and sent on in chunks (JSON Lines, WARC, feeds, maybe
# gzipped): memory then holds a few chunks, never the whole file. Other files are read where they are
# extracted. Which path a file takes changes where work is done, not the results.
CHUNK_RECORDS = 32  # records of a collection per extraction task


@dataclass(frozen=True)
class Task:
    """One unit of extraction work: a file to read and extract (``item``), or records already read
    from a collection (``records``). ``last`` marks the final task of its file."""

    item: InputFile | None = None
    records: tuple[Article | InputError, ...] = ()
    last: bool = True


def _extract_one(found: Article | InputError, options: Options) -> Article | InputError:
    """Extraction (and language detection) of one raw article within the per-document budget."""
    if isinstance(found, InputError):
        return found
    try:
        with extraction_budget(options.extract_seconds, options.extract_memory_mb):
            article = extract_article(found)
            if options.detect_language:
                add_language(article)
    except BudgetExceeded as exc:
        return UnsupportedInput(found.source, exc.reason)
    except Exception as exc:  # a parser bug must not sink the batch; report it per article
        return MalformedInput(found.source, f"extraction failed ({type(exc).__name__}: {exc}); please report this input")
    return article


def _read(item: InputFile, options: Options) -> Iterator[Article | InputError]:
    """The records of one file, lazily; a reader bug ends the file with an error instead of raising."""
    try:
        yield from read_input(item, options)
    except Exception as exc:  # read_input reports bad input itself; this is the last line of defence
        yield MalformedInput(item.path, f"cannot be read ({type(exc).__name__}: {exc}); please report this input")


def process_file(item: InputFile, options: Options) -> list[Article | InputError]:
    """Read one input file and run extraction (and language detection) on each of its articles."""
    return [_extract_one(found, options) for found in _read(item, options)]


def process_task(task: Task, options: Options) -> list[Article | InputError]:
    """Extract the articles of one :class:`Task` (run by the executor, in-process or in a worker)."""
    if task.item is not None:
        return process_file(task.item, options)
    return [_extract_one(found, options) for found in task.records]


def _tasks(files: list[InputFile], options: Options) -> Iterator[Task]:
    """The tasks of ``files`` in order, made as the executor asks for them: a collection is read one chunk
    of records at a time."""
    for item in files:
        if not is_collection(item.path):
            yield Task(item=item)
            continue
        chunk: list[Article | InputError] = []
        for found in _read(item, options):
            chunk.append(found)
            if len(chunk) >= CHUNK_RECORDS:
                yield Task(records=tuple(chunk), last=False)
                chunk = []
        yield Task(records=tuple(chunk))


def _stream(paths: list[str | Path], options: Options, manifest: str | Path | None, summary: Summary,
            executor: Executor | None, progress: StageProgress | None) -> Iterator[Article]:
    """The articles under ``paths``, extracted as they are read; ``progress`` counts the articles (and skipped
    records) done against the number expected (:func:`~newsweave.progress.expected_articles`)."""
    found = discover(paths, manifest)
    summary.errors.extend(found.errors)
    summary.ignored.extend(found.ignored)
    summary.files = len(found.files)
    run = executor or make_executor(options.workers)
    try:
        yield from _results(run, found.files, options, summary, progress)
    finally:
        if executor is None:
            getattr(run, "close", lambda: None)()


def _results(run: Executor, files: list[InputFile], options: Options, summary: Summary,
             progress: StageProgress | None) -> Iterator[Article]:
    expected = expected_articles([f.path for f in files], is_collection) if progress else None
    done = 0
    if progress:
        progress(0, expected)
    for results in run.map(partial(process_task, options=options), _tasks(files, options)):
        for result in results:
            if isinstance(result, NotFetched):
                summary.not_fetched.append(result)
            elif isinstance(result, InputError):
                summary.errors.append(result)
            if progress and not isinstance(result, NotFetched):
                done += 1
                progress(done, None if expected is None else max(expected, done))
            if not isinstance(result, InputError):
                yield result
    if progress:
        progress(done, done)


def extract_paths(paths: list[str | Path], options: Options | None = None, manifest: str | Path | None = None,
                  executor: Executor | None = None, progress: Progress | None = None) -> Summary:
    """Read and clean every article under ``paths`` without storing anything."""
    options = options or Options()
    summary = Summary()
    articles = list(_stream(paths, options, manifest, summary, executor, for_stage(progress, "extract")))
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
        # the keys of kept and repeat-removed paragraphs: the same before and after the cleaning below
        keys_of = {a.id: paragraph_keys(a) for a in batch}
        by_outlet: dict[str, set[str]] = {}
        for article in batch:
            if article.outlet:
                by_outlet.setdefault(article.outlet, set()).update(keys_of[article.id])
        crossed: set[str] = set()  # stored articles whose furniture only now shows as repeated
        for outlet, keys in by_outlet.items():
            for key, owners in store.paragraph_owners(outlet, keys).items():
                before = len(owners)
                counts[(outlet, key)] |= owners
                if before < options.repeat_min_articles <= len(counts[(outlet, key)]):
                    crossed |= owners
        for article in batch:
            remove_outlet_repeats(article, counts, options.repeat_min_articles)
        results = store.put_articles(batch, keys_of)
        # an unchanged article of the batch is not written again: its new cleaning is saved like a stored one's
        unchanged = {r.id for r in results if r.status == "unchanged"} & crossed
        refreshed = [a for a in batch if a.id in unchanged]
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
    for article in _stream(paths, options, manifest, summary, executor, for_stage(progress, "ingest")):
        batch.append(article)
        if len(batch) >= batch_size:
            _store_batch(batch, store, options, summary)
            batch = []
    if batch:
        _store_batch(batch, store, options, summary)
    return summary
