"""Shared fixtures: where ../shared is, and a skip for tests that need it."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.record import Article, Paragraph

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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


def text_article(article_id: str, outlet: str, text: str, published: str) -> Article:
    """A plain-text article whose paragraphs are its non-empty lines (offsets into ``text``)."""
    paragraphs, at = [], 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append(Paragraph(line, at, at + len(line)))
        at += len(line) + 1
    return Article(article_id, text, "text", outlet=outlet, published=published, paragraphs=paragraphs)
