"""Conflicts between sources: one event dated differently, how a person left, whether charges were filed,
figures that count different things; and the dates a timeline gives (small hand-written stories)."""
from __future__ import annotations

from conftest import text_article

from newsweave.analysis import analyse
from newsweave.brief import build_brief
from newsweave.brief.summary import event_dates
from newsweave.record import Article


def _article(article_id: str, outlet: str, text: str, published: str = "2026-03-04") -> Article:
    return text_article(article_id, outlet, text, published)


def _conflicts(*articles: Article) -> list[dict]:
    story = {"id": "s1", "title": "Story", "articles": [a.id for a in articles]}
    return build_brief(story, list(articles), analyse(articles))["conflicts"]


def _sides(conflict: dict) -> dict[str, object]:
    return {side["article"]: side["value"] for side in conflict["sides"]}


def test_one_vote_on_two_days_is_a_date_conflict_but_saying_is_not():
    # 2026-03-04 is a Wednesday
    a = _article("a", "one.example", "The Lundby council passed the harbour bill on Tuesday after a long debate.\n"
                                     "Mayor Anna Berg said on Monday that the ferry would keep running.\n")
    b = _article("b", "two.example", "On Wednesday, the council voted 9-2 on a bill that funds the harbour repairs.\n"
                                     "Anna Berg said on Tuesday that the ferry would keep running.\n")
    dates = [c for c in _conflicts(a, b) if c["kind"] == "date"]
    assert len(dates) == 1, dates
    assert _sides(dates[0]) == {"a": "2026-03-03", "b": "2026-03-04"}
    for side in dates[0]["sides"]:
        assert side["text"] in ("Tuesday", "Wednesday")


def test_different_events_on_different_days_are_no_conflict():
    a = _article("a", "one.example", "The council passed the harbour bill on Tuesday.\n")
    b = _article("b", "two.example", "The council passed the school budget on Monday.\n"
                                     "The mayor resigned on Wednesday after the vote.\n")
    assert not [c for c in _conflicts(a, b) if c["kind"] == "date"]


def test_fired_against_stepped_down_and_charged_against_no_charges():
    a = _article("a", "one.example", "The mayor fired Erik Dahl in February for lying to the council.\n"
                                     "No formal charges have been filed yet in the case, officials said.\n")
    b = _article("b", "two.example", "Erik Dahl stepped down in February, saying he had misled the council.\n"
                                     "Olsen has been charged with three counts of fraud, prosecutors said.\n")
    c = _article("c", "three.example", "Critics said the mayor should have fired Nils Berg.\n"
                                       "Nils Berg resigned on Monday.\n")
    status = {x["topic"]: _sides(x) for x in _conflicts(a, b, c) if x["kind"] == "status"}
    assert status == {"how Dahl left": {"a": "fired", "b": "resigned"},
                      "whether charges were filed": {"b": "charged", "a": "not charged"}}, status


def test_figures_of_different_scale_or_additions_are_not_compared():
    a = _article("a", "one.example", "Republicans are on track to hold at least 240 seats in the House.\n"
                                     "There are two more debates on the calendar before the vote.\n")
    b = _article("b", "two.example", "House Democrats have lost nearly 60 seats in the House over six years.\n"
                                     "The next debate is the second of three debates before the vote.\n")
    assert not [c for c in _conflicts(a, b) if c["kind"] == "number"]


def test_timeline_dates_are_the_dates_written():
    assert event_dates("Fifteen of the 19 Sept. 11 hijackers were Saudi nationals.", "2016-09-29") == []
    assert event_dates("Families of Sept. 11 victims may now sue.", "2016-09-29") == []
    assert event_dates("On March 1, 2010, the plant closed.", "2010-05-20") == [(3, 16, "2010-03-01")]
    assert event_dates("They met on 19 September.", "2016-09-29") == [(12, 24, "2016-09-19")]


def test_only_units_another_source_dates_another_day_nearby_are_parsed(monkeypatch):
    from newsweave.brief import conflict_dates

    parsed: list[str] = []
    nlp = conflict_dates._nlp()

    class Recording:
        pipe_names = nlp.pipe_names

        def pipe(self, texts, **kwargs):
            texts = list(texts)
            parsed.extend(texts)
            return nlp.pipe(texts, **kwargs)

    monkeypatch.setattr(conflict_dates, "_nlp", lambda: Recording())
    a = _article("a", "one.example", "The Lundby council passed the harbour bill on Tuesday after a long debate.\n"
                                     "The ferry company was founded on March 3, 1990 by two brothers.\n")
    b = _article("b", "two.example", "On Wednesday, the council voted 9-2 on a bill that funds the harbour repairs.\n"
                                     "A second ferry line opened on March 3, 1990 as well.\n")
    dates = [c for c in _conflicts(a, b) if c["kind"] == "date"]
    assert len(dates) == 1 and _sides(dates[0]) == {"a": "2026-03-03", "b": "2026-03-04"}
    # the 1990 units name the same day in both sources: no pair can hold them, so they are not parsed
    assert parsed and not any("1990" in text for text in parsed)
    assert any("Tuesday" in text for text in parsed) and any("Wednesday" in text for text in parsed)
