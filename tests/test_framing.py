"""Framing: distinctive and loaded terms per outlet, raw offsets, and the BASIL-format evaluation."""
from __future__ import annotations

import json

from newsweave.brief.framing import framing_section
from newsweave.cli import main
from newsweave.pipeline import extract_paths
from newsweave.record import Article, Paragraph
from conftest import shared_path

KHERSON = ("000_aa7f81e907bc8426.txt", "004_682e6fe2ff00f1a5.txt")


def _article(aid: str, outlet: str | None, paragraphs: list[str], title: str | None = None) -> Article:
    raw, spans, at = "", [], 0
    for text in paragraphs:
        spans.append(Paragraph(text, at, at + len(text)))
        raw += text + "\n\n"
        at = len(raw)
    return Article(id=aid, raw=raw, raw_kind="text", outlet=outlet, title=title, paragraphs=spans)


def _terms(outlet: dict, key: str = "distinctive_terms") -> list[str]:
    return [t["term"] for t in outlet[key]]


def test_kherson_annexation_framing_under_the_right_outlets():
    folder = shared_path("examples", "kherson")
    articles = extract_paths([folder / name for name in KHERSON]).articles
    section = framing_section(articles)
    by_outlet = {o["outlet"]: o for o in section["outlets"]}
    assert set(by_outlet) == set(KHERSON)  # no outlet given: each article is its own outlet
    first, second = by_outlet[KHERSON[0]], by_outlet[KHERSON[1]]
    assert "illegally annexed" in _terms(first) and "illegally annexed" in _terms(first, "loaded_terms")
    assert "sham referendums" in _terms(second) and "sham referendums" in _terms(second, "loaded_terms")
    assert not {"illegally annexed", "sham referendums", "sham", "illegally"} & set(_terms(first)) - {"illegally annexed"}
    assert not {"illegally annexed", "illegally"} & set(_terms(second))
    raw = {a.id: a.raw for a in articles}
    for outlet in section["outlets"]:
        assert outlet["articles"] == [outlet["outlet"]]
        for term in outlet["distinctive_terms"]:
            for place in term["support"]:
                assert place["article"] in outlet["articles"]
                assert raw[place["article"]][place["start"]:place["end"]].lower().replace("’", "'") == term["term"]
        assert {t["term"] for t in outlet["loaded_terms"]} <= set(_terms(outlet))
    # the two outlets share the story's words: none of them is distinctive for either
    for shared in ("kherson", "withdrawal", "dnipro river", "annexed"):
        assert shared not in _terms(first) + _terms(second)


def test_terms_only_one_outlet_uses_with_offsets_into_raw():
    a = _article("a", "left.example", ["The senator slammed the reckless budget plan on Monday.",
                                       "The reckless budget plan cuts school funding, critics said."], title="Budget plan")
    b = _article("b", "right.example", ["The senator unveiled a bold budget plan on Monday.",
                                        "The bold budget plan trims school funding, supporters said."])
    c = _article("c", "right.example", ["A bold budget plan was presented by the senator on Monday."])
    section = framing_section([a, b, c])
    by_outlet = {o["outlet"]: o for o in section["outlets"]}
    assert by_outlet["right.example"]["articles"] == ["b", "c"]
    assert by_outlet["left.example"]["headline"] == "Budget plan"
    left, right = _terms(by_outlet["left.example"]), _terms(by_outlet["right.example"])
    assert any("reckless" in t for t in left) and not any("reckless" in t for t in right)
    assert any("bold" in t for t in right) and not any("bold" in t for t in left)
    assert not any(t in ("budget", "plan", "senator", "budget plan", "school funding") for t in left + right)
    assert any("reckless" in t for t in _terms(by_outlet["left.example"], "loaded_terms"))
    reckless = next(t for t in by_outlet["left.example"]["distinctive_terms"] if "reckless" in t["term"])
    assert len(reckless["support"]) == 2
    for place in reckless["support"]:
        assert a.raw[place["start"]:place["end"]].lower() == reckless["term"]


def test_single_outlet_story_has_no_distinctive_terms():
    a = _article("a", "one.example", ["The sham vote was held."])
    b = _article("b", "one.example", ["A brutal crackdown followed."])
    section = framing_section([a, b])
    assert [o["outlet"] for o in section["outlets"]] == ["one.example"]
    assert section["outlets"][0]["distinctive_terms"] == [] and section["outlets"][0]["loaded_terms"] == []


def test_eval_framing_on_a_tiny_basil_folder(tmp_path, capsys):
    texts = {
        "t1_1": ("nytimes.com", "The governor announced a new tax on sugary drinks. Officials said the tax starts in May."),
        "t1_2": ("foxnews.com", "The governor rammed through a punishing tax on sugary drinks. Officials said the tax starts in May."),
        "t1_3": ("huffingtonpost.com", "The governor announced a long overdue tax on sugary drinks. Officials said the tax starts in May."),
    }
    with (tmp_path / "articles.jsonl").open("w") as fh:
        for aid, (outlet, text) in texts.items():
            fh.write(json.dumps({"id": aid, "title": "Sugar tax", "text": text, "outlet": outlet}) + "\n")
    (tmp_path / "labels.csv").write_text("id,story,main_event\n" + "".join(f"{aid},t1,Sugar tax\n" for aid in texts))
    fox = texts["t1_2"][1]
    start = fox.index("punishing")
    spans = [{"field": "text", "start": start, "end": start + len("punishing"), "bias": "lex", "quote": "no"},
             {"field": "title", "start": 0, "end": 5, "bias": "lex", "quote": "no"}]
    with (tmp_path / "annotations.jsonl").open("w") as fh:
        for aid in texts:
            fh.write(json.dumps({"id": aid, "article_level": {}, "spans": spans if aid == "t1_2" else []}) + "\n")
    assert main(["eval", "framing", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["triplets"] == 1 and report["triplets_with_brief"] == 1
    assert report["lexical_spans_in_text"] == 1 and report["lexical_spans_in_title_not_scored"] == 1
    assert report["distinctive_terms"]["found"] == 1 and report["distinctive_terms"]["recall"] == 1.0
    assert 0 < report["distinctive_terms"]["precision"] <= 1
    assert report["loaded_terms"]["recall"] == 1.0


def test_models_load_once_per_process():
    from newsweave.brief.encoder import sentence_encoder
    from newsweave.nlp import load_nlp

    folder = shared_path("examples", "kherson")
    articles = extract_paths([folder / name for name in KHERSON]).articles
    framing_section(articles)
    framing_section(articles)
    assert load_nlp.cache_info().currsize == 1 and load_nlp() is load_nlp()
    assert sentence_encoder() is sentence_encoder()
