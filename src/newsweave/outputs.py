"""The main job's output folder: ``stories.json``, ``entities.json``, one analysis file per article, one brief
(JSON, Markdown, HTML) per story and ``index.html``; written from the results :func:`newsweave.run` computed.

Every file is written atomically (a failed write keeps the previous file, :mod:`newsweave.atomic_write`)
and named by :func:`newsweave.escape.unique_stems`, so no two ids of a run share a file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic_write import make_folder, remove_temporaries, write_json_atomic, write_text_atomic
from .escape import unique_stems
from .progress import StageProgress
from .store.base import RunResults

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


def write_brief_pages(out_dir: Path, briefs: list[dict[str, Any]], articles_text: dict[str, str] | None = None,
                      progress: StageProgress | None = None, urls: dict[str, str] | None = None) -> dict[str, int]:
    """Write ``stories/<stem>.md`` and ``.html`` for every story brief, and ``index.html`` listing them; ``progress``
    counts the stories written.

    ``articles_text`` (article id -> raw input) lets the HTML pages show each fact's passage; ``urls`` (article id ->
    original address) links their sources to the originals (http and https addresses only).
    """
    from .brief.render_html import render_index_html, render_story_html
    from .brief.render_md import render_markdown

    out_dir = Path(out_dir)
    folder = out_dir / "stories"
    make_folder(folder)
    stems = unique_stems(str(brief["id"]) for brief in briefs)
    for done, brief in enumerate(briefs, 1):
        stem = stems[str(brief["id"])]
        write_text_atomic(folder / f"{stem}.md", render_markdown(brief))
        write_text_atomic(folder / f"{stem}.html", render_story_html(brief, articles_text, urls))
        if progress:
            progress(done, len(briefs))
    write_text_atomic(out_dir / "index.html", render_index_html(briefs, stems))
    return {"pages": len(briefs)}


@dataclass(frozen=True)
class Written:
    """The files a run wrote into its output folder."""

    folder: Path
    stories: Path          # stories.json
    entities: Path         # entities.json
    analyses: int          # files in articles/
    briefs: int            # stories/<stem>.json
    pages: int             # stories/<stem>.md and .html pairs
    index: Path | None     # index.html, when there are stories


def write_run_outputs(out_dir: str | Path, results: RunResults, articles_text: dict[str, str] | None = None,
                      progress: StageProgress | None = None, urls: dict[str, str] | None = None) -> Written:
    """Write a run's ``results``: ``stories.json``, ``entities.json``, ``articles/<stem>.json`` for every analysed
    article, and for every story ``stories/<stem>.json`` (the brief), ``.md`` and ``.html`` with ``index.html``.
    ``articles_text`` (article id -> raw input) lets the HTML pages show each fact's passage, ``urls`` (article id ->
    original address) link their sources to the originals.

    Once all is written, analysis and story files of an earlier run that this run did not write are removed, and
    so are the temporary files of a run killed while writing."""
    out_dir = make_folder(out_dir)
    write_json_atomic(out_dir / "stories.json", results.stories)
    folder = make_folder(out_dir / "articles")
    stems = unique_stems(results.analyses)
    for article_id, document in results.analyses.items():
        write_json_atomic(folder / f"{stems[article_id]}.json", document)
    write_json_atomic(out_dir / "entities.json", {"entities": results.entities})
    story_stems = unique_stems(str(story["id"]) for story in results.stories.get("stories") or [])
    make_folder(out_dir / "stories")
    for story_id, brief in results.briefs.items():
        write_json_atomic(out_dir / "stories" / f"{story_stems[str(story_id)]}.json", brief)
    pages = write_brief_pages(out_dir, list(results.briefs.values()), articles_text, progress, urls)["pages"] if results.briefs else 0
    if not results.briefs and (out_dir / "index.html").exists():  # no stories left: the old index would link to none
        from .brief.render_html import render_index_html

        write_text_atomic(out_dir / "index.html", render_index_html([]))
    remove_temporaries(out_dir, _TOP_NAMES.__contains__)  # a run killed while writing one left it
    _remove_stale(folder, {f"{stem}.json" for stem in stems.values()})
    _remove_stale(out_dir / "stories", {f"{stem}.{ext}" for stem in story_stems.values() for ext in ("json", "md", "html")})
    return Written(out_dir, out_dir / "stories.json", out_dir / "entities.json", len(results.analyses), len(results.briefs), pages,
                   out_dir / "index.html" if results.briefs else None)
