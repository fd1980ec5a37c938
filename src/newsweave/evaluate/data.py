"""Reading labelled benchmark folders: required files and JSON Lines records."""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any, Iterator

from ..errors import NewsweaveError


def require(folder: Path, *names: str, kind: str) -> list[Path]:
    """The paths of ``names`` in ``folder``; a clear error naming the folder format when one is missing."""
    paths = [folder / name for name in names]
    for path in paths:
        if not path.exists():
            raise NewsweaveError(f"{path} not found: {kind} folder holds {', '.join(names)}")
    return paths


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a (gzip-compressed) JSON Lines file, blank lines skipped."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
