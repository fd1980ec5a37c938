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

from .html_metadata import NO_METADATA, full_metadata, page_metadata

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
# A script or style element ends at the first closing tag of its name, as a browser reads it: its content is not
# tokenized ("a<b" inside a script, read as a tag, could swallow the closing tag and the page's text after it).
# (The closing tag's name is searched for, then its ">": a search for the whole tag would rescan to the end of the
# page at every "</script " that no ">" follows, quadratic on a hostile page.)
_RAW_TEXT_END = {name: re.compile(rf"</{name}(?=[\s/>])", re.IGNORECASE) for name in ("script", "style")}


def _raw_text_end(raw: str, name: str, start: int) -> int:
    """Where the script or style element whose start tag ends at ``start`` ends: after its closing tag's ">"; the
    page's end when it is not closed."""
    close = _RAW_TEXT_END[name].search(raw, start)
    if close is None:
        return len(raw)
    gt = raw.find(">", close.end())
    return len(raw) if gt < 0 else gt + 1


_DOCUMENT_TAG = re.compile(r"<(html|body)[\s>]", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def _tokens(raw: str, jump: list[int] | None = None) -> Iterator[re.Match]:
    """The same matches as ``_TOKEN.finditer(raw)``, in linear time. A caller that sets ``jump[0]`` to a position
    after the match it was given has the next match start there (a script's content passed over)."""
    last_gt = raw.rfind(">")
    pos = 0
    scanning = last_gt >= 0
    while scanning:
        scanning = False
        for match in _TOKEN.finditer(raw, pos):  # lazy: stops being asked once past the last ">"
            yield match
            pos = match.end()
            if jump and jump[0] > pos:
                pos, jump[0] = jump[0], 0
                scanning = pos < last_gt
                break
            if pos >= last_gt:
                break
    tail = _TAIL_TOKEN.match
    while pos < len(raw):
        match = tail(raw, pos)
        yield match
        pos = match.end()
        if jump and jump[0] > pos:
            pos, jump[0] = jump[0], 0


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


_NONSPACE = re.compile(r"\S+")  # \s is exactly str.isspace() for str patterns
_UNEVEN_SPACE = re.compile(r"[^\S ]| {2}")  # whitespace a plain copy would not keep as it is


def text_view(raw: str) -> TextView:
    """Build the visible-text view of ``raw`` HTML with a raw offset for every character.

    Whitespace runs collapse to one space (none at the start), placed at the run's first character;
    an entity's characters all point at the entity.
    """
    parts: list[str] = []
    origin: list[int] = []
    n = 0  # characters of the view so far
    spaced = True  # the view is empty or ends in a space: whitespace adds nothing
    boundaries: list[int] = [0]
    links: list[tuple[int, int]] = []
    link_start: int | None = None
    skipping: str | None = None
    nonspace = _NONSPACE.finditer
    uneven = _UNEVEN_SPACE.search

    jump = [0]
    for match in _tokens(raw, jump):
        token, tag = match.group(0, 3)
        if tag and token[1] != "/" and not token.endswith("/>") and tag.lower() in _RAW_TEXT_END:
            jump[0] = _raw_text_end(raw, tag.lower(), match.end())
            continue
        if skipping is not None:
            if tag and token[1] == "/" and tag.lower() == skipping:
                skipping = None
            elif skipping == "head" and tag and token[1] != "/" and tag.lower() == "body":
                skipping = None  # a head left open ends where the body starts, as a browser reads it
            continue
        if tag:
            name = tag.lower()
            if name == "a":
                if token[1] == "/":
                    if link_start is not None and n > link_start:
                        links.append((link_start, n))
                    link_start = None
                elif link_start is None and "href" in token.lower():
                    link_start = n
                continue
            if name in _SKIP_TAGS and token[1] != "/" and not token.endswith("/>"):
                skipping = name
                continue
            if name in _BLOCK_TAGS:
                if not spaced:
                    parts.append(" ")
                    origin.append(match.start())
                    n += 1
                    spaced = True
                boundaries.append(n)
            continue
        if token.isspace():  # between tags, mostly
            if not spaced:
                parts.append(" ")
                origin.append(match.start())
                n += 1
                spaced = True
            continue
        first = token[0]
        if first == "<" and len(token) > 1 and token[1] in "!?":
            continue
        at = match.start()
        if first == "&" and len(token) > 1:
            text = htmllib.unescape(token)
            exact = False
        else:
            text = token
            exact = True
            if not uneven(text) and not (spaced and text[0] == " "):
                # single spaces only, none to drop: the text as it stands, each character at its own offset
                parts.append(text)
                origin.extend(range(at, at + len(text)))
                n += len(text)
                spaced = text[-1] == " "
                continue
        pos = 0
        for word in nonspace(text):
            s, e = word.span()
            if s > pos and not spaced:
                parts.append(" ")
                origin.append(at + pos if exact else at)
                n += 1
            parts.append(word.group())
            origin.extend(range(at + s, at + e) if exact else [at] * (e - s))
            n += e - s
            spaced = False
            pos = e
        if pos < len(text) and not spaced:
            parts.append(" ")
            origin.append(at + pos if exact else at)
            n += 1
            spaced = True
    boundaries.append(n)
    if link_start is not None and n > link_start:
        links.append((link_start, n))
    text = "".join(parts)
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

    parts: list[str] = []  # counted in one pass: no word runs across the line breaks joining them
    for element in tree.iter():
        if element.text and isinstance(element.tag, str) and element.tag not in _SKIP_TAGS:
            parts.append(element.text)
        if element.tail:
            parts.append(element.tail)
    return len(words("\n".join(parts)))


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


def _alternative(tree: Any, url: str | None, main: list[str], visible_words: int | None = None) -> list[str]:
    """jusText's paragraphs of the parsed page ``tree`` (pruned in place), or nothing where the page is too short
    for them to replace ``main``. ``visible_words``: the page's visible word count where the caller has it."""
    from .boilerplate import words

    if tree is None:
        return []
    shingles = max(0, len(words("\n".join(main))) - 3)
    visible = _visible_word_count(tree) if visible_words is None else visible_words
    if visible < ALTERNATIVE_MIN_RATIO * shingles + 3:
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


def trafilatura_extract(raw: str, url: str | None, with_date: bool = True, visible_words: int | None = None) -> dict[str, Any]:
    """Main text (paragraphs separated by newlines) and page metadata.

    trafilatura runs in recall mode without comments; newsweave's boilerplate rules then take
    out the furniture recall mode lets through. When trafilatura has kept only a small part of
    what a density-based extraction finds around it (see :func:`prefer_alternative`), the
    latter's paragraphs are used instead. Metadata only where trafilatura finds a text (as
    ``bare_extraction`` gives it); the date only ``with_date`` (a caller that knows it already
    saves htmldate's search). ``visible_words``: the words of the page's visible text (a caller that
    has its :func:`text_view` saves counting them on the tree).
    """
    import trafilatura

    if not _DOCUMENT_TAG.search(raw[:4096]):
        raw = f"<html><body>{raw}</body></html>"  # a fragment (feed entry, record field): give it a page
    # One parse of the page: trafilatura works on a copy of it (a copy costs about a third of a parse),
    # and the metadata steps and the jusText check read it unchanged.
    tree = _load_tree(raw)
    doc = trafilatura.bare_extraction(
        raw if tree is None else tree,
        url=url,
        with_metadata=tree is None,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        favor_recall=True,
    )
    if doc is None:
        meta: dict[str, Any] = dict(NO_METADATA)
    elif tree is None:
        meta = {"title": doc.title, "sitename": doc.sitename, "date": doc.date if with_date else None, "url": doc.url}
    else:  # before the jusText check, which prunes the tree
        try:
            meta = page_metadata(tree, url, with_date) or full_metadata(tree, url, with_date)
        except Exception:  # a date or title helper failing on this page: the body stands, without metadata
            meta = dict(NO_METADATA)
    paragraphs = _lines(doc.text) if doc is not None else []
    alternative = _alternative(tree, url, paragraphs, visible_words)
    if prefer_alternative(paragraphs, alternative):
        paragraphs = alternative
    return {"paragraphs": paragraphs, **meta}
