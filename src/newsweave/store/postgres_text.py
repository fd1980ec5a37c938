"""Text for the PostgreSQL store: the words of its text search, and text values PostgreSQL can hold.

Story search (``StoryQuery.text``) matches words the way the SQLite store's FTS5 index does (``unicode61
remove_diacritics 2``, see :func:`newsweave.store.sqlite_results.fts_query`): words are runs of letters and
digits, compared without case and diacritics, every query word is a prefix, all are required. The words are
cut here, in Python, the same whatever the database's locale, and stored as a ``tsvector`` of lexemes
(``array_to_tsvector``) that a GIN index serves; a query is a ``tsquery`` of quoted prefixes, so user text is
never a syntax error.

PostgreSQL text cannot hold the NUL character, which a JSON input can carry into an article: :func:`to_db`
escapes it (reversibly, with U+FFFE, a noncharacter, as the escape) and :func:`from_db` restores it.
"""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")
MAX_SEARCH_WORDS = 12        # as the SQLite store's fts_query
MAX_WORD_CHARS = 200         # longer words are cut (a tsvector lexeme holds at most 2,047 bytes); queries alike
# the lexemes of one tsvector hold at most 1 MiB (offsets of 20 bits; array_to_tsvector does not check, and past it
# the vector matches nothing): an article's words beyond it are left out of its search words
MAX_VECTOR_BYTES = 1_000_000


def _fold(word: str) -> str:
    """``word`` without diacritics and compatibility forms (NFKD, combining marks dropped)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The distinct search words of ``text``, lower case and without diacritics, in the order they first occur."""
    text = text.lower()
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)  # a letter and its combining accent are one word character
    seen: dict[str, None] = {}
    for word in dict.fromkeys(_WORD.findall(text)):
        if word.isascii():
            seen[word[:MAX_WORD_CHARS]] = None
        else:
            for part in _WORD.findall(_fold(word)):
                seen[part[:MAX_WORD_CHARS]] = None
    return list(seen)


def lexemes(text: str) -> list[str]:
    """The words of ``text`` for its ``tsvector``: :func:`words`, up to what one tsvector holds."""
    found = words(text)
    if sum(map(len, found)) * 4 <= MAX_VECTOR_BYTES:  # at most 4 bytes a character: surely within
        return found
    kept, size = [], 0
    for word in found:
        size += len(word.encode("utf-8"))
        if size > MAX_VECTOR_BYTES:
            break
        kept.append(word)
    return kept


def prefix_terms(text: str) -> list[str]:
    """User text as ``tsquery`` prefix terms, one per word of its first words (a story must match them all); none
    when it has no word. Words hold letters and digits only, so quoting them makes any text a valid query."""
    return [f"'{w}':*" for w in words(text)[:MAX_SEARCH_WORDS]]


ESCAPE = "\ufffe"
_ESCAPED = re.compile(ESCAPE + "(.)", re.DOTALL)


def to_db(value: str | None) -> str | None:
    """``value`` as PostgreSQL text: NUL becomes ESCAPE + '0' and ESCAPE doubles (unchanged when neither occurs)."""
    if value is None or ("\x00" not in value and ESCAPE not in value):
        return value
    return value.replace(ESCAPE, ESCAPE + ESCAPE).replace("\x00", ESCAPE + "0")


def from_db(value: str | None) -> str | None:
    """The text :func:`to_db` was given."""
    if value is None or ESCAPE not in value:
        return value
    return _ESCAPED.sub(lambda m: "\x00" if m.group(1) == "0" else m.group(1), value)
