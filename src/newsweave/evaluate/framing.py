"""Framing terms measured against BASIL's lexical-bias spans (``articles.jsonl``, ``labels.csv``, ``annotations.jsonl``).

Each event triplet (one article each from three outlets, ``labels.csv`` ``story``) gets the
framing section of its brief, with the whole folder as the prior's background. Gold: the
annotated spans with ``bias`` ``lex`` in the article ``text`` (spans in the ``title`` are counted
but cannot be found: framing reads the body). A gold span is *found* when a term occurrence the
section attributes to that article's outlet overlaps it (recall); a flagged occurrence is
*correct* when it overlaps a lexical span (precision). The same for ``loaded_terms`` alone, and,
for scale, for flagging every content word (the base rate of lexical bias per word). Spans inside
quotations count in every recall (framing flags narration only, so it cannot find them); the recall
of the spans outside quotations is reported beside it.

``half`` keeps every other triplet in sorted uuid order (``even``: the 1st, 3rd ...; ``odd``: the
2nd, 4th ...), so that a threshold chosen on one half is measured on the other.
"""
from __future__ import annotations

import csv
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from .data import iter_jsonl, require

HALVES = ("even", "odd")


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _score(flagged: dict[str, list[tuple[int, int]]], gold: dict[str, list[tuple[int, int]]]) -> dict[str, Any]:
    gold_n = sum(len(v) for v in gold.values())
    found = sum(_overlaps(g, flagged.get(aid, [])) for aid, spans in gold.items() for g in spans)
    flag_n = sum(len(v) for v in flagged.values())
    correct = sum(_overlaps(f, gold.get(aid, [])) for aid, spans in flagged.items() for f in spans)
    recall = found / gold_n if gold_n else 0.0
    precision = correct / flag_n if flag_n else 0.0
    return {"gold_spans": gold_n, "found": found, "recall": recall, "flagged": flag_n, "correct": correct,
            "precision": precision, "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0}


def evaluate_framing(folder: Path, limit: int | None = None, config: Any = None, terms: dict | None = None,
                     half: str | None = None, sentences: dict | None = None) -> dict[str, Any]:
    """The report; ``config`` a :class:`~newsweave.brief.framing.FramingConfig`, ``terms`` parses already made,
    ``sentences`` story id -> :class:`~newsweave.brief.counterparts.SentenceIndex` already encoded (filled
    in here for the others), ``half`` one of :data:`HALVES` (see the module docstring)."""
    if half is not None and half not in HALVES:
        raise ValueError(f"half must be one of {HALVES}, not {half!r}")
    from ..brief.counterparts import sentence_index
    from ..brief.framing import article_terms, framing_section, outlet_of
    from ..pipeline import extract_paths

    arts_path, labels_path, ann_path = require(folder, "articles.jsonl", "labels.csv", "annotations.jsonl", kind="a BASIL-format")
    with labels_path.open(encoding="utf-8", newline="") as fh:
        story_of = {row["id"]: row["story"] for row in csv.DictReader(fh)}
    t0 = time.perf_counter()
    articles = [a for a in extract_paths([arts_path]).articles if a.id in story_of]
    by_story: dict[str, list] = defaultdict(list)
    for a in articles:
        by_story[story_of[a.id]].append(a)
    stories = sorted(by_story)[:limit] if limit else sorted(by_story)
    if half is not None:
        stories = [t for k, t in enumerate(stories) if k % 2 == HALVES.index(half)]
    terms = terms if terms is not None else article_terms(articles)
    t1 = time.perf_counter()

    gold: dict[str, list[tuple[int, int]]] = defaultdict(list)
    gold_quote: dict[str, list[tuple[int, int]]] = defaultdict(list)
    title_spans = 0
    in_scope = {a.id for s in stories for a in by_story[s]}
    for record in iter_jsonl(ann_path):
        if record["id"] not in in_scope:
            continue
        for span in record.get("spans", []):
            if span.get("bias") != "lex":
                continue
            if span.get("field") != "text":
                title_spans += 1
                continue
            gold[record["id"]].append((span["start"], span["end"]))
            if span.get("quote") == "yes":
                gold_quote[record["id"]].append((span["start"], span["end"]))

    flagged: dict[str, list[tuple[int, int]]] = defaultdict(list)
    loaded: dict[str, list[tuple[int, int]]] = defaultdict(list)
    with_brief = with_terms = loaded_terms = counterpart_words = 0
    for story in stories:
        members = by_story[story]
        if sentences is not None and story not in sentences:
            sentences[story] = sentence_index(members)
        section = framing_section(members, background=articles, terms=terms, config=config,
                                  sentences=sentences.get(story) if sentences is not None else None)
        if len(section["outlets"]) < 2:
            continue
        with_brief += 1
        with_terms += all(o["distinctive_terms"] for o in section["outlets"])
        for outlet in section["outlets"]:
            loaded_terms += len(outlet["loaded_terms"])
            counterpart_words += sum(any(c.get("words") for c in t.get("counterparts", [])) for t in outlet["loaded_terms"])
            for key, target in (("distinctive_terms", flagged), ("loaded_terms", loaded)):
                for term in outlet[key]:
                    for place in term["support"]:
                        target[place["article"]].append((place["start"], place["end"]))
    t2 = time.perf_counter()

    # scale: every content word of every article flagged
    every: dict[str, list[tuple[int, int]]] = defaultdict(list)
    by_id = {a.id: a for a in articles}
    for aid in in_scope:
        for occ in terms[aid].occurrences:
            if len(occ.key) == 1:
                every[aid].append(by_id[aid].raw_span(occ.start, occ.end))
    outside_quotes = {aid: [g for g in spans if g not in gold_quote.get(aid, [])] for aid, spans in gold.items()}
    return {
        "triplets": len(stories), "articles": len(in_scope), "triplets_with_brief": with_brief,
        "triplets_with_terms_for_every_outlet": with_terms,
        "outlets": sorted({outlet_of(by_id[a]) for a in in_scope}),
        "lexical_spans_in_text": sum(len(v) for v in gold.values()), "lexical_spans_in_title_not_scored": title_spans,
        "distinctive_terms": _score(flagged, gold),
        "loaded_terms": _score(loaded, gold),
        "distinctive_terms_outside_quotes_recall": _score(flagged, outside_quotes)["recall"],
        "loaded_terms_outside_quotes_recall": _score(loaded, outside_quotes)["recall"],
        "lexical_spans_outside_quotes": sum(len(v) for v in outside_quotes.values()),
        "loaded_terms_with_counterpart_word": counterpart_words / max(1, loaded_terms),
        "half": half,
        "every_content_word": _score(every, gold),
        "terms_per_outlet": sum(len(v) for v in flagged.values()) / max(1, 3 * with_brief),
        "seconds_parse": t1 - t0, "seconds_framing": t2 - t1,
    }


def format_report(report: dict[str, Any]) -> str:
    lines = [(f"half {report['half']}: " if report.get("half") else "") + f"triplets {report['triplets']} ({report['articles']} articles; outlets {', '.join(report['outlets'])}); "
             f"with a framing section {report['triplets_with_brief']}, terms for every outlet {report['triplets_with_terms_for_every_outlet']}",
             f"lexical-bias spans: {report['lexical_spans_in_text']} in article text scored, "
             f"{report['lexical_spans_in_title_not_scored']} in titles not scored"]
    for key, label in (("distinctive_terms", "distinctive terms"), ("loaded_terms", "loaded terms"),
                       ("every_content_word", "every content word (scale)")):
        s = report[key]
        lines.append(f"{label:28s} recall {s['recall']:.3f} ({s['found']}/{s['gold_spans']})  "
                     f"precision {s['precision']:.3f} ({s['correct']}/{s['flagged']} occurrences)  F1 {s['f1']:.3f}")
    lines.append(f"recall of the {report['lexical_spans_outside_quotes']} spans outside quotes: distinctive terms "
                 f"{report['distinctive_terms_outside_quotes_recall']:.3f}, loaded terms {report['loaded_terms_outside_quotes_recall']:.3f}; "
                 f"{report['terms_per_outlet']:.1f} flagged occurrences per outlet")
    lines.append(f"loaded terms with a counterpart word in another outlet: {report['loaded_terms_with_counterpart_word']:.0%}")
    lines.append(f"parse {report['seconds_parse']:.1f}s, framing {report['seconds_framing']:.1f}s")
    return "\n".join(lines)
