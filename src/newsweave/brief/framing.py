"""Framing: the words each outlet uses for a story that the other outlets do not.

Terms are lowercased word n-grams (1 to 3 words) inside one sentence, never across punctuation;
a term may hold stopwords inside but never starts or ends with one, and a term made only of names
or numbers is left out (which people an outlet names is coverage, not word choice). Hyphenated
words ("pro-Kremlin", "Putin-installed") count as one word.

Each outlet is compared with all the other outlets of the story together by the weighted log-odds
ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words"):

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    z_w     = delta_w / sqrt(1 / (y_iw + a_w) + 1 / (y_jw + a_w))

with ``y`` the term counts of the outlet (``i``) and of the others (``j``), ``n`` the totals for
terms of the same length, and the prior ``a_w = prior_scale * background count``, the background
being the story's articles plus any others given (the whole run, or a whole benchmark). A term
the background uses often is shrunk towards zero; a rare one used by one outlet only stands out.

With one short article per outlet most framing words occur once, and a single occurrence cannot
reach the z-scores of long-corpus work (its z is at most about 0.75), so the threshold is lower
(``FramingConfig.min_z``) and the term must also be (nearly) exclusive to the outlet: its rate in
the other outlets at most ``max_other_ratio`` times its rate in this one.

Overlapping terms with the same counts carry the same evidence ("sham", "sham referendums"): one
is kept, a modifier together with its head first ("sham referendums", "illegally annexed"), then a
single word, then other phrases. A term whose occurrences are all inside terms already kept
(higher z) is dropped.

Loaded terms are the distinctive terms that evaluate rather than name: by spaCy's part of speech,
the term holds an adjective, a participle used as one ("punishing tax") or a manner adverb (none
of them part of a named entity such as "Russian"), or
a verb or noun from the small intensity list below. The list is a secondary signal: it lets a
loaded verb or noun in ("slammed", "puppet") and raises the score; it never makes a term
distinctive. ``score`` of a loaded term is its z-score times that weight.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..record import Article

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


@dataclass(frozen=True)
class FramingConfig:
    """Thresholds of the framing section (one setting for every corpus)."""

    max_n: int = 3
    prior_scale: float = 0.3
    min_z: float = 0.6
    max_other_ratio: float = 0.25
    max_terms: int = 1000
    max_loaded: int = 15
    intensity_bonus: float = 0.5


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


def terms_from_doc(article: Article, doc: Any, max_n: int = FramingConfig.max_n) -> ArticleTerms:
    """The term occurrences of one article from a parse made elsewhere (``load_nlp()`` on ``article.text``,
    e.g. the one analysis makes), for ``framing_section(..., terms=...)``: framing then parses nothing."""
    return ArticleTerms(article, _article_occurrences(article, doc, max_n))


def article_terms(articles: Iterable[Article], max_n: int = 3, batch_size: int = 16) -> dict[str, ArticleTerms]:
    """Every term occurrence of every article (one spaCy parse each), by article id.

    The lemmatizer is left out of the parse: no term reads a lemma.
    """
    from ..nlp import load_nlp

    articles = list(articles)
    nlp = load_nlp()
    off = [p for p in ("lemmatizer",) if p in nlp.pipe_names]
    result = {}
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=batch_size, disable=off)):
        result[article.id] = terms_from_doc(article, doc, max_n)
    return result


def outlet_of(article: Article) -> str:
    """The outlet an article speaks for; an article without one stands for itself."""
    return article.outlet or article.id


def _rank(occ: Occurrence) -> int:
    if occ.modifier_phrase:
        return 0
    if len(occ.key) == 1:
        return 1
    return 2 if occ.connected else 3


def _log_odds(y_i: float, y_j: float, n_i: float, n_j: float, a_w: float, a_0: float) -> float:
    delta = (math.log((y_i + a_w) / max(1e-9, n_i + a_0 - y_i - a_w))
             - math.log((y_j + a_w) / max(1e-9, n_j + a_0 - y_j - a_w)))
    return delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))


def framing_section(articles: list[Article], background: Iterable[Article] | None = None,
                    terms: dict[str, ArticleTerms] | None = None, config: FramingConfig | None = None) -> dict[str, Any]:
    """The framing section of a story brief: per outlet, its distinctive and its loaded terms.

    ``background`` adds articles to the prior (the story's own articles are always in it);
    ``terms`` are parses already made by :func:`article_terms` (computed here for what is missing).
    ``support`` offsets index each article's raw input.
    """
    config = config or FramingConfig()
    articles = list(articles)
    story_ids = {x.id for x in articles}
    background = [a for a in (background or []) if a.id not in story_ids]
    terms = dict(terms or {})
    missing = [a for a in [*articles, *background] if a.id not in terms]
    if missing:
        terms.update(article_terms(missing, config.max_n))

    prior: Counter = Counter()
    for a in [*articles, *background]:
        prior.update(o.key for o in terms[a.id].occurrences)
    prior_words = sum(c for key, c in prior.items() if len(key) == 1)

    by_outlet: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        by_outlet[outlet_of(a)].append(a)
    counts = {o: Counter(occ.key for a in members for occ in terms[a.id].occurrences) for o, members in by_outlet.items()}
    # every length is measured against the outlet's word count (one n-gram at most starts at each word)
    totals: dict[str, Counter] = {}
    for o, c in counts.items():
        words = sum(y for key, y in c.items() if len(key) == 1)
        totals[o] = Counter({n: words for n in range(1, config.max_n + 1)})
    by_id = {a.id: a for a in articles}
    # the other outlets together: everything minus the outlet (integer counts, so exact)
    all_counts: Counter = Counter()
    for c in counts.values():
        all_counts.update(c)
    all_words = sum(totals[o][1] for o in counts)

    outlets = []
    for outlet, members in sorted(by_outlet.items()):
        members.sort(key=lambda a: (a.published or "9999", a.id))
        others = len(by_outlet) > 1
        own = counts[outlet]
        n_i = totals[outlet][1]
        n_j = all_words - n_i  # every length is measured against the word count
        occs: dict[tuple[str, ...], list[Occurrence]] = defaultdict(list)
        for a in members:
            for occ in terms[a.id].occurrences:
                occs[occ.key].append(occ)
        candidates = []
        if others:
            a_0 = config.prior_scale * prior_words  # the same for every length
            for key, y_i in own.items():
                y_jw = all_counts[key] - y_i
                rate_j = y_jw / n_j if n_j else 0.0
                if rate_j > config.max_other_ratio * y_i / n_i:
                    continue
                z = _log_odds(y_i, y_jw, n_i, n_j, config.prior_scale * prior[key], a_0)
                if z >= config.min_z:
                    candidates.append((key, z, y_i, y_jw))
            # a phrase must be one syntactic unit and hold a word that is distinctive on its own
            anchors = {c[0][0] for c in candidates if len(c[0]) == 1}
            candidates = [c for c in candidates if len(c[0]) == 1
                          or (any(o.connected for o in occs[c[0]]) and any(w in anchors for w in c[0]))]
        kept = _select(candidates, occs, config.max_terms)
        distinctive, loaded = [], []
        for key, z in kept:
            places = occs[key]
            support = [_support(by_id[o.article], o) for o in places]
            term = " ".join(key)
            distinctive.append({"term": term, "score": round(z, 3), "support": support})
            evaluative = sum(o.evaluative for o in places) * 2 >= len(places)
            intense = any(o.intense for o in places)
            if evaluative or intense:
                loaded.append({"term": term, "score": round(z * (1 + config.intensity_bonus * intense), 3), "support": support})
        loaded.sort(key=lambda t: -t["score"])
        outlets.append({
            "outlet": outlet,
            "articles": [a.id for a in members],
            "headline": next((a.title for a in members if a.title), None),
            "distinctive_terms": distinctive,
            "loaded_terms": loaded[:config.max_loaded],
        })
    return {"outlets": outlets}


def _support(article: Article, occ: Occurrence) -> dict[str, Any]:
    start, end = article.raw_span(occ.start, occ.end)
    return {"article": article.id, "start": start, "end": end}


def _select(candidates: list[tuple[tuple[str, ...], float, int, int]], occs: dict[tuple[str, ...], list[Occurrence]],
            limit: int) -> list[tuple[tuple[str, ...], float]]:
    """One term per piece of evidence, highest z first (see the module docstring)."""
    # equal evidence: overlapping terms with the same counts; keep the best-ranked one
    best_first = sorted(candidates, key=lambda c: (_rank(occs[c[0]][0]), len(c[0]), -c[1], c[0]))
    chosen: list[tuple[tuple[str, ...], float, int, int]] = []
    # per (y_i, y_j): every contiguous part of a chosen term -> the chosen terms holding it
    parts_of: dict[tuple[int, int], dict[tuple[str, ...], list[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(list))
    for cand in best_first:
        key, _, y_i, y_j = cand
        group = parts_of[(y_i, y_j)]
        nested = [*group.get(key, ()), *(part for part in _parts(key) if part != key and part in group and part in group[part])]
        if any(_any_overlap(occs[key], occs[other]) for other in nested):
            continue
        chosen.append(cand)
        for part in _parts(key):
            group[part].append(key)
    chosen.sort(key=lambda c: (-round(c[1], 6), _rank(occs[c[0]][0]), len(c[0]), c[0]))
    kept: list[tuple[tuple[str, ...], float]] = []
    covered: dict[str, set[int]] = defaultdict(set)  # character positions inside kept occurrences, by article
    for key, z, _, _ in chosen:
        places = occs[key]
        if all(not covered[p.article].isdisjoint(range(p.start, p.end)) for p in places):
            continue
        kept.append((key, z))
        for p in places:
            covered[p.article].update(range(p.start, p.end))
        if len(kept) >= limit:
            break
    return kept


def _any_overlap(a: list[Occurrence], b: list[Occurrence]) -> bool:
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for o in b:
        spans[o.article].append((o.start, o.end))
    return any(o.start < end and start < o.end for o in a for start, end in spans.get(o.article, ()))


def _parts(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every contiguous part of an n-gram, itself included."""
    return {key[i:j] for i in range(len(key)) for j in range(i + 1, len(key) + 1)}
