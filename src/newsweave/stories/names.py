"""The names in the articles' leads, read ahead in batches: what :class:`~.cluster.StoryClusterer` reads one text at
a time (spaCy's tagger and NER, :func:`~newsweave.entities.find_mentions`, :func:`~.features.entity_keys`), found
for many texts in one ``nlp.pipe`` per batch, the batches spread over the run's executor, and saved in the
clusterer's name cache, where placing each article then finds them. The names are the same either way.
"""
from __future__ import annotations

from typing import Any

from ..execution import Executor, InProcessExecutor, batches
from ..parse_cache import ParseCache
from .features import entity_keys

NAMES_BATCH = 32  # texts per task handed to the executor


def lead_mentions(texts: list[str], batch_size: int = 64) -> list[list[Any]]:
    """The entity mentions of each text, from spaCy's pipeline without its parser and lemmatizer (names need the
    tagger's parts of speech and the NER only)."""
    from ..entities import find_mentions
    from ..nlp import load_nlp

    nlp = load_nlp()
    off = [p for p in ("parser", "lemmatizer") if p in nlp.pipe_names]
    return [find_mentions(text, doc) for text, doc in zip(texts, nlp.pipe(texts, disable=off, batch_size=batch_size))]


def lead_names(texts: list[str]) -> list[list[list[str]]]:
    """For each text, its sorted (person, place, site) keys as the name cache keeps them; one task of the executor,
    run in-process or in a worker (which loads spaCy once)."""
    return [[sorted(keys) for keys in entity_keys(mentions)] for mentions in lead_mentions(texts)]


def read_names_ahead(texts: list[str], cache: ParseCache | None, executor: Executor | None = None) -> int:
    """Find the names of the ``texts`` that ``cache`` lacks and save them there (flushed, so the clusterer's lookups
    find them); returns how many texts were read. Nothing is done without a cache."""
    if cache is None:
        return 0
    wanted = [t for t in dict.fromkeys(texts) if t.strip()]
    found = cache.get_many(wanted)
    todo = [t for t in wanted if t not in found]
    if not todo:
        return 0
    run = executor or InProcessExecutor()
    done = 0
    for batch, names in zip(batches(todo, NAMES_BATCH), run.map(lead_names, batches(todo, NAMES_BATCH))):
        for text, keys in zip(batch, names):
            cache.put(text, keys)
        done += len(batch)
    cache.flush()
    return done
