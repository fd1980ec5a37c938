"""Framing terms of one article: a per-article stage (it reads one parse, never other articles).

Terms are lowercased word n-grams (1 to 3 words) inside one sentence, never across punctuation;
a term may hold stopwords inside but never starts or ends with one, and a term made only of names
or numbers is left out (which people an outlet names is coverage, not word choice). Hyphenated
words ("pro-Kremlin", "Putin-installed") count as one word. Each occurrence records whether it is
evaluative (an adjective, a participle used as one, a manner adverb) or on the intensity list; the
comparison across outlets is :mod:`newsweave.brief.framing`.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from .record import Article

MAX_N = 3  # longest term, in words

_WORD = re.compile(r"^[a-z][a-z'’\-]*[a-z]$|^[a-z]$")
_MODIFIER_DEPS = {"amod", "advmod", "compound", "npadvmod", "neg"}

# Secondary signal only: words whose meaning is an intensity or a judgement, the ones the part of
# speech misses (verbs, nouns) or weighs too lightly. Never a way in on its own for adjectives.
INTENSITY = frozenset("""
sham so-called illegal illegally brutal brutally blatant blatantly outrageous shocking stunning
controversial radical extreme extremist fierce fiercely furious scathing slammed slams slam blasted
blasts blast ripped rips lashed lambasted bashed attacked derided mocked ridiculed decried denounced
condemned touted boasted bragged claimed insisted admitted conceded vowed railed raged stormed
puppet regime propaganda thug thugs tyrant dictator cronies crony scandal debacle fiasco disaster
disastrous chaos chaotic crisis catastrophe catastrophic gaffe gaffes embarrassing embarrassment
humiliating humiliation devastating devastated horrific horrifying vile sick twisted notorious
infamous disgraced disgraceful shameful reckless failed failing failure bogus fake phony lies lie
lied liar lying hypocrite hypocrisy hypocritical smear witch-hunt hoax unprecedented dramatic
dramatically massive huge enormous staggering soaring slashed plunged skyrocketing crushing crushed
draconian harsh harshly bitter bitterly angry angrily slammed vicious savage savagely ruthless
""".split())



@dataclass
class _Word:
    text: str
    start: int
    end: int
    pos: str
    dep: str
    head: int
    stop: bool
    wordlike: bool
    entity: bool


@dataclass(frozen=True)
class Occurrence:
    """One use of a term in an article's cleaned text (``Article.text`` offsets)."""

    key: tuple[str, ...]
    article: str
    start: int
    end: int
    modifier_phrase: bool
    connected: bool
    evaluative: bool
    intense: bool


@dataclass
class ArticleTerms:
    article: Article
    occurrences: list[Occurrence] = field(default_factory=list)


def _words(doc: Any) -> list[list[_Word]]:
    """Sentences of words; hyphen-joined tokens ("pro-Kremlin") are one word.

    Token attributes are read once into lists (``Token.sent`` builds a span on every call).
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    n_tok = len(doc)
    sent_of = [0] * n_tok
    for sent in doc.sents:
        start = sent.start
        for k in range(start, sent.end):
            sent_of[k] = start
    texts = [t.text for t in doc]
    spaced = [bool(t.whitespace_) for t in doc]
    alpha = [t.is_alpha for t in doc]
    heads = [t.head.i for t in doc]
    idx = [t.idx for t in doc]

    groups: list[list[int]] = []
    for i in range(n_tok):
        if groups:
            p = groups[-1][-1]
            if (not spaced[p] and sent_of[p] == sent_of[i] and (texts[i] == "-" or texts[p] == "-")
                    and (alpha[i] or texts[i] == "-") and (alpha[p] or texts[p] == "-")):
                groups[-1].append(i)
                continue
        groups.append([i])
    word_of_token = [0] * n_tok
    for wi, group in enumerate(groups):
        for k in group:
            word_of_token[k] = wi
    sentences: dict[int, list[_Word]] = defaultdict(list)
    for wi, group in enumerate(groups):
        if len(group) == 1:
            top = group[0]
            text = texts[top].lower().replace("’", "'")
        else:
            members = set(group)
            top = next((k for k in group if heads[k] not in members or heads[k] == k), group[-1])
            text = "".join(texts[k] for k in group).lower().replace("’", "'")
        tok = doc[top]
        last = group[-1]
        sentences[sent_of[group[0]]].append(_Word(
            text=text, start=idx[group[0]], end=idx[last] + len(texts[last]), pos=tok.pos_, dep=tok.dep_,
            head=word_of_token[heads[top]], stop=text in STOP_WORDS or text.strip("'") in STOP_WORDS,
            wordlike=bool(_WORD.match(text)) and not text.startswith("'"), entity=bool(tok.ent_type_),
        ))
    # word index -> position is needed for heads; keep global indices by numbering in document order
    return [ws for _, ws in sorted(sentences.items())]


def _article_occurrences(article: Article, doc: Any, max_n: int) -> list[Occurrence]:
    sentences = _words(doc)
    out: list[Occurrence] = []
    offset = 0
    aid = article.id
    for words in sentences:
        base = offset
        offset += len(words)
        count = len(words)
        for i in range(count):
            for n in range(1, max_n + 1):
                if i + n > count:
                    break
                last = words[i + n - 1]
                if not last.wordlike or (n == 1 and not words[i].wordlike):
                    break
                first = words[i]
                if first.stop or last.stop:
                    continue
                span = words[i:i + n]
                content = [w for w in span if not w.stop]
                if all(w.pos == "PROPN" or w.pos == "NUM" for w in content):
                    continue
                lo, hi = base + i, base + i + n  # the span's global word indices: lo .. hi - 1
                tops = 0
                for k, w in enumerate(span, lo):
                    if not (lo <= w.head < hi) or w.head == k:
                        tops += 1
                connected = tops == 1
                modifier = n > 1 and connected and any(w.dep in _MODIFIER_DEPS and lo <= w.head < hi and w.pos != "PROPN" for w in span)
                evaluative = any(not w.entity and ((w.pos == "ADJ") or (w.pos == "ADV" and w.text.endswith("ly"))
                                                   or (w.pos == "VERB" and w.dep == "amod"))  # participle as adjective
                                 for w in content)
                intense = any(w.text in INTENSITY for w in content)
                out.append(Occurrence(tuple(w.text for w in span), aid, first.start, last.end,
                                      modifier, connected, evaluative, intense))
    return out


def terms_from_doc(article: Article, doc: Any, max_n: int = MAX_N) -> ArticleTerms:
    """The term occurrences of one article from a parse made elsewhere (``load_nlp()`` on ``article.text``,
    e.g. the one analysis makes), for ``framing_section(..., terms=...)``: framing then parses nothing."""
    return ArticleTerms(article, _article_occurrences(article, doc, max_n))


def article_terms(articles: Iterable[Article], max_n: int = MAX_N, batch_size: int = 16) -> dict[str, ArticleTerms]:
    """Every term occurrence of every article (one spaCy parse each), by article id.

    The lemmatizer is left out of the parse: no term reads a lemma.
    """
    from .nlp import load_nlp

    articles = list(articles)
    nlp = load_nlp()
    off = [p for p in ("lemmatizer",) if p in nlp.pipe_names]
    result = {}
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=batch_size, disable=off)):
        result[article.id] = terms_from_doc(article, doc, max_n)
    return result
