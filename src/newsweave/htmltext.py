"""HTML pages: main-text extraction with trafilatura (jusText as a second opinion), and offsets of the kept text in the raw HTML.

trafilatura returns text without positions, so the page is also turned into a plain-text view
that remembers, for every character, where it came from in the raw HTML; each extracted
paragraph is then located in that view.
"""
from __future__ import annotations

import html as htmllib
import re
from collections import Counter
from bisect import bisect_right
from dataclasses import dataclass, field
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
_DOCUMENT_TAG = re.compile(r"<(html|body)[\s>]", re.IGNORECASE)
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
    links: list[tuple[int, int]] = field(default_factory=list)  # spans of ``text`` inside <a href> elements, in order

    def link_share(self, start: int, end: int) -> float:
        """Share of ``text[start:end]`` inside links (anchor text): the link density of a block."""
        if end <= start or not self.links:
            return 0.0
        k = max(0, bisect_right(self.links, (start, start)) - 1)
        inside = 0
        while k < len(self.links) and self.links[k][0] < end:
            a, b = self.links[k]
            inside += max(0, min(b, end) - max(a, start))
            k += 1
        return inside / (end - start)

    def raw_span(self, start: int, end: int, raw_len: int) -> tuple[int, int]:
        begin = self.origin[start] if start < len(self.origin) else raw_len
        finish = self.origin[end - 1] + 1 if 0 < end <= len(self.origin) else begin
        return begin, max(begin, finish)


def text_view(raw: str) -> TextView:
    """Build the visible-text view of ``raw`` HTML with a raw offset for every character."""
    chars: list[str] = []
    origin: list[int] = []
    boundaries: list[int] = [0]
    links: list[tuple[int, int]] = []
    link_start: int | None = None
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
            if name == "a":
                if token.startswith("</"):
                    if link_start is not None and len(chars) > link_start:
                        links.append((link_start, len(chars)))
                    link_start = None
                elif link_start is None and "href" in token.lower():
                    link_start = len(chars)
                continue
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
    if link_start is not None and len(chars) > link_start:
        links.append((link_start, len(chars)))
    text = "".join(chars)
    blocks = []
    for a, b in zip(boundaries, boundaries[1:]):
        while a < b and text[a] == " ":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        if b > a:
            blocks.append((a, b))
    return TextView(text, origin, blocks, links)


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


# When a second, text-density extraction (jusText) holds at least this many times the word 4-grams of
# trafilatura's and contains at least this share of them, trafilatura has kept one section of a page
# whose main text is spread over several containers (list articles, split layouts): take jusText's.
ALTERNATIVE_MIN_RATIO = 3.0
ALTERNATIVE_MIN_OVERLAP = 0.5


def _lines(text: str | None) -> list[str]:
    return [p for p in (line.strip() for line in (text or "").split("\n")) if p]


def _load_tree(raw: str) -> Any:
    try:
        from trafilatura.utils import load_html

        return load_html(raw)
    except Exception:  # unreadable page, or another trafilatura layout
        return None


def _visible_word_count(tree: Any) -> int:
    """Words of the page's text outside scripts, styles and comments: a bound on any extraction."""
    from .boilerplate import words

    count = 0
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag not in _SKIP_TAGS:
            count += len(words(element.text or ""))
        count += len(words(element.tail or ""))
    return count


def justext_paragraphs(tree: Any, url: str | None) -> list[str]:
    """Main-text paragraphs of a parsed page by jusText's density classifier, comment sections pruned first.

    Uses trafilatura's own preparation of the page (the same pruning and jusText settings as its
    fallback) so both extractions see the same page; an empty list when that is unavailable.
    Prunes ``tree`` in place.
    """
    try:
        from trafilatura.external import justext_rescue
        from trafilatura.htmlprocessing import prune_unwanted_nodes
        from trafilatura.settings import Extractor
        from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH
    except ImportError:  # another trafilatura layout: go without the second opinion
        return []
    try:
        tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
        tree = prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)
        body, _ = justext_rescue(tree, Extractor(url=url))
    except Exception:  # a page jusText cannot read: trafilatura's answer stands
        return []
    return [p for p in (_SPACE.sub(" ", el.text or "").strip() for el in body) if p]


def _alternative(tree: Any, url: str | None, main: list[str]) -> list[str]:
    """jusText's paragraphs of the parsed page ``tree`` (pruned in place), or nothing where the page is too short
    for them to replace ``main``."""
    from .boilerplate import words

    if tree is None:
        return []
    shingles = max(0, len(words("\n".join(main))) - 3)
    if _visible_word_count(tree) < ALTERNATIVE_MIN_RATIO * shingles + 3:
        return []  # jusText cannot find the required multiple of what trafilatura kept: save its time
    return justext_paragraphs(tree, url)


def _shingles(paragraphs: list[str]) -> Counter:
    from .boilerplate import words

    tokens = words("\n".join(paragraphs))
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def prefer_alternative(main: list[str], alternative: list[str]) -> bool:
    """Whether ``alternative`` should replace ``main``: much longer, and holding most of ``main``."""
    if not alternative:
        return False
    if not main:
        return True
    ours, theirs = _shingles(main), _shingles(alternative)
    n_ours, n_theirs = sum(ours.values()), sum(theirs.values())
    if not n_ours:
        return n_theirs > 0
    overlap = sum((ours & theirs).values())
    return n_theirs >= ALTERNATIVE_MIN_RATIO * n_ours and overlap >= ALTERNATIVE_MIN_OVERLAP * n_ours


def trafilatura_extract(raw: str, url: str | None) -> dict[str, Any]:
    """Main text (paragraphs separated by newlines) and page metadata.

    trafilatura runs in recall mode without comments; newsweave's boilerplate rules then take
    out the furniture recall mode lets through. When trafilatura has kept only a small part of
    what a density-based extraction finds around it (see :func:`prefer_alternative`), the
    latter's paragraphs are used instead.
    """
    import trafilatura

    if not _DOCUMENT_TAG.search(raw[:4096]):
        raw = f"<html><body>{raw}</body></html>"  # a fragment (feed entry, record field): give it a page
    tree = _load_tree(raw)  # parsed once: trafilatura works on a copy of it, jusText on the tree itself
    doc = trafilatura.bare_extraction(
        raw if tree is None else tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        favor_recall=True,
    )
    paragraphs = _lines(doc.text) if doc is not None else []
    alternative = _alternative(tree, url, paragraphs)
    if prefer_alternative(paragraphs, alternative):
        paragraphs = alternative
    if doc is None:
        return {"paragraphs": paragraphs, "title": None, "sitename": None, "date": None, "url": None}
    return {
        "paragraphs": paragraphs,
        "title": doc.title,
        "sitename": doc.sitename,
        "date": doc.date,
        "url": doc.url,
    }
