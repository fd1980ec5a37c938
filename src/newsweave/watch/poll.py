"""Polling one source of a round: a feed or sitemap fetched with a conditional GET, or a sitemap index followed to
its sitemaps, within limits: only sitemaps on the index's own host, one level deep (an index inside an index is
not followed), the most recently modified first and at most ``watch.max_sitemaps`` of them a round; a sitemap
whose ``<lastmod>`` is what it was when last polled is not fetched again, and those past the limit the first
time an index is read are passed over (noted, so the archive of an outlet is not walked) until they change."""
from __future__ import annotations

from typing import Any, Callable

from ..fetch import Entry, FeedError, Fetcher, FetchFault, read_entries, read_sitemap_index, unpacked
from ..fetch.http import host_key
from ..settings import WatchSettings
from .report import RoundReport
from .state import WatchState

Log = Callable[[str], None]
Validators = dict[str, dict[str, Any]]  # source URL -> etag, last_modified, checked (lastmod for a sitemap of an index)


def record_fault(report: RoundReport, log: Log, url: str, reason: str, kind: str) -> None:
    """A feed or page that failed: counted by kind, named on a line of its own."""
    report.faults.append((url, reason))
    report.skipped[kind] += 1
    log(f"fault {url}: {reason}")


def poll_source(fetcher: Fetcher, url: str, settings: WatchSettings, state: WatchState, report: RoundReport, log: Log,
                validators: Validators, depth: int = 0) -> list[Entry]:
    """The page entries of one source (of the sitemaps of an index), or [] when it is unchanged or failed (reported);
    what was learnt of it goes to ``validators``."""
    known = state.feeds.get(url, {})
    try:
        response = fetcher.get(url, etag=known.get("etag"), last_modified=known.get("last_modified"))
    except FetchFault as fault:
        record_fault(report, log, url, f"feed not fetched: {fault.reason}", fault.kind)
        return []
    if depth == 0:
        report.feeds_answered += 1
    if response.status == 304:
        report.feeds_unchanged += depth == 0
        return []
    try:
        body = unpacked(response.body, settings.max_bytes)
        sitemaps = read_sitemap_index(body, response.url)
        entries = read_entries(body, response.url) if sitemaps is None else []
    except FeedError as exc:
        record_fault(report, log, url, f"feed not read: {exc}", "malformed-feed")
        return []
    validators[url] = {"etag": response.etag, "last_modified": response.last_modified, "checked": report.started}
    if sitemaps is None:
        return entries
    if depth:
        record_fault(report, log, url, "a sitemap index listed in a sitemap index is not followed", "sitemap-depth")
        return []
    return _follow_index(fetcher, url, sitemaps, settings, state, report, log, validators)


def _follow_index(fetcher: Fetcher, index: str, sitemaps: list[Entry], settings: WatchSettings, state: WatchState,
                  report: RoundReport, log: Log, validators: Validators) -> list[Entry]:
    host = host_key(index)
    own = [s for s in sitemaps if host_key(s.url) == host]
    if len(own) < len(sitemaps):
        report.skipped["sitemap-elsewhere"] += len(sitemaps) - len(own)
        log(f"skipped {len(sitemaps) - len(own)} sitemaps of {index} on other hosts (only the index's own host is followed)")
    changed = [s for s in own if s.published is None or state.feeds.get(s.url, {}).get("lastmod") != s.published]
    changed.sort(key=lambda s: s.published or "", reverse=True)  # the most recently modified first, undated last
    taken, passed = changed[: settings.max_sitemaps], changed[settings.max_sitemaps:]
    if passed:
        report.skipped["sitemap-limit"] += len(passed)
        log(f"skipped {len(passed)} older sitemaps of {index} (watch.max_sitemaps = {settings.max_sitemaps} a round); "
            f"they are read again when their lastmod changes")
        for sitemap in passed:
            if sitemap.published is not None:
                validators[sitemap.url] = {**state.feeds.get(sitemap.url, {}), "lastmod": sitemap.published, "passed": report.started}
    entries: list[Entry] = []
    for sitemap in taken:
        report.sitemaps += 1
        entries += poll_source(fetcher, sitemap.url, settings, state, report, log, validators, depth=1)
        if sitemap.url in validators and sitemap.published is not None:
            validators[sitemap.url]["lastmod"] = sitemap.published
    return entries
