"""Quote extraction and speaker attribution: one sentence per phenomenon, then real data from ../shared."""
from __future__ import annotations

import json

import pytest
from rapidfuzz import fuzz

from conftest import shared_path
from newsweave.nlp import load_nlp
from newsweave.quotes import find_quotes, group_quotes, same_quote
from newsweave.quotes.marks import find_marked


def quotes(text: str, kind: str | None = "direct"):
    found = find_quotes(text, load_nlp()(text))
    return [q for q in found if kind is None or q.kind == kind]


def spk(text: str, q) -> str | None:
    return None if q.speaker_start is None else text[q.speaker_start:q.speaker_end]


@pytest.mark.parametrize("text, content", [
    ("“We will win,” she said.", "We will win,"),
    ('"We will win," she said.', "We will win,"),
    ("‘We will win,’ she said.", "We will win,"),
    ("«We will win», she said.", "We will win"),
    ("„We will win“, she said.", "We will win"),
])
def test_quote_mark_styles(text, content):
    (q,) = quotes(text)
    assert q.text == content
    assert text[q.start:q.end] == content
    assert spk(text, q) == "she"


def test_apostrophes_are_not_single_quotes():
    text = "The players’ union said it wouldn’t strike, and the club’s owner agreed."
    assert quotes(text) == []
    assert find_marked(text) == []


def test_reporting_verb_after_the_quote_with_named_speaker_and_apposition():
    text = "“Prices will fall next year,” Anna Kowalski, an economist at the bank, told reporters."
    (q,) = quotes(text)
    assert (q.speaker, spk(text, q), q.partial) == ("Anna Kowalski", "Anna Kowalski", False)


def test_inverted_reporting_verb():
    text = "“Prices will fall next year,” said Anna Kowalski."
    (q,) = quotes(text)
    assert q.speaker == "Anna Kowalski"


def test_colon_introduction():
    text = "The mayor of the town spoke on Monday.\nHe said: “The bridge will reopen in May.”"
    (q,) = quotes(text)
    assert q.text == "The bridge will reopen in May."
    assert spk(text, q) == "He"


def test_according_to():
    text = "“The bridge will reopen in May,” according to Tom Baker."
    (q,) = quotes(text)
    assert q.speaker == "Tom Baker"


def test_pronoun_resolves_to_named_subject_and_titles_are_stripped():
    text = ("General Peter Holm met Mr Jansen in the capital on Tuesday.\n"
            "“We have no choice but to leave,” he said.")
    (q,) = quotes(text)
    assert spk(text, q) == "he"
    assert q.speaker == "Peter Holm"


def test_pronoun_gender_from_honorific():
    text = ("Mrs Lindqvist met Mr Berg at the ministry.\n"
            "“The talks went well,” she said.")
    (q,) = quotes(text)
    assert q.speaker == "Lindqvist"


def test_short_form_resolves_to_full_name():
    text = ("Health Minister Clara Osei visited the hospital.\n"
            "“We need more nurses,” Ms Osei said.")
    (q,) = quotes(text)
    assert spk(text, q) == "Ms Osei"
    assert q.speaker == "Clara Osei"


def test_pronoun_prefers_the_main_subject_over_an_embedded_one():
    text = ("Sen. Dana Quill said on Sunday that Tom Baxter must resign.\n"
            "“It is time for new leadership,” he said.")
    (q,) = quotes(text)
    assert (spk(text, q), q.speaker) == ("he", "Dana Quill")


def test_names_inside_quotes_are_not_antecedents():
    text = ("Paul Adler spoke to the committee on Friday.\n"
            "“Senator Brandt needs to apologize to the voters,” he said.")
    (q,) = quotes(text)
    assert q.speaker == "Paul Adler"


def test_an_earlier_pronoun_subject_carries_the_person():
    text = ("Ryan Doyle and Maria Ortiz toured the plant together.\n"
            "Doyle thanked the workers.\n"
            "He recalled a long campaign with Ortiz in the spring.\n"
            "“We drove for five days,” he said.")
    (q,) = quotes(text)
    assert q.speaker == "Ryan Doyle"


def test_description_resolves_to_the_named_person_with_that_title():
    text = ("Ohio Gov. Mark Feld signed the bill on Monday, and Sen. Ana Ruiz criticised it.\n"
            "“This law protects families,” the Ohio governor said.\n"
            "“It was a long fight,” the senator said.")
    q1, q2 = quotes(text)
    assert (spk(text, q1), q1.speaker) == ("the Ohio governor", "Mark Feld")
    assert q2.speaker == "Ana Ruiz"


def test_name_in_apposition_to_a_description_is_the_speaker():
    text = "A spokesman for the harbour board, Lena Hart, said the plan was “reckless and badly rushed.”"
    (q,) = quotes(text)
    assert q.speaker == "Lena Hart"


def test_words_dubbed_by_sources_are_theirs_not_the_last_named_person():
    text = "Governor Ivo Stan's troops left the town in a retreat dubbed a “dark day for the army” by opposition bloggers."
    (q,) = quotes(text)
    assert q.speaker == "opposition bloggers"


def test_unnamed_source_keeps_its_description():
    text = "“The port will stay closed,” a senior port official said."
    (q,) = quotes(text)
    assert q.speaker == "a senior port official"


def test_continuation_paragraph_inherits_the_speaker():
    text = ("“We will rebuild the school,” the mayor said.\n"
            "“It will take two years and a great deal of money.”")
    q1, q2 = quotes(text)
    assert q2.text == "It will take two years and a great deal of money."
    assert (q2.speaker, q2.speaker_start) == (q1.speaker, q1.speaker_start) == ("the mayor", text.index("the mayor"))


def test_multi_paragraph_quote_without_closing_marks():
    text = ("The driver wrote on social media: “We waited for six hours at the border.\n"
            "“Nobody told us anything about the delay.\n"
            "“In the end we turned back.”")
    (q,) = quotes(text)
    assert q.start == text.index("We waited")
    assert q.end == text.index("back.") + len("back.")
    assert q.text == ("We waited for six hours at the border. Nobody told us anything about the delay. "
                      "In the end we turned back.")
    assert q.speaker == "the driver"


def test_partial_quote_inside_a_sentence():
    text = "Jan Novak said the army was “running out of shells” near the river."
    (q,) = quotes(text)
    assert q.text == "running out of shells"
    assert q.partial is True
    assert q.speaker == "Jan Novak"


def test_scare_quotes_and_nicknames_are_not_quotes():
    text = ("The plan to “relocate” residents drew criticism.\n"
            "Bako, who earned the nickname “The Hammer” during the siege, said the city was quiet.")
    assert quotes(text) == []


def test_indirect_speech():
    text = "Jan Novak said that the bridge would reopen in May."
    (q,) = quotes(text, "indirect")
    assert q.text == "that the bridge would reopen in May"
    assert q.speaker == "Jan Novak"
    assert q.partial is False


def test_dash_signature():
    text = "“He does not speak for us.” ― Maria Lopez"
    (q,) = quotes(text)
    assert q.speaker == "Maria Lopez"


def test_same_quote_across_articles_despite_brackets_ellipsis_and_missing_part():
    a = "“We saw no tanks near the town. The army has left,” Ana Ruiz said."
    b = "“We saw no tanks near the town… [The army] has left,” she said."
    c = "“We saw no tanks near the town,” Ruiz told the radio."
    found = {"a": quotes(a), "b": quotes(b), "c": quotes(c), "d": quotes("“Completely different words about other things,” he said.")}
    group_quotes(found)
    groups = {k: [q.group for q in v] for k, v in found.items()}
    assert groups["a"][0] is not None
    assert groups["a"] == groups["b"] == groups["c"]
    assert groups["d"] == [None]
    assert same_quote("It was a very good day for all of us.", "It was a very good day, for all of us!")


# --- real data ---------------------------------------------------------------------------------

def _same_speaker(got: str | None, want: str) -> bool:
    if not got:
        return False
    g, w = got.lower(), want.lower()
    return g == w or g.split()[-1] == w.split()[-1] or fuzz.ratio(g.split()[-1], w.split()[-1]) >= 85


def test_kherson_quotes_speakers_and_groups():
    folder = shared_path("examples", "kherson")
    from newsweave.pipeline import extract_paths

    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    names = sorted(gold["articles"])
    articles = {a.id: a for a in extract_paths([folder / n for n in names]).articles}
    nlp = load_nlp()
    found = {aid: find_quotes(a.text, nlp(a.text)) for aid, a in articles.items()}
    group_quotes(found)
    direct = {aid: [q for q in qs if q.kind == "direct"] for aid, qs in found.items()}
    for item in gold["quotes"]:
        hits = [q for q in direct[item["article"]] if q.text.startswith(item["starts"])]
        assert hits, f"not found: {item['starts']}"
        assert _same_speaker(hits[0].speaker, item["speaker"]), (item["starts"], hits[0].speaker)
        if item.get("partial"):
            assert hits[0].partial
    for item in gold["not_quotes"]:
        assert not [q for q in direct[item["article"]] if item["text"] in q.text and len(q.text) < 3 * len(item["text"])]
    for same in gold["same_quote_across_outlets"]:
        groups = set()
        for art in (k for k in same if k.endswith(".txt")):
            for q in direct[art]:
                if q.speaker and _same_speaker(q.speaker, same["speaker"]):
                    groups.add(q.group)
        assert len(groups) == 1 and None not in groups


@pytest.mark.parametrize("text, content, words", [
    ("He has lost the backing of many supporters, but he has not yet said whether he will run again.",
     "whether he will run again", "has not yet said"),
    ("The statement does not deny that the group is open to cutting benefits.", "that the group is open to cutting benefits",
     "does not deny"),
    ("The mayor declined to say whether the city would appeal the ruling.", "whether the city would appeal the ruling",
     "declined to say"),
    ("Smith never said that he would resign from the board.", "that he would resign from the board", "never said"),
])
def test_a_quote_on_a_negated_reporting_verb_carries_the_negating_words(text, content, words):
    (q,) = [q for q in quotes(text, None) if q.text == content]
    assert q.negated == words


def test_quotes_on_plain_reporting_verbs_are_not_negated():
    text = "“We will not back down,” the senator said. The senator said that the bill would not pass next week."
    found = quotes(text, None)
    assert len(found) == 2 and all(q.negated is None for q in found)
    text = "“Absolutely not,” Mr. Pence said."  # the negation is the quote's
    assert [q.negated for q in quotes(text)] == [None]
    text = "He did not comment at length on Sunday, but did say at a stop in Las Vegas that the plan is “the worst we have ever had.”"
    assert [q.negated for q in quotes(text)] == [None]  # the quote hangs on "did say", joined to the negated verb
    text = "Smith did not say “yes.” “We will look at it very carefully.”"  # the second quote goes on after that sentence
    assert [q.negated for q in quotes(text)] == ["did not say", None]
    for text in ("Smith did not hesitate to say that the plan would fail.", "Smith could not resist saying that the plan would fail.",
                 "Smith said not that the plan would fail but that it would be delayed."):
        assert [q.negated for q in quotes(text, None)] == [None], text


@pytest.mark.slow
def test_polnear_dev_slice():
    folder = shared_path("benchmarks", "polnear")
    from newsweave.evaluate.quotes import evaluate_quotes

    report = evaluate_quotes(folder, split="dev", limit=30)
    direct = report["direct/30%"]
    assert direct["f1"] >= 0.88, direct
    assert direct["speaker_accuracy"] >= 0.85, direct
    assert report["all/30%"]["f1"] >= 0.55, report["all/30%"]


def test_grouping_finds_a_short_quote_with_one_word_changed():
    from newsweave.quotes import Quote, group_quotes

    a, b = "We will rebuild the bridge this year", "We will rebuild that bridge this year"
    filler = "the year the bridge the town the river"  # shares only common words with both
    quotes = {"one": [Quote(a, 0, len(a), False, "direct")],
              "two": [Quote(b, 0, len(b), False, "direct")],
              "three": [Quote(filler, 0, len(filler), False, "direct")]}
    group_quotes(quotes)
    assert quotes["one"][0].group is not None and quotes["one"][0].group == quotes["two"][0].group
    assert quotes["three"][0].group is None


def test_grouping_finds_the_same_quote_spelled_differently_by_two_outlets():
    from newsweave.quotes import Quote, group_quotes

    a = ("Oleksandr Syrskyi said the counteroffensive near Kharkiv would continue through the winter "
         "despite heavy losses on both sides of the front")
    b = a.replace("Syrskyi", "Syrsky").replace("counteroffensive", "counter-offensive").replace("Kharkiv", "Kharkov")
    other = "The bridge will stay closed until engineers have checked every pier and the railings, officials said"
    quotes = {"one": [Quote(a, 0, len(a), False, "direct")],
              "two": [Quote(b, 0, len(b), False, "direct"), Quote(other, 200, 200 + len(other), False, "direct")]}
    group_quotes(quotes)
    assert quotes["one"][0].group is not None and quotes["one"][0].group == quotes["two"][0].group
    assert quotes["two"][1].group is None


def _direct(text: str):
    from newsweave.quotes import Quote

    return Quote(text, 0, len(text), False, "direct")


def test_a_stock_phrase_inside_two_different_quotes_joins_neither():
    stock = "I don't know what happened"
    one = "I don't know what happened, he was at home with his kids when the shots came through the window"
    two = "The mayor said I don't know what happened at the plant and we will ask the company for every record"
    quotes = {"a": [_direct(one)], "b": [_direct(two)], "c": [_direct(stock)]}
    group_quotes(quotes)
    assert [q.group for qs in quotes.values() for q in qs] == [None, None, None]
    # held by one quote only, the same words are a part of it
    quotes = {"a": [_direct(one)], "c": [_direct(stock)]}
    group_quotes(quotes)
    assert quotes["a"][0].group is not None and quotes["a"][0].group == quotes["c"][0].group


def test_short_quotes_must_match_letter_for_letter():
    quotes = {"a": [_direct("He was a good kid")], "b": [_direct("My brother was a good kid")], "c": [_direct("He was a good kid.")]}
    group_quotes(quotes)
    assert quotes["a"][0].group is not None and quotes["a"][0].group == quotes["c"][0].group
    assert quotes["b"][0].group is None
