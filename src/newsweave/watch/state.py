"""What the watcher keeps in the store between rounds, so that a restarted watcher resumes without refetching:
the pages already ingested, the feeds' validators (ETag, Last-Modified), the pages that failed and how often, and
when each host may be asked again. One JSON blob (``Store.put_state``), saved with the round's results."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from ..store.base import Store

STATE_NAME = "watch"
MAX_PAGE_TRIES = 3  # a page that failed in this many rounds is given up


@dataclass
class WatchState:
    seen: dict[str, str] = field(default_factory=dict)               # page URL -> the article id it was stored under
    feeds: dict[str, dict[str, Any]] = field(default_factory=dict)   # feed URL -> etag, last_modified, checked, fault
    failures: dict[str, dict[str, Any]] = field(default_factory=dict)  # page URL -> tries, reason, last
    hosts: dict[str, float] = field(default_factory=dict)            # host -> wall time before which it is not asked
    rounds: int = 0

    @classmethod
    def load(cls, store: Store) -> WatchState:
        raw = store.get_state(STATE_NAME)
        if not raw:
            return cls()
        data = json.loads(raw)
        return cls(**{k: data[k] for k in ("seen", "feeds", "failures", "hosts", "rounds") if k in data})

    def save(self, store: Store) -> None:
        store.put_state(STATE_NAME, json.dumps(asdict(self), sort_keys=True).encode("utf-8"))

    def wanted(self, url: str) -> bool:
        """Whether page ``url`` is still to be fetched: never stored, and not given up."""
        return url not in self.seen and self.failures.get(url, {}).get("tries", 0) < MAX_PAGE_TRIES

    def failed(self, url: str, reason: str, when: str, title: str | None = None, published: str | None = None) -> None:
        """Count a failed round for page ``url``; what its feed said of it is kept for the next try."""
        record = self.failures.setdefault(url, {"tries": 0})
        record.update(tries=record["tries"] + 1, reason=reason, last=when, title=title, published=published)

    def retries(self) -> list[tuple[str, str | None, str | None]]:
        """(url, title, published) of the pages that failed and are to be tried again."""
        return [(url, r.get("title"), r.get("published")) for url, r in self.failures.items() if self.wanted(url)]

    def stored(self, url: str, article_id: str) -> None:
        self.seen[url] = article_id
        self.failures.pop(url, None)
