"""Shared fixtures: where ../shared is, and a skip for tests that need it."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.record import Article, Paragraph

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_TXT = REPO / "examples" / "demo" / "txt"  # nine articles of four outlets, with a manifest


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the shared data folder beside the repository); not present here")
    return path


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory) -> Path:
    """``newsweave run examples/demo --out DIR`` once per test session (tests only read it); DIR/newsweave.db is its store."""
    from newsweave.cli import main

    out = tmp_path_factory.mktemp("demo-out")
    assert main(["run", str(REPO / "examples" / "demo"), "--out", str(out)]) == 0
    return out


def demo_run(folder: Path, executor) -> tuple[dict, dict, dict]:
    """(stories document, story id -> stored brief, article id -> stored analysis) of a run over the demo's text
    articles into a new store in ``folder``, its per-article and per-story work on ``executor``."""
    from newsweave import open_store, run

    folder.mkdir(parents=True, exist_ok=True)
    store = open_store(folder / "newsweave.db")
    try:
        with store.writer_lock(exclusive=True):
            report = run([DEMO_TXT], store, manifest=DEMO_TXT / "manifest.csv", executor=executor)
        stories = report.stories
        briefs = {s["id"]: store.get_brief(s["id"]) for s in stories["stories"]}
        analyses = {a["id"]: store.get_analysis(a["id"]) for a in stories["articles"]}
    finally:
        store.close()
    return stories, briefs, analyses


def text_article(article_id: str, outlet: str, text: str, published: str) -> Article:
    """A plain-text article whose paragraphs are its non-empty lines (offsets into ``text``)."""
    paragraphs, at = [], 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append(Paragraph(line, at, at + len(line)))
        at += len(line) + 1
    return Article(article_id, text, "text", outlet=outlet, published=published, paragraphs=paragraphs)
