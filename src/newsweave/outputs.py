"""The main job's output folder: ``stories.json`` and one analysis file per article."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .analysis import analyse, safe_name
from .store.base import Store


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_run_outputs(store: Store, out_dir: Path, stories: dict[str, Any]) -> dict[str, int]:
    """Write ``stories.json``, ``entities.json`` and ``articles/<safe-name>.json`` for every stored article."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_json(out_dir / "stories.json", stories)
    folder = out_dir / "articles"
    folder.mkdir(exist_ok=True)
    analysed = analyse(store.iter_articles())
    for article_id, document in analysed.articles.items():
        _write_json(folder / f"{safe_name(article_id)}.json", document)
    _write_json(out_dir / "entities.json", analysed.entities_document())
    return {"stories": len(stories["stories"]), "articles": len(analysed.articles)}
