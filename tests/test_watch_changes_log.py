"""The watcher's change log over a store whose stories merge between rounds: a story compared with what was kept
of every story its articles were in (the one it took in too), and articles no kept brief covers."""
from __future__ import annotations

from contextlib import nullcontext

from newsweave.watch.changes import changes_since, keep_baseline, record_round


def _span(article: str, start: int) -> dict:
    return {"article": article, "start": start, "end": start + 9}


def _fact(text: str, *spans: dict) -> dict:
    return {"text": text, "status": "corroborated", "support": list(spans), "outlets": sorted({s["article"][0] for s in spans})}


def _quotes(*items: tuple[str, list[dict]]) -> list[dict]:
    return [{"speaker": "Mayor", "quotes": [{"text": t, "support": spans, "outlets": sorted({s["article"][0] for s in spans})}
                                            for t, spans in items]}]


class FakeStore:
    """What the change log reads and writes of a store: stories, briefs, state blobs."""

    def __init__(self) -> None:
        self.states: dict[str, bytes] = {}
        self.stories: dict[str, list[str]] = {}
        self.briefs: dict[str, dict] = {}

    def transaction(self):
        return nullcontext()

    def get_state(self, name):
        return self.states.get(name)

    def put_state(self, name, value):
        self.states[name] = value

    def get_story(self, sid):
        return {"id": sid, "title": sid, "articles": self.stories[sid]} if sid in self.stories else None

    def get_brief(self, sid):
        return self.briefs.get(sid)

    def story_membership(self, ids):
        where = {a: s for s, members in self.stories.items() for a in members}
        return {a: (where[a], None) for a in ids if a in where}

    def story_assignments(self):
        return {a: s for s, members in self.stories.items() for a in members}

    def article_meta(self, ids):
        return {a: {"id": a, "title": a, "outlet": a[0], "published": None} for a in ids}


def test_a_story_that_took_in_another_is_compared_with_both():
    store = FakeStore()
    store.stories = {"s1": ["a1", "b1"], "s2": ["c1"]}
    store.briefs = {"s1": {"facts": [_fact("Dam broke.", _span("a1", 0), _span("b1", 0))]},
                    "s2": {"quotes": _quotes(("We will rebuild.", [_span("c1", 5)]))}}
    first = record_round(store, "2026-06-01T09:00:00.000000Z", ["a1", "b1", "c1"], ["s1", "s2"], [])
    assert first["appeared"] == ["s1", "s2"]
    # the next round: d1 comes in and s1 takes in s2 (s2 removed)
    store.stories = {"s1": ["a1", "b1", "c1", "d1"]}
    store.briefs = {"s1": {"facts": [_fact("The dam broke.", _span("a1", 0), _span("b1", 0), _span("d1", 3)),  # gained an outlet
                                     _fact("Ten hurt.", _span("c1", 40), _span("d1", 60))],                    # newly corroborated
                           "quotes": _quotes(("We will rebuild.", [_span("c1", 5), _span("d1", 7)]),  # d1 carries it too
                                             ("Stay home.", [_span("d1", 90)]))}}
    second = record_round(store, "2026-06-01T09:15:00.000000Z", ["d1"], ["s1"], ["s2"])
    gains = second["gains"]["s1"]
    assert [f["text"] for f in gains["facts"]] == ["Ten hurt."]
    assert [q["text"] for q in gains["quotes"]] == ["Stay home."]  # the quote s2 held is not new in s1
    assert second["appeared"] == []
    report = changes_since(store, "2026-06-01T09:10:00Z")
    assert [s["id"] for s in report["stories"]] == ["s1"] and report["stories"][0]["new_outlets"] == ["d"]
    assert [f["text"] for f in report["stories"][0]["facts"]] == ["Ten hurt."]
    whole = changes_since(store, "2026-06-01T00:00:00Z")  # s2's first-round gains now reported under s1
    assert {q["text"] for q in whole["stories"][0]["quotes"]} == {"We will rebuild.", "Stay home."}
    assert whole["appeared"] == ["s1"]


def test_articles_no_kept_brief_covers_count_as_before_the_round():
    store = FakeStore()
    store.stories = {"s1": ["a1"]}
    store.briefs = {"s1": {}}
    keep_baseline(store)  # the store held s1 before the first round
    # a plain run (not the watcher) adds story s2 of e1 and e2; then a round brings f1 into s2
    store.stories["s2"] = ["e1", "e2", "f1"]
    store.briefs["s2"] = {"facts": [_fact("Old news.", _span("e1", 0), _span("e2", 0)),
                                    _fact("New news.", _span("e1", 30), _span("f1", 0))]}
    entry = record_round(store, "2026-06-02T09:00:00.000000Z", ["f1"], ["s2"], [])
    assert [f["text"] for f in entry["gains"]["s2"]["facts"]] == ["New news."]
    assert entry["appeared"] == []
