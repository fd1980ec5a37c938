"""The storage seam: everything the pipeline, the CLI and the web app need from a store, and nothing more.

SQLite implements it now (:mod:`newsweave.store.sqlite`); a PostgreSQL store implements the same
methods later, registers its URL scheme in :mod:`newsweave.store.registry` and adds one parameter to
the contract suite (``tests/test_store_contract.py``) that every backend passes.

What every backend promises beyond the signatures:

- a store keeps and returns what it is given; it computes nothing (no analysis, no clustering);
- every failure while in use is a :class:`~newsweave.errors.StoreError` that says what to do (never the
  database driver's own exception), and a write that fails stores nothing of its transaction;
- articles are listed by ``published`` then ``id``, articles without a date first;
- a store opened read-only refuses every write (:meth:`Store.transaction` included) with a StoreError.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from contextlib import AbstractContextManager
from typing import Any, Callable, Iterable, Iterator, Literal, Mapping, Protocol

from ..record import Article

PutStatus = Literal["new", "changed", "unchanged"]


@dataclass(frozen=True)
class PutResult:
    id: str
    status: PutStatus
    version: int


@dataclass
class RunResults:
    """What the main job computed from the stored articles, saved in one go (replacing the last run's).

    ``stories`` is the ``newsweave.stories/1`` document, ``analyses`` article id -> analysis document
    (entities, quotes, numbers), ``entities`` the linked entities (``entities.json``'s list), ``briefs``
    story id -> ``newsweave.brief/1`` document.
    """

    stories: dict[str, Any]
    analyses: dict[str, dict[str, Any]] = field(default_factory=dict)
    entities: list[dict[str, Any]] = field(default_factory=list)
    briefs: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class ResultsUpdate:
    """The results of some stories, replacing what the store holds for them (an incremental run's update).

    ``stories`` are rows of the stories document to insert or replace, ``briefs`` their briefs, ``analyses``
    the analysis documents of their articles (each article's ``entity_articles`` counts are replaced with it),
    ``story_entities`` story id -> the entity records linked within that story (replacing the story's), and
    ``entities`` the corpus-wide entity records to insert or replace (each with ``mentions``, its total).
    The ``removed_*`` lists name stories, analyses and entities to delete (a removed story loses its brief and
    its story entity records too)."""

    stories: list[dict[str, Any]] = field(default_factory=list)
    briefs: dict[str, dict[str, Any]] = field(default_factory=dict)
    analyses: dict[str, dict[str, Any]] = field(default_factory=dict)
    story_entities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    entities: list[dict[str, Any]] = field(default_factory=list)
    removed_stories: list[str] = field(default_factory=list)
    removed_analyses: list[str] = field(default_factory=list)
    removed_entities: list[str] = field(default_factory=list)


def entity_counts(analysis: dict[str, Any]) -> dict[str, int]:
    """Entity id -> its mentions in one analysis document."""
    return {e["id"]: len(e.get("mentions") or []) for e in analysis.get("entities") or []}


StorySort = Literal["recent", "size"]


@dataclass(frozen=True)
class StoryQuery:
    """Filters for the story list; every field is optional. Dates are ISO ``YYYY-MM-DD`` (inclusive)."""

    text: str | None = None       # words in the titles and bodies of a story's articles (all must occur; prefixes match)
    entity: str | None = None     # an entity id, or part of a name or name variant
    outlet: str | None = None     # exact outlet name
    since: str | None = None      # stories with an article published on or after this day
    until: str | None = None      # stories with an article published on or before this day
    sort: StorySort = "recent"    # "recent": latest article first; "size": most articles first
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class StoryPage:
    total: int                    # stories matching the query
    stories: list[dict[str, Any]]  # one page of ``stories`` rows (the stories document's fields)


class Store(Protocol):
    read_only: bool  # opened read-only: every write is refused

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction around everything done inside (a nested one joins it): committed together at the
        end, or rolled back together on an error or a crash. Another writer's transaction waits for it; readers
        see the state before it until it commits."""

    def writer_lock(self, exclusive: bool = False, waiting: Callable[[str], None] | None = None) -> AbstractContextManager[None]:
        """Hold the store's writer lock for a whole job: exclusive for a run (ingest, stories and outputs from one
        state of the store), shared for ingest and remove (their transactions keep them correct beside each other).
        When the caller must wait, ``waiting`` is told once, with a line that names who holds the lock."""

    def put_articles(self, articles: Iterable[Article], paragraph_keys: Mapping[str, Iterable[str]] | None = None) -> list[PutResult]:
        """Store a batch in one transaction: unchanged content is a no-op, changed content a new version.
        ``paragraph_keys`` (article id -> the keys of its paragraphs, computed by the ingest stage) is what
        :meth:`paragraph_owners` finds a new or changed article under; an article not in it is found under none."""

    def update_cleaning(self, articles: Iterable[Article]) -> None:
        """Replace the cleaned body of stored articles without making a new version."""

    def remove_articles(self, article_ids: Iterable[str], cache_keys: Callable[[str], Iterable[tuple[str, str]]] | None = None) -> list[str]:
        """Remove articles with their versions, paragraph index rows, story assignments, analyses and the cached
        results ``cache_keys(text)`` names for their texts, in one transaction; return the ids that were not stored."""

    def get_article(self, article_id: str) -> Article | None:
        """The current version of the article, as it was put (cleaning updates included), or None."""

    def iter_articles(self) -> Iterator[Article]:
        """Every current article, by published date then id (undated ones first)."""

    def article_rows(self) -> list[dict]:
        """Metadata of every current article, in :meth:`iter_articles`'s order: id, title, outlet, published,
        language, version, url, chars (length of the cleaned text)."""

    def versions(self, article_id: str) -> list[dict]:
        """Every stored version of the article, oldest first: id, version (1, 2, ...), content_hash, ingested_at."""

    def paragraph_owners(self, outlet: str, keys: Iterable[str]) -> dict[str, set[str]]:
        """For paragraph keys of one outlet, the ids of stored articles that hold them."""

    def story_assignments(self) -> dict[str, str]:
        """Article id -> story id, in the order the articles were assigned."""

    def story_duplicates(self) -> dict[str, str | None]:
        """Article id -> the id of the article it is a syndicated copy of (None when it is not a copy)."""

    def put_story_assignments(self, assignments: dict[str, tuple[str, str | None]]) -> None:
        """Save article id -> (story id, duplicate_of) in one transaction; existing rows keep their order."""

    def story_membership(self, article_ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """Article id -> (story id, duplicate_of) for the given articles that are in a story."""

    def get_cached(self, kind: str, keys: Iterable[str]) -> dict[str, bytes]:
        """Key -> value of the results of kind ``kind`` cached under ``keys`` (see :mod:`newsweave.parse_cache`)."""

    def put_cached(self, kind: str, items: dict[str, bytes]) -> None:
        """Cache results of kind ``kind`` by key."""

    def put_results(self, results: RunResults) -> None:
        """Save a run's stories, analyses, entities and briefs in one transaction, replacing the previous run's."""

    def update_results(self, update: ResultsUpdate) -> None:
        """Apply an incremental run's results in one transaction: what it names is replaced or removed, the rest
        of the stored results is kept as it is."""

    def story_entity_records(self, entity_ids: Iterable[str]) -> dict[str, dict[str, dict[str, Any]]]:
        """Entity id -> {story id: the entity's record as linked within that story} for the given entities."""

    def story_entity_ids(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        """Story id -> the ids of the entities whose records that story holds, for the given stories that hold any."""

    def get_state(self, name: str) -> bytes | None:
        """A blob a run saved under ``name`` (clustering state), or None."""

    def put_state(self, name: str, value: bytes) -> None:
        """Save a run's blob under ``name``, replacing the previous one."""

    def find_stories(self, query: StoryQuery) -> StoryPage: ...

    def get_story(self, story_id: str) -> dict[str, Any] | None:
        """The story's row of the stories document, or None."""

    def get_brief(self, story_id: str) -> dict[str, Any] | None: ...

    def get_analysis(self, article_id: str) -> dict[str, Any] | None: ...

    def get_entity(self, entity_id: str) -> dict[str, Any] | None:
        """The entity (name, type, variants, merges) with ``articles``: [{"article", "story", "mentions"}]."""

    def find_entities(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Entities whose name or a variant contains ``text`` (case-insensitive), most mentioned first."""

    def article_meta(self, article_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Id, title, outlet and published date of the given articles that are stored."""

    def outlets(self) -> list[str]:
        """Every outlet in the store, most articles first."""

    def put_outlets(self, records: Iterable[dict[str, Any]]) -> None:
        """Replace the stored outlet records (:func:`newsweave.outlets.read_outlets`'s, each with its ``key``) in one transaction."""

    def outlet_records(self) -> list[dict[str, Any]]:
        """The stored outlet records, as they were put, by key."""

    def schema_version(self) -> int:
        """The version of the store's schema (the backend's current one once opened read-write)."""

    def integrity_check(self) -> str:
        """``"ok"`` when the store is sound, else the backend's description of what is damaged."""

    def close(self) -> None: ...
