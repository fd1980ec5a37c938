"""Relayed reporting: a sentence crediting its report to a news organisation stands for that organisation."""
from types import SimpleNamespace

from newsweave.brief.relays import earlier_clauses, names_outlet, outlet_stem, relayed_source, sentence_around, unit_credit
from newsweave.brief.sentences import split_clauses

OUTLETS = ["valdoriapost.com", "capitalsun.example", "meridianwire.com"]


def test_outlet_names_read_from_their_domains():
    assert outlet_stem("https://www.nytimes.com/2020/x") == "nytimes"
    assert names_outlet("The New York Times", "nytimes") and names_outlet("the Times", "nytimes")
    assert names_outlet("HuffPost", "huffingtonpost") and names_outlet("The Huffington Post", "huffingtonpost")
    assert names_outlet("Fox News Sunday", "foxnews")  # a show of the outlet is the outlet
    assert not names_outlet("Post", "huffingtonpost")  # one short word names nothing
    assert not names_outlet("Washington Post", "huffingtonpost")


def test_a_sentence_crediting_another_outlet_of_the_story_stands_for_it():
    said = "“We will rebuild the dam,” the governor told the Valdoria Post on Sunday."
    assert relayed_source(said, "meridianwire.com", OUTLETS) == "valdoriapost.com"
    assert relayed_source("The dam failed, according to The Capital Sun.", "meridianwire.com", OUTLETS) == "capitalsun.example"
    assert relayed_source("The Meridian Wire first reported the leak.", "valdoriapost.com", OUTLETS) == "meridianwire.com"


def test_an_outlet_outside_the_story_is_one_source_named_as_written():
    assert relayed_source("The plan was first reported by the Harbour Herald.", "valdoriapost.com", OUTLETS) == "relay:Harbour Herald"
    assert relayed_source("The plan, the Harbour Herald reported, was dropped.", "meridianwire.com", OUTLETS) == "relay:Harbour Herald"
    assert relayed_source("He said on NBC's Meet the Press that he would stay.", "valdoriapost.com", OUTLETS) == "relay:NBC"


def test_own_reporting_people_and_officials_relay_nothing():
    assert relayed_source("The Valdoria Post confirmed the closure.", "valdoriapost.com", OUTLETS) is None
    assert relayed_source("The dam failed, according to police.", "valdoriapost.com", OUTLETS) is None
    assert relayed_source("She told reporters the dam would hold.", "valdoriapost.com", OUTLETS) is None
    assert relayed_source("The mayor told Mr. Post the plan was off.", "valdoriapost.com", OUTLETS) is None
    assert relayed_source("Engineers told the Harbour Authority the dam was safe.", "valdoriapost.com", OUTLETS) is None


def test_the_sentence_around_a_quotation_holds_its_attribution():
    text = "The dam held. “It will not fail,” she told the Harbour Herald. Work goes on."
    start = text.index("It will")
    assert sentence_around(text, start, start + 15) == " “It will not fail,” she told the Harbour Herald."


def test_names_are_trimmed_to_the_organisation():
    assert relayed_source("As Meridian Wire reported, the pier shut.", "valdoriapost.com", OUTLETS) == "meridianwire.com"
    assert relayed_source("He told the Harbour Herald Friday.", "valdoriapost.com", OUTLETS) == "relay:Harbour Herald"
    assert relayed_source("She told Ann Berg of the Harbour Herald.", "valdoriapost.com", OUTLETS) == "relay:Harbour Herald"
    assert relayed_source("The plan emerged, according to The Hill.", "valdoriapost.com", OUTLETS) == "relay:Hill"
    assert relayed_source("He told Capitol Hill aides the plan was off.", "valdoriapost.com", OUTLETS) is None


def test_cues_at_the_start_of_a_sentence_and_plural_possessives():
    assert relayed_source("According to the Capital Sun, the pier shut.", "valdoriapost.com", OUTLETS) == "capitalsun.example"
    assert relayed_source("Speaking on the Harbour Herald's podcast, he said no.", "valdoriapost.com", OUTLETS) == "relay:Harbour Herald"
    assert relayed_source("He told Harbour News' Ann Berg.", "valdoriapost.com", OUTLETS) == "relay:Harbour News"


def test_a_long_run_of_capitals_is_read_in_linear_time():
    import time

    start = time.perf_counter()
    relayed_source("Ab" * 5000 + " reported", "valdoriapost.com", OUTLETS)
    assert time.perf_counter() - start < 0.2


def test_one_outside_outlet_is_one_key_however_it_is_named():
    from newsweave.brief.relays import same_sources

    keys = ["relay:AP", "relay:Associated Press", "relay:Journal", "relay:Wall Street Journal", "relay:BuzzFeed News",
            "relay:BuzzFeed", "one.example"]
    assert same_sources(keys) == ["relay:associated press"] * 2 + ["relay:wall street journal"] * 2 + ["relay:buzzfeed"] * 2 + ["one.example"]


def test_offices_places_and_relative_clauses_relay_nothing():
    for said in ("The plan is off, according to White House Press Secretary Sarah Sanders.",
                 "The death was ruled a homicide, according to the Cook County Medical Examiner.",
                 "The fire was reported in Sun City on Tuesday.",
                 "The plan is off, according to the Atlantic Council.",
                 "The senator, who told CNN last week he would stay, voted no on Tuesday."):
        assert relayed_source(said, "valdoriapost.com", OUTLETS) is None, said
    assert relayed_source("The fire was first reported by the Kansas City Star.", "valdoriapost.com", OUTLETS)
    assert relayed_source("He told USA Today he would stay.", "valdoriapost.com", OUTLETS) == "relay:USA Today"


def test_outlet_labels_of_many_shapes():
    assert outlet_stem("news.yahoo.com") == "yahoo" and outlet_stem("bbc.co.uk") == "bbc"
    assert outlet_stem("The New York Times") == "newyorktimes"
    assert relayed_source("The Hill reported the vote.", "thehill.com", ["thehill.com", "valdoriapost.com"]) is None
    assert relayed_source("The Hill reported the vote.", "valdoriapost.com", ["thehill.com", "valdoriapost.com"]) == "thehill.com"


def test_a_title_or_an_initial_ends_no_sentence():
    text = "It rained. “He is not welcome,” Mr. Fox told John F. Kennedy’s Harbour Herald. Next."
    start = text.index("He is")
    assert sentence_around(text, start, start + 5).endswith("Harbour Herald.")


def test_review_mends_of_the_press_names():
    for said, key in (("according to the Daily Mail.", "relay:Daily Mail"), ("he told the Times of London.", "relay:Times of London"),
                      ("the Times-Picayune reported.", "relay:Times-Picayune"),
                      ("the Orange County Register reported.", "relay:Orange County Register"),
                      ("according to National Journal.", "relay:National Journal")):
        assert relayed_source(said, "valdoriapost.com", OUTLETS) == key, said
    text = "“We will win,” he said of the U.S. The Capital Sun reported the vote."
    assert sentence_around(text, 1, 10) == "“We will win,” he said of the U.S."
    assert relayed_source("He said of the U.S. The Capital Sun reported it.", "valdoriapost.com", OUTLETS) == "capitalsun.example"


def test_an_article_relays_a_fact_only_when_all_its_supports_credit_another():
    from newsweave.brief.facts import relays
    from newsweave.brief.sentences import Sentence

    class Context:
        def outlet(self, article):
            return {"a": "valdoriapost.com", "b": "meridianwire.com"}[article]

    def sentence(index, article, text):
        return Sentence(index=index, article=article, order=index, text=text, start=0, end=len(text), raw_start=0,
                        raw_end=len(text), sentence_text=text)

    own = sentence(0, "b", "The pier will close for six weeks, the harbour director said.")
    credit = sentence(1, "b", "The closure was first reported by the Harbour Herald on Monday.")
    other = sentence(2, "a", "The pier shuts for six weeks from Monday.")
    sentences = [own, credit, other]
    outlets = ["meridianwire.com", "valdoriapost.com"]
    assert relays([0, 1, 2], sentences, Context(), outlets) == {}
    assert relays([1, 2], sentences, Context(), outlets) == {1: "relay:Harbour Herald"}


def test_a_clause_relays_the_outlet_it_credits_before_its_sentence_does():
    sentence = ("The Harbour Herald reported Monday that the dam leaked, while the Coast Ledger reported Tuesday "
                "that engineers had left.")
    second = SimpleNamespace(text="while the Coast Ledger reported Tuesday that engineers had left.", sentence_text=sentence)
    first = SimpleNamespace(text="The Harbour Herald reported Monday that the dam leaked,", sentence_text=sentence)
    plain = SimpleNamespace(text="the dam leaked,", sentence_text="According to the Harbour Herald, the dam leaked.")
    assert unit_credit(second, "valdoriapost.com", OUTLETS) == "relay:Coast Ledger"
    assert unit_credit(first, "valdoriapost.com", OUTLETS) == "relay:Harbour Herald"
    assert unit_credit(plain, "valdoriapost.com", OUTLETS) == "relay:Harbour Herald"  # the clause credits no one


def _units(sentence: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(text=sentence[a:b], sentence_text=sentence, article="a", sentence_order=0, title=False)
            for a, b in split_clauses(sentence)]


def test_a_clause_takes_the_credit_of_the_nearest_clause_before_it_in_its_sentence():
    units = _units("The Harbour Herald reported Monday that the dam leaked, while the Coast Ledger reported Tuesday "
                   "that engineers had left.")
    assert [u.text for u in units] == ["The Harbour Herald reported Monday", "that the dam leaked",
                                       "while the Coast Ledger reported Tuesday", "that engineers had left."]
    credits = [unit_credit(u, "valdoriapost.com", OUTLETS, earlier_clauses(units, k)) for k, u in enumerate(units)]
    assert credits == ["relay:Harbour Herald", "relay:Harbour Herald", "relay:Coast Ledger", "relay:Coast Ledger"]


def test_a_relative_clause_left_open_by_a_cut_credits_what_it_says_not_the_claim():
    units = _units("The mayor's remarks came after a memo, which was first reported by the Harbour Herald, and the "
                   "council has since denied that it exists.")
    assert len(units) == 2 and units[0].text.endswith("Harbour Herald")
    assert [unit_credit(u, "valdoriapost.com", OUTLETS, earlier_clauses(units, k)) for k, u in enumerate(units)] == [None, None]


def test_a_clause_crediting_the_articles_own_outlet_ends_the_search_for_a_credit():
    units = _units("The Harbour Herald reported Monday that the dam leaked, while the Valdoria Post reported Tuesday "
                   "that engineers had left.")
    credits = [unit_credit(u, "valdoriapost.com", OUTLETS, earlier_clauses(units, k)) for k, u in enumerate(units)]
    assert credits == ["relay:Harbour Herald", "relay:Harbour Herald", None, None]  # the Post's own reporting


def test_a_relative_clause_ending_its_sentence_credits_the_claim_as_in_the_whole_sentence():
    units = _units("The council drafted a secret memo on the dam repairs, which was first reported by the Harbour Herald.")
    assert len(units) == 1 and unit_credit(units[0], "valdoriapost.com", OUTLETS) == "relay:Harbour Herald"
