"""Number claims: value, qualifier, counted noun phrase, source, kind."""
from __future__ import annotations

import pytest

from conftest import shared_path
from newsweave.nlp import load_nlp
from newsweave.numbers import find_numbers


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def claims(nlp, text):
    return [(n.value, n.text, n.qualifier, n.counted, n.source, n.kind) for n in find_numbers(text, nlp(text))]


@pytest.mark.parametrize("text,expected", [
    ("Police said more than 1,200 people were evacuated.",
     [(1200, "more than 1,200 people", "more than", "people", "Police", "count")]),
    ("The ministry estimated that nearly 40% of homes had no power.",
     [(40, "nearly 40% of homes", "nearly", "homes", "The ministry", "percent")]),
    ("The fund raised £2.5 million, according to Jane Doe.",
     [(2_500_000, "£2.5 million", None, None, "Jane Doe", "money")]),
    ("Up to five bridges were destroyed, and tens of thousands of residents fled.",
     [(5, "Up to five bridges", "up to", "bridges", None, "count"),
      (10_000, "tens of thousands of residents", "at least", "residents", None, "count")]),
    ("Call 0800 123 4567 or visit the Apollo 11 exhibit.", []),
])
def test_claims(nlp, text, expected):
    assert claims(nlp, text) == expected


def test_age_and_dates(nlp):
    text = "Anna Smith, 34, was arrested on 9 November 2022."
    got = find_numbers(text, nlp(text))
    assert [(n.value, n.text, n.kind, n.of) for n in got] == [(34, "Anna Smith, 34", "age", "Anna Smith"),
                                                               (9, "9 November 2022", "date", None)]
    text = "It opened on Sept. 11, 2001, and again in January 2009."
    assert [(n.value, n.text, n.kind) for n in find_numbers(text, nlp(text))] == [(11, "Sept. 11, 2001", "date"),
                                                                                 (2009, "January 2009", "date")]


def test_one_of_is_not_a_count(nlp):
    assert [n.value for n in find_numbers("It was one of four regions.", nlp("It was one of four regions."))] == [4]


def test_kherson_numbers(nlp):
    folder = shared_path("examples", "kherson")
    import json

    from newsweave.pipeline import extract_paths

    gold = json.loads((folder / "gold.json").read_text())
    found = {a.id: find_numbers(a.text, nlp(a.text)) for a in extract_paths(sorted(folder.glob("*.txt"))).articles}
    for g in gold["numbers"]:
        hits = [n for n in found[g["article"]] if n.value == g["value"] and (g["text"] in n.text or n.text in g["text"])]
        assert hits, f"not found: {g['text']}"
        assert hits[0].qualifier == g.get("qualifier"), g["text"]
    appeal = {3, 5, 10, 70141, 5_000_000, 100}
    assert not [n for n in found["004_682e6fe2ff00f1a5.txt"] if n.value in appeal or n.kind == "money"]
