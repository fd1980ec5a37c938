"""The main job's output folder: ``stories.json`` and one analysis file per article.

Every file is written atomically (a failed write keeps the previous file, :mod:`newsweave.atomic_write`)
and named by :func:`newsweave.escape.unique_stems`, so no two ids of a run share a file.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .analysis import analyse
from .atomic_write import make_folder, remove_temporaries, write_json_atomic, write_text_atomic
from .brief import build_brief
from .escape import unique_stems
from .parse_cache import ParseCache
from .store.base import RunResults, Store

# the names these writers give (16 hex digits, 64 on a clash, then -N) and gave before (8 hex digits)
_OUTPUT_NAME = re.compile(r"[A-Za-z0-9._-]+-(?:[0-9a-f]{8}|[0-9a-f]{16}|[0-9a-f]{64})(?:-\d+)?\.(?:json|md|html)")
_TOP_NAMES = ("stories.json", "entities.json", "index.html")  # the files of the output folder itself


def _ours(target: str) -> bool:
    """Whether a temporary file for ``target`` (a name, or its first 100 characters) is one of these writers'."""
    return bool(_OUTPUT_NAME.fullmatch(target) or (len(target) == 100 and re.fullmatch(r"[A-Za-z0-9._-]+", target)))


def _remove_stale(folder: Path, written: set[str]) -> None:
    """Remove files an earlier run left in ``folder`` under names this run did not write (articles removed
    from the store since, stories merged away, names from before the 64-bit hash), and the temporary files of
    a run killed while writing; other files stay."""
    for path in folder.iterdir():
        if path.name not in written and _OUTPUT_NAME.fullmatch(path.name) and path.is_file():
            try:
                path.unlink()
            except OSError:  # already gone, or not ours to remove: the run's own files are written
                pass
    remove_temporaries(folder, _ours)


def write_brief_pages(out_dir: Path, briefs: list[dict[str, Any]], articles_text: dict[str, str] | None = None) -> dict[str, int]:
    """Write ``stories/<stem>.md`` and ``.html`` for every story brief, and ``index.html`` listing them.

    ``articles_text`` (article id -> raw input) lets the HTML pages show each fact's passage.
    """
    from .brief.render_html import render_index_html, render_story_html
    from .brief.render_md import render_markdown

    out_dir = Path(out_dir)
    folder = out_dir / "stories"
    make_folder(folder)
    stems = unique_stems(str(brief["id"]) for brief in briefs)
    for brief in briefs:
        stem = stems[str(brief["id"])]
        write_text_atomic(folder / f"{stem}.md", render_markdown(brief))
        write_text_atomic(folder / f"{stem}.html", render_story_html(brief, articles_text))
    write_text_atomic(out_dir / "index.html", render_index_html(briefs, stems))
    return {"pages": len(briefs)}


def write_brief_files(out_dir: Path, stories: dict[str, Any], articles: list, analysed,
                      vectors: ParseCache | None = None) -> dict[str, dict[str, Any]]:
    """Write ``stories/<stem>.json``, the brief of every story (its ``id`` inside); returns story id -> brief.
    ``vectors`` caches sentence vectors between runs."""
    copies = {row["id"]: row.get("duplicate_of") for row in stories.get("articles") or []}
    by_id = {}
    for article in articles:
        if copies.get(article.id):
            article.extra["duplicate_of"] = copies[article.id]
        by_id[article.id] = article
    folder = Path(out_dir) / "stories"
    make_folder(folder)
    briefs = {}
    stems = unique_stems(str(story["id"]) for story in stories.get("stories") or [])
    for story in stories.get("stories") or []:
        members = [by_id[a] for a in story["articles"] if a in by_id]
        briefs[story["id"]] = build_brief(story, members, analysed, vectors)
        write_json_atomic(folder / f"{stems[str(story['id'])]}.json", briefs[story["id"]])
    return briefs


def write_run_outputs(store: Store, out_dir: Path, stories: dict[str, Any]) -> dict[str, int]:
    """Write ``stories.json``, ``entities.json``, ``articles/<stem>.json`` for every stored article
    and ``stories/<stem>.json`` (the brief) for every story; save the same results in the store.

    Parses and sentence vectors of texts seen by an earlier run come from the store's cache. Once all is
    written, analysis and story files of an earlier run that this run did not write are removed."""
    make_folder(out_dir)
    write_json_atomic(out_dir / "stories.json", stories)
    folder = out_dir / "articles"
    make_folder(folder)
    articles = list(store.iter_articles())
    analysed = analyse(articles, cache=ParseCache(store, "analysis"))
    stems = unique_stems(analysed.articles)
    for article_id, document in analysed.articles.items():
        write_json_atomic(folder / f"{stems[article_id]}.json", document)
    entities = analysed.entities_document()
    write_json_atomic(out_dir / "entities.json", entities)
    briefs = write_brief_files(out_dir, stories, articles, analysed, ParseCache(store, "sentence-vectors", binary=True))
    store.put_results(RunResults(stories, analysed.articles, entities["entities"], briefs))
    pages = write_brief_pages(out_dir, list(briefs.values()), {a.id: a.raw for a in articles})["pages"] if briefs else 0
    if not briefs and (out_dir / "index.html").exists():  # no stories left: the old index would link to none
        from .brief.render_html import render_index_html

        write_text_atomic(out_dir / "index.html", render_index_html([]))
    remove_temporaries(out_dir, _TOP_NAMES.__contains__)  # a run killed while writing one left it
    _remove_stale(folder, {f"{stem}.json" for stem in stems.values()})
    story_stems = unique_stems(str(story["id"]) for story in stories.get("stories") or []).values()
    if (out_dir / "stories").is_dir():
        _remove_stale(out_dir / "stories", {f"{stem}.{ext}" for stem in story_stems for ext in ("json", "md", "html")})
    return {"stories": len(stories["stories"]), "articles": len(analysed.articles), "pages": pages,
            "partial": len(analysed.partial)}
