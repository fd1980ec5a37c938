"""Framing: distinctive and loaded terms per outlet (narration only, with the other outlets' counterpart wording),
raw offsets, the loaded-word lexicon, and the BASIL-format evaluation with its halves."""
from __future__ import annotations

import json
import re

from newsweave.brief.framing import FramingConfig, framing_section
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
    assert "puppet" in _terms(second, "loaded_terms") and "puppet" not in _terms(first, "loaded_terms")
    assert not {"illegally annexed", "sham referendums", "sham", "illegally"} & set(_terms(first)) - {"illegally annexed"}
    assert not {"illegally annexed", "illegally"} & set(_terms(second))
    raw = {a.id: a.raw for a in articles}
    min_cos = FramingConfig().counterpart_min_cos
    for outlet in section["outlets"]:
        assert outlet["articles"] == [outlet["outlet"]]
        for term in outlet["distinctive_terms"]:
            for place in term["support"]:
                assert place["article"] in outlet["articles"]
                assert raw[place["article"]][place["start"]:place["end"]].lower().replace("’", "'") == term["term"]
        other = next(a.id for a in articles if a.id != outlet["outlet"])
        for term in outlet["loaded_terms"]:
            for place in term["support"]:
                assert raw[place["article"]][place["start"]:place["end"]].lower().replace("’", "'") == term["term"]
            assert term["counterparts"] and all(c["article"] == other and c["similarity"] >= min_cos for c in term["counterparts"])
            for c in term["counterparts"]:
                assert raw[other][c["start"]:c["end"]] == c["sentence"]
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
    # each loaded word comes with what the other outlet wrote in its place
    loaded = {t["term"]: t for t in by_outlet["left.example"]["loaded_terms"]}
    assert set(loaded) == {"reckless", "slammed"}
    assert [c["words"] for c in loaded["slammed"]["counterparts"]] == ["unveiled"]
    assert [c["words"] for c in loaded["reckless"]["counterparts"]] == ["bold"]
    counterpart = loaded["slammed"]["counterparts"][0]
    assert counterpart["outlet"] == "right.example" and b.raw[counterpart["start"]:counterpart["end"]] == counterpart["sentence"]
    assert b.raw[counterpart["words_start"]:counterpart["words_end"]] == "unveiled"
    bold = by_outlet["right.example"]["loaded_terms"]
    assert [t["term"] for t in bold] == ["bold"] and len(bold[0]["support"]) == 3
    assert [c["words"] for c in bold[0]["counterparts"]] == ["reckless"]


def test_loaded_terms_are_narration_other_outlets_word_differently():
    a = _article("a", "left.example", ["The senator slammed the budget plan on Monday.",
                                       "“This is a reckless plan,” the mayor said of the budget.",
                                       "The outrageous parade of floats delighted the crowd downtown."])
    b = _article("b", "right.example", ["The senator criticized the budget plan on Monday.",
                                        "The mayor said the budget plan was risky for the city.",
                                        "Farmers in the valley harvested apples early this year."])
    c = _article("c", "third.example", ["The senator slammed the budget plan on Monday."])
    by_outlet = {o["outlet"]: o for o in framing_section([a, b, c])["outlets"]}
    left = by_outlet["left.example"]
    # inside a quotation: someone else's words; "slammed": the third outlet uses it too; "outrageous": no other
    # outlet tells of the parade (the nearest sentence by vector shares no word with it), so there is nothing
    # it was said instead of
    assert left["loaded_terms"] == []
    assert not any("reckless" in t for t in _terms(left))
    by_outlet = {o["outlet"]: o for o in framing_section([a, b])["outlets"]}
    assert _terms(by_outlet["left.example"], "loaded_terms") == ["slammed"]
    assert [c["words"] for c in by_outlet["left.example"]["loaded_terms"][0]["counterparts"]] == ["criticized"]


def test_loaded_words_by_part_of_speech():
    from newsweave.loaded_words import is_loaded, is_loaded_phrasal

    assert is_loaded("slam", "VERB", "slammed") and is_loaded("scandal", "NOUN", "scandal")
    assert is_loaded("reckless", "ADJ", "reckless") and is_loaded("angrily", "ADV", "angrily")
    assert is_loaded("disgrace", "VERB", "disgraced")  # a participle used as an adjective
    assert is_loaded("nonchalant", "NOUN", "nonchalant")  # an adjective the small tagger calls a noun
    assert not is_loaded("claim", "NOUN", "claims") and not is_loaded("say", "VERB", "said")
    assert not is_loaded("scandal", "VERB", "scandal") and not is_loaded("budget", "NOUN", "budget")
    assert is_loaded_phrasal("lash", "out") and is_loaded_phrasal("double", "down") and not is_loaded_phrasal("double", "up")
    words = framing_section([_article("a", "one.example", ["The senator lashed out at the plan on Monday."]),
                             _article("b", "two.example", ["The senator spoke about the plan on Monday."])])["outlets"]
    assert _terms(words[0], "loaded_terms") == ["lashed out"]


def test_loaded_idioms_are_one_term_whatever_fills_their_slot():
    from newsweave.loaded_words import match_idiom

    assert match_idiom(["she", "throw", "him", "under", "the", "bus"], ["she", "threw", "him", "under", "the", "bus"], 1) == (("throw", "*", "under", "the", "bus"), 5)
    assert match_idiom(["throw", "", "under", "the", "bus"], ["throw", "", "under", "the", "bus"], 0) is None  # "*" is a word, not a comma
    assert match_idiom(["take", "a", "walk"], ["took", "a", "walk"], 0) is None
    words = framing_section([_article("a", "one.example", ["The senator took a swipe at the tax plan on Monday."]),
                             _article("b", "two.example", ["The senator criticized the tax plan on Monday."])])["outlets"]
    assert _terms(words[0], "loaded_terms") == ["took a swipe"]  # the idiom, not its noun "swipe" alone
    assert _terms(words[1], "loaded_terms") == []


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
    # "punishing" found; "rammed" flagged too, where the others wrote "announced", but not annotated
    assert report["loaded_terms"]["recall"] == 1.0 and report["loaded_terms"]["precision"] == 0.5
    assert report["loaded_terms_with_counterpart_word"] == 1.0
    # the halves: every other triplet in sorted order, the one triplet is the even half
    assert main(["eval", "framing", str(tmp_path), "--json", "--half", "even"]) == 0
    even = json.loads(capsys.readouterr().out)
    assert even["triplets"] == 1 and even["half"] == "even" and even["loaded_terms"] == report["loaded_terms"]
    assert main(["eval", "framing", str(tmp_path), "--json", "--half", "odd"]) == 0
    odd = json.loads(capsys.readouterr().out)
    assert odd["triplets"] == 0 and odd["loaded_terms"]["gold_spans"] == 0


def test_models_load_once_per_process():
    from newsweave.brief.encoder import sentence_encoder
    from newsweave.nlp import load_nlp

    folder = shared_path("examples", "kherson")
    articles = extract_paths([folder / name for name in KHERSON]).articles
    framing_section(articles)
    framing_section(articles)
    assert load_nlp.cache_info().currsize == 1 and load_nlp() is load_nlp()
    assert sentence_encoder() is sentence_encoder()


def test_brief_pages_show_each_loaded_term_with_the_other_outlets_words():
    from newsweave.brief.render_html import render_story_html
    from newsweave.brief.render_md import render_markdown

    a = _article("a", "left.example", ["The senator slammed the budget plan on Monday."])
    b = _article("b", "right.example", ["The senator criticized the budget plan on Monday."])
    section = framing_section([a, b])
    section["outlets"][1]["loaded_terms"] = [{"term": "<b>x</b>", "score": 1.0, "support": [{"article": "b", "start": 0, "end": 3}],
                                              "counterparts": [{"outlet": "left.example", "article": "a", "sentence": "<script>s</script>",
                                                                "start": 0, "end": 5, "similarity": 0.9, "words": None}]}]
    brief = {"id": "s", "title": "Budget", "articles": [{"id": "a", "outlet": "left.example"}, {"id": "b", "outlet": "right.example"}],
             "outlets": ["left.example", "right.example"], "facts": [], "conflicts": [], "quotes": [], "entities": [],
             "framing": section, "summary": [], "timeline": []}
    markdown = render_markdown(brief)
    assert "**slammed** — right.example wrote “criticized”" in markdown
    html = render_story_html(brief)
    framing = html[html.index('id="framing"'):]
    assert re.search(r'>slammed</span> <span class="cites">where <span class="outlet o\d">right.example</span> '
                     r'<span title="The senator criticized the budget plan on Monday.">“criticized”</span>', framing)
    assert "<script>s</script>" not in html and "&lt;script&gt;s&lt;/script&gt;" in framing and "<b>x</b>" not in html


def test_counterpart_word_only_where_it_stands_in_the_same_place():
    a = _article("a", "left.example", ["The senator slammed the budget plan on Monday."])
    b = _article("b", "right.example", ["On Monday the senator's budget plan was the talk of the town as crowds gathered outside."])
    left = {o["outlet"]: o for o in framing_section([a, b])["outlets"]}["left.example"]
    assert _terms(left, "loaded_terms") == ["slammed"]
    counterpart = left["loaded_terms"][0]["counterparts"][0]
    # "gathered" is the other sentence's verb, but nothing beside it stands beside "slammed": no word, the sentence
    assert counterpart["words"] is None and counterpart["sentence"] == b.raw.strip()


def test_scare_quotes_and_action_verbs():
    from newsweave.brief.framing import FramingConfig

    a = _article("a", "left.example", ['Democrats call the "disastrous" bill one that the senator undermined on Monday.',
                                       '"This is a reckless bill," the mayor said of the legislation.'])
    b = _article("b", "right.example", ["Democrats criticized the bill that the senator changed on Monday.",
                                        "The mayor said the bill was risky for the city."])

    def loaded(**kw: object) -> list[str]:
        outlets = framing_section([a, b], config=FramingConfig(**kw))["outlets"]
        return sorted(_terms(next(o for o in outlets if o["outlet"] == "left.example"), "loaded_terms"))

    # a one-word quotation in the narration is the outlet's choice; a quoted sentence stays the mayor's words
    assert loaded(scare_quote_words=2, action_verbs=True) == ["disastrous", "undermined"]
    assert loaded(scare_quote_words=0, action_verbs=True) == ["undermined"]
    assert loaded(scare_quote_words=2, action_verbs=False) == ["disastrous"]


def test_loaded_words_common_in_political_news_are_not_flagged(monkeypatch):
    from newsweave.brief import framing
    from newsweave.brief.framing import FramingConfig, common_share

    # the shipped table: lemmas of loaded words, each used in at most every article of its corpus
    using, articles = framing._common_table()
    assert articles > 0 and using and all(w == w.lower() and 0 < n <= articles for w, n in using.items())
    assert 0 < common_share("slam") < 1
    assert common_share("not-a-lexicon-word") == 0.0

    a = _article("a", "left.example", ["The senator slammed the reckless budget plan on Monday."])
    b = _article("b", "right.example", ["The senator criticized the bold budget plan on Monday."])
    monkeypatch.setattr(framing, "_common_table", lambda: ({"slam": 30, "reckless": 5}, 100))

    def loaded(share: float) -> list[str]:
        outlets = framing_section([a, b], config=FramingConfig(max_common_share=share))["outlets"]
        return sorted(_terms(next(o for o in outlets if o["outlet"] == "left.example"), "loaded_terms"))

    assert loaded(1.0) == ["reckless", "slammed"]
    assert loaded(0.3) == ["reckless", "slammed"]  # "slam": used in 30% of the corpus's articles, not more
    assert loaded(0.29) == ["reckless"]
    assert loaded(0.05) == ["reckless"]  # "reckless": 5%, not more
    assert loaded(0.049) == []
