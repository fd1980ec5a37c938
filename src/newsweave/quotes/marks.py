"""Quotation-mark spans in a cleaned article text (one paragraph per line).

Handles curly English quotes (“ ” and ‘ ’), straight double quotes, guillemets (« » and » «),
German/Polish low quotes („ “ / „ ”), and quotes that run over several paragraphs: a paragraph that
opens a quote without closing it continues into the next one when that one re-opens with a mark.
"""
from __future__ import annotations

from dataclasses import dataclass, field

DOUBLE_OPEN = "“„«\"”»"
CLOSERS = {"“": "”“\"", "„": "“”\"", "«": "»", "»": "«", "\"": "\"”“", "”": "”\"", "‘": "’", "‚": "‘’"}
END_PUNCT = ".?!…"


@dataclass
class MarkSpan:
    """One quotation: ``segments`` are the (start, end) content spans inside the marks, one per paragraph."""

    segments: list[tuple[int, int]] = field(default_factory=list)
    closed: bool = True

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opens(line: str, i: int) -> bool:
    """Whether the mark at ``i`` can open a quote: not glued to a word on its left."""
    ch = line[i]
    before = line[i - 1] if i else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    if ch in "“„«‚":
        return not after.isspace() or ch == "«"
    if ch in "\"”»‘":
        return (before.isspace() or before in "([{—–-:/") and not after.isspace() and after != ""
    return False


def _closes(line: str, i: int, opener: str) -> bool:
    ch = line[i]
    if ch not in CLOSERS.get(opener, ""):
        return False
    after = line[i + 1] if i + 1 < len(line) else " "
    before = line[i - 1] if i else " "
    if opener in "‘‚":  # a single closing mark must not be an apostrophe inside a word
        return not _is_word(after)
    if ch in "“\"":  # an opening-shaped mark closes only when it is not glued to a word on its right
        return not _is_word(after) or before in END_PUNCT + ",;"
    return True


def _line_spans(line: str, base: int) -> tuple[list[MarkSpan], int | None, str | None]:
    """Closed quotes in one paragraph, plus the content start and opener of a quote left open at its end."""
    spans: list[MarkSpan] = []
    opener: str | None = None
    start = 0
    for i, ch in enumerate(line):
        if opener is None:
            if ch in DOUBLE_OPEN or ch in "‘‚":
                if _opens(line, i):
                    opener, start = ch, i + 1
        elif _closes(line, i, opener):
            if i > start:
                spans.append(MarkSpan([(base + start, base + i)]))
            opener = None
        elif opener in "‘‚" and ch in "“„«" and _opens(line, i):
            opener, start = ch, i + 1  # a single-mark "opener" was an apostrophe after all
    if opener is not None:
        return spans, base + start, opener
    return spans, None, None


def find_marked(text: str) -> list[MarkSpan]:
    """All quotations in ``text`` (paragraphs separated by newlines), in text order."""
    out: list[MarkSpan] = []
    pending: MarkSpan | None = None  # a quote left open at the end of the previous paragraph
    base = 0
    for line in text.split("\n"):
        stripped = line.lstrip()
        lead = len(line) - len(stripped)
        spans, open_start, _ = _line_spans(line, base)
        if pending is not None:
            if stripped[:1] in DOUBLE_OPEN + "‘" and (spans and spans[0].start == base + lead + 1 or open_start == base + lead + 1):
                # the paragraph re-opens the running quote
                if spans and spans[0].start == base + lead + 1:
                    pending.segments.extend(spans.pop(0).segments)
                    out.append(pending)
                    pending = None
                else:
                    pending.segments.append((open_start, base + len(line.rstrip())))
                    open_start = None
            else:
                _close_pending(pending, text, out)
                pending = None
        out.extend(spans)
        if open_start is not None:
            end = base + len(line.rstrip())
            if end > open_start:
                pending = MarkSpan([(open_start, end)], closed=False)
        base += len(line) + 1
    if pending is not None:
        _close_pending(pending, text, out)
    out.sort(key=lambda s: s.start)
    return out


def _close_pending(span: MarkSpan, text: str, out: list[MarkSpan]) -> None:
    """Keep a quote never closed only when it ends like a sentence and is longer than a few words."""
    s, e = span.segments[-1]
    content = text[span.start:e].rstrip()
    if content[-1:] in END_PUNCT + "\"”" and len(content.split()) >= 4:
        out.append(span)
