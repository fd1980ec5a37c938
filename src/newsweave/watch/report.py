"""What a watch round did (:class:`RoundReport`): its counts as it goes, for a progress display (:data:`Step`), and
its closing summary, one line for a log, with the exit status a cron job or a systemd unit reads."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

EXIT_ALL_FETCHED = 0
EXIT_SOME_FAILED = 1
EXIT_NOTHING_FETCHED = 2


@dataclass
class RoundReport:
    """What a round did; ``faults`` holds (url, reason) for each feed or page that failed."""

    started: str
    seconds: float = 0.0
    fetch_seconds: float = 0.0  # polling feeds and fetching pages
    pipeline_seconds: float = 0.0  # storing, stories, analyses, briefs, the change log
    feeds: int = 0
    feeds_polled: int = 0
    feeds_unchanged: int = 0
    feeds_answered: int = 0  # feeds that answered (with entries or unchanged)
    sitemaps: int = 0  # sitemaps of sitemap indexes polled
    pages_new: int = 0  # pages to fetch this round
    pages_fetched: int = 0
    pages_stored: list[str] = field(default_factory=list)  # article ids
    faults: list[tuple[str, str]] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # reason kind -> count
    deferred: int = 0  # new pages left for the next round (watch.max_pages)
    resumed: int = 0  # pages an unfinished round had stored, counted in this one
    changes: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """For cron: 0 every fetch worked, 1 some failed, 2 nothing could be fetched at all."""
        if not self.faults:
            return EXIT_ALL_FETCHED
        return EXIT_SOME_FAILED if self.feeds_answered or self.pages_fetched else EXIT_NOTHING_FETCHED

    def skipped_text(self) -> str:
        """``2 http, 1 robots``: the skipped feeds and pages by reason."""
        return ", ".join(f"{n} {k}" for k, n in sorted(self.skipped.items()))

    def changed_text(self) -> str:
        """``3 stories changed (1 new): 2 facts newly corroborated, 1 new conflict, 4 new quotes``."""
        stories = set(self.changes.get("stories") or {}) | set(self.changes.get("gains") or {})
        appeared = len(self.changes.get("appeared") or [])
        gains = list((self.changes.get("gains") or {}).values())
        counts = [(sum(len(g.get(kind) or []) for g in gains), word) for kind, word in
                  (("facts", "fact{} newly corroborated"), ("conflicts", "new conflict{}"), ("quotes", "new quote{}"))]
        found = ", ".join(f"{n} {word.format('' if n == 1 else 's')}" for n, word in counts if n)
        return f"{len(stories)} stories changed ({appeared} new)" + (f": {found}" if found else "")

    def summary(self) -> str:
        """The closing line of the round."""
        failed = self.feeds - self.feeds_answered
        return (f"round {self.started}: {self.feeds} feeds polled ({self.feeds_unchanged} unchanged"
                + (f", {failed} failed" if failed else "") + ")"
                + (f" and {self.sitemaps} sitemaps of their indexes" if self.sitemaps else "") + f", {self.pages_fetched} pages fetched, "
                f"{len(self.pages_stored)} stored" + (f" ({self.resumed} from an unfinished round)" if self.resumed else "")
                + f"; skipped: {self.skipped_text() or 'none'}; {self.changed_text()}"
                + (f"; {self.deferred} new pages left for the next round (watch.max_pages)" if self.deferred else "")
                + f"; exit {self.exit_code} ({self.seconds:.1f} s)")


# (report so far, stage, done, total or None): called as the round goes: stage "feeds" (polled), "pages"
# (fetched), then the pipeline's stages (newsweave.progress: ingest, stories, parse, briefs)
Step = Callable[[RoundReport, str, int, "int | None"], None]
