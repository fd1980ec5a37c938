"""Which parts of each article a brief rests on: corroborated, single-source and conflicting passages.

The brief's support spans index each article's raw input; the side-by-side view shows the cleaned
text, so spans are mapped back through the article's paragraphs.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any, Callable, Iterable

from ..brief.html_parts import item_anchors
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


def brief_spans(brief: dict[str, Any]) -> dict[str, list[tuple[int, int, str, str]]]:
    """Article id -> raw spans ``(start, end, kind, anchor)`` the brief's facts and conflicts rest on; ``anchor`` names
    the fact or conflict on the story page (:func:`newsweave.brief.html_parts.item_anchors`)."""
    spans: dict[str, list[tuple[int, int, str, str]]] = {}

    def add(items: Iterable[Any], kind: str, anchor: str) -> None:
        for item in items or []:
            if isinstance(item, dict) and isinstance(item.get("start"), int) and isinstance(item.get("end"), int):
                spans.setdefault(str(item.get("article")), []).append((item["start"], item["end"], kind, anchor))

    for anchor, item in item_anchors(brief):
        if anchor.startswith("conflict-"):
            add(item.get("sides"), "conflict", anchor)
        else:
            add(item.get("support"), "corroborated" if item.get("status") == "corroborated" else "single", anchor)
    return spans


def keyed_paragraphs(article: Article, spans: list[tuple[int, int, str, str]]) -> list[list[tuple[str, str | None, str | None]]]:
    """The article's cleaned paragraphs, each as runs of ``(text, kind or None, anchor or None)``: where passages
    overlap, the strongest kind wins (a conflict, then corroboration), and of those the passage listed first."""
    text = article.text
    rank = [0] * len(text)
    owner: list[str | None] = [None] * len(text)
    to_text = text_offsets(article)
    for start, end, kind, *anchor in spans:
        a, b = to_text(start), to_text(end)
        if a is None or b is None:
            continue
        for i in range(a, min(b, len(text))):
            if _RANK[kind] > rank[i]:
                rank[i], owner[i] = _RANK[kind], (anchor[0] if anchor else None)
    out = []
    for p, begin in zip(article.paragraphs, article.paragraph_starts()):
        runs: list[tuple[str, str | None, str | None]] = []
        i, end = begin, begin + len(p.text)
        while i < end:
            j = i
            while j < end and rank[j] == rank[i] and owner[j] == owner[i]:
                j += 1
            runs.append((text[i:j], KINDS[rank[i] - 1] if rank[i] else None, owner[i]))
            i = j
        out.append(runs)
    return out


def marked_paragraphs(article: Article, spans: list[tuple]) -> list[list[tuple[str, str | None]]]:
    """The article's cleaned paragraphs, each as runs of ``(text, kind or None)`` (:func:`keyed_paragraphs`
    without the anchors, neighbouring runs of one kind joined)."""
    out = []
    for runs in keyed_paragraphs(article, spans):
        joined: list[tuple[str, str | None]] = []
        for text, kind, _ in runs:
            if joined and joined[-1][1] == kind:
                joined[-1] = (joined[-1][0] + text, kind)
            else:
                joined.append((text, kind))
        out.append(joined)
    return out
