"""Corroborated facts measured on ECB+ sentence pairs (``articles.jsonl``, ``labels.csv``, ``mentions.jsonl``).

Briefs are built per gold story (``labels.csv`` ``story``), all of its articles as one story, from
one analysis of every article read (so entities link across them); the gold is read only for
scoring. Sentences are the lines of an article's ``text`` (its raw input); line ``k`` is XML
sentence ``sentence_ids[k]``, the number ``annotated_sentences`` and the mentions refer to.

- **Judged sentences**: annotated sentences holding an event mention with a chain.
- **Gold pairs**: two judged sentences of two articles of one gold story that share an event chain
  and a participant chain (an entity chain whose tag is ``HUMAN*``, ``LOC*`` or ``NON_HUMAN*``).
- **Predicted pairs**: two judged sentences of two articles that the supports of one corroborated
  fact both cover. A support span covers a sentence when the overlap is at least 30% of the
  sentence or at least 30% of the span (the rule of ``basil/brief_gold``).

Pairs are unordered; precision and recall are over the union across stories. Beside it, a TF-IDF
baseline: cosine of the sentences of each story (words of 4+ letters, ``count * log(1 +
n_sentences / df)``, L2-normalised), pairs of different articles above each threshold, judged the
same way.
"""
from __future__ import annotations

import math
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable, Mapping

from .data import iter_jsonl, require

COVER = 0.3
THRESHOLDS = (0.1, 0.2, 0.3)
PARTICIPANT_TAGS = ("HUMAN", "LOC", "NON_HUMAN")  # HUMAN_PART*, LOC_*, NON_HUMAN_PART*; TIME_* is not a participant

Sentence = tuple[str, int]  # (article id, XML sentence number)
Pair = tuple[Sentence, Sentence]  # sorted, so each unordered pair has one form


# ---------------------------------------------------------------- sentences and coverage

def line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line of ``text`` (without its newline)."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def covers(span: tuple[int, int], sentence: tuple[int, int], share: float = COVER) -> bool:
    """Whether ``span`` covers ``sentence``: overlap >= ``share`` of the sentence or of the span."""
    overlap = min(span[1], sentence[1]) - max(span[0], sentence[0])
    if overlap <= 0:
        return False
    return overlap >= share * (sentence[1] - sentence[0]) or overlap >= share * (span[1] - span[0])


def covered_lines(span: tuple[int, int], lines: list[tuple[int, int]]) -> list[int]:
    """Indices of the lines ``span`` covers."""
    return [k for k, line in enumerate(lines) if line[1] > line[0] and covers(span, line)]


def make_pair(a: Sentence, b: Sentence) -> Pair:
    return (a, b) if a <= b else (b, a)


def cross_pairs(sentences: Iterable[Sentence]) -> set[Pair]:
    """Every unordered pair of the sentences that lie in two different articles."""
    items = sorted(set(sentences))
    return {(a, b) for i, a in enumerate(items) for b in items[i + 1:] if a[0] != b[0]}


# ---------------------------------------------------------------- gold

def is_participant(tag: str) -> bool:
    return tag.startswith(PARTICIPANT_TAGS)


def sentence_chains(record: Mapping[str, Any]) -> dict[int, tuple[set[str], set[str]]]:
    """Judged sentences of one ``mentions.jsonl`` record: sentence -> (event chains, participant chains).

    A judged sentence is annotated and holds an event mention with a chain."""
    annotated = set(record.get("annotated_sentences") or [])
    events, participants = defaultdict(set), defaultdict(set)
    for m in record.get("events") or []:
        if m.get("chain") and m.get("sentence") in annotated:
            events[m["sentence"]].add(m["chain"])
    for m in record.get("entities") or []:
        if m.get("chain") and m.get("sentence") in events and is_participant(m.get("type") or ""):
            participants[m["sentence"]].add(m["chain"])
    return {s: (chains, participants[s]) for s, chains in events.items()}


def gold_pairs(chains: Mapping[str, Mapping[int, tuple[set[str], set[str]]]]) -> set[Pair]:
    """Gold pairs of one story, given :func:`sentence_chains` per article."""
    items = sorted((aid, s, ev, part) for aid, sents in chains.items() for s, (ev, part) in sents.items())
    pairs = set()
    for i, (a, s, ev, part) in enumerate(items):
        if not part:
            continue
        for b, t, ev2, part2 in items[i + 1:]:
            if a != b and ev & ev2 and part & part2:
                pairs.add(make_pair((a, s), (b, t)))
    return pairs


def judged(chains: Mapping[str, Mapping[int, Any]]) -> set[Sentence]:
    return {(aid, s) for aid, sents in chains.items() for s in sents}


# ---------------------------------------------------------------- predictions

def fact_sentences(fact: Mapping[str, Any], lines: Mapping[str, list[tuple[int, int]]],
                   sentence_ids: Mapping[str, list[int]]) -> set[Sentence]:
    """The sentences a fact's support spans cover (articles without lines are ignored)."""
    out = set()
    for s in fact.get("support") or []:
        aid = s.get("article")
        if aid not in lines:
            continue
        for k in covered_lines((s["start"], s["end"]), lines[aid]):
            out.add((aid, sentence_ids[aid][k]))
    return out


def predicted_pairs(facts: Iterable[Mapping[str, Any]], lines: Mapping[str, list[tuple[int, int]]],
                    sentence_ids: Mapping[str, list[int]], keep: set[Sentence]) -> set[Pair]:
    """Pairs of judged sentences (``keep``) of two articles covered by one corroborated fact."""
    pairs = set()
    for fact in facts:
        if fact.get("status") == "corroborated":
            pairs |= cross_pairs(s for s in fact_sentences(fact, lines, sentence_ids) if s in keep)
    return pairs


WORD = re.compile(r"[^\W\d_]{4,}")


def tfidf_pairs(sentences: Mapping[Sentence, str], keep: set[Sentence], thresholds=THRESHOLDS) -> dict[float, set[Pair]]:
    """TF-IDF cosine pairs of one story: every sentence counts for the idf, pairs of judged sentences
    (``keep``) of two articles whose cosine is above each threshold."""
    bags = {key: Counter(w.lower() for w in WORD.findall(text)) for key, text in sentences.items()}
    df = Counter(w for bag in bags.values() for w in bag)
    n = len(bags)
    vectors = {}
    for key in keep:
        bag = bags.get(key) or Counter()
        vec = {w: c * math.log(1 + n / df[w]) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        vectors[key] = {w: v / norm for w, v in vec.items()} if norm else {}
    out = {t: set() for t in thresholds}
    items = sorted(vectors)
    for i, a in enumerate(items):
        va = vectors[a]
        if not va:
            continue
        for b in items[i + 1:]:
            if a[0] == b[0]:
                continue
            vb = vectors[b]
            small, large = (va, vb) if len(va) <= len(vb) else (vb, va)
            cos = sum(v * large.get(w, 0.0) for w, v in small.items())
            for t in thresholds:
                if cos > t:
                    out[t].add((a, b))
    return out


def pair_scores(gold: set[Pair], pred: set[Pair]) -> dict[str, Any]:
    """Precision, recall and F1 over pairs (precision 1.0 when nothing is predicted, recall 1.0 when no gold)."""
    correct = len(gold & pred)
    p = correct / len(pred) if pred else 1.0
    r = correct / len(gold) if gold else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "gold_pairs": len(gold), "predicted_pairs": len(pred), "correct_pairs": correct}


# ---------------------------------------------------------------- the run

def _stories(labels: Path, order: list[str]) -> dict[str, list[str]]:
    from .clustering import read_labels

    story_of = read_labels(labels)
    stories: dict[str, list[str]] = {}
    for aid in order:
        if aid in story_of:
            stories.setdefault(story_of[aid], []).append(aid)
    return stories


def evaluate_corroboration(dir: Path, limit: int | None = None) -> dict[str, Any]:
    """Build one brief per gold story of ``dir`` and score its corroborated facts (see the module docstring);
    ``limit``: only the first N stories (in the order of ``articles.jsonl``)."""
    from ..analysis import link_parses, parse_articles
    from ..brief import build_brief
    from ..dedupe import mark_duplicates
    from ..pipeline import extract_paths

    folder = Path(dir)
    arts_path, labels_path, ment_path = require(folder, "articles.jsonl", "labels.csv", "mentions.jsonl",
                                                kind="an ECB+-format")
    t0 = time.perf_counter()
    records = {r["id"]: r for r in iter_jsonl(arts_path)}
    stories = _stories(labels_path, list(records))
    if limit is not None:
        stories = dict(list(stories.items())[:limit])
    wanted = {aid for ids in stories.values() for aid in ids}
    summary = extract_paths([arts_path])  # the whole file, so cleaning does not depend on --limit
    articles = mark_duplicates([a for a in summary.articles if a.id in wanted])
    for article in articles:  # ECB+ does not name its documents' outlets; the gold takes each for a source of its own
        article.outlet = article.outlet or article.id
    by_id = {a.id: a for a in articles}
    t1 = time.perf_counter()
    parses = parse_articles(articles)
    t2 = time.perf_counter()
    briefs = {}
    for sid, ids in stories.items():  # each story analysed on its own, as a run does
        story_articles = [by_id[a] for a in ids if a in by_id]
        analysis = link_parses(story_articles, parses)
        briefs[sid] = build_brief({"id": sid, "articles": [a.id for a in story_articles]}, story_articles, analysis)
    t3 = time.perf_counter()

    chains = {r["id"]: sentence_chains(r) for r in iter_jsonl(ment_path) if r["id"] in wanted}
    lines = {aid: line_spans(a.raw) for aid, a in by_id.items()}
    sentence_ids = {}
    mismatched = 0
    for aid, a in by_id.items():
        ids = records[aid].get("sentence_ids") or list(range(len(lines[aid])))
        if a.raw != records[aid].get("text") or len(ids) != len(lines[aid]):
            mismatched += 1  # raw is not the record's text: its lines cannot be mapped to sentences
            lines[aid] = []
        sentence_ids[aid] = ids
    gold, pred = set(), set()
    base = {t: set() for t in THRESHOLDS}
    candidates = 0  # every cross-article pair of judged sentences: the precision of predicting all of them is the base rate
    facts = corroborated = 0
    for sid, ids in stories.items():
        story_chains = {aid: chains.get(aid, {}) for aid in ids if aid in by_id}
        keep = judged(story_chains)
        candidates += len(cross_pairs(keep))
        gold |= gold_pairs(story_chains)
        brief_facts = briefs[sid]["facts"]
        facts += len(brief_facts)
        corroborated += sum(f.get("status") == "corroborated" for f in brief_facts)
        pred |= predicted_pairs(brief_facts, lines, sentence_ids, keep)
        texts = {(aid, sentence_ids[aid][k]): by_id[aid].raw[s:e]
                 for aid in story_chains for k, (s, e) in enumerate(lines[aid])}
        for t, pairs in tfidf_pairs(texts, keep).items():
            base[t] |= pairs
    t4 = time.perf_counter()
    judged_count = sum(len(c) for aid, c in chains.items() if aid in by_id)
    report = pair_scores(gold, pred)
    report.update({
        "folder": str(folder),
        "stories": len(stories),
        "articles": len(articles),
        "syndicated_copies": sum(1 for a in articles if a.extra.get("duplicate_of")),
        "judged_sentences": judged_count,
        "candidate_pairs": candidates,
        "base_rate": len(gold) / candidates if candidates else 0.0,
        "facts": facts,
        "corroborated_facts": corroborated,
        "predicted_sharing_event_chain": _sharing_event(pred, chains),
        "articles_not_mapped": mismatched,
        "baseline_tfidf": {str(t): pair_scores(gold, base[t]) for t in THRESHOLDS},
        "seconds_reading": round(t1 - t0, 2),
        "seconds_analysis": round(t2 - t1, 2),
        "seconds_briefs": round(t3 - t2, 2),
        "seconds_scoring": round(t4 - t3, 2),
        "seconds_total": round(t4 - t0, 2),
    })
    return report


def _sharing_event(pairs: set[Pair], chains: Mapping[str, Mapping[int, tuple[set[str], set[str]]]]) -> int:
    """How many of ``pairs`` share an event chain (whether or not they share a participant)."""
    return sum(1 for (a, s), (b, t) in pairs if chains[a][s][0] & chains[b][t][0])


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"folder: {report['folder']}  stories: {report['stories']}  articles: {report['articles']}  "
        f"(syndicated copies: {report['syndicated_copies']})  judged sentences: {report['judged_sentences']}",
        f"cross-article pairs of judged sentences: {report['candidate_pairs']}, gold among them {report['base_rate']:.3f} "
        "(the precision of predicting every pair)",
        f"facts {report['facts']} (corroborated {report['corroborated_facts']})",
        f"corroborated-fact sentence pairs  P {report['precision']:.3f}  R {report['recall']:.3f}  F1 {report['f1']:.3f}"
        f"   gold {report['gold_pairs']}  predicted {report['predicted_pairs']}  correct {report['correct_pairs']}"
        f"  (predicted sharing an event chain: {report['predicted_sharing_event_chain']})",
    ]
    for t, b in report["baseline_tfidf"].items():
        lines.append(f"baseline TF-IDF cosine > {t}:         P {b['precision']:.3f}  R {b['recall']:.3f}  F1 {b['f1']:.3f}"
                     f"   predicted {b['predicted_pairs']}  correct {b['correct_pairs']}")
    if report["articles_not_mapped"]:
        lines.append(f"warning: {report['articles_not_mapped']} articles whose raw input is not the record's text were not scored")
    lines.append(f"time: reading {report['seconds_reading']} s, analysis {report['seconds_analysis']} s, "
                 f"briefs {report['seconds_briefs']} s, scoring {report['seconds_scoring']} s, total {report['seconds_total']} s")
    return "\n".join(lines)
