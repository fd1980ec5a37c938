"""Progress of the long stages of a run, reported through one callback: the stages never print.

A caller passes ``progress(stage, done, total)``; each stage calls it as it goes, counting articles (``ingest``,
``stories``, ``parse``) or stories (``briefs``, ``pages``). ``total`` is None while it is not known: a collection
whose records are only counted as they are read (a WARC file, a feed, a compressed JSON Lines file).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

Progress = Callable[[str, int, "int | None"], None]  # (stage, done, total or None)
StageProgress = Callable[[int, "int | None"], None]  # (done, total) of one stage

STAGES = ("ingest", "stories", "parse", "briefs", "pages")
UNITS = {"ingest": "articles", "extract": "articles", "stories": "articles", "parse": "articles", "briefs": "stories", "pages": "stories"}
LINE_COUNTED = (".jsonl", ".ndjson")  # collections of one record a line: their records are counted ahead, cheaply
_COUNT_CHUNK = 1 << 20


def for_stage(progress: Progress | None, stage: str) -> StageProgress | None:
    """``progress`` bound to one stage (None when there is no callback)."""
    if progress is None:
        return None
    return lambda done, total: progress(stage, done, total)


def expected_articles(paths: Iterable[str], is_collection: Callable[[str], bool]) -> int | None:
    """How many articles reading ``paths`` should give: one per single document, one per line of an
    uncompressed JSON Lines file; None when some collection cannot be counted without reading it (WARC, feeds,
    compressed files)."""
    total = 0
    for path in paths:
        if not is_collection(path):
            total += 1
        elif path.lower().endswith(LINE_COUNTED):
            lines = _record_lines(Path(path))
            if lines is None:
                return None
            total += lines
        else:
            return None
    return total


def _record_lines(path: Path) -> int | None:
    """Lines of a file (a blank one among them makes the count an estimate, which the stage corrects as it reads),
    read in chunks; None when it cannot be read: its reader will say why."""
    count, last = 0, b"\n"
    try:
        with open(path, "rb") as f:
            while chunk := f.read(_COUNT_CHUNK):
                count += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return None
    return count + (last != b"\n")
