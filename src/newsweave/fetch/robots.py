"""robots.txt, per RFC 9309: fetched once per site and kept an hour; a site whose robots.txt is missing (4xx)
may be fetched whole, one whose robots.txt cannot be fetched (5xx, network failure) not at all this time.
Rules are matched with :mod:`urllib.robotparser` against the watcher's product token."""
from __future__ import annotations

import time
from typing import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309: at least 500 KiB are read; the rest may be ignored
KEEP_SECONDS = 3600.0


class Robots:
    """``fetch(url) -> (status, body)`` fetches a robots.txt (status 0: it could not be fetched at all)."""

    def __init__(self, fetch: Callable[[str], tuple[int, bytes]], agent: str,
                 clock: Callable[[], float] = time.time) -> None:
        self._fetch, self.agent, self.clock = fetch, agent, clock
        self._sites: dict[str, tuple[float, RobotFileParser]] = {}

    def _rules(self, url: str) -> RobotFileParser:
        site = _site(url)
        kept = self._sites.get(site)
        if kept is not None and self.clock() - kept[0] < KEEP_SECONDS:
            return kept[1]
        status, body = self._fetch(f"{site}/robots.txt")
        rules = RobotFileParser()
        if 200 <= status < 300:
            rules.parse(body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace").splitlines())
        elif 400 <= status < 500:
            rules.allow_all = True
        else:
            rules.disallow_all = True
        self._sites[site] = (self.clock(), rules)
        return rules

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets the watcher fetch ``url``."""
        return self._rules(url).can_fetch(self.agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """Seconds the site's robots.txt asks between requests, or None (also while it is not yet read)."""
        kept = self._sites.get(_site(url))
        delay = kept[1].crawl_delay(self.agent) if kept is not None else None
        return float(delay) if delay is not None else None


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"
