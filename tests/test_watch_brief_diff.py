"""What a round added to a brief, keyed by the passages each item stands on (newsweave.watch.brief_diff)."""
from __future__ import annotations

from newsweave.watch.brief_diff import brief_gains, brief_keys, merge_keys


def _span(article: str, start: int, outlet: str = "") -> dict:
    return {"article": article, "start": start, "end": start + 10, "outlet": outlet, "text": f"{article} {start}"}


def _fact(text: str, status: str, *spans: dict) -> dict:
    return {"text": text, "status": status, "support": list(spans), "outlets": sorted({s["article"][0] for s in spans})}


def _brief(facts=(), quotes=(), conflicts=()) -> dict:
    return {"facts": list(facts), "conflicts": list(conflicts),
            "quotes": [{"speaker": "Mayor", "quotes": [{"text": t, "support": list(spans), "outlets": []} for t, spans in quotes]}]}


def test_facts_newly_corroborated_by_their_passages_not_their_wording():
    before = _brief(facts=[_fact("Dam broke at noon.", "corroborated", _span("a1", 0), _span("b1", 5)),
                           _fact("Ten were hurt.", "single", _span("a1", 40))])
    after = _brief(facts=[
        _fact("The dam broke at noon on Friday.", "corroborated", _span("a1", 0), _span("b1", 5), _span("c1", 9)),  # gained an outlet
        _fact("Ten people were hurt.", "corroborated", _span("a1", 40), _span("c1", 70)),  # single-source before
        _fact("Roads closed.", "corroborated", _span("c1", 100), _span("d1", 3)),           # new
        _fact("Rain is due.", "single", _span("c1", 200)),                                  # not corroborated
    ])
    gained = brief_gains(brief_keys(before), after)
    assert [f["text"] for f in gained["facts"]] == ["Ten people were hurt.", "Roads closed."]
    assert brief_gains(brief_keys(after), after) == {"facts": [], "conflicts": [], "quotes": []}


def test_conflicts_new_unless_two_of_their_sides_were_in_one_before():
    old = {"kind": "number", "topic": "deaths", "sides": [_span("a1", 1, "A"), _span("b1", 2, "B")]}
    grown = {**old, "sides": [*old["sides"], _span("c1", 3, "C")]}
    fresh = {"kind": "number", "topic": "deaths", "sides": [_span("a1", 1, "A"), _span("c1", 3, "C")]}
    elsewhere = {"kind": "date", "topic": "opening", "sides": [_span("a1", 50, "A"), _span("d1", 4, "D")]}
    gained = brief_gains(brief_keys(_brief(conflicts=[old])), _brief(conflicts=[grown, elsewhere]))
    assert [c["topic"] for c in gained["conflicts"]] == ["opening"]
    assert gained["conflicts"][0]["sides"] == [{"outlet": "A", "text": "a1 50"}, {"outlet": "D", "text": "d1 4"}]
    # a dispute between one old side and a new one is new
    assert len(brief_gains(brief_keys(_brief(conflicts=[old])), _brief(conflicts=[fresh]))["conflicts"]) == 1


def test_quotes_new_when_none_of_their_passages_was_quoted_and_merged_briefs_count_together():
    first = _brief(quotes=[("We will rebuild.", [_span("a1", 7)])])
    second = _brief(quotes=[("Help is coming.", [_span("b1", 8)])])
    after = _brief(quotes=[("We will rebuild.", [_span("a1", 7), _span("c1", 1)]),  # another outlet carries it
                           ("Help is coming.", [_span("b1", 8)]),                   # from the story merged in
                           ("Stay home.", [_span("c1", 30)])])
    kept = merge_keys([brief_keys(first), brief_keys(second)])
    assert [q["text"] for q in brief_gains(kept, after)["quotes"]] == ["Stay home."]
    assert [q["text"] for q in brief_gains(brief_keys(first), after)["quotes"]] == ["Help is coming.", "Stay home."]
    assert brief_gains(brief_keys(None), after)["quotes"][0]["speaker"] == "Mayor"
