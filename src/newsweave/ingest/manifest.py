"""Manifests: per-file metadata (url, outlet, published, title) in a CSV or JSONL file beside the inputs."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from ..errors import MalformedInput

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
FIELDS = ("url", "outlet", "published", "title")
_KEY_COLUMNS = ("file", "path", "name", "id")


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    """Map file names (relative to the manifest's folder) to their metadata."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MalformedInput(str(path), f"cannot read manifest ({exc}); it must be UTF-8 CSV or JSONL") from None
    rows: list[dict] = []
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
    else:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise MalformedInput(str(path), f"manifest line is not JSON ({exc.msg})", number) from None
    table: dict[str, dict[str, str]] = {}
    for row in rows:
        key = next((row.get(k) for k in _KEY_COLUMNS if row.get(k)), None)
        if not key:
            raise MalformedInput(str(path), f"manifest row without a 'file' column: {sorted(row)}; add one naming the file")
        table[str(key).replace("\\", "/")] = {f: str(row[f]).strip() for f in FIELDS if row.get(f)}
    return table
