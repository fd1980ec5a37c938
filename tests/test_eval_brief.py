"""The brief evaluation's scoring rules on hand-made triplets, and one run on the BASIL gold."""
from types import SimpleNamespace

import pytest

from conftest import shared_path
from newsweave.evaluate.brief import Triplet, covers, score_conflicts, score_facts, score_speakers, sentence_spans


def _triplet(gold):
    texts = {"N": "One two. Three four.\n\nFive six.", "F": "Seven eight. Nine ten.", "H": "Eleven twelve."}
    articles = {k: SimpleNamespace(id=f"a{k}", text=t) for k, t in texts.items()}
    spans = {"N": sentence_spans([["One two.", " Three four. "], [""], ["Five six."]]),
             "F": sentence_spans([["Seven eight.", "Nine ten."]]), "H": sentence_spans([["Eleven twelve."]])}
    return Triplet("t", articles, spans, gold)


def test_sentence_spans_follow_the_layout_and_count_empty_sentences():
    spans = sentence_spans([["One two.", " Three four. "], [""], ["", "Five six."]])
    assert spans == {0: (0, 8), 1: (9, 20), 4: (22, 31)}


def test_a_span_covers_a_sentence_by_thirty_percent_of_either():
    assert covers((0, 3), (0, 10))  # 30% of the sentence
    assert covers((0, 2), (0, 10))  # all of a short span
    assert not covers((8, 20), (0, 10))  # 20% of the sentence, 17% of the span
    assert covers((8, 12), (10, 40))  # half of the span
    assert not covers((5, 10), (10, 20))  # touching is no overlap


def test_a_corroborated_fact_is_right_only_when_every_outlet_shares_a_gold_group():
    t = _triplet({"facts": [{"sentences": ["N0", "F0"]}]})
    good = {"status": "corroborated", "support": [{"article": "aN", "start": 0, "end": 8}, {"article": "aF", "start": 0, "end": 12}]}
    bad = {"status": "corroborated", "support": [{"article": "aN", "start": 0, "end": 8}, {"article": "aF", "start": 13, "end": 22}]}
    three = {"status": "corroborated", "support": good["support"] + [{"article": "aH", "start": 0, "end": 14}]}
    single = {"status": "single_source", "support": good["support"]}
    result = score_facts(t, [good, bad, three, single])
    assert (result["judged"], result["right"]) == (3, 1)
    assert result["predicted_pairs"] == {frozenset(("N0", "F0")), frozenset(("N0", "F1")), frozenset(("N0", "H0")), frozenset(("F0", "H0"))}


def test_a_conflict_is_real_when_its_sides_hit_two_gold_sides():
    t = _triplet({"conflicts": [{"sides": [{"sentences": ["N1"]}, {"sentences": ["F1"]}]}]})
    real = {"sides": [{"article": "aN", "start": 9, "end": 20}, {"article": "aF", "start": 13, "end": 22}]}
    same_side = {"sides": [{"article": "aN", "start": 9, "end": 20}, {"article": "aN", "start": 22, "end": 31}]}
    one_side = {"sides": [{"article": "aN", "start": 9, "end": 20}]}
    result = score_conflicts(t, [real, same_side, one_side])
    assert (result["shown"], result["real"], result["hit"], result["gold"]) == (2, 1, 1, 1)


def test_named_speakers_match_on_the_last_name_and_skip_unnamed_gold():
    t = _triplet({"quotes": [{"sentence": "F0", "speaker": "Carla Brennan"}, {"sentence": "F1", "speaker": "Carla Brennan"},
                             {"sentence": "H0", "speaker": "a spokesman"}]})
    quotes = {"aF": [{"start": 0, "end": 5, "speaker": {"name": "Ms. Brenan"}}, {"start": 13, "end": 20, "speaker": {"name": "Olaf Tamm"}}]}
    result = score_speakers(t, quotes)
    assert (result["gold"], result["right"]) == (2, 1)


def test_eval_brief_runs_on_two_annotated_basil_triplets():
    from newsweave.evaluate.brief import evaluate_brief

    report = evaluate_brief(shared_path("benchmarks", "basil"), limit=2)
    assert report["triplets"] == 2 and report["articles"] == 6
    assert report["sentence_pairs"]["gold"] > 0 and report["named_speakers"]["gold"] > 0
    assert 0.0 <= report["corroborated_facts"]["precision"] <= 1.0


def test_a_gold_sentence_reads_from_the_raw_input_its_spans_index():
    # cleaning dropped the opening quotation mark: the cleaned text is one character shorter
    raw, cleaned = "“Hello there,” she said. Bye now.", "Hello there,” she said. Bye now."
    article = SimpleNamespace(id="aN", text=cleaned, raw=raw)
    spans = {"N": sentence_spans([["“Hello there,” she said.", "Bye now."]])}
    t = Triplet("t", {"N": article}, spans, {})
    assert t.sentence_text("N0") == "“Hello there,” she said."
    assert t.sentence_text("N1") == "Bye now."


def test_halves_split_the_sorted_triplets_alternately_and_refuse_other_names():
    from newsweave.evaluate.brief import in_half

    assert [k for k in range(6) if in_half(k, "even")] == [0, 2, 4]
    assert [k for k in range(6) if in_half(k, "odd")] == [1, 3, 5]
    assert all(in_half(k, None) for k in range(6))
    with pytest.raises(ValueError):
        in_half(0, "first")


def test_the_command_line_takes_a_half_for_the_brief_evaluation_only():
    from newsweave.cli import build_parser

    args = build_parser().parse_args(["eval", "brief", "DIR", "--half", "odd"])
    assert args.half == "odd"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["eval", "brief", "DIR", "--half", "middle"])
    assert not hasattr(build_parser().parse_args(["eval", "clustering", "DIR"]), "half")
