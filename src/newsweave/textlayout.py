"""Plain-text layout: paragraphs with their offsets, and whether the first line is a headline."""
from __future__ import annotations

import re

from .boilerplate import normalise, words

_END_PUNCT = re.compile(r"[.!?…]['\"’”»)\]]*$")
_OPEN_QUOTE = re.compile(r"^[\"“‘'«„]")


def paragraph_spans(raw: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank line, whitespace trimmed; one line is one paragraph."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = offset + (len(body) - len(body.lstrip()))
            spans.append((start, start + len(stripped)))
        offset += len(line)
    return spans


def is_headline(first: str, rest: list[str], given_title: str | None = None) -> bool:
    """Decide whether the first line is a headline rather than the lead sentence.

    A headline matches the title given with the article, or is a single line of at most 30
    words that does not end like a sentence, is not a quote, and is followed by body text.
    """
    if given_title:
        return normalise(first) == normalise(given_title) or normalise(given_title).startswith(normalise(first))
    n = len(words(first))
    if not rest or n == 0 or n > 30:
        return False
    if _END_PUNCT.search(first.strip()) or _OPEN_QUOTE.match(first.strip()):
        return False
    return sum(len(words(line)) for line in rest) > 2 * n
