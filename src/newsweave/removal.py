"""Removing articles from a store (``newsweave remove``): a poisoned or unwanted article can always be taken out."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .parse_cache import ParseCache
from .settings import Settings
from .store.base import Store

# cached parses keyed by an article's whole text: they go with the article (sentence vectors and the names of a
# story lead are keyed by pieces of text other articles may share; they stay, content-addressed, unreadable by id)
ARTICLE_CACHE_KINDS = ("analysis",)


@dataclass
class Removal:
    removed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # ids that were not stored


def remove_articles(store: Store, article_ids: Iterable[str], settings: Settings | None = None) -> Removal:
    """Remove the articles (every version), their paragraph index rows, story assignments, analyses and cached
    parses (those made under ``settings``, the defaults when None) in one transaction. The next run rebuilds the
    stories that held them."""
    ids = list(dict.fromkeys(article_ids))
    fingerprint = (settings or Settings()).parse_fingerprint()
    caches = [ParseCache(store, kind, fingerprint=fingerprint) for kind in ARTICLE_CACHE_KINDS]
    unknown = store.remove_articles(ids, lambda text: [(c.kind, c.key(text)) for c in caches])
    missing = set(unknown)
    return Removal([i for i in ids if i not in missing], unknown)
