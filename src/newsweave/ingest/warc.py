"""WARC (and old ARC) files read record by record from a byte stream, each within its limits.

Only HTML responses become articles. A record's body is read only up to ``--max-bytes``, after
its HTTP Content-Encoding (gzip, deflate) is unpacked, counted as it is produced: a record over the
limit is refused with its reason and skipped in chunks, and the records around it are kept. Header
blocks are bounded too, so no line of a hostile file is ever held whole.
"""
from __future__ import annotations

from typing import Any, Iterator

from ..errors import InputError, MalformedInput, UnsupportedInput
from .decode import charset_of_content_type, decode_bytes
from .readers import Item, _article
from .streams import ByteSource, Readable, Slice, Unpacking, read_limited

MAX_HEADER_BYTES = 64 * 1024  # one record's (or one HTTP message's) header block
TINY_RECORD_BYTES = 64
MAX_TINY_IN_A_ROW = 100_000
_CONTENT_ENCODINGS = ("gzip", "x-gzip", "deflate")


class _Corrupt(Exception):
    """The stream is no longer at a record boundary: stop reading the file."""


class _Truncated(Exception):
    """The file ends inside a record (already reported): stop reading it."""


def _header_fields(read_line: Any, budget: int = MAX_HEADER_BYTES) -> dict[str, str] | None:
    """``Name: value`` lines up to a blank line, names lower-cased; None when broken or over ``budget``."""
    fields: dict[str, str] = {}
    last = ""
    while True:
        line = read_line(budget + 1)
        budget -= len(line)
        if not line or budget < 0 or not line.endswith(b"\n"):
            return None
        text = line.decode("latin-1").rstrip("\r\n")
        if not text:
            return fields
        if text[0] in " \t" and last:  # a folded continuation line
            fields[last] += " " + text.strip()
            continue
        name, sep, value = text.partition(":")
        if sep:
            last = name.strip().lower()
            fields[last] = value.strip()


def _next_line(source: ByteSource) -> bytes:
    """The next non-blank line (the blank lines between records skipped); b"" at the end."""
    source.skip_space()
    return source.readline(MAX_HEADER_BYTES)


class _Chain:
    """``first`` then the rest of ``stream``."""

    def __init__(self, first: bytes, stream: Readable) -> None:
        self._first = first
        self._stream = stream

    def read(self, n: int) -> bytes:
        if self._first:
            data, self._first = self._first[:n], self._first[n:]
            return data
        return self._stream.read(n)


class _Dechunk:
    """An HTTP body in chunked transfer encoding, unchunked."""

    def __init__(self, block: Slice, where: str) -> None:
        self._block = block
        self._where = where
        self._left = 0
        self._done = False

    def read(self, n: int) -> bytes:
        if self._done:
            return b""
        if not self._left:
            line = self._block.readline(1024).strip() or self._block.readline(1024).strip()
            try:
                size = int(line.split(b";")[0], 16)
            except ValueError:
                raise MalformedInput(self._where, "broken chunked transfer encoding in the WARC response; not stored") from None
            if size <= 0:
                self._done = True
                return b""
            self._left = size
        data = self._block.read(min(n, self._left))
        self._left -= len(data)
        if not data:
            self._done = True
        return data


def _body(block: Slice, http: dict[str, str], where: str, max_bytes: int) -> bytes | InputError:
    """The HTTP body, unchunked and unpacked, or why it is refused."""
    chunked = "chunked" in http.get("transfer-encoding", "").lower()
    body: Readable = _Dechunk(block, where) if chunked else block
    encoding = http.get("content-encoding", "").strip().lower()
    too_big = UnsupportedInput(where, f"WARC response body is over the {max_bytes:,}-byte limit; raise it with --max-bytes")
    if encoding in ("", "identity"):
        if not chunked and block.left > max_bytes:
            return too_big
        data = read_limited(body, max_bytes)
        return too_big if data is None else data
    if encoding not in _CONTENT_ENCODINGS:
        return UnsupportedInput(where, f"WARC response body has Content-Encoding {encoding[:40]!r}, which newsweave cannot unpack; not stored")
    first = body.read(2)
    if encoding in ("gzip", "x-gzip"):
        kind = "gzip" if first.startswith(b"\x1f\x8b") else "zlib" if _zlib_header(first) else None
    else:
        kind = "zlib" if _zlib_header(first) else "deflate"
    stream: Readable = _Chain(first, body)
    if kind is None:  # labelled gzip but stored unpacked, as some crawlers do
        data = read_limited(stream, max_bytes)
        return too_big if data is None else data
    unpacked = Unpacking(stream, kind, max_bytes, where, f"WARC response body (Content-Encoding: {encoding})", "--max-bytes")
    return read_limited(unpacked, max_bytes) or b""


def _zlib_header(first: bytes) -> bool:
    return len(first) == 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0


class _Responses:
    """Turns HTML response blocks into articles, with ids unique within the file."""

    def __init__(self, rel: str, source: str, meta: dict[str, Any], max_bytes: int) -> None:
        self.rel = rel
        self.source = source
        self.meta = meta
        self.max_bytes = max_bytes
        self.count = 0  # HTML responses seen
        self._seen: dict[str, int] = {}

    def read(self, block: Slice, url: str, crawled: str | None) -> Item | None:
        status = block.readline(MAX_HEADER_BYTES)
        if not status.startswith(b"HTTP/"):
            return None  # not an HTTP response (DNS records and the like)
        http = _header_fields(block.readline)
        if http is None:
            self.count += 1
            return MalformedInput(f"{self.source}#{url or self.count}", "broken HTTP headers (or over 64 KiB) in the WARC response; not stored")
        if "html" not in http.get("content-type", "").lower():
            return None
        self.count += 1
        where = f"{self.source}#{url or self.count}"
        try:
            payload = _body(block, http, where, self.max_bytes)
        except InputError as exc:
            return exc
        if isinstance(payload, InputError):
            return payload
        try:
            html, _ = decode_bytes(payload, where, charset_of_content_type(http.get("content-type")))
        except InputError as exc:
            return exc
        if not html.strip():
            return MalformedInput(where, "WARC response has an empty body")
        self._seen[url] = self._seen.get(url, 0) + 1
        n = self._seen[url]
        id_ = f"{self.rel}#{url}" if n == 1 else f"{self.rel}#{url}#{n}"
        article = _article(id_, html, "html", where, {**self.meta, "url": url})
        article.extra["crawled"] = crawled
        return article


def _record(source: ByteSource, length: int, reader: _Responses, url: str, crawled: str | None, response: bool) -> Iterator[Item]:
    block = Slice(source, length)
    item = reader.read(block, url, crawled) if response else None
    missing = block.drain()
    if missing:
        where = f"{reader.source}#{url or reader.count}"
        yield MalformedInput(where, f"truncated WARC record: {missing:,} of its declared bytes are missing; not stored")
        raise _Truncated
    if item is not None:
        yield item


def _read_arc(source: ByteSource, first: bytes, reader: _Responses) -> Iterator[Item]:
    """ARC v1/v2: a header line ``URL IP DATE TYPE ... LENGTH``, then LENGTH bytes."""
    line = first
    while line:
        fields = line.decode("latin-1").split()
        try:
            length = int(fields[-1])
        except (ValueError, IndexError):
            raise _Corrupt from None
        if length < 0:
            raise _Corrupt
        url = fields[0] if not fields[0].startswith("filedesc://") else ""
        date = fields[2] if len(fields) > 2 else ""
        crawled = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) >= 8 and date[:8].isdigit() else None
        yield from _record(source, length, reader, url, crawled, bool(url))
        line = _next_line(source)


def read_warc(source: ByteSource, rel: str, path: str, meta: dict[str, Any], max_bytes: int) -> Iterator[Item]:
    """HTML responses of a WARC (or ARC) stream, one record at a time."""
    reader = _Responses(rel, path, meta, max_bytes)
    records = tiny = 0
    try:
        while line := _next_line(source):
            if records == 0 and line.startswith(b"filedesc://"):
                yield from _read_arc(source, line, reader)
                return
            if not line.startswith(b"WARC/") or not line.endswith(b"\n"):
                raise _Corrupt
            headers = _header_fields(source.readline)
            if headers is None:
                raise _Corrupt
            try:
                length = int(headers.get("content-length", ""))
            except ValueError:
                raise _Corrupt from None
            if length < 0:
                raise _Corrupt
            records += 1
            tiny = tiny + 1 if length < TINY_RECORD_BYTES else 0
            if tiny >= MAX_TINY_IN_A_ROW:  # costs time per record, holds nothing: a bomb, not a crawl
                yield MalformedInput(path, f"{tiny:,} near-empty WARC records in a row (after {reader.count} HTML responses); stopped reading; is this a real WARC file?")
                return
            url = headers.get("warc-target-uri", "").strip().strip("<>")
            crawled = headers.get("warc-date", "")[:10] or None
            response = headers.get("warc-type", "").strip().lower() == "response"
            yield from _record(source, length, reader, url, crawled, response)
    except _Truncated:
        return
    except _Corrupt:
        if not records and not reader.count:
            raise MalformedInput(path, "not a readable WARC file (no WARC record header where one should start)") from None
        yield MalformedInput(path, f"truncated or corrupt WARC after {records} records ({reader.count} HTML responses); the responses before it were kept")

