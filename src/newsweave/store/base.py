"""The storage seam: everything the pipeline needs from a store, and nothing more.

SQLite implements it now (:mod:`newsweave.store.sqlite`); a PostgreSQL store implements the same
methods later.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Literal, Protocol

from ..record import Article

PutStatus = Literal["new", "changed", "unchanged"]


@dataclass(frozen=True)
class PutResult:
    id: str
    status: PutStatus
    version: int


class Store(Protocol):
    def put_articles(self, articles: Iterable[Article]) -> list[PutResult]:
        """Store a batch in one transaction: unchanged content is a no-op, changed content a new version."""

    def update_cleaning(self, articles: Iterable[Article]) -> None:
        """Replace the cleaned body of stored articles without making a new version."""

    def get_article(self, article_id: str) -> Article | None: ...

    def iter_articles(self) -> Iterator[Article]: ...

    def article_rows(self) -> list[dict]:
        """Metadata of every current article: id, title, outlet, published, language, version, words."""

    def paragraph_owners(self, outlet: str, keys: Iterable[str]) -> dict[str, set[str]]:
        """For paragraph keys of one outlet, the ids of stored articles that hold them."""

    def close(self) -> None: ...
