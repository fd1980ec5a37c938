"""Input files as bounded byte streams: regular files only, compressed data unpacked as it is read.

Every limit is counted on the bytes produced, so a small compressed file (or WARC record, or HTTP
body) that unpacks to gigabytes is refused as soon as it passes its limit, and what was read before
that point has already been handed on. Nothing here holds more than one chunk at a time.
"""
from __future__ import annotations

import bz2
import lzma
import os
import re
import stat
import zlib
from typing import Any, BinaryIO, Protocol

from ..errors import InputError, MalformedInput, UnsupportedInput

CHUNK = 1 << 16         # compressed bytes read at a time
OUT_CHUNK = 1 << 20     # unpacked bytes produced at a time
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz")
_SPACE = re.compile(rb"[ \t\r\n]*")
_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"))


class Readable(Protocol):
    def read(self, n: int, /) -> bytes: ...


def compression_of(head: bytes) -> str | None:
    """``gzip``, ``bzip2`` or ``xz`` when ``head`` starts with that format's magic bytes."""
    kind = next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)
    if kind == "bzip2" and not (head[3:4].isdigit() and head[4:10] in (b"1AY&SY", b"\x17rE8P\x90")):
        return None  # text that happens to start with "BZh"
    return kind


def strip_compression_suffix(name: str) -> str:
    """``a.jsonl.gz`` -> ``a.jsonl`` (lower-cased)."""
    lower = name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        if lower.endswith(suffix):
            return lower[: -len(suffix)]
    return lower


def special_file_reason(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO), not a regular file; not opened (reading it would wait for a writer)"
    if stat.S_ISSOCK(mode):
        return "socket, not a regular file; not opened"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device file, not a regular file; not opened"
    if stat.S_ISDIR(mode):
        return "a folder where a file was expected"
    return "not a regular file; not opened"


def open_regular(path: str) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file; a FIFO, socket or device is refused, never waited on."""
    try:
        reason = special_file_reason(os.stat(path).st_mode)
        if reason:
            raise UnsupportedInput(path, reason)
        # O_NONBLOCK: should the path have become a FIFO since the stat, opening it does not wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise UnsupportedInput(path, f"cannot read file ({exc.strerror or exc})") from None
    try:
        reason = special_file_reason(os.fstat(fd).st_mode)
        if reason:
            raise UnsupportedInput(path, reason)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise


def _decompressor(kind: str) -> Any:
    if kind == "gzip":
        return zlib.decompressobj(wbits=47)  # gzip, or zlib: Content-Encoding "gzip" is sometimes zlib
    if kind == "zlib":
        return zlib.decompressobj(wbits=15)
    if kind == "deflate":
        return zlib.decompressobj(wbits=-15)  # raw deflate, as some servers send for "deflate"
    if kind == "bzip2":
        return bz2.BZ2Decompressor()
    if kind == "xz":
        return lzma.LZMADecompressor()
    raise ValueError(f"unknown compression {kind!r}")


class Unpacking:
    """``read(n)`` of the data unpacked from ``inner`` (multi-member gzip, bzip2, xz, zlib or raw deflate).

    Past ``limit`` unpacked bytes it raises UnsupportedInput naming ``what`` and ``flag``; corrupt
    data raises MalformedInput, and so does data that ends inside a member (a truncated file).
    """

    def __init__(self, inner: Readable, kind: str, limit: int, source: str, what: str, flag: str) -> None:
        self._inner = inner
        self._kind = kind
        self._limit = limit
        self._source = source
        self._what = what
        self._flag = flag
        self._dec = _decompressor(kind)
        self._zlib = kind in ("gzip", "zlib", "deflate")
        self._feed = b""  # input bytes not yet handed to the decompressor
        self._done = False
        self.produced = 0

    def read(self, n: int = OUT_CHUNK) -> bytes:
        n = n if n and n > 0 else OUT_CHUNK
        while not self._done:
            try:
                out = self._step(n)
            except (zlib.error, lzma.LZMAError, OSError, EOFError, ValueError) as exc:
                self._done = True
                raise self._corrupt(exc) from None
            if out:
                self.produced += len(out)
                if self.produced > self._limit:
                    self._done = True
                    raise UnsupportedInput(self._source, f"{self._what} unpacks to over the {self._limit:,}-byte limit; raise it with {self._flag} if this is really one input")
                return out
        return b""

    def _input(self) -> bytes:
        if self._feed:
            data, self._feed = self._feed, b""
            return data
        return self._inner.read(CHUNK)

    def _step(self, n: int) -> bytes:
        dec = self._dec
        if dec.eof:
            rest = dec.unused_data + self._feed
            self._feed = b""
            if self._kind in ("gzip", "bzip2", "xz"):  # concatenated members; NUL padding between them
                rest = rest.lstrip(b"\x00")
                while not rest:
                    more = self._inner.read(CHUNK)
                    if not more:
                        self._done = True
                        return b""
                    rest = more.lstrip(b"\x00")
                self._dec = _decompressor(self._kind)
                self._feed = rest
            else:
                self._done = True
            return b""
        if self._zlib:
            data = dec.unconsumed_tail or self._input()
        else:
            data = self._input() if dec.needs_input else b""
        if not data and (self._zlib or dec.needs_input):
            self._done = True
            raise MalformedInput(self._source, f"truncated {self._name()}: the data ends after {self.produced:,} unpacked bytes")
        return dec.decompress(data, n)

    def _name(self) -> str:
        return {"bzip2": "bzip2 data", "xz": "xz data"}.get(self._kind, f"{self._kind} data" if self._kind != "gzip" else "gzip")

    def _corrupt(self, exc: Exception) -> InputError:
        if self.produced:
            return MalformedInput(self._source, f"corrupt {self._kind} data after {self.produced:,} unpacked bytes ({exc})")
        return MalformedInput(self._source, f"corrupt {self._kind} data ({exc}); re-compress or unpack the file")


class ByteSource:
    """A byte stream read in chunks, whose first bytes can be looked at before reading."""

    def __init__(self, inner: Readable) -> None:
        self._inner = inner
        self._buf = b""
        self._pos = 0  # bytes of _buf already consumed
        self._eof = False

    def _more(self, n: int = OUT_CHUNK) -> bool:
        if self._eof:
            return False
        data = self._inner.read(n)
        if not data:
            self._eof = True
            return False
        self._buf = self._buf[self._pos:] + data
        self._pos = 0
        return True

    def _available(self) -> int:
        return len(self._buf) - self._pos

    def _take(self, n: int) -> bytes:
        data = self._buf[self._pos : self._pos + n]
        self._pos += len(data)
        return data

    def peek(self, n: int) -> bytes:
        """Up to ``n`` first unread bytes, without consuming them."""
        while self._available() < n and self._more(max(n - self._available(), CHUNK)):
            pass
        return self._buf[self._pos : self._pos + n]

    def read(self, n: int = OUT_CHUNK) -> bytes:
        """Up to ``n`` bytes; b"" at the end."""
        if not self._available():
            self._more(n)
        return self._take(n)

    def read_all(self) -> bytes:
        """Everything left (callers bound it: files by their size, unpacked data by Unpacking's limit)."""
        parts = [self._take(self._available())]
        while not self._eof:
            data = self._inner.read(OUT_CHUNK)
            if not data:
                self._eof = True
            parts.append(data)
        return b"".join(parts)

    def readline(self, limit: int) -> bytes:
        """One line with its newline; at most ``limit + 1`` bytes (a longer line comes back cut, without newline)."""
        searched = 0
        while True:
            end = self._buf.find(b"\n", self._pos + searched, self._pos + limit + 1)
            if end >= 0:
                return self._take(end + 1 - self._pos)
            if self._available() > limit:
                return self._take(limit + 1)
            searched = self._available()
            if not self._more():
                return self._take(self._available())

    def skip_space(self) -> None:
        """Skip whitespace (blank lines between records), however much of it there is."""
        while True:
            self._pos = _SPACE.match(self._buf, self._pos).end()
            if self._available() or not self._more():
                return

    def skip(self, n: int) -> int:
        """Skip ``n`` bytes, reading them in chunks; return how many were there."""
        skipped = 0
        while skipped < n:
            data = self.read(min(n - skipped, OUT_CHUNK))
            if not data:
                break
            skipped += len(data)
        return skipped


def read_limited(stream: Readable, limit: int) -> bytes | None:
    """All of ``stream``, or None as soon as it holds more than ``limit`` bytes."""
    parts: list[bytes] = []
    size = 0
    while data := stream.read(OUT_CHUNK):
        size += len(data)
        if size > limit:
            return None
        parts.append(data)
    return b"".join(parts)


class Slice:
    """At most ``length`` bytes of a ByteSource (a WARC record's block, an HTTP body)."""

    def __init__(self, source: ByteSource, length: int) -> None:
        self._source = source
        self.left = length

    def read(self, n: int = OUT_CHUNK) -> bytes:
        if self.left <= 0:
            return b""
        data = self._source.read(min(n, self.left))
        self.left -= len(data)
        return data

    def readline(self, limit: int) -> bytes:
        """One line of at most ``limit`` bytes (cut there, without its newline, when longer)."""
        cap = min(limit, self.left)
        if cap <= 0:
            return b""
        line = self._source.readline(cap - 1)
        self.left -= len(line)
        return line

    def drain(self) -> int:
        """Skip what is left; return how many declared bytes were missing (a truncated record)."""
        got = self._source.skip(self.left)
        missing = self.left - got
        self.left = 0
        return missing
