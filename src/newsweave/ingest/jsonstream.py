"""JSON Lines read record by record from a byte stream.

Real files are not always one object per line: some hold an array on a line, a pretty-printed array
of records, or pretty-printed objects. ``json_values`` yields every top-level value and every element
of a top-level array with the line it starts on, holding one record at a time. A broken record is
reported with its line number, and reading goes on at the line after the one it started on.
"""
from __future__ import annotations

import codecs
import json
import re
from typing import Any, Iterator

from ..errors import DecodeError, InputError, MalformedInput, UnsupportedInput
from .decode import decode_bytes, looks_binary
from .streams import OUT_CHUNK, ByteSource

Line = tuple[int, "str | InputError"]
_DECODER = json.JSONDecoder()
_SEPARATORS = re.compile(r"[ \t\r\n,]*")  # between array elements (stray commas tolerated)
_SPACE = re.compile(rb"[ \t\r\n]*")
MAX_RESUMES = 8
MAX_IDLE_LINES = 100_000  # separators, closing brackets, leftovers of a broken record (blank lines are free)
REREAD_FACTOR = 4
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


class _Transcode:
    """UTF-16/32 input (marked by its byte-order mark) re-encoded as UTF-8, chunk by chunk."""

    def __init__(self, source: ByteSource, encoding: str, path: str) -> None:
        self._source = source
        self._encoding = encoding
        self._path = path
        self._decoder = codecs.getincrementaldecoder(encoding)("strict")

    def read(self, n: int = OUT_CHUNK) -> bytes:
        while True:
            data = self._source.read(n)
            try:
                text = self._decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                raise DecodeError(self._path, f"starts with a {self._encoding} byte-order mark but is not valid {self._encoding} ({exc.reason}); re-save the file as UTF-8") from None
            if text or not data:
                return text.encode("utf-8", "surrogatepass")


def _broken(path: str, number: int, exc: Exception) -> MalformedInput:
    if isinstance(exc, json.JSONDecodeError):
        return MalformedInput(path, f"broken JSON line ({exc.msg}); fix or remove the line", number)
    if isinstance(exc, RecursionError):
        return MalformedInput(path, "JSON line nested too deeply to read; fix or remove the line", number)
    return MalformedInput(path, f"broken JSON line ({str(exc).split(':')[0]}); fix or remove the line", number)


def text_lines(source: ByteSource, path: str, max_line: int) -> Iterator[Line]:
    """``(line number, text)``; a line over ``max_line`` bytes or not decodable comes as an InputError, unread."""
    head = source.peek(8192)
    bom = next(((len(mark), enc) for mark, enc in _BOMS if head.startswith(mark)), None)
    chunks: Any = source
    if bom is not None:
        source.read(bom[0])
        chunks = _Transcode(source, bom[1], path)
    elif head.startswith(codecs.BOM_UTF8):
        source.read(len(codecs.BOM_UTF8))
    elif looks_binary(head):
        raise UnsupportedInput(path, "binary data, not text; give newsweave text, HTML, JSON Lines, feed or WARC files")
    number = 0
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = chunks.read(OUT_CHUNK)
        pos = 0
        while True:
            if not size and chunk[pos:pos + 1].isspace():  # runs of blank lines skipped in one step
                last = chunk.rfind(b"\n", pos, _SPACE.match(chunk, pos).end())
                if last >= 0:
                    number += chunk.count(b"\n", pos, last + 1)
                    pos = last + 1
            end = chunk.find(b"\n", pos) if chunk else -1
            piece = chunk[pos:] if end < 0 else chunk[pos:end]
            size += len(piece)
            if size <= max_line:
                parts.append(piece)
            else:
                parts.clear()  # too long to keep: counted, not held
            if end < 0:
                break
            number += 1
            yield number, _line_text(b"".join(parts), size, max_line, path, number)
            parts.clear()
            size = 0
            pos = end + 1
        if not chunk:
            break
    if size:
        yield number + 1, _line_text(b"".join(parts), size, max_line, path, number + 1)


def _line_text(data: bytes, size: int, max_line: int, path: str, number: int) -> str | InputError:
    if size > max_line:
        return UnsupportedInput(path, f"line is {size:,} bytes, over the {max_line:,}-byte limit for one record (4 x --max-bytes); not read", number)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return decode_bytes(data, path)[0]
        except InputError as exc:
            return type(exc)(path, exc.reason, number)


class _Values:
    """The parser's state: lines still to read (with those pushed back after a broken record)."""

    def __init__(self, lines: Iterator[Line], path: str, max_chars: int) -> None:
        self._lines = lines
        self._back: list[Line] = []
        self._path = path
        self._max = max_chars
        self._read = 0    # characters of lines read from the file
        self._reread = 0  # characters pushed back to be read again after broken records
        self._resumes = 0  # times the lines after a record left open (to the end, or past the limit) were read again

    def _next(self) -> Line | None:
        if self._back:
            return self._back.pop()
        entry = next(self._lines, None)
        if entry is not None and isinstance(entry[1], str):
            self._read += len(entry[1]) + 1
        return entry

    def _push_back(self, buf: str, pos: int, number: int) -> None:
        """Read ``buf[pos:]`` (which starts on line ``number``) again, line by line."""
        parts = buf[pos:].split("\n")
        if parts and parts[-1] == "":
            parts.pop()
        self._back.extend(reversed([(number + k, part) for k, part in enumerate(parts)]))

    def _skip_line(self, buf: str, number: int) -> None:
        """After a broken record starting ``buf`` on line ``number``: read again from the line after."""
        newline = buf.find("\n")
        again = len(buf) - newline - 1
        # re-reading is bounded by what the file holds: brackets that never close cannot make it quadratic
        if newline >= 0 and self._reread + again <= REREAD_FACTOR * self._read + (1 << 20):
            self._reread += again
            self._push_back(buf, newline + 1, number + 1)

    def _resume(self, buf: str, number: int) -> None:
        """Read again the lines after an unclosed record's first line, a few times per file (each may be long)."""
        if self._resumes < MAX_RESUMES:
            self._resumes += 1
            self._skip_line(buf, number)

    def values(self) -> Iterator[tuple[int, Any]]:
        skipping = False  # after a broken record: its inner lines ("key": ..., closing braces) are not reported again
        idle = 0  # lines in a row that held nothing to read
        while (entry := self._next()) is not None:
            number, text = entry
            if isinstance(text, InputError):
                yield number, text
                continue
            stripped = text.strip()
            if skipping and stripped[:1] in ('"', "}", "]", ","):
                stripped = ""  # the rest of a broken record
            else:
                skipping = False
                stripped = stripped.strip(",").strip()  # separators left over from an array read line by line
            if not stripped or stripped == "]":
                idle += 1
                if idle >= MAX_IDLE_LINES:
                    yield number, MalformedInput(self._path, f"{idle:,} lines in a row hold no record; stopped reading; is this really a JSON Lines file?", number)
                    return
                continue
            idle = 0
            try:
                value = json.loads(stripped)
            except json.JSONDecodeError as exc:
                if exc.pos < len(stripped) or stripped[0] not in "[{":
                    skipping = True
                    yield number, _broken(self._path, number, exc)
                    continue
                values = self._array(text[text.index("[") + 1:] + "\n", number) if stripped[0] == "[" else self._multiline(text[text.index("{"):] + "\n", number)
                for number, value in values:  # a value that goes on over the next lines
                    skipping = skipping or isinstance(value, InputError)
                    yield number, value
                continue
            except (ValueError, RecursionError) as exc:
                skipping = True
                yield number, _broken(self._path, number, exc)
                continue
            if isinstance(value, list):
                for element in value:
                    yield number, element
            else:
                yield number, value

    def _decode(self, buf: str, pos: int, number: int) -> tuple[Any, str, int, int]:
        """Decode the value at ``buf[pos]`` (line ``number``), reading more lines while it is incomplete.

        Returns ``(value or InputError, buf, pos after it, its line)``; on an error the lines after the
        value's first line are pushed back and ``buf`` comes back empty. Decoding is tried when the
        brackets opened balance out (or the text doubled since the last try), so a long record costs
        a few passes over its text, not one per line.
        """
        buf = buf[pos:]  # the value starts the buffer: its line is ``number``
        parts = [buf]
        size = len(buf)
        depth = _depth(buf)
        tried = -1  # text length at the last failed try
        while True:
            if depth <= 0 or size >= 2 * tried:
                buf = "".join(parts)
                parts = [buf]
                try:
                    value, end = _DECODER.raw_decode(buf)
                    return value, buf, end, number
                except json.JSONDecodeError as exc:
                    if exc.pos < len(buf.rstrip()):
                        self._skip_line(buf, number)
                        return _broken(self._path, number, exc), "", 0, number
                except (ValueError, RecursionError) as exc:
                    self._skip_line(buf, number)
                    return _broken(self._path, number, exc), "", 0, number
                tried = size
            if size > self._max:
                self._resume("".join(parts), number)
                return MalformedInput(self._path, f"record goes on for over {self._max:,} characters without ending; fix or remove it", number), "", 0, number
            entry = self._next()
            if entry is None:
                if tried != size:
                    depth = 0
                    continue  # one last try with everything read
                self._resume("".join(parts), number)  # an unclosed bracket must not swallow the rest
                return MalformedInput(self._path, "the file ends inside this record; it is incomplete", number), "", 0, number
            if isinstance(entry[1], InputError):
                self._back.append(entry)  # reported when reached again, after the lines before it
                self._skip_line("".join(parts), number)
                return MalformedInput(self._path, "record broken by an unreadable line inside it", number), "", 0, number
            parts.append(entry[1] + "\n")
            size += len(entry[1]) + 1
            depth += _depth(entry[1])

    def _multiline(self, buf: str, number: int) -> Iterator[tuple[int, Any]]:
        value, buf, end, line = self._decode(buf, 0, number)
        yield line, value
        if buf:
            self._push_back(buf, end, line + buf.count("\n", 0, end))

    def _array(self, buf: str, number: int) -> Iterator[tuple[int, Any]]:
        """Elements of a top-level array whose text starts at ``buf`` (line ``number``), one at a time."""
        pos = 0
        while True:
            start = _SEPARATORS.match(buf, pos).end()
            number += buf.count("\n", pos, start)
            pos = start
            if pos >= len(buf):
                entry = self._next()
                if entry is None:
                    yield number, MalformedInput(self._path, "the file ends inside a JSON array that is never closed; the records in it were read", number)
                    return
                number, text = entry
                if isinstance(text, InputError):
                    yield number, text
                    buf, pos = "", 0
                    continue
                buf, pos = text + "\n", 0
                continue
            if buf[pos] == "]":  # the array ends; what follows it is read as lines again
                self._push_back(buf, pos + 1, number)
                return
            value, buf, end, line = self._decode(buf, pos, number)
            yield line, value
            if isinstance(value, InputError):
                return  # its lines were pushed back: read them as lines, outside the array
            number = line + buf.count("\n", 0, end)
            buf, pos = buf[end:], 0


def _depth(text: str) -> int:
    """Brackets ``text`` opens minus those it closes, strings left out."""
    bare = _STRING.sub("", text) if '"' in text else text
    return bare.count("{") + bare.count("[") - bare.count("}") - bare.count("]")


def json_values(source: ByteSource, path: str, max_record: int) -> Iterator[tuple[int, Any]]:
    """``(line, value)`` for each record of a JSON Lines (or JSON) stream; broken ones as InputErrors."""
    lines = text_lines(source, path, max_record)
    yield from _Values(lines, path, max_record).values()
