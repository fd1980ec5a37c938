"""The clustering state a run leaves in the store, so that the next run places only its new articles and goes on
exactly where one run over all the articles would stand.

A run saves its clusterer as it stood before its closing pass (:meth:`StoryClusterer.snapshot
<newsweave.stories.cluster.StoryClusterer.snapshot>`, less the texts names were read from): the closing pass only
decides the stories the run shows and stores, and the next run restores the clusterer without it, places its new
articles and closes again. The stories a batched run ends with are then those of one run over the same articles
in the same order; the full passes that bound each closing pass fall on fixed articles of the stream
(``clustering.full_pass_every``), so they too are the same however the stream is cut. Saved with it:

- the near-duplicate index (:meth:`~newsweave.dedupe.DuplicateIndex.snapshot`: MinHash signatures);
- for each article whose title gives no headline, the start of its body (a story's title may fall back on it);
- what it was built from: the ordered (id, version, length of the cleaned text) of its articles, and a key of
  newsweave's version, the clustering settings, the joining model and the producer of the cached names.

The next run restores the clusterer (:func:`load_clusterer`: no text read, no name looked up) when the store's
stories still hold exactly the saved articles, in the same order and version; then it reads only the new
articles, and marks near-copies over every article as a replay does, the unread ones by their saved signatures.
Anything else (an article removed, a new version, assignments written by another release, other settings, a
damaged state) makes it replay every article into its stored story and compare every story again. An article
whose cleaned body changed without a new version was re-cleaned (ingest drops paragraphs its outlet turned out to
repeat in many articles): it is read again for its MinHash and body start, but keeps the clustering features it
was placed with, since one run reads it with what the outlets' furniture had learned up to it (re-cleaned
articles are the one way a batched run and one run part). Zlib-compressed JSON, no pickles.
"""
from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import asdict, dataclass
from typing import Any, Iterable

from ..dedupe import DuplicateIndex
from ..parse_cache import ParseCache
from ..record import Article, Paragraph
from ..version import __version__
from .cluster import ClusterConfig, StoryClusterer, load_merge_model
from .features import clean_headline

STATE_NAME = "stories-clusterer"
FORMAT = 5  # bump when the saved layout or what it means changes (4: stories cut where like events chain; 5: ages in words)
# a story without a headline takes its title from the first line of a body, cut at 120 characters: one more
# character keeps a line of exactly 120 apart from a longer one
BODY_START_CHARS = 121


@dataclass
class SavedState:
    clusterer: dict  # StoryClusterer.snapshot(texts=False), taken before the closing pass
    duplicates: dict  # DuplicateIndex.snapshot()
    body_starts: dict[str, str]  # article id -> start of its body, for articles whose title gives no headline
    ids: set[str]  # the articles it holds
    recleaned: list[str]  # those whose cleaned body changed since without a new version


def settings_key(config: ClusterConfig, names: ParseCache) -> str:
    """What the saved state depends on besides the articles: newsweave's version, the clustering settings and
    the joining model they name, and the producer of the cached names (spaCy model included)."""
    model = load_merge_model(config.merge_model) if config.merge_model else None
    parts = {"format": FORMAT, "version": __version__, "config": asdict(config), "model": model, "names": names.key("")}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def load_clusterer(saved: SavedState, shown: set[str], config: ClusterConfig,
                   names: ParseCache | None = None) -> StoryClusterer:
    """The clusterer as the last run left it before its closing pass. The stories whose keys that run showed
    (``shown``) are pinned: merged with another, the merged story goes on under their key. Raises ValueError when
    the snapshot is damaged or does not hold exactly the saved articles."""
    clusterer = StoryClusterer.restore(saved.clusterer, config, name_cache=names)
    if set(clusterer.index_of) != saved.ids or clusterer.n != len(saved.ids):
        raise ValueError("the saved clusterer does not hold the saved articles")
    for story in clusterer.stories:
        story.pinned = story.key in shown
    return clusterer


def body_start(article: Article) -> str | None:
    """The start of the body, kept for an article whose title gives no headline."""
    return None if clean_headline(article.title) else article.text[:BODY_START_CHARS]


def encode_state(clusterer: StoryClusterer, index: DuplicateIndex, body_starts: dict[str, str], rows: list[dict],
                 key: str) -> bytes:
    """The state to save after a run, taken before its closing pass: ``rows`` are the store's article rows (in its
    order), all in ``clusterer``."""
    if len(rows) != len(clusterer.articles) or any(r["id"] not in clusterer.index_of for r in rows):
        raise ValueError("the clusterer does not hold exactly the store's articles")
    data = {"format": FORMAT, "settings": key, "articles": _fingerprint(rows), "clusterer": clusterer.snapshot(texts=False),
            "duplicates": index.snapshot(), "body_starts": body_starts}
    return zlib.compress(json.dumps(data, separators=(",", ":")).encode("ascii"), 1)


def decode_state(blob: bytes | None, key: str, rows: list[dict], known: dict[str, str]) -> SavedState | None:
    """The saved state when it still describes the store: the same settings key, its articles still stored in the
    same order and version, and exactly they in stories; else None."""
    if not blob:
        return None
    try:
        data = json.loads(zlib.decompress(blob))
    except (zlib.error, ValueError):  # damaged: replay
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("settings") != key:
        return None
    try:
        saved = data["articles"]
        ids = {a[0] for a in saved}
        now = [r for r in rows if r["id"] in ids]
        if ids != known.keys() or [[r["id"], r["version"]] for r in now] != [a[:2] for a in saved]:
            return None
        recleaned = [r["id"] for r, a in zip(now, saved) if r["chars"] != a[2]]
        return SavedState(data["clusterer"], data["duplicates"], data["body_starts"], ids, recleaned)
    except (KeyError, TypeError, IndexError):  # damaged: replay
        return None


def _fingerprint(rows: Iterable[dict]) -> list[list]:
    return [[r["id"], r["version"], r["chars"]] for r in rows]


def stored_article(row: dict, duplicate_of: str | None, start: str | None) -> Article:
    """An article as the stories document sees it, from its metadata row: no raw text, a body that is only its
    start when its title gives no headline."""
    paragraphs = [Paragraph(start, 0, len(start))] if start else []
    extra: dict[str, Any] = {"duplicate_of": duplicate_of} if duplicate_of else {}
    return Article(row["id"], "", "text", url=row.get("url"), outlet=row["outlet"], title=row["title"],
                   published=row["published"], language=row.get("language"), paragraphs=paragraphs, extra=extra)
