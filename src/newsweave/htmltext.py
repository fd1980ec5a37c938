"""HTML pages: main-text extraction with trafilatura, and offsets of the kept text in the raw HTML.

trafilatura returns text without positions, so the page is also turned into a plain-text view
that remembers, for every character, where it came from in the raw HTML; each extracted
paragraph is then located in that view.
"""
from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from typing import Any, Iterator

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "table", "td", "th", "tr", "ul", "title", "option", "button", "label",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
_TOKEN = re.compile(r"<!--.*?(-->|$)|<!\[CDATA\[.*?(\]\]>|$)|<![^>]*>|<\?[^>]*>|</?([a-zA-Z][\w:-]*)[^>]*>|&(#\d+|#[xX][0-9a-fA-F]+|\w+);?|[^<&]+|[<&]", re.DOTALL)
# After the page's last ">" no tag can close, and trying _TOKEN's tag patterns at every "<" there
# would rescan to the end each time (quadratic on hostile pages); this pattern has the same groups
# (the tag group 3 never matches) and leaves them out.
_TAIL_TOKEN = re.compile(r"<!--.*?(-->|$)|<!\[CDATA\[.*?(\]\]>|$)|(?!)()|&(#\d+|#[xX][0-9a-fA-F]+|\w+);?|[^<&]+|[<&]", re.DOTALL)
_SPACE = re.compile(r"\s+")


def _tokens(raw: str) -> Iterator[re.Match]:
    """The same matches as ``_TOKEN.finditer(raw)``, in linear time."""
    last_gt = raw.rfind(">")
    pos = 0
    if last_gt >= 0:
        for match in _TOKEN.finditer(raw):  # lazy: stops being asked once past the last ">"
            yield match
            pos = match.end()
            if pos >= last_gt:
                break
    tail = _TAIL_TOKEN.match
    while pos < len(raw):
        match = tail(raw, pos)
        yield match
        pos = match.end()


@dataclass
class TextView:
    """Whitespace-collapsed visible text of a page; ``origin[i]`` is the raw offset of ``text[i]``."""

    text: str
    origin: list[int]
    blocks: list[tuple[int, int]]  # spans of ``text`` between block boundaries

    def raw_span(self, start: int, end: int, raw_len: int) -> tuple[int, int]:
        begin = self.origin[start] if start < len(self.origin) else raw_len
        finish = self.origin[end - 1] + 1 if 0 < end <= len(self.origin) else begin
        return begin, max(begin, finish)


def text_view(raw: str) -> TextView:
    """Build the visible-text view of ``raw`` HTML with a raw offset for every character."""
    chars: list[str] = []
    origin: list[int] = []
    boundaries: list[int] = [0]
    skipping: str | None = None

    def emit(text: str, at: int, exact: bool) -> None:
        for k, ch in enumerate(text):
            pos = at + k if exact else at
            if ch.isspace():
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    origin.append(pos)
            else:
                chars.append(ch)
                origin.append(pos)

    for match in _tokens(raw):
        token = match.group(0)
        tag = match.group(3)
        if skipping is not None:
            if tag and token.startswith("</") and tag.lower() == skipping:
                skipping = None
            continue
        if tag:
            name = tag.lower()
            if name in _SKIP_TAGS and not token.startswith("</") and not token.endswith("/>"):
                skipping = name
                continue
            if name in _BLOCK_TAGS:
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    origin.append(match.start())
                boundaries.append(len(chars))
            continue
        if token.startswith(("<!", "<?")):
            continue
        if token.startswith("&") and len(token) > 1:
            emit(htmllib.unescape(token), match.start(), exact=False)
        else:
            emit(token, match.start(), exact=True)
    boundaries.append(len(chars))
    text = "".join(chars)
    blocks = []
    for a, b in zip(boundaries, boundaries[1:]):
        while a < b and text[a] == " ":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        if b > a:
            blocks.append((a, b))
    return TextView(text, origin, blocks)


def locate(view: TextView, paragraph: str, cursor: int) -> tuple[int, int] | None:
    """Find ``paragraph`` in the view (searching on from ``cursor`` first); return view offsets."""
    needle = _SPACE.sub(" ", paragraph).strip()
    if not needle:
        return None
    for start_at in (cursor, 0):
        i = view.text.find(needle, start_at)
        if i >= 0:
            return i, i + len(needle)
    head, tail = needle[:40], needle[-40:]
    i = view.text.find(head, cursor)
    if i < 0:
        i = view.text.find(head)
    if i < 0:
        return None
    j = view.text.find(tail, i)
    if j < 0 or j - i > 3 * len(needle):
        return i, min(len(view.text), i + len(head))
    return i, j + len(tail)


def trafilatura_extract(raw: str, url: str | None) -> dict[str, Any]:
    """Main text (paragraphs separated by newlines) and page metadata."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        raw, url=url, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False
    )
    if doc is None:
        return {"paragraphs": [], "title": None, "sitename": None, "date": None, "url": None}
    text = doc.text or ""
    return {
        "paragraphs": [p for p in (line.strip() for line in text.split("\n")) if p],
        "title": doc.title,
        "sitename": doc.sitename,
        "date": doc.date,
        "url": doc.url,
    }
