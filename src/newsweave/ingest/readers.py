"""One small reader per input kind; each turns one file's bytes into Articles (raw, not yet cleaned).

Readers yield :class:`Article` or :class:`InputError` items so that one bad record never hides the
good ones beside it.
"""
from __future__ import annotations

import io
import json
import re
import time
from typing import Any, Iterator
from urllib.parse import urlsplit

from ..errors import InputError, MalformedInput, NotFetched
from ..record import Article
from .decode import charset_of_content_type, decode_bytes

Item = Article | InputError
_RECORD_KEYS = ("id", "title", "text", "html", "url", "outlet", "published", "language")
MIN_FEED_WORDS = 40
MAX_LINE_ERRORS = 20
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


def _json_records(text: str, source: str) -> Iterator[tuple[int, Any]]:
    """``(line number, parsed record)`` for a JSON document or JSON Lines; a broken line gives an InputError."""
    stripped = text.strip()
    try:
        whole = json.loads(stripped)  # a single JSON document: one record or an array of them
    except (ValueError, RecursionError):  # JSONDecodeError, digit limits, nesting too deep
        whole = None
        if stripped.startswith("[") or "\n" not in stripped:
            raise MalformedInput(source, "not valid JSON or JSON Lines; give one article object per line") from None
    if whole is not None:
        yield from enumerate(whole if isinstance(whole, list) else [whole], 1)
        return
    for number, line in enumerate(text.split("\n"), 1):  # not splitlines(): U+2028 and the like may sit inside strings
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, MalformedInput(source, f"broken JSON line ({exc.msg}); fix or remove the line", number)
        except ValueError as exc:  # e.g. an integer over Python's digit limit
            yield number, MalformedInput(source, f"broken JSON line ({str(exc).split(':')[0]}); fix or remove the line", number)
        except RecursionError:
            yield number, MalformedInput(source, "JSON line nested too deeply to read; fix or remove the line", number)


def read_document(data: bytes, kind: str, id_: str, source: str, meta: dict[str, Any]) -> Iterator[Item]:
    """A single text or HTML document."""
    text, _ = decode_bytes(data, source)
    if not text.strip():
        raise MalformedInput(source, "file holds only whitespace; nothing to extract")
    yield _article(id_, text, kind, source, meta)


def read_jsonl(data: bytes, rel: str, source: str, meta: dict[str, Any]) -> Iterator[Item]:
    """JSON Lines of article records (a single JSON object or array is accepted as well)."""
    text, _ = decode_bytes(data, source)
    if not text.strip():
        raise MalformedInput(source, "file holds only whitespace; no records")
    broken = 0
    for number, record in _json_records(text, source):
        if isinstance(record, InputError):
            broken += 1
            if broken <= MAX_LINE_ERRORS:
                yield record
            continue
        if not isinstance(record, dict):
            yield MalformedInput(source, "JSON line is not an object with article fields", number)
            continue
        try:
            record = _clean(record)
        except RecursionError:
            yield MalformedInput(source, "record nested too deeply to read; fix or remove the line", number)
            continue
        body_kind = "html" if isinstance(record.get("html"), str) and record["html"].strip() else "text"
        body = record.get(body_kind)
        if not isinstance(body, str) or not body.strip():
            yield MalformedInput(source, "record has no body: give a non-empty 'text' or 'html' field", number)
            continue
        id_ = str(record["id"]) if record.get("id") not in (None, "") else f"{rel}:{number}"
        fields = {**meta, **{k: v for k, v in record.items() if k not in ("text", "html") and v is not None}}
        fields = {k: (str(v) if k in ("url", "outlet", "published", "title", "language") else v) for k, v in fields.items()}
        yield _article(id_, body, body_kind, f"{source}:{number}", fields)
    if broken > MAX_LINE_ERRORS:
        yield MalformedInput(source, f"{broken - MAX_LINE_ERRORS} more broken JSON lines not listed; is this really a JSON Lines file?")


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


def _missing_bytes(record: Any) -> int:
    """How many bytes of a WARC record's declared Content-Length the file does not hold."""
    stream = record.raw_stream
    while stream.read(1 << 16):  # whatever the payload reader left (trailers, padding)
        pass
    missing = getattr(stream, "limit", 0)
    return missing if isinstance(missing, int) and missing > 0 else 0


def read_warc(data: bytes, rel: str, source: str, meta: dict[str, Any]) -> Iterator[Item]:
    """HTML responses of a WARC (or gzip-compressed WARC) become articles with URL and crawl date."""
    from warcio.archiveiterator import ArchiveIterator

    seen: dict[str, int] = {}
    count = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in content_type.lower():
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            payload = record.content_stream().read()
            count += 1
            where = f"{source}#{url or count}"
            missing = _missing_bytes(record)
            if missing:
                yield MalformedInput(where, f"truncated WARC record: {missing:,} of its declared bytes are missing; not stored")
                continue
            seen[url] = seen.get(url, 0) + 1
            id_ = f"{rel}#{url}" if seen[url] == 1 else f"{rel}#{url}#{seen[url]}"
            try:
                html, _ = decode_bytes(payload, where, charset_of_content_type(content_type))
            except InputError as exc:
                yield exc
                continue
            if not html.strip():
                yield MalformedInput(where, "WARC response has an empty body")
                continue
            crawled = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            article = _article(id_, html, "html", where, {**meta, "url": url})
            article.extra["crawled"] = crawled
            yield article
    except Exception as exc:  # warcio raises plain exceptions for truncated or corrupt archives
        yield MalformedInput(source, f"truncated or corrupt WARC after {count} readable responses ({type(exc).__name__}: {exc}); the responses before it were kept")
