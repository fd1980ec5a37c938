"""The entries of a fetched feed (RSS or Atom, read by feedparser) or sitemap (``<urlset>``'s ``<loc>``): each a
page to fetch, with what the feed says of it (title, date); and the sitemaps a sitemap index (``<sitemapindex>``)
lists (:func:`read_sitemap_index`). A gzip-compressed sitemap (``sitemap.xml.gz``) is unpacked first, up to a size
cap (:func:`unpacked`)."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

_SITEMAP = re.compile(rb"<(?:[\w.-]+:)?urlset[\s>]")
_LOC = re.compile(rb"<(?:[\w.-]+:)?loc>\s*(.*?)\s*</(?:[\w.-]+:)?loc>", re.DOTALL)
_LASTMOD = re.compile(rb"<(?:[\w.-]+:)?lastmod>\s*(\d{4}-\d{2}-\d{2})")
_URL_BLOCK = re.compile(rb"<(?:[\w.-]+:)?url>(.*?)</(?:[\w.-]+:)?url>", re.DOTALL)
_SITEMAP_INDEX = re.compile(rb"<(?:[\w.-]+:)?sitemapindex[\s>]")
_SITEMAP_BLOCK = re.compile(rb"<(?:[\w.-]+:)?sitemap>(.*?)</(?:[\w.-]+:)?sitemap>", re.DOTALL)
_LASTMOD_FULL = re.compile(rb"<(?:[\w.-]+:)?lastmod>\s*(\d{4}-\d{2}-\d{2}[\w:.+-]*)")
_GZIP_MAGIC = b"\x1f\x8b"


class FeedError(Exception):
    """The feed could not be read."""


@dataclass(frozen=True)
class Entry:
    url: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD


def _date(entry: dict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _page_url(base: str, link: str | None) -> str | None:
    if not link:
        return None
    url = urljoin(base, link.strip()).split("#", 1)[0]
    return url if urlsplit(url).scheme in ("http", "https") else None


def _sitemap_entries(data: bytes, base: str, blocks: re.Pattern[bytes] = _URL_BLOCK,
                     lastmod: re.Pattern[bytes] = _LASTMOD) -> list[Entry]:
    import html

    out = []
    for block in blocks.findall(data):
        loc = _LOC.search(block)
        url = _page_url(base, html.unescape(loc.group(1).decode("utf-8", "replace"))) if loc else None
        if url:
            date = lastmod.search(block)
            out.append(Entry(url, None, date.group(1).decode() if date else None))
    return out


def _unique(entries: list[Entry]) -> list[Entry]:
    """Each URL once, where it first appears."""
    first: dict[str, Entry] = {}
    for entry in entries:
        first.setdefault(entry.url, entry)
    return list(first.values())


def unpacked(data: bytes, cap: int) -> bytes:
    """``data``, or what it unpacks to when it is gzip-compressed; raises :class:`FeedError` when it cannot be
    unpacked or unpacks to more than ``cap`` bytes."""
    if not data.startswith(_GZIP_MAGIC):
        return data
    import zlib

    unpacker = zlib.decompressobj(wbits=31)
    try:
        out = unpacker.decompress(data, cap + 1)
    except zlib.error as exc:
        raise FeedError(f"not a readable gzip file ({exc})") from None
    if len(out) > cap:
        raise FeedError(f"unpacks to over {cap:,} bytes (watch.max_bytes); not read")
    return out


def read_sitemap_index(data: bytes, base: str) -> list[Entry] | None:
    """The sitemaps a sitemap index lists (each an Entry whose ``published`` is its ``<lastmod>`` as written, date
    and time), in its order without repeats; None when ``data`` is not a sitemap index."""
    if not _SITEMAP_INDEX.search(data[:4096]):
        return None
    entries = _sitemap_entries(data, base, _SITEMAP_BLOCK, _LASTMOD_FULL)
    return _unique(entries)


def read_entries(data: bytes, base: str) -> list[Entry]:
    """The pages ``data`` (a feed or sitemap fetched from ``base``) links to, in its order, without repeats; raises
    :class:`FeedError` when it is neither, or is broken and yields no entry."""
    if _SITEMAP.search(data[:4096]):
        entries = _sitemap_entries(data, base)
        if not entries:
            raise FeedError("sitemap lists no page URL")
        return _unique(entries)
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise FeedError(f"not a readable RSS/Atom feed or sitemap ({problem})" if problem else "feed has no entries")
    seen: dict[str, Entry] = {}
    for entry in parsed.entries:
        url = _page_url(base, entry.get("link"))
        if url and url not in seen:
            seen[url] = Entry(url, (entry.get("title") or "").strip() or None, _date(entry))
    if not seen:
        raise FeedError("no entry of the feed links to an http or https page")
    return list(seen.values())
