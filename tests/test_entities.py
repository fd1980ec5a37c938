"""Entity mentions, normalisation and cross-article linking."""
from __future__ import annotations

import json
import re

import pytest

from conftest import shared_path
from newsweave.entities import find_mentions, link_entities
from newsweave.entities.names import normalise_name, translit_key
from newsweave.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def mentions(nlp, text):
    return [(m.type, m.text, m.name) for m in find_mentions(text, nlp(text))]


@pytest.mark.parametrize("surface,type_,name", [
    ("Defence Minister Sergey Shoigu", "PERSON", "Sergey Shoigu"),
    ("Ukrainian MP Anna Kovalenko", "PERSON", "Anna Kovalenko"),
    ("Putin’s Defence Minister Ivan Petrov", "PERSON", "Ivan Petrov"),
    ("VLADIMIR Petrov’s", "PERSON", "Vladimir Petrov"),
    ("Mr Petrov", "PERSON", "Petrov"),
    ("the Volga River", "LOC", "Volga River"),
    ("river Volga", "LOC", "Volga River"),
    ("NATO", "ORG", "NATO"),
])
def test_normalise_name(surface, type_, name):
    assert normalise_name(surface, type_) == name


@pytest.mark.parametrize("a,b", [("Sergey", "Sergei"), ("Zelensky", "Zelenskyy"), ("Zelenskiy", "Zelensky"),
                                 ("Yevgeny", "Evgeny"), ("Aleksandr", "Alexandr"), ("Mykhailo", "Mikhailo")])
def test_translit_key_variants(a, b):
    assert translit_key(a) == translit_key(b)


def test_titles_and_short_forms(nlp):
    text = "Defence Minister Sergey Shoigu gave the order on Wednesday. Mr Shoigu told reporters the troops would leave."
    assert mentions(nlp, text) == [("PERSON", "Defence Minister Sergey Shoigu", "Sergey Shoigu"),
                                   ("PERSON", "Mr Shoigu", "Sergey Shoigu")]


def test_nickname_attached_to_person(nlp):
    text = "Marco Rossi, who earned the nickname “The Butcher” in Italy, said he would resign."
    assert mentions(nlp, text) == [("PERSON", "Marco Rossi", "Marco Rossi"), ("PERSON", "The Butcher", "Marco Rossi"),
                                   ("GPE", "Italy", "Italy")]


def test_places_listed_with_a_place(nlp):
    text = "The city of Tarnów, along with Rzeszów and Kielce, voted on Sunday."
    assert mentions(nlp, text) == [("GPE", "Tarnów", "Tarnów"), ("GPE", "Rzeszów", "Rzeszów"), ("GPE", "Kielce", "Kielce")]


def test_all_caps_first_name_and_possessive(nlp):
    got = mentions(nlp, "JOHN Smith’s company was sold to Acme Corporation for a record sum.")
    assert got[0] == ("PERSON", "JOHN Smith", "John Smith")


def test_linking_variants_and_namesakes(nlp):
    a = "Sergei Kovalenko said the bridge over the Dnieper was destroyed."
    b = "Sergey Kovalenko, a local official, said the Dnipro River was rising. Oleksandr Kovalenko disagreed."
    ents = link_entities({"a": find_mentions(a, nlp(a)), "b": find_mentions(b, nlp(b))})
    by_name = {e.name: e for e in ents}
    sergei = by_name["Sergei Kovalenko"]
    assert sorted(m.text for _, m in sergei.mentions) == ["Sergei Kovalenko", "Sergey Kovalenko"]
    assert sergei.merges == [{"a": "Sergei Kovalenko", "b": "Sergey Kovalenko", "rule": "translit-key", "score": 0.938}]
    assert [m.text for _, m in by_name["Oleksandr Kovalenko"].mentions] == ["Oleksandr Kovalenko"]
    river = by_name["Dnipro River"]
    assert sorted(m.text for _, m in river.mentions) == ["Dnieper", "the Dnipro River"]
    assert river.merges[0]["rule"] == "place-name" and river.merges[0]["score"] >= 0.8
    # the id depends on the entity, not on the articles it was seen in
    again = link_entities({"x": find_mentions(b, nlp(b))})
    assert {e.name: e.id for e in again}["Dnipro River"] == river.id


def test_one_person_is_one_entity_across_articles(nlp):
    texts = {
        "a": "President Harlan Voss signed the order on Monday. Voss said the order was overdue.",
        "b": "Mr. Voss spoke to reporters in the garden.",
        "c": "Defense Secretary Joan Keel met Harlan Voss. Keel said the talks went well.",
        "d": "Ms. Keel arrived in the capital on Tuesday.",
    }
    ents = link_entities({k: find_mentions(t, nlp(t)) for k, t in texts.items()})
    voss = [e for e in ents if "Voss" in e.name]
    keel = [e for e in ents if "Keel" in e.name]
    assert len(voss) == 1 and voss[0].type == "PERSON" and voss[0].name == "Harlan Voss"
    assert {a for a, _ in voss[0].mentions} == {"a", "b", "c"}
    assert len(keel) == 1 and {a for a, _ in keel[0].mentions} == {"c", "d"}


def test_person_name_forms_of_one_person_link(nlp):
    texts = {
        "a": "Frederick C. Lomax Jr. died on Sunday at his home in Ohio.",
        "b": "Fred Lomax was a lawyer in Ohio for forty years.",
        "c": "Comedian Tessa Brandl opened the show. Tessa Brandl Returns To Host was the headline of the night.",
        "d": "Tessa Brandl thanked the audience.",
    }
    ents = link_entities({k: find_mentions(t, nlp(t)) for k, t in texts.items()})
    lomax = [e for e in ents if "Lomax" in e.name]
    brandl = [e for e in ents if "Brandl" in e.name]
    assert len(lomax) == 1, [e.name for e in lomax]
    assert len(brandl) == 1 and brandl[0].name == "Tessa Brandl", [e.name for e in brandl]


def _occurrences(text, s):
    return [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(s) + r"(?!\w)", text.replace("’", "'"))]


def test_kherson_entities(nlp):
    folder = shared_path("examples", "kherson")
    from newsweave.pipeline import extract_paths

    gold = json.loads((folder / "gold.json").read_text())
    arts = extract_paths(sorted(folder.glob("*.txt"))).articles
    texts = {a.id: a.text for a in arts}
    ents = link_entities({a.id: find_mentions(a.text, nlp(a.text)) for a in arts})
    owner = {}
    for e in ents:
        for aid, m in e.mentions:
            owner[(aid, m.start, m.end)] = e
    chosen = {}
    for group in gold["entities"]:
        common = None
        for s in group["mentions"]:
            hit = set()
            for aid, text in texts.items():
                for a, b in _occurrences(text, s.replace("’", "'")):
                    hit |= {e.id for (x, ms, me), e in owner.items() if x == aid and ms < b and a < me}
            assert hit, f"{group['canonical']}: no mention found for {s!r}"
            common = hit if common is None else common & hit
        assert common, f"{group['canonical']}: listed mentions split over entities"
        assert len(common) == 1
        chosen[group["canonical"]] = common.pop()
    assert len(set(chosen.values())) == len(chosen), "two gold groups merged into one entity"
    names = {e.id: e.name for e in ents}
    for canonical in ("Sergei Shoigu", "Sergei Surovikin", "Mykhailo Podolyak", "Vladimir Putin", "Dnipro River", "Kherson"):
        assert names[chosen[canonical]] == canonical


def test_bcubed():
    from newsweave.evaluate.entities import bcubed

    assert bcubed(["a", "a", "b"], ["x", "x", "y"]) == (1.0, 1.0, 1.0)
    p, r, _ = bcubed(["a", "a", "a"], ["x", "x", "y"])
    assert (round(p, 3), r) == (0.556, 1.0)


def test_eval_entities_cli(capsys):
    folder = shared_path("benchmarks", "ecbplus", "mentions.jsonl").parent
    from newsweave.cli import main

    assert main(["eval", "entities", str(folder), "--limit", "5"]) == 0
    assert "BCubed" in capsys.readouterr().out


def test_headline_words_glued_to_names_are_cut(nlp):
    text = ("Obama Reverses Bush Rule On Species\n"
            "President Barack Obama on Monday reversed a rule set by George W. Bush.\n"
            "Teixeira\nBoston reportedly looks to sign the slugger Mark Teixeira.")
    got = mentions(nlp, text)
    head = [g for g in got if text.index(g[1]) < text.index("\n")]
    assert ("PERSON", "Obama", "Barack Obama") in head and ("PERSON", "Bush", "George W. Bush") in head, head
    assert all(not ("Reverses" in surface and ("Obama" in surface or "Bush" in surface)) for _, surface, _ in got)
    assert all("\n" not in surface for _, surface, _ in got)  # a mention never spans a line break


def test_nickname_inside_a_name(nlp):
    text = "Vincent 'The Chin' Gigante died in prison on Monday. Gigante was 77."
    got = mentions(nlp, text)
    assert ("PERSON", "Vincent 'The Chin' Gigante", "Vincent Gigante") in got
    assert ("PERSON", "Gigante", "Vincent Gigante") in got


def test_two_names_joined_by_and_are_two_mentions():
    from newsweave.entities.candidates import Candidate
    from newsweave.entities.headlines import split_headline_names

    text = "Andrew Lopez met Jonathan Carrasquillo. Lopez and Carrasquillo were held. Smith and Wesson sells guns."
    cands = [Candidate(text.index(s), text.index(s) + len(s), label)
             for s, label in (("Andrew Lopez", "PERSON"), ("Jonathan Carrasquillo", "PERSON"),
                              ("Lopez and Carrasquillo", "ORG"), ("Smith and Wesson", "ORG"))]
    split_headline_names(text, cands)
    got = sorted((text[c.start:c.end], c.label) for c in cands)
    assert got == [("Andrew Lopez", "PERSON"), ("Carrasquillo", "PERSON"), ("Jonathan Carrasquillo", "PERSON"),
                   ("Lopez", "PERSON"), ("Smith and Wesson", "ORG")]


def test_short_forms_of_organisations_and_given_names(nlp):
    texts = {
        "a": "The Boston Red Sox made an offer to Mark Teixeira in Boston on Tuesday. The Red Sox declined to comment.",
        "b": "The Red Sox met the agent again.",
        "c": "Coach Maurice Cheeks was hired on Monday.",
        "d": "Coach Mo Cheeks said he was thrilled.",
        "e": "Gaetano Lo Presti was found dead in his cell in Palermo. Lo Presti was 52.",
        "f": "Police said Lo Presti had been arrested a day earlier.",
    }
    ents = link_entities({k: find_mentions(t, nlp(t)) for k, t in texts.items()})
    sox = [e for e in ents if "Sox" in e.name]
    assert len(sox) == 1 and {a for a, _ in sox[0].mentions} == {"a", "b"}, [(e.name, e.merges) for e in sox]
    assert [m["rule"] for m in sox[0].merges] == ["org-short-form"]
    cheeks = [e for e in ents if "Cheeks" in e.name]
    assert len(cheeks) == 1 and cheeks[0].name == "Maurice Cheeks", [(e.name, e.merges) for e in cheeks]
    assert cheeks[0].merges == [{"a": "Maurice Cheeks", "b": "Mo Cheeks", "rule": "person-name", "score": 0.9}]
    presti = [e for e in ents if "Presti" in e.name]
    assert len(presti) == 1 and {a for a, _ in presti[0].mentions} == {"e", "f"}
    assert presti[0].name == "Gaetano Lo Presti" and presti[0].merges[0]["rule"] == "surname-only"


def test_a_bare_surname_goes_to_the_person_its_article_is_about(nlp):
    texts = {
        "a": "Reggie Bush ran for two touchdowns in New Orleans as the New Orleans Saints beat the Carolina Panthers at the Superdome.",
        "b": "Saints running back Reggie Bush was carted off the field at the Superdome against the Panthers.",
        "c": "Bush limped off in the second quarter; the Saints said he would have an MRI at the Superdome on Monday.",
        "d": "President George W. Bush signed the endangered species rule at the White House with Dirk Kempthorne of the Interior Department.",
        "e": "Bush's endangered species rule, drafted by Dirk Kempthorne, was overturned by the Interior Department, the White House said.",
    }
    ents = link_entities({k: find_mentions(t, nlp(t)) for k, t in texts.items()})
    owner = {a: e.name for e in ents for a, m in e.mentions if "Bush" in m.text}
    assert owner["c"] == "Reggie Bush" and owner["e"] == "George W. Bush", owner
    reggie = next(e for e in ents if e.name == "Reggie Bush")
    assert any(m["rule"] == "surname-context" for m in reggie.merges)


def test_junior_and_senior_named_in_one_article_stay_two_people(nlp):
    texts = {
        "a": "Donald Trump Jr. met the lawyer in June, and Donald Trump later defended the meeting.",
        "b": "Arcade Joseph Comeaux Jr. escaped from custody on Monday.",
        "c": "Arcade Comeaux was caught on Wednesday.",
    }
    ents = link_entities({k: find_mentions(t, nlp(t)) for k, t in texts.items()})
    trumps = {e.name for e in ents if "Trump" in e.name}
    assert len(trumps) == 2, trumps
    assert len([e for e in ents if "Comeaux" in e.name]) == 1


def test_a_titled_name_is_a_person_and_a_possessive_ends_the_name(nlp):
    text = ("President Trump on Monday called the case unfair. Trump said the agency ruined his life. "
            "This was after Mr. Trump’s Twitter account posted a message.")
    got = mentions(nlp, text)
    trumps = [(t, s) for t, s, n in got if "Trump" in s]
    assert trumps and all(t == "PERSON" for t, _ in trumps), got
    assert all("Twitter" not in s for _, s in trumps)
    assert all(n == "Trump" for _, s, n in got if "Trump" in s)


def test_courtesy_titles_keep_a_bare_surname_off_the_other_spouse(nlp):
    texts = {
        "a": "Hillary Clinton met donors in Iowa. Mrs. Clinton spoke about the State Department and Benghazi.",
        "b": "Hillary Clinton answered questions about Benghazi at the State Department. Mrs. Clinton left.",
        "c": "Bill Clinton spoke at the Clinton Foundation in Arkansas. Mr. Clinton was president in the 1990s.",
        "d": "Mr. Clinton defended the State Department's handling of Benghazi on Monday.",
    }
    ents = link_entities({k: find_mentions(t, nlp(t)) for k, t in texts.items()})
    owner = {a: e.name for e in ents for a, m in e.mentions if m.text == "Mr. Clinton"}
    assert owner["d"] == "Bill Clinton", owner


def test_entity_ids_are_unique_when_a_short_form_resolves_in_one_article_only():
    from newsweave.entities import Mention

    mentions = {
        "a": [Mention("Los Angeles Times", 0, 17, "ORG", "Los Angeles Times"), Mention("Times", 40, 45, "ORG", "Los Angeles Times"),
              Mention("Times", 60, 65, "ORG", "Los Angeles Times")],
        "b": [Mention("Times", 4, 9, "ORG", "Times")],
    }
    ents = link_entities(mentions)
    assert len({e.id for e in ents}) == len(ents)
    assert {e.name for e in ents} >= {"Los Angeles Times"}
