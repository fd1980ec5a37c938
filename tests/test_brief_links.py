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
