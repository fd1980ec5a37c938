"""Small helpers every store backend uses: timestamps, literal LIKE patterns, keys in bounded chunks."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable, Iterator


def utc_now() -> str:
    """The current UTC time as the stores write it (ISO 8601, seconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def like_literal(text: str) -> str:
    """Text for a LIKE pattern (``ESCAPE '\\'``) with its wildcards taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def chunks(keys: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    """``keys`` in lists of at most ``size`` (SQLite limits the parameters of a statement)."""
    keys = list(keys)
    for i in range(0, len(keys), size):
        yield keys[i:i + size]
