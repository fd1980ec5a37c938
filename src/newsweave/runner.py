"""The main job, :func:`run`: the one pipeline the command line, tests and any other caller use.

Stages, in order: ingest the inputs into the store (:func:`newsweave.pipeline.ingest_paths`, per article);
assign the articles not yet in a story (:func:`newsweave.stories.update_store_stories`, which goes on from the
clusterer the last run saved); find the stories whose articles changed since the last results (:mod:`newsweave.story_results`);
for each of those only, parse its articles (:mod:`newsweave.article_parse`, per article, cached in the
store), link its entities and group its quotes (:mod:`newsweave.analysis`, per story) and build its brief;
save them in the store in one transaction, with the corpus-wide entity records they change (what
``newsweave brief`` and the web app read); and, when an output folder is given, write it
(:mod:`newsweave.outputs`). A run over an unchanged store rebuilds nothing; the results of a story are the
same whether a run rebuilt it alone or with every other.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable

from .errors import StoreError, StoryError
from .execution import Executor, batches, opened_executor
from .options import Options
from .outputs import Written, write_run_outputs
from .parse_cache import ParseCache
from .pipeline import Summary, ingest_paths
from .progress import Progress, for_stage
from .record import Article
from .settings import BriefSettings, Settings
from .store.base import ResultsUpdate, RunResults, Store
from .story_results import (STATE_NAME, dump_fingerprints, load_fingerprints, merge_entity_records, stale_stories,
                            story_entity_records, story_fingerprints)

@dataclass
class RunReport:
    """What :func:`run` did: the ingest summary; the results it built and saved in the store (``results.stories``
    is the whole stories document, the entities and, when the run kept them, the analyses and briefs those of the
    stories it rebuilt); the stories it rebuilt and those it removed; the articles analysed only in part (id ->
    what their analysis left out: of the rebuilt stories, or of every story when an output folder was written),
    the files written (None when no output folder was given), how many stored articles name no outlet (they
    count as one source) and the stories whose analysis or brief failed (:class:`~newsweave.errors.StoryError`:
    they keep what the store held for them and are built again by the next run; the other stories are saved)."""

    ingest: Summary
    results: RunResults
    rebuilt: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    partial: dict[str, dict[str, Any]] = field(default_factory=dict)
    written: Written | None = None
    without_outlet: int = 0
    failed: list[StoryError] = field(default_factory=list)

    @property
    def stories(self) -> dict[str, Any]:
        """The ``newsweave.stories/1`` document."""
        return self.results.stories

    @property
    def story_count(self) -> int:
        return len(self.results.stories.get("stories") or [])

    @property
    def article_count(self) -> int:
        """Articles in stories: every article in the store."""
        return len(self.results.stories.get("articles") or [])


# stories whose sentences are encoded together, then briefed, then saved: 256 (whole gva_stream on Ray, 2 workers
# against 1: 215.1 / 342.8 s at 256, 233.0 / 362.3 s at 64: fewer maps, less waiting for a map's last task)
BRIEF_CHUNK = 256
BRIEF_TASK = 8  # stories whose briefs one task of the executor builds
PARSE_ROUND = 512  # stories whose articles are parsed together, then analysed, saved and let go

Save = Callable[[list[dict[str, Any]], RunResults, dict[str, list[dict[str, Any]]]], None]


@dataclass
class Built:
    """What analysing some stories gave: their analyses and briefs (none kept when they were saved as built),
    story id -> entity records, article id -> what its analysis left out, and the stories that failed."""

    results: RunResults = field(default_factory=lambda: RunResults({}))
    entities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    partial: dict[str, dict[str, Any]] = field(default_factory=dict)
    failed: dict[str, StoryError] = field(default_factory=dict)


def parse_ahead(stories: list[dict[str, Any]], store: Store, settings: Settings, executor: Executor,
                progress: Progress | None = None) -> None:
    """Parse the articles of ``stories`` that the store's parse cache lacks, :data:`PARSE_ROUND` stories at a time,
    each round's parses saved (committed) in the cache and let go. A run does this before its results transaction,
    so a run that fails or is stopped keeps what it parsed and the next one goes on from there."""
    parse_cache = ParseCache(store, "analysis", fingerprint=settings.parse_fingerprint())
    stage = for_stage(progress, "parse")
    total = sum(len(story["articles"]) for story in stories)
    if stage:
        stage(0, total)
    done = 0
    for start in range(0, len(stories), PARSE_ROUND):
        batch = stories[start:start + PARSE_ROUND]
        _parse(_members(batch, store), parse_cache, settings, executor,
               (lambda n, _, base=done: stage(base + n, total)) if stage else None)
        done += sum(len(story["articles"]) for story in batch)  # articles no longer stored count as done
        if stage:
            stage(done, total)


def _analyse_stories(stories: list[dict[str, Any]], store: Store, settings: Settings, executor: Executor,
                     progress: Progress | None = None, save: Save | None = None) -> Built:
    """Analyses, briefs and entity records of ``stories`` (rows of the stories document), each story analysed on
    its own; their members' parses are read (per article, from the store's parse cache, where :func:`parse_ahead`
    put them; else parsed here) :data:`PARSE_ROUND` stories at a time. With ``save``, each chunk's results go to
    ``save(rows, results, story entities)`` as they are built and are not kept (what a run holds stays bounded however many stories it rebuilds). A story whose
    analysis or brief fails is left out of what is saved, with its :class:`StoryError`; the others go on."""
    built = Built()
    parse_cache = ParseCache(store, "analysis", fingerprint=settings.parse_fingerprint())
    vectors = ParseCache(store, "sentence-vectors", binary=True)
    done = 0
    brief_stage = for_stage(progress, "briefs")
    if brief_stage:
        brief_stage(0, len(stories))
    for start in range(0, len(stories), PARSE_ROUND):
        batch = stories[start:start + PARSE_ROUND]
        members = _members(batch, store)
        parses = _parse(members, parse_cache, settings, executor, None)  # found in the cache (parse_ahead)
        for first in range(0, len(batch), BRIEF_CHUNK):  # the sentences of a chunk of stories encoded on the executor
            rows = batch[first:first + BRIEF_CHUNK]
            chunk = _chunk_results(rows, members, parses, vectors, settings, executor)
            built.entities.update(chunk.entities)
            built.partial.update(chunk.partial)
            built.failed.update(chunk.failed)
            if save is not None:
                save([r for r in rows if r["id"] not in chunk.failed], chunk.results, chunk.entities)
            else:
                built.results.analyses.update(chunk.results.analyses)
                built.results.briefs.update(chunk.results.briefs)
            done += len(rows)
            if brief_stage:
                brief_stage(done, len(stories))
    vectors.flush()
    return built


def _members(stories: list[dict[str, Any]], store: Store) -> dict[str, Article]:
    """The stored articles of ``stories``, each syndicated copy marked with its original."""
    wanted = [i for story in stories for i in story["articles"]]
    membership = store.story_membership(wanted)
    members: dict[str, Article] = {}
    for article_id in wanted:
        article = store.get_article(article_id)
        if article is not None:
            if membership.get(article_id, (None, None))[1]:
                article.extra["duplicate_of"] = membership[article_id][1]
            members[article_id] = article
    return members


def _parse(members: dict[str, Article], cache: ParseCache, settings: Settings, executor: Executor, progress) -> dict:
    from .article_parse import parse_articles

    analysis = settings.analysis
    return parse_articles(members.values(), cache, analysis.analysed_chars, piece_chars=analysis.piece_chars,
                          executor=executor, progress=progress)


def _chunk_results(stories: list[dict[str, Any]], members: dict[str, Article], parses: dict, vectors: ParseCache,
                   settings: Settings, executor: Executor) -> Built:
    """The results of a chunk of stories; a story whose analysis or brief raises is kept apart with its error."""
    from .analysis import link_parses
    from .brief import brief_units, unit_texts
    from .brief.encoder import encode_ahead

    analysis = settings.analysis
    built = Built()
    chunk = []
    for story in stories:
        try:
            articles = [members[i] for i in story["articles"] if i in members]
            analysed = link_parses(articles, parses, analysis.analysed_chars)
            chunk.append((story, articles, analysed, brief_units(story, articles, analysed, settings.brief)))
        except Exception as exc:  # one story's bug must not lose the run: the others are saved
            _store_failure(exc)
            built.failed[story["id"]] = StoryError(story["id"], "its analysis", exc)
    encode_ahead([t for *_, units in chunk for t in unit_texts(units[2])], vectors, executor)
    # each brief is built on the executor from its story's records and vectors, so the briefs spread over its workers
    tasks = [(story, articles, analysed, units, FoundVectors(vectors.get_many(unit_texts(units[2]))))
             for story, articles, analysed, units in chunk]
    work = [(batch, settings.brief) for batch in batches(tasks, BRIEF_TASK)]
    try:
        outcomes = [o for batch in executor.map(brief_task, work) for o in batch]
    except Exception:  # the executor failed, not a brief (each brief's own error comes back as its StoryError): a lost
        outcomes = [o for item in work for o in brief_task(item)]  # worker, a task that could not travel; build here
    for (story, _, analysed, _), outcome in zip(chunk, outcomes):
        if isinstance(outcome, StoryError):
            built.failed[story["id"]] = outcome
            continue
        brief, entities = outcome
        built.results.analyses.update(analysed.articles)
        built.results.briefs[story["id"]] = brief
        built.entities[story["id"]] = entities
        built.partial.update(analysed.partial)
    return built


class FoundVectors:
    """Sentence vectors already encoded (text -> half-precision bytes, from the run's vector cache), read as a cache
    that keeps nothing new: what a brief built on a worker is handed instead of the store."""

    def __init__(self, found: dict[str, bytes]) -> None:
        self.found = found

    def get_many(self, texts: Any) -> dict[str, bytes]:
        return {t: self.found[t] for t in texts if t in self.found}

    def put(self, text: str, value: bytes) -> None:
        pass

    def flush(self) -> None:
        pass


def brief_task(task: tuple[list[tuple], BriefSettings]) -> list[tuple[dict[str, Any], list[dict[str, Any]]] | StoryError]:
    """Per story of ``task`` (``(story, articles, analysis, units, vectors)`` tuples, and the brief settings): its brief
    and entity records, or its :class:`StoryError`. One task of an executor (in-process or in a worker), touching no
    store."""
    from .brief import build_brief

    stories, brief_settings = task
    out: list = []
    for story, articles, analysed, units, vectors in stories:
        try:
            brief = build_brief(story, articles, analysed, vectors, settings=brief_settings, units=units)
            out.append((brief, story_entity_records(analysed.entities_document(), analysed.articles)))
        except Exception as exc:  # one story's bug must not lose the run: the others are saved
            out.append(StoryError(story["id"], "its brief", exc))
    return out


def _store_failure(exc: Exception) -> None:
    """Raise ``exc`` again when the store failed (a cache write inside a brief): that ends the run's transaction,
    not one story."""
    if isinstance(exc, StoreError) or type(exc).__module__.split(".")[0] in ("sqlite3", "psycopg", "psycopg2"):
        raise exc


def _entity_records(store: Store, story_entities: dict[str, list[dict[str, Any]]],
                    dropped: dict[str, list[str]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The corpus-wide records of every entity a rebuilt or removed story had or has (merged over the stories that
    link it, :func:`~newsweave.story_results.merge_entity_records`), and the ids no story links any more.
    ``dropped``: story id -> the entity ids its stored records held, for the stories rebuilt or removed."""
    affected = {e["id"] for records in story_entities.values() for e in records} | {e for ids in dropped.values() for e in ids}
    stored = store.story_entity_records(sorted(affected))
    new: dict[str, dict[str, dict[str, Any]]] = {}
    for story_id, story_records in story_entities.items():
        for record in story_records:
            new.setdefault(record["id"], {})[story_id] = record
    records, gone = [], []
    for entity_id in sorted(affected):
        by_story = {k: v for k, v in stored.get(entity_id, {}).items() if k not in dropped}
        by_story.update(new.get(entity_id, {}))
        merged = merge_entity_records(by_story[k] for k in sorted(by_story))
        if merged is None:
            gone.append(entity_id)
        else:
            records.append(merged)
    return records, gone


def run(inputs: Iterable[str | Path], store: Store, options: Options | None = None, *, out: str | Path | None = None,
        manifest: str | Path | None = None, executor: Executor | None = None, progress: Progress | None = None,
        settings: Settings | None = None, keep_results: bool = True) -> RunReport:
    """Ingest ``inputs`` (files or folders; may be empty) into ``store``, update its stories, rebuild the results of
    the stories whose articles changed since the last run (analyses, entities, brief) and save them in the store;
    with ``out``, also write the output folder (``stories.json``, ``entities.json``, ``articles/``, ``stories/``,
    ``index.html``) from everything the store then holds. ``out=None`` writes no file.

    The caller holds the store's writer lock, exclusive (``store.writer_lock(exclusive=True)``), so stories and
    results come from one state of the store. ``settings`` (:func:`newsweave.settings.load_settings`; the defaults
    when None) rule every stage; ``options`` replaces its ingest section. ``manifest`` and
    ``executor`` are :func:`~newsweave.pipeline.ingest_paths`'s; ``progress(stage, done, total)`` hears how each long
    stage goes (:mod:`newsweave.progress`: ingest, stories, parse, briefs, pages). Without ``keep_results`` the
    analyses and briefs of the rebuilt stories are written to the store chunk by chunk as they are built and the
    report holds none of them (read them from the store): what the run holds stays bounded however many stories
    it rebuilds, as the command line runs it."""
    settings = settings or Settings()
    if options is not None:
        settings = replace(settings, ingest=options)
    if executor is None:  # the settings' executor (local, a process pool, Ray), closed at the end of the run
        with opened_executor(settings.ingest) as own:
            return _run(inputs, store, settings, out, manifest, own, progress, keep_results)
    return _run(inputs, store, settings, out, manifest, executor, progress, keep_results)


def _run(inputs: Iterable[str | Path], store: Store, settings: Settings, out: str | Path | None,
         manifest: str | Path | None, executor: Executor, progress: Progress | None,
         keep_results: bool = True) -> RunReport:
    """:func:`run` with its settings and executor settled; ``executor`` runs the per-article stages (ingest, parse)."""
    from .stories import update_store_stories

    summary = ingest_paths(list(inputs), store, settings.ingest, manifest=manifest, executor=executor, progress=progress)
    stories = update_store_stories(store, settings.clustering, for_stage(progress, "stories"), executor)
    rows = {row["id"]: row for row in store.article_rows()}
    current = story_fingerprints(stories, rows, _results_key(settings))
    saved = load_fingerprints(store.get_state(STATE_NAME))
    rebuild, removed = stale_stories(current, saved or {})
    by_id = {s["id"]: s for s in stories.get("stories") or []}
    # the entity ids the stories to rebuild or remove linked, read before their new records replace them
    dropped = store.story_entity_ids([*rebuild, *removed]) if saved is not None else {}
    dropped.update({k: dropped.get(k, []) for k in [*rebuild, *removed]})

    def save(rows: list[dict[str, Any]], chunk: RunResults, chunk_entities: dict[str, list[dict[str, Any]]]) -> None:
        store.update_results(ResultsUpdate(stories=rows, briefs=chunk.briefs, analyses=chunk.analyses,
                                           story_entities=chunk_entities))

    parse_ahead([by_id[k] for k in rebuild], store, settings, executor, progress)
    # one transaction: readers see the last run's results until every rebuilt story's are written; each chunk of
    # stories is written as it is built, so the run holds no more than a chunk's results (keep_results keeps them)
    with store.transaction():
        if saved is None:  # no results of this kind yet: whatever an older run saved goes
            store.put_results(RunResults({"stories": []}))
        analysed = _analyse_stories([by_id[k] for k in rebuild], store, settings, executor, progress,
                                    None if keep_results else save)
        failed = analysed.failed
        if keep_results:
            save([by_id[k] for k in rebuild if k not in failed], analysed.results, analysed.entities)
        # a failed story keeps what the store holds for it (its entity records count as they are) and is built
        # again by the next run: its fingerprint stays the last run's
        entities, gone = _entity_records(store, analysed.entities, {k: v for k, v in dropped.items() if k not in failed})
        store.update_results(ResultsUpdate(entities=entities, removed_stories=removed, removed_entities=gone))
        for story_id in failed:
            if saved and story_id in saved:
                current[story_id] = saved[story_id]
            else:
                current.pop(story_id, None)
        store.put_state(STATE_NAME, dump_fingerprints(current))
    built = analysed.results
    built.stories = stories
    built.entities = entities
    partial = analysed.partial
    rebuild = [k for k in rebuild if k not in failed]
    written = None
    if out is not None:
        everything = stored_results(store, stories)
        stored = [a for a in (store.get_article(i) for i in everything.analyses) if a is not None]
        raw, urls = {a.id: a.raw for a in stored}, {a.id: a.url for a in stored if a.url}
        written = write_run_outputs(Path(out), everything, raw, for_stage(progress, "pages"), urls)
        # the output folder's analyses that say what they left out, whichever run built them
        partial = {k: doc["partial"] for k, doc in everything.analyses.items() if doc.get("partial")}
    without_outlet = sum(1 for row in rows.values() if not row.get("outlet"))
    return RunReport(summary, built, rebuild, removed, partial, written, without_outlet, list(failed.values()))


def _results_key(settings: Settings) -> str:
    """A digest of what a story's results are built from besides its articles and newsweave's version (which the
    fingerprints hold): the analysis and brief settings and the brief's link model; stories built under others are
    rebuilt (a store does not mix briefs of two models)."""
    from .brief.links import shipped_model

    values = {k: v for k, v in settings.as_dict().items() if k in ("analysis", "brief")}
    values["link_model"] = shipped_model()
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:12]


def stored_results(store: Store, stories: dict[str, Any]) -> RunResults:
    """Every result the store holds for the stories document ``stories``: analyses, entities, briefs."""
    ids = [row["id"] for row in stories.get("articles") or []]
    analyses = {i: a for i in ids if (a := store.get_analysis(i)) is not None}
    briefs = {s["id"]: b for s in stories.get("stories") or [] if (b := store.get_brief(s["id"])) is not None}
    entities = []
    for found in store.find_entities("", limit=1 << 62):
        entity = store.get_entity(found["id"])
        if entity is not None:
            entity["articles"] = sorted({row["article"] for row in entity.get("articles") or []})
            entities.append(entity)
    return RunResults(stories, analyses, entities, briefs)
