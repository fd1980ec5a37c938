"""The clustering state a run leaves in the store, so that the next run reads and places only its new articles.

Before placing new articles, a run loads every stored article into its stored story, in the store's order (a
replay). What that costs is reading each article's text and finding its features and names again; what the loaded
clusterer holds follows from those features alone. So a run saves, with the stories, what a replay would read:

- each article's clustering features (terms, date, stated numbers, names), in the store's order;
- what the outlets repeat (:class:`~newsweave.stories.features.SiteFurniture`), as learned from them all;
- the near-duplicate index (:meth:`~newsweave.dedupe.DuplicateIndex.snapshot`: MinHash signatures);
- for each article whose title gives no headline, the start of its body (a story's title may fall back on it);
- what it was built from: the ordered (id, version, length of the cleaned text) of its articles, and a key of
  newsweave's version, the clustering settings, the joining model and the producer of the cached names.

The next run rebuilds the loaded clusterer from the saved features (:func:`load_clusterer`: no text read, no name
looked up) when the store's stories still hold exactly the saved articles, in the same order and version; then it
reads only the new articles, and marks near-copies over every article as a replay does, the unread ones by their
saved signatures. Anything else (an article removed, a new version, assignments written by another release, other
settings, a damaged state) makes it replay every article. An article whose cleaned body changed without a new
version was re-cleaned (ingest drops paragraphs its outlet turned out to repeat in many articles): it is read
again for its MinHash and body start, but keeps the clustering features it was placed with, since a replay reads
it with what the outlets' furniture had learned up to it, which is not kept (re-cleaned articles are the one way
the two paths can part while new articles come after the stored ones in the store's order; gva_stream in 32
batches of 100, 25 of which re-clean some stored article, gave identical stories documents after every batch).
Zlib-compressed JSON, no pickles.
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
from .cluster_state import features_data, features_from, furniture_data, furniture_from
from .features import clean_headline

STATE_NAME = "stories-clusterer"
FORMAT = 2  # bump when the saved layout or what it means changes
# a story without a headline takes its title from the first line of a body, cut at 120 characters: one more
# character keeps a line of exactly 120 apart from a longer one
BODY_START_CHARS = 121


@dataclass
class SavedState:
    features: list[dict]  # each article's features (features_data without texts), in the store's order
    furniture: dict  # furniture_data
    duplicates: dict  # DuplicateIndex.snapshot()
    body_starts: dict[str, str]  # article id -> start of its body, for articles whose title gives no headline
    ids: set[str]  # the articles it holds
    recleaned: list[str]  # those whose cleaned body changed since without a new version


def settings_key(config: ClusterConfig, names: ParseCache) -> str:
    """What the saved state depends on besides the articles: newsweave's version, the clustering settings and
    the joining model they name, and the producer of the cached names (spaCy model included)."""
    model = load_merge_model(config.merge_model) if config.merge_model else None
    # when stored stories are revisited changes no saved feature: a change of those two keeps the state
    config_part = {k: v for k, v in asdict(config).items() if k not in ("revisit_all_up_to", "revisit_growth")}
    parts = {"format": FORMAT, "version": __version__, "config": config_part, "model": model, "names": names.key("")}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def load_clusterer(saved: SavedState, known: dict[str, str], config: ClusterConfig,
                   names: ParseCache | None = None) -> StoryClusterer:
    """The clusterer a replay builds by loading every saved article into its stored story (``known``), in order."""
    clusterer = StoryClusterer(config, name_cache=names)
    clusterer.furniture = furniture_from(saved.furniture)
    for data in saved.features:
        clusterer.add_features(features_from(data), story_key=known[data["id"]])
    return clusterer


def body_start(article: Article) -> str | None:
    """The start of the body, kept for an article whose title gives no headline."""
    return None if clean_headline(article.title) else article.text[:BODY_START_CHARS]


def encode_state(clusterer: StoryClusterer, index: DuplicateIndex, body_starts: dict[str, str], rows: list[dict],
                 key: str) -> bytes:
    """The state to save after a run: ``rows`` are the store's article rows (in its order), all in ``clusterer``."""
    features = [features_data(clusterer.articles[clusterer.index_of[r["id"]]], texts=False) for r in rows]
    data = {"format": FORMAT, "settings": key, "articles": _fingerprint(rows), "features": features,
            "furniture": furniture_data(clusterer.furniture), "duplicates": index.snapshot(), "body_starts": body_starts}
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
    saved = data["articles"]
    ids = {a[0] for a in saved}
    now = [r for r in rows if r["id"] in ids]
    if ids != known.keys() or [[r["id"], r["version"]] for r in now] != [a[:2] for a in saved]:
        return None
    recleaned = [r["id"] for r, a in zip(now, saved) if r["chars"] != a[2]]
    return SavedState(data["features"], data["furniture"], data["duplicates"], data["body_starts"], ids, recleaned)


def _fingerprint(rows: Iterable[dict]) -> list[list]:
    return [[r["id"], r["version"], r["chars"]] for r in rows]


def stored_article(row: dict, duplicate_of: str | None, start: str | None) -> Article:
    """An article as the stories document sees it, from its metadata row: no raw text, a body that is only its
    start when its title gives no headline."""
    paragraphs = [Paragraph(start, 0, len(start))] if start else []
    extra: dict[str, Any] = {"duplicate_of": duplicate_of} if duplicate_of else {}
    return Article(row["id"], "", "text", url=row.get("url"), outlet=row["outlet"], title=row["title"],
                   published=row["published"], language=row.get("language"), paragraphs=paragraphs, extra=extra)
