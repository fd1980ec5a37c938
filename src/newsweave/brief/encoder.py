"""The sentence encoder for fact alignment: the packaged USE multilingual v3 (numpy), loaded once per process."""
from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

from ..stories.embed import Embedder


@lru_cache(maxsize=1)
def sentence_encoder() -> Embedder:
    """One lazily loaded encoder per process (BLAS threads: the CPUs, at most 8)."""
    return Embedder(threads=max(1, min(8, os.cpu_count() or 1)))


def encode_sentences(texts: list[str]) -> np.ndarray:
    """Unit vectors, one row per text; identical texts (syndicated copies) are encoded once."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    unique: dict[str, int] = {}
    for t in texts:
        unique.setdefault(t, len(unique))
    # longest first keeps micro-batches of similar length
    distinct = sorted(unique, key=len, reverse=True)
    vectors = sentence_encoder().encode(distinct)
    row = {t: i for i, t in enumerate(distinct)}
    return vectors[[row[t] for t in texts]]
