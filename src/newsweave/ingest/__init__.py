"""Ingestion: find input files, sniff their kind, and read them into raw Articles.

``discover`` walks the paths the user gave; ``read_input`` reads one file lazily: it is a generator
that yields each Article (or InputError) as soon as its record is read, so a collection is never
held whole. It runs in worker processes, so it takes and yields only plain, picklable values.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from ..errors import InputError, MalformedInput, UnsupportedInput
from ..options import Options
from ..record import Article
from .discovery import INPUT_SUFFIXES, Discovery, InputFile, discover
from .readers import read_document, read_feed, read_jsonl
from .sniff import sniff_kind
from .streams import (ByteSource, Unpacking, compression_of, open_regular, read_limited, special_file_reason,
                      strip_compression_suffix)
from .warc import read_warc

__all__ = ["InputFile", "Discovery", "discover", "read_input", "is_collection", "INPUT_SUFFIXES"]

_COLLECTION_SUFFIXES = (".jsonl", ".json", ".ndjson", ".warc", ".arc", ".xml", ".rss", ".atom")
MAX_ERRORS_PER_FILE = 1000  # bad records reported one by one; the rest are counted
FEED_FACTOR = 16  # a feed (read whole, many entries) may be this many times --max-bytes
RECORD_LINE_FACTOR = 4  # a JSON line may hold a body of --max-bytes characters, escaped, plus its fields


def is_collection(path: str) -> bool:
    """Whether ``path`` is named as a collection (JSON Lines, WARC/ARC, feed), compressed or not."""
    return strip_compression_suffix(path).endswith(_COLLECTION_SUFFIXES)


def _size_limit(item: InputFile, options: Options) -> tuple[int, str]:
    """Collections (JSON Lines, WARC, feeds) may be large; a single document may not."""
    if is_collection(item.path):
        return options.max_collection_bytes, "--max-collection-bytes"
    return options.max_bytes, "--max-bytes"


def _check_file(item: InputFile, limit: int, flag: str) -> None:
    """Refuse, before opening it, a file that is not regular, empty, or over its size limit."""
    try:
        st = os.stat(item.path)
    except OSError as exc:
        raise UnsupportedInput(item.path, f"cannot read file ({exc.strerror or exc})") from None
    reason = special_file_reason(st.st_mode)
    if reason:
        raise UnsupportedInput(item.path, reason)
    if st.st_size > limit:
        raise UnsupportedInput(item.path, f"file is {st.st_size:,} bytes, over the {limit:,}-byte limit; raise it with {flag} if this is really one input")
    if st.st_size == 0:
        raise UnsupportedInput(item.path, "empty file")


def _within_limit(item: Article | InputError, options: Options) -> Article | InputError:
    """One article (a record, entry or response of a collection) may not exceed ``max_bytes``."""
    if isinstance(item, Article) and len(item.raw) > options.max_bytes:
        return UnsupportedInput(item.source, f"article body is {len(item.raw):,} characters, over the {options.max_bytes:,} limit; raise it with --max-bytes")
    return item


def _is_warc_name(path: str) -> bool:
    return strip_compression_suffix(path).endswith((".warc", ".arc"))


def _read(item: InputFile, options: Options) -> Iterator[Article | InputError]:
    limit, flag = _size_limit(item, options)
    _check_file(item, limit, flag)
    with open_regular(item.path) as handle:
        raw = ByteSource(handle)
        packed = compression_of(raw.peek(16))
        source = ByteSource(Unpacking(raw, packed, limit, item.path, "file", flag)) if packed else raw
        head = source.peek(8192)
        if packed and not head.strip():
            raise MalformedInput(item.path, f"{packed} file holds no data")
        kind = "warc" if _is_warc_name(item.path) else sniff_kind(item.path, head)
        if kind == "warc":
            yield from read_warc(source, item.rel, item.path, item.meta, options.max_bytes)
        elif kind == "jsonl":
            yield from read_jsonl(source, item.rel, item.path, item.meta, RECORD_LINE_FACTOR * options.max_bytes)
        else:
            data = _read_whole(item, source, packed, kind, options)
            if kind == "feed":
                yield from read_feed(data, item.rel, item.path, item.meta)
            else:
                yield from read_document(data, kind, item.rel, item.path, item.meta)


def _read_whole(item: InputFile, source: ByteSource, packed: str | None, kind: str, options: Options) -> bytes:
    """A document or feed, parsed whole: so read only up to --max-bytes (a feed: FEED_FACTOR times that)."""
    cap = options.max_bytes * (FEED_FACTOR if kind == "feed" else 1)
    what = f"a feed is parsed whole, and this one is over {FEED_FACTOR} x --max-bytes ({cap:,} bytes)" if kind == "feed" \
        else f"a document is over the {cap:,}-byte limit"
    if not packed:
        size = os.stat(item.path).st_size
        if size > cap:
            raise UnsupportedInput(item.path, f"file is {size:,} bytes: {what}; raise it with --max-bytes or split the file")
        return Path(item.path).read_bytes()
    data = read_limited(source, cap)
    if data is None:
        raise UnsupportedInput(item.path, f"unpacks to over {cap:,} bytes: {what}; raise it with --max-bytes or split the file")
    return data


def read_input(item: InputFile, options: Options) -> Iterator[Article | InputError]:
    """Yield the raw Articles of one input file, and an InputError for each bad record, lazily.

    Never raises for bad input. Records come in file order as they are read; a problem that stops
    the file (over a limit, truncated, corrupt) comes after the articles read before it, which stand.
    """
    kept = errors = 0
    try:
        for found in _read(item, options):
            found = _within_limit(found, options)
            if isinstance(found, Article):
                kept += 1
            else:
                errors += 1
                if errors > MAX_ERRORS_PER_FILE:
                    continue  # counted below, not held
            yield found
    except InputError as exc:
        if kept and exc.source == item.path and "kept" not in exc.reason:
            exc = type(exc)(exc.source, f"{exc.reason}; the {kept} articles read before it were kept", exc.line)
        yield exc
    except (RecursionError, MemoryError, ValueError, LookupError) as exc:
        yield MalformedInput(item.path, f"cannot be parsed ({type(exc).__name__}: {exc})")
    except Exception as exc:  # a parser bug must not sink the batch; report it for this file
        yield MalformedInput(item.path, f"cannot be read ({type(exc).__name__}: {exc}); please report this input")
    if errors > MAX_ERRORS_PER_FILE:
        yield MalformedInput(item.path, f"{errors - MAX_ERRORS_PER_FILE:,} more bad records not listed")
