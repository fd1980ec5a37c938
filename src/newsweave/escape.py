"""Text from articles made inert for each place it is written: a terminal, Markdown, JSON printed
to a terminal, and file names.

Article data (ids, titles, bodies, outlet names, input file names) is untrusted: it may carry
terminal escape sequences (clear screen, window title, OSC 52 clipboard writes), bidi overrides
that reorder what is shown, Markdown that adds headings, raw HTML or links, and ids that would
make clashing, hidden or reserved file names. Control characters are not dropped but shown as
``\\x1b`` / ``\\u202e``, so a reader sees that something was there.
"""
from __future__ import annotations

import hashlib
import re
from typing import Any, Iterable

# C0 and C1 controls (tab and newline kept for blocks), DEL, the bidi embeddings, overrides and isolates, and
# lone surrogates (from undecodable file names or JSON "\\ud800"; no encoder would print them)
_BLOCK_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# ... and, on one line, every line break and tab as well
_LINE_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_CRLF = re.compile("\r\n")


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def terminal_text(value: Any, block: bool = False) -> str:
    """``value`` safe to print on a terminal: control characters, escape sequences and bidi overrides
    shown as ``\\x1b`` / ``\\u202e``. ``block`` keeps newlines and tabs (a body printed as a block);
    otherwise the result is one line."""
    text = "" if value is None else str(value)
    if block:
        return _BLOCK_CONTROLS.sub(_shown, _CRLF.sub("\n", text))
    return _LINE_CONTROLS.sub(_shown, text)


# controls that are not HTML whitespace: a browser shows them as boxes, a terminal reading the page acts on them
_HTML_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def html_visible(value: Any) -> str:
    """Text for an HTML page (still to be HTML-escaped) with control characters shown as ``\\x1b``."""
    return _HTML_CONTROLS.sub(_shown, "" if value is None else str(value))


# characters JSON leaves as they are that a terminal may act on (C1 controls, DEL, bidi controls) or cannot print
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_json(text: str) -> str:
    """JSON text (from ``json.dumps``) with the characters a terminal could act on written as ``\\uXXXX``:
    the same JSON value, safe to print. (``json.dumps`` already escapes C0 controls.)"""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# --- Markdown ---------------------------------------------------------------------------------

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can start markup
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~&@])")
_MD_AUTOLINK = re.compile(r"(?i)(://|\bwww\.)")  # GFM turns bare http://, www. into links
_SPACE = re.compile(r"\s+")
_MD_LEADING_MARKER = re.compile(r"^(?:([-+=])|(\d{1,9})([.)]))")  # a list item or setext line when it starts a line


def md_text(value: Any) -> str:
    """One line of inert Markdown: whitespace (line breaks included) collapsed, control characters shown
    as ``\\x1b``, markup characters backslash-escaped, so data cannot open a block, heading, raw HTML,
    link, image or autolink."""
    text = terminal_text(_SPACE.sub(" ", "" if value is None else str(value)).strip())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LEADING_MARKER.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text)
    return _MD_AUTOLINK.sub(lambda m: "\\://" if m.group() == "://" else m.group()[:3] + "\\.", text)


_BACKTICKS = re.compile(r"`+")


def md_code(value: Any) -> str:
    """An identifier as a Markdown code span, shown exactly (no markup inside a code span) except that
    line breaks and control characters are shown as ``\\n`` / ``\\x1b``; the fence is longer than any
    run of backticks inside."""
    text = terminal_text(value)
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    # CommonMark strips one space from each end of a code span that has other characters; pad so none is lost
    pad = " " if text.strip(" ") and (text.startswith(("`", " ")) or text.endswith(("`", " "))) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# --- file names -------------------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$", *(f"com{i}" for i in range(10)),
                               *(f"lpt{i}" for i in range(10))})
READABLE_CHARS = 60  # of the id kept in a file name
HASH_CHARS = 16      # hex digits of sha256 (64 bits) after it


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def file_stem(identifier: str, hash_chars: int = HASH_CHARS) -> str:
    """A file name (without extension) for an id: a readable part (letters, digits, ``._-``; never
    starting or ending with a dot or dash, never a reserved device name) and a hash of the whole id.
    At most ``READABLE_CHARS + 1 + hash_chars`` characters; never ``.``/``..`` or hidden."""
    readable = _UNSAFE_NAME.sub("_", identifier)[:READABLE_CHARS].strip("._-") or "id"
    if readable.split(".", 1)[0].casefold() in _WINDOWS_RESERVED:
        readable = "_" + readable
    return f"{readable}-{_digest(identifier)[:hash_chars]}"


def unique_stems(identifiers: Iterable[str]) -> dict[str, str]:
    """id -> :func:`file_stem`, with a guarantee that no two ids share a file, on a case-insensitive
    file system too: ids whose stems clash get the full hash, and a counter if even that clashes."""
    ids = list(dict.fromkeys(identifiers))
    stems = {i: file_stem(i) for i in ids}
    by_name: dict[str, list[str]] = {}
    for i in ids:
        by_name.setdefault(stems[i].casefold(), []).append(i)
    clashing = sorted(i for group in by_name.values() if len(group) > 1 for i in group)
    if not clashing:
        return stems
    taken = {stems[i].casefold() for i in ids if i not in clashing}
    for i in clashing:
        stem, n = file_stem(i, hash_chars=64), 1
        candidate = stem
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem}-{n}"
        taken.add(candidate.casefold())
        stems[i] = candidate
    return stems


# --- links to article URLs and spreadsheet cells -----------------------------------------------

_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\\\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]")
_URL_UNSAFE = re.compile(r"[\"'<>`{}|^]")


def http_url(value: Any) -> tuple[str, str] | None:
    """``(href, host)`` when ``value`` is an absolute http or https URL with a host, else None: ``javascript:``,
    ``data:``, ``vbscript:``, ``file:``, relative and scheme-relative (``//host``) addresses are never linked, nor
    is one holding whitespace, control or invisible characters, a backslash or a user name (``https://bank@evil``
    shows one host and goes to another). Quotes and angle brackets are percent-encoded in ``href``; it must still
    be HTML-escaped where it is written."""
    from urllib.parse import urlsplit

    text = "" if value is None else str(value)
    if not text or len(text) > 4000 or _URL_FORBIDDEN.search(text):
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 -- a bad port raises ValueError
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or "@" in parts.netloc or not text.lower().startswith(("http://", "https://")):
        return None
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", text), host


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text: one starting with ``= + - @`` (or a tab or carriage return)
    would be read as a formula (``=HYPERLINK(...)``, ``@SUM(...)``), so it gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
