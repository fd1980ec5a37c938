"""Articles of unknown outlet (bare files: no outlet, no URL host) are all the outlet "unknown": one source between
them, never one independent source each."""
from __future__ import annotations

import json

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


def test_a_run_over_bare_files_says_how_to_name_their_outlets(tmp_path, capsys):
    from newsweave.cli import main

    for name, text in (("a.txt", A), ("b.txt", B)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "store.db")
    assert main(["run", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", db]) == 0
    note = " ".join(capsys.readouterr().err.split())
    assert "2 articles name no outlet" in note and "--manifest" in note
    manifest = tmp_path / "outlets.csv"
    manifest.write_text("file,outlet\na.txt,one.example\nb.txt,two.example\n", encoding="utf-8")
    assert main(["run", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--manifest", str(manifest), "--db", db]) == 0
    assert "name no outlet" not in " ".join(capsys.readouterr().err.split())
    assert main(["stories", "--db", db, "--json"]) == 0
    stories = json.loads(capsys.readouterr().out)["stories"]
    assert [s["independent_sources"] for s in stories] == [2] and stories[0]["outlets"] == ["one.example", "two.example"]
