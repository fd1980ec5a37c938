"""Facts: units of different articles aligned into clusters that state the same claim.

Two units (clauses of sentences, :func:`~.sentences.split_clauses`) of different articles are scored by
their link probability (:mod:`.links`): a model of how likely they state the same claim, fitted on
annotated triplets. Clusters grow by average linkage over pairs whose probability reaches
:data:`JOIN`, holding at most one unit per article, as long as the average probability between
the two clusters reaches :data:`LINK`: such a cluster of two independent sources is a
*corroborated* fact. A unit of one article that also matches a cluster formed without it (one
sentence reporting two facts another outlet tells apart) supports that fact too when it and a
member are each other's best match in their articles and their probability reaches :data:`JOIN`.

A corroborated fact then takes in every unit that states it too (:func:`grow`, repeated until
nothing changes): a unit of an article already in the fact that links to every member of the
other articles at :data:`RESTATE` (the article says it twice, as in its lead and later), and any
unit to which units of at least :data:`CONSENSUS_SOURCES` other sources of the fact, and at least
:data:`CONSENSUS_SHARE` of them, link at :data:`CONSENSUS` (many independent weak links agree;
a story of three outlets never has enough sources for this). Only the units alignment put in the fact
vote: a unit this step added does not, so a fact does not chain through a story of many outlets (on the
first half of the ECB+ gold stories, pairs that chaining added were right no more often than any two
sentences of one story).

An article's headline, where its raw input holds it, is a unit too (:func:`~.sentences.story_sentences`), linked
as the others but aligned after the articles' text (which is aligned as without headlines: a headline would take
its article's place in a fact): it joins the corroborated fact it links best to at :data:`JOIN`, as a support beside
its article's own, else forms a fact with units no fact took, where that corroborates; never by restatement or
consensus. A headline that corroborates nothing (nor one of a copy or of an article relaying another's report) is
in no fact: its article's text tells what it says.

Two units that give a span of time after one word with different years (:func:`~.year_spans.years_clash`: "since 2002" and
"since 2003", "served from 1967 to 1979" and "held the seat from 1966 to 1978") are never in one corroborated fact,
however alike their words (nor through a third unit): they can be a possibly related fact.

Units left alone by that pass are aligned once more at :data:`RELATE` (weaker links, each pair
each other's best match): such a cluster is a *related* fact, shown as possibly the same claim
and never counted as corroboration. Every unit of the articles' text belongs to at least one fact (a headline only
where it corroborates, below); each support carries
its ``strength``, the best link probability to a unit of another source in the fact (``null`` for
a fact of one source), so a reader can weigh every link.

Each threshold is a ``[brief]`` setting (:class:`~newsweave.settings.BriefSettings`: ``fact_join``,
``fact_link``, ``fact_relate``, ``fact_restate``, ``consensus_link``, ``consensus_sources``,
``consensus_share``) that :func:`align` is given; the constants here hold their defaults.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..settings import DEFAULT_SETTINGS, BriefSettings
from .copied import copied_sources, shared_wording
from .fact_rows import drop_shown_twice, fold_repeated_text, mark_quoted
from .relays import earlier_clauses, same_sources, unit_credit
from .sentences import Sentence, readable_texts
from .year_spans import years_clash

_BRIEF = DEFAULT_SETTINGS.brief  # the defaults of defaults.toml [brief]; a brief uses the settings it is given

JOIN = _BRIEF.fact_join  # link probability for two units to state the same claim (corroboration)
LINK = _BRIEF.fact_link  # average probability between two clusters for them to merge
RELATE = _BRIEF.fact_relate  # link probability, between mutual best matches, for a possibly related claim
RESTATE = _BRIEF.fact_restate  # link to every member of the other articles for a unit of an article in the fact to join it
CONSENSUS = _BRIEF.consensus_link  # link probability that counts as one source's vote for a unit to join a fact
CONSENSUS_SOURCES = _BRIEF.consensus_sources  # votes needed from this many other sources of the fact ...
CONSENSUS_SHARE = _BRIEF.consensus_share  # ... and from this share of them


@dataclass
class Fact:
    members: list[int]  # sentence indexes, primary members
    extra: list[int] = field(default_factory=list)  # sentences that also report it
    central: int = -1
    related: bool = False  # linked only at RELATE: possibly the same claim, not corroboration


def _indices_by_article(sentences: list[Sentence]) -> dict[str, list[int]]:
    by_article: dict[str, list[int]] = {}
    for s in sentences:
        by_article.setdefault(s.article, []).append(s.index)
    return by_article


def best_matches(sentences: list[Sentence], score: np.ndarray) -> np.ndarray:
    """``best[i, j]``: j is the best match of sentence i among the sentences of j's article."""
    by_article = _indices_by_article(sentences)
    best = np.full(score.shape, False)
    for idx in by_article.values():
        cols = np.asarray(idx)
        sub = score[:, cols]
        best[np.arange(len(sentences)), cols[np.argmax(sub, axis=1)]] = True
    return best


def grow(sentences: list[Sentence], score: np.ndarray, facts: list[Fact], source=None,
         settings: BriefSettings | None = None, apart: np.ndarray | None = None) -> None:
    """Add to each fact of two or more articles the units that state it too (see the module
    docstring), as ``extra`` supports; ``source(article)`` names an article's independent source
    (default: the article itself), so a syndicated copy does not vote beside its original.
    ``settings``: the brief's thresholds (default: those of ``defaults.toml``); a unit ``apart`` marks from one
    already in the fact never joins it."""
    settings = settings or _BRIEF
    n = len(sentences)
    if n == 0:
        return
    source = source or (lambda article: article)
    article_of = {a: k for k, a in enumerate(dict.fromkeys(s.article for s in sentences))}
    source_of = {a: k for k, a in enumerate(dict.fromkeys(source(s.article) for s in sentences))}
    art = np.array([article_of[s.article] for s in sentences])
    src = np.array([source_of[source(s.article)] for s in sentences])
    headline = np.array([s.title for s in sentences], dtype=bool)
    for fact in facts:
        if fact.related:
            continue
        aligned = np.array(sorted(set(fact.members) | set(fact.extra)))  # what alignment found: the only voters
        while True:
            core = np.array(sorted(set(fact.members) | set(fact.extra)))
            if len(set(art[core].tolist())) < 2:
                break
            inside = np.zeros(n, dtype=bool)
            inside[core] = True
            # restated: the unit's article is in the fact and it links to every member of the others
            others = np.where(art[None, core] != art[:, None], score[:, core], np.inf)
            restated = np.isin(art, art[core]) & (others.min(axis=1) >= settings.fact_restate)
            # consensus: enough other sources of the fact have a member linking to the unit
            fact_sources = np.unique(src[aligned])
            votes = np.zeros(n, dtype=int)
            for k in fact_sources:
                cols = aligned[src[aligned] == k]
                votes += (score[:, cols].max(axis=1) >= settings.consensus_link) & (src != k)
            voters = len(fact_sources) - np.isin(src, fact_sources)
            agreed = (votes >= settings.consensus_sources) & (votes >= settings.consensus_share * voters)
            allowed = ~apart[:, core].any(axis=1) if apart is not None else True
            new = np.nonzero((restated | agreed) & ~inside & allowed & ~headline)[0]  # a headline joins by alignment only
            if len(new) == 0:
                break
            fact.extra.extend(int(i) for i in new)


def align(sentences: list[Sentence], score: np.ndarray, source=None, settings: BriefSettings | None = None) -> list[Fact]:
    """Cluster units into facts: corroborated ones, then related ones among the rest (see the module
    docstring); ``source(article)`` names an article's independent source (:func:`grow`); ``settings``:
    the brief's thresholds (default: those of ``defaults.toml``)."""
    settings = settings or _BRIEF
    source = source or (lambda article: article)
    relate = settings.fact_relate
    clash = years_clash(sentences)
    apart = clash if clash.any() else None
    headlines = [s.index for s in sentences if s.title]
    # the articles' text first, aligned as without headlines (a headline would take the place of its article's
    # sentence in a fact, one unit an article)
    strong = _cluster(sentences, _without(score, headlines), settings.fact_join, settings.fact_link, extras=True, apart=apart)
    grow(sentences, score, strong, source, settings, apart=apart)
    joined = {i for f in strong if len({sentences[m].article for m in f.members}) > 1 for i in f.members}
    facts = [f for f in strong if f.members[0] in joined or len(f.members) > 1 or f.extra]
    if headlines:  # then each headline: into the fact it tells, else with the units no fact took, where it corroborates
        placed = _attach(sentences, score, [f for f in facts if f.members[0] in joined], headlines, settings.fact_join, apart)
        rest = sorted(joined | placed)
        found = [f for f in _cluster(sentences, _without(score, rest), settings.fact_join, settings.fact_link,
                                     extras=False, apart=apart)
                 if any(sentences[i].title for i in f.members) and len({source(sentences[i].article) for i in f.members}) > 1]
        grow(sentences, score, found, source, settings, apart=apart)
        facts += found
        joined |= {i for f in found for i in f.members}
    # a headline is in no related fact, and alone in none (its article's text tells what it says)
    weak_score = _without(score, sorted(joined | set(headlines)))
    best = best_matches(sentences, weak_score) if len(sentences) else np.zeros((0, 0), dtype=bool)
    weak_score = np.where(best & best.T, weak_score, np.minimum(weak_score, relate - 1.0))
    weak = _cluster(sentences, weak_score, relate, relate, extras=False)
    kept = {i for f in facts for i in f.members}
    for fact in weak:
        fact.members = [i for i in fact.members if i not in kept and not sentences[i].title]
        if not fact.members:
            continue
        fact.related = len({sentences[i].article for i in fact.members}) > 1
        _choose_central(fact, score)
        facts.append(fact)
    return facts


def _attach(sentences: list[Sentence], score: np.ndarray, facts: list[Fact], headlines: list[int], join: float,
            apart: np.ndarray | None) -> set[int]:
    """Each headline into the fact it links best, at ``join`` at least, to a unit of another article's text of (as a
    support beside its article's own); returns the headlines so placed."""
    placed = set()
    for h in headlines:
        best, fact_of = join, None
        for fact in facts:
            units = [i for i in fact.members + fact.extra if sentences[i].article != sentences[h].article and not sentences[i].title]
            if units and (apart is None or not apart[h, fact.members + fact.extra].any()):
                link = float(score[h, units].max())
                if link >= best:
                    best, fact_of = link, fact
        if fact_of is not None:
            fact_of.extra.append(h)
            placed.add(h)
    return placed


def _without(score: np.ndarray, units: list[int]) -> np.ndarray:
    """``score`` with every link of ``units`` at -1 (they link to nothing)."""
    if not units:
        return score
    out = score.copy()
    out[units, :] = -1.0
    out[:, units] = -1.0
    return out


def _choose_central(fact: Fact, score: np.ndarray) -> None:
    everyone = fact.members + fact.extra
    if len(everyone) == 1:
        fact.central = everyone[0]
    else:
        sub = score[np.ix_(fact.members, everyone)]
        sub = np.where(sub < -0.5, 0.0, sub)
        fact.central = fact.members[int(np.argmax(sub.sum(axis=1)))]


def _cluster(sentences: list[Sentence], score: np.ndarray, join: float, link_bar: float, extras: bool,
             apart: np.ndarray | None = None) -> list[Fact]:
    """Average-linkage clusters of units (see the module docstring); two units ``apart`` marks never share one."""
    n = len(sentences)
    cluster = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    articles: dict[int, set[str]] = {i: {sentences[i].article} for i in range(n)}
    if n:
        best = best_matches(sentences, score)
        edges = score >= join
        rows, cols = np.nonzero(np.triu(edges, k=1))
        order = np.argsort(-score[rows, cols], kind="stable")
        for k in order:
            a, b = cluster[rows[k]], cluster[cols[k]]
            if a == b or articles[a] & articles[b]:
                continue
            if float(score[np.ix_(members[a], members[b])].mean()) < link_bar:
                continue
            if apart is not None and apart[np.ix_(members[a], members[b])].any():
                continue
            if len(members[a]) < len(members[b]):
                a, b = b, a
            for i in members[b]:
                cluster[i] = a
            members[a].extend(members.pop(b))
            articles[a] |= articles.pop(b)
    facts = [Fact(sorted(m)) for m in members.values()]
    # a sentence and a member of a fact that are each other's best match in their articles: the
    # sentence supports that fact too (one sentence can report two facts another article tells apart)
    for fact in facts:
        if n == 0 or not extras:
            break
        link = best[fact.members] & best[:, fact.members].T
        near = link & (score[fact.members] >= join)
        for i in np.nonzero(near.any(axis=0))[0]:
            if cluster[int(i)] != cluster[fact.members[0]] and (apart is None or not apart[int(i), fact.members].any()):
                fact.extra.append(int(i))
    for fact in facts:
        _choose_central(fact, score)
    return facts


def _position(sentences: list[Sentence], fact: Fact, length: dict[str, int]) -> float:
    return min(max(sentences[i].order, 0) / max(1, length[sentences[i].article]) for i in fact.members + fact.extra)


def _strengths(support_idx: list[int], score: np.ndarray | None, sources: list[str]) -> list[float | None]:
    """Per support of a fact, its best link probability to a unit of another independent source of the
    fact (``sources``, one per support; None when there is none or no scores); one matrix per fact, not a scan per
    support."""
    if score is None:
        return [None] * len(support_idx)
    keys: dict[str, int] = {}
    codes = np.array([keys.setdefault(key, len(keys)) for key in sources])
    block = score[np.ix_(support_idx, support_idx)]
    other = codes[:, None] != codes[None, :]
    best = np.where(other, block, -np.inf).max(axis=1)
    return [round(float(b), 3) if np.isfinite(b) else None for b in best]


def facts_section(sentences: list[Sentence], facts: list[Fact], context, score: np.ndarray | None = None) -> list[dict[str, Any]]:
    """The ``facts`` list of the brief, most widely reported first, then in story order; with
    ``score`` (link probabilities) each support of a corroborated fact carries its ``strength``. A
    fact's ``text`` is its central clause as it reads alone (:func:`~.sentences.readable_texts`); where that is more than
    the clause, a fact of two or more sources carries the clause as ``matched``."""
    readable = readable_texts(sentences)
    length: dict[str, int] = {}
    for s in sentences:
        length[s.article] = length.get(s.article, 0) + (not s.title)  # the article's text; its headline at 0
    outlets = context.outlets(s.article for s in sentences)  # the story's outlets, that relayed reports may name
    copies = copied_sources(sentences, context.source_key) if any(s.title for s in sentences) else {}
    rows = []
    for fact in facts:
        support_idx = sorted(fact.members + fact.extra, key=lambda i: (context.article_rank[sentences[i].article], sentences[i].order))
        shared, relayed, keys = _sources(support_idx, sentences, context, outlets, score, copies)
        if len(set(keys)) < 2 and any(sentences[i].title for i in support_idx):
            # a headline supports a fact only where it corroborates (a copy's or a relay's does not): the rest stands
            support_idx = [i for i in support_idx if not sentences[i].title]
            if not support_idx:
                continue
            shared, relayed, keys = _sources(support_idx, sentences, context, outlets, score, copies)
            if sentences[fact.central].title:
                fact.central = support_idx[0]
        arts = [sentences[i].article for i in support_idx]
        independent = len(set(keys))
        central = sentences[fact.central]
        strengths = _strengths(support_idx, score, keys)
        status = "single_source" if independent < 2 else "related" if fact.related else "corroborated"
        rows.append({
            "text": readable[central.index],
            "status": status,
            # the clause the outlets were matched on, where the text shown is more of its sentence ("X announced
            # Tuesday" matched, "X announced Tuesday that ..." shown): what reads as corroborated is only this
            **({"matched": central.text.strip()} if status != "single_source" and readable[central.index] != central.text else {}),
            "support": [{"article": sentences[i].article, "start": sentences[i].raw_start, "end": sentences[i].raw_end,
                         "strength": strength, **({"relays": _relay_label(relayed[i])} if i in relayed else {})}
                        for i, strength in zip(support_idx, strengths)],
            "outlets": context.outlets(arts),
            "independent_outlets": independent,
            **({"shared_wording": shared} if shared else {}),
            **({"relayed": [list(p) for p in sorted({(context.outlet(sentences[i].article), _relay_label(r)) for i, r in relayed.items()})]}
               if relayed else {}),
            "_position": _position(sentences, fact, length),
            "_sentences": support_idx,
            "_members": list(fact.members),
            "_central": fact.central,
        })
    rows = fold_repeated_text(rows, sentences)
    rows = drop_shown_twice(rows, sentences)
    mark_quoted(rows, sentences)
    rows.sort(key=lambda r: (-r["independent_outlets"], r["_position"]))
    for k, row in enumerate(rows, 1):
        row["id"] = f"F{k}"
    return rows


def _sources(support_idx: list[int], sentences: list[Sentence], context, outlets: list[str],
             score: np.ndarray | None, copies: dict[str, str]) -> tuple[list[list[str]], dict[int, str], list[str]]:
    """Of a fact's supports: the groups of outlets telling it in the same words (:func:`~.copied.shared_wording`),
    the supports that relay another outlet's report (:func:`relays`), and the source each support stands for (a
    headline's: its group of ``copies``, :func:`~.copied.copied_sources`)."""
    shared = shared_wording(support_idx, sentences, context.source_key)
    one_report = {outlet: group[0] for group in shared for outlet in group}
    relayed = relays(support_idx, sentences, context, outlets, score)

    raw = [relayed[i] if i in relayed else context.source_key(sentences[i].article) for i in support_idx]
    keys = [one_report.get(k, k) for k in raw]
    # a headline of a copy group makes the group's supports of the fact one report (whatever the outlets' names)
    for group in {copies[k] for i, k in zip(support_idx, raw) if sentences[i].title and k in copies}:
        members = [m for m, k in enumerate(raw) if copies.get(k) == group]
        for m in members:
            keys[m] = keys[members[0]]
    return shared, relayed, same_sources(keys)


def relays(support_idx: list[int], sentences: list[Sentence], context, outlets: list[str],
           score: np.ndarray | None = None) -> dict[int, str]:
    """The supports of the articles whose every support of the fact credits its report to another news organisation
    (:mod:`.relays`): the outlet of the story it stands for, or ``relay:<name>`` for an outlet outside the story. An
    article with one sentence of its own among them is its own source (a neighbouring sentence crediting CNN does
    not make the article's report CNN's); ``outlets``: the story's outlets. A headline credits no one; it tells its
    article's report: an article whose only support is its headline relays as the unit of its text that links best
    to the fact's other articles (with ``score``, at :data:`RELATE` at least) does, else as its lead does."""
    by_article: dict[str, list[str | None]] = {}
    for i in support_idx:
        s = sentences[i]
        if not s.title:
            by_article.setdefault(s.article, []).append(unit_credit(s, context.outlet(s.article), outlets, earlier_clauses(sentences, i)))
    for i in support_idx:
        s = sentences[i]
        if s.title and s.article not in by_article:
            others = [j for j in support_idx if sentences[j].article != s.article]
            own = [k for k, u in enumerate(sentences) if u.article == s.article and not u.title]
            if score is not None and others and own and float(score[np.ix_(own, others)].max()) >= RELATE:
                own = [max(own, key=lambda k: float(score[k, others].max()))]
            else:  # its lead: where a report names whose it is
                own = [k for k in own if sentences[k].sentence_order == 0]
            by_article[s.article] = [unit_credit(sentences[k], context.outlet(s.article), outlets, earlier_clauses(sentences, k))
                                     for k in own[:1]]
    relayed = {a: got[0] for a, got in by_article.items() if got and all(g is not None for g in got)}
    return {i: relayed[sentences[i].article] for i in support_idx if sentences[i].article in relayed}


def _relay_label(key: str) -> str:
    return key.removeprefix("relay:")


def fact_of_sentence(rows: list[dict[str, Any]]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for row in rows:
        for i in row["_sentences"]:
            out.setdefault(i, []).append(row["id"])
    return out

