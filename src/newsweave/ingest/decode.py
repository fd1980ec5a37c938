"""Bytes to text: BOM, strict UTF-8, then cp1252 and Latin-1; binary data is refused."""
from __future__ import annotations

import codecs

from ..errors import DecodeError, UnsupportedInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 control bytes that never occur in text files (tab, newlines, form feed and escape excepted).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or many control bytes in its first 8 KiB."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(head.count(bytes([b])) for b in _CONTROL)
    return controls / len(head) > 0.05


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise an InputError for binary or empty data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(source, f"starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason} at byte {exc.start}); re-save the file as UTF-8") from None
    if looks_binary(data):
        raise UnsupportedInput(source, "binary data, not text; give newsweave text, HTML, JSON Lines, feed or WARC files")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            # UTF-8 cut inside its last character (a truncated download or gzip): keep it UTF-8
            head = data[: exc.start]
            try:
                text = head.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            if text is not None and not text.isascii():
                return text + "\ufffd", "utf-8"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
