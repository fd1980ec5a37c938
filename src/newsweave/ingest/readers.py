"""One small reader per input kind; each turns one file's bytes into Articles (raw, not yet cleaned).

Readers yield :class:`Article` or :class:`InputError` items so that one bad record never hides the
good ones beside it.
"""
from __future__ import annotations

import io
import re
import time
from typing import Any, Iterator
from urllib.parse import urlsplit

from ..errors import InputError, MalformedInput, NotFetched
from ..record import Article
from .decode import decode_bytes
from .jsonstream import json_values
from .streams import ByteSource

Item = Article | InputError
_RECORD_KEYS = ("id", "title", "text", "html", "url", "outlet", "published", "language")
MIN_FEED_WORDS = 40
MAX_LINE_ERRORS = 20
MAX_BAD_IN_A_ROW = 1_000  # then the file is not JSON Lines, or a bomb of empty records
MAX_RECORD_BYTES = 4 * 20 * 1024 * 1024  # one JSON line or record (callers pass 4 x --max-bytes)
_SURROGATE = re.compile("[\ud800-\udfff]")
# numeric character references to code points no text can hold (surrogates, beyond U+10FFFF)
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")
_MARKUP = re.compile(r"<[a-zA-Z!/]")
# the end of a complete feed document: its root element's closing tag
_FEED_END = re.compile(rb"</\s*(?:[\w.-]+:)?(?:rss|feed|rdf)\s*>\s*$", re.IGNORECASE)


def _clean(value: Any) -> Any:
    """``value`` with lone surrogates (JSON ``\\ud800`` escapes) replaced by U+FFFD: they cannot be stored."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _fix_charref(match: re.Match) -> bytes:
    hex_digits, dec_digits = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(dec_digits)
    return b"&#xFFFD;" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else match.group(0)


def outlet_from_url(url: str | None) -> str | None:
    """The URL's host without ``www.``, or None."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _article(id_: str, raw: str, kind: str, source: str, meta: dict[str, Any]) -> Article:
    meta = {k: _clean(v) if isinstance(v, str) else v for k, v in meta.items()}
    url = meta.get("url") or None
    title = meta.get("title") or None
    article = Article(
        id=_clean(id_),
        raw=_clean(raw),
        raw_kind="html" if kind == "html" else "text",
        source=source,
        url=url,
        outlet=meta.get("outlet") or outlet_from_url(url),
        title=title,
        published=(meta.get("published") or None),
        language=meta.get("language") or None,
    )
    if title:
        article.extra["given_title"] = title
    for key, value in meta.items():
        if key not in _RECORD_KEYS and key not in ("title",) and value is not None:
            article.extra[key] = value
    return article


def read_document(data: bytes, kind: str, id_: str, source: str, meta: dict[str, Any]) -> Iterator[Item]:
    """A single text or HTML document."""
    text, _ = decode_bytes(data, source)
    if not text.strip():
        raise MalformedInput(source, "file holds only whitespace; nothing to extract")
    yield _article(id_, text, kind, source, meta)


def read_jsonl(data: ByteSource | bytes, rel: str, source: str, meta: dict[str, Any], max_record: int = MAX_RECORD_BYTES) -> Iterator[Item]:
    """JSON Lines of article records, read one at a time (a JSON array or pretty-printed JSON as well).

    A record without an id gets ``REL:LINE`` (``REL:LINE:N`` for the N-th record starting on one line).
    The first MAX_LINE_ERRORS bad records are reported one by one, the rest counted; after
    MAX_BAD_IN_A_ROW bad records in a row the file is not read further.
    """
    stream = data if isinstance(data, ByteSource) else ByteSource(io.BytesIO(data))
    values = bad = in_a_row = 0
    last_line = on_line = not_object_line = 0
    for number, item, given_id in _jsonl_items(stream, rel, source, meta, max_record):
        values += 1
        if isinstance(item, Article):
            in_a_row = 0
            on_line = on_line + 1 if number == last_line else 1
            last_line = number
            if on_line > 1 and not given_id:
                item.id = _clean(f"{rel}:{number}:{on_line}")
            yield item
            continue
        if item.reason.startswith("JSON line is not an object"):
            if number == not_object_line:  # one report per line, however many values it holds
                continue
            not_object_line = number
        bad += 1
        in_a_row += 1
        if bad <= MAX_LINE_ERRORS:
            yield item
        if in_a_row >= MAX_BAD_IN_A_ROW:
            yield MalformedInput(source, f"{in_a_row:,} bad records in a row; stopped reading at line {number:,}; is this really a JSON Lines file?")
            break
    if bad > MAX_LINE_ERRORS:
        yield MalformedInput(source, f"{bad - MAX_LINE_ERRORS:,} more bad records not listed; is this really a JSON Lines file?")
    if not values:
        raise MalformedInput(source, "file holds only whitespace; no records")


def _jsonl_items(stream: ByteSource, rel: str, source: str, meta: dict[str, Any], max_record: int) -> Iterator[tuple[int, Item, bool]]:
    """``(line, article or error, whether the record gave its id)`` for each record."""
    for number, record in json_values(stream, source, max_record):
        if isinstance(record, InputError):
            yield number, record, False
            continue
        if not isinstance(record, dict):
            yield number, MalformedInput(source, "JSON line is not an object with article fields", number), False
            continue
        try:
            record = _clean(record)
        except RecursionError:
            yield number, MalformedInput(source, "record nested too deeply to read; fix or remove the line", number), False
            continue
        body_kind = "html" if isinstance(record.get("html"), str) and record["html"].strip() else "text"
        body = record.get(body_kind)
        if not isinstance(body, str) or not body.strip():
            yield number, MalformedInput(source, "record has no body: give a non-empty 'text' or 'html' field", number), False
            continue
        given = record.get("id") not in (None, "")
        id_ = str(record["id"]) if given else f"{rel}:{number}"
        fields = {**meta, **{k: v for k, v in record.items() if k not in ("text", "html") and v is not None}}
        fields = {k: (str(v) if k in ("url", "outlet", "published", "title", "language") else v) for k, v in fields.items()}
        yield number, _article(id_, body, body_kind, f"{source}:{number}", fields), given


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def read_feed(data: bytes, rel: str, source: str, meta: dict[str, Any]) -> Iterator[Item]:
    """RSS/Atom entries with content become articles; link-only entries are reported as not fetched."""
    import feedparser

    data = _CHARREF.sub(_fix_charref, data)  # feedparser's lenient parser chokes on them
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception")
    if not parsed.entries:
        reason = f"not a readable RSS/Atom feed ({problem})" if problem else "feed has no entries"
        raise MalformedInput(source, reason)
    if problem is not None and not _FEED_END.search(data[-4096:].rstrip(b"\x00")):
        # broken XML and no closing root tag: the feed was cut off; keep what was read, but say so
        yield MalformedInput(source, f"feed is cut off or broken ({problem}); the {len(parsed.entries)} entries before it were read, the last one may be incomplete")
    feed_link = parsed.feed.get("link")
    for number, entry in enumerate(parsed.entries, 1):
        key = entry.get("id") or entry.get("link") or str(number)
        id_ = f"{rel}#{key}"
        where = f"{source}#{number}"
        body = ""
        if entry.get("content"):
            body = max((c.get("value", "") for c in entry.content), key=len)
        summary = entry.get("summary", "")
        if len(body.split()) < MIN_FEED_WORDS and len(summary.split()) >= MIN_FEED_WORDS:
            body = summary
        if len(body.split()) < MIN_FEED_WORDS:
            link = entry.get("link") or "no link"
            yield NotFetched(where, f"entry has only a link ({link}) and a short summary; newsweave does not fetch URLs")
            continue
        url = entry.get("link")
        fields = {
            **meta,
            "title": entry.get("title"),
            "url": url,
            "published": _entry_date(entry),
            "outlet": meta.get("outlet") or outlet_from_url(url) or outlet_from_url(feed_link),
        }
        kind = "html" if _MARKUP.search(body) else "text"  # plain-text bodies have no HTML to extract from
        yield _article(id_, body, kind, where, fields)
