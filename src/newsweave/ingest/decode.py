"""Bytes to text: byte-order mark; UTF-8 when the bytes are valid UTF-8 (multi-byte sequences do not
occur by chance in legacy text) or UTF-8 with a few stray bytes; else the charset the transport declared
(HTTP ``Content-Type`` of a WARC record), the page's own ``<meta charset>`` / ``http-equiv`` / XML
declaration, then statistical detection (charset-normalizer); binary data is refused.

Labels are read as the WHATWG Encoding standard reads them (``iso-8859-1`` is windows-1252,
``gb2312`` is GB18030, ...). In a UTF-8 page with a few stray bytes only those bytes change: a lone
byte is read as windows-1252 (a Latin-1 letter pasted into a UTF-8 page), a cut multi-byte sequence
becomes U+FFFD.
"""
from __future__ import annotations

import codecs
import re

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
# How far into a page its own declaration is looked for (WHATWG's prescan reads 1,024 bytes; pages in
# the wild put long comments and scripts first).
PRESCAN_BYTES = 8192
# A <head> is read for a declaration up to its end, at most this far.
HEAD_BYTES = 65536
_HEAD_END = re.compile(rb"</head\b|<body\b", re.IGNORECASE)
# How much of a page charset detection reads (head and tail): enough text, bounded time.
DETECT_BYTES = 65536
_META = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([a-zA-Z0-9_.:-]+)", re.IGNORECASE)
_XML_DECL = re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([a-zA-Z0-9_.:-]+)", re.IGNORECASE)
_CONTENT_TYPE_CHARSET = re.compile(r"\bcharset\s*=\s*[\"']?\s*([a-zA-Z0-9_.:-]+)", re.IGNORECASE)

# WHATWG label -> the Python codec that decodes as browsers do (labels Python reads the same way are left out)
_WHATWG = {
    "ascii": "cp1252", "us-ascii": "cp1252", "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252",
    "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252", "iso-ir-100": "cp1252", "cp819": "cp1252", "ibm819": "cp1252",
    "x-cp1252": "cp1252", "iso-8859-9": "cp1254", "latin5": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "chinese": "gb18030", "csgb2312": "gb18030", "gb_2312-80": "gb18030",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932", "windows-31j": "cp932",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "korean": "cp949", "big5": "big5hkscs", "x-x-big5": "big5hkscs",
    "iso-8859-8-i": "iso-8859-8", "x-mac-roman": "mac-roman", "macintosh": "mac-roman", "x-mac-cyrillic": "mac-cyrillic",
    "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
}
# encodings a page may really be in (charset detection may answer with any codec Python has)
_WEB = {
    "utf-8", "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874",
    "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6", "iso8859-7", "iso8859-8", "iso8859-10",
    "iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16", "koi8-r", "koi8-u", "gb18030", "big5hkscs",
    "cp932", "euc-jp", "iso2022-jp", "cp949", "mac-roman", "mac-cyrillic",
}
# detection readings whose chaos is this close to the least are taken as ties
CHAOS_TIE = 0.01
_SIGN_IN_WORD = re.compile(r"(?<=[^\W\d_])[\u0080-\u00bf\u02c0-\u02ff\u2010-\u2044](?=[^\W\d_])")
# among equivalent readings of the same bytes, the one pages most often use first
_PREFERRED = ("cp1252", "cp1250", "iso8859-2", "cp1251", "gb18030", "cp932", "euc-jp", "cp949", "big5hkscs")


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or many control bytes in its first 8 KiB."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(head.count(bytes([b])) for b in _CONTROL)
    return controls / len(head) > 0.05


def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label as browsers read it (``iso-8859-1`` -> cp1252), or None when unknown."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    key = _WHATWG.get(key, key)
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return None
    if name == "latin-1" or name == "ascii":
        return "cp1252"
    return _WHATWG.get(name, name)


def charset_of_content_type(value: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header value, or None."""
    match = _CONTENT_TYPE_CHARSET.search(value or "")
    return match.group(1) if match else None


def declared_charset(data: bytes) -> str | None:
    """The label a page declares for itself: ``<meta charset>``, ``http-equiv`` or XML declaration.

    Looked for in the first PRESCAN_BYTES, then in the rest of a long ``<head>`` (up to HEAD_BYTES).
    """
    head = data[:PRESCAN_BYTES]
    match = _XML_DECL.match(head) or _META.search(head)
    if match is None and len(data) > PRESCAN_BYTES:
        longer = data[:HEAD_BYTES]
        end = _HEAD_END.search(longer)
        stop = end.start() if end else len(longer)
        if stop > PRESCAN_BYTES:
            match = _META.search(longer[:stop], PRESCAN_BYTES - 512)
    return match.group(1).decode("ascii") if match else None


def _lone_byte_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Decoding error handler for UTF-8: a lone bad byte as windows-1252, a cut multi-byte sequence as U+FFFD."""
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start : exc.end]
    if len(bad) == 1 and bad[0] >= 0xA0 and exc.reason != "unexpected end of data":  # a Latin-1 letter or sign
        return bad.decode("cp1252"), exc.end
    return "\ufffd", exc.end


def _undefined_as_latin1(exc: UnicodeError) -> tuple[str, int]:
    """Bytes a one-byte codec leaves undefined (0x81 in windows-1252) become the code point of the same number, as in WHATWG."""
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("newsweave-utf8-stray", _lone_byte_as_cp1252)
codecs.register_error("newsweave-latin1", _undefined_as_latin1)


def _utf8_counts(data: bytes) -> tuple[int, int]:
    """``(valid multi-byte sequences, bad spots)`` of ``data`` read as UTF-8."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    multi = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")  # non-ASCII characters, in C
    return multi, bad


def _mostly_utf8(data: bytes, said_utf8: bool) -> bool:
    """Whether ``data``, not valid UTF-8, is UTF-8 with a few stray bytes."""
    multi, bad = _utf8_counts(data)
    return multi >= 2 * bad or (said_utf8 and bad <= 2)


def _symbols_in_words(text: str) -> int:
    """Non-ASCII signs between two letters ("ľlu»oučký"): the trace of a one-byte charset read as its neighbour."""
    return len(_SIGN_IN_WORD.findall(text))


def _detect(data: bytes) -> str | None:
    """The codec charset-normalizer finds for ``data`` (head and tail read), among encodings web pages use.

    Its readings as good as its best (one-byte charsets often tie) are told apart by signs inside
    words, then by how common the charset is on the web.
    """
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None
    sample = data if len(data) <= DETECT_BYTES else data[: DETECT_BYTES // 2] + data[-DETECT_BYTES // 2 :]
    matches = list(from_bytes(sample))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    codecs_found: list[str] = []
    for match in matches:
        if match.chaos <= least + CHAOS_TIE:
            for name in (match.encoding, *match.could_be_from_charset):
                codec = codec_for(name)
                if codec and codec in _WEB and codec != "utf-8" and codec not in codecs_found:
                    codecs_found.append(codec)

    def rank(codec: str) -> tuple[int, int]:
        text = sample.decode(codec, "replace")
        order = _PREFERRED.index(codec) if codec in _PREFERRED else len(_PREFERRED)
        return _symbols_in_words(text), order

    return min(codecs_found, key=rank) if codecs_found else None


def _decode_as(data: bytes, codec: str) -> str | None:
    """``data`` in ``codec``; a one-byte codec's undefined bytes as WHATWG reads them, a few bad bytes of a
    multi-byte one as U+FFFD; None when it does not fit."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        pass
    if codec.startswith("cp125") or codec == "cp874":
        return data.decode(codec, "newsweave-latin1")
    text = data.decode(codec, "replace")
    return text if text.count("\ufffd") <= max(2, len(text) // 2000) else None


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise an InputError for binary or empty data.

    ``declared`` is a charset label the transport gave (the ``charset`` of an HTTP ``Content-Type``).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(source, f"starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason} at byte {exc.start}); re-save the file as UTF-8") from None
    transport = codec_for(declared)
    if transport and transport.startswith(("utf-16", "utf-32")):
        if looks_binary(data):  # no BOM, the header says so, and the NUL bytes agree
            try:
                return data.decode(transport), transport
            except UnicodeDecodeError:
                pass
        transport = None  # a label that does not fit the bytes
    if looks_binary(data):
        raise UnsupportedInput(source, "binary data, not text; give newsweave text, HTML, JSON Lines, feed or WARC files")
    own = codec_for(declared_charset(data))
    if _is_utf8(data):  # valid non-ASCII UTF-8 does not happen by chance; ASCII reads alike in all but 7-bit encodings
        for codec in (transport, own) if data.isascii() else ():
            if codec and codec.startswith("iso2022"):
                text = _decode_as(data, codec)
                if text is not None:
                    return text, codec
        return data.decode("utf-8"), "utf-8"
    said_utf8 = transport == "utf-8" or own is not None and own.startswith("utf-")
    if _truncated_utf8(data) or _mostly_utf8(data, said_utf8):
        return data.decode("utf-8", "newsweave-utf8-stray"), "utf-8"
    for codec in (transport, own, _detect(data)):
        if codec and codec in _WEB and codec != "utf-8":
            text = _decode_as(data, codec)
            if text is not None:
                return text, codec
    return data.decode("cp1252", "newsweave-latin1"), "cp1252"


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _truncated_utf8(data: bytes) -> bool:
    """UTF-8 cut inside its last character (a truncated download or gzip), valid before the cut."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            return _is_utf8(data[: exc.start]) and not data[: exc.start].isascii()
    return False
