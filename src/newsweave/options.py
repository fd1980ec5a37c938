"""The ingest settings (``[ingest]`` of the settings tree), built once and handed to every ingest stage.

Defaults live in ``defaults.toml`` (see :mod:`newsweave.settings`); ``Options(...)`` checks every value.
"""
from __future__ import annotations

from .settings_fields import section, setting


@section("ingest")
class Options:
    """Settings for ingestion and extraction.

    max_bytes: a document (text or HTML file, or one record, entry or response of a collection)
        larger than this is skipped (``--max-bytes``).
    max_collection_bytes: the same for a whole JSON Lines, WARC or feed file, unpacked
        (``--max-collection-bytes``).
    repeat_min_articles: a paragraph seen in at least this many articles of one outlet is
        treated as that outlet's furniture (appeals, footers) and removed.
    workers: processes used for the per-article stages (extraction, parsing); 1 (the default) runs in-process, 0
        in-process for small maps and in a pool of one process per CPU for larger ones
        (:class:`~newsweave.execution.AutoExecutor`).
    executor: ``"local"`` (this machine: in-process, or a process pool when ``workers`` > 1) or ``"ray"``
        (Ray tasks, :mod:`newsweave.ray_executor`; ``--executor``).
    ray_address: the Ray cluster to join (``"auto"``, ``"HOST:PORT"``); ``""`` starts a local Ray with
        ``workers`` CPUs for the run (``--address``).
    detect_language: run language detection on cleaned bodies.
    extract_seconds, extract_memory_mb: the budget of one document's extraction (time, and growth of
        the process's memory); a document over it is skipped with the reason (``--extract-seconds``,
        ``--extract-memory-mb``; see :mod:`newsweave.budget`).
    """

    max_bytes: int = setting(above=0)
    max_collection_bytes: int = setting(above=0)
    repeat_min_articles: int = setting(min=2, why="one article alone cannot show a repeated block")
    workers: int = setting(min=0)
    executor: str = setting()
    ray_address: str = setting()
    detect_language: bool = setting()
    extract_seconds: float = setting(above=0)
    extract_memory_mb: float = setting(above=0)

