"""The brief measured against annotated triplets (BASIL format: ``articles.jsonl``, ``labels.csv``,
``raw/``, ``brief_gold/``), following the scoring rules of ``brief_gold/README.md`` exactly.

Each annotated triplet (three articles of one ``labels.csv`` story, one per outlet: the New York
Times ``N``, Fox News ``F``, HuffPost ``H``) is briefed as one story, all annotated triplets
analysed together. Gold sentence ``N5`` is sentence 5 of the article's ``raw/<id>.json``
``body-paragraphs`` counted from 0 across paragraphs; its span in ``text`` follows from the layout
(sentences joined by a space, paragraphs by a blank line, empty sentences dropped).

- A support span *covers* a sentence when their overlap is at least 30% of the sentence or of the span.
- **Corroborated-fact precision**: over corroborated facts covering sentences of two or more outlets,
  the share where every such outlet has a covered sentence sharing a gold fact group with a covered
  sentence of another outlet.
- **Sentence pairs**: gold pairs are pairs of sentences of different outlets within one gold fact
  group; predicted pairs those within one corroborated fact's covered sentences.
- **Conflicts**: a shown conflict (two or more sides covering sentences) is real when two of its sides
  cover sentences of two different sides of one gold conflict; recall counts gold conflicts hit.
- **Named speakers**: gold quotes whose speaker has two or more capitalised words; right when a quote
  of the article overlapping the sentence names a speaker with a word within 0.8 similarity of the
  gold last name.
- **Baseline**: TF-IDF cosine over each triplet's sentences (words of 4+ letters,
  ``count * log(1 + n / df)``, L2-normalised) at several thresholds, on the same pairs.
"""
from __future__ import annotations

import csv
import json
import math
import re
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable

from .data import require

COVER = 0.3
BASELINE_THRESHOLDS = (0.1, 0.12, 0.15, 0.2)
OUTLET_LETTER = {"nytimes.com": "N", "foxnews.com": "F", "huffingtonpost.com": "H"}
_WORD4 = re.compile(r"[A-Za-z]{4,}")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*")

Span = tuple[int, int]


def sentence_spans(paragraphs: list[list[str]]) -> dict[int, Span]:
    """Sentence number -> span in ``text`` for a raw article's ``body-paragraphs``."""
    spans: dict[int, Span] = {}
    at, k, first_paragraph = 0, 0, True
    for paragraph in paragraphs:
        kept = [(k + j, s.strip()) for j, s in enumerate(paragraph) if s.strip()]
        k += len(paragraph)
        if not kept:
            continue
        if not first_paragraph:
            at += 2
        first_paragraph = False
        for j, (number, text) in enumerate(kept):
            if j:
                at += 1
            spans[number] = (at, at + len(text))
            at += len(text)
    return spans


def covers(span: Span, sentence: Span) -> bool:
    overlap = min(span[1], sentence[1]) - max(span[0], sentence[0])
    if overlap <= 0:
        return False
    return overlap >= COVER * (sentence[1] - sentence[0]) or overlap >= COVER * max(1, span[1] - span[0])


class Triplet:
    """One annotated triplet: its articles, their sentence spans, and the gold annotations."""

    def __init__(self, uuid: str, articles: dict[str, Any], spans: dict[str, dict[int, Span]], gold: dict[str, Any]) -> None:
        self.uuid = uuid
        self.articles = articles  # letter -> Article
        self.letter_of = {a.id: letter for letter, a in articles.items()}
        self.spans = spans  # letter -> sentence number -> span
        self.gold = gold

    def covered(self, supports: Iterable[dict[str, Any]]) -> set[str]:
        """Gold sentence ids (``N5``) covered by brief spans ``{"article", "start", "end"}``."""
        out = set()
        for sp in supports:
            letter = self.letter_of.get(sp.get("article"))
            if letter is None or sp.get("start") is None:
                continue
            span = (int(sp["start"]), int(sp["end"]))
            out.update(f"{letter}{k}" for k, sentence in self.spans[letter].items() if covers(span, sentence))
        return out

    def gold_pairs(self) -> set[frozenset]:
        pairs = set()
        for fact in self.gold.get("facts", []):
            for a, b in combinations(sorted(set(fact["sentences"])), 2):
                if a[0] != b[0]:
                    pairs.add(frozenset((a, b)))
        return pairs

    def sentence_text(self, sid: str) -> str:
        """The gold sentence as the record's ``text`` holds it: the spans index the raw input (the
        record's text), not the cleaned ``Article.text``, which may drop characters before it."""
        start, end = self.spans[sid[0]][int(sid[1:])]
        return self.articles[sid[0]].raw[start:end]


def _pairs_of(sentences: set[str]) -> set[frozenset]:
    return {frozenset((a, b)) for a, b in combinations(sorted(sentences), 2) if a[0] != b[0]}


def _prf(correct: int, predicted: int, gold: int) -> dict[str, float]:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "correct": correct, "predicted": predicted, "gold": gold}


def score_facts(triplet: Triplet, facts: list[dict[str, Any]]) -> dict[str, Any]:
    """Corroborated facts judged against gold fact groups, and the predicted sentence pairs."""
    groups_of: dict[str, set[int]] = defaultdict(set)
    for g, fact in enumerate(triplet.gold.get("facts", [])):
        for sid in fact["sentences"]:
            groups_of[sid].add(g)
    judged, right, predicted = 0, 0, set()
    wrong_examples = []
    for fact in facts:
        if fact.get("status") != "corroborated":
            continue
        covered = triplet.covered(fact.get("support", []))
        outlets = {sid[0] for sid in covered}
        if len(outlets) < 2:
            continue
        judged += 1
        predicted |= _pairs_of(covered)
        ok = all(any(groups_of[a] & groups_of[b] for a in covered if a[0] == outlet for b in covered if b[0] != outlet)
                 for outlet in outlets)
        right += ok
        if not ok:
            wrong_examples.append({"triplet": triplet.uuid, "fact": fact.get("text", "")[:160], "sentences": sorted(covered)})
    return {"judged": judged, "right": right, "predicted_pairs": predicted, "wrong": wrong_examples}


def score_conflicts(triplet: Triplet, conflicts: list[dict[str, Any]]) -> dict[str, Any]:
    gold = [[set(side["sentences"]) for side in c.get("sides", [])] for c in triplet.gold.get("conflicts", [])]
    shown = real = 0
    hit: set[int] = set()
    examples = []
    for conflict in conflicts:
        sides = [triplet.covered([side]) for side in conflict.get("sides", [])]
        sides = [s for s in sides if s]
        if len(sides) < 2:
            continue
        shown += 1
        found = False
        for g, gold_sides in enumerate(gold):
            for x, y in combinations(range(len(sides)), 2):
                if any(sides[x] & gold_sides[p] and sides[y] & gold_sides[q]
                       for p in range(len(gold_sides)) for q in range(len(gold_sides)) if p != q):
                    hit.add(g)
                    found = True
        real += found
        if not found:
            examples.append({"triplet": triplet.uuid, "topic": conflict.get("topic", "")[:120], "sides": [sorted(s) for s in sides]})
    return {"shown": shown, "real": real, "gold": len(gold), "hit": len(hit), "wrong": examples}


def _named(speaker: str) -> bool:
    return len(_CAPITALISED.findall(speaker or "")) >= 2


def _same_word(a: str, b: str) -> bool:
    from rapidfuzz.fuzz import ratio

    return ratio(a.lower(), b.lower()) >= 80.0


def score_speakers(triplet: Triplet, quotes_by_article: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    gold_n = right = 0
    misses = []
    for q in triplet.gold.get("quotes", []):
        if not _named(q.get("speaker", "")):
            continue
        gold_n += 1
        sid = q["sentence"]
        article = triplet.articles[sid[0]]
        start, end = triplet.spans[sid[0]][int(sid[1:])]
        last = re.findall(r"[\w'’-]+", q["speaker"])[-1]
        names = [((found.get("speaker") or {}).get("name") or "") for found in quotes_by_article.get(article.id, [])
                 if found.get("start") is not None and found["start"] < end and start < found["end"]]
        ok = any(_same_word(word, last) for name in names for word in re.findall(r"[\w'’-]+", name))
        right += ok
        if not ok:
            misses.append({"triplet": triplet.uuid, "sentence": sid, "gold": q["speaker"], "found": sorted(set(n for n in names if n))})
    return {"gold": gold_n, "right": right, "wrong": misses}


def _tfidf_vectors(texts: list[str]) -> list[dict[str, float]]:
    bags = [Counter(w.lower() for w in _WORD4.findall(t)) for t in texts]
    df = Counter(w for bag in bags for w in bag)
    n = len(texts)
    out = []
    for bag in bags:
        vec = {w: c * math.log(1 + n / df[w]) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out.append({w: v / norm for w, v in vec.items()})
    return out


def baseline_pairs(triplet: Triplet, threshold: float) -> set[frozenset]:
    """Sentence pairs of different outlets whose TF-IDF cosine reaches ``threshold``."""
    ids = [f"{letter}{k}" for letter in sorted(triplet.spans) for k in sorted(triplet.spans[letter])]
    vectors = _tfidf_vectors([triplet.sentence_text(sid) for sid in ids])
    pairs = set()
    for i, j in combinations(range(len(ids)), 2):
        if ids[i][0] == ids[j][0]:
            continue
        a, b = vectors[i], vectors[j]
        if len(a) > len(b):
            a, b = b, a
        if sum(v * b.get(w, 0.0) for w, v in a.items()) >= threshold:
            pairs.add(frozenset((ids[i], ids[j])))
    return pairs


HALVES = ("even", "odd")


def in_half(position: int, half: str | None) -> bool:
    """Whether the triplet at ``position`` (0-based, sorted uuid order) is in ``half``: ``even`` holds
    positions 0, 2, 4 ..., ``odd`` 1, 3, 5 ... (the halves of ``benchmarks/train_link_model.py
    --halves``); ``None`` holds all."""
    if half is None:
        return True
    if half not in HALVES:
        raise ValueError(f"half must be one of {HALVES}, not {half!r}")
    return position % 2 == HALVES.index(half)


def load_triplets(folder: Path, limit: int | None = None, half: str | None = None) -> list[Triplet]:
    """The annotated triplets of ``folder`` in sorted uuid order: the first ``limit``, then those of
    ``half`` (:func:`in_half`)."""
    from ..pipeline import extract_paths

    arts_path, labels_path, raw_dir, gold_dir = require(folder, "articles.jsonl", "labels.csv", "raw", "brief_gold",
                                                       kind="a BASIL-format")
    gold_files = sorted(gold_dir.glob("*.json"))[:limit] if limit else sorted(gold_dir.glob("*.json"))
    gold_files = [p for k, p in enumerate(gold_files) if in_half(k, half)]
    golds = {json.loads(p.read_text(encoding="utf-8"))["triplet"]: json.loads(p.read_text(encoding="utf-8")) for p in gold_files}
    with labels_path.open(encoding="utf-8", newline="") as fh:
        story_of = {row["id"]: row["story"] for row in csv.DictReader(fh)}
    articles = [a for a in extract_paths([arts_path]).articles if story_of.get(a.id) in golds]
    by_triplet: dict[str, dict[str, Any]] = defaultdict(dict)
    for a in articles:
        by_triplet[story_of[a.id]][OUTLET_LETTER[a.outlet]] = a
    out = []
    for uuid in sorted(golds):
        members = by_triplet[uuid]
        spans = {letter: sentence_spans(json.loads((raw_dir / f"{a.id}.json").read_text(encoding="utf-8"))["body-paragraphs"])
                 for letter, a in members.items()}
        out.append(Triplet(uuid, members, spans, golds[uuid]))
    return out


def evaluate_brief(folder: Path, limit: int | None = None, half: str | None = None) -> dict[str, Any]:
    """The report (see the module docstring); ``limit``: the first N annotated triplets; ``half``:
    ``even`` or ``odd``, every other one of them (:func:`in_half`), to choose a setting on one half
    and report it on the other."""
    from ..analysis import link_parses, parse_articles
    from ..brief import build_brief

    t0 = time.perf_counter()
    triplets = load_triplets(folder, limit, half)
    articles = [a for t in triplets for a in t.articles.values()]
    parses = parse_articles(articles)
    # each triplet analysed on its own, as a run analyses each story
    analyses = {t.uuid: link_parses(list(t.articles.values()), parses) for t in triplets}
    t1 = time.perf_counter()
    judged = right = 0
    predicted: set = set()
    gold_pairs: set = set()
    conflicts = Counter()
    speakers = Counter()
    base = {t: set() for t in BASELINE_THRESHOLDS}
    wrong_facts, wrong_conflicts, wrong_speakers = [], [], []
    for triplet in triplets:
        members = list(triplet.articles.values())
        analysis = analyses[triplet.uuid]
        brief = build_brief({"id": triplet.uuid, "articles": [a.id for a in members]}, members, analysis)
        facts = score_facts(triplet, brief["facts"])
        judged += facts["judged"]
        right += facts["right"]
        wrong_facts += facts["wrong"]
        predicted |= {(triplet.uuid, p) for p in facts["predicted_pairs"]}
        gold_pairs |= {(triplet.uuid, p) for p in triplet.gold_pairs()}
        found = score_conflicts(triplet, brief["conflicts"])
        conflicts.update({k: found[k] for k in ("shown", "real", "gold", "hit")})
        wrong_conflicts += found["wrong"]
        said = score_speakers(triplet, {a.id: analysis.articles.get(a.id, {}).get("quotes", []) for a in members})
        speakers.update({k: said[k] for k in ("gold", "right")})
        wrong_speakers += said["wrong"]
        for threshold in BASELINE_THRESHOLDS:
            base[threshold] |= {(triplet.uuid, p) for p in baseline_pairs(triplet, threshold)}
    elapsed = time.perf_counter() - t0
    return {
        "half": half,
        "triplets": len(triplets),
        "articles": len(articles),
        "corroborated_facts": {"judged": judged, "right": right, "precision": right / judged if judged else 0.0},
        "sentence_pairs": _prf(len(predicted & gold_pairs), len(predicted), len(gold_pairs)),
        "conflicts": {**dict(conflicts), "precision": conflicts["real"] / conflicts["shown"] if conflicts["shown"] else 0.0,
                      "recall": conflicts["hit"] / conflicts["gold"] if conflicts["gold"] else 0.0},
        "named_speakers": {**dict(speakers), "accuracy": speakers["right"] / speakers["gold"] if speakers["gold"] else 0.0},
        "baseline_tfidf": {str(t): _prf(len(pairs & gold_pairs), len(pairs), len(gold_pairs)) for t, pairs in base.items()},
        "seconds": {"analysis": t1 - t0, "total": elapsed},
        "errors": {"facts": wrong_facts, "conflicts": wrong_conflicts, "speakers": wrong_speakers},
    }


def format_report(report: dict[str, Any]) -> str:
    f, p, c, s = report["corroborated_facts"], report["sentence_pairs"], report["conflicts"], report["named_speakers"]
    lines = [
        f"brief against {report['triplets']} annotated triplets ({report['articles']} articles)"
        + (f", {report['half']} half" if report.get("half") else ""),
        f"  corroborated-fact precision  {f['precision']:.3f}  ({f['right']} of {f['judged']})",
        f"  sentence pairs               P {p['precision']:.3f}  R {p['recall']:.3f}  F1 {p['f1']:.3f}"
        f"  ({p['correct']} right of {p['predicted']} predicted, {p['gold']} gold)",
        f"  conflicts                    P {c['precision']:.3f}  R {c['recall']:.3f}"
        f"  ({c['real']} real of {c['shown']} shown; {c['hit']} of {c['gold']} gold found)",
        f"  named speakers               {s['accuracy']:.3f}  ({s['right']} of {s['gold']})",
        "  baseline, TF-IDF cosine on the same sentence pairs:",
    ]
    for threshold, b in report["baseline_tfidf"].items():
        lines.append(f"    >= {threshold:<5} P {b['precision']:.3f}  R {b['recall']:.3f}  F1 {b['f1']:.3f}  ({b['predicted']} predicted)")
    lines.append(f"  {report['seconds']['total']:.1f} s ({report['seconds']['analysis']:.1f} s reading and analysis)")
    return "\n".join(lines)
