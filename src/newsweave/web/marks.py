"""Which parts of each article a brief rests on: corroborated, single-source and conflicting passages.

The brief's support spans index each article's raw input; the side-by-side view shows the cleaned
text, so spans are mapped back through the article's paragraphs.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any, Callable, Iterable

from ..record import Article

# A passage can back several statements; the strongest signal wins: a conflict, then corroboration.
KINDS = ("single", "corroborated", "conflict")
_RANK = {kind: i + 1 for i, kind in enumerate(KINDS)}


def text_offsets(article: Article) -> Callable[[int], int | None]:
    """Maps a raw-input offset to its offset in ``article.text`` (None outside every kept paragraph);
    the paragraph tables are built once, for all the offsets of one article."""
    paragraphs = article.paragraphs
    raw_starts = [p.start for p in paragraphs]
    text_starts = article.paragraph_starts()

    def offset(raw_offset: int) -> int | None:
        k = bisect_right(raw_starts, raw_offset) - 1
        if k < 0 or raw_offset > paragraphs[k].end:
            return None
        p = paragraphs[k]
        local = raw_offset - p.start
        if len(p.text) != p.end - p.start:  # HTML: paragraph text is shorter than its markup; scale like raw_span does
            local = round(local * len(p.text) / max(1, p.end - p.start))
        return text_starts[k] + min(local, len(p.text))

    return offset


def text_offset(article: Article, raw_offset: int) -> int | None:
    """The offset in ``article.text`` of one raw-input offset, or None when it is outside every kept paragraph."""
    return text_offsets(article)(raw_offset)


def brief_spans(brief: dict[str, Any]) -> dict[str, list[tuple[int, int, str]]]:
    """Article id -> raw spans ``(start, end, kind)`` the brief's facts and conflicts rest on."""
    spans: dict[str, list[tuple[int, int, str]]] = {}

    def add(items: Iterable[Any], kind: str) -> None:
        for item in items or []:
            if isinstance(item, dict) and isinstance(item.get("start"), int) and isinstance(item.get("end"), int):
                spans.setdefault(str(item.get("article")), []).append((item["start"], item["end"], kind))

    for fact in brief.get("facts") or []:
        if isinstance(fact, dict):
            add(fact.get("support"), "corroborated" if fact.get("status") == "corroborated" else "single")
    for conflict in brief.get("conflicts") or []:
        if isinstance(conflict, dict):
            add(conflict.get("sides"), "conflict")
    return spans


def marked_paragraphs(article: Article, spans: list[tuple[int, int, str]]) -> list[list[tuple[str, str | None]]]:
    """The article's cleaned paragraphs, each as runs of ``(text, kind or None)``."""
    text = article.text
    rank = [0] * len(text)
    to_text = text_offsets(article)
    for start, end, kind in spans:
        a, b = to_text(start), to_text(end)
        if a is None or b is None:
            continue
        for i in range(a, min(b, len(text))):
            rank[i] = max(rank[i], _RANK[kind])
    out = []
    for p, begin in zip(article.paragraphs, article.paragraph_starts()):
        runs: list[tuple[str, str | None]] = []
        i, end = begin, begin + len(p.text)
        while i < end:
            j = i
            while j < end and rank[j] == rank[i]:
                j += 1
            runs.append((text[i:j], KINDS[rank[i] - 1] if rank[i] else None))
            i = j
        out.append(runs)
    return out
