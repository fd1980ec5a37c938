"""The link model's ``tfidf`` signal: the eval's TF-IDF baseline over whole sentences, computed only for a model that uses it."""
from __future__ import annotations

import numpy as np

from newsweave.brief.links import link_probability, sentence_tfidf
from newsweave.evaluate.brief import _tfidf_vectors

TEXTS = ["The senate voted Wednesday to override the veto.", "Senate overrides veto after Wednesday vote.",
         "Bakeries opened early in the morning.", "The senate voted Wednesday to override the veto."]


def test_sentence_tfidf_is_the_baseline_cosine_over_distinct_sentences():
    distinct = list(dict.fromkeys(TEXTS))
    vectors = _tfidf_vectors(distinct)
    expected = np.array([[sum(v * b.get(w, 0.0) for w, v in a.items()) for b in vectors] for a in vectors])
    index = [distinct.index(t) for t in TEXTS]
    assert np.allclose(sentence_tfidf(TEXTS), expected[np.ix_(index, index)], atol=1e-5)
    assert sentence_tfidf(TEXTS)[0, 1] > 0.2 and sentence_tfidf(TEXTS)[0, 2] == 0.0


def test_a_model_without_a_signal_ignores_it():
    signals = {"cos": np.eye(2, dtype=np.float32), "tfidf": np.ones((2, 2), dtype=np.float32)}
    with_it = link_probability(signals, {"weights": {"cos": 1.0, "tfidf": 2.0}, "intercept": 0.0})
    without = link_probability(signals, {"weights": {"cos": 1.0}, "intercept": 0.0})
    assert with_it[0, 1] > without[0, 1] and np.isclose(without[0, 1], 0.5)


def test_units_carry_their_verbs_of_acting_and_shared_ones_are_a_signal():
    """``verbs``: the lemmas of a unit's verbs from the parse's terms, verbs of saying left out ("said" names no
    claim), counted in both units up to two."""
    from conftest import text_article

    from newsweave.analysis import analyse
    from newsweave.brief.links import pair_signals
    from newsweave.brief.sentences import story_sentences

    a = text_article("a", "one.example", "Headline\nThe council approved the budget on Monday, the mayor said.\n", "2026-03-02")
    b = text_article("b", "two.example", "Headline\nLawmakers approved a budget after a long debate.\n", "2026-03-02")
    c = text_article("c", "three.example", "Headline\nThe mayor said the weather was mild.\n", "2026-03-02")
    analysis = analyse([a, b, c])
    units = story_sentences([a, b, c], {x.id: analysis.articles[x.id] for x in (a, b, c)}, terms=analysis.framing_terms)
    by_article = {u.article: u for u in units if "Headline" not in u.text}
    assert "approve" in by_article["a"].verbs and "approve" in by_article["b"].verbs
    assert not by_article["c"].verbs & {"say"}
    n = len(units)
    signals = pair_signals(units, np.eye(n, dtype=np.float32), np.eye(n, dtype=np.float32), ("verbs",))
    i, j, k = (units.index(by_article[x]) for x in "abc")
    assert signals["verbs"][i, j] >= 1.0 and signals["verbs"][i, k] == 0.0


def test_a_year_read_as_a_count_is_no_shared_figure():
    """"the 2016 election" in two units is background, not the same figure: the ``numbers`` signal skips it, while a
    real count ("1,200 people") still counts."""
    from newsweave.brief.links import _compared

    assert not _compared({"kind": "count", "value": 2016, "text": "2016 presidential election"})
    assert not _compared({"kind": "year", "value": 2016, "text": "2016"})
    assert _compared({"kind": "count", "value": 1200, "text": "1,200 people"})
    assert _compared({"kind": "count", "value": 20160, "text": "20,160 people"})
