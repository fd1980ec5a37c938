"""How ``newsweave watch`` talks while it runs.

On a terminal (:class:`TerminalDisplay`): one status line redrawn as the round goes (feeds polled, pages fetched,
skipped with reasons, the pipeline's stage), with faults and each round's summary printed above it. Elsewhere
(:class:`LogLines`: cron, a file, systemd): no status line, only plain lines, each a fault or a round's summary;
under systemd (stderr to the journal, ``JOURNAL_STREAM`` set) each line starts with its syslog priority (``<4>``
a fault, ``<6>`` a summary) and no time stamp, as the journal adds its own; otherwise with a UTC time stamp.
``quiet`` leaves out the summary of a round without faults (cron mails only when something failed).
"""
from __future__ import annotations

import os
import sys
import time
from typing import Any, TextIO

from ..escape import terminal_text
from .report import RoundReport

PIPELINE_LABELS = {"ingest": "storing", "stories": "stories", "parse": "analysing", "briefs": "briefs"}
WARNING, INFO = 4, 6


def _priority(line: str) -> int:
    return WARNING if line.startswith("fault ") else INFO


def _is_summary(line: str) -> bool:
    return line.startswith("round ")


class LogLines:
    """Plain log lines on ``stream`` (standard error), for cron and systemd."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False, journal: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.journal = bool(os.environ.get("JOURNAL_STREAM")) if journal is None else journal
        self._faulted = False

    def log(self, line: str) -> None:
        if line.startswith("fault "):
            self._faulted = True
        if self.quiet and _is_summary(line) and not self._faulted:
            return
        if _is_summary(line):
            self._faulted = False
        text = terminal_text(line)
        if self.journal:
            self.stream.write(f"<{_priority(line)}>{text}\n")
        else:
            self.stream.write(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} newsweave watch: {text}\n")
        self.stream.flush()

    def step(self, report: RoundReport, stage: str, done: int, total: int | None) -> None:
        """No progress off a terminal."""

    def close(self) -> None:
        pass


class TerminalDisplay:
    """A status line on a terminal (rich), redrawn as the round goes; lines printed above it."""

    def __init__(self, console: Any) -> None:
        self.console = console
        self._live: Any = None
        self._stage = ""
        self._pipeline: tuple[str, int, int | None] | None = None
        self._pages = 0

    def log(self, line: str) -> None:
        text = f"{time.strftime('%H:%M:%S')} {terminal_text(line)}"
        if _is_summary(line):
            self.close()  # the round is over: its status line goes, the summary stays
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def step(self, report: RoundReport, stage: str, done: int, total: int | None) -> None:
        from rich.live import Live

        if stage == "pages":
            self._pages = done
        elif stage != "feeds":
            self._pipeline = (stage, done, total)
        if self._live is None:
            self._live = Live(console=self.console, transient=True, refresh_per_second=8, auto_refresh=True)
            self._live.start()
        self._live.update(status_line(report, self._pages, self._pipeline), refresh=False)

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None
            self._pipeline = None
            self._pages = 0


def status_line(report: RoundReport, pages_tried: int = 0, pipeline: tuple[str, int, int | None] | None = None) -> str:
    """``feeds 50/50 (45 unchanged) · pages 3/40 · 1 skipped (1 http) · storing 2/3``: where the round is."""
    parts = [f"feeds {report.feeds_polled}/{report.feeds}" + (f" ({report.feeds_unchanged} unchanged)" if report.feeds_unchanged else "")]
    if report.pages_new:
        parts.append(f"pages {pages_tried}/{report.pages_new}")
    if report.skipped:
        parts.append(f"{sum(report.skipped.values())} skipped ({report.skipped_text()})")
    if pipeline is not None:
        stage, done, total = pipeline
        parts.append(f"{PIPELINE_LABELS.get(stage, stage)} {done}" + (f"/{total}" if total is not None else ""))
    return " · ".join(parts)

