"""The sentence encoder for fact alignment: the packaged USE multilingual v3 (numpy), loaded once per process."""
from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

from ..execution import Executor, InProcessExecutor, batches
from ..parse_cache import ParseCache
from ..stories.embed import Embedder

DIMENSIONS = 512  # USE multilingual v3


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@lru_cache(maxsize=1)
def sentence_encoder() -> Embedder:
    """One lazily loaded encoder per process (BLAS threads: half the CPUs this process may use, 1 to 8).

    Half, not all: BLAS threads that must share a core with other work wait on each other. On a
    2-CPU machine with one CPU busy, 2 threads encoded a 50-article story's 502 sentences in 5.3 s,
    1 thread in 0.63 s, with the same vectors.
    """
    return Embedder(threads=max(1, min(8, _cpus() // 2)))


def encode_sentences(texts: list[str], cache: ParseCache | None = None) -> np.ndarray:
    """Unit vectors, one row per text; identical texts (syndicated copies) are encoded once, and texts
    whose vector ``cache`` (a binary kind) holds are not encoded again.

    Vectors are rounded to half precision whether cached or not (the cache stores them so, at half
    the size), so a run gives the same vectors as the run before it."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    unique = list(dict.fromkeys(texts))
    found = cache.get_many(unique) if cache is not None else {}
    # an entry of the wrong size (damaged) is a miss: the text is encoded again
    row = {t: np.frombuffer(v, dtype=np.float16).astype(np.float32) for t, v in found.items() if len(v) == 2 * DIMENSIONS}
    # longest first keeps micro-batches of similar length
    distinct = sorted((t for t in unique if t not in row), key=len, reverse=True)
    if distinct:
        for t, vector in zip(distinct, sentence_encoder().encode(distinct)):
            half = vector.astype(np.float16)
            row[t] = half.astype(np.float32)
            if cache is not None:
                cache.put(t, half.tobytes())
        if cache is not None:
            cache.flush()
    return np.stack([row[t] for t in texts])


ENCODE_BATCH = 128  # texts per encoding task handed to an executor


def encode_half(texts: list[str]) -> bytes:
    """The unit vectors of ``texts`` at half precision, row after row: one task of an executor (in-process or in a
    worker, which loads the encoder once)."""
    return sentence_encoder().encode(texts).astype(np.float16).tobytes()


def encode_ahead(texts: list[str], cache: ParseCache, executor: Executor | None = None) -> int:
    """Encode the ``texts`` whose vector ``cache`` lacks, in batches spread over ``executor``, and save them there
    (flushed), so that :func:`encode_sentences` then finds them; returns how many were encoded."""
    unique = list(dict.fromkeys(texts))
    found = {t for t, v in cache.get_many(unique).items() if len(v) == 2 * DIMENSIONS}
    todo = sorted((t for t in unique if t not in found), key=len, reverse=True)  # batches of similar length
    run = executor or InProcessExecutor()
    for batch, blob in zip(batches(todo, ENCODE_BATCH), run.map(encode_half, batches(todo, ENCODE_BATCH))):
        rows = np.frombuffer(blob, dtype=np.float16).reshape(len(batch), DIMENSIONS)
        for text, row in zip(batch, rows):
            cache.put(text, row.tobytes())
    cache.flush()
    return len(todo)
