"""The main job's output folder: ``stories.json`` and one analysis file per article."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .analysis import analyse, safe_name
from .brief import build_brief
from .parse_cache import ParseCache
from .store.base import RunResults, Store


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_brief_pages(out_dir: Path, briefs: list[dict[str, Any]], articles_text: dict[str, str] | None = None) -> dict[str, int]:
    """Write ``stories/<safe-name>.md`` and ``.html`` for every story brief, and ``index.html`` listing them.

    ``articles_text`` (article id -> raw input) lets the HTML pages show each fact's passage.
    """
    from .brief.render_html import render_index_html, render_story_html, story_file_stem
    from .brief.render_md import render_markdown

    out_dir = Path(out_dir)
    folder = out_dir / "stories"
    folder.mkdir(parents=True, exist_ok=True)
    for brief in briefs:
        stem = story_file_stem(brief["id"])
        (folder / f"{stem}.md").write_text(render_markdown(brief), encoding="utf-8")
        (folder / f"{stem}.html").write_text(render_story_html(brief, articles_text), encoding="utf-8")
    (out_dir / "index.html").write_text(render_index_html(briefs), encoding="utf-8")
    return {"pages": len(briefs)}


def write_brief_files(out_dir: Path, stories: dict[str, Any], articles: list, analysed,
                      vectors: ParseCache | None = None) -> dict[str, dict[str, Any]]:
    """Write ``stories/<safe-name>.json``, the brief of every story (its ``id`` inside); returns story id -> brief.
    ``vectors`` caches sentence vectors between runs."""
    copies = {row["id"]: row.get("duplicate_of") for row in stories.get("articles") or []}
    by_id = {}
    for article in articles:
        if copies.get(article.id):
            article.extra["duplicate_of"] = copies[article.id]
        by_id[article.id] = article
    folder = Path(out_dir) / "stories"
    folder.mkdir(parents=True, exist_ok=True)
    briefs = {}
    for story in stories.get("stories") or []:
        members = [by_id[a] for a in story["articles"] if a in by_id]
        briefs[story["id"]] = build_brief(story, members, analysed, vectors)
        _write_json(folder / f"{safe_name(str(story['id']))}.json", briefs[story["id"]])
    return briefs


def write_run_outputs(store: Store, out_dir: Path, stories: dict[str, Any]) -> dict[str, int]:
    """Write ``stories.json``, ``entities.json``, ``articles/<safe-name>.json`` for every stored article
    and ``stories/<safe-name>.json`` (the brief) for every story; save the same results in the store.

    Parses and sentence vectors of texts seen by an earlier run come from the store's cache."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_json(out_dir / "stories.json", stories)
    folder = out_dir / "articles"
    folder.mkdir(exist_ok=True)
    articles = list(store.iter_articles())
    analysed = analyse(articles, cache=ParseCache(store, "analysis"))
    for article_id, document in analysed.articles.items():
        _write_json(folder / f"{safe_name(article_id)}.json", document)
    entities = analysed.entities_document()
    _write_json(out_dir / "entities.json", entities)
    briefs = write_brief_files(out_dir, stories, articles, analysed, ParseCache(store, "sentence-vectors", binary=True))
    store.put_results(RunResults(stories, analysed.articles, entities["entities"], briefs))
    pages = write_brief_pages(out_dir, list(briefs.values()), {a.id: a.raw for a in articles})["pages"] if briefs else 0
    return {"stories": len(stories["stories"]), "articles": len(analysed.articles), "pages": pages}
