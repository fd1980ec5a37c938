"""Which fact rows a brief shows: rows that would show one sentence twice are folded or left out (see each function).
Rows are :func:`~.facts.facts_section`'s, with their private ``_central``, ``_sentences``, ``_members`` and ``_position``.
"""
from __future__ import annotations

import re
from typing import Any

from .sentences import Sentence
from .speaker_names import surname


def fold_repeated_text(rows: list[dict[str, Any]], sentences: list[Sentence]) -> list[dict[str, Any]]:
    """Facts of one status and one sentence that read as one, folded into the longer, supports joined, when its
    articles hold the other's: a single-source fact whose text, as shown, lies inside another's (a clause, and the
    clause after it shown with it as the whole sentence), and a corroborated or related fact shown exactly as another
    (a reporting clause and what it reports, each matched in another outlet and each shown as the whole sentence)."""
    by_sentence: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    for row in rows:
        central = sentences[row["_central"]]
        by_sentence.setdefault((row["status"], central.article, central.sentence_order), []).append(row)
    folded: set[int] = set()
    for group in by_sentence.values():
        group.sort(key=lambda r: -len(r["text"]))
        for k, short in enumerate(group):
            articles = {x["article"] for x in short["support"]}
            # only into a fact the same articles support: the outlets, and what they share, stay the fact's own
            alone = short["status"] == "single_source"  # across outlets, only a fact shown twice alike is folded
            into = next((long for long in group[:k] if id(long) not in folded
                         and (short["text"] in long["text"] if alone else short["text"] == long["text"])
                         and articles <= {x["article"] for x in long["support"]}), None)
            if into is None:
                continue
            folded.add(id(short))
            known = {(x["article"], x["start"], x["end"]) for x in into["support"]}
            rank = {a: n for n, a in enumerate(dict.fromkeys(x["article"] for x in into["support"] + short["support"]))}
            into["support"] += [x for x in short["support"] if (x["article"], x["start"], x["end"]) not in known]
            into["support"].sort(key=lambda x: (rank[x["article"]], x["start"]))
            into["_sentences"] = sorted(set(into["_sentences"]) | set(short["_sentences"]))
            into["_members"] = sorted(set(into["_members"]) | set(short["_members"]))
            into["_position"] = min(into["_position"], short["_position"])
    return [row for row in rows if id(row) not in folded]


def drop_shown_twice(rows: list[dict[str, Any]], sentences: list[Sentence]) -> list[dict[str, Any]]:
    """A single-source fact shown as exactly the text of a corroborated fact from the same sentence, which names the
    clause it was matched on (``matched``), is left out: that fact already shows the sentence and what of it other
    outlets tell; listing it again as "only in one outlet" contradicts it. Beside a possibly related fact it stays.
    A possibly related fact shown exactly as a corroborated one from the same sentence, with no outlet that one
    lacks, is left out too: the sentence would be listed twice, as corroborated and as possibly the same claim."""
    def where(row: dict[str, Any]) -> tuple[str, int, str]:
        central = sentences[row["_central"]]
        return central.article, central.sentence_order, row["text"]

    shown = {where(row) for row in rows if row["status"] == "corroborated" and row.get("matched")}
    outlets: dict[tuple[str, int, str], set[str]] = {}
    for row in rows:
        if row["status"] == "corroborated":
            outlets.setdefault(where(row), set()).update(row["outlets"])

    def kept(row: dict[str, Any]) -> bool:
        if row["status"] == "single_source":
            return where(row) not in shown
        if row["status"] == "related" and row["text"].strip() and sentences[row["_central"]].sentence_order >= 0:
            return not set(row["outlets"]) <= outlets.get(where(row), set())
        return True

    return [row for row in rows if kept(row)]


QUOTE_EDGE = 3  # characters a unit may reach past its quotation (the marks, a comma) and still lie inside it


def mark_quoted(rows: list[dict[str, Any]], sentences: list[Sentence]) -> None:
    """Give ``quoting`` (the speaker's name) to each fact whose central unit lies inside one direct quotation with a
    named speaker the text shown does not name ("That's the danger." is a sentence of Mr. Shapiro's quote, not a
    claim of the outlet's)."""
    for row in rows:
        unit = sentences[row["_central"]]
        for quote in unit.quotes:
            name = ((quote.get("speaker") or {}).get("name") or "").strip()
            if quote.get("kind") != "direct" or not any(w[:1].isupper() for w in name.split()):
                continue
            if quote["start"] - QUOTE_EDGE <= unit.raw_start and unit.raw_end <= quote["end"] + QUOTE_EDGE:
                last = surname(name)
                if not last or not re.search(rf"\b{re.escape(last)}\b", row["text"]):
                    row["quoting"] = name
                break
