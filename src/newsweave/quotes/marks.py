"""Quotation-mark spans in a cleaned article text (one paragraph per line).

Handles curly English quotes (“ ” and ‘ ’), straight double quotes, guillemets (« » and » «),
German/Polish low quotes („ “ / „ ”), and quotes that run over several paragraphs: a paragraph that
opens a quote without closing it continues into the next one when that one re-opens with a mark, or
runs on through paragraphs without any double mark until one whose first mark closes it (a layout
that put each sentence of a quote in its own paragraph). A quote never closed is kept when it ends
like a sentence, or runs to the end of a cut-off text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

DOUBLE_OPEN = "“„«\"”»"
CLOSERS = {"“": "”“\"", "„": "“”\"", "«": "»", "»": "«", "\"": "\"”“", "”": "”\"", "‘": "’", "‚": "‘’"}
END_PUNCT = ".?!…"
MAX_UNMARKED = 4  # paragraphs a quote may run on without re-opening marks before it closes
TRUNCATED_WORDS = 8  # an unclosed quote running to the end of the text is kept from this many words


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
    nested = False  # a curly quote opened inside a curly quote: the next closing mark is its own
    for i, ch in enumerate(line):
        if opener is None:
            if ch in DOUBLE_OPEN or ch in "‘‚":
                if _opens(line, i):
                    opener, start, nested = ch, i + 1, False
        elif nested and ch == "”":
            nested = False
        elif _closes(line, i, opener):
            if i > start:
                spans.append(MarkSpan([(base + start, base + i)]))
            opener = None
        elif opener == "“" and ch == "“" and line[i - 1:i].isspace() and _opens(line, i):
            nested = True  # “He called it “a farce” in May.”: the inner words are part of the quote
        elif opener in "‘‚" and ch in "“„«" and _opens(line, i):
            opener, start = ch, i + 1  # a single-mark "opener" was an apostrophe after all
    if opener is not None:
        return spans, base + start, opener
    return spans, None, None


def _first_double_mark(line: str) -> int | None:
    for i, ch in enumerate(line):
        if ch in DOUBLE_OPEN or ch == "”":
            return i
    return None


def _unmarked_continuation(lines: list[str], bases: list[int], k: int, opener: str) -> tuple[list[tuple[int, int]], int, int] | None:
    """A quote left open before paragraph ``k`` that runs on through paragraphs not re-opened with a mark,
    closed within ``MAX_UNMARKED`` paragraphs by a paragraph whose first double mark closes it: the content
    segments, the closing paragraph and the closing mark's offset in it; else None."""
    segments = []
    for j in range(k, min(k + MAX_UNMARKED, len(lines))):
        line = lines[j]
        stripped = line.strip()
        if not stripped:
            return None
        lead = len(line) - len(line.lstrip())
        i = _first_double_mark(line)
        if i is None:
            segments.append((bases[j] + lead, bases[j] + len(line.rstrip())))
            continue
        if _opens(line, i) or not _closes(line, i, opener) or i <= lead:
            return None
        segments.append((bases[j] + lead, bases[j] + i))
        return segments, j, i
    return None


def find_marked(text: str) -> list[MarkSpan]:
    """All quotations in ``text`` (paragraphs separated by newlines), in text order."""
    out: list[MarkSpan] = []
    pending: MarkSpan | None = None  # a quote left open at the end of the previous paragraph
    pending_opener = ""
    lines = text.split("\n")
    bases, at = [], 0
    for line in lines:
        bases.append(at)
        at += len(line) + 1
    k = 0
    while k < len(lines):
        line, base = lines[k], bases[k]
        stripped = line.lstrip()
        lead = len(line) - len(stripped)
        if pending is not None and stripped[:1] not in DOUBLE_OPEN + "‘":
            found = _unmarked_continuation(lines, bases, k, pending_opener)
            if found is not None:  # the quote runs on without marks and closes in paragraph ``j``
                segments, j, close = found
                pending.segments.extend(segments)
                out.append(pending)
                pending = None
                rest = lines[j][close + 1:]
                spans, open_start, opener = _line_spans(rest, bases[j] + close + 1)
                out.extend(spans)
                if open_start is not None:
                    end = bases[j] + len(lines[j].rstrip())
                    if end > open_start:
                        pending, pending_opener = MarkSpan([(open_start, end)], closed=False), opener or ""
                k = j + 1
                continue
        spans, open_start, opener = _line_spans(line, base)
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
                pending, pending_opener = MarkSpan([(open_start, end)], closed=False), opener or ""
        k += 1
    if pending is not None:
        _close_pending(pending, text, out)
    out.sort(key=lambda s: s.start)
    return out


def _close_pending(span: MarkSpan, text: str, out: list[MarkSpan]) -> None:
    """Keep a quote never closed only when it ends like a sentence and is longer than a few words, or
    when it runs to the end of the text (a cut-off page) with ``TRUNCATED_WORDS`` words or more."""
    s, e = span.segments[-1]
    content = text[span.start:e].rstrip()
    if content[-1:] in END_PUNCT + "\"”" and len(content.split()) >= 4:
        out.append(span)
    elif not text[e:].strip() and len(content.split()) >= TRUNCATED_WORDS:
        out.append(span)
