"""The brief follows the ``[brief]`` settings it is given: facts, summary, framing, clauses, dates, conflicts
(small hand-written stories; every check shows the defaults giving one thing and a changed setting another)."""
from __future__ import annotations

from dataclasses import replace

from conftest import text_article

from newsweave.analysis import analyse
from newsweave.brief import build_brief
from newsweave.brief.sentences import split_clauses
from newsweave.brief.summary import event_dates
from newsweave.record import Article
from newsweave.settings import DEFAULT_SETTINGS

DEFAULTS = DEFAULT_SETTINGS.brief

BUDGET_A = ("The Lundby council approved a budget of 12 million euros on Monday after a long debate.\n"
            "Mayor Anna Berg said the plan would repair seven schools in the district.\n"
            "The weather in the harbour was mild and sunny for most of the week.\n")
BUDGET_B = ("On Monday the Lundby council approved a 12 million euro budget following a lengthy debate.\n"
            "Anna Berg, the mayor, said the money would repair all schools in the district.\n"
            "A new bakery opened on the market square, selling rye bread and cinnamon buns.\n")


def _briefs(articles: list[Article], **changes) -> tuple[dict, dict]:
    """The brief of one story of ``articles`` under the defaults, and under the defaults with ``changes``."""
    story = {"id": "s1", "articles": [a.id for a in articles]}
    analysis = analyse(articles)
    return (build_brief(story, articles, analysis),
            build_brief(story, articles, analysis, settings=replace(DEFAULTS, **changes)))


def _budget() -> list[Article]:
    return [text_article("a", "one.example", BUDGET_A, "2026-03-02"), text_article("b", "two.example", BUDGET_B, "2026-03-02")]


def _statuses(brief: dict) -> set[str]:
    return {f["status"] for f in brief["facts"]}


def test_fact_thresholds_decide_what_is_corroborated_and_related():
    plain, strict = _briefs(_budget(), fact_join=1.0)
    assert "corroborated" in _statuses(plain)
    assert "corroborated" not in _statuses(strict) and "related" in _statuses(strict)  # the pairs are still each other's best
    _, apart = _briefs(_budget(), fact_join=1.0, fact_relate=1.0)
    assert _statuses(apart) == {"single_source"}


def test_summary_length_follows_its_settings():
    plain, short = _briefs(_budget(), summary_max_sentences=1, summary_min_sentences=1)
    assert len(plain["summary"]) == DEFAULTS.summary_min_sentences  # two corroborated facts, topped up to three
    assert len(short["summary"]) == 1 and short["summary"][0]["outlets"] == ["one.example", "two.example"]


def _loaded_budget() -> list[Article]:
    """The budget story, each outlet with a loaded word where the other has a plain one."""
    a = BUDGET_A.replace("council approved", "council rammed through")
    b = BUDGET_B.replace("the mayor, said", "the mayor, boasted")
    return [text_article("a", "one.example", a, "2026-03-02"), text_article("b", "two.example", b, "2026-03-02")]


def test_framing_follows_its_settings():
    plain, capped = _briefs(_loaded_budget(), framing_max_loaded=0)
    assert [[t["term"] for t in o["loaded_terms"]] for o in plain["framing"]["outlets"]] == [["rammed"], ["boasted"]]
    assert not any(o["loaded_terms"] for o in capped["framing"]["outlets"])
    assert [o["distinctive_terms"] for o in capped["framing"]["outlets"]] == [o["distinctive_terms"] for o in plain["framing"]["outlets"]]
    _, apart = _briefs(_loaded_budget(), framing_counterpart_min_cos=0.99)  # no sentence of the other outlet is that close
    assert not any(o["loaded_terms"] for o in apart["framing"]["outlets"])
    _, strict = _briefs(_budget(), framing_min_z=50.0)
    assert not any(o["distinctive_terms"] for o in strict["framing"]["outlets"])


def test_clause_cuts_follow_their_settings():
    def parts(text, **changes):
        return [text[s:e] for s, e in split_clauses(text, replace(DEFAULTS, **changes))]

    compound = "The bridge was closed in May but the ferry has kept running every day."
    assert len(parts(compound)) == 2 and parts(compound, clause_min_words=7) == [compound]
    reported = "At a briefing in the town hall, the mayor of Lundby said it would reopen soon."
    assert len(parts(reported)) == 2 and parts(reported, attribution_words=12) == [reported]
    quoted = "“The people of this town are with me on this,” Mayor Anna Berg said to their applause."
    assert parts(quoted) == [quoted] and len(parts(quoted, attribution_words=5)) == 2
    # the brief's units are cut the same way: a sentence left whole is one unit; cut in two, its clauses are two units,
    # shown as one single-source fact (the clause after "but" reads only with the one before it: the whole sentence)
    plain, whole = _briefs([text_article("a", "one.example", compound + "\n", "2026-03-02")], clause_min_words=7)
    assert [f["text"] for f in plain["facts"]] == [compound] == [f["text"] for f in whole["facts"]]
    assert len(plain["facts"][0]["support"]) == 2 and len(whole["facts"][0]["support"]) == 1


def test_yearless_dates_follow_their_settings():
    def dates(text, published, **changes):
        return [d for _, _, d in event_dates(text, published, replace(DEFAULTS, **changes))]

    assert dates("The council voted on Dec. 14 to close the dam.", "2010-07-09") == ["2009-12-14"]
    assert dates("The council voted on Dec. 14 to close the dam.", "2010-07-09", date_after_publication_days=200) == ["2010-12-14"]
    assert dates("Fares will rise on Jan. 1 unless the council acts.", "2010-12-01") == ["2011-01-01"]
    assert dates("Fares will rise on Jan. 1 unless the council acts.", "2010-12-01", date_before_publication_days=365) == ["2010-01-01"]
    article = text_article("a", "one.example", "The council voted on Dec. 14 to close the dam.\n", "2010-07-09")
    plain, later = _briefs([article], date_after_publication_days=200)
    assert [t["date"] for t in plain["timeline"] if t["kind"] == "event"] == ["2009-12-14"]
    assert [t["date"] for t in later["timeline"] if t["kind"] == "event"] == ["2010-12-14"]


def _kinds(brief: dict) -> list[str]:
    return [c["kind"] for c in brief["conflicts"]]


def test_conflict_thresholds_follow_their_settings():
    # 2026-03-04 is a Wednesday: one vote given two days, one day apart
    a = text_article("a", "one.example", "The Lundby council passed the harbour bill on Tuesday after a long debate.\n", "2026-03-04")
    b = text_article("b", "two.example", "On Wednesday, the council voted 9-2 on a bill that funds the harbour repairs.\n", "2026-03-04")
    plain, strict = _briefs([a, b], conflict_event_days=0)
    assert _kinds(plain) == ["date"] and _kinds(strict) == []
    # "charged" against "no charges", two days apart: news of a later charge, unless the setting allows two days
    a = text_article("a", "one.example", "No formal charges have been filed yet in the case, officials said.\n", "2026-03-04")
    b = text_article("b", "two.example", "Olsen has been charged with three counts of fraud, prosecutors said.\n", "2026-03-06")
    plain, lenient = _briefs([a, b], conflict_charge_days=2)
    assert _kinds(plain) == [] and _kinds(lenient) == ["status"]
