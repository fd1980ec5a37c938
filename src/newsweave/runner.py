"""The main job, :func:`run`: the one pipeline the command line, tests and any other caller use.

Stages, in order: ingest the inputs into the store (:func:`newsweave.pipeline.ingest_paths`); assign the
articles not yet in a story (:func:`newsweave.stories.update_store_stories`, stored stories keep theirs);
analyse every stored article (entities, quotes, numbers; parses cached in the store); build every story's
brief; save stories, analyses, entities and briefs in the store in one transaction (what ``newsweave brief``
and the web app read); and, when an output folder is given, write it (:mod:`newsweave.outputs`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from .execution import Executor
from .options import Options
from .outputs import Written, write_run_outputs
from .parse_cache import ParseCache
from .pipeline import Progress, Summary, ingest_paths
from .record import Article
from .store.base import RunResults, Store

if TYPE_CHECKING:  # the analysis, brief and story stages load spaCy, scikit-learn & co.: imported when a run needs them
    from .analysis import Analysis


@dataclass
class RunReport:
    """What :func:`run` did: the ingest summary, the results it saved in the store, the articles analysed only in
    part (id -> what their analysis left out) and the files written (None when no output folder was given)."""

    ingest: Summary
    results: RunResults
    partial: dict[str, dict[str, Any]] = field(default_factory=dict)
    written: Written | None = None

    @property
    def stories(self) -> dict[str, Any]:
        """The ``newsweave.stories/1`` document."""
        return self.results.stories

    @property
    def story_count(self) -> int:
        return len(self.results.stories.get("stories") or [])

    @property
    def article_count(self) -> int:
        """Articles analysed: every article in the store."""
        return len(self.results.analyses)


def build_briefs(stories: dict[str, Any], articles: list[Article], analysed: Analysis,
                 vectors: ParseCache | None = None) -> dict[str, dict[str, Any]]:
    """Story id -> ``newsweave.brief/1`` document for every story of the stories document; ``articles`` holds
    (at least) every member (their ``duplicate_of`` is set from the document); ``vectors`` caches sentence vectors."""
    from .brief import build_brief

    copies = {row["id"]: row.get("duplicate_of") for row in stories.get("articles") or []}
    by_id = {}
    for article in articles:
        if copies.get(article.id):
            article.extra["duplicate_of"] = copies[article.id]
        by_id[article.id] = article
    briefs = {}
    for story in stories.get("stories") or []:
        members = [by_id[a] for a in story["articles"] if a in by_id]
        briefs[story["id"]] = build_brief(story, members, analysed, vectors)
    return briefs


def run(inputs: Iterable[str | Path], store: Store, options: Options | None = None, *, out: str | Path | None = None,
        manifest: str | Path | None = None, executor: Executor | None = None, progress: Progress | None = None) -> RunReport:
    """Ingest ``inputs`` (files or folders; may be empty) into ``store``, update its stories, analyse its articles,
    build every story's brief and save these results in the store; with ``out``, also write the output folder
    (``stories.json``, ``entities.json``, ``articles/``, ``stories/``, ``index.html``). ``out=None`` writes no file.

    The caller holds the store's writer lock, exclusive (``store.writer_lock(exclusive=True)``), so stories and
    results come from one state of the store. ``options``, ``manifest``, ``executor`` and ``progress`` are
    :func:`~newsweave.pipeline.ingest_paths`'s."""
    from .analysis import analyse
    from .stories import update_store_stories

    summary = ingest_paths(list(inputs), store, options, manifest=manifest, executor=executor, progress=progress)
    stories = update_store_stories(store)
    articles = list(store.iter_articles())
    analysed = analyse(articles, cache=ParseCache(store, "analysis"))
    briefs = build_briefs(stories, articles, analysed, ParseCache(store, "sentence-vectors", binary=True))
    results = RunResults(stories, analysed.articles, analysed.entities_document()["entities"], briefs)
    store.put_results(results)
    written = write_run_outputs(Path(out), results, {a.id: a.raw for a in articles}) if out is not None else None
    return RunReport(summary, results, dict(analysed.partial), written)
