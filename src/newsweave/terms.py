"""Framing terms of one article: a per-article stage (it reads one parse, never other articles).

Terms are lowercased word n-grams (1 to 3 words) inside one sentence, never across punctuation;
a term may hold stopwords inside but never starts or ends with one, and a term made only of names
or numbers is left out (which people an outlet names is coverage, not word choice). Hyphenated
words ("pro-Kremlin", "Putin-installed") count as one word. Each occurrence records whether it
stands inside a quotation (someone else's words, not the outlet's narration) and, for single
words, the word's lemma and part of speech and whether it is loaded (:mod:`newsweave.loaded_words`).
A loaded phrasal verb ("lashed out", "doubled down") is an occurrence of its own, whose ``lemma``
is the verb's lemma and the particle ("lash out"); so is a loaded idiom ("took a swipe"), whose
``lemma`` is the idiom as listed ("take a swipe"). The comparison across outlets is
:mod:`newsweave.brief.framing`.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from .loaded_words import is_loaded, is_loaded_phrasal, match_idiom
from .record import Article

MAX_N = 3  # longest term, in words

_WORD = re.compile(r"^[a-z][a-z'’\-]*[a-z]$|^[a-z]$")
_MODIFIER_DEPS = {"amod", "advmod", "compound", "npadvmod", "neg"}

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
    lemma: str
    quoted: bool


@dataclass(frozen=True)
class Occurrence:
    """One use of a term in an article's cleaned text (``Article.text`` offsets)."""

    key: tuple[str, ...]
    article: str
    start: int
    end: int
    modifier_phrase: bool
    connected: bool
    quoted: bool = False  # inside a quotation: someone else's words
    lemma: str = ""  # single words: the lemma (lower case); a phrasal verb: "lash out"; an idiom: "take a swipe"
    pos: str = ""  # single words and phrasal verbs: the universal part of speech
    loaded: bool = False  # in the lexicon of loaded words (newsweave.loaded_words)

    @property
    def phrasal(self) -> bool:
        """A phrasal verb's or an idiom's occurrence ("lashed out", "took a swipe"): read only as a loaded word, never as a term."""
        return " " in self.lemma


@dataclass
class ArticleTerms:
    article: Article
    occurrences: list[Occurrence] = field(default_factory=list)


def quoted_chars(text: str) -> list[bool]:
    """Per character of ``text``: whether it lies inside a quotation (curly or straight double
    quotes; an unclosed one ends with its paragraph)."""
    out = [False] * len(text)
    curly = straight = False
    for i, ch in enumerate(text):
        if ch == "\n":
            curly = straight = False
        elif ch == "“":
            curly = True
        elif ch == "”":
            curly = False
        elif ch == '"':
            straight = not straight
        out[i] = curly or straight
    return out


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
    texts, spaced, alpha, heads, idx = [], [], [], [], []
    for t in doc:  # one pass: each step of iterating a Doc builds a Token
        texts.append(t.text)
        spaced.append(bool(t.whitespace_))
        alpha.append(t.is_alpha)
        heads.append(t.head.i)
        idx.append(t.idx)
    quoted = quoted_chars(doc.text)

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
            lemma = (doc[top].lemma_ or texts[top]).lower().replace("’", "'")
        else:
            members = set(group)
            top = next((k for k in group if heads[k] not in members or heads[k] == k), group[-1])
            text = "".join(texts[k] for k in group).lower().replace("’", "'")
            lemma = text
        tok = doc[top]
        last = group[-1]
        sentences[sent_of[group[0]]].append(_Word(
            text=text, start=idx[group[0]], end=idx[last] + len(texts[last]), pos=tok.pos_, dep=tok.dep_,
            head=word_of_token[heads[top]], stop=text in STOP_WORDS or text.strip("'") in STOP_WORDS,
            wordlike=bool(_WORD.match(text)) and not text.startswith("'"), entity=bool(tok.ent_type_),
            lemma=lemma, quoted=quoted[idx[group[0]]],
        ))
    # word index -> position is needed for heads; keep global indices by numbering in document order
    return [ws for _, ws in sorted(sentences.items())]


def _article_occurrences(article: Article, doc: Any, max_n: int) -> list[Occurrence]:
    sentences = _words(doc)
    text = doc.text  # Doc.text joins every token on each call: read it once
    out: list[Occurrence] = []
    offset = 0
    aid = article.id
    for words in sentences:
        base = offset
        offset += len(words)
        count = len(words)
        lemmas = [w.lemma if w.wordlike else "" for w in words]
        texts = [w.text if w.wordlike else "" for w in words]
        for i in range(count):
            idiom = _idiom(aid, words, lemmas, texts, i, text)
            if idiom is not None:
                out.append(idiom)
            elif i + 1 < count:
                phrasal = _phrasal(aid, words[i], words[i + 1])
                if phrasal is not None:
                    out.append(phrasal)
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
                single = {}
                if n == 1:
                    single = {"lemma": first.lemma, "pos": first.pos,
                              # a capitalised word inside an entity is part of a name; the small model also tags lower-case
                              # words as entities ("sham referendums" as an organisation), which stay words
                              "loaded": not (first.entity and text[first.start].isupper()) and is_loaded(first.lemma, first.pos, first.text)}
                out.append(Occurrence(tuple(w.text for w in span), aid, first.start, last.end,
                                      modifier, connected, quoted=first.quoted or last.quoted, **single))
    return out


def _idiom(article_id: str, words: list[_Word], lemmas: list[str], texts: list[str], at: int, text: str) -> Occurrence | None:
    """The occurrence of a loaded idiom ("took a swipe", "power grab") starting at word ``at``, else None;
    its ``lemma`` is the idiom as listed ("take a swipe"), whatever fills its "*"."""
    if not texts[at] or (words[at].entity and text[words[at].start].isupper()):
        return None
    found = match_idiom(lemmas, texts, at)
    if found is None:
        return None
    idiom, n = found
    span = words[at:at + n]
    return Occurrence(tuple(w.text for w in span), article_id, span[0].start, span[-1].end, False, True,
                      quoted=any(w.quoted for w in span), lemma=" ".join(idiom), pos=span[0].pos, loaded=True)


def _phrasal(article_id: str, verb: _Word, particle: _Word) -> Occurrence | None:
    """The occurrence of a loaded phrasal verb ("lashed out") starting at ``verb``, else None."""
    if verb.pos != "VERB" or not particle.wordlike or not is_loaded_phrasal(verb.lemma, particle.text):
        return None
    return Occurrence((verb.text, particle.text), article_id, verb.start, particle.end, False, True, quoted=verb.quoted or particle.quoted, lemma=f"{verb.lemma} {particle.text}", pos="VERB", loaded=True)


def terms_from_doc(article: Article, doc: Any, max_n: int = MAX_N) -> ArticleTerms:
    """The term occurrences of one article from a parse made elsewhere (``load_nlp()`` on ``article.text``,
    e.g. the one analysis makes), for ``framing_section(..., terms=...)``: framing then parses nothing."""
    return ArticleTerms(article, _article_occurrences(article, doc, max_n))


def article_terms(articles: Iterable[Article], max_n: int = MAX_N, batch_size: int = 16) -> dict[str, ArticleTerms]:
    """Every term occurrence of every article (one spaCy parse each), by article id.

    The whole pipeline runs, lemmatizer included (loaded words are looked up by lemma), as in the analysis.
    """
    from .nlp import load_nlp

    articles = list(articles)
    nlp = load_nlp()
    result = {}
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=batch_size)):
        result[article.id] = terms_from_doc(article, doc, max_n)
    return result
