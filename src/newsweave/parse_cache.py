"""Results of the slow per-article parses, kept in the store so a later run parses only new or changed text.

A result is cached under a hash of what produced it: the text it was computed from, the kind of
result, newsweave's version, :data:`PARSE_VERSION`, the spaCy model's name and version and, when given,
a fingerprint of the settings that change the result (:meth:`newsweave.settings.Settings.parse_fingerprint`).
Changed text, another model, another release or other settings therefore never meets an old result. Values are JSON
(zlib-compressed), or raw bytes for ``binary`` kinds such as sentence vectors (never pickles).
"""
from __future__ import annotations

import hashlib
import json
import zlib
from functools import lru_cache
from typing import Any, Iterable

# bump when the output of a cached parse changes without a new newsweave release
PARSE_VERSION = "31"  # 3: texts over nlp.PIECE_CHARS parsed in pieces; 4: quote speaker rules (issue 14); 5: entity mentions (headlines, nicknames, short forms); 6: framing terms with lemma, part of speech, quotation and loaded-word marks; 7: loaded idioms; 8: idioms with a common literal sense left out; 9: one entry an idiom, matched in one order; 10: a name in a verbless question is no antecedent of "he"; 11: "X was quoted as saying" is X's; 12: "“...,” aides said X told Y": X; 13: "calling her remarks “X”": the caller's; 14: a short quote after "subject line," etc. is a label; 15: "a handful of insiders" as speaker; 16: "expect X to announce ..." is no quote of X; 17: a title split at a capitalised small word kept whole; 18: not "many of whom"; 19: review mends of 13-18; 20: negated reporting verbs; 21: no "he" naming someone its quote names; 22: "X, who he said", "a response from X"; 23: a title after a preposition; 24: review mends of 20-23; 25: "another Dem, Name," is Name; 26: review mends; 27: a name qualifying a common noun is not the speaker; 28: a network’s show is a title; 29: the words of a request are the asker’s; 30: review mends of 27-29; 31: a name qualifying a title left out of the speaker’s name


@lru_cache(maxsize=1)
def _producer() -> str:
    from .version import __version__
    from .nlp import model_package

    return f"newsweave {__version__}/{PARSE_VERSION}/{model_package()}"


class ParseCache:
    """The cached results of one kind in a store: look up many keys at once, save new results in one go."""

    FLUSH_EVERY = 256  # results held in memory before they are saved

    def __init__(self, store: Any, kind: str, binary: bool = False, fingerprint: str = "") -> None:
        self.store = store
        self.kind = kind
        self.binary = binary
        self.fingerprint = fingerprint  # of the settings that change this kind's result (Settings.parse_fingerprint)
        self.pending: dict[str, bytes] = {}
        self.hits = 0
        self.misses = 0

    def key(self, text: str) -> str:
        digest = hashlib.sha256()
        # without a fingerprint the key is the one earlier releases gave (their results stay readable)
        for part in (self.kind, _producer(), *((self.fingerprint,) if self.fingerprint else ()), text):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()

    def get_many(self, texts: Iterable[str]) -> dict[str, Any]:
        """Text -> cached result for the texts that have one."""
        keys = {self.key(t): t for t in texts}
        found = self.store.get_cached(self.kind, list(keys))
        out = {}
        for k, v in found.items():
            try:
                out[keys[k]] = v if self.binary else json.loads(zlib.decompress(v))
            except (zlib.error, ValueError):  # a damaged entry is a miss: the result is computed again
                continue
        self.hits += len(out)
        self.misses += len(keys) - len(out)
        return out

    def get(self, text: str) -> Any | None:
        return self.get_many([text]).get(text)

    def put(self, text: str, value: Any) -> None:
        """Remember ``value`` (bytes for a binary kind, else anything JSON can hold) as the result for ``text``;
        saved at :meth:`flush`, or once ``FLUSH_EVERY`` results are waiting."""
        self.pending[self.key(text)] = value if self.binary else zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"))
        if len(self.pending) >= self.FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Save the results put since the last flush."""
        if self.pending:
            self.store.put_cached(self.kind, self.pending)
            self.pending = {}
