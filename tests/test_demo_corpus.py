"""The shipped demo corpus: every format reads cleanly and its planted noise is removed."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsweave import extract_paths

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


@pytest.fixture(scope="module")
def summary():
    return extract_paths([DEMO])


def test_all_inputs_read(summary):
    assert summary.errors == []
    assert len(summary.articles) >= 20
    assert len({a.outlet for a in summary.articles}) >= 5
    assert {a.raw_kind for a in summary.articles} == {"text", "html"}
    assert len(summary.not_fetched) == 1  # the feed's link-only entry
    assert all(a.published and a.outlet and a.title and a.language == "en" for a in summary.articles)


def test_noise_is_removed_and_reasons_kept(summary):
    reasons = {r.reason.split(" (")[0] for a in summary.articles for r in a.removed}
    for expected in ("comment form", "donation or charity appeal", "pull-quote box", "pull-quote caption", "photo credit",
                     "subscribe, share or navigation prompt", "repeated across articles of the outlet"):
        assert expected in reasons
    for article in summary.articles:
        text = article.text.lower()
        for noise in ("donate here", "leave a reply", "required fields are marked", "share this article", "sign up to our"):
            assert noise not in text, (article.id, noise)
        for p in article.paragraphs:
            if article.raw_kind == "text":
                assert article.raw[p.start : p.end] == p.text
