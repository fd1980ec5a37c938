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

Only the outlet's own narration counts for it: an occurrence inside a quotation is someone else's
words, so it is never flagged for the outlet (the other outlets' quotations still count as their
use of a word).

Loaded terms are the outlet's word choices a reader can weigh: a loaded word of its narration
(:mod:`newsweave.loaded_words`: judging verbs of saying and acting, phrasal verbs, adjectives,
adverbs and nouns, each for its part of speech, never inside a named entity) that the other outlets
do not use (its lemma's rate there at most ``loaded_max_other_ratio`` times its rate in the outlet), in a
sentence that another outlet tells too: its counterpart sentence, the other outlet's most similar
one sharing a content word with it, reaches ``counterpart_min_cos`` (:mod:`newsweave.brief.counterparts`). Each loaded term comes
with that counterpart wording, per other outlet: the sentence and the word standing where the
loaded word stands. ``score`` of a loaded term is the similarity of its closest counterpart.

A loaded word that political news uses widely is that news's common vocabulary rather than the
outlet's marked choice ("radical", "scandal", "controversy"): one that more than
``max_common_share`` of the articles of PolNeAR (924 political news articles of 2016; never BASIL)
use is not flagged (:func:`common_share`, counts made by ``benchmarks/loaded_words_common.py``).

Two exceptions to "narration only" and to the lexicon's groups (``FramingConfig``): a loaded word
that is the whole quotation, or nearly (at most ``scare_quote_words`` words between the quotation
marks: scare quotes, 'the "disastrous" plan'), is the outlet's choice to repeat that label
and counts as its own; and ``action_verbs`` off keeps, of the verbs, only verbs of saying and phrasal
verbs.
"""
from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from ..loaded_words import SAYING_VERBS
from ..record import Article
from ..settings import DEFAULT_SETTINGS, BriefSettings
from ..terms import MAX_N, ArticleTerms, Occurrence, article_terms, terms_from_doc
from .counterparts import Counterparts, SentenceIndex, sentence_index

__all__ = ["ArticleTerms", "FramingConfig", "Occurrence", "article_terms", "framing_section", "outlet_of", "terms_from_doc"]


@dataclass(frozen=True)
class FramingConfig:
    """Thresholds of the framing section (one setting for every corpus)."""

    max_n: int = MAX_N
    prior_scale: float = DEFAULT_SETTINGS.brief.framing_prior_scale
    min_z: float = DEFAULT_SETTINGS.brief.framing_min_z
    max_other_ratio: float = DEFAULT_SETTINGS.brief.framing_max_other_ratio
    max_terms: int = DEFAULT_SETTINGS.brief.framing_max_terms
    max_loaded: int = DEFAULT_SETTINGS.brief.framing_max_loaded
    counterpart_min_cos: float = DEFAULT_SETTINGS.brief.framing_counterpart_min_cos
    scare_quote_words: int = DEFAULT_SETTINGS.brief.framing_scare_quote_words
    action_verbs: bool = DEFAULT_SETTINGS.brief.framing_action_verbs
    max_common_share: float = DEFAULT_SETTINGS.brief.framing_max_common_share
    loaded_max_other_ratio: float = DEFAULT_SETTINGS.brief.framing_loaded_max_other_ratio

    @classmethod
    def from_settings(cls, settings: BriefSettings) -> FramingConfig:
        """The thresholds of the ``framing_*`` settings of ``[brief]``."""
        return cls(prior_scale=settings.framing_prior_scale, min_z=settings.framing_min_z,
                   max_other_ratio=settings.framing_max_other_ratio, max_terms=settings.framing_max_terms,
                   max_loaded=settings.framing_max_loaded, counterpart_min_cos=settings.framing_counterpart_min_cos,
                   scare_quote_words=settings.framing_scare_quote_words, action_verbs=settings.framing_action_verbs,
                   max_common_share=settings.framing_max_common_share,
                   loaded_max_other_ratio=settings.framing_loaded_max_other_ratio)


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
                    terms: dict[str, ArticleTerms] | None = None, config: FramingConfig | None = None,
                    sentences: SentenceIndex | None = None) -> dict[str, Any]:
    """The framing section of a story brief: per outlet, its distinctive and its loaded terms.

    ``background`` adds articles to the prior (the story's own articles are always in it);
    ``terms`` are parses already made by :func:`article_terms` (computed here for what is missing);
    ``sentences`` the story's sentences with their vectors (encoded here when not given and a
    loaded word needs them). ``support`` offsets index each article's raw input.
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
        prior.update(o.key for o in terms[a.id].occurrences if not o.phrasal)
    prior_words = sum(c for key, c in prior.items() if len(key) == 1)

    by_outlet: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        by_outlet[outlet_of(a)].append(a)
    counts = {o: Counter(occ.key for a in members for occ in terms[a.id].occurrences if not occ.phrasal) for o, members in by_outlet.items()}
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

    lemma_counts = _lemma_counts(by_outlet, terms)
    finder: Counterparts | None = None
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
                if not occ.quoted and not occ.phrasal:  # the outlet's own narration
                    occs[occ.key].append(occ)
        candidates = []
        if others:
            a_0 = config.prior_scale * prior_words  # the same for every length
            for key, y_i in own.items():
                if key not in occs:
                    continue
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
        distinctive = [{"term": " ".join(key), "score": round(z, 3), "support": [_support(by_id[o.article], o) for o in occs[key]]}
                       for key, z in kept]
        loaded = []
        if others and config.max_loaded:
            if finder is None:
                finder = Counterparts(sentences or sentence_index(articles), terms, {a.id: outlet_of(a) for a in articles},
                                      by_id, config.counterpart_min_cos)
            loaded = _loaded_terms(members, terms, lemma_counts, outlet, config, finder, by_id)
        outlets.append({
            "outlet": outlet,
            "articles": [a.id for a in members],
            "headline": next((a.title for a in members if a.title), None),
            "distinctive_terms": distinctive,
            "loaded_terms": loaded[:config.max_loaded],
        })
    return {"outlets": outlets}


def _lemma_counts(articles: dict[str, list[Article]], terms: dict[str, ArticleTerms]) -> dict[str, Counter]:
    """Per outlet: how often each lemma (single words and phrasal verbs) occurs, quotations included."""
    return {o: Counter(occ.lemma for a in members for occ in terms[a.id].occurrences if occ.lemma) for o, members in articles.items()}


_MODIFIERS = {"ADJ", "ADV"}


def _loaded_terms(members: list[Article], terms: dict[str, ArticleTerms], lemma_counts: dict[str, Counter], outlet: str,
                  config: FramingConfig, finder: Counterparts, by_id: dict[str, Article]) -> list[dict[str, Any]]:
    """The outlet's loaded terms (see the module docstring), closest counterpart first."""
    own = lemma_counts[outlet]
    n_i = max(1, sum(own.values()))
    n_j = sum(sum(c.values()) for o, c in lemma_counts.items() if o != outlet)
    places: dict[str, list[Occurrence]] = defaultdict(list)
    shown: dict[Occurrence, Occurrence] = {}  # a modifier shown with the word it modifies: "sham" -> "sham referendums"
    for a in members:
        found = [o for o in terms[a.id].occurrences if o.loaded and (not o.quoted or _scare_quoted(a.text, o, config.scare_quote_words))
                 and (config.action_verbs or o.pos != "VERB" or o.phrasal or _saying(o))]
        phrasal = [o for o in found if o.phrasal]
        pairs = {o.start: o for o in terms[a.id].occurrences if len(o.key) == 2 and o.modifier_phrase and not o.quoted and not o.phrasal}
        for occ in found:  # a word inside a loaded phrasal verb is read as part of it
            if occ.phrasal or not any(p.start <= occ.start < p.end for p in phrasal):
                places[occ.lemma].append(occ)
                if occ.pos in _MODIFIERS and occ.start in pairs:
                    shown[occ] = pairs[occ.start]
    out = []
    for lemma, occs in places.items():
        if common_share(lemma) > config.max_common_share:
            continue
        y_j = sum(c[lemma] for o, c in lemma_counts.items() if o != outlet)
        if n_j and y_j / n_j > config.loaded_max_other_ratio * own[lemma] / n_i:
            continue
        matched = [(occ, finder.of(occ)) for occ in occs]
        matched = [(occ, found) for occ, found in matched if found]
        if not matched:
            continue
        first = shown.get(matched[0][0], matched[0][0])
        out.append({"term": by_id[first.article].text[first.start:first.end].lower().replace("’", "'"),
                    "score": max(found[0]["similarity"] for _, found in matched),
                    "support": [_support(by_id[occ.article], shown.get(occ, occ)) for occ, _ in matched],
                    "counterparts": matched[0][1]})
    out.sort(key=lambda t: (-t["score"], t["term"]))
    return out


@lru_cache(maxsize=1)
def _common_table() -> tuple[dict[str, int], int]:
    table = json.loads(resources.files("newsweave.brief").joinpath("loaded_words_common.json").read_text(encoding="utf-8"))
    return table["articles_using"], table["articles"]


def common_share(lemma: str) -> float:
    """The share of political news articles (PolNeAR, ``loaded_words_common.json``) that use the loaded ``lemma``;
    0 for a word not counted there (phrasal verbs, hyphenated compounds)."""
    using, articles = _common_table()
    return using.get(lemma, 0) / articles


def _saying(occ: Occurrence) -> bool:
    return occ.lemma in SAYING_VERBS or occ.key[0] in SAYING_VERBS


_OPENING = {'"', "“"}
_CLOSING = {'"', "”"}


def _scare_quoted(text: str, occ: Occurrence, max_words: int, reach: int = 60) -> bool:
    """Whether ``occ`` is the whole or most of a quotation of at most ``max_words`` words standing in narration
    (scare quotes: 'the "disastrous" plan', 'a "sham" vote')."""
    if max_words <= 0:
        return False
    start = occ.start - 1
    while start >= max(0, occ.start - reach) and text[start] not in _OPENING and text[start] not in "”\n":
        start -= 1
    end = occ.end
    while end < min(len(text), occ.end + reach) and text[end] not in _CLOSING and text[end] not in "“\n":
        end += 1
    if start < 0 or end >= len(text) or text[start] not in _OPENING or text[end] not in _CLOSING:
        return False
    return len(text[start + 1:end].split()) <= max_words


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
