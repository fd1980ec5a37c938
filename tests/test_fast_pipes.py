"""The table-driven attribute ruler and lemmatizer (newsweave.fast_pipes) annotate exactly as the model's own."""
from __future__ import annotations

import importlib

import pytest

from newsweave.fast_pipes import TableAttributeRuler, TableLemmatizer, Unsupported
from newsweave.nlp import MODEL_PACKAGES, load_nlp

# sentences that meet every kind of rule the model's ruler holds: tags alone, tag and word, word and dependency
# (nsubj/dobj pronouns, aux, mark, det, expl + "is"), two-token patterns ("gonna", "gotta", "let's", "y'all",
# "ain't"), regular expressions ("nothin'"), whitespace tokens, contractions and pronoun lemmas
TEXTS = [
    "I told him that I'm gonna win, but you said we'd gotta wait. Let's go, y'all!",
    "There is nothing here and there were somethin' like 40 people.  It ain't over; nothin' is.",
    "She hasn't been  seen since   Tuesday, when they'd left.\n\nWho's there? Whose car was it?",
    "The U.S. Army said 3,400 troops would've arrived if it weren't for the storm; it's 'em or us.",
    "Those who can, do. These are hers, not theirs; ours is an old one. C'mon, doin' fine, ol' boy.",
    "\n \t ",
    "",
    "Officials wo n't say whether the 12-year-old , who ca n't walk , will sha n't be discharged .",
]


def _stock():
    for name in MODEL_PACKAGES:
        try:
            return importlib.import_module(name).load()
        except ImportError:
            continue
    pytest.skip("no spaCy English model installed")


@pytest.fixture(scope="module")
def pipelines():
    return _stock(), load_nlp()


def _rows(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start)
            for t in doc]


def test_load_nlp_swaps_both(pipelines):
    stock, fast = pipelines
    assert fast.pipe_names == stock.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), TableAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), TableLemmatizer)


@pytest.mark.parametrize("disable", [[], ["parser", "lemmatizer"], ["ner"]])
def test_same_annotations_as_the_model(pipelines, disable):
    stock, fast = pipelines
    for _ in range(2):  # the second time from the tables' caches
        for a, b in zip(stock.pipe(TEXTS, disable=disable), fast.pipe(TEXTS, disable=disable)):
            assert _rows(a) == _rows(b)
    assert any(t.lemma_ == "go" and t.text == "gon" for t in fast("I'm gonna go."))  # a two-token rule was applied


def test_unsupported_pattern_leaves_the_ruler(pipelines):
    stock, _ = pipelines
    from spacy.pipeline import AttributeRuler

    ruler = AttributeRuler(stock.vocab)
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"POS": "DET"})
    with pytest.raises(Unsupported):
        TableAttributeRuler(stock.vocab).compile(ruler)
