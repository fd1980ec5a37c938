"""Articles of unknown outlet (bare files: no outlet, no URL host) are all the outlet "unknown": one source between
them, never one independent source each."""
from __future__ import annotations

from conftest import text_article

from newsweave.analysis import analyse
from newsweave.brief import build_brief
from newsweave.dedupe import independent_sources

A = ("Headline line\n"
     "The Lundby council approved a budget of 12 million euros on Monday after a long debate.\n"
     "The weather in the harbour was mild and sunny for most of the week.\n")
B = ("On Monday the Lundby council approved a 12 million euro budget following a lengthy debate.\n"
     "A new bakery opened on the market square, selling rye bread and cinnamon buns.\n")


def _budget_fact(outlet_a: str | None, outlet_b: str | None) -> dict:
    a, b = text_article("a.txt", outlet_a, A, "2026-03-02"), text_article("b.txt", outlet_b, B, "2026-03-02")
    brief = build_brief({"id": "s1", "articles": ["a.txt", "b.txt"]}, [a, b], analyse([a, b]))
    return next(f for f in brief["facts"] if "budget" in f["text"])


def test_unknown_outlets_count_as_one_source_in_a_story():
    a, b, c = (text_article(i, None, A, "2026-03-02") for i in ("a.txt", "b.txt", "c.txt"))
    assert independent_sources([a, b, c]) == 1
    assert independent_sources([a, b, text_article("d", "one.example", B, "2026-03-02")]) == 2


def test_two_bare_files_do_not_corroborate_each_other_but_two_outlets_do():
    known = _budget_fact("one.example", "two.example")
    assert known["status"] == "corroborated" and known["independent_outlets"] == 2
    bare = _budget_fact(None, None)
    assert bare["status"] == "single_source" and bare["independent_outlets"] == 1 and bare["outlets"] == ["unknown"]
