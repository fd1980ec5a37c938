"""Extraction stage: fill an Article's cleaned body, title and metadata from its raw input.

Plain text keeps its lines as paragraphs; HTML goes through trafilatura and is then mapped back
onto the raw page (where each paragraph's share of link text is measured too). Both then pass the
same boilerplate rules; every dropped span is kept in ``removed`` with its reason, offsets into
``raw``. Kept and removed texts are NFC-normalised; ``raw`` stays as decoded, and a paragraph's span
covers its text as written there.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from .boilerplate import find_boilerplate, normalise, words
from .htmltext import TextView, locate, text_view, trafilatura_extract
from .ingest.readers import outlet_from_url
from .record import Article, Paragraph, Removed
from .textlayout import is_headline, paragraph_spans

HEADLINE = "headline"
OUTSIDE_MAIN = "outside the main content (page furniture)"


def nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def extract_text(article: Article) -> Article:
    raw = article.raw
    spans = paragraph_spans(raw)
    texts = [raw[a:b] for a, b in spans]
    title_index = None
    if texts and is_headline(texts[0], texts[1:], article.extra.get("given_title")):
        title_index = 0
        article.title_span = spans[0]
        article.title = article.title or nfc(texts[0])
    reasons = find_boilerplate(texts, title_index)
    article.paragraphs = [Paragraph(nfc(t), a, b) for i, (t, (a, b)) in enumerate(zip(texts, spans)) if i != title_index and i not in reasons]
    article.removed = [Removed(spans[i][0], spans[i][1], reason, nfc(texts[i])) for i, reason in sorted(reasons.items())]
    return article


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint union of ``spans``."""
    merged: list[tuple[int, int]] = []
    for x, y in sorted(spans):
        if merged and x <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], y))
        else:
            merged.append((x, y))
    return merged


# a lead: a block of at least LEAD_MIN_WORDS words ending a sentence, little link text, among the
# LEAD_LOOKBACK blocks before the first extracted paragraph of some length (other blocks between, such
# as a date, byline or caption, are passed over; the headline or a long link-dense block ends the search)
LEAD_MIN_WORDS = 20
LEAD_LOOKBACK = 4
LEAD_MAX_LINKS = 0.3
FIRST_PARAGRAPH_WORDS = 8
_SENTENCE_END = re.compile(r"[.!?…]['\"’”»)]*$")


def lead_blocks(view: TextView, texts: list[str], places: list[tuple[int, int] | None], title: str | None) -> list[tuple[int, int]]:
    """View spans of lead paragraphs just before the first located paragraph of some length, in reading order."""
    first = next((where for text, where in zip(texts, places) if where is not None and len(text.split()) >= FIRST_PARAGRAPH_WORDS), None)
    if first is None:
        return []
    taken = _merge([where for where in places if where is not None])
    taken_starts = [a for a, _ in taken]
    starts = [a for a, _ in view.blocks]
    k = bisect_right(starts, first[0]) - 1
    if k >= 0 and view.blocks[k][1] > first[0]:
        k -= 1  # the block holding the first paragraph itself
    found: list[tuple[int, int]] = []
    heading = (normalise(title) if title else "") or None
    seen = 0
    while k >= 0 and seen < LEAD_LOOKBACK:
        a, b = view.blocks[k]
        k -= 1
        j = bisect_right(taken_starts, b - 1) - 1
        if j >= 0 and taken[j][1] > a:
            continue  # extracted already
        seen += 1
        block = view.text[a:b]
        form = normalise(block)
        if heading and (form == heading or heading in form):
            break
        long_enough = len(form.split()) >= LEAD_MIN_WORDS
        linked = view.link_share(a, b) > LEAD_MAX_LINKS
        if long_enough and linked:
            break
        if long_enough and _SENTENCE_END.search(block):
            found.append((a, b))
    return found[::-1]


def extract_html(article: Article) -> Article:
    raw = article.raw
    view = text_view(raw)
    found = trafilatura_extract(raw, article.url, with_date=not article.published, visible_words=len(words(view.text)))
    texts = found["paragraphs"]
    title = article.title or found["title"]
    title_index = 0 if texts and title and normalise(texts[0]) == normalise(title) else None
    cursor = 0
    places: list[tuple[int, int] | None] = []
    for text in texts:
        where = locate(view, text, cursor)
        places.append(where)
        if where is not None:
            cursor = where[1]
    body_at = 1 if title_index == 0 else 0
    leads = lead_blocks(view, texts[body_at:], places[body_at:], title)
    if leads:  # the article's lead, which trafilatura left out: before its first paragraph
        texts = texts[:body_at] + [view.text[a:b] for a, b in leads] + texts[body_at:]
        places = places[:body_at] + list(leads) + places[body_at:]
    links = [view.link_share(*where) if where is not None else 0.0 for where in places]
    reasons = find_boilerplate(texts, title_index, links)
    kept: list[Paragraph] = []
    removed: list[Removed] = []
    covered: list[tuple[int, int]] = []
    last_end = 0
    for i, (text, where) in enumerate(zip(texts, places)):
        if where is None:
            start = end = last_end  # not found verbatim: anchor after the last placed text
        else:
            covered.append(where)
            start, end = view.raw_span(where[0], where[1], len(raw))
        if i == title_index:
            article.title_span = (start, end)
        elif i in reasons:
            removed.append(Removed(start, end, reasons[i], nfc(text)))
        else:
            kept.append(Paragraph(nfc(text), start, end))
            last_end = end
    merged = _merge(covered)
    starts = [x for x, _ in merged]
    title_form = normalise(title) if title else None
    for a, b in view.blocks:
        k = bisect_right(starts, b - 1) - 1
        if k >= 0 and merged[k][1] > a:  # overlaps kept or rule-removed text
            continue
        block = view.text[a:b]
        if title_form is not None and article.title_span is None and normalise(block) == title_form:
            article.title_span = view.raw_span(a, b, len(raw))
            continue
        start, end = view.raw_span(a, b, len(raw))
        removed.append(Removed(start, end, OUTSIDE_MAIN, nfc(block)))
    article.paragraphs = kept
    article.removed = sorted(removed, key=lambda r: (r.start, r.end))
    article.title = nfc(title) if title else title
    article.url = article.url or found["url"]
    article.published = article.published or found["date"]
    article.outlet = article.outlet or outlet_from_url(article.url) or found["sitename"]
    if found["sitename"]:
        article.extra["site_name"] = found["sitename"]
    return article


def extract_article(article: Article) -> Article:
    """The extraction stage for one article (returns the same, now cleaned, record)."""
    return extract_html(article) if article.raw_kind == "html" else extract_text(article)
