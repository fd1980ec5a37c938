"""Corroboration scoring on a tiny hand-written fixture, and a short run on ECB+ when it is present."""
import pytest

from conftest import shared_path
from newsweave.evaluate.corroboration import (
    covered_lines,
    covers,
    cross_pairs,
    format_report,
    gold_pairs,
    judged,
    line_spans,
    pair_scores,
    predicted_pairs,
    sentence_chains,
    tfidf_pairs,
)


def test_line_spans_index_the_text():
    text = "One.\nTwo words.\n\nFour."
    spans = line_spans(text)
    assert [text[s:e] for s, e in spans] == ["One.", "Two words.", "", "Four."]


def test_cover_rule_is_thirty_percent_of_sentence_or_span():
    sentence = (0, 100)
    assert covers((70, 100), sentence)  # 30 of the sentence's 100
    assert not covers((71, 200), sentence)  # 29 of 100, and 29 of the span's 129
    assert covers((90, 110), sentence)  # 10 of the span's 20
    assert not covers((100, 120), sentence)  # touching is no overlap
    lines = line_spans("a" * 10 + "\n" + "b" * 100 + "\n" + "c" * 10)  # (0, 10), (11, 111), (112, 122)
    assert covered_lines((5, 111), lines) == [0, 1]  # half of line 0; all of line 1
    assert covered_lines((11, 20), lines) == [1]  # 9 of line 1's 100, but the whole span
    assert covered_lines((108, 113), lines) == [1]  # line 1: 3 of the span's 5; line 2: 1 of 10 and 1 of 5
    assert covered_lines((108, 116), lines) == [1, 2]  # line 2: 4 of 10


# Two articles of one story. Article A: sentences 1, 2, 3 annotated; B: 1, 2 annotated (3 is not).
# Chains: event E1 (the seminal event), E2; participant P (HUMAN), place L (LOC), time T (TIME, not a participant).
RECORD_A = {
    "id": "A", "annotated_sentences": [1, 2, 3],
    "events": [
        {"sentence": 1, "chain": "ACT_E1", "type": "ACTION_OCCURRENCE"},
        {"sentence": 2, "chain": "ACT_E1", "type": "ACTION_OCCURRENCE"},
        {"sentence": 3, "chain": None, "type": "ACTION_STATE"},  # no chain: sentence 3 is not judged
        {"sentence": 4, "chain": "ACT_E2", "type": "ACTION_OCCURRENCE"},  # not annotated
    ],
    "entities": [
        {"sentence": 1, "chain": "HUM_P", "type": "HUMAN_PART_PER"},
        {"sentence": 2, "chain": "TIM_T", "type": "TIME_DATE"},
        {"sentence": 3, "chain": "HUM_P", "type": "HUMAN_PART_PER"},
    ],
}
RECORD_B = {
    "id": "B", "annotated_sentences": [1, 2],
    "events": [
        {"sentence": 1, "chain": "ACT_E1", "type": "ACTION_OCCURRENCE"},
        {"sentence": 2, "chain": "ACT_E1", "type": "ACTION_OCCURRENCE"},
        {"sentence": 2, "chain": "ACT_E2", "type": "ACTION_OCCURRENCE"},
        {"sentence": 3, "chain": "ACT_E1", "type": "ACTION_OCCURRENCE"},  # not annotated
    ],
    "entities": [
        {"sentence": 1, "chain": "LOC_L", "type": "LOC_GEO"},
        {"sentence": 2, "chain": "HUM_P", "type": "HUMAN_PART_PER"},
        {"sentence": 2, "chain": "TIM_T", "type": "TIME_DATE"},
        {"sentence": 3, "chain": "HUM_P", "type": "HUMAN_PART_PER"},
    ],
}


def test_gold_pairs_need_an_event_and_a_participant_chain():
    chains = {"A": sentence_chains(RECORD_A), "B": sentence_chains(RECORD_B)}
    assert chains["A"] == {1: ({"ACT_E1"}, {"HUM_P"}), 2: ({"ACT_E1"}, set())}
    assert chains["B"] == {1: ({"ACT_E1"}, {"LOC_L"}), 2: ({"ACT_E1", "ACT_E2"}, {"HUM_P"})}
    assert judged(chains) == {("A", 1), ("A", 2), ("B", 1), ("B", 2)}
    # A1-B2 share E1 and P; A2 shares only E1 and the time; A1-B1 share E1 but no participant;
    # A3 and B3 are not judged; A1-A2 lie in one article
    assert gold_pairs(chains) == {(("A", 1), ("B", 2))}


def test_predicted_pairs_from_corroborated_facts_only():
    lines = {"A": line_spans("a1\na2 words\na3"), "B": line_spans("b1 text\nb2\nb3")}
    sentence_ids = {"A": [1, 2, 3], "B": [1, 2, 3]}
    keep = {("A", 1), ("A", 2), ("B", 1), ("B", 2)}
    facts = [
        {"status": "corroborated", "support": [{"article": "A", "start": 0, "end": 2}, {"article": "B", "start": 8, "end": 10},
                                               {"article": "B", "start": 11, "end": 13}]},  # A1, B2 and B3 (not judged)
        {"status": "single_source", "support": [{"article": "A", "start": 3, "end": 11}, {"article": "B", "start": 0, "end": 7}]},
        {"status": "corroborated", "support": [{"article": "A", "start": 0, "end": 11}]},  # A1 and A2: one article
    ]
    pred = predicted_pairs(facts, lines, sentence_ids, keep)
    assert pred == {(("A", 1), ("B", 2))}
    gold = {(("A", 1), ("B", 2)), (("A", 2), ("B", 1))}
    assert pair_scores(gold, pred) == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3),
                                       "gold_pairs": 2, "predicted_pairs": 1, "correct_pairs": 1}
    assert pair_scores(gold, set())["precision"] == 1.0 and pair_scores(gold, set())["recall"] == 0.0


def test_cross_pairs_are_unordered_and_between_articles():
    assert cross_pairs([("B", 1), ("A", 2), ("A", 1), ("B", 1)]) == {
        (("A", 1), ("B", 1)), (("A", 2), ("B", 1))}


def test_tfidf_baseline_pairs():
    sentences = {
        ("A", 1): "The volcano erupted near the village",
        ("A", 2): "Officials ordered evacuations",
        ("B", 1): "A volcano erupted close to a village",
        ("B", 2): "Nothing else happened today",
        ("C", 1): "Officials ordered more evacuations",  # not judged
    }
    keep = {("A", 1), ("A", 2), ("B", 1), ("B", 2)}
    # n = 5 sentences; volcano, erupted, village: df 2, idf log 3.5; near, close: df 1, idf log 6
    # cosine A1-B1 = 3 log(3.5)^2 / (3 log(3.5)^2 + log(6)^2) = 0.5946; A2 and B2 share no word of 4+ letters,
    # and C1, which shares words with A2, is not judged (it still counts for the idf)
    pairs = tfidf_pairs(sentences, keep, thresholds=(0.1, 0.59, 0.6))
    assert pairs[0.1] == pairs[0.59] == {(("A", 1), ("B", 1))}
    assert pairs[0.6] == set()


def test_run_on_ecbplus():
    from newsweave.evaluate.corroboration import evaluate_corroboration

    folder = shared_path("benchmarks", "ecbplus")
    report = evaluate_corroboration(folder, limit=1)
    assert report["stories"] == 1 and report["articles"] > 1
    assert report["articles_not_mapped"] == 0
    assert report["gold_pairs"] > 0 and report["predicted_pairs"] > 0
    assert 0 <= report["precision"] <= 1 and 0 <= report["recall"] <= 1
    assert set(report["baseline_tfidf"]) == {"0.1", "0.2", "0.3"}
    assert "baseline TF-IDF" in format_report(report)
