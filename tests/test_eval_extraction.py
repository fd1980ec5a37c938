"""Extraction evaluation: the metrics on tiny hand-written strings, and newsweave vs plain trafilatura on WCXB."""
from __future__ import annotations

from collections import Counter

import pytest

from conftest import shared_path
from newsweave.boilerplate import PULL_QUOTE, find_boilerplate
from newsweave.evaluate.extraction import (
    NEWSWEAVE,
    aggregate,
    contains,
    evaluate_extraction,
    f1,
    format_report,
    precision_recall,
    score_page,
    shingles,
    tokens,
)
from newsweave.htmltext import prefer_alternative


def test_tokens_are_lowercased_word_runs():
    assert tokens("Hello, World! It's 2024.") == ["hello", "world", "it", "s", "2024"]
    assert tokens(None) == []


def test_shingles_are_a_multiset_of_4_grams():
    assert shingles(tokens("a b c d e")) == Counter({("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1})
    assert shingles(tokens("a b c d a b c d"))[("a", "b", "c", "d")] == 2
    assert shingles(tokens("a b")) == Counter({("a", "b"): 1})  # shorter than 4: one shingle
    assert shingles([]) == Counter()


def test_precision_recall_count_multiset_overlap():
    assert precision_recall(shingles(tokens("a b c d e")), shingles(tokens("a b c d x"))) == (0.5, 0.5)
    # the repeated 4-gram matches once: 1 of 5 predicted shingles, 1 of 1 expected
    assert precision_recall(shingles(tokens("a b c d a b c d")), shingles(tokens("a b c d"))) == (0.2, 1.0)
    assert precision_recall(Counter(), Counter()) == (1.0, 1.0)
    assert precision_recall(Counter(), shingles(tokens("a b c d"))) == (0.0, 0.0)
    assert f1(0.5, 0.5) == 0.5
    assert f1(0.0, 0.0) == 0.0


def test_snippets_match_as_token_sequences_with_cut_ends():
    text = tokens("The quick brown fox jumps.")
    assert contains(text, "quick brown")
    assert contains(text, "he quick bro")  # cut mid-word at both ends
    assert not contains(text, "quick fox")
    assert contains(text, "Brown")
    assert not contains(text, "bro")  # a one-token snippet must be a whole word


def test_score_page_and_aggregate_f1_of_means():
    truth = {"id": "x", "text": "one two three four five", "with": ["two three", "six"], "without": ["four five"]}
    page = score_page("One two three four", truth)
    assert (page["shingle_p"], page["shingle_r"]) == (1.0, 0.5)
    assert (page["token_p"], page["token_r"]) == (1.0, 0.8)
    assert (page["with_found"], page["with_total"], page["without_avoided"], page["without_total"]) == (1, 2, 1, 1)
    other = score_page("one two three four five six seven eight", truth)
    assert (other["shingle_p"], other["shingle_r"]) == (0.4, 1.0)
    total = aggregate([page, other])
    assert total["shingle_p"] == pytest.approx(0.7)
    assert total["shingle_r"] == pytest.approx(0.75)
    assert total["shingle_f1"] == pytest.approx(2 * 0.7 * 0.75 / 1.45)  # F1 of the means, not the mean F1
    assert total["with"] == pytest.approx(3 / 4)  # over all snippets of all pages
    assert total["without"] == pytest.approx(1 / 2)


def test_alternative_extraction_replaces_only_a_fragment_it_contains():
    fragment = ["the intro of a long list article about things to do"]
    whole = fragment + [f"item {i} has a long description of what makes it worth doing" for i in range(10)]
    assert prefer_alternative(fragment, whole)
    assert not prefer_alternative(whole, fragment)  # shorter: keep ours
    unrelated = [f"reader comment {i} says something else entirely about the weather today" for i in range(10)]
    assert not prefer_alternative(fragment, unrelated)  # longer but not holding ours
    assert prefer_alternative([], whole)
    assert not prefer_alternative(whole, [])


def test_repeated_heading_is_not_a_pull_quote_but_a_repeated_quotation_is():
    heading = ["Choosing the right moving company", "Choosing the right moving company takes time and research."]
    assert find_boilerplate(heading) == {}
    quoted = ["We will rebuild every home", "Town mayor", "The mayor spoke at noon.", "“We will rebuild every home,” she said."]
    assert find_boilerplate(quoted)[0] == PULL_QUOTE


def test_format_report_is_a_table():
    row = {k: 0.5 for k in ("shingle_p", "shingle_r", "shingle_f1", "token_p", "token_r", "token_f1", "with", "without")}
    report = {
        "dataset": "d",
        "pages": 2,
        "pages_without_truth": 0,
        "shingle_size": 4,
        "systems": {NEWSWEAVE: {**row, "pages_per_s": 3.0, "errors": 0}, "trafilatura default": {**row, "pages_per_s": 9.0, "errors": 0}},
        "best_trafilatura": "trafilatura default",
        "newsweave_minus_best_shingle_f1": 0.0,
    }
    text = format_report(report)
    assert "shingle F1" in text and "trafilatura default (best)" in text and "pages/s" in text


def test_newsweave_matches_or_beats_best_plain_trafilatura_on_wcxb():
    folder = shared_path("benchmarks", "extraction_wcxb")
    report = evaluate_extraction(folder, limit=40)
    assert report["pages"] == 40
    systems = report["systems"]
    assert {"trafilatura default", "trafilatura favor_precision", "trafilatura favor_recall"} <= set(systems)
    best = systems[report["best_trafilatura"]]["shingle_f1"]
    assert systems[NEWSWEAVE]["shingle_f1"] >= best - 0.01, format_report(report)
    assert all(row["errors"] == 0 for row in systems.values())


# --- raw pages with must-keep / must-drop snippets (trafilatura's evaluation layout) -------------

def _snippet_folder(tmp_path, pages):
    import gzip
    import json

    (tmp_path / "html").mkdir()
    rows = []
    for page_id, (data, keep, drop) in pages.items():
        (tmp_path / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(data))
        rows.append({"id": page_id, "file": f"html/{page_id}.html.gz", "url": None, "with": keep, "without": drop})
    (tmp_path / "snippets.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return tmp_path


def test_snippet_scores_recall_precision_and_f1():
    from newsweave.evaluate.extraction_snippets import aggregate as snippet_aggregate
    from newsweave.evaluate.extraction_snippets import score_page as snippet_score

    truth = {"with": ["the  quick\nbrown", "lazy cat"], "without": ["Share this", "Read more"]}
    page = snippet_score("The quick brown fox.\nRead more", truth)
    assert (page["with_found"], page["with_total"], page["without_avoided"], page["without_total"]) == (0, 2, 1, 2)  # case counts
    page = snippet_score("x the quick brown fox and the lazy cat", truth)
    assert (page["with_found"], page["without_avoided"]) == (2, 2)
    total = snippet_aggregate([page, snippet_score("", truth)])
    assert total["keep_recall"] == 0.5 and total["drop_precision"] == 1.0
    assert total["f1"] == pytest.approx(2 * 0.5 / 1.5) and total["empty_pages"] == 1


def test_garbled_text_is_recognised_only_where_the_snippets_are_clean():
    from newsweave.evaluate.extraction_snippets import garbled

    keep = ["Die Bürger müssen über die Straße gehen"]
    assert not garbled("Die Bürger müssen über die Straße gehen.", keep)
    assert garbled("Die BÃ¼rger mÃ¼ssen Ã¼ber die StraÃŸe gehen.", keep)  # UTF-8 read as cp1252
    assert garbled("Die B\ufffdrger m\ufffdssen \ufffdber die Stra\ufffde gehen.", keep)  # cp1252 read as UTF-8
    assert garbled("ÖÐ»ªÈËÃñ¹²ºÍ¹úµÄÊ×¶¼ÊÇ±±¾©", ["中华人民共和国的首都是北京"])  # GB2312 read as cp1252
    assert not garbled("« Il a dit : c'est l'été », résume-t-elle; è\xa0vero", ["c'est l'été"])  # real French and Italian
    assert not garbled("", keep)


def test_snippet_evaluation_runs_both_systems_on_the_same_bytes_and_reports_halves(tmp_path):
    from newsweave.evaluate.extraction import evaluate_extraction, format_report
    from newsweave.evaluate.extraction_snippets import HALVES, NEWSWEAVE as NW, TRAFILATURA, half_of

    body = "".join(f"<p>Der Stadtrat hat am Dienstag über die Sanierung der Brücke Nummer {i} beraten und sie beschlossen.</p>" for i in range(8))
    html = f'<html><head><meta charset="iso-8859-1"><title>Brücke</title></head><body><article>{body}</article>' \
           '<footer><p>Ähnliche Beiträge</p></footer></body></html>'
    folder = _snippet_folder(tmp_path, {
        "p1": (html.encode("iso-8859-1"), ["über die Sanierung der Brücke Nummer 3"], ["Ähnliche Beiträge"]),
        "p2": (html.encode("utf-8").replace(b"iso-8859-1", b"utf-8"), ["Brücke Nummer 5 beraten"], []),
    })
    report = evaluate_extraction(folder)
    assert report["format"] == "snippets" and report["pages"] == 2 and report["non_utf8_pages"] == 1
    ours, theirs = report["systems"][NW], report["systems"][TRAFILATURA]
    assert ours["keep_recall"] == 1.0 and ours["garbled_non_utf8_pages"] == 0 and ours["non_utf8_clean"] == 1.0
    assert set(ours["halves"]) == set(HALVES)
    assert sum(ours["halves"][h]["pages"] for h in HALVES) == 2 and {half_of("p1"), half_of("p2")} <= set(HALVES)
    assert report["newsweave_minus_trafilatura_f1"] == pytest.approx(ours["f1"] - theirs["f1"])
    text = format_report(report)
    assert "keep R" in text and "tune" in text and "check" in text and "non-UTF-8" in text


def test_newsweave_beats_plain_trafilatura_on_trafeval_without_garbling():
    folder = shared_path("benchmarks", "extraction_trafeval")
    report = evaluate_extraction(folder, limit=60)
    from newsweave.evaluate.extraction_snippets import NEWSWEAVE as NW, TRAFILATURA

    ours, theirs = report["systems"][NW], report["systems"][TRAFILATURA]
    assert ours["f1"] >= theirs["f1"], format_report(report)
    assert ours["garbled_non_utf8_pages"] == 0 and ours["errors"] == 0


def test_the_lead_trafilatura_leaves_out_is_taken_back_and_furniture_before_it_is_not():
    from newsweave.extract import extract_article
    from newsweave.record import Article

    lead = ("Die Stadt Freiburg will bis zum Winter zweihundert neue Wohnheimplätze für Studierende schaffen, "
            "weil zu Semesterbeginn noch immer Hunderte ohne Zimmer sind.")
    body = "".join(f"<p>Im Stadtteil {n} sollen die Bauarbeiten im Frühjahr beginnen, sagte die Bürgermeisterin am Dienstag vor dem Gemeinderat.</p>"
                   for n in ("Haslach", "Weingarten", "Zähringen", "Littenweiler", "Stühlinger"))
    html = ("<html><head><title>Wohnheime</title></head><body><nav><a href='/'>Startseite</a> <a href='/x'>Politik</a></nav>"
            "<header><h1>Neue Wohnheime für Freiburg</h1><p class='teaser'>" + lead + "</p>"
            "<p>Von Lisa Berg</p><p>18. Oktober 2023</p></header><article>" + body + "</article></body></html>")
    article = extract_article(Article(id="lead", raw=html, raw_kind="html"))
    assert article.text.startswith(lead)
    first = article.paragraphs[0]
    assert article.raw[first.start : first.end] == lead  # its span is the lead in the raw page
    assert "Startseite" not in article.text and "Lisa Berg" not in article.text
