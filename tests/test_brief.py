"""The cross-source brief: small hand-written stories, and the Kherson worked example (needs ../shared)."""
from __future__ import annotations

import json
import re

import pytest
from conftest import shared_path, text_article

from newsweave.analysis import analyse
from newsweave.brief import build_brief
from newsweave.brief.render_html import render_story_html
from newsweave.brief.render_md import render_markdown
from newsweave.brief.sentences import split_clauses, split_sentences
from newsweave.record import Article


def _article(article_id: str, outlet: str, text: str, published: str = "2026-03-02") -> Article:
    return text_article(article_id, outlet, text, published)


A = ("Headline line\n"
     "The Lundby council approved a budget of 12 million euros on Monday after a long debate.\n"
     "Mayor Anna Berg said the plan would repair seven schools in the district.\n"
     "The weather in the harbour was mild and sunny for most of the week.\n")
B = ("On Monday the Lundby council approved a 12 million euro budget following a lengthy debate.\n"
     "Anna Berg, the mayor, said the money would repair all schools in the district.\n"
     "A new bakery opened on the market square, selling rye bread and cinnamon buns.\n")


def _brief(*articles: Article) -> dict:
    story = {"id": "s1", "title": "Budget", "articles": [a.id for a in articles]}
    return build_brief(story, list(articles), analyse(articles))


def test_sentence_split_keeps_abbreviations_and_quotes():
    text = "Mr. Berg met Dr. Olsen at 5 p.m. Monday. “We agreed. It is done,” he said. Then they left."
    parts = [text[s:e] for s, e in split_sentences(text)]
    assert parts == ["Mr. Berg met Dr. Olsen at 5 p.m. Monday.", "“We agreed. It is done,” he said.", "Then they left."]


def test_plural_titles_end_no_sentence():
    text = "Reps. Anna Berg and Carl Olsen voted against. Sens. Lund and Moe voted yes."
    assert [text[s:e] for s, e in split_sentences(text)] == ["Reps. Anna Berg and Carl Olsen voted against.",
                                                              "Sens. Lund and Moe voted yes."]


def test_clause_split_cuts_compound_sentences_only():
    def parts(text):
        return [text[s:e] for s, e in split_clauses(text)]
    assert parts("The council met on Monday, with the mayor reading the budget and the clerk taking notes.") == [
        "The council met on Monday", "with the mayor reading the budget and the clerk taking notes."]
    assert parts("The bridge was closed in May but the ferry has kept running every day.") == [
        "The bridge was closed in May", "but the ferry has kept running every day."]
    assert parts("The mayor said on Monday that the school would reopen next week.") == [
        "The mayor said on Monday", "that the school would reopen next week."]
    assert parts("The mayor of Lundby said that in the end of May that plan was dropped.") == [
        "The mayor of Lundby said", "that in the end of May that plan was dropped."]  # the second "that" is no clause
    assert parts("At a briefing in the town hall, the mayor of Lundby said it would reopen soon.") == [
        "At a briefing in the town hall, the mayor of Lundby said", "it would reopen soon."]
    assert parts("The council cut the school budget by a third, as well as closing the library on Sundays.") == [
        "The council cut the school budget by a third", "as well as closing the library on Sundays."]
    # lists of names, short tails, bare attributions and quotations stay whole
    for text in ("The mayor said that many of her voters as well as the town's three largest employers backed the plan.",
                 "The council agreed on tax cuts for families as well as funding for the two new schools of the town.",
                 "Democrats want the tax cuts of the council extended for all but the wealthiest families of the town.",
                 "It was one of four towns, along with Arden, Brill, and Corby, that voted.",
                 "The mayor and the clerk met the press.",
                 "The fire service said it would reopen the road.",
                 "“We met on Monday, with the clerk, and we agreed,” she said.",
                 "“The people of this town are with me on this,” Mayor Anna Berg said to their applause."):
        assert parts(text) == [text]
    # a quotation followed by more than who said it is still cut there
    assert parts("“We will build the bridge,” Mayor Anna Berg said on Monday as the council voted to spend the money.") == [
        "“We will build the bridge,”", "Mayor Anna Berg said on Monday as the council voted to spend the money."]


def test_two_outlets_agree_disagree_and_single_sources():
    a, b = _article("a", "one.example", A), _article("b", "two.example", B)
    brief = _brief(a, b)
    assert brief["id"] == "s1" and brief["outlets"] == ["one.example", "two.example"]
    facts = brief["facts"]
    budget = [f for f in facts if "budget" in f["text"]]
    assert len(budget) == 1 and budget[0]["status"] == "corroborated" and budget[0]["independent_outlets"] == 2
    assert {s["article"] for s in budget[0]["support"]} == {"a", "b"}
    for words, article in (("weather", "a"), ("bakery", "b")):
        (fact,) = [f for f in facts if words in f["text"]]
        assert fact["status"] == "single_source" and [s["article"] for s in fact["support"]] == [article]
    # every sentence is in some fact, and every span indexes the raw input
    raw = {"a": a.raw, "b": b.raw}
    covered = {(s["article"], raw[s["article"]][s["start"]:s["end"]]) for f in facts for s in f["support"]}
    for art in (a, b):
        for s, e in split_sentences(art.text):
            sentence = art.text[s:e]
            clauses = [sentence[cs:ce] for cs, ce in split_clauses(sentence)]
            assert all((art.id, c) in covered for c in clauses)
    # seven schools against all schools
    schools = [c for c in brief["conflicts"] if c["kind"] == "number" and "school" in c["topic"]]
    assert schools, brief["conflicts"]
    values = {side["value"] for side in schools[0]["sides"]}
    assert values == {7, "all"}
    for side in schools[0]["sides"]:
        assert raw[side["article"]][side["start"]:side["end"]] == side["text"]
    assert 3 <= len(brief["summary"]) <= 6 and brief["summary"][0]["outlets"]
    assert [t["date"] for t in brief["timeline"]] == sorted(t["date"] for t in brief["timeline"])


def test_a_story_of_one_article_encodes_no_sentence(monkeypatch):
    """Vectors only ever compare units of different articles: a one-article story (most stories of a stream) costs
    the encoder nothing, and its brief is what it would be with them."""
    import newsweave.brief as brief_module

    a = _article("a", "one.example", A)
    with monkeypatch.context() as patch:  # every unit encoded, as before
        patch.setattr(brief_module, "unit_texts", lambda units: [u.text for u in units] + [u.sentence_text or u.text for u in units])
        with_vectors = _brief(a)

    def refuse(texts, cache=None):
        raise AssertionError(f"encoded {len(texts)} texts of a one-article story")

    monkeypatch.setattr(brief_module, "encode_sentences", refuse)
    assert _brief(a) == with_vectors and with_vectors["facts"]
    with pytest.raises(AssertionError):  # two articles still encode
        _brief(a, _article("b", "two.example", B))


def test_syndicated_copy_counts_once():
    a, b = _article("a", "one.example", A), _article("b", "two.example", B)
    copy = _article("c", "three.example", A, published="2026-03-03")
    copy.extra["duplicate_of"] = "a"
    brief = _brief(a, b, copy)
    (weather,) = [f for f in brief["facts"] if "weather" in f["text"]]
    assert {s["article"] for s in weather["support"]} == {"a", "c"}
    assert weather["independent_outlets"] == 1 and weather["status"] == "single_source"
    assert [x["duplicate_of"] for x in brief["articles"] if x["id"] == "c"] == ["a"]


def test_who_said_what_groups_speakers():
    a, b = _article("a", "one.example", A), _article("b", "two.example", B)
    brief = _brief(a, b)
    berg = [s for s in brief["quotes"] if "Berg" in (s["speaker"] or "")]
    assert berg and berg[0]["outlets"] == ["one.example", "two.example"]
    assert all(q["support"] for q in berg[0]["quotes"])
    assert any(e["name"].endswith("Berg") for e in brief["entities"])


def test_a_quote_split_in_two_shows_both_parts():
    c = _article("c", "one.example", "“We will repair every school in the district,” Mayor Anna Berg said. “The money is there.”\n")
    d = _article("d", "two.example", "“We will repair every school in the district,” said Mayor Anna Berg. “The money is there.”\n")
    brief = _brief(c, d)
    (berg,) = [s for s in brief["quotes"] if "Berg" in (s["speaker"] or "")]
    (quote,) = berg["quotes"]
    assert {s["article"] for s in quote["support"]} == {"c", "d"}
    assert quote["text"] == "We will repair every school in the district, … The money is there."


# Kherson: two outlets on one event; gold.json lists what a good brief finds.
# The gold wants 8 of 8 consensus items corroborated. Since links are scored by the model fitted on
# annotated real triplets (brief/links.py) and corroboration needs a link of JOIN (chosen for
# precision on held-out triplets), 3 of the 8 are corroborated and 3 more are shown as related
# (possibly the same claim, weak link): the paraphrases here score 0.2-0.4. Lowered from 8 on
# purpose; the closing note of issue 14 says so. Raise it when the link model improves.
CONSENSUS_FLOOR, CONSENSUS_OR_RELATED_FLOOR, ONLY_IN_FLOOR = 3, 6, 12


@pytest.fixture(scope="module")
def kherson():
    from newsweave import extract_paths

    folder = shared_path("examples", "kherson")
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    articles = extract_paths([str(folder)]).articles
    for article in articles:  # bare files have no outlet (all "unknown", one source); the gold's premise is two outlets
        article.outlet = f"outlet-{article.id}"
    brief = build_brief({"id": "kherson", "articles": [a.id for a in articles]}, articles, analyse(articles))
    raws = {a.id: a.raw for a in articles}
    return gold, brief, raws


def _line(raw: str, offset: int) -> int:
    return raw[:offset].count("\n") + 1


def _fact_lines(fact, raws):
    lines: dict[str, set[int]] = {}
    for s in fact["support"]:
        lines.setdefault(s["article"], set()).add(_line(raws[s["article"]], s["start"]))
    return lines


def kherson_counts(gold, brief, raws) -> tuple[int, int, bool]:
    a, b = sorted(gold["articles"])
    facts = [(f, _fact_lines(f, raws)) for f in brief["facts"]]
    consensus = sum(any(f["status"] == "corroborated" and set(item[a]) & lines.get(a, set()) and set(item[b]) & lines.get(b, set())
                        for f, lines in facts) for item in gold["consensus"])
    only_in = sum(any(f["status"] == "single_source" and item["line"] in lines.get(article, set()) for f, lines in facts)
                  for article, items in gold["only_in"].items() for item in items)
    bridges = any(c["kind"] == "number" and {s["article"] for s in c["sides"]} == {a, b}
                  and {_line(raws[s["article"]], s["start"]) for s in c["sides"]} == {gold["divergent"][0][a]["line"], gold["divergent"][0][b]["line"]}
                  for c in brief["conflicts"])
    return consensus, only_in, bridges


def test_kherson_acceptance(kherson):
    gold, brief, raws = kherson
    consensus, only_in, bridges = kherson_counts(gold, brief, raws)
    print(f"kherson: consensus {consensus}/{len(gold['consensus'])}, only_in {only_in}/12, bridges conflict {bridges}")
    assert consensus >= CONSENSUS_FLOOR
    assert only_in >= ONLY_IN_FLOOR
    assert bridges
    shown = {**brief, "facts": [dict(f, status="corroborated") if f["status"] == "related" else f for f in brief["facts"]]}
    assert kherson_counts(gold, shown, raws)[0] >= CONSENSUS_OR_RELATED_FLOOR


def test_kherson_nothing_from_boilerplate(kherson):
    gold, brief, raws = kherson
    bad = {(article, line) for article, info in gold["articles"].items() for line in info["boilerplate_lines"]}
    places = [s for f in brief["facts"] for s in f["support"]]
    places += [s for sp in brief["quotes"] for q in sp["quotes"] for s in q["support"]]
    places += [s for c in brief["conflicts"] for s in c["sides"]]
    places += [s for item in brief["summary"] for s in item["support"]]
    assert places
    for place in places:
        assert (place["article"], _line(raws[place["article"]], place["start"])) not in bad, place


def test_a_sentence_supports_another_fact_only_as_a_mutual_best_match():
    import numpy as np

    from newsweave.brief.facts import JOIN, align
    from newsweave.brief.sentences import Sentence

    # a0, b0, d0 report one fact; a1 and b1 another. c0's best match in article a is a0, but a0's
    # best match in article c is c1: c0 does not support the fact, c1 (each the other's best) does.
    arts = ["a", "a", "b", "b", "c", "c", "d"]
    sentences = [Sentence(i, art, i, f"s{i}", 0, 2, 0, 2) for i, art in enumerate(arts)]
    score = np.zeros((7, 7), dtype=np.float32)
    strong = (1 + JOIN) / 2
    for i, j, s in ((0, 2, strong), (0, 6, strong), (2, 6, strong), (1, 3, JOIN), (4, 0, JOIN + 0.01), (5, 0, JOIN + 0.02)):
        score[i, j] = score[j, i] = s
    same = np.array(arts)[:, None] == np.array(arts)[None, :]
    score[same] = -1.0
    facts = {tuple(f.members): f for f in align(sentences, score)}
    assert facts[(0, 2, 6)].extra == [5]


def _scores(arts, links):
    import numpy as np

    score = np.zeros((len(arts), len(arts)), dtype=np.float32)
    for i, j, s in links:
        score[i, j] = score[j, i] = s
    same = np.array(arts)[:, None] == np.array(arts)[None, :]
    score[same] = -1.0
    return score


def test_a_fact_takes_in_a_restatement_of_an_article_already_in_it():
    from newsweave.brief.facts import JOIN, RESTATE, align
    from newsweave.brief.sentences import Sentence

    # a0-b0 state the fact; a1 says it again (linked to b0 at RESTATE); a2 only shares words with b0
    arts = ["a", "a", "a", "b"]
    sentences = [Sentence(i, art, i, f"s{i}", 0, 2, 0, 2) for i, art in enumerate(arts)]
    score = _scores(arts, ((0, 3, (1 + JOIN) / 2), (1, 3, RESTATE + 0.01), (2, 3, RESTATE - 0.1)))
    (fact,) = [f for f in align(sentences, score) if f.members == [0, 3]]
    assert fact.extra == [1]


def test_a_fact_of_many_sources_takes_in_a_unit_most_of_them_link_to():
    from newsweave.brief.facts import CONSENSUS, JOIN, align
    from newsweave.brief.sentences import Sentence

    # a0, b0, c0, d0 and g0 (a syndicated copy of a) state the fact; e0 links weakly to a0, b0 and c0
    # (three sources): it states it too. f0 links as weakly to a0, g0 and b0: two sources, not enough.
    arts = ["a", "b", "c", "d", "e", "f", "g"]
    sentences = [Sentence(i, art, i, f"s{i}", 0, 2, 0, 2) for i, art in enumerate(arts)]
    strong = (1 + JOIN) / 2
    core = [(i, j, strong) for i in (0, 1, 2, 3, 6) for j in (0, 1, 2, 3, 6) if i < j]
    weak = CONSENSUS + 0.05
    score = _scores(arts, core + [(4, 0, weak), (4, 1, weak), (4, 2, weak), (5, 0, weak), (5, 6, weak), (5, 1, weak)])
    source = {"g": "a"}.get
    facts = align(sentences, score, lambda article: source(article) or article)
    (fact,) = [f for f in facts if 0 in f.members]
    assert 6 in fact.members and 4 in fact.extra and 5 not in fact.extra + fact.members
    # counted by article, the copy would have given f0 a third vote
    (by_article,) = [f for f in align(sentences, score) if 0 in f.members]
    assert 5 in by_article.extra
    # three outlets are never enough sources for a weak link to count (a triplet needs strong links)
    small = _scores(arts[:3], [(0, 1, strong), (2, 0, weak), (2, 1, weak)])
    (pair,) = [f for f in align(sentences[:3], small) if f.members == [0, 1]]
    assert pair.extra == []


def test_a_weak_link_makes_a_related_fact_not_a_corroborated_one():
    import numpy as np

    from newsweave.brief import StoryContext
    from newsweave.brief.facts import JOIN, RELATE, align, facts_section
    from newsweave.brief.sentences import Sentence

    # a0-b0 link strongly; a1-b1 only weakly but are each other's best match; a2-b2 weakly and
    # b2 prefers a1: a2 and b2 stay single-source
    arts = ["a", "a", "a", "b", "b", "b"]
    sentences = [Sentence(i, art, i, f"s{i}", 0, 2, 0, 2) for i, art in enumerate(arts)]
    score = np.zeros((6, 6), dtype=np.float32)
    weak = (RELATE + JOIN) / 2
    for i, j, s in ((0, 3, 0.9), (1, 4, weak), (2, 5, weak - 0.05), (1, 5, weak - 0.01)):
        score[i, j] = score[j, i] = s
    same = np.array(arts)[:, None] == np.array(arts)[None, :]
    score[same] = -1.0
    context = StoryContext([_article("a", "one.example", "x"), _article("b", "two.example", "y")])
    rows = {tuple(r["_members"]): r for r in facts_section(sentences, align(sentences, score), context, score)}
    assert rows[(0, 3)]["status"] == "corroborated" and [x["strength"] for x in rows[(0, 3)]["support"]] == [0.9, 0.9]
    assert rows[(1, 4)]["status"] == "related" and rows[(1, 4)]["independent_outlets"] == 2
    assert rows[(2,)]["status"] == rows[(5,)]["status"] == "single_source"


def test_timeline_dates_are_the_dates_the_sentences_state():
    from newsweave.brief.summary import event_dates

    def dates(text, published="2010-07-09"):  # a Friday
        return [d for _, _, d in event_dates(text, published)]

    # the month and year written win over the publication date (was 2010-07-01: day written, month published)
    assert dates("The dam at Lundby was closed on March 1, 2010, after the flood.") == ["2010-03-01"]
    assert dates("The ferry line opened on 9 November 2008.") == ["2008-11-09"]
    assert dates("Berg was elected in January 2009 to lead the council.") == ["2009-01"]
    # a yearless date takes the year of publication, the year before when that would put it far after
    assert dates("The council voted on March 29 to close the dam.") == ["2010-03-29"]
    assert dates("The council voted on Dec. 14 to close the dam.") == ["2009-12-14"]
    assert dates("Fares will rise on Jan. 1 unless the council acts.", "2010-12-01") == ["2011-01-01"]
    # weekdays: the one on or before publication, unless it may lie ahead or is a name
    assert dates("The mayor resigned on Tuesday after the vote.") == ["2010-07-06"]
    assert dates("The mayor resigned on Friday after the vote.") == ["2010-07-09"]
    assert dates("The clerk said yesterday that the road was open.") == ["2010-07-08"]
    for text in ("The council will vote on Tuesday.", "The mayor spoke on the Sunday shows.",
                 "Voters in Lundby went to the polls on Super Tuesday.", "The vote is set for next Monday.",
                 "“I saw him on Monday,” the clerk said.", "The law passed after the Sept. 11 attacks.",
                 "Anna Berg, 45, has led the council for 12 years since 1998.",
                 "The mayor is likely to leave office Friday.", "In a note, she invited members to a call Monday evening."):
        assert dates(text) == [], text
    assert dates("The ferry line opened on March 1.", None) == []  # nothing to take the year from


def test_timeline_event_has_the_year_and_month_of_its_sentence():
    text = "Headline line\nThe Lundby dam was closed on March 1, 2010, the council said.\nRepairs began last week.\n"
    brief = _brief(_article("a", "one.example", text, published="2010-05-20"))
    events = [t for t in brief["timeline"] if t["kind"] == "event"]
    assert [(e["date"], e["text"]) for e in events] == [("2010-03-01", "The Lundby dam was closed on March 1, 2010, the council said.")]


def test_facts_read_as_whole_sentences():
    from newsweave.brief.sentences import readable_texts, story_sentences

    text = ("Headline line\n"
            "At the time, the Lundby council claimed that the dam had been closed for repairs.\n"
            "The ferry ran twice a day, but the bridge stayed shut until the spring.\n"
            "“We will reopen the road soon,” the mayor of Lundby told reporters on Monday.\n")
    article = _article("a", "one.example", text)
    units = story_sentences([article], {})
    shown = dict(zip((u.text for u in units), readable_texts(units)))
    # a reporting clause cut before what was reported, and the reported clause, show the sentence
    whole = "At the time, the Lundby council claimed that the dam had been closed for repairs."
    assert shown["At the time, the Lundby council claimed"] == whole
    assert shown["that the dam had been closed for repairs."] == whole
    # a clause that reads alone stays itself; one opening with a connective takes the clause before
    assert shown["The ferry ran twice a day"] == "The ferry ran twice a day"
    assert shown["but the bridge stayed shut until the spring."] == "The ferry ran twice a day, but the bridge stayed shut until the spring."
    # a quotation cut before who said it, and the attribution, show both
    quote = "“We will reopen the road soon,” the mayor of Lundby told reporters on Monday."
    assert {shown[u.text] for u in units if u.sentence_text == quote} == {quote}
    # an item of a list cut at a semicolon, with no verb, shows its whole sentence
    listed = ("Three others — the harbour master of Lundby; the mayor of Brennholm and her deputy; and the ferry "
              "captain — also called for the pier to reopen.")
    items = story_sentences([_article("b", "one.example", listed + "\n")], {})
    assert len(items) > 1 and all(t == listed for t in readable_texts(items))
    brief = _brief(article)
    for fact in brief["facts"]:
        first = fact["text"].lstrip("“\"")
        assert first[:1].isupper() and not fact["text"].endswith(("claimed", ",”")), fact["text"]


def test_figures_disagree_only_as_the_same_quantity():
    from newsweave.brief.conflict_numbers import agree

    def claim(value, qualifier=None):
        return {"value": value, "qualifier": qualifier}

    assert agree(claim(120), claim(100, "more than"))  # "more than 100" holds 120
    assert not agree(claim(1_500_000, "as many as"), claim(1_600_000, "up to"))  # two upper bounds, two figures
    assert not agree(claim(900, "about"), claim(1200, "more than"))


SHIPS_A = ("Shipyard deal signed in Portvik\n"
           "Jonas Ekberg, the defence secretary, signed the frigate contract in Portvik on Monday.\n"
           "\"We will deliver every ship on time and within the budget we were given,\" Jonas Ekberg told reporters at the yard.\n"
           "About 900 residents of Portvik work at the yard, which builds No. 3 of the class.\n")
SHIPS_B = ("The frigate contract was signed in Portvik on Monday by the defence secretary.\n"
           "\"We will deliver every ship on time and within the budget we were given,\" Defence Secretary Ekberg said.\n"
           "More than 1,200 people work at the Portvik yard, which builds No. 2 of the class.\n")
SHIPS_C = ("A frigate contract was signed in Portvik.\n"
           "\"We will deliver every ship on time and within the budget we were given,\" Marta Lind told reporters at the yard.\n")


def test_conflicts_people_counts_ranks_and_who_said_it():
    a, b = _article("a", "one.example", SHIPS_A), _article("b", "two.example", SHIPS_B)
    c = _article("c", "three.example", SHIPS_C)
    conflicts = _brief(a, b, c)["conflicts"]
    topics = {x["topic"]: x for x in conflicts}
    # each outlet's one figure of people at the yard: residents and people are one noun
    assert {side["value"] for side in topics["how many people"]["sides"]} == {900, 1200}
    # "No. 2" and "No. 3" are ranks, not counts
    assert not any("class" in t or t.endswith(" no") for t in topics)
    # one quotation: Jonas Ekberg and "Defence Secretary Ekberg" are one speaker, Marta Lind is another
    (who,) = [x for x in conflicts if x["kind"] == "attribution"]
    assert {side["value"] for side in who["sides"]} == {"Jonas Ekberg", "Ekberg", "Marta Lind"}
    assert not [x for x in _brief(a, b)["conflicts"] if x["kind"] == "attribution"]


def _headed(article_id: str, outlet: str, headline: str, body: str) -> Article:
    """An article whose raw input opens with its headline (found there: ``title_span``), then its body's lines."""
    article = text_article(article_id, outlet, headline + "\n" + body, "2026-03-02")
    article.paragraphs = article.paragraphs[1:]
    article.title, article.title_span = headline, (0, len(headline))
    return article


def test_a_headline_corroborates_and_is_no_fact_alone():
    pier = "Saltmere closes north pier after engineers find cracks in two support columns"
    a = _headed("a", "one.example", pier, "The mayor visited the harbour in the afternoon and spoke to fishermen there.\n"
                "Cafes near the market said trade had dropped sharply since the morning.")
    b = _article("b", "two.example", "The harbour authority of Saltmere closed the north pier on Tuesday after engineers "
                 "found cracks in two support columns.\nThe ferry timetable to Brennholm is unchanged, the operator said.")
    brief = _brief(a, b)
    (fact,) = [f for f in brief["facts"] if any(s["article"] == "a" and s["start"] == 0 for s in f["support"])]
    assert fact["status"] == "corroborated" and fact["independent_outlets"] == 2
    assert {(s["article"], s["start"], s["end"]) for s in fact["support"] if s["article"] == "a"} == {("a", 0, len(pier))}
    # a headline nothing else tells is no fact of its own (its article's text says what it says) nor a related one
    other = _headed("a", "one.example", "Ferry strike halts all crossings to Brennholm", a.text)
    assert not any(s["article"] == "a" and s["start"] == 0 for f in _brief(other, b)["facts"] for s in f["support"])
    # the facts of the body and the conflicts as without the headline
    without = _brief(_article("a", "one.example", a.text), b)
    assert [f["text"] for f in brief["facts"] if f is not fact] == [f["text"] for f in without["facts"] if "pier" not in f["text"]]
    assert brief["conflicts"] == without["conflicts"]


def test_a_headline_takes_no_place_of_its_articles_sentences():
    # c's clause links a's headline best (0.97) and a's mayor sentence next: the mayor's fact stays corroborated,
    # and the headline joins the fact it tells beside its article's own sentence
    hl = "Saltmere council approves 12 million euro budget to repair seven schools"
    body = ("The Saltmere council on Monday approved a budget of 12 million euros after a long debate.\n"
            "Mayor Anna Berg said the money would repair seven schools in the district.\n"
            "The weather in the harbour was mild and sunny for most of the week.")
    b = _article("b", "two.example", "Saltmere's council approved a 12 million euro budget that will repair seven schools.\n"
                 "A new bakery opened on the market square, selling rye bread and cinnamon buns.")
    c = _article("c", "three.example", "Councillors in Saltmere backed a 12 million euro spending plan on Monday, with "
                 "seven schools to be repaired.\nThe ferry timetable to Brennholm is unchanged, the operator said.")
    headed = _headed("a", "one.example", hl, body)
    plain = _article("a", "one.example", headed.text)
    plain.paragraphs = headed.paragraphs  # the same offsets, no headline

    def facts(brief: dict) -> list[tuple]:
        return sorted((f["status"], f["independent_outlets"], f["text"],
                       sorted((s["article"], s["start"]) for s in f["support"] if (s["article"], s["start"]) != ("a", 0)))
                      for f in brief["facts"])

    with_headline = _brief(headed, b, c)
    assert facts(with_headline) == facts(_brief(plain, b, c))
    assert any(("a", 0) in {(s["article"], s["start"]) for s in f["support"]} and f["status"] == "corroborated"
               for f in with_headline["facts"])


def test_a_headline_of_a_copy_a_relay_or_another_title_corroborates_nothing():
    pier = "Saltmere closes north pier after engineers find cracks in two support columns"
    told = ("The harbour authority of Saltmere closed the north pier on Tuesday after engineers found cracks in two "
            "support columns.\nA new bakery opened on the market square, selling rye bread and cinnamon buns.")
    relayed = ("The harbour authority of Saltmere closed the north pier on Tuesday after engineers found cracks in two "
               "support columns, according to The New York Times.\nThe weather in the harbour was mild and sunny.")
    times = _headed("y", "nytimes.com", "Saltmere shuts north pier as engineers find cracks in support columns", told)
    blog = _headed("x", "blog.example", pier, relayed)
    copy = _headed("x", "blog.example", pier, told)
    copy.extra["duplicate_of"] = "y"
    for pair in ((blog, times), (copy, times)):
        brief = _brief(*pair)
        assert not [f for f in brief["facts"] if f["status"] == "corroborated"]
        assert not any(s["start"] == 0 and s["article"] == "x" for f in brief["facts"] for s in f["support"])
    # two outlets running one wire lead word for word, or one crediting the other in its lead: their headlines, however
    # short and alike, are one report's
    lead = ("The harbour authority of Saltmere closed the north pier on Tuesday after engineers found cracks in two "
            "support columns")
    wire = (_headed("a", "one.example", "Saltmere pier shut", lead + ".\nA new bakery opened on the market square."),
            _headed("b", "two.example", "Saltmere pier shut", lead + ".\nThe ferry timetable is unchanged."))
    credit = (_headed("y", "nytimes.com", "Saltmere pier shut", lead + ".\nA new bakery opened on the market square."),
              _headed("x", "blog.example", "Saltmere pier shut", lead + ", according to The New York Times.\nThe ferry "
                      "timetable is unchanged."))
    for pair in (wire, credit):
        assert not [f for f in _brief(*pair)["facts"] if f["status"] == "corroborated"]
    # whatever the outlets are called: a third outlet sharing another wire sentence with one of them changes nothing
    ferry = "The regional ferry company said its evening crossings to Brennholm would run on a reduced timetable until March."
    for third in ("aaa.example", "zzz.example"):
        a = _headed("a", "one.example", "Saltmere closes north pier after engineers find cracks", lead + ".\n" + ferry)
        b = _headed("b", "two.example", "Saltmere shuts north pier as engineers find cracks in columns",
                    lead + ".\nThe ferry timetable is unchanged.")
        c = _article("c", third, "Snow fell across the northern hills overnight.\n" + ferry)
        assert not [f for f in _brief(a, b, c)["facts"] if f["status"] == "corroborated"], third
    # a title given apart that the raw input's first line only begins: no headline unit
    other = _headed("x", "blog.example", pier, told)
    other.title = pier + " | Blog Example News"
    from newsweave.brief.sentences import story_sentences
    assert not [u for u in story_sentences([other], {}) if u.title]


WIRE = "The Harbour Authority of Saltmere closed the north pier on Tuesday after engineers found cracks in two support columns."


def test_outlets_running_one_wire_report_word_for_word_are_one_source():
    a = _article("a", "wire-one.example", WIRE + "\n\nThe mayor visited the pier in the afternoon and spoke to fishermen there.")
    b = _article("b", "wire-two.example", WIRE + "\n\nLocal cafes said trade had dropped sharply since the morning.")
    c = _article("c", "own.example", "Saltmere's harbour authority shut the north pier on Tuesday once engineers spotted "
                 "cracks in two support columns.\n\nThe ferry timetable is unchanged.")
    brief = _brief(a, b, c)
    pier = next(f for f in brief["facts"] if "north pier" in f["text"])
    assert pier["status"] == "corroborated" and set(pier["outlets"]) == {"wire-one.example", "wire-two.example", "own.example"}
    assert pier["shared_wording"] == [["wire-one.example", "wire-two.example"]] and pier["independent_outlets"] == 2
    # a support's strength is its best link to another independent source: a's and b's are their link to c (the same
    # number, their text being one), not their link to each other (identical: 1.0)
    strengths = {x["article"]: x["strength"] for x in pier["support"]}
    assert strengths["a"] == strengths["b"] == strengths["c"] < 0.999
    note = "same wording in wire-one.example and wire-two.example: one report"
    assert note in render_markdown(brief) and note in render_story_html(brief)
    # told only by the two outlets that ran the same report: one source, not corroboration
    alone = _brief(a, b)
    pier = next(f for f in alone["facts"] if "north pier" in f["text"])
    assert pier["status"] == "single_source" and pier["independent_outlets"] == 1


def test_the_same_quotation_in_two_outlets_is_two_reports():
    said = "“We closed the north pier because the cracks in two support columns could spread in a storm,” the harbour master said."
    a = _article("a", "one.example", said + "\n\nThe mayor visited the pier in the afternoon.")
    b = _article("b", "two.example", said + "\n\nCafes said trade had dropped since the morning.")
    pier = next(f for f in _brief(a, b)["facts"] if "north pier" in f["text"])
    assert "shared_wording" not in pier and pier["independent_outlets"] == 2


def test_the_same_narration_around_the_same_quotation_is_one_report():
    # a wire report two outlets both ran: the words around the quotation copied too, not only the quotation
    said = ("Debate on the harbour plan was mostly closed to the public, but the final version “calls on the council "
            "to reopen the north pier before the summer,” said Ada Brenn, who chairs the harbour board.")
    a = _article("a", "one.example", said + "\n\nThe mayor visited the pier in the afternoon.")
    b = _article("b", "two.example", said + "\n\nCafes said trade had dropped since the morning.")
    pier = next(f for f in _brief(a, b)["facts"] if "north pier" in f["text"])
    assert pier["shared_wording"] == [["one.example", "two.example"]] and pier["independent_outlets"] == 1
    # a short shared frame around the same quotation, also inside a longer narration; marks the quotation reader
    # cannot pair (single quotes, guillemets, an inch mark): two reports
    quote = "“We will reopen the north pier before the summer,” "
    frame = quote + "the White House said in a statement on Tuesday."
    for one, two in [(frame, frame), (frame, frame[:-1] + " night, adding that funds were ready for the work."),
                     (quote + "Ada Brenn said.", "The 12\" pipes failed, and " + quote.lower() + "Ada Brenn said."),
                     *[(m, m) for m in ("‘We will reopen the north pier before the summer,’ said Ada Brenn, who chairs the "
                                        "harbour board of the town, on Tuesday.",
                                        "«We will reopen the north pier before the summer,» said Ada Brenn, who chairs the "
                                        "harbour board of the town, on Tuesday.")]]:
        a = _article("a", "one.example", one + "\n\nThe mayor visited the pier in the afternoon.")
        b = _article("b", "two.example", two + "\n\nCafes said trade had dropped since the morning.")
        pier = next(f for f in _brief(a, b)["facts"] if "north pier" in f["text"])
        assert "shared_wording" not in pier and pier["independent_outlets"] == 2, (one, two)


def test_a_wire_paragraph_two_outlets_ran_is_one_report_of_each_quotation():
    # each sentence has little narration of its own around its quotation; the paragraph, copied whole, has plenty
    wire = ("The final wording will not be released until the harbour board approves the plan at its meeting in "
            "October. But the draft called on the council to “reopen the north pier before the summer season.” It said "
            "the closure could “cost the fishing fleet its best months of the year.”")
    a = _article("a", "one.example", wire + "\n\nThe mayor visited the pier in the afternoon and spoke to fishermen.")
    b = _article("b", "two.example", wire + "\n\nCafes said trade had dropped sharply since the morning.")
    facts = _brief(a, b)["facts"]
    for words in ("north pier", "fishing fleet"):
        fact = next(f for f in facts if words in f["text"])
        assert fact["status"] == "single_source" and fact["independent_outlets"] == 1, fact


def test_paragraphs_sharing_a_frame_or_one_wire_sentence_leave_their_quotations_two_reports():
    # each outlet's own quotations, with short attributions and one frame alike: many words, few 4-grams, none copied
    a = ("“We will reopen the north pier before the summer season,” the mayor said on Tuesday. “The fleet cannot wait,” "
         "she said. “It is our harbour,” she added. “We owe it to them,” she said. “Work starts in May,” she said.")
    b = ("“Work starts in May,” the mayor said on Tuesday. “We will reopen the north pier before the summer season,” she "
         "told them. “It is our harbour.” “The fleet cannot wait,” she insisted. “Nobody will be left out,” she promised.")
    # one wire sentence both ran, then each outlet's own few words around the same quotation
    wire = ("Harbour officials said on Tuesday that the old ferry terminal would stay closed until engineers had checked "
            "every support column. ")
    cases = [(a, b), (wire + "She said she would “reopen the north pier before the summer season.”",
                      wire + "The mayor vowed to “reopen the north pier before the summer season.”")]
    for one, two in cases:
        first = _article("a", "one.example", one + "\n\nThe mayor visited the pier in the afternoon and spoke to fishermen.")
        second = _article("b", "two.example", two + "\n\nCafes said trade had dropped sharply since the morning.")
        pier = next(f for f in _brief(first, second)["facts"] if "north pier" in f["text"])
        assert pier["status"] == "corroborated" and "shared_wording" not in pier, (one, two)


def test_reported_speech_copied_word_for_word_is_one_report():
    said = "Harbour officials said on Tuesday that the north pier would stay closed until engineers had checked every support column."
    a = _article("a", "one.example", said + "\n\nThe mayor visited the pier in the afternoon and spoke to fishermen.")
    b = _article("b", "two.example", said + "\n\nCafes said trade had dropped sharply since the morning.")
    pier = next(f for f in _brief(a, b)["facts"] if "north pier" in f["text"])
    assert pier["shared_wording"] == [["one.example", "two.example"]] and pier["independent_outlets"] == 1


def test_a_clause_another_outlet_also_ran_is_not_folded_into_its_sentence():
    whole = (WIRE[:-1] + ", and the ferry service to Brennholm was suspended until further notice.")
    a = _article("a", "one.example", whole + "\n\nThe mayor visited the pier in the afternoon and spoke to fishermen.")
    b = _article("b", "two.example", WIRE + "\n\nCafes said trade had dropped sharply since the morning.")
    facts = _brief(a, b)["facts"]
    clause = [f for f in facts if "north pier" in f["text"] and "two.example" in f["outlets"]]
    assert clause and all(set(f["outlets"]) == {"one.example", "two.example"} for f in clause)
    assert all(f["shared_wording"] == [["one.example", "two.example"]] for f in clause)


def test_a_corroborated_fact_is_listed_once_however_its_sentence_was_cut():
    # a reporting clause and what it reports, each matched in the other outlet, both read as the whole sentence
    a = _article("a", "one.example", "Harbour officials said on Tuesday that the north pier would stay closed until engineers "
                 "had checked every support column.\n\nThe mayor visited the pier.")
    b = _article("b", "two.example", "Officials of the harbour said Tuesday that the north pier will remain closed until "
                 "engineers have checked each support column.\n\nCafes said trade dropped.")
    shown = [f["text"] for f in _brief(a, b)["facts"] if f["status"] == "corroborated"]
    assert len(shown) == 1 and "north pier" in shown[0]


def test_units_stating_different_spans_of_years_are_never_corroboration():
    from newsweave.brief.facts import JOIN, align
    from newsweave.brief.sentences import Sentence

    def unit(i, article, text):
        years = [{"kind": "year", "value": int(w)} for w in re.findall(r"\b\d{4}\b", text)]
        return Sentence(i, article, i, text, 0, len(text), 0, len(text), numbers=years)

    strong = (1 + JOIN) / 2
    # "since 2002" against "since 2003": possibly related; a background year of another kind clashes with nothing
    sentences = [unit(0, "a", "Berg has led the council since 2002."),
                 unit(1, "a", "Olsen, who joined the board in 2005, resigned on Monday."),
                 unit(2, "b", "Berg has led the council since 2003."),
                 unit(3, "b", "Olsen, a member of the board since 2008, resigned on Monday.")]
    facts = {tuple(f.members): f for f in align(sentences, _scores(["a", "a", "b", "b"], ((0, 2, strong), (1, 3, strong))))}
    assert facts[(0, 2)].related and not facts[(1, 3)].related
    # nor through a third outlet that gives no year
    sentences = [unit(0, "a", "Berg served from 1967 to 1979."), unit(1, "b", "Berg served from 1966 to 1978."),
                 unit(2, "c", "Berg served on the council for years.")]
    facts = align(sentences, _scores(["a", "b", "c"], ((0, 1, 0.95), (0, 2, 0.95), (1, 2, 0.95))))
    assert not any({0, 1} <= set(f.members + f.extra) and not f.related for f in facts)


def _same_attribution_other_news():
    """Two outlets whose sentences share their reporting clause word for word and report different things."""
    a = _article("a", "one.example", "Harbour officials of the town of Lundby said on Tuesday that the ferry to Arden would "
                 "stop running in May because of the cost of fuel.\n\nThe mayor visited the pier.")
    b = _article("b", "two.example", "Harbour officials of the town of Lundby said on Tuesday that a new market hall would "
                 "open in June with forty stalls.\n\nCafes said trade dropped.")
    return a, b


def test_a_fact_shown_as_more_than_its_matched_clause_names_the_clause():
    a, b = _same_attribution_other_news()
    brief = _brief(a, b)
    shown = [f for f in brief["facts"] if f["status"] != "single_source"]
    for fact in shown:  # whatever the outlets were matched on is named where the text shown is more
        assert fact.get("matched", fact["text"]) in fact["text"]
    wider = [f for f in shown if "matched" in f]
    assert wider and all(f["matched"] != f["text"] for f in wider)
    assert "matched on: “" + wider[0]["matched"] in render_markdown(brief)


def test_a_sentence_matched_in_part_is_not_also_listed_as_only_in_one_outlet():
    a, b = _same_attribution_other_news()
    facts = _brief(a, b)["facts"]
    wider = {f["text"] for f in facts if f["status"] == "corroborated" and "matched" in f}
    assert wider and not [f for f in facts if f["status"] == "single_source" and f["text"] in wider]


def test_all_against_a_count_is_no_conflict_where_the_all_article_counts_them_too():
    a = _article("a", "one.example", "Officials said 7 schools of Lundby would close on Monday because of the storm.\n\n"
                 "The mayor visited the harbour.")
    b = _article("b", "two.example", "Officials said all schools of Lundby would close on Monday because of the storm.\n\n"
                 "Lundby has 9 schools and two colleges.")
    sides = [s["value"] for c in _brief(a, b)["conflicts"] for s in c["sides"]]
    assert "all" not in sides


def test_two_outlets_giving_one_claim_different_spans_of_years_is_a_conflict():
    a = _article("a", "one.example", "Anna Berg has led the Lundby harbour council since 2002, the longest of any chair.\n\n"
                 "The mayor visited the pier.")
    b = _article("b", "two.example", "Anna Berg has led the Lundby harbour council since 2003, the longest of any chair.\n\n"
                 "Cafes said trade dropped.")
    brief = _brief(a, b)
    years = [c for c in brief["conflicts"] if c["topic"].startswith("which years")]
    assert years and {s["value"] for s in years[0]["sides"]} == {"since 2002", "since 2003"}
    assert not [f for f in brief["facts"] if f["status"] == "corroborated" and "since" in f["text"]]


def test_a_sentence_is_not_listed_as_corroborated_and_again_as_possibly_related():
    from newsweave.brief.fact_rows import drop_shown_twice
    from newsweave.brief.sentences import Sentence

    text = "Harbour officials said on Tuesday that the ferry would stop running in May."
    units = [Sentence(0, "a", 0, "Harbour officials said on Tuesday", 0, 34, 0, 34, sentence_order=0),
             Sentence(1, "a", 1, "that the ferry would stop running in May.", 35, 76, 35, 76, sentence_order=0)]

    def row(status: str, central: int, outlets: list[str]) -> dict:
        return {"text": text, "status": status, "outlets": outlets, "_central": central, "matched": units[central].text}

    rows = [row("corroborated", 0, ["one.example", "two.example"]), row("related", 1, ["one.example", "two.example"]),
            row("related", 1, ["one.example", "three.example"])]
    kept = drop_shown_twice(rows, units)
    assert [(r["status"], r["outlets"][-1]) for r in kept] == [("corroborated", "two.example"), ("related", "three.example")]


def test_a_fact_inside_a_quotation_names_whose_words_it_is():
    a = _article("a", "one.example", "Mayor Lena Ortiz spoke at the harbour of Lundby on Monday.\n\n\"The new bridge will "
                 "open in May. The old one has served the town for ninety years. We owe the builders our thanks,\" Ortiz said.")
    b = _article("b", "two.example", "Fishermen in Arden said the catch was poor this spring.\n\nPrices rose at the market.")
    brief = _brief(a, b)
    quoting = {f["text"]: f.get("quoting") for f in brief["facts"]}
    assert quoting["The old one has served the town for ninety years."] == "Lena Ortiz"
    assert quoting["We owe the builders our thanks,\" Ortiz said."] is None  # the text shown names her
    assert quoting["Mayor Lena Ortiz spoke at the harbour of Lundby on Monday."] is None
    assert "The old one has served the town for ninety years. — *one.example* [1] (quoting Lena Ortiz)" in render_markdown(brief)


def test_a_speaker_named_by_surname_alone_is_listed_with_the_full_name():
    a = _article("a", "one.example", "Harbour master Ben Olsen spoke in Lundby on Monday.\n\n“The ferry will run again in May,” "
                 "Ben Olsen said.\n\nHe added that the pier was safe.")
    b = _article("b", "two.example", "The ferry to Arden stopped in March.\n\n“We expect the repairs to end soon,” Olsen said.")
    speakers = {s["speaker"]: len(s["quotes"]) for s in _brief(a, b)["quotes"]}
    assert "Olsen" not in speakers and speakers.get("Ben Olsen", 0) >= 2
    # a description that holds the name is someone else: "the Olsen campaign" is not Ben Olsen
    c = _article("c", "three.example", "The ferry to Arden stopped in March.\n\n“We expect the repairs to end soon,” the "
                 "Olsen campaign said in a statement.")
    speakers = {s["speaker"] for s in _brief(a, c)["quotes"]}
    assert "the Olsen campaign" in speakers and "Ben Olsen" in speakers


def test_an_outlet_relaying_anothers_report_does_not_corroborate_it():
    own = ("The Harbour Authority of Saltmere will close the north pier for six weeks, its director told the Capital Sun "
           "on Tuesday.\n\nThe ferry timetable is unchanged.")
    relayed = ("Saltmere's harbour authority is to shut the north pier for six weeks, its director told the Capital Sun "
               "on Tuesday.\n\nCafes said trade had dropped sharply since the morning.")
    a = _article("a", "capitalsun.example", own)
    b = _article("b", "meridianwire.example", relayed)
    brief = _brief(a, b)
    pier = next(f for f in brief["facts"] if "north pier" in f["text"])
    assert pier["status"] != "corroborated" and pier["independent_outlets"] == 1
    assert pier["relayed"] == [["meridianwire.example", "capitalsun.example"]]
    note = "meridianwire.example credits it to capitalsun.example"
    assert note in render_markdown(brief) and note in render_story_html(brief)
    # the same news in words of its own, not credited to the other outlet: two sources
    plain = _article("c", "meridianwire.example", "Saltmere's harbour authority is to shut the north pier for six weeks, "
                     "its director said on Tuesday.\n\nCafes said trade had dropped sharply since the morning.")
    pier = next(f for f in _brief(a, plain)["facts"] if "north pier" in f["text"])
    assert pier["independent_outlets"] == 2 and "relayed" not in pier


def test_a_quotation_given_to_one_outlet_is_one_source_however_many_relay_it():
    said = "“The pier will reopen in May,” the harbour master told the Harbour Herald."
    a = _article("a", "one.example", said + "\n\nThe mayor visited the pier in the afternoon.")
    b = _article("b", "two.example", said.replace("the Harbour Herald", "The Harbour Herald on Monday") + "\n\nCafes were shut.")
    quotes = [q for s in _brief(a, b)["quotes"] for q in s["quotes"] if "reopen in May" in q["text"]]
    assert quotes and all(q["independent_outlets"] == 1 for q in quotes)
    c = _article("c", "two.example", "“The pier will reopen in May,” the harbour master said.\n\nCafes were shut.")
    quotes = [q for s in _brief(a, c)["quotes"] for q in s["quotes"] if "reopen in May" in q["text"]]
    assert quotes and max(q["independent_outlets"] for q in quotes) == 2


def test_a_relayed_quotation_in_a_later_paragraph_is_found():
    said = "“The pier will reopen in May,” the harbour master told the Harbour Herald."
    a = _article("a", "one.example", "The mayor visited the pier.\n\nCafes were shut all week.\n\n" + said)
    b = _article("b", "two.example", "Fishermen waited at the gate.\n\n" + said.replace("told the", "said in an interview with the"))
    quotes = [q for s in _brief(a, b)["quotes"] for q in s["quotes"] if "reopen in May" in q["text"]]
    assert quotes and all(q["independent_outlets"] == 1 for q in quotes)


def test_consensus_votes_come_from_what_alignment_found():
    import numpy as np

    from newsweave.brief.facts import Fact, grow
    from newsweave.brief.sentences import Sentence

    units = [Sentence(i, f"art{i}", 0, f"unit {i}", 0, 6, 0, 6) for i in range(5)]
    score = np.zeros((5, 5), dtype=np.float32)
    np.fill_diagonal(score, -1.0)
    for i, j in [(3, 0), (3, 1), (3, 2), (4, 0), (4, 1), (4, 3)]:
        score[i, j] = score[j, i] = 0.5
    fact = Fact([0, 1, 2])
    grow(units, score, [fact])
    # unit 3: three of the fact's sources link to it (consensus); unit 4: two of them, and unit 3, which consensus
    # itself added: no vote, else facts chain through a story of many outlets
    assert fact.extra == [3]
