"""What the watcher keeps in the store between rounds, so that a restarted watcher resumes without refetching:
the pages already ingested, the feeds' validators (ETag, Last-Modified), the pages that failed and how often, the
pages handed to the pipeline by a round not yet finished, and when each host may be asked again.

One JSON blob (``Store.put_state``) saved with the round's results and once more before the pipeline runs (its
``pending`` pages: a watcher killed while the pipeline ran finds there what it may already have stored), and the
host times in a small blob of their own, saved after every request (:func:`save_hosts`): a watcher killed while
fetching and restarted at once still waits out each host's delay."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from ..store.base import Store

STATE_NAME = "watch"
HOSTS_NAME = "watch-hosts"
MAX_PAGE_TRIES = 3  # a page that failed in this many rounds is given up


@dataclass
class WatchState:
    seen: dict[str, str] = field(default_factory=dict)               # page URL -> the article id it was stored under
    feeds: dict[str, dict[str, Any]] = field(default_factory=dict)   # feed URL -> etag, last_modified, checked, fault
    failures: dict[str, dict[str, Any]] = field(default_factory=dict)  # page URL -> tries, reason, last
    pending: dict[str, str] = field(default_factory=dict)            # page URL -> article id, handed to an unfinished run
    hosts: dict[str, float] = field(default_factory=dict)            # host -> wall time before which it is not asked
    rounds: int = 0

    @classmethod
    def load(cls, store: Store) -> WatchState:
        raw = store.get_state(STATE_NAME)
        data = json.loads(raw) if raw else {}
        state = cls(**{k: data[k] for k in ("seen", "feeds", "failures", "pending", "hosts", "rounds") if k in data})
        hosts = store.get_state(HOSTS_NAME)
        for host, when in (json.loads(hosts) if hosts else {}).items():
            state.hosts[host] = max(state.hosts.get(host, 0.0), when)
        return state

    def save(self, store: Store) -> None:
        with store.transaction():
            store.put_state(STATE_NAME, json.dumps(asdict(self), sort_keys=True).encode("utf-8"))
            save_hosts(store, self.hosts)

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
        self.pending.pop(url, None)


def save_hosts(store: Store, hosts: dict[str, float], now: float | None = None) -> None:
    """Save when each host may be asked again (the hosts whose time is past are left out)."""
    import time

    now = time.time() if now is None else now
    waiting = {k: v for k, v in hosts.items() if v > now}
    with store.transaction():
        store.put_state(HOSTS_NAME, json.dumps(waiting, sort_keys=True).encode("utf-8"))
