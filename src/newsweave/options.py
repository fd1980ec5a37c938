"""Options built once and handed to every stage."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import ConfigError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_COLLECTION_BYTES = 4 * 1024 * 1024 * 1024
DEFAULT_EXTRACT_SECONDS = 20.0
DEFAULT_EXTRACT_MEMORY_MB = 1024.0


@dataclass(frozen=True)
class Options:
    """Settings for ingestion and extraction.

    max_bytes: a document (text or HTML file, or one record, entry or response of a collection)
        larger than this is skipped (``--max-bytes``).
    max_collection_bytes: the same for a whole JSON Lines, WARC or feed file, unpacked
        (``--max-collection-bytes``).
    repeat_min_articles: a paragraph seen in at least this many articles of one outlet is
        treated as that outlet's furniture (appeals, footers) and removed.
    workers: processes used for extraction; 1 runs in-process.
    detect_language: run language detection on cleaned bodies.
    extract_seconds, extract_memory_mb: the budget of one document's extraction (time, and growth of
        the process's memory); a document over it is skipped with the reason (``--extract-seconds``,
        ``--extract-memory-mb``; see :mod:`newsweave.budget`).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_collection_bytes: int = DEFAULT_MAX_COLLECTION_BYTES
    repeat_min_articles: int = 3
    workers: int = 1
    detect_language: bool = True
    extract_seconds: float = DEFAULT_EXTRACT_SECONDS
    extract_memory_mb: float = DEFAULT_EXTRACT_MEMORY_MB

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ConfigError(f"max_bytes must be positive, got {self.max_bytes}; pass e.g. --max-bytes 20000000")
        if self.max_collection_bytes <= 0:
            raise ConfigError(f"max_collection_bytes must be positive, got {self.max_collection_bytes}")
        if self.repeat_min_articles < 2:
            raise ConfigError("repeat_min_articles must be at least 2: one article alone cannot show a repeated block")
        if self.workers < 1:
            raise ConfigError(f"workers must be at least 1, got {self.workers}")
        if not self.extract_seconds > 0:
            raise ConfigError(f"extract_seconds must be positive, got {self.extract_seconds}; pass e.g. --extract-seconds 20")
        if not self.extract_memory_mb > 0:
            raise ConfigError(f"extract_memory_mb must be positive, got {self.extract_memory_mb}; pass e.g. --extract-memory-mb 1024")
